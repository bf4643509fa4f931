import { z } from 'zod'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import { CHANNELS, FORMATS, type Channel, type DimensionDefinition, type Format, type PanelCatalogue } from './catalogue.ts'
import { CONSENT_PURPOSES, CONTACT_PURPOSE, type ConsentAnswer, type ConsentPurpose } from './consent.ts'
import { normalisePhone, type PostalAddress } from './participant.ts'

/**
 * The questions a person answers to join the panel, and to change their record later, as validation schemas over
 * the flat fields of an HTML form. The same schemas serve the online journey (the person: "you"), the staff form
 * (on someone's behalf: "they") and the update commands, so the rules are written once.
 *
 * Each schema takes the form's values (strings, or lists of strings for repeated fields) and gives typed answers,
 * or GOV.UK errors whose paths are the form's field names (so the error summary links to the field).
 */

export type Voice = 'you' | 'they'

interface Words {
  /** your / their */
  your: string
  /** you / they (subject) */
  you: string
  /** you / them (object) */
  them: string
}

const WORDS: Record<Voice, Words> = {
  you: { your: 'your', you: 'you', them: 'you' },
  they: { your: 'their', you: 'they', them: 'them' },
}

/** Form field names. */
export const FIELD = {
  fullName: 'fullName',
  email: 'email',
  phone: 'phone',
  addressLine1: 'addressLine1',
  addressLine2: 'addressLine2',
  addressTown: 'addressTown',
  addressPostcode: 'addressPostcode',
  preferredChannel: 'preferredChannel',
  preferredFormat: 'preferredFormat',
  preferredLanguage: 'preferredLanguage',
  needs: 'needs',
  seldomHeardTags: 'seldomHeardTags',
  maxInvitationsPerMonth: 'maxInvitationsPerMonth',
} as const

export const answerField = (dimensionKey: string) => `answer-${dimensionKey}`
export const needDetailField = (needCode: string) => `needDetail-${needCode}`
export const consentField = (purpose: string) => `consent-${purpose}`
export const consentVersionField = (purpose: string) => `version-${purpose}`

export type FormValues = Record<string, unknown>

export interface ContactMethods {
  email?: string
  phone?: string
  address?: PostalAddress
}

export interface ContactPreferences {
  preferredChannel: Channel
  preferredFormat: Format
  /** Only with the format 'another_language'. */
  preferredLanguage?: string
}

/** Name, contact details and how the person would like to be contacted. */
export interface ContactDetails extends ContactMethods, ContactPreferences {
  fullName: string
}

export interface SupportNeedAnswer {
  need: string
  detail?: string
}

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/
const PHONE_HELP = 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'
const EMAIL_FORMAT = 'Enter an email address in the correct format, like name@example.com'

/** Forms send '' for an empty field, one checked box as a string and several as a list: make both forms plain. */
function text(v: unknown): string {
  if (Array.isArray(v)) return text(v[0])
  return typeof v === 'string' ? v.trim() : ''
}

export function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map(x => x.trim())
  return typeof v === 'string' && v.trim() !== '' ? [v.trim()] : []
}

type Issue = { path: string; message: string }

/** A schema that reads the whole form and reports issues by field name. */
function formSchema<T>(read: (values: FormValues, issues: Issue[]) => T) {
  return z.record(z.string(), z.unknown()).transform((values, ctx) => {
    const issues: Issue[] = []
    const out = read(values, issues)
    const seen = new Set<string>()
    for (const i of issues) {
      if (seen.has(i.path)) continue
      seen.add(i.path)
      ctx.addIssue({ code: 'custom', path: [i.path], message: i.message })
    }
    return issues.length > 0 ? z.NEVER : out
  })
}

function readFullName(values: FormValues, issues: Issue[], w: Words): string {
  const fullName = text(values[FIELD.fullName])
  if (fullName === '') issues.push({ path: FIELD.fullName, message: `Enter ${w.your} full name` })
  else if (fullName.length > 200) issues.push({ path: FIELD.fullName, message: 'Full name must be 200 characters or fewer' })
  return fullName
}

