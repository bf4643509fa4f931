// The discussion of a proposal. What a post is follows the author's role: the Core Group discusses; policy
// officials and advisors give advice, shown labelled as advice and never counted as a vote; stakeholders comment
// only on proposals opened to them, shown apart and labelled "Stakeholder"; facilitators add notes (what was said
// at a meeting or on the phone). Audited without the text.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { findOwnParticipantId } from '../../panel/index.ts'
import { listCurrentCoreGroupMembers } from '../../selection/index.ts'
import { insertPost } from '../data/decisions.repository.ts'
import { invalidState, may, validationFailed, type PostKind } from './model.ts'
import { loadProposal, lockProposal } from './proposals.ts'

/** The kind of post a person makes, from their role; null when they may not post. */
export function postKindFor(actor: Actor): PostKind | null {
  if (actor.role === 'system') return null
  switch (actor.role) {
    case 'core_group_member':
      return 'core_group'
    case 'policy_official':
      return 'official_advice'
    case 'advisor':
      return 'advisor_advice'
    case 'stakeholder':
      return may(actor, 'decisions:comment_stakeholder') ? 'stakeholder' : null
    default:
      return may(actor, 'decisions:facilitate') ? 'facilitator_note' : null
  }
}

async function authorLabel(deps: Pick<AppDeps, 'db'>, actor: Actor, kind: PostKind): Promise<string> {
  switch (kind) {
    case 'core_group': {
      let pseudonym: string | undefined
      try {
        const participantId = await findOwnParticipantId(deps, actor)
        pseudonym = (await listCurrentCoreGroupMembers(deps)).find(m => m.participantId === participantId)?.pseudonym
      } catch {
        pseudonym = undefined
      }
      return pseudonym ? `Core Group member ${pseudonym}` : 'A Core Group member'
    }
    case 'official_advice':
      return `${actor.displayName}, policy official`
    case 'advisor_advice':
      return `${actor.displayName}, advisor`
    case 'stakeholder':
      return `Stakeholder: ${actor.displayName}`
    case 'facilitator_note':
      return `${actor.displayName}, facilitator`
  }
}

/** Post to a proposal's discussion, while it is a draft or open. Returns the kind of post made. */
export async function postToDiscussion(deps: AppDeps, actor: Actor, id: string, input: { body: string }): Promise<PostKind> {
  const kind = postKindFor(actor)
  if (!kind) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot take part in this discussion' })
  const row = await loadProposal(deps, id)
  if (kind === 'stakeholder' && !row.open_to_stakeholders) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such proposal' })
  if (row.status !== 'draft' && row.status !== 'open') throw invalidState('The discussion of this proposal has closed')
  const body = String(input.body ?? '').trim()
  if (!body) throw validationFailed([{ field: 'body', message: kind === 'stakeholder' ? 'Enter your comment' : kind.endsWith('advice') ? 'Enter your advice' : 'Enter what you want to say' }])
  if (body.length > 5000) throw validationFailed([{ field: 'body', message: 'Your post must be 5,000 characters or fewer' }])
  const label = await authorLabel(deps, actor, kind)
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await lockProposal(uow.trx, id, now)
    await insertPost(uow.trx, { id: newId(uow.now.getTime()), proposal_id: id, kind, author_user_id: actor.userId, author_label: label, body, created_at: now })
    await uow.audit({ action: 'decisions.discussion_posted', subjectType: 'decision_proposal', subjectId: id, summary: { kind } })
  })
  return kind
}
