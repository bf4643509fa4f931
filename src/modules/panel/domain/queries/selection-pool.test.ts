import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { createActiveUser } from '../../../accounts/index.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { systemClock } from '../../../../platform/clock.ts'
import { createFieldCipher } from '../../../../platform/crypto/field-cipher.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { createEventBus } from '../../../../platform/events/event-bus.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { setParticipantUser } from '../../data/participant-update.repository.ts'
import { DEFAULT_PANEL_CATALOGUE, PREFER_NOT_TO_SAY } from '../catalogue.ts'
import { changeParticipantStatus } from '../change-participant-status.ts'
import { changeConsents } from '../consent-change.ts'
import { eraseParticipant } from '../erase-participant.ts'
import { registerParticipant } from '../register-participant.ts'
import type { RegisterParticipantInput } from '../registration.schema.ts'
import { householdKey, HOUSEHOLD_FINGERPRINT_PURPOSE, NOT_ANSWERED, getSelectionPool, participantAccounts, toPoolMembers, type SelectionPoolMember } from './selection-pool.ts'

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

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const SYSTEM = systemActor('test')
const ANALYST: Actor = { userId: null, role: 'analyst', displayName: 'Analyst' }
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const SINGLE_KEYS = DEFAULT_PANEL_CATALOGUE.dimensions.filter(d => !d.multiple).map(d => d.key)

/** Distinctive identity values, so the test can check none of them reaches the pool. */
function person(n: number, over: Partial<RegisterParticipantInput> = {}): RegisterParticipantInput {
  return {
    fullName: `Ottoline Brackenridge ${n}`,
    email: `ottoline.brackenridge.${n}@example.org`,
    preferredChannel: 'email',
    joinedVia: 'phone',
    ...over,
  }
}

describe('the household key', () => {
  it('is the postcode and first line, whatever the case and spaces; the rest of the address does not count', () => {
    const a = householdKey({ line1: '12 Heather  Lane', postcode: 'EP1 1AA' })
    assert.equal(a, householdKey({ line1: ' 12 heather lane ', postcode: 'ep11aa' }))
    assert.equal(a, householdKey({ line1: '12\tHEATHER LANE', postcode: 'EP1  1AA' }))
    assert.notEqual(a, householdKey({ line1: '14 Heather Lane', postcode: 'EP1 1AA' }))
    assert.notEqual(a, householdKey({ line1: '12 Heather Lane', postcode: 'EP1 1AB' }))
    assert.equal(householdKey({ line1: '', postcode: 'EP1 1AA' }), undefined)
    assert.equal(householdKey({ line1: '12 Heather Lane', postcode: ' ' }), undefined)
  })

  it('cannot be confused by where the postcode ends and the first line starts', () => {
    assert.notEqual(householdKey({ line1: '1AA 12 Heather Lane', postcode: 'EP1' }), householdKey({ line1: '12 Heather Lane', postcode: 'EP1 1AA' }))
  })
})