function readContactMethods(values: FormValues, issues: Issue[], w: Words): ContactMethods {
  const out: ContactMethods = {}
  const email = text(values[FIELD.email])
  if (email !== '') {
    if (email.length > 320) issues.push({ path: FIELD.email, message: 'Email address must be 320 characters or fewer' })
    else if (!z.email().safeParse(email).success) issues.push({ path: FIELD.email, message: EMAIL_FORMAT })
    else out.email = email.toLowerCase()
  }
  const phone = text(values[FIELD.phone])
  if (phone !== '') {
    if (phone.length > 30 || !/^[0-9 +()-]+$/.test(phone) || !/^0\d{9,10}$/.test(normalisePhone(phone))) issues.push({ path: FIELD.phone, message: PHONE_HELP })
    else out.phone = phone
  }
  const line1 = text(values[FIELD.addressLine1])
  const line2 = text(values[FIELD.addressLine2])
  const town = text(values[FIELD.addressTown])
  const postcode = text(values[FIELD.addressPostcode]).toUpperCase().replace(/\s+/g, ' ')
  if (line1 || line2 || town || postcode) {
    const before = issues.length
    if (line1 === '') issues.push({ path: FIELD.addressLine1, message: 'Enter the first line of the address' })
    else if (line1.length > 200) issues.push({ path: FIELD.addressLine1, message: 'Address line 1 must be 200 characters or fewer' })
    if (line2.length > 200) issues.push({ path: FIELD.addressLine2, message: 'Address line 2 must be 200 characters or fewer' })
    if (town === '') issues.push({ path: FIELD.addressTown, message: 'Enter the town or city' })
    else if (town.length > 100) issues.push({ path: FIELD.addressTown, message: 'Town or city must be 100 characters or fewer' })
    if (postcode === '') issues.push({ path: FIELD.addressPostcode, message: 'Enter the postcode' })
    else if (!POSTCODE.test(postcode)) issues.push({ path: FIELD.addressPostcode, message: 'Enter a real postcode, like NS1 4QT' })
    if (issues.length === before) out.address = { line1, ...(line2 ? { line2 } : {}), town, postcode }
  }
  const typedSomething = email !== '' || phone !== '' || line1 || line2 || town || postcode
  if (!typedSomething) {
    issues.push({ path: FIELD.email, message: `Enter at least one way to contact ${w.them}: an email address, a phone number or a postal address` })
  }
  return out
}

function readPreferences(values: FormValues, issues: Issue[], w: Words): ContactPreferences {
  const channel = text(values[FIELD.preferredChannel])
  if (!CHANNELS.some(c => c.code === channel)) issues.push({ path: FIELD.preferredChannel, message: `Select how ${w.you} would like us to contact ${w.them}` })
  const format = text(values[FIELD.preferredFormat]) || 'standard'
  if (!FORMATS.some(f => f.code === format)) issues.push({ path: FIELD.preferredFormat, message: 'Select a format from the list' })
  const language = text(values[FIELD.preferredLanguage])
  if (format === 'another_language') {
    if (language === '') issues.push({ path: FIELD.preferredLanguage, message: `Enter the language ${w.you} would like us to use` })
    else if (language.length > 100) issues.push({ path: FIELD.preferredLanguage, message: 'Language must be 100 characters or fewer' })
  }
  return {
    preferredChannel: channel as Channel,
    preferredFormat: format as Format,
    ...(format === 'another_language' && language ? { preferredLanguage: language } : {}),
  }
}

/** The detail the chosen way of contact needs, and whether it is there. */
function missingDetailFor(channel: Channel, contact: ContactMethods): 'email' | 'phone' | 'address' | null {
  if (channel === 'email' && !contact.email) return 'email'
  if ((channel === 'text' || channel === 'phone') && !contact.phone) return 'phone'
  if (channel === 'letter' && !contact.address) return 'address'
  return null
}

const DETAIL_WORDS = { email: 'an email address', phone: 'a phone number', address: 'a postal address' } as const

/** "What is your name?" */
export function nameSchema(voice: Voice) {
  return formSchema((values, issues) => ({ fullName: readFullName(values, issues, WORDS[voice]) }))
}

