import type { FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { panelCatalogue } from '../../../domain/catalogue.ts'
import { SPECIAL_CATEGORY_PURPOSE, specialCategoryDimensionKeys } from '../../../domain/consent.ts'
import { getCurrentConsents } from '../../../domain/consent-queries.ts'
import { getParticipantIdentity } from '../../../domain/get-participant-identity.ts'
import {
  answersSchema,
  answersToForm,
  contactDetailsSchema,
  contactDetailsToForm,
  contactLimitSchema,
  FIELD,
  seldomHeardTagsSchema,
  supportNeedsSchema,
  supportNeedsToForm,
  type FormValues,
} from '../../../domain/join-questions.ts'
import type { ParticipantResearchDto } from '../../../domain/participant.ts'
import { getParticipantForEditing } from '../../../domain/queries/participant-detail.ts'
import {
  updateContactDetails,
  updateContactLimit,
  updateDemographics,
  updateSeldomHeardTags,
  updateSupportNeeds,
  type UpdateResult,
} from '../../../domain/update-participant.ts'
import { channelOptions, dimensionView, formatOptions, formValues } from '../join/view-models.ts'

/**
 * The panel manager's change pages for a member ('panel:edit'), on the panel's update commands: contact details and
 * preferences, answers, support needs, seldom-heard groups, and how many invitations a month.
 * GET shows the form filled in; POST validates, saves and goes back to the member's page, or shows the errors with
 * what was typed (status 400). An erased member has nothing left to change (409).
 */

const DIR = 'panel/web/pages/edit-participant'
type Req = FastifyRequest<{ Params: { participantId: string } }>

interface EditForm<T> {
  /** The page's template (in this folder) and title. */
  template: string
  title: string
  /** What the form shows when first opened. */
  initial(deps: AppDeps, request: Req, p: ParticipantResearchDto): Promise<FormValues>
  /** More for the template (options, the questions asked). */
  context?(deps: AppDeps, request: Req, p: ParticipantResearchDto): Promise<Record<string, unknown>>
  schema(deps: AppDeps, request: Req, p: ParticipantResearchDto): Promise<z.ZodType<T>>
  save(deps: AppDeps, request: Req, p: ParticipantResearchDto, value: T): Promise<UpdateResult>
  saved: string
}

const memberPath = (p: { id: string }) => `/panel/participants/${p.id}`

async function render<T>(deps: AppDeps, request: Req, reply: FastifyReply, form: EditForm<T>, p: ParticipantResearchDto, values: FormValues, errors?: FieldError[]) {
  if (p.status === 'erased') {
    return reply.render(`${DIR}/erased.njk`, { pageTitle: `${p.pseudonym} has been erased`, pseudonym: p.pseudonym, back: memberPath(p), backLink: memberPath(p) }, 409)
  }
  return reply.render(
    `${DIR}/${form.template}`,
    {
      pageTitle: `${form.title}: ${p.pseudonym}`,
      title: form.title,
      p,
      action: request.url.split('?')[0],
      back: memberPath(p),
      backLink: memberPath(p),
      values: formValues(values, panelCatalogue()),
      errors,
      ...(form.context ? await form.context(deps, request, p) : {}),
    },
    errors ? 400 : undefined,
  )
}

function getPage<T>(deps: AppDeps, form: EditForm<T>) {
  return async (request: Req, reply: FastifyReply) => {
    const p = await getParticipantForEditing(deps, request.actor, request.params.participantId)
    return render(deps, request, reply, form, p, p.status === 'erased' ? {} : await form.initial(deps, request, p))
  }
}

function postPage<T>(deps: AppDeps, form: EditForm<T>) {
  return async (request: Req, reply: FastifyReply) => {
    const p = await getParticipantForEditing(deps, request.actor, request.params.participantId)
    const raw = (request.body as FormValues | undefined) ?? {}
    if (p.status === 'erased') return render(deps, request, reply, form, p, raw)
    const parsed = parseForm(await form.schema(deps, request, p), raw)
    if (!parsed.ok) return render(deps, request, reply, form, p, raw, parsed.errors)
    let result: UpdateResult
    try {
      result = await form.save(deps, request, p, parsed.value as T)
    } catch (err) {
      // Erased meanwhile: say so, with nothing to change.
      if (err instanceof AppError && err.code === AppErrorCode.INVALID_STATE) return render(deps, request, reply, form, { ...p, status: 'erased' }, raw)
      return render(deps, request, reply, form, p, raw, fieldErrorsOf(err))
    }
    request.session.flash = result.changed.length > 0 ? `${p.pseudonym}: ${form.saved}` : `${p.pseudonym}: nothing was changed`
    return reply.redirect(memberPath(p), 303)
  }
}

/** Answers on special-category dimensions are asked only when the member has agreed to us keeping them. */
async function answerDimensions(deps: AppDeps, request: Req, p: ParticipantResearchDto) {
  const catalogue = panelCatalogue()
  const consents = await getCurrentConsents(deps, request.actor, p.id)
  const agreed = consents.some(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && c.given === true)
  const special = agreed ? [] : specialCategoryDimensionKeys(catalogue)
  return { shown: catalogue.dimensions.filter(d => !special.includes(d.key)), hidden: catalogue.dimensions.filter(d => special.includes(d.key)) }
}

export const contactForm: EditForm<z.infer<ReturnType<typeof contactDetailsSchema>>> = {
  template: 'contact.njk',
  title: 'Change contact details',
  // Reading their details to fill in the form is a read of identity: it is recorded in the audit trail.
  initial: async (deps, request, p) => contactDetailsToForm(await getParticipantIdentity(deps, request.actor, p.id)),
  context: async () => ({ channels: channelOptions(), formats: formatOptions() }),
  schema: async () => contactDetailsSchema('they'),
  save: (deps, request, p, value) => updateContactDetails(deps, request.actor, p.id, value),
  saved: 'contact details saved',
}

export const answersForm: EditForm<Record<string, string[]>> = {
  template: 'answers.njk',
  title: 'Change their answers',
  initial: async (_deps, _request, p) => answersToForm(p.demographics),
  context: async (deps, request, p) => {
    const { shown, hidden } = await answerDimensions(deps, request, p)
    return { dimensions: shown.map(dimensionView), hidden: hidden.map(d => d.label) }
  },
  schema: async (deps, request, p) => answersSchema((await answerDimensions(deps, request, p)).shown),
  save: (deps, request, p, value) => updateDemographics(deps, request.actor, p.id, value),
  saved: 'answers saved',
}

export const supportForm: EditForm<z.infer<ReturnType<typeof supportNeedsSchema>>> = {
  template: 'support.njk',
  title: 'Change support needs',
  initial: async (_deps, _request, p) => supportNeedsToForm(p.supportNeeds),
  context: async () => ({ needs: panelCatalogue().supportNeeds.map(n => ({ ...n })) }),
  schema: async () => supportNeedsSchema(panelCatalogue(), 'they'),
  save: (deps, request, p, value) => updateSupportNeeds(deps, request.actor, p.id, value),
  saved: 'support needs saved',
}

export const groupsForm: EditForm<string[]> = {
  template: 'groups.njk',
  title: 'Change seldom-heard groups',
  initial: async (_deps, _request, p) => ({ [FIELD.seldomHeardTags]: p.seldomHeardTags }),
  context: async () => ({ tagItems: panelCatalogue().seldomHeardTags.map(t => ({ value: t.code, text: t.label })) }),
  schema: async () => seldomHeardTagsSchema(panelCatalogue()),
  save: (deps, request, p, value) => updateSeldomHeardTags(deps, request.actor, p.id, value),
  saved: 'seldom-heard groups saved',
}

export const invitationsForm: EditForm<number> = {
  template: 'invitations.njk',
  title: 'Change how often we may invite them',
  initial: async (_deps, _request, p) => ({ [FIELD.maxInvitationsPerMonth]: String(p.maxInvitationsPerMonth) }),
  schema: async () => contactLimitSchema(),
  save: (deps, request, p, value) => updateContactLimit(deps, request.actor, p.id, value),
  saved: 'invitations a month saved',
}

export const FORMS = { contact: contactForm, answers: answersForm, support: supportForm, groups: groupsForm, invitations: invitationsForm } as const

export function get(deps: AppDeps, form: keyof typeof FORMS) {
  return getPage(deps, FORMS[form] as EditForm<unknown>)
}

export function post(deps: AppDeps, form: keyof typeof FORMS) {
  return postPage(deps, FORMS[form] as EditForm<unknown>)
}
