import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PANEL_CATALOGUE, findDimension } from './catalogue.ts'
import {
  answersSchema,
  consentsSchema,
  contactDetailsSchema,
  contactDetailsToForm,
  contactLimitSchema,
  contactMethodsSchema,
  joinedOnSchema,
  nameSchema,
  parseOrThrow,
  preferencesSchema,
  seldomHeardTagsSchema,
  supportNeedsSchema,
  supportNeedsToForm,
  type FormValues,
} from './join-questions.ts'
import type { z } from 'zod'
import { AppError } from '../../../platform/errors.ts'

const catalogue = DEFAULT_PANEL_CATALOGUE

/** The errors a schema gives for some form values, as field -> message. */
function errorsOf(schema: z.ZodType, values: FormValues): Record<string, string> {
  const r = schema.safeParse(values)
  if (r.success) return {}
  const out: Record<string, string> = {}
  for (const i of r.error.issues) out[i.path.join('-')] ??= i.message
  return out
}

describe('the joining questions', () => {
  it('asks for a name, in the voice of the person or of staff', () => {
    assert.deepEqual(errorsOf(nameSchema('you'), { fullName: '  ' }), { fullName: 'Enter your full name' })
    assert.deepEqual(errorsOf(nameSchema('they'), {}), { fullName: 'Enter their full name' })
    assert.deepEqual(errorsOf(nameSchema('you'), { fullName: 'x'.repeat(201) }), { fullName: 'Full name must be 200 characters or fewer' })
    assert.deepEqual(nameSchema('you').parse({ fullName: '  Ada Lovelace ' }), { fullName: 'Ada Lovelace' })
  })

  it('needs at least one way to contact, and checks each one given', () => {
    assert.deepEqual(errorsOf(contactMethodsSchema('you'), { email: '', phone: '', addressLine1: '' }), {
      email: 'Enter at least one way to contact you: an email address, a phone number or a postal address',
    })
    assert.deepEqual(errorsOf(contactMethodsSchema('they'), {}), {
      email: 'Enter at least one way to contact them: an email address, a phone number or a postal address',
    })
    assert.deepEqual(errorsOf(contactMethodsSchema('you'), { email: 'not-an-email', phone: '12', addressTown: 'Eastport', addressPostcode: 'nope' }), {
      email: 'Enter an email address in the correct format, like name@example.com',
      phone: 'Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
      addressLine1: 'Enter the first line of the address',
      addressPostcode: 'Enter a real postcode, like NS1 4QT',
    })
    assert.deepEqual(contactMethodsSchema('you').parse({ email: ' Ada@Example.ORG ', phone: '+44 7700 900982', addressLine1: '1 High St', addressTown: 'Eastport', addressPostcode: 'ns1  4qt' }), {
      email: 'ada@example.org',
      phone: '+44 7700 900982',
      address: { line1: '1 High St', town: 'Eastport', postcode: 'NS1 4QT' },
    })
  })

  it('only lets someone choose a way of contact we have the details for', () => {
    const prefs = preferencesSchema('you', { phone: '07700 900982' })
    assert.deepEqual(errorsOf(prefs, { preferredChannel: 'email' }), {
      preferredChannel: 'You have not given an email address. Choose another way, or go back and add an email address',
    })
    assert.deepEqual(prefs.parse({ preferredChannel: 'text', preferredFormat: 'large_print' }), { preferredChannel: 'text', preferredFormat: 'large_print' })
    assert.deepEqual(errorsOf(prefs, {}), { preferredChannel: 'Select how you would like us to contact you' })
    assert.deepEqual(errorsOf(prefs, { preferredChannel: 'phone', preferredFormat: 'another_language' }), { preferredLanguage: 'Enter the language you would like us to use' })
    assert.deepEqual(prefs.parse({ preferredChannel: 'phone', preferredFormat: 'another_language', preferredLanguage: 'Polish' }).preferredLanguage, 'Polish')
    assert.equal(prefs.parse({ preferredChannel: 'phone', preferredFormat: 'standard', preferredLanguage: 'Polish' }).preferredLanguage, undefined, 'a language only with that format')
  })

  it('checks name, contact details and preferences on one form, naming the missing detail', () => {
    const schema = contactDetailsSchema('they')
    assert.deepEqual(errorsOf(schema, { fullName: 'Ada', phone: '07700 900982', preferredChannel: 'letter' }), {
      addressLine1: 'Enter their postal address, or choose another way for us to contact them',
    })
    const held = { fullName: 'Ada', email: 'ada@example.org', phone: null, address: null, preferredChannel: 'email', preferredFormat: 'standard', preferredLanguage: null }
    assert.deepEqual(schema.parse(contactDetailsToForm(held)), { fullName: 'Ada', email: 'ada@example.org', preferredChannel: 'email', preferredFormat: 'standard' })
  })

  it('accepts no answer, one answer, or several where several are allowed, and never an exclusive one with another', () => {
    const ltc = findDimension(catalogue, 'long_term_condition')!
    const area = findDimension(catalogue, 'area')!
    const schema = answersSchema([area, ltc])
    assert.deepEqual(schema.parse({}), { area: [], long_term_condition: [] })
    assert.deepEqual(schema.parse({ 'answer-area': 'glenmoor', 'answer-long_term_condition': ['mobility', 'chronic_pain'] }), {
      area: ['glenmoor'],
      long_term_condition: ['mobility', 'chronic_pain'],
    })
    assert.deepEqual(errorsOf(schema, { 'answer-area': 'atlantis', 'answer-long_term_condition': ['mobility', 'none'] }), {
      'answer-area': 'Select an answer from the list',
      'answer-long_term_condition': '"None" cannot be chosen with another answer',
    })
    assert.deepEqual(errorsOf(schema, { 'answer-area': ['glenmoor', 'eastport'] }), { 'answer-area': 'Select one answer' })
    assert.deepEqual(schema.parse({ 'answer-area': 'prefer_not_to_say' }).area, ['prefer_not_to_say'])
  })

  it('takes support needs with details where asked for', () => {
    const schema = supportNeedsSchema(catalogue, 'you')
    assert.deepEqual(schema.parse({}), [])
    assert.deepEqual(schema.parse({ needs: ['quiet_room', 'travel'], 'needDetail-travel': 'Taxi', 'needDetail-quiet_room': 'ignored' }), [
      { need: 'travel', detail: 'Taxi' },
      { need: 'quiet_room' },
    ])
    assert.deepEqual(errorsOf(schema, { needs: 'other' }), { 'needDetail-other': 'Enter details of the support you need (something else)' })
    assert.deepEqual(errorsOf(schema, { needs: 'jetpack' }), { needs: 'Select support from the list' })
    assert.deepEqual(schema.parse(supportNeedsToForm([{ need: 'dietary', detail: 'Vegan' }])), [{ need: 'dietary', detail: 'Vegan' }])
  })

  it('asks for every consent; to join, contact must be agreed to', () => {
    const joining = consentsSchema('you', { joining: true })
    assert.deepEqual(Object.keys(errorsOf(joining, {})), ['consent-contact_research', 'consent-quotes', 'consent-special_category', 'consent-recordings'])
    assert.match(errorsOf(joining, {})['consent-contact_research']!, /You need to agree to this to join the panel/)
    const answers = joining.parse({
      'consent-contact_research': 'yes',
      'version-contact_research': '1',
      'consent-quotes': 'no',
      'consent-special_category': 'yes',
      'consent-recordings': 'no',
    })
    assert.deepEqual(answers, [
      { purpose: 'contact_research', given: true, wordingVersion: 1 },
      { purpose: 'quotes', given: false },
      { purpose: 'special_category', given: true },
      { purpose: 'recordings', given: false },
    ])
    const changing = consentsSchema('you', { joining: false })
    const withdrawn = changing.parse({ 'consent-contact_research': 'no', 'consent-quotes': 'no', 'consent-special_category': 'no', 'consent-recordings': 'no' })
    assert.equal(withdrawn[0]!.given, false, 'later, contact can be withdrawn like any other')
    assert.deepEqual(errorsOf(consentsSchema('they', { joining: false }), { 'consent-contact_research': 'maybe' })['consent-contact_research'], 'Select whether they agree to us contacting them about research')
  })

  it('reads tags, the contact limit and the date someone joined', () => {
    assert.deepEqual(seldomHeardTagsSchema(catalogue).parse({ seldomHeardTags: 'remote_rural' }), ['remote_rural'])
    assert.deepEqual(errorsOf(seldomHeardTagsSchema(catalogue), { seldomHeardTags: ['aliens'] }), { seldomHeardTags: 'Select a group from the list' })
    assert.equal(contactLimitSchema().parse({}), 2)
    assert.equal(contactLimitSchema().parse({ maxInvitationsPerMonth: ' 4 ' }), 4)
    assert.deepEqual(errorsOf(contactLimitSchema(), { maxInvitationsPerMonth: '0' }), { maxInvitationsPerMonth: 'Invitations a month must be 1 or more' })
    assert.deepEqual(errorsOf(contactLimitSchema(), { maxInvitationsPerMonth: '2.5' }), { maxInvitationsPerMonth: 'Enter how many invitations a month, as a whole number' })
    assert.equal(joinedOnSchema().parse({}), undefined)
    assert.equal(joinedOnSchema().parse({ 'joinedOn-day': '3', 'joinedOn-month': '2', 'joinedOn-year': '2026' }), '2026-02-03T00:00:00.000Z')
    assert.deepEqual(errorsOf(joinedOnSchema(), { 'joinedOn-day': '31', 'joinedOn-month': '2', 'joinedOn-year': '2026' }), {
      'joinedOn-day': 'The date they joined must be a real date, like 27 3 2026',
    })
    assert.deepEqual(errorsOf(joinedOnSchema(), { 'joinedOn-day': '3', 'joinedOn-year': '2026' }), { 'joinedOn-month': 'The date they joined must include a month' })
  })

  it('turns problems into one GOV.UK error per field inside a command', () => {
    assert.throws(
      () => parseOrThrow(contactMethodsSchema('they'), { email: 'x', phone: 'y' }),
      (err: unknown) => err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.fieldErrors.map(e => e.field).join() === 'email,phone',
    )
  })
})
