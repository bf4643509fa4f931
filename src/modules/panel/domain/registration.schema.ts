import { z } from 'zod'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import { CHANNELS, FORMATS, JOIN_ROUTES, type Channel, type Format, type JoinRoute, type PanelCatalogue } from './catalogue.ts'
import { normalisePhone, type PostalAddress } from './participant.ts'

/** What a registration gives, from any channel (online form, staff entering a phone call or a paper form, import). */
export interface RegisterParticipantInput {
  fullName: string
  email?: string
  phone?: string
  address?: PostalAddress
  preferredChannel: Channel
  preferredFormat?: Format
  /** Needed when the preferred format is another language. */
  preferredLanguage?: string
  /** Dimension key to one code, or several codes for a multi-valued dimension. Leave a dimension out if not answered. */
  demographics?: Record<string, string | string[]>
  supportNeeds?: { need: string; detail?: string }[]
  seldomHeardTags?: string[]
  joinedVia: JoinRoute
  /** When they joined, if not now (e.g. a paper form received earlier). ISO-8601. */
  joinedAt?: string
  /** At most this many invitations a month (default 2). */
  maxInvitationsPerMonth?: number
}

export interface Registration {
  fullName: string
  email?: string
  phone?: string
  address?: PostalAddress
  preferredChannel: Channel
  preferredFormat: Format
  preferredLanguage?: string
  demographics: Record<string, string[]>
  supportNeeds: { need: string; detail?: string }[]
  seldomHeardTags: string[]
  joinedVia: JoinRoute
  joinedAt?: string
  maxInvitationsPerMonth: number
}

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/
const PHONE_HELP = 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192'

/** Forms send '' for an empty field: treat it as not given. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
/** Forms send one checked checkbox as a string and several as a list. */
const oneToList = (v: unknown) => (typeof v === 'string' ? [v] : v)

function requiredText(max: number, missing: string, tooLong: string) {
  return z.string({ error: missing }).trim().min(1, missing).max(max, tooLong)
}

function optionalText(max: number, tooLong: string) {
  return z.preprocess(blankToUndefined, z.string().trim().max(max, tooLong).optional())
}

function codes(options: readonly { code: string }[]): [string, ...string[]] {
  return options.map(o => o.code) as [string, ...string[]]
}

/** The registration schema for a catalogue. Error messages follow the GOV.UK style; paths name form fields. */
export function registrationSchema(catalogue: PanelCatalogue) {
  const demographicShape: Record<string, z.ZodType> = {}
  for (const d of catalogue.dimensions) {
    const value = z.enum(codes(d.options), { error: `Select an answer for ${d.label.toLowerCase()} from the list` })
    demographicShape[d.key] = d.multiple
      ? z.preprocess(oneToList, z.array(value).min(1, `Select at least one answer for ${d.label.toLowerCase()}`).optional())
      : z.preprocess(blankToUndefined, value.optional())
  }
  const supportNeedCodes = codes(catalogue.supportNeeds)
  const tagCodes = codes(catalogue.seldomHeardTags)

  return z
    .object({
      fullName: requiredText(200, 'Enter their full name', 'Full name must be 200 characters or fewer'),
      email: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .max(320, 'Email address must be 320 characters or fewer')
          .email('Enter an email address in the correct format, like name@example.com')
          .transform(e => e.toLowerCase())
          .optional(),
      ),
      phone: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .max(30, PHONE_HELP)
          .refine(p => /^[0-9 +()-]+$/.test(p) && /^0\d{9,10}$/.test(normalisePhone(p)), PHONE_HELP)
          .optional(),
      ),
      address: z.preprocess(
        v => (v && typeof v === 'object' && Object.values(v).every(x => blankToUndefined(x) === undefined) ? undefined : v),
        z
          .object({
            line1: requiredText(200, 'Enter the first line of the address', 'Address line 1 must be 200 characters or fewer'),
            line2: optionalText(200, 'Address line 2 must be 200 characters or fewer'),
            town: requiredText(100, 'Enter the town or city', 'Town or city must be 100 characters or fewer'),
            postcode: z
              .string({ error: 'Enter the postcode' })
              .trim()
              .transform(p => p.toUpperCase().replace(/\s+/g, ' '))
              .refine(p => POSTCODE.test(p), 'Enter a real postcode, like NS1 4QT'),
          })
          .optional(),
      ),
      preferredChannel: z.enum(codes(CHANNELS), { error: 'Select how they would like us to contact them' }),
      preferredFormat: z.preprocess(
        blankToUndefined,
        z.enum(codes(FORMATS), { error: 'Select a format from the list' }).default('standard'),
      ),
      preferredLanguage: optionalText(100, 'Language must be 100 characters or fewer'),
      demographics: z.strictObject(demographicShape, { error: 'Answer only the questions on the form' }).default({}),
      supportNeeds: z
        .array(
          z.object({
            need: z.enum(supportNeedCodes, { error: 'Select a support need from the list' }),
            detail: optionalText(500, 'Details of a support need must be 500 characters or fewer'),
          }),
        )
        .default([]),
      seldomHeardTags: z.preprocess(oneToList, z.array(z.enum(tagCodes, { error: 'Select a group from the list' })).default([])),
      joinedVia: z.enum(codes(JOIN_ROUTES), { error: 'Select how they joined' }),
      joinedAt: z.preprocess(
        blankToUndefined,
        z.iso.datetime({ offset: true, error: 'Enter the date they joined as a date and time' }).optional(),
      ),
      maxInvitationsPerMonth: z.preprocess(
        blankToUndefined,
        z.coerce
          .number({ error: 'Enter how many invitations a month, as a number' })
          .int('Enter a whole number of invitations a month')
          .min(1, 'Invitations a month must be 1 or more')
          .max(20, 'Invitations a month must be 20 or fewer')
          .default(2),
      ),
    })
    .superRefine((v, ctx) => {
      const problem = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
      if (v.preferredChannel === 'email' && !v.email) {
        problem(['email'], 'Enter an email address, or choose another way to contact them')
      }
      if ((v.preferredChannel === 'text' || v.preferredChannel === 'phone') && !v.phone) {
        problem(['phone'], 'Enter a phone number, or choose another way to contact them')
      }
      if (v.preferredChannel === 'letter' && !v.address) {
        problem(['address', 'line1'], 'Enter a postal address, or choose another way to contact them')
      }
      if (v.preferredFormat === 'another_language' && !v.preferredLanguage) {
        problem(['preferredLanguage'], 'Enter the language they would like us to use')
      }
      for (const d of catalogue.dimensions) {
        const answer = v.demographics[d.key]
        if (!Array.isArray(answer) || answer.length < 2) continue
        const exclusive = d.options.filter(o => o.exclusive && answer.includes(o.code))
        if (exclusive.length > 0) {
          problem(['demographics', d.key], `"${exclusive[0]!.label}" cannot be chosen with another answer for ${d.label.toLowerCase()}`)
        }
      }
      const seen = new Set<string>()
      v.supportNeeds.forEach((n, i) => {
        if (seen.has(n.need)) problem(['supportNeeds', i, 'need'], 'Each support need can be given only once')
        seen.add(n.need)
        const kind = catalogue.supportNeeds.find(s => s.code === n.need)
        if (kind?.detail === 'required' && !n.detail) {
          problem(['supportNeeds', i, 'detail'], `Enter details of the support they need (${kind.label.toLowerCase()})`)
        }
      })
    })
}

