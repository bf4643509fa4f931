import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { panelCatalogue, type PanelCatalogue } from '../../../domain/catalogue.ts'
import { CONTACT_PURPOSE, SPECIAL_CATEGORY_PURPOSE, specialCategoryDimensionKeys, type CurrentConsentDto } from '../../../domain/consent.ts'
import { changeConsents } from '../../../domain/consent-change.ts'
import { getCurrentConsentWordings } from '../../../domain/consent-queries.ts'
import {
  answersSchema,
  answersToForm,
  consentsSchema,
  consentsToForm,
  contactDetailsSchema,
  contactDetailsToForm,
  supportNeedsSchema,
  supportNeedsToForm,
  type FormValues,
} from '../../../domain/join-questions.ts'
import { findOwnParticipantId, getOwnAnswers, getOwnRecord, type OwnRecordDto } from '../../../domain/own-record.ts'
import { updateContactDetails, updateDemographics, updateSupportNeeds } from '../../../domain/update-participant.ts'
import {
  addressLines,
  answerLabels,
  channelLabel,
  channelOptions,
  consentWordingsView,
  dimensionView,
  formatLabel,
  formatOptions,
  formValues,
  supportNeedLines,
} from '../join/view-models.ts'

const DIR = 'panel/web/pages/my-record'

/** Where the person can remove themselves from the panel (a page another part of the panel module provides). */
export const ERASE_PATH = '/my-record/erase'

function specialAgreed(consents: readonly CurrentConsentDto[]): boolean {
  return consents.some(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && c.given === true)
}

function summary(catalogue: PanelCatalogue, record: OwnRecordDto, titles: ReadonlyMap<string, string>) {
  const { identity, participant, consents } = record
  const special = specialAgreed(consents) ? [] : specialCategoryDimensionKeys(catalogue)
  return {
    pseudonym: identity.pseudonym,
    status: participant.status,
    details: [
      { key: 'Name', lines: [identity.fullName] },
      { key: 'Email address', lines: [identity.email ?? 'Not given'] },
      { key: 'Phone number', lines: [identity.phone ?? 'Not given'] },
      { key: 'Postal address', lines: identity.address ? addressLines(identity.address) : ['Not given'] },
      { key: 'How we contact you', lines: [channelLabel(identity.preferredChannel)] },
      { key: 'Format', lines: [formatLabel(identity.preferredFormat, identity.preferredLanguage)] },
    ],
    about: catalogue.dimensions.map(d => {
      const labels = answerLabels(d, participant.demographics[d.key])
      const lines = labels.length > 0 ? labels : special.includes(d.key) ? ['Not kept: you have not agreed to us keeping this'] : ['Not answered']
      return { key: d.label, lines }
    }),
    support: participant.supportNeeds.length > 0 ? supportNeedLines(catalogue, participant.supportNeeds) : ['None'],
    consents: consents.map(c => ({
      title: c.wording?.title ?? titles.get(c.purpose) ?? c.purposeLabel,
      answer: c.given === null ? 'Not asked yet' : c.given ? 'Yes' : 'No',
      since: c.recordedAt,
      wording: c.wording,
    })),
  }
}

/** GET /my-record: the person's own record; someone with an account but no record is told how to join. */
export function view(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    let record: OwnRecordDto
    try {
      record = await getOwnRecord(deps, request.actor)
    } catch (err) {
      if (err instanceof AppError && err.code === AppErrorCode.NOT_FOUND) {
        return reply.render(`${DIR}/not-on-panel.njk`, { pageTitle: 'Your panel record' })
      }
      throw err
    }
    // A purpose never asked about has no wording of its own yet: it is named by its current wording.
    const titles = new Map((await getCurrentConsentWordings(deps)).map(w => [w.purpose, w.title]))
    return reply.render(`${DIR}/view.njk`, { pageTitle: 'Your panel record', record: summary(panelCatalogue(), record, titles), erasePath: ERASE_PATH })
  }
}

// ---- contact details and preferences ----

function renderContact(reply: FastifyReply, values: FormValues, errors?: unknown) {
  return reply.render(
    `${DIR}/contact.njk`,
    {
      pageTitle: 'Change your contact details',
      backLink: '/my-record',
      values: formValues(values, panelCatalogue()),
      errors,
      channels: channelOptions(),
      formats: formatOptions(),
    },
    errors ? 400 : undefined,
  )
}

export function getContact(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const record = await getOwnRecord(deps, request.actor)
    return renderContact(reply, contactDetailsToForm(record.identity))
  }
}

export function postContact(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const id = await findOwnParticipantId(deps, request.actor)
    const raw = (request.body as FormValues | undefined) ?? {}
    const form = parseForm(contactDetailsSchema('you'), raw)
    if (!form.ok) return renderContact(reply, raw, form.errors)
    try {
      await updateContactDetails(deps, request.actor, id, form.value)
    } catch (err) {
      return renderContact(reply, raw, fieldErrorsOf(err))
    }
    request.session.flash = 'Your contact details have been saved'
    return reply.redirect('/my-record', 303)
  }
}

