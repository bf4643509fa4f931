import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../platform/auth/permissions.ts'
import { ROLE_LABELS, type Role } from '../../../../../platform/auth/roles.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { formatDate } from '../../../../../platform/views/nunjucks.ts'
import { formatLondonTime, getActivity, getSession } from '../../../../engagement/index.ts'
import type { EvidenceItemDto } from '../../../domain/evidence-model.ts'
import { getEvidenceItem } from '../../../domain/queries.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p
  } catch (err) {
    if (err instanceof AppError && err.code === AppErrorCode.NOT_FOUND) return null
    throw err
  }
}

/** Who the item is about, in words. */
function whoText(item: EvidenceItemDto): string {
  if (item.pseudonym) return item.pseudonym
  if (item.sourceRole === 'public') return 'Anonymous (a member of the public)'
  if (item.kind === 'note' || item.kind === 'transcript') return 'The group (no one person)'
  return 'Not linked to anyone'
}

/** GET /evidence/:id: one item with its provenance. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const item = await getEvidenceItem(deps, request.actor, request.params.id)
    const activity = item.activityId ? await orNull(getActivity(deps, request.actor, item.activityId)) : null
    const session = item.sessionId ? await orNull(getSession(deps, request.actor, item.sessionId)) : null
    const enteredBy = item.enteredByRole ? (ROLE_LABELS[item.enteredByRole as Role] ?? item.enteredByRole) : null
    const rows: { key: string; value: string; href?: string }[] = [
      { key: 'Channel', value: item.channelLabel },
      { key: 'Kind', value: item.kindLabel },
      { key: 'Role', value: item.sourceRoleLabel },
    ]
    if (item.organisation) rows.push({ key: 'Organisation', value: item.organisation })
    if (item.activityId) rows.push({ key: 'Activity', value: activity ? `${activity.title} (${activity.kindLabel})` : 'An activity no longer listed', href: activity ? `/engagement/activities/${activity.id}` : undefined })
    if (session) rows.push({ key: 'Session', value: `${formatDate(session.startsAt)}, ${formatLondonTime(session.startsAt)}${session.location ? `, ${session.location}` : ''}`, href: `/engagement/sessions/${session.id}/notes` })
    if (item.questionText) rows.push({ key: 'Question', value: item.questionText })
    rows.push({ key: 'Who', value: whoText(item) })
    rows.push({ key: 'Their panel answers at the time', value: item.demographics.length ? item.demographics.map(d => `${d.label}: ${d.value}`).join('; ') : 'None recorded' })
    rows.push({ key: 'May be quoted', value: item.consentLabel })
    rows.push({ key: 'How it was entered', value: item.entryLabel })
    if (enteredBy) rows.push({ key: 'Entered by', value: enteredBy })
    rows.push({ key: 'Said or written', value: formatDate(item.capturedAt) })
    rows.push({ key: 'Added to the store', value: formatDate(item.createdAt) })
    rows.push({ key: 'Source reference', value: item.sourceRef })
    const mayCapture = request.actor.role !== 'system' && can(request.actor.role, 'evidence:capture')
    return reply.render('evidence/web/pages/evidence-item/view.njk', {
      pageTitle: `${item.kindLabel}: ${item.channelLabel}`,
      backLink: session ? `/engagement/sessions/${session.id}/notes` : '/evidence',
      item,
      rows,
      mayChange: mayCapture && item.editable,
    })
  }
}