/** Validate a registration. Throws AppError(VALIDATION_FAILED) with one GOV.UK error per field. */
// Building the schema is costly (about 2 ms) and a catalogue never changes once made: build it once per catalogue.
const schemas = new WeakMap<PanelCatalogue, ReturnType<typeof registrationSchema>>()

export function parseRegistration(catalogue: PanelCatalogue, input: unknown, fieldPrefix = ''): Registration {
  let schema = schemas.get(catalogue)
  if (!schema) {
    schema = registrationSchema(catalogue)
    schemas.set(catalogue, schema)
  }
  const result = schema.safeParse(input)
  if (!result.success) {
    const fieldErrors: FieldError[] = []
    for (const issue of result.error.issues) {
      const field = fieldPrefix + (issue.path.map(String).join('-') || 'form')
      if (!fieldErrors.some(e => e.field === field)) fieldErrors.push({ field, message: issue.message })
    }
    throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: fieldErrors[0]?.message ?? 'The registration is not valid', fieldErrors })
  }
  const v = result.data
  const demographics: Record<string, string[]> = {}
  for (const [key, answer] of Object.entries(v.demographics)) {
    if (answer === undefined) continue
    demographics[key] = [...new Set(Array.isArray(answer) ? (answer as string[]) : [answer as string])]
  }
  const a = v.address
  const address = a ? { line1: a.line1, ...(a.line2 ? { line2: a.line2 } : {}), town: a.town, postcode: a.postcode } : undefined
  return {
    fullName: v.fullName,
    email: v.email,
    phone: v.phone,
    address,
    preferredChannel: v.preferredChannel as Channel,
    preferredFormat: v.preferredFormat as Format,
    preferredLanguage: v.preferredFormat === 'another_language' ? v.preferredLanguage : undefined,
    demographics,
    supportNeeds: v.supportNeeds.map(n => {
      const kind = catalogue.supportNeeds.find(s => s.code === n.need)
      return kind?.detail === 'none' || !n.detail ? { need: n.need } : { need: n.need, detail: n.detail }
    }),
    seldomHeardTags: [...new Set(v.seldomHeardTags)],
    joinedVia: v.joinedVia as JoinRoute,
    joinedAt: v.joinedAt,
    maxInvitationsPerMonth: v.maxInvitationsPerMonth,
  }
}
