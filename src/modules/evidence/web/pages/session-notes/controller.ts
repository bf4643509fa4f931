import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { formatDate } from '../../../../../platform/views/nunjucks.ts'
import { formatLondonTime, getActivity, getSession } from '../../../../engagement/index.ts'
import { NOTE_KINDS, type EvidenceItemDto } from '../../../domain/evidence-model.ts'
import { captureNotes, changeNotes, getEditableNotes, removeNotes, type NotesInput } from '../../../domain/notes.ts'
import { getSessionEvidence } from '../../../domain/queries.ts'
import { formValues, notesSchema } from './schema.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'evidence/web/pages/session-notes'

const may = (actor: Actor, action: Parameters<typeof can>[1]) => actor.role !== 'system' && can(actor.role, action)

/** The session and its activity, in words, for the top of the pages. */
async function sessionContext(deps: AppDeps, actor: Actor, sessionId: string) {
  const session = await getSession(deps, actor, sessionId)
  const activity = await getActivity(deps, actor, session.activityId)
  const where = session.mode === 'in_person' ? (session.location ?? 'Venue to be confirmed') : session.modeLabel
  return {
    session: {
      id: session.id,
      text: `${formatDate(session.startsAt)}, ${formatLondonTime(session.startsAt)} to ${formatLondonTime(session.endsAt)}. ${where}.`,
      cancelled: session.status === 'cancelled',
    },
    activity: { id: activity.id, title: activity.title, kindLabel: activity.kindLabel },
  }
}

function kindItems(values: Record<string, string>) {
  return NOTE_KINDS.map(k => ({ value: k.code, text: k.label, hint: { text: k.hint }, checked: values.kind === k.code }))
}

async function renderList(deps: AppDeps, request: WithId, reply: FastifyReply, values: Record<string, string>, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, request.params.id)
  const evidence = await getSessionEvidence(deps, request.actor, ctx.session.id)
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: `Notes and transcripts: ${ctx.activity.title}`,
      backLink: `/engagement/activities/${ctx.activity.id}`,
      ...ctx,
      evidence,
      mayCapture: may(request.actor, 'evidence:capture'),
      values,
      kinds: kindItems(values),
      errors,
    },
    status,
  )
}

/** GET /engagement/sessions/:id/notes: the session's notes and transcripts, and the form to add one. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderList(deps, request, reply, { kind: 'note' })
}

/** POST /engagement/sessions/:id/notes: add notes or a transcript (audited). */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const form = parseForm(notesSchema, request.body)
    const input: NotesInput = form.ok ? form.value : { kind: '', pseudonym: '', body: '', notToBeQuoted: false }
    try {
      await captureNotes(deps, request.actor, request.params.id, input)
    } catch (err) {
      return renderList(deps, request, reply, formValues(input), fieldErrorsOf(err), 400)
    }
    request.session.flash = `${NOTE_KINDS.find(k => k.code === input.kind)!.label} added`
    return reply.redirect(`/engagement/sessions/${request.params.id}/notes`, 303)
  }
}

function valuesOf(item: EvidenceItemDto): Record<string, string> {
  return { kind: item.kind, pseudonym: item.pseudonym ?? '', body: item.body, notToBeQuoted: item.participantId !== null && item.consentToQuote === 'no' ? 'yes' : '' }
}

async function renderChange(deps: AppDeps, request: WithId, reply: FastifyReply, item: EvidenceItemDto, values: Record<string, string>, errors?: FieldError[], status?: number) {
  const ctx = item.sessionId ? await sessionContext(deps, request.actor, item.sessionId) : null
  return reply.render(
    `${DIR}/change.njk`,
    {
      pageTitle: `Change ${item.kindLabel.toLowerCase()}`,
      backLink: `/evidence/${item.id}`,
      ...ctx,
      item,
      values,
      kinds: kindItems(values),
      errors,
    },
    status,
  )
}

/** GET /evidence/:id/change */
export function getChange(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const item = await getEditableNotes(deps, request.actor, request.params.id)
    return renderChange(deps, request, reply, item, valuesOf(item))
  }
}

/** POST /evidence/:id/change (audited) */
export function postChange(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const item = await getEditableNotes(deps, request.actor, request.params.id)
    const form = parseForm(notesSchema, request.body)
    const input: NotesInput = form.ok ? form.value : { kind: '', pseudonym: '', body: '', notToBeQuoted: false }
    try {
      await changeNotes(deps, request.actor, item.id, input)
    } catch (err) {
      return renderChange(deps, request, reply, item, formValues(input), fieldErrorsOf(err), 400)
    }
    request.session.flash = `${item.kindLabel} changed`
    return reply.redirect(`/evidence/${item.id}`, 303)
  }
}

/** GET /evidence/:id/remove: are you sure? */
export function getRemove(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const item = await getEditableNotes(deps, request.actor, request.params.id)
    const ctx = item.sessionId ? await sessionContext(deps, request.actor, item.sessionId) : null
    return reply.render(`${DIR}/remove.njk`, {
      pageTitle: `Remove ${item.kindLabel.toLowerCase()}`,
      backLink: `/evidence/${item.id}`,
      ...ctx,
      item,
    })
  }
}

/** POST /evidence/:id/remove: remove notes entered in error (audited). */
export function postRemove(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const item = await getEditableNotes(deps, request.actor, request.params.id)
    const { sessionId } = await removeNotes(deps, request.actor, item.id)
    request.session.flash = `${item.kindLabel} removed`
    return reply.redirect(sessionId ? `/engagement/sessions/${sessionId}/notes` : '/evidence', 303)
  }
}
