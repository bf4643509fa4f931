import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { panelCatalogue } from '../../../../panel/index.ts'
import { getActivity, type ActivityDto } from '../../../domain/activities.ts'
import { INVITATION_GROUPS, choiceProblems, defaultGroup, previewInvitations, sendInvitations, type AudienceChoice, type InvitationGroup } from '../../../domain/invitations.ts'
import { sessionRow } from '../../view-models.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type Values = Record<string, unknown>
const FIELDS = ['group', 'selection', 'sessionId']

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [])
const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim()

/** The form's values as a choice of who to invite (dimension answers arrive as "key:code"). */
export function readChoice(values: Values): AudienceChoice {
  const group = one(values.group) as InvitationGroup
  const dimensions: Record<string, string[]> = {}
  if (group === 'selection') {
    for (const v of list(values.dimensions)) {
      const [key, code] = v.split(':')
      if (key && code) (dimensions[key] ??= []).push(code)
    }
  }
  return { group, sessionId: one(values.sessionId) || null, dimensions, tags: group === 'selection' ? list(values.tags) : [] }
}

function inOrder(errors: readonly FieldError[]): FieldError[] {
  const rank = (f: string) => (FIELDS.indexOf(f) === -1 ? FIELDS.length : FIELDS.indexOf(f))
  return [...errors].sort((a, b) => rank(a.field) - rank(b.field))
}

function renderChoose(reply: FastifyReply, activity: ActivityDto, values: Values, errors?: FieldError[], status?: number) {
  const catalogue = panelCatalogue()
  const picked = list(values.dimensions)
  const tags = list(values.tags)
  const group = one(values.group)
  return reply.render(
    'engagement/web/pages/invitation-new/view.njk',
    {
      pageTitle: `Invite people: ${activity.title}`,
      backLink: `/engagement/activities/${activity.id}/invitations`,
      activity,
      errors,
      groups: INVITATION_GROUPS.map(g => ({ value: g.code, text: g.label, hint: 'hint' in g ? { text: g.hint } : undefined, checked: group === g.code })),
      dimensions: catalogue.dimensions.map(d => ({
        key: d.key,
        label: d.label,
        items: d.options.map(o => ({ value: `${d.key}:${o.code}`, text: o.label, checked: picked.includes(`${d.key}:${o.code}`) })),
      })),
      tags: catalogue.seldomHeardTags.map(t => ({ value: t.code, text: t.label, checked: tags.includes(t.code) })),
      sessions: [
        { value: '', text: 'The activity as a whole', checked: !one(values.sessionId) },
        ...activity.sessions.filter(s => s.status !== 'cancelled').map(s => {
          const r = sessionRow(s)
          return { value: s.id, text: `${r.dateText}, ${r.timeText}`, hint: { text: r.whereText }, checked: one(values.sessionId) === s.id }
        }),
      ],
    },
    status,
  )
}

/** GET /engagement/activities/:id/invitations/new: who to invite (the activity's audience is chosen to start with). */
export function getNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    return renderChoose(reply, activity, { group: defaultGroup(activity.audience) })
  }
}

/** POST /engagement/activities/:id/invitations/preview: who will be invited, by which channel, and who is skipped and why. */
export function postPreview(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    const values = { ...(request.body as Values) }
    delete values._csrf
    const choice = readChoice(values)
    const problems = choiceProblems(choice)
    if (problems.length) return renderChoose(reply, activity, values, inOrder(problems), 400)
    let plan
    try {
      plan = await previewInvitations(deps, request.actor, activity.id, choice)
    } catch (err) {
      return renderChoose(reply, activity, values, inOrder(fieldErrorsOf(err)), 400)
    }
    const hidden = [
      { name: 'group', value: choice.group },
      { name: 'sessionId', value: choice.sessionId ?? '' },
      ...Object.entries(choice.dimensions).flatMap(([k, vs]) => vs.map(v => ({ name: 'dimensions', value: `${k}:${v}` }))),
      ...choice.tags.map(t => ({ name: 'tags', value: t })),
    ]
    return reply.render('engagement/web/pages/invitation-new/preview.njk', {
      pageTitle: `Check who will be invited: ${activity.title}`,
      backLink: `/engagement/activities/${activity.id}/invitations/new`,
      activity,
      plan,
      hidden,
      groupLabel: INVITATION_GROUPS.find(g => g.code === choice.group)?.label,
    })
  }
}

/** POST /engagement/activities/:id/invitations/send: send them (worked out again now), then back to the list. */
export function postSend(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const activity = await getActivity(deps, request.actor, request.params.id)
    const values = { ...(request.body as Values) }
    delete values._csrf
    let outcome
    try {
      outcome = await sendInvitations(deps, request.actor, activity.id, readChoice(values))
    } catch (err) {
      return renderChoose(reply, activity, values, inOrder(fieldErrorsOf(err)), 400)
    }
    const parts = [`${outcome.invited} invited`]
    if (outcome.sent) parts.push(`${outcome.sent} sent by email or text`)
    if (outcome.toPrint) parts.push(`${outcome.toPrint} ${outcome.toPrint === 1 ? 'letter' : 'letters'} to print`)
    if (outcome.toPhone) parts.push(`${outcome.toPhone} to phone`)
    if (outcome.failed) parts.push(`${outcome.failed} could not be sent`)
    request.session.flash = `Invitations sent: ${parts.join(', ')}`
    return reply.redirect(`/engagement/activities/${activity.id}/invitations`, 303)
  }
}
