import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import {
  countAnswering,
  countByDimensionValue,
  countBySeldomHeardTag,
  countParticipantRows,
  findDemographicsOf,
  findIdentity,
  findParticipantById,
  findParticipantByPseudonym,
  findParticipantIdsByEmailIndex,
  findSeldomHeardTagsOf,
  findSupportNeedsOf,
  insertDemographics,
  insertIdentity,
  insertParticipant,
  insertSeldomHeardTags,
  insertSupportNeeds,
  listParticipantRows,
  nextPrefix,
  pseudonymExists,
  type ParticipantRow,
  type ParticipantRowFilter,
} from './participant.repository.ts'

const NOW = '2026-11-23T10:00:00.000Z'

function participant(pseudonym: string, over: Partial<ParticipantRow> = {}): ParticipantRow {
  return {
    id: newId(),
    pseudonym,
    status: 'active',
    joined_at: NOW,
    joined_via: 'online',
    entered_by_user_id: null,
    entered_by_role: 'system',
    max_invitations_per_month: 2,
    user_id: null,
    last_participated_at: null,
    created_at: NOW,
    updated_at: NOW,
    ...over,
  }
}

async function add(db: TestDatabase['db'], row: ParticipantRow, answers: Record<string, string[]>, tags: string[] = [], emailIndex: string | null = null) {
  await insertParticipant(db, row)
  await insertIdentity(db, {
    participant_id: row.id,
    full_name_enc: 'v1.test.name',
    email_enc: emailIndex ? 'v1.test.email' : null,
    email_index: emailIndex,
    phone_enc: null,
    phone_index: null,
    address_enc: null,
    preferred_channel: 'letter',
    preferred_format: 'standard',
    preferred_language_enc: null,
    created_at: NOW,
    updated_at: NOW,
  })
  await insertDemographics(db, Object.entries(answers).flatMap(([dimension, values]) => values.map(value => ({ participant_id: row.id, dimension, value }))))
  await insertSeldomHeardTags(db, tags.map(tag => ({ participant_id: row.id, tag })))
}