/** "How can we contact you?": email, phone and postal address, at least one of them. */
export function contactMethodsSchema(voice: Voice) {
  return formSchema((values, issues) => readContactMethods(values, issues, WORDS[voice]))
}

/**
 * "How would you like us to contact you?": the way and the format. `contact` is what the person gave on the
 * previous page: the way they choose must be one we have the details for.
 */
export function preferencesSchema(voice: Voice, contact: ContactMethods) {
  return formSchema((values, issues) => {
    const w = WORDS[voice]
    const prefs = readPreferences(values, issues, w)
    const missing = issues.length === 0 ? missingDetailFor(prefs.preferredChannel, contact) : null
    if (missing) {
      issues.push({
        path: FIELD.preferredChannel,
        message: `${voice === 'you' ? 'You have' : 'They have'} not given ${DETAIL_WORDS[missing]}. Choose another way, or go back and add ${DETAIL_WORDS[missing]}`,
      })
    }
    return prefs
  })
}

/** Name, contact details and preferences on one form (the person's own record, the staff forms). */
export function contactDetailsSchema(voice: Voice) {
  return formSchema<ContactDetails>((values, issues) => {
    const w = WORDS[voice]
    const fullName = readFullName(values, issues, w)
    const contact = readContactMethods(values, issues, w)
    const prefs = readPreferences(values, issues, w)
    if (issues.length === 0) {
      const missing = missingDetailFor(prefs.preferredChannel, contact)
      if (missing === 'email') issues.push({ path: FIELD.email, message: `Enter ${w.your} email address, or choose another way for us to contact ${w.them}` })
      if (missing === 'phone') issues.push({ path: FIELD.phone, message: `Enter ${w.your} phone number, or choose another way for us to contact ${w.them}` })
      if (missing === 'address') issues.push({ path: FIELD.addressLine1, message: `Enter ${w.your} postal address, or choose another way for us to contact ${w.them}` })
    }
    return { fullName, ...contact, ...prefs }
  })
}

function readDimension(d: DimensionDefinition, values: FormValues, issues: Issue[]): string[] {
  const field = answerField(d.key)
  const chosen = [...new Set(listOf(values[field]))]
  if (chosen.some(c => !d.options.some(o => o.code === c))) {
    issues.push({ path: field, message: 'Select an answer from the list' })
    return []
  }
  if (!d.multiple && chosen.length > 1) {
    issues.push({ path: field, message: 'Select one answer' })
    return []
  }
  if (chosen.length > 1) {
    const exclusive = d.options.find(o => o.exclusive && chosen.includes(o.code))
    if (exclusive) {
      issues.push({ path: field, message: `"${exclusive.label}" cannot be chosen with another answer` })
      return []
    }
  }
  return chosen
}

/**
 * Answers to some of the catalogue's questions (every one optional, "prefer not to say" is an answer, and no answer
 * is recorded as not answered). Gives dimension key to the codes chosen, with an empty list for "not answered".
 */
export function answersSchema(dimensions: readonly DimensionDefinition[]) {
  return formSchema((values, issues) => {
    const out: Record<string, string[]> = {}
    for (const d of dimensions) out[d.key] = readDimension(d, values, issues)
    return out
  })
}

/** "Do you need any support to take part?": the needs ticked, each with its details where asked for. */
export function supportNeedsSchema(catalogue: PanelCatalogue, voice: Voice) {
  return formSchema((values, issues) => {
    const w = WORDS[voice]
    const chosen = [...new Set(listOf(values[FIELD.needs]))]
    if (chosen.some(c => !catalogue.supportNeeds.some(n => n.code === c))) {
      issues.push({ path: FIELD.needs, message: 'Select support from the list' })
      return []
    }
    const out: SupportNeedAnswer[] = []
    for (const kind of catalogue.supportNeeds) {
      if (!chosen.includes(kind.code)) continue
      const field = needDetailField(kind.code)
      const detail = text(values[field])
      if (detail.length > 500) issues.push({ path: field, message: 'Details must be 500 characters or fewer' })
      else if (kind.detail === 'required' && detail === '') {
        issues.push({ path: field, message: `Enter details of the support ${w.you} need (${kind.label.toLowerCase()})` })
      }
      out.push(kind.detail !== 'none' && detail ? { need: kind.code, detail } : { need: kind.code })
    }
    return out
  })
}

