import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import { insertParticipant, type ParticipantRow } from './participant.repository.ts'
import { countInactiveParticipants, findInactiveParticipants, findRetentionPolicy, saveRetentionPolicy } from './retention.repository.ts'

function participant(pseudonym: string, joinedAt: string, lastParticipatedAt: string | null, status: ParticipantRow['status'] = 'active'): ParticipantRow {
  return {
    id: newId(),
    pseudonym,
    status,
    joined_at: joinedAt,
    joined_via: 'online',
    entered_by_user_id: null,
    entered_by_role: 'public',
    max_invitations_per_month: 2,
    user_id: null,
    last_participated_at: lastParticipatedAt,
    created_at: joinedAt,
    updated_at: joinedAt,
  }
}

const CUTOFF = '2027-06-15T12:00:00.000Z'

for (const dialect of TEST_DIALECTS) {
  describe(`retention repository (${dialect})`, () => {
    let database: TestDatabase

    before(async () => {
      database = await createTestDatabase(dialect)
      for (const row of [
        participant('P-OLDJN2', '2025-01-01T00:00:00.000Z', null),
        participant('P-RECNT3', '2025-01-01T00:00:00.000Z', '2029-01-01T00:00:00.000Z'),
        participant('P-NEWJN4', '2028-01-01T00:00:00.000Z', null),
        participant('P-LEFTX5', '2024-06-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 'withdrawn'),
        participant('P-GONEX6', '2020-01-01T00:00:00.000Z', null, 'erased'),
        participant('P-EDGEX7', CUTOFF, null),
        participant('P-OLDPT8', '2024-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
      ]) {
        await insertParticipant(database.db, row)
      }
    })
    after(() => database.close())

    it('has no setting until one is saved, then keeps one row that is updated in place', async () => {
      assert.equal(await findRetentionPolicy(database.db), undefined)
      await saveRetentionPolicy(database.db, { inactive_months: 24, updated_at: '2026-11-23T10:00:00.000Z', updated_by_user_id: null })
      const userId = newId()
      await saveRetentionPolicy(database.db, { inactive_months: 60, updated_at: '2026-11-24T10:00:00.000Z', updated_by_user_id: userId })
      assert.deepEqual({ ...(await findRetentionPolicy(database.db)) }, { id: 'default', inactive_months: 60, updated_at: '2026-11-24T10:00:00.000Z', updated_by_user_id: userId })
      const all = await database.db.withTables<{ panel_retention_policy: { id: string } }>().selectFrom('panel_retention_policy').select('id').execute()
      assert.equal(all.length, 1)
    })

    it('finds members not erased whose last activity (or joining, if none) is before the cutoff, longest inactive first', async () => {
      const rows = await findInactiveParticipants(database.db, CUTOFF, 10)
      assert.deepEqual(
        rows.map(r => [r.pseudonym, r.status]),
        [
          ['P-OLDJN2', 'active'],
          ['P-OLDPT8', 'active'],
          ['P-LEFTX5', 'withdrawn'],
        ],
      )
      assert.deepEqual(Object.keys(rows[0]!).sort(), ['id', 'joined_at', 'last_participated_at', 'pseudonym', 'status'], 'research fields only')
      assert.equal(await countInactiveParticipants(database.db, CUTOFF), 3)
      assert.deepEqual((await findInactiveParticipants(database.db, CUTOFF, 2)).map(r => r.pseudonym), ['P-OLDJN2', 'P-OLDPT8'])
    })

    it('counts nobody before everyone joined, and everyone not erased after all activity', async () => {
      assert.equal(await countInactiveParticipants(database.db, '2020-01-01T00:00:00.000Z'), 0)
      assert.equal(await countInactiveParticipants(database.db, '2035-01-01T00:00:00.000Z'), 6)
    })
  })
}
