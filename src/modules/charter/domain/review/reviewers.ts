// Who reviews for which audience. A stakeholder account reviews for its organisation ("Stakeholder: Citizens
// Advice"); an advisor account for the ombudsman, the expert advisory group or the staff sounding board. Core Group
// members need no registration. Registering and removing are audited.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { findUserById, listUsers } from '../../../../platform/auth/user.repository.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { deleteReviewer, findReviewer, listReviewerRows, upsertReviewer } from '../../data/review.repository.ts'
import { assertMay, AUDIENCE_NAMES, commenterLabel, mayManageReviews, notFound, REVIEWER_AUDIENCES, validationFailed, type Problem, type ReviewerAudience } from './model.ts'

export interface ReviewerAccount {
  userId: string
  displayName: string
  email: string
  role: 'stakeholder' | 'advisor'
  status: string
  audience: ReviewerAudience | null
  organisation: string | null
  /** How their comments are labelled, or null while they are not registered. */
  label: string | null
}

export interface RegisterReviewerInput {
  userId: string
  audience: string
  organisation: string
}

/** Stakeholder and advisor accounts, each with what they review for (if registered). */
export async function listReviewerAccounts(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<ReviewerAccount[]> {
  assertMay(mayManageReviews(actor), 'register reviewers')
  const accounts = []
  for (const role of ['stakeholder', 'advisor'] as const) {
    const { rows } = await listUsers(deps.db, { role }, { limit: 1000, offset: 0 })
    accounts.push(...rows.map(r => ({ ...r, role })))
  }
  const registered = new Map((await listReviewerRows(deps.db, accounts.map(a => a.id))).map(r => [r.user_id, r]))
  return accounts
    .map(a => {
      const r = registered.get(a.id)
      return {
        userId: a.id,
        displayName: a.display_name,
        email: a.email,
        role: a.role,
        status: a.status,
        audience: r?.audience ?? null,
        organisation: r?.organisation ?? null,
        label: r ? commenterLabel(r.audience, r.organisation) : null,
      }
    })
    .sort((x, y) => x.displayName.localeCompare(y.displayName, 'en-GB') || (x.userId < y.userId ? -1 : 1))
}

/** Register (or change) what a stakeholder or advisor account reviews for. Audited. */
export async function registerReviewer(deps: AppDeps, actor: Actor, input: RegisterReviewerInput): Promise<void> {
  assertMay(mayManageReviews(actor), 'register reviewers')
  const user = input.userId ? await findUserById(deps.db, input.userId) : undefined
  if (!user || (user.role !== 'stakeholder' && user.role !== 'advisor')) throw notFound('stakeholder or advisor account')
  const organisation = input.organisation.trim()
  const problems: Problem[] = []
  let audience: ReviewerAudience | null = null
  if (user.role === 'stakeholder') {
    audience = 'stakeholders'
    if (!organisation) problems.push({ field: 'organisation', message: 'Enter the organisation this stakeholder speaks for' })
    else if (organisation.length > 200) problems.push({ field: 'organisation', message: 'The organisation must be 200 characters or fewer' })
  } else {
    const wanted = input.audience as ReviewerAudience
    if (!REVIEWER_AUDIENCES.includes(wanted) || wanted === 'stakeholders') {
      problems.push({ field: 'audience', message: 'Choose whom this advisor speaks for: the ombudsman, the expert advisory group or the staff sounding board' })
    } else audience = wanted
    if (organisation.length > 200) problems.push({ field: 'organisation', message: 'The organisation must be 200 characters or fewer' })
  }
  if (problems.length || !audience) throw validationFailed(problems)
  const before = await findReviewer(deps.db, user.id)
  await inTransaction(deps, actor, async uow => {
    await upsertReviewer(uow.trx, { user_id: user.id, audience: audience, organisation: organisation || null, updated_by_user_id: actor.userId, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'charter.reviewer_registered',
      subjectType: 'user',
      subjectId: user.id,
      summary: { before: before ? { audience: before.audience, organisation: before.organisation } : null, after: { audience, organisation: organisation || null } },
    })
  })
}

/** Stop an account reviewing (their comments stay, with the label they had). Audited. */
export async function removeReviewer(deps: AppDeps, actor: Actor, userId: string): Promise<void> {
  assertMay(mayManageReviews(actor), 'register reviewers')
  const before = await findReviewer(deps.db, userId)
  if (!before) throw notFound('registered reviewer')
  await inTransaction(deps, actor, async uow => {
    await deleteReviewer(uow.trx, userId)
    await uow.audit({ action: 'charter.reviewer_removed', subjectType: 'user', subjectId: userId, summary: { before: { audience: before.audience, organisation: before.organisation } } })
  })
}

export function audienceChoices(): { value: ReviewerAudience; text: string }[] {
  return REVIEWER_AUDIENCES.filter(a => a !== 'stakeholders').map(a => ({ value: a, text: AUDIENCE_NAMES[a] }))
}