/** Seldom-heard groups (staff only). */
export function seldomHeardTagsSchema(catalogue: PanelCatalogue) {
  return formSchema((values, issues) => {
    const tags = [...new Set(listOf(values[FIELD.seldomHeardTags]))]
    if (tags.some(t => !catalogue.seldomHeardTags.some(o => o.code === t))) issues.push({ path: FIELD.seldomHeardTags, message: 'Select a group from the list' })
    return tags
  })
}

/** Contact limit: at most this many invitations a month (staff only). Blank means the default, 2. */
export function contactLimitSchema() {
  return formSchema((values, issues) => {
    const raw = text(values[FIELD.maxInvitationsPerMonth])
    if (raw === '') return 2
    const n = Number(raw)
    if (!/^-?\d+$/.test(raw) || !Number.isFinite(n)) issues.push({ path: FIELD.maxInvitationsPerMonth, message: 'Enter how many invitations a month, as a whole number' })
    else if (n < 1) issues.push({ path: FIELD.maxInvitationsPerMonth, message: 'Invitations a month must be 1 or more' })
    else if (n > 20) issues.push({ path: FIELD.maxInvitationsPerMonth, message: 'Invitations a month must be 20 or fewer' })
    return n
  })
}

/** The question for each purpose, and what an unanswered one says. */
export function consentQuestion(purpose: ConsentPurpose, voice: Voice): { question: string; missing: string } {
  const w = WORDS[voice]
  const they = voice === 'they'
  switch (purpose) {
    case 'contact_research':
      return {
        question: they ? 'Do they agree to us contacting them about research?' : 'Can we contact you about research?',
        missing: they ? 'Select whether they agree to us contacting them about research' : 'Select yes if we can contact you about research, or no if we cannot',
      }
    case 'quotes':
      return {
        question: they ? 'Do they agree to us using their words?' : 'Can we use your words?',
        missing: they ? 'Select whether they agree to us using their words' : 'Select yes if we can use your words, or no if we cannot',
      }
    case 'special_category':
      return {
        question: they
          ? 'Do they agree to us keeping information about their health, disability and ethnic group?'
          : 'Can we keep information about your health, disability and ethnic group?',
        missing: they
          ? 'Select whether they agree to us keeping information about their health, disability and ethnic group'
          : `Select yes if we can keep information about ${w.your} health, disability and ethnic group, or no if we cannot`,
      }
    case 'recordings':
      return {
        question: they ? 'Do they agree to us recording what they say?' : 'Can we record what you say?',
        missing: they ? 'Select whether they agree to us recording what they say' : 'Select yes if we can record what you say, or no if we cannot',
      }
  }
}

/**
 * Consents. `joining`: contact for research must be agreed to (a single "I agree" box: the panel exists to invite
 * people to research, so without it there is nothing to join); every other purpose is a free yes or no.
 * Otherwise (changing consents later) every purpose is a yes or no, contact included.
 * The version of the wording shown travels with the form, so we record the wording the person actually read.
 */
export function consentsSchema(voice: Voice, opts: { joining: boolean }) {
  return formSchema((values, issues) => {
    const out: ConsentAnswer[] = []
    for (const p of CONSENT_PURPOSES) {
      const field = consentField(p.code)
      const raw = text(values[field])
      const versionRaw = text(values[consentVersionField(p.code)])
      const version = /^\d{1,6}$/.test(versionRaw) ? Number(versionRaw) : undefined
      if (opts.joining && p.code === CONTACT_PURPOSE) {
        if (raw !== 'yes') {
          issues.push({
            path: field,
            message:
              voice === 'you'
                ? 'Select that you agree to us contacting you about research. You need to agree to this to join the panel'
                : 'They need to agree to us contacting them about research to join the panel. Select that they agree',
          })
        }
        out.push({ purpose: p.code, given: true, ...(version ? { wordingVersion: version } : {}) })
        continue
      }
      if (raw !== 'yes' && raw !== 'no') {
        issues.push({ path: field, message: consentQuestion(p.code, voice).missing })
        continue
      }
      out.push({ purpose: p.code, given: raw === 'yes', ...(version ? { wordingVersion: version } : {}) })
    }
    return out
  })
}

