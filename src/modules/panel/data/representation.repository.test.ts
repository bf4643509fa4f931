import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import { insertDemographics, insertParticipant, insertSeldomHeardTags, type ParticipantRow } from './participant.repository.ts'
import {
  countActiveAnswers,
  countActiveByActivity,
  countActiveByTag,
  countActiveMembers,
  countActivePeopleAnswering,
  deleteTarget,
  findRepresentationSettings,
  findTargets,
  saveRepresentationSettings,
  upsertTarget,
} from './representation.repository.ts'

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

for (const dialect of TEST_DIALECTS) {
  describe(`panel representation repository (${dialect})`, () => {
    let database: TestDatabase

    async function add(p: ParticipantRow, answers: Record<string, string[]>, tags: string[] = []) {
      await insertParticipant(database.db, p)
      await insertDemographics(database.db, Object.entries(answers).flatMap(([dimension, values]) => values.map(value => ({ participant_id: p.id, dimension, value }))))
      await insertSeldomHeardTags(database.db, tags.map(tag => ({ participant_id: p.id, tag })))
    }

    before(async () => {
      database = await createTestDatabase(dialect)
      await add(participant('P-222222', { last_participated_at: '2026-10-01T00:00:00.000Z' }), { area: ['eastport'], benefits: ['disability', 'carer'] }, ['remote_rural'])
      await add(participant('P-333333', { last_participated_at: '2025-01-01T00:00:00.000Z' }), { area: ['eastport'], benefits: ['prefer_not_to_say'] }, ['remote_rural', 'care_experienced'])
      await add(participant('P-444444'), { area: ['glenmoor'], benefits: ['carer'] })
      await add(participant('P-555555'), { area: ['prefer_not_to_say'] })
      // Not active: never counted.
      await add(participant('P-666666', { status: 'withdrawn', last_participated_at: '2026-10-01T00:00:00.000Z' }), { area: ['eastport'], benefits: ['disability'] }, ['remote_rural'])
      await add(participant('P-777777', { status: 'erased' }), { area: ['the_isles'] }, ['care_experienced'])
    })
    after(() => database.close())

    it('counts the active members and their answers, leaving out everyone who is not active', async () => {
      assert.equal(await countActiveMembers(database.db), 4)
      const answers = await countActiveAnswers(database.db)
      const as = Object.fromEntries(answers.map(a => [`${a.dimension}=${a.value}`, a.n]))
      assert.deepEqual(as, {
        'area=eastport': 2,
        'area=glenmoor': 1,
        'area=prefer_not_to_say': 1,
        'benefits=carer': 2,
        'benefits=disability': 1,
        'benefits=prefer_not_to_say': 1,
      })
    })

    it('counts people once on a dimension with several answers', async () => {
      // Benefits: P-222222 (two answers), P-333333 (prefer not to say), P-444444; P-666666 is not active.
      assert.deepEqual(await countActivePeopleAnswering(database.db, ['benefits', 'area']), [
        { dimension: 'benefits', n: 3 },
        { dimension: 'area', n: 4 },
      ])
      assert.deepEqual(await countActivePeopleAnswering(database.db, []), [])
    })

    it('counts active members in each seldom-heard group, and by when they last took part', async () => {
      assert.deepEqual(Object.fromEntries((await countActiveByTag(database.db)).map(t => [t.tag, t.n])), { remote_rural: 2, care_experienced: 1 })
      assert.deepEqual(await countActiveByActivity(database.db, '2026-01-01T00:00:00.000Z'), { recent: 1, lapsed: 1, never: 2 })
      assert.deepEqual(await countActiveByActivity(database.db, '2026-10-01T00:00:00.000Z'), { recent: 1, lapsed: 1, never: 2 }, 'the start is inclusive')
      assert.deepEqual(await countActiveByActivity(database.db, '2026-10-01T00:00:00.001Z'), { recent: 0, lapsed: 2, never: 2 })
    })

    it('keeps one target per dimension value, updating and removing it', async () => {
      assert.deepEqual(await findTargets(database.db), [])
      await upsertTarget(database.db, { dimension: 'area', value: 'eastport', target_tenths: 205, updated_at: NOW, updated_by_user_id: null })
      await upsertTarget(database.db, { dimension: 'area', value: 'glenmoor', target_tenths: 150, updated_at: NOW, updated_by_user_id: null })
      const later = '2026-11-24T10:00:00.000Z'
      await upsertTarget(database.db, { dimension: 'area', value: 'eastport', target_tenths: 0, updated_at: later, updated_by_user_id: 'someone' })
      assert.deepEqual(
        (await findTargets(database.db)).map(t => [t.dimension, t.value, t.target_tenths, t.updated_at, t.updated_by_user_id]),
        [
          ['area', 'eastport', 0, later, 'someone'],
          ['area', 'glenmoor', 150, NOW, null],
        ],
      )
      await deleteTarget(database.db, 'area', 'glenmoor')
      assert.deepEqual((await findTargets(database.db)).map(t => t.value), ['eastport'])
    })

    it('keeps one row of settings', async () => {
      assert.equal(await findRepresentationSettings(database.db), undefined)
      await saveRepresentationSettings(database.db, { gap_tolerance_tenths: 50, attrition_months: 12, updated_at: NOW, updated_by_user_id: null })
      await saveRepresentationSettings(database.db, { gap_tolerance_tenths: 25, attrition_months: 6, updated_at: NOW, updated_by_user_id: 'someone' })
      const row = await findRepresentationSettings(database.db)
      assert.deepEqual([row?.gap_tolerance_tenths, row?.attrition_months, row?.updated_by_user_id], [25, 6, 'someone'])
    })

    it('reads the same counts inside a transaction', async () => {
      const inside = await database.db.transaction().execute(trx => countActiveAnswers(trx))
      assert.deepEqual(inside.length, 6)
    })
  })
}
