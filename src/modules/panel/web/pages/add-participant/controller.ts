import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { panelCatalogue } from '../../../domain/catalogue.ts'
import { getCurrentConsentWordings } from '../../../domain/consent-queries.ts'
import { joinOnBehalf } from '../../../domain/join-on-behalf.ts'
import { registrationAnswers, type FormValues } from '../../../domain/join-questions.ts'
import { channelOptions, consentWordingsView, dimensionView, formatOptions, formValues, parseSections } from '../join/view-models.ts'
import { addParticipantSections, joinedViaOptions } from './schema.ts'

const VIEW = 'panel/web/pages/add-participant/view.njk'
const TITLE = 'Add someone to the panel'

async function render(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, values: FormValues, errors?: unknown) {
  const catalogue = panelCatalogue()
  const role = request.currentUser?.role ?? 'public'
  const routes = joinedViaOptions(role)
  return reply.render(
    VIEW,
    {
      pageTitle: TITLE,
      values: { ...formValues(values, catalogue), joinedVia: values.joinedVia ?? (routes.length === 1 ? routes[0]!.code : undefined) },
      errors,
      joinedViaOptions: routes.map(r => ({ code: r.code, label: r.label })),
      channels: channelOptions(),
      formats: formatOptions(),
      dimensions: catalogue.dimensions.map(dimensionView),
      needs: catalogue.supportNeeds.map(n => ({ ...n })),
      tags: catalogue.seldomHeardTags.map(t => ({ ...t })),
      wordings: consentWordingsView(await getCurrentConsentWordings(deps), 'they'),
    },
    errors ? 400 : undefined,
  )
}

/** GET /panel/participants/new: the form for someone who joins by phone, by post or through a partner. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => render(deps, request, reply, {})
}

export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = { ...((request.body as FormValues | undefined) ?? {}) }
    const catalogue = panelCatalogue()
    const form = parseSections(raw, addParticipantSections(catalogue))
    if (!form.ok) return render(deps, request, reply, raw, form.errors)
    const v = form.value
    let participant
    try {
      participant = await joinOnBehalf(deps, request.actor, {
        ...v.contact,
        joinedVia: v.joinedVia.joinedVia,
        ...(v.joinedOn ? { joinedAt: v.joinedOn } : {}),
        demographics: registrationAnswers(catalogue, v.answers),
        supportNeeds: v.supportNeeds,
        seldomHeardTags: v.tags,
        maxInvitationsPerMonth: v.limit,
        consents: v.consents,
      })
    } catch (err) {
      return render(deps, request, reply, raw, fieldErrorsOf(err))
    }
    const role = request.currentUser?.role ?? 'public'
    if (role !== 'public' && can(role, 'panel:read_research')) return reply.redirect(`/panel/participants/${participant.id}`, 303)
    // A partner does not see the panel's records: back to the form for the next person.
    request.session.flash = `They are on the panel now. Their panel reference is ${participant.pseudonym}.`
    return reply.redirect('/panel/participants/new', 303)
  }
}