/** The date someone joined, when it was not today (a paper form received earlier): day, month and year fields. */
export function joinedOnSchema() {
  return formSchema<string | undefined>((values, issues) => {
    const day = text(values['joinedOn-day'])
    const month = text(values['joinedOn-month'])
    const year = text(values['joinedOn-year'])
    if (!day && !month && !year) return undefined
    if (!day) issues.push({ path: 'joinedOn-day', message: 'The date they joined must include a day' })
    else if (!month) issues.push({ path: 'joinedOn-month', message: 'The date they joined must include a month' })
    else if (!year) issues.push({ path: 'joinedOn-year', message: 'The date they joined must include a year' })
    if (issues.length > 0) return undefined
    const [d, m, y] = [Number(day), Number(month), Number(year)]
    const date = new Date(Date.UTC(y, m - 1, d))
    const real = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && date.getUTCDate() === d && date.getUTCMonth() === m - 1
    if (!real) {
      issues.push({ path: 'joinedOn-day', message: 'The date they joined must be a real date, like 27 3 2026' })
      return undefined
    }
    if (y < 2000) {
      issues.push({ path: 'joinedOn-year', message: 'The date they joined must be in 2000 or later' })
      return undefined
    }
    return date.toISOString()
  })
}

// ---- the other way: typed answers to form values, to fill in a form for changing them ----

/** Contact details as held (missing values may be null or undefined). */
export interface ContactDetailsHeld {
  fullName?: string
  email?: string | null
  phone?: string | null
  address?: PostalAddress | null
  preferredChannel?: string
  preferredFormat?: string
  preferredLanguage?: string | null
}

export function contactDetailsToForm(d: ContactDetailsHeld): Record<string, string> {
  return {
    [FIELD.fullName]: d.fullName ?? '',
    [FIELD.email]: d.email ?? '',
    [FIELD.phone]: d.phone ?? '',
    [FIELD.addressLine1]: d.address?.line1 ?? '',
    [FIELD.addressLine2]: d.address?.line2 ?? '',
    [FIELD.addressTown]: d.address?.town ?? '',
    [FIELD.addressPostcode]: d.address?.postcode ?? '',
    [FIELD.preferredChannel]: d.preferredChannel ?? '',
    [FIELD.preferredFormat]: d.preferredFormat ?? '',
    [FIELD.preferredLanguage]: d.preferredLanguage ?? '',
  }
}

export function answersToForm(answers: Record<string, readonly string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(answers).map(([k, v]) => [answerField(k), [...v]]))
}

export function supportNeedsToForm(needs: readonly { need: string; detail?: string | null }[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = { [FIELD.needs]: needs.map(n => n.need) }
  for (const n of needs) if (n.detail) out[needDetailField(n.need)] = n.detail
  return out
}

export function consentsToForm(consents: readonly { purpose: string; given: boolean | null }[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const c of consents) if (c.given !== null) out[consentField(c.purpose)] = c.given ? 'yes' : 'no'
  return out
}

/** Run a schema inside a command: the answers, or AppError(VALIDATION_FAILED) with one GOV.UK error per field. */
export function parseOrThrow<T>(schema: z.ZodType<T>, values: FormValues): T {
  const result = schema.safeParse(values)
  if (result.success) return result.data
  const fieldErrors: FieldError[] = []
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('-') || 'form'
    if (!fieldErrors.some(e => e.field === field)) fieldErrors.push({ field, message: issue.message })
  }
  throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: fieldErrors[0]?.message ?? 'The answers are not valid', fieldErrors })
}

/**
 * Answers in the shape registerParticipant takes: one code for a single-answer question, a list for a
 * several-answer one; questions not answered are left out.
 */
export function registrationAnswers(catalogue: PanelCatalogue, answers: Record<string, readonly string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, codes] of Object.entries(answers)) {
    if (codes.length === 0) continue
    const d = catalogue.dimensions.find(x => x.key === key)
    out[key] = d && !d.multiple ? codes[0]! : [...codes]
  }
  return out
}