for (const dialect of TEST_DIALECTS) {
  describe(`panel participant repository (${dialect})`, () => {
    let database: TestDatabase
    const a = participant('P-AAAAA2')
    const b = participant('P-BBBBB3')
    const c = participant('P-CCCCC4', { status: 'withdrawn' })
    const d = participant('P-DDDDD5')

    before(async () => {
      database = await createTestDatabase(dialect)
      const db = database.db
      await add(db, a, { area: ['eastport'], age_band: ['25_34'], benefits: ['disability', 'carer'] }, ['remote_rural', 'care_experienced'], 'index-a')
      await add(db, b, { area: ['eastport'], age_band: ['prefer_not_to_say'], benefits: ['low_income'] }, [], 'index-b')
      await add(db, c, { area: ['glenmoor'], benefits: ['disability'] }, ['remote_rural'], 'index-c')
      await add(db, d, { area: ['the_isles'] }, [])
      await insertSupportNeeds(db, [
        { participant_id: a.id, need: 'travel', detail: 'Ferry' },
        { participant_id: a.id, need: 'quiet_room', detail: null },
      ])
    })
    after(() => database.close())

    it('finds participants by id and by pseudonym, and knows which pseudonyms are taken', async () => {
      assert.equal((await findParticipantById(database.db, a.id))?.pseudonym, 'P-AAAAA2')
      assert.equal((await findParticipantByPseudonym(database.db, 'P-BBBBB3'))?.id, b.id)
      assert.equal(await findParticipantById(database.db, newId()), undefined)
      assert.equal(await pseudonymExists(database.db, 'P-AAAAA2'), true)
      assert.equal(await pseudonymExists(database.db, 'P-ZZZZZ9'), false)
    })

    it('refuses a second participant with the same pseudonym (unique in the database)', async () => {
      await assert.rejects(insertParticipant(database.db, participant('P-AAAAA2')))
    })

    it('lists in pseudonym order with a total, filtered by status, dimension answer and tag', async () => {
      const all = await listParticipantRows(database.db, {}, { limit: 50, offset: 0 })
      assert.deepEqual(all.rows.map(r => r.pseudonym), ['P-AAAAA2', 'P-BBBBB3', 'P-CCCCC4', 'P-DDDDD5'])
      assert.equal(all.total, 4)

      const page = await listParticipantRows(database.db, {}, { limit: 2, offset: 2 })
      assert.deepEqual(page.rows.map(r => r.pseudonym), ['P-CCCCC4', 'P-DDDDD5'])
      assert.equal(page.total, 4)

      const active = await listParticipantRows(database.db, { status: 'active' }, { limit: 50, offset: 0 })
      assert.deepEqual(active.rows.map(r => r.pseudonym), ['P-AAAAA2', 'P-BBBBB3', 'P-DDDDD5'])

      const eastport = await listParticipantRows(database.db, { dimension: { key: 'area', value: 'eastport' } }, { limit: 50, offset: 0 })
      assert.deepEqual(eastport.rows.map(r => r.pseudonym), ['P-AAAAA2', 'P-BBBBB3'])

      const disability = await listParticipantRows(database.db, { dimension: { key: 'benefits', value: 'disability' }, status: 'active' }, { limit: 50, offset: 0 })
      assert.deepEqual(disability.rows.map(r => r.pseudonym), ['P-AAAAA2'])

      const rural = await listParticipantRows(database.db, { tag: 'remote_rural' }, { limit: 50, offset: 0 })
      assert.deepEqual(rural.rows.map(r => r.pseudonym), ['P-AAAAA2', 'P-CCCCC4'])
      assert.equal(await countParticipantRows(database.db, { tag: 'remote_rural', status: 'active' }), 1)
    })

    it('reads the answers, needs and tags of a set of participants', async () => {
      const answers = await findDemographicsOf(database.db, [a.id, d.id])
      assert.deepEqual(
        answers.filter(x => x.participant_id === a.id).map(x => `${x.dimension}=${x.value}`),
        ['age_band=25_34', 'area=eastport', 'benefits=carer', 'benefits=disability'],
      )
      assert.deepEqual(answers.filter(x => x.participant_id === d.id).map(x => x.value), ['the_isles'])
      assert.deepEqual(await findDemographicsOf(database.db, []), [])
      const needs = await findSupportNeedsOf(database.db, [a.id, b.id])
      assert.deepEqual(needs.map(n => [n.need, n.detail]), [['quiet_room', null], ['travel', 'Ferry']])
      const tags = await findSeldomHeardTagsOf(database.db, [a.id])
      assert.deepEqual(tags.map(t => t.tag), ['care_experienced', 'remote_rural'])
    })

    it('counts answers on a dimension among the matching participants, and people answering', async () => {
      const byArea = await countByDimensionValue(database.db, 'area', { status: 'active' })
      assert.deepEqual(Object.fromEntries(byArea.map(r => [r.value, r.n])), { eastport: 2, the_isles: 1 })
      const benefits = await countByDimensionValue(database.db, 'benefits', {})
      assert.deepEqual(Object.fromEntries(benefits.map(r => [r.value, r.n])), { disability: 2, carer: 1, low_income: 1 })
      assert.equal(await countAnswering(database.db, 'benefits', {}), 3, 'a person with two answers counts once')
      assert.equal(await countAnswering(database.db, 'age_band', { status: 'active' }), 2)
      const inEastport = await countByDimensionValue(database.db, 'age_band', { dimension: { key: 'area', value: 'eastport' } })
      assert.deepEqual(Object.fromEntries(inEastport.map(r => [r.value, r.n])), { '25_34': 1, prefer_not_to_say: 1 })
      const tags = await countBySeldomHeardTag(database.db, {})
      assert.deepEqual(Object.fromEntries(tags.map(r => [r.tag, r.n])), { remote_rural: 2, care_experienced: 1 })
    })

    it('finds people by email fingerprint, leaving out anyone erased', async () => {
      assert.deepEqual(await findParticipantIdsByEmailIndex(database.db, 'index-a'), [a.id])
      assert.deepEqual(await findParticipantIdsByEmailIndex(database.db, 'no-such-index'), [])
      const erased = participant('P-EEEEE6', { status: 'erased' })
      await add(database.db, erased, {}, [], 'index-erased')
      assert.deepEqual(await findParticipantIdsByEmailIndex(database.db, 'index-erased'), [])
      assert.equal((await findIdentity(database.db, a.id))?.preferred_channel, 'letter')
    })

    it('keeps each answer once per participant (composite primary keys)', async () => {
      await assert.rejects(insertDemographics(database.db, [{ participant_id: d.id, dimension: 'area', value: 'the_isles' }]))
      await assert.rejects(insertSeldomHeardTags(database.db, [{ participant_id: a.id, tag: 'remote_rural' }]))
      await assert.rejects(insertSupportNeeds(database.db, [{ participant_id: a.id, need: 'travel', detail: null }]))
    })

    it('refuses research rows for a participant who does not exist (foreign keys)', async () => {
      await assert.rejects(insertDemographics(database.db, [{ participant_id: newId(), dimension: 'area', value: 'eastport' }]))
    })
  })
}