// ---- answers about you ----

async function answersPage(deps: AppDeps, request: FastifyRequest) {
  const catalogue = panelCatalogue()
  const record = await getOwnAnswers(deps, request.actor)
  const special = specialAgreed(record.consents) ? [] : specialCategoryDimensionKeys(catalogue)
  const shown = catalogue.dimensions.filter(d => !special.includes(d.key))
  return { catalogue, record, shown, hidden: catalogue.dimensions.filter(d => special.includes(d.key)) }
}

function renderAnswers(reply: FastifyReply, page: Awaited<ReturnType<typeof answersPage>>, values: FormValues, errors?: unknown) {
  return reply.render(
    `${DIR}/answers.njk`,
    {
      pageTitle: 'Change your answers about you',
      backLink: '/my-record',
      values: formValues(values, page.catalogue),
      errors,
      dimensions: page.shown.map(dimensionView),
      hidden: page.hidden.map(d => d.label),
    },
    errors ? 400 : undefined,
  )
}

export function getAnswers(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const page = await answersPage(deps, request)
    return renderAnswers(reply, page, answersToForm(page.record.participant.demographics))
  }
}

export function postAnswers(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const page = await answersPage(deps, request)
    const raw = (request.body as FormValues | undefined) ?? {}
    const form = parseForm(answersSchema(page.shown), raw)
    if (!form.ok) return renderAnswers(reply, page, raw, form.errors)
    try {
      await updateDemographics(deps, request.actor, page.record.participant.id, form.value)
    } catch (err) {
      return renderAnswers(reply, page, raw, fieldErrorsOf(err))
    }
    request.session.flash = 'Your answers have been saved'
    return reply.redirect('/my-record', 303)
  }
}

// ---- support needs ----

function renderSupport(reply: FastifyReply, values: FormValues, errors?: unknown) {
  const catalogue = panelCatalogue()
  return reply.render(
    `${DIR}/support.njk`,
    {
      pageTitle: 'Change the support you need',
      backLink: '/my-record',
      values: formValues(values, catalogue),
      errors,
      needs: catalogue.supportNeeds.map(n => ({ ...n })),
    },
    errors ? 400 : undefined,
  )
}

export function getSupport(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const record = await getOwnAnswers(deps, request.actor)
    return renderSupport(reply, supportNeedsToForm(record.participant.supportNeeds))
  }
}

export function postSupport(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const id = await findOwnParticipantId(deps, request.actor)
    const raw = (request.body as FormValues | undefined) ?? {}
    const form = parseForm(supportNeedsSchema(panelCatalogue(), 'you'), raw)
    if (!form.ok) return renderSupport(reply, raw, form.errors)
    try {
      await updateSupportNeeds(deps, request.actor, id, form.value)
    } catch (err) {
      return renderSupport(reply, raw, fieldErrorsOf(err))
    }
    request.session.flash = 'The support you need has been saved'
    return reply.redirect('/my-record', 303)
  }
}

// ---- consents ----

const WITHDRAW_HINTS: Record<string, string> = {
  [CONTACT_PURPOSE]: `If you say no, we will stop contacting you about research straight away. You will still be on the panel, and you can change your mind at any time. To leave the panel completely, <a class="govuk-link" href="${ERASE_PATH}">remove yourself from the panel</a>.`,
  [SPECIAL_CATEGORY_PURPOSE]: 'If you say no, we will delete your answers about your health, any disability and your ethnic group straight away.',
}

async function renderConsents(deps: AppDeps, reply: FastifyReply, values: FormValues, errors?: unknown) {
  const wordings = consentWordingsView(await getCurrentConsentWordings(deps), 'you', WITHDRAW_HINTS)
  return reply.render(`${DIR}/consents.njk`, { pageTitle: 'Change what you agree to', backLink: '/my-record', values, errors, wordings }, errors ? 400 : undefined)
}

export function getConsents(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const record = await getOwnAnswers(deps, request.actor)
    return renderConsents(deps, reply, consentsToForm(record.consents))
  }
}

export function postConsents(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const id = await findOwnParticipantId(deps, request.actor)
    const raw = (request.body as FormValues | undefined) ?? {}
    const form = parseForm(consentsSchema('you', { joining: false }), raw)
    if (!form.ok) return renderConsents(deps, reply, raw, form.errors)
    let result
    try {
      result = await changeConsents(deps, request.actor, id, form.value)
    } catch (err) {
      return renderConsents(deps, reply, raw, fieldErrorsOf(err))
    }
    const stoppedContact = result.changes.some(c => c.purpose === CONTACT_PURPOSE && !c.given)
    request.session.flash = stoppedContact
      ? 'We will not contact you about research any more. You can change this at any time.'
      : result.changes.length > 0
        ? 'Your choices have been saved'
        : 'Nothing has changed'
    return reply.redirect('/my-record', 303)
  }
}
