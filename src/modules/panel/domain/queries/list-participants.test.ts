import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { systemClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { IDENTITY_FIELD_NAMES, type ParticipantResearchDto } from '../participant.ts'
import { registerParticipants } from '../register-participant.ts'
import type { RegisterParticipantInput } from '../registration.schema.ts'
import {
  countParticipants,
  countParticipantsByDimension,
  countParticipantsBySeldomHeardTag,
  listParticipants,
  monthsBefore,
  parsePseudonymSearch,
} from './list-participants.ts'
import { fixedClock } from '../../../../platform/clock.ts'

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

const ANALYST: Actor = { userId: null, role: 'analyst', displayName: 'Analyst' }

const PEOPLE: RegisterParticipantInput[] = (
  [
    { demographics: { area: 'eastport', age_band: '25_34', benefits: ['disability', 'carer'] }, seldomHeardTags: ['minority_ethnic'] },
    { demographics: { area: 'eastport', age_band: 'prefer_not_to_say', benefits: ['low_income'] } },
    { demographics: { area: 'the_isles', benefits: ['disability'] }, seldomHeardTags: ['remote_rural'] },
    { demographics: { area: 'glenmoor' }, seldomHeardTags: ['remote_rural', 'digitally_excluded'] },
    { demographics: {} },
  ] as Pick<RegisterParticipantInput, 'demographics' | 'seldomHeardTags'>[]
).map((p, i) => ({
  fullName: `Quillon Vantablack ${i}`,
  email: `quillon.vantablack.${i}@example.org`,
  phone: `07700 900${700 + i}`,
  address: { line1: `${i} Zanzibar Close`, town: 'Eastport', postcode: 'EP1 1AA' },
  preferredChannel: 'email' as const,
  preferredFormat: 'another_language' as const,
  preferredLanguage: 'Esperanto',
  joinedVia: 'online' as const,
  ...p,
}))

/** Every key anywhere in a value, however deeply nested. */
function allKeys(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) allKeys(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k)
      allKeys(v, out)
    }
  }
  return out
}

