import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { getPublicUpdate, getUpdate, getUpdateLetters, getUpdates, markPhoned, previewUpdate, sendUpdate } from '../../../domain/updates.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithRecipient = FastifyRequest<{ Params: { id: string; recipientId: string } }>
const DIR = 'engagement/web/pages/updates'
const paragraphsOf = (s: string) => s.split(/\n\s*\n/).map(p => p.trim()).filter(Boolean)

/** GET /engagement/updates: the updates ready to send, and those sent. */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const updates = await getUpdates(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, {
      pageTitle: 'You said, we did: updates',
      ready: updates.filter(u => u.status === 'ready'),
      sent: updates.filter(u => u.status === 'sent'),
    })
  }
}

async function renderUpdate(deps: AppDeps, request: WithId, reply: FastifyReply, opts: { errors?: FieldError[]; status?: number } = {}) {
  const update = await getUpdate(deps, request.actor, request.params.id)
  const plan = update.status === 'ready' ? await previewUpdate(deps, request.actor, update.id) : null
  const count = (s: string) => update.recipients.filter(r => r.status === s).length
  return reply.render(
    `${DIR}/show.njk`,
    {
      pageTitle: update.status === 'ready' ? `Check who will get this update: ${update.title}` : `Update: ${update.title}`,
      backLink: '/engagement/updates',
      update,
      paragraphs: { youSaid: paragraphsOf(update.youSaid), weDid: paragraphsOf(update.weDid) },
      plan,
      toPhone: update.recipients.filter(r => r.channel === 'phone'),
      totals: { recipients: update.recipients.length, sent: count('sent'), toPrint: count('to_print'), toPhone: count('to_phone'), phoned: count('phoned'), failed: count('failed') },
      errors: opts.errors,
    },
    opts.status,
  )
}

/** GET /engagement/updates/:id: a ready update's preview (who gets it how, who is left out and why), or who a sent one went to. */
export function show(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderUpdate(deps, request, reply)
}

/** POST /engagement/updates/:id/send: send it (worked out again now), then back to the update. */
export function postSend(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    let outcome
    try {
      outcome = await sendUpdate(deps, request.actor, request.params.id)
    } catch (err) {
      return renderUpdate(deps, request, reply, { errors: fieldErrorsOf(err), status: 400 })
    }
    const parts = [`${outcome.recipients} ${outcome.recipients === 1 ? 'person' : 'people'}`]
    if (outcome.sent) parts.push(`${outcome.sent} sent by email or text`)
    if (outcome.toPrint) parts.push(`${outcome.toPrint} ${outcome.toPrint === 1 ? 'letter' : 'letters'} to print`)
    if (outcome.toPhone) parts.push(`${outcome.toPhone} to phone`)
    if (outcome.failed) parts.push(`${outcome.failed} could not be sent`)
    request.session.flash = `Update sent: ${parts.join(', ')}`
    return reply.redirect(`/engagement/updates/${request.params.id}`, 303)
  }
}

/** GET /engagement/updates/:id/letters.pdf: every letter to print, in one tagged PDF (identity read audited). */
export function letters(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { pdf } = await getUpdateLetters(deps, request.actor, request.params.id)
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', 'attachment; filename="update-letters.pdf"')
      .header('cache-control', 'no-store')
      .send(pdf)
  }
}

/** POST /engagement/updates/:id/recipients/:recipientId/phoned: the call was made (audited). */
export function postPhoned(deps: AppDeps) {
  return async (request: WithRecipient, reply: FastifyReply) => {
    await markPhoned(deps, request.actor, request.params.id, request.params.recipientId)
    request.session.flash = 'Marked as phoned'
    return reply.redirect(`/engagement/updates/${request.params.id}#phone-list`, 303)
  }
}

/** GET /updates/:id: a sent update, for anyone, without signing in. */
export function publicPage(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const update = await getPublicUpdate(deps, request.params.id)
    return reply.render(`${DIR}/public.njk`, { pageTitle: update.title, update })
  }
}