for (const dialect of TEST_DIALECTS) {
  describe(`panel participant repository: every list filter and its count (${dialect})`, () => {
    let database: TestDatabase
    const SINCE = '2026-01-01T00:00:00.000Z'
    // Seven members; each filter below picks a known few of them.
    const m1 = participant('P-222222', { joined_via: 'online', last_participated_at: '2026-06-01T09:00:00.000Z' })
    const m2 = participant('P-333333', { joined_via: 'phone', last_participated_at: SINCE })
    const m3 = participant('P-33AAAA', { joined_via: 'post', last_participated_at: '2025-12-31T23:59:59.999Z' })
    const m4 = participant('P-444444', { joined_via: 'partner', last_participated_at: null })
    const m5 = participant('P-555555', { joined_via: 'online', last_participated_at: null, status: 'withdrawn' })
    const m6 = participant('P-666666', { joined_via: 'phone', last_participated_at: '2024-03-01T00:00:00.000Z' })
    const m7 = participant('P-777777', { joined_via: 'post', last_participated_at: '2026-11-01T00:00:00.000Z' })
    const names = new Map([m1, m2, m3, m4, m5, m6, m7].map(m => [m.id, m.pseudonym]))

    before(async () => {
      database = await createTestDatabase(dialect)
      const db = database.db
      await add(db, m1, { area: ['eastport'], age_band: ['25_34'], benefits: ['disability', 'carer'] }, ['remote_rural'])
      await add(db, m2, { area: ['eastport'], age_band: ['35_44'], benefits: ['low_income'] }, ['care_experienced'])
      await add(db, m3, { area: ['glenmoor'], age_band: ['25_34'], benefits: ['disability'] }, ['remote_rural', 'digitally_excluded'])
      await add(db, m4, { area: ['the_isles'], age_band: ['prefer_not_to_say'] }, ['remote_rural'])
      await add(db, m5, { area: ['eastport'], age_band: ['25_34'] }, [])
      await add(db, m6, { area: ['westhaven'], benefits: ['carer'] }, [])
      await add(db, m7, {}, ['digitally_excluded'])
    })
    after(() => database.close())

    /** The pseudonyms a filter lists (first page, pseudonym order), checked against its count. */
    async function pick(filter: ParticipantRowFilter): Promise<string[]> {
      const { rows, total } = await listParticipantRows(database.db, filter, { limit: 100, offset: 0 })
      assert.equal(total, rows.length, 'the total is the count of the same set')
      assert.equal(await countParticipantRows(database.db, filter), total)
      return rows.map(r => r.pseudonym)
    }

    it('filters on several answers of one dimension (any of them) and on several dimensions (all of them)', async () => {
      assert.deepEqual(await pick({ dimensions: { area: ['eastport', 'glenmoor'] } }), ['P-222222', 'P-333333', 'P-33AAAA', 'P-555555'])
      assert.deepEqual(await pick({ dimensions: { area: ['eastport', 'glenmoor'], age_band: ['25_34'] } }), ['P-222222', 'P-33AAAA', 'P-555555'])
      assert.deepEqual(await pick({ dimensions: { area: ['eastport'], age_band: ['25_34'], benefits: ['carer', 'low_income'] } }), ['P-222222'])
      assert.deepEqual(await pick({ dimensions: { benefits: ['disability'] }, status: 'active' }), ['P-222222', 'P-33AAAA'])
      assert.deepEqual(await pick({ dimensions: { area: [] } }), [...names.values()].sort(), 'an empty list filters nothing')
      assert.deepEqual(await pick({ dimensions: { area: ['eastport'] }, dimension: { key: 'age_band', value: '35_44' } }), ['P-333333'])
    })

    it('filters on seldom-heard groups (any of them), and with answers', async () => {
      assert.deepEqual(await pick({ tags: ['remote_rural'] }), ['P-222222', 'P-33AAAA', 'P-444444'])
      assert.deepEqual(await pick({ tags: ['care_experienced', 'digitally_excluded'] }), ['P-333333', 'P-33AAAA', 'P-777777'])
      assert.deepEqual(await pick({ tags: ['remote_rural'], dimensions: { age_band: ['25_34'] } }), ['P-222222', 'P-33AAAA'])
      assert.deepEqual(await pick({ tag: 'digitally_excluded', tags: ['care_experienced'] }), ['P-333333', 'P-33AAAA', 'P-777777'])
    })

    it('filters on how people joined and on status', async () => {
      assert.deepEqual(await pick({ joinedVia: ['phone', 'post'] }), ['P-333333', 'P-33AAAA', 'P-666666', 'P-777777'])
      assert.deepEqual(await pick({ joinedVia: ['online'], status: 'active' }), ['P-222222'])
      assert.deepEqual(await pick({ status: 'withdrawn' }), ['P-555555'])
    })

    it('filters on activity history: never, since a date (inclusive), and took part but not since', async () => {
      assert.deepEqual(await pick({ activity: { kind: 'never' } }), ['P-444444', 'P-555555'])
      assert.deepEqual(await pick({ activity: { kind: 'since', since: SINCE } }), ['P-222222', 'P-333333', 'P-777777'])
      assert.deepEqual(await pick({ activity: { kind: 'not_since', since: SINCE } }), ['P-33AAAA', 'P-666666'])
      assert.deepEqual(await pick({ activity: { kind: 'never' }, status: 'active' }), ['P-444444'])
      assert.deepEqual(await pick({ activity: { kind: 'since', since: SINCE }, dimensions: { area: ['eastport'] } }), ['P-222222', 'P-333333'])
    })

    it('finds a pseudonym exactly or by its start', async () => {
      assert.deepEqual(await pick({ pseudonym: { exact: 'P-33AAAA' } }), ['P-33AAAA'])
      assert.deepEqual(await pick({ pseudonym: { prefix: 'P-33' } }), ['P-333333', 'P-33AAAA'])
      assert.deepEqual(await pick({ pseudonym: { prefix: 'P-3' }, tags: ['remote_rural'] }), ['P-33AAAA'])
      assert.deepEqual(await pick({ pseudonym: { prefix: 'P-%' } }), [...names.values()].sort(), 'a wildcard typed is not a wildcard')
      assert.deepEqual(await pick({ pseudonym: { prefix: 'P-33A' } }), ['P-33AAAA'])
      assert.deepEqual(await pick({ pseudonym: { prefix: 'P-7' } }), ['P-777777'], 'the last start before the end')
      assert.deepEqual(await pick({ pseudonym: { exact: 'P-ZZZZZZ' } }), [])
    })

    it('counts answers and tags within any filtered set', async () => {
      const lapsed = { activity: { kind: 'not_since', since: SINCE } } as const
      assert.deepEqual(Object.fromEntries((await countByDimensionValue(database.db, 'area', lapsed)).map(r => [r.value, r.n])), { glenmoor: 1, westhaven: 1 })
      assert.equal(await countAnswering(database.db, 'benefits', lapsed), 2)
      const online = { joinedVia: ['online', 'partner'] } as const
      assert.deepEqual(Object.fromEntries((await countBySeldomHeardTag(database.db, online)).map(r => [r.tag, r.n])), { remote_rural: 2 })
      const twoAreas = { dimensions: { area: ['eastport', 'the_isles'] }, status: 'active' } as const
      assert.deepEqual(Object.fromEntries((await countByDimensionValue(database.db, 'age_band', twoAreas)).map(r => [r.value, r.n])), {
        '25_34': 1,
        '35_44': 1,
        prefer_not_to_say: 1,
      })
    })
  })
}

describe('the pseudonym range for a search by its start', () => {
  it('is the next string after every pseudonym with that start, within digits and capital letters', () => {
    assert.equal(nextPrefix('P-7K'), 'P-7L')
    assert.equal(nextPrefix('P-79'), 'P-7A')
    assert.equal(nextPrefix('P-7Z'), 'P-8')
    assert.equal(nextPrefix('P-ZZ'), undefined)
    assert.equal(nextPrefix('P-'), undefined)
  })
})
