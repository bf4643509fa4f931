import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { IDENTITY_FIELD_NAMES, identityContext } from './participant.ts'
import { isPseudonym } from './pseudonym.ts'
import { registerParticipant, registerParticipants } from './register-participant.ts'
import type { RegisterParticipantInput } from './registration.schema.ts'

function depsOf(database: TestDatabase): AppDeps {
  return {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    mailer: { send: async () => {}, close: () => {} },
    logger: createLogger('silent'),
  }
}

/** For assert.rejects: the error is an AppError with this code. */
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

const staff = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })
const SYSTEM = systemActor('test')
let serial = 0

/** A registration with distinctive identity values, so a test can look for them anywhere they should not be. */
function person(over: Partial<RegisterParticipantInput> = {}): RegisterParticipantInput {
  serial += 1
  return {
    fullName: `Zebedee Quintessa-${serial}`,
    email: `zebedee.quintessa.${serial}@example.org`,
    phone: `07700 900${String(500 + serial).padStart(3, '0')}`,
    address: { line1: `${serial} Xylophone Wynd`, town: 'Eastport', postcode: 'EP2 7QX' },
    preferredChannel: 'email',
    preferredFormat: 'standard',
    demographics: { area: 'eastport', age_band: '35_44', benefits: ['disability', 'carer'], long_term_condition: ['mental_health'] },
    supportNeeds: [{ need: 'travel', detail: 'Bus fare' }, { need: 'quiet_room' }],
    seldomHeardTags: ['care_experienced'],
    joinedVia: 'online',
    ...over,
  }
}

function identityStrings(p: RegisterParticipantInput): string[] {
  return [p.fullName, p.email, p.phone, p.address?.line1, p.address?.postcode, p.preferredLanguage].filter((s): s is string => typeof s === 'string')
}

async function count(db: TestDatabase['db'], table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

async function counts(db: TestDatabase['db']) {
  const tables = ['panel_participant', 'panel_identity', 'panel_demographic', 'panel_support_need', 'panel_seldom_heard_tag', 'audit_event']
  return Object.fromEntries(await Promise.all(tables.map(async t => [t, await count(db, t)] as const)))
}

async function rejectsWithFields(promise: Promise<unknown>, fields: string[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, String(err))
    assert.equal(err.code, 'VALIDATION_FAILED')
    for (const f of fields) assert.ok(err.fieldErrors.some(e => e.field === f), `expected an error on ${f}, got ${JSON.stringify(err.fieldErrors)}`)
    return true
  })
}