function assertNoIdentity(dtos: readonly ParticipantResearchDto[]): void {
  const keys = allKeys(dtos)
  for (const k of keys) assert.ok(!IDENTITY_FIELD_NAMES.includes(k), `research data has an identity field: ${k}`)
  const json = JSON.stringify(dtos)
  for (const s of ['Quillon', 'Vantablack', 'example.org', '07700', 'Zanzibar', 'EP1 1AA', 'Esperanto', 'v1.']) {
    assert.ok(!json.includes(s), `research data contains ${s}`)
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`panel research queries (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      await registerParticipants(deps, systemActor('test'), PEOPLE)
    })
    after(() => database.close())

    it('lists research DTOs that never carry identity fields or values', async () => {
      const { participants, total } = await listParticipants(deps, ANALYST, {}, { limit: 50, offset: 0 })
      assert.equal(total, 5)
      assert.equal(participants.length, 5)
      assertNoIdentity(participants)
      const sorted = [...participants.map(p => p.pseudonym)].sort()
      assert.deepEqual(participants.map(p => p.pseudonym), sorted, 'in pseudonym order')
      assert.deepEqual(Object.keys(participants[0]!).sort(), [
        'demographics',
        'enteredByRole',
        'enteredByUserId',
        'id',
        'joinedAt',
        'joinedVia',
        'lastParticipatedAt',
        'maxInvitationsPerMonth',
        'pseudonym',
        'seldomHeardTags',
        'status',
        'supportNeeds',
      ])
    })

    it('filters by a dimension answer or a seldom-heard tag, and pages', async () => {
      const eastport = await listParticipants(deps, ANALYST, { dimension: { key: 'area', value: 'eastport' } }, { limit: 50, offset: 0 })
      assert.equal(eastport.total, 2)
      assert.ok(eastport.participants.every(p => p.demographics.area?.[0] === 'eastport'))
      const disability = await listParticipants(deps, ANALYST, { dimension: { key: 'benefits', value: 'disability' } }, { limit: 50, offset: 0 })
      assert.equal(disability.total, 2)
      const rural = await listParticipants(deps, ANALYST, { tag: 'remote_rural', status: 'active' }, { limit: 1, offset: 1 })
      assert.equal(rural.total, 2)
      assert.equal(rural.participants.length, 1)
      assert.equal(await countParticipants(deps, ANALYST, { status: 'withdrawn' }), 0)
      await assert.rejects(listParticipants(deps, ANALYST, { dimension: { key: 'area', value: 'atlantis' } }, { limit: 50, offset: 0 }), hasCode('VALIDATION_FAILED'))
      await assert.rejects(countParticipants(deps, ANALYST, { tag: 'left_handed' }), hasCode('VALIDATION_FAILED'))
    })

    it('counts by dimension in the catalogue order, with zeros, "prefer not to say" and "not answered"', async () => {
      const age = await countParticipantsByDimension(deps, ANALYST, 'age_band', {})
      assert.equal(age.total, 5)
      assert.equal(age.rows.length, 8, 'seven bands and prefer not to say')
      assert.deepEqual(age.rows.filter(r => r.count > 0).map(r => [r.code, r.count]), [['25_34', 1], ['prefer_not_to_say', 1]])
      assert.equal(age.notAnswered, 3)

      const benefits = await countParticipantsByDimension(deps, ANALYST, 'benefits', {})
      assert.equal(benefits.dimension.multiple, true)
      assert.deepEqual(benefits.rows.filter(r => r.count > 0).map(r => [r.code, r.count]), [['disability', 2], ['carer', 1], ['low_income', 1]])
      assert.equal(benefits.notAnswered, 2, 'people, not answers: three people answered')

      const inEastport = await countParticipantsByDimension(deps, ANALYST, 'benefits', { dimension: { key: 'area', value: 'eastport' } })
      assert.equal(inEastport.total, 2)
      assert.equal(inEastport.notAnswered, 0)

      const tags = await countParticipantsBySeldomHeardTag(deps, ANALYST, {})
      assert.deepEqual(tags.filter(t => t.count > 0).map(t => [t.code, t.count]), [['minority_ethnic', 1], ['remote_rural', 2], ['digitally_excluded', 1]])
      await assert.rejects(countParticipantsByDimension(deps, ANALYST, 'shoe_size', {}), hasCode('NOT_FOUND'))
    })

    it('is for research roles only', async () => {
      for (const role of ['panel_member', 'public', 'stakeholder', 'scrutiny_body'] as const) {
        const actor: Actor = { userId: null, role, displayName: role }
        await assert.rejects(listParticipants(deps, actor, {}, { limit: 50, offset: 0 }), hasCode('FORBIDDEN'), role)
        await assert.rejects(countParticipantsByDimension(deps, actor, 'area', {}), hasCode('FORBIDDEN'), role)
      }
      for (const role of ['analyst', 'panel_manager', 'admin'] as const) {
        assert.equal(await countParticipants(deps, { userId: null, role, displayName: role }, {}), 5)
      }
    })
  })
}

describe('finding a pseudonym and counting back months', () => {
  it('reads what people type for a pseudonym: case, spaces and "P-" do not matter; fewer than six characters find its start', () => {
    assert.deepEqual(parsePseudonymSearch('P-7K3M9Q'), { exact: 'P-7K3M9Q' })
    assert.deepEqual(parsePseudonymSearch(' p-7k3 m9q '), { exact: 'P-7K3M9Q' })
    assert.deepEqual(parsePseudonymSearch('p7k3m9q'), { exact: 'P-7K3M9Q' })
    assert.deepEqual(parsePseudonymSearch('7K3M9Q'), { exact: 'P-7K3M9Q' })
    assert.deepEqual(parsePseudonymSearch('7k3'), { prefix: 'P-7K3' })
    assert.deepEqual(parsePseudonymSearch('P-'), undefined)
    assert.deepEqual(parsePseudonymSearch('P-7K3M9Q2'), undefined, 'too long')
    assert.deepEqual(parsePseudonymSearch('O0I1'), undefined, 'letters and digits pseudonyms never use')
    assert.deepEqual(parsePseudonymSearch("x' or 1=1"), undefined)
  })

  it('counts back calendar months, keeping the day where the month has it', () => {
    assert.equal(monthsBefore(new Date('2026-11-23T10:00:00.000Z'), 12).toISOString(), '2025-11-23T10:00:00.000Z')
    assert.equal(monthsBefore(new Date('2026-03-31T00:00:00.000Z'), 1).toISOString(), '2026-02-28T00:00:00.000Z')
    assert.equal(monthsBefore(new Date('2026-01-15T00:00:00.000Z'), 2).toISOString(), '2025-11-15T00:00:00.000Z')
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`panel research queries: every filter (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let pseudonyms: string[]
    const clock = fixedClock('2026-11-23T10:00:00.000Z')
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { ...depsOf(database), clock }
      const registered = await registerParticipants(deps, systemActor('test'), PEOPLE.map((p, i) => ({ ...p, joinedVia: (['online', 'phone', 'post', 'online', 'phone'] as const)[i]! })))
      pseudonyms = registered.map(p => p.pseudonym)
      const panel = database.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>()
      // Person 0 took part a month ago, person 1 two years ago, person 2 seven months ago; 3 and 4 never.
      const took = ['2026-10-23T10:00:00.000Z', '2024-11-23T10:00:00.000Z', '2026-04-23T10:00:00.000Z']
      for (const [i, at] of took.entries()) await panel.updateTable('panel_participant').set({ last_participated_at: at }).where('id', '=', registered[i]!.id).execute()
    })
    after(() => database.close())

    const who = async (filter: Parameters<typeof listParticipants>[2]) => {
      const { participants, total } = await listParticipants(deps, ANALYST, filter, { limit: 50, offset: 0 })
      assert.equal(total, participants.length)
      assert.equal(await countParticipants(deps, ANALYST, filter), total)
      return participants.map(p => pseudonyms.indexOf(p.pseudonym)).sort()
    }

    it('filters on several answers and groups at once', async () => {
      assert.deepEqual(await who({ dimensions: { area: ['eastport', 'the_isles'] } }), [0, 1, 2])
      assert.deepEqual(await who({ dimensions: { area: ['eastport', 'the_isles'], benefits: ['disability'] } }), [0, 2])
      assert.deepEqual(await who({ tags: ['remote_rural', 'minority_ethnic'] }), [0, 2, 3])
      assert.deepEqual(await who({ tags: ['remote_rural'], dimensions: { area: ['glenmoor'] } }), [3])
      assert.deepEqual(await who({ joinedVia: ['phone'] }), [1, 4])
    })

    it('filters on activity history over the last N months, counted back from today', async () => {
      assert.deepEqual(await who({ activity: 'never' }), [3, 4])
      assert.deepEqual(await who({ activity: 'recent' }), [0, 2], 'the default is 12 months')
      assert.deepEqual(await who({ activity: 'lapsed' }), [1])
      assert.deepEqual(await who({ activity: 'recent', activityMonths: 6 }), [0])
      assert.deepEqual(await who({ activity: 'lapsed', activityMonths: 6 }), [1, 2])
      const [first] = (await listParticipants(deps, ANALYST, { activity: 'recent', activityMonths: 6 }, { limit: 1, offset: 0 })).participants
      assert.equal(first?.lastParticipatedAt, '2026-10-23T10:00:00.000Z')
    })

    it('finds a member by pseudonym, or by its start', async () => {
      assert.deepEqual(await who({ pseudonym: pseudonyms[3]!.toLowerCase() }), [3])
      const start = pseudonyms[2]!.slice(2, 4)
      const expected = pseudonyms.flatMap((p, i) => (p.startsWith(`P-${start}`) ? [i] : [])).sort()
      assert.deepEqual(await who({ pseudonym: start }), expected)
      assert.deepEqual(await who({ pseudonym: '  ' }), [0, 1, 2, 3, 4], 'blank: no filter')
    })

    it('refuses what is not a filter, naming the field', async () => {
      const field = (name: string) => (err: unknown) => err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.fieldErrors[0]?.field === name
      await assert.rejects(listParticipants(deps, ANALYST, { pseudonym: 'Q-123' }, { limit: 5, offset: 0 }), field('pseudonym'))
      await assert.rejects(listParticipants(deps, ANALYST, { activity: 'recent', activityMonths: 0 }, { limit: 5, offset: 0 }), field('months'))
      await assert.rejects(countParticipants(deps, ANALYST, { dimensions: { area: ['eastport', 'atlantis'] } }), field('show'))
      await assert.rejects(countParticipants(deps, ANALYST, { tags: ['left_handed'] }), field('show'))
      await assert.rejects(countParticipants(deps, ANALYST, { joinedVia: ['carrier_pigeon' as never] }), field('joinedVia'))
    })

    it('counts by dimension within a filtered set', async () => {
      const counts = await countParticipantsByDimension(deps, ANALYST, 'benefits', { activity: 'recent' })
      assert.equal(counts.total, 2)
      assert.deepEqual(counts.rows.filter(r => r.count > 0).map(r => [r.code, r.count]), [['disability', 2], ['carer', 1]])
      assert.equal(counts.notAnswered, 0)
      const areas = await countParticipantsByDimension(deps, ANALYST, 'area', { activity: 'never' })
      assert.deepEqual(areas.rows.filter(r => r.count > 0).map(r => [r.code, r.count]), [['glenmoor', 1]])
      assert.equal(areas.notAnswered, 1)
    })
  })
}