describe('pool members from rows', () => {
  it('gives every single-valued dimension a value, leaves out the multi-valued ones, sorts tags and members', () => {
    const members = toPoolMembers(
      DEFAULT_PANEL_CATALOGUE,
      {
        members: [
          { id: 'b', pseudonym: 'P-BBBBBB', address_enc: null },
          { id: 'a', pseudonym: 'P-AAAAAA', address_enc: 'x' },
        ],
        answers: [
          { participant_id: 'a', dimension: 'area', value: 'eastport' },
          { participant_id: 'a', dimension: 'gender', value: PREFER_NOT_TO_SAY.code },
          { participant_id: 'a', dimension: 'benefits', value: 'carer' },
          { participant_id: 'b', dimension: 'area', value: 'glenmoor' },
        ],
        tags: [
          { participant_id: 'a', tag: 'remote_rural' },
          { participant_id: 'a', tag: 'minority_ethnic' },
        ],
      },
      m => (m.address_enc ? `household-of-${m.id}` : null),
    )
    assert.deepEqual(members.map(m => m.pseudonym), ['P-AAAAAA', 'P-BBBBBB'])
    const [a, b] = members as [SelectionPoolMember, SelectionPoolMember]
    assert.deepEqual(Object.keys(a.values), SINGLE_KEYS)
    assert.ok(!('benefits' in a.values) && !('long_term_condition' in a.values))
    assert.equal(a.values.area, 'eastport')
    assert.equal(a.values.gender, 'prefer_not_to_say')
    assert.equal(a.values.age_band, NOT_ANSWERED)
    assert.deepEqual(a.seldomHeardTags, ['minority_ethnic', 'remote_rural'])
    assert.equal(a.household, 'household-of-a')
    assert.deepEqual(b, {
      participantId: 'b',
      pseudonym: 'P-BBBBBB',
      values: Object.fromEntries(SINGLE_KEYS.map(k => [k, k === 'area' ? 'glenmoor' : NOT_ANSWERED])),
      seldomHeardTags: [],
      household: null,
    })
  })

  it('is not an option code of any dimension', () => {
    for (const d of DEFAULT_PANEL_CATALOGUE.dimensions) assert.ok(!d.options.some(o => o.code === NOT_ANSWERED), d.key)
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`getSelectionPool and participantAccounts (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const id: Record<string, string> = {}
    const pseudonym: Record<string, string> = {}

    async function add(name: string, input: RegisterParticipantInput, contact: boolean | null, special = true): Promise<void> {
      const p = await registerParticipant(deps, SYSTEM, input)
      id[name] = p.id
      pseudonym[name] = p.pseudonym
      if (contact !== null) {
        await changeConsents(deps, MANAGER, p.id, [
          { purpose: 'contact_research', given: contact },
          { purpose: 'special_category', given: special },
        ])
      }
    }

    const pool = async (actor: Actor = ANALYST) => new Map((await getSelectionPool(deps, actor)).map(m => [m.participantId, m]))
    const member = async (name: string) => {
      const m = (await pool()).get(id[name]!)
      assert.ok(m, `${name} is in the pool`)
      return m
    }

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      await add(
        'answered',
        person(1, {
          address: { line1: '12 Heather Lane', town: 'Eastport', postcode: 'EP1 1AA' },
          demographics: { area: 'eastport', age_band: 'prefer_not_to_say', disability: 'limited_a_lot', benefits: ['disability', 'carer'], long_term_condition: ['mobility'] },
          seldomHeardTags: ['remote_rural', 'minority_ethnic'],
        }),
        true,
      )
      // The same household, written differently (and with a second line and town that do not count).
      await add('sameHome', person(2, { address: { line1: '  12 HEATHER   lane ', line2: 'Upstairs', town: 'EASTPORT', postcode: 'ep11aa' } }), true)
      await add('nextDoor', person(3, { address: { line1: '14 Heather Lane', town: 'Eastport', postcode: 'EP1 1AA' } }), true)
      await add('noAddress', person(4, { demographics: { area: 'glenmoor' } }), true)
      await add('noSpecialConsent', person(5, { demographics: { area: 'the_isles', disability: 'limited_a_little', ethnicity: 'mixed' } }), true)
      await add('saidNo', person(6, { demographics: { area: 'eastport' } }), false)
      await add('neverAsked', person(7, { demographics: { area: 'eastport' } }), null)
      await add('withdrawn', person(8, { demographics: { area: 'eastport' } }), true)
      await add('erased', person(9, { address: { line1: '12 Heather Lane', town: 'Eastport', postcode: 'EP1 1AA' } }), true)
      await add('laterNo', person(10, { demographics: { area: 'westhaven' } }), true)
      await changeParticipantStatus(deps, MANAGER, { participantId: id.withdrawn!, status: 'withdrawn' }, { events: createEventBus() })
      await eraseParticipant(deps, MANAGER, { participantId: id.erased!, deleteContributions: false }, { events: createEventBus() })
      // Withdrawing special-category consent removes those answers: they come out as not answered, with no rule here.
      await changeConsents(deps, MANAGER, id.noSpecialConsent!, [{ purpose: 'special_category', given: false }])
    })
    after(() => database.close())

    it('is the active members whose current contact consent is yes, in pseudonym order', async () => {
      const members = await getSelectionPool(deps, ANALYST)
      const expected = ['answered', 'sameHome', 'nextDoor', 'noAddress', 'noSpecialConsent', 'laterNo'].map(n => pseudonym[n]!).sort()
      assert.deepEqual(members.map(m => m.pseudonym), expected)
      assert.deepEqual(Object.keys(members[0]!).sort(), ['household', 'participantId', 'pseudonym', 'seldomHeardTags', 'values'])
    })

    it('leaves a member out as soon as they withdraw their contact consent, and takes them back if they give it again', async () => {
      assert.ok((await pool()).has(id.laterNo!))
      await changeConsents(deps, MANAGER, id.laterNo!, [{ purpose: 'contact_research', given: false }])
      assert.ok(!(await pool()).has(id.laterNo!))
      await changeConsents(deps, MANAGER, id.laterNo!, [{ purpose: 'contact_research', given: true }])
      assert.ok((await pool()).has(id.laterNo!))
      await changeConsents(deps, MANAGER, id.laterNo!, [{ purpose: 'contact_research', given: false }])
      assert.ok(!(await pool()).has(id.laterNo!))
    })

    it('gives the answer on every single-valued dimension: a code, prefer not to say, or not answered', async () => {
      const m = await member('answered')
      assert.deepEqual(Object.keys(m.values), SINGLE_KEYS, 'every single-valued dimension, and only those')
      assert.deepEqual(m.values, {
        area: 'eastport',
        age_band: PREFER_NOT_TO_SAY.code,
        gender: NOT_ANSWERED,
        disability: 'limited_a_lot',
        caring: NOT_ANSWERED,
        ethnicity: NOT_ANSWERED,
        rurality: NOT_ANSWERED,
      })
      assert.deepEqual(m.seldomHeardTags, ['minority_ethnic', 'remote_rural'], 'sorted')

      const none = await member('noAddress')
      assert.deepEqual(none.values, Object.fromEntries(SINGLE_KEYS.map(k => [k, k === 'area' ? 'glenmoor' : NOT_ANSWERED])))
      assert.deepEqual(none.seldomHeardTags, [])

      const noSpecial = await member('noSpecialConsent')
      assert.equal(noSpecial.values.area, 'the_isles')
      assert.equal(noSpecial.values.disability, NOT_ANSWERED)
      assert.equal(noSpecial.values.ethnicity, NOT_ANSWERED)
    })

    it('gives people at the same address the same household, and people at different addresses different ones', async () => {
      const [answered, sameHome, nextDoor, noAddress] = await Promise.all(['answered', 'sameHome', 'nextDoor', 'noAddress'].map(member))
      assert.ok(answered!.household && /^[A-Za-z0-9_-]{43}$/.test(answered!.household), 'a fingerprint')
      assert.equal(sameHome!.household, answered!.household)
      assert.ok(nextDoor!.household)
      assert.notEqual(nextDoor!.household, answered!.household)
      assert.equal(noAddress!.household, null)
    })

    it('makes the household fingerprint with the identity key, apart from the email and phone fingerprints', async () => {
      const m = await member('answered')
      const key = householdKey({ line1: '12 Heather Lane', postcode: 'EP1 1AA' })!
      const cipher = createFieldCipher(deps.config.identityKey)
      assert.equal(m.household, cipher.blindIndex(key, HOUSEHOLD_FINGERPRINT_PURPOSE))
      assert.notEqual(m.household, cipher.blindIndex(key, 'email'))
      assert.notEqual(m.household, createFieldCipher(Buffer.alloc(32, 7)).blindIndex(key, HOUSEHOLD_FINGERPRINT_PURPOSE), 'keyed')
      const indexes = await database.db
        .withTables<{ panel_identity: { email_index: string | null; phone_index: string | null } }>()
        .selectFrom('panel_identity')
        .select(['email_index', 'phone_index'])
        .execute()
      const households = new Set((await getSelectionPool(deps, ANALYST)).flatMap(p => (p.household ? [p.household] : [])))
      assert.equal(households.size, 2)
      for (const r of indexes) for (const index of [r.email_index, r.phone_index]) if (index) assert.ok(!households.has(index))
    })

    it('never carries identity', async () => {
      const json = JSON.stringify(await getSelectionPool(deps, SYSTEM))
      for (const s of ['Ottoline', 'Brackenridge', 'example.org', 'Heather', 'HEATHER', 'EP1', 'ep11aa', 'Eastport', 'Upstairs', 'v1.']) {
        assert.ok(!json.includes(s), `the pool contains ${s}`)
      }
    })

    it('is for those who may read research data, and the system', async () => {
      for (const role of ['panel_member', 'core_group_member', 'public', 'stakeholder', 'scrutiny_body'] as const) {
        const actor: Actor = { userId: newId(), role, displayName: role }
        await assert.rejects(getSelectionPool(deps, actor), hasCode('FORBIDDEN'), role)
        await assert.rejects(participantAccounts(deps, actor, [id.answered!]), hasCode('FORBIDDEN'), role)
      }
      for (const actor of [ANALYST, MANAGER, SYSTEM]) assert.equal((await getSelectionPool(deps, actor)).length, 5, actor.role)
    })

    it("gives the member's own account for each participant that has one", async () => {
      const link = async (name: string) => {
        const user = await createActiveUser(deps, SYSTEM, { email: `ottoline.account.${name}@example.org`, displayName: 'x', role: 'panel_member' })
        await setParticipantUser(deps.db, id[name]!, user.id, new Date().toISOString())
        return user.id
      }
      const answeredUser = await link('answered')
      const withdrawnUser = await link('withdrawn')
      const accounts = await participantAccounts(deps, SYSTEM, [id.answered!, id.nextDoor!, id.withdrawn!, id.erased!, id.answered!, newId()])
      assert.deepEqual([...accounts.entries()].sort(), [
        [id.answered!, answeredUser],
        [id.withdrawn!, withdrawnUser],
      ].sort())
      assert.equal((await participantAccounts(deps, ANALYST, [])).size, 0)
    })
  })
}