for (const dialect of TEST_DIALECTS) {
  describe(`registerParticipant (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())

    it('registers a person and returns research data under a new pseudonym, with no identity', async () => {
      const input = person()
      const dto = await registerParticipant(deps, SYSTEM, input)
      assert.ok(isPseudonym(dto.pseudonym), dto.pseudonym)
      assert.equal(dto.status, 'active')
      assert.equal(dto.joinedVia, 'online')
      assert.deepEqual(dto.demographics, { area: ['eastport'], age_band: ['35_44'], benefits: ['disability', 'carer'], long_term_condition: ['mental_health'] })
      assert.deepEqual(dto.supportNeeds, [{ need: 'travel', detail: 'Bus fare' }, { need: 'quiet_room', detail: null }])
      assert.deepEqual(dto.seldomHeardTags, ['care_experienced'])
      for (const key of Object.keys(dto)) assert.ok(!IDENTITY_FIELD_NAMES.includes(key), `research DTO has ${key}`)
      const json = JSON.stringify(dto)
      for (const s of identityStrings(input)) assert.ok(!json.includes(s), `research DTO contains ${s}`)
    })

    it('stores identity and contact details encrypted: the plaintext is nowhere in the database', async () => {
      const input = person({ preferredFormat: 'another_language', preferredLanguage: 'Tigrinya' })
      const dto = await registerParticipant(deps, SYSTEM, input)
      const raw = await database.db
        .withTables<{ panel_identity: Record<string, string | null> }>()
        .selectFrom('panel_identity')
        .selectAll()
        .where('participant_id', '=', dto.id)
        .executeTakeFirstOrThrow()
      const rawText = JSON.stringify(raw)
      for (const s of [...identityStrings(input), 'zebedee', 'Xylophone', 'Tigrinya']) {
        assert.ok(!rawText.toLowerCase().includes(s.toLowerCase()), `raw identity row contains ${s}`)
      }
      for (const column of ['full_name_enc', 'email_enc', 'phone_enc', 'address_enc', 'preferred_language_enc']) {
        assert.match(String(raw[column]), /^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, column)
      }
      // Contact preferences stay readable for operations (how many letters to print), not identity on their own.
      assert.equal(raw.preferred_channel, 'email')
      // It decrypts with the configured key, and only in its own place.
      const cipher = fieldCipherFor(database.config.identityKey)
      assert.equal(cipher.decrypt(String(raw.email_enc), identityContext('email', dto.id)), input.email)
      assert.throws(() => cipher.decrypt(String(raw.email_enc), identityContext('phone', dto.id)))

      // Nor anywhere else: research tables and the audit trail.
      const otherTables = ['panel_participant', 'panel_demographic', 'panel_support_need', 'panel_seldom_heard_tag', 'audit_event']
      const everywhereElse = JSON.stringify(await Promise.all(otherTables.map(t => sql`select * from ${sql.table(t)}`.execute(database.db))))
      for (const s of identityStrings(input)) assert.ok(!everywhereElse.includes(s), `found ${s} outside the identity table`)
    })

    it('writes one audit event in the same transaction, naming the pseudonym and never the person', async () => {
      const input = person()
      const manager = staff('panel_manager')
      const dto = await registerParticipant(deps, manager, { ...input, joinedVia: 'phone' })
      const events = await database.db.selectFrom('audit_event').selectAll().where('subject_id', '=', dto.id).execute()
      assert.equal(events.length, 1)
      const e = events[0]!
      assert.equal(e.action, 'panel.participant_registered')
      assert.equal(e.subject_type, 'participant')
      assert.equal(e.actor_role, 'panel_manager')
      assert.equal(e.actor_user_id, manager.userId)
      assert.deepEqual(JSON.parse(e.summary), { after: { pseudonym: dto.pseudonym, status: 'active', joinedVia: 'phone' } })
      for (const s of identityStrings(input)) assert.ok(!JSON.stringify(e).includes(s))
      assert.equal(dto.enteredByUserId, manager.userId)
      assert.equal(dto.enteredByRole, 'panel_manager')
    })

    it('writes neither the participant nor the event when the audit write fails', async () => {
      // Events are written (pending) in the change's own transaction: make that write fail (docs/adr/0007).
      if (dialect === 'sqlite') {
        await sql`create trigger panel_test_fail_audit before insert on audit_event_pending when new.action = 'panel.participant_registered'
          begin select raise(abort, 'audit unavailable'); end`.execute(database.db)
      } else {
        await sql`create function panel_test_fail_audit() returns trigger language plpgsql as $$
          begin if new.action = 'panel.participant_registered' then raise exception 'audit unavailable'; end if; return new; end $$`.execute(database.db)
        await sql`create trigger panel_test_fail_audit before insert on audit_event_pending for each row execute function panel_test_fail_audit()`.execute(database.db)
      }
      try {
        const before = await counts(database.db)
        await assert.rejects(registerParticipant(deps, SYSTEM, person()), /audit unavailable/)
        assert.deepEqual(await counts(database.db), before)
      } finally {
        await sql`drop trigger panel_test_fail_audit${dialect === 'postgres' ? sql` on audit_event_pending` : sql``}`.execute(database.db)
        if (dialect === 'postgres') await sql`drop function panel_test_fail_audit()`.execute(database.db)
      }
      // And with the audit trail working again, the same registration goes through.
      await registerParticipant(deps, SYSTEM, person())
    })

    it('registers a batch all or nothing: a bad row late in the batch leaves no rows and no events', async () => {
      const first = person()
      const before = await counts(database.db)
      await assert.rejects(registerParticipants(deps, SYSTEM, [first, person(), person({ email: first.email?.toUpperCase() })]), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['rows-3-email'])
        return true
      })
      assert.deepEqual(await counts(database.db), before)
      const done = await registerParticipants(deps, SYSTEM, [person(), person()])
      assert.equal(done.length, 2)
      assert.equal((await counts(database.db)).audit_event, (before.audit_event ?? 0) + 2, 'one audit event per registration')
    })

    it('refuses the same email twice, whatever its case', async () => {
      const input = person()
      await registerParticipant(deps, SYSTEM, input)
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ email: `  ${input.email!.toUpperCase()} ` })), ['email'])
    })

    it('validates with GOV.UK messages and writes nothing when the input is wrong', async () => {
      const before = await counts(database.db)
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ fullName: '  ' })), ['fullName'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ email: undefined })), ['email'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ preferredChannel: 'letter', address: undefined })), ['address-line1'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ preferredChannel: 'text', phone: undefined })), ['phone'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ phone: '12345' })), ['phone'])
      const badPostcode = { line1: '1 Road', town: 'Eastport', postcode: 'not a postcode' }
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ address: badPostcode })), ['address-postcode'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ preferredFormat: 'another_language' })), ['preferredLanguage'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ demographics: { area: 'atlantis' } })), ['demographics-area'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ demographics: { shoe_size: '9' } })), ['demographics'])
      const exclusive = { benefits: ['disability', 'prefer_not_to_say'] }
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ demographics: exclusive })), ['demographics-benefits'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ supportNeeds: [{ need: 'other' }] })), ['supportNeeds-0-detail'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ supportNeeds: [{ need: 'travel' }, { need: 'travel' }] })), ['supportNeeds-1-need'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ seldomHeardTags: ['left_handed'] })), ['seldomHeardTags-0'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ maxInvitationsPerMonth: 0 })), ['maxInvitationsPerMonth'])
      await rejectsWithFields(registerParticipant(deps, SYSTEM, person({ joinedAt: new Date(Date.now() + 86_400_000).toISOString() })), ['joinedAt'])
      assert.deepEqual(await counts(database.db), before)
    })

    it('accepts answers as a form sends them: blanks as not given, one checkbox as a string, prefer not to say', async () => {
      const dto = await registerParticipant(deps, SYSTEM, {
        ...person({ preferredChannel: 'letter', email: '', phone: '' }),
        demographics: { area: 'glenmoor', age_band: '', benefits: 'low_income', ethnicity: 'prefer_not_to_say' } as Record<string, string>,
        joinedAt: '2026-02-03T10:00:00Z',
      })
      assert.deepEqual(dto.demographics, { area: ['glenmoor'], benefits: ['low_income'], ethnicity: ['prefer_not_to_say'] })
      assert.equal(dto.joinedAt, '2026-02-03T10:00:00.000Z')
      assert.equal(dto.maxInvitationsPerMonth, 2)
    })

    it('lets only the panel manager, a partner (for people it refers) and the system register people', async () => {
      for (const role of ['analyst', 'admin', 'panel_member', 'public', 'policy_official', 'scrutiny_body'] as const) {
        await assert.rejects(registerParticipant(deps, staff(role), person({ joinedVia: 'phone' })), hasCode('FORBIDDEN'), role)
      }
      await assert.rejects(registerParticipant(deps, staff('seldom_heard_partner'), person({ joinedVia: 'phone' })), /cannot add people/)
      const viaPartner = await registerParticipant(deps, staff('seldom_heard_partner'), person({ joinedVia: 'partner' }))
      assert.equal(viaPartner.enteredByRole, 'seldom_heard_partner')
    })

    it('never reuses a pseudonym, and gives up cleanly if it cannot find a free one', async () => {
      const taken = (await registerParticipant(deps, SYSTEM, person())).pseudonym
      const offered = [taken, taken, 'P-22222Z']
      const dto = await registerParticipant(deps, SYSTEM, person(), { pseudonyms: () => offered.shift() ?? 'P-33333Z' })
      assert.equal(dto.pseudonym, 'P-22222Z')
      const before = await counts(database.db)
      await assert.rejects(registerParticipant(deps, SYSTEM, person(), { pseudonyms: () => taken }), hasCode('CONFLICT'))
      assert.deepEqual(await counts(database.db), before)
    })
  })
}
