import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findActiveWithConsent,
  findConsentHistory,
  findLatestConsents,
  findWording,
  insertConsentRecords,
  insertWording,
  listCurrentWordings,
  listWordings,
  nextEntryNo,
  type ConsentRow,
} from './consent.repository.ts'
import { insertParticipant } from './participant.repository.ts'

const NOW = '2026-11-23T10:00:00.000Z'

async function participant(db: TestDatabase['db'], status: 'active' | 'withdrawn' | 'erased' = 'active'): Promise<string> {
  const id = newId()
  await insertParticipant(db, {
    id,
    pseudonym: `P-${id.slice(-6).toUpperCase().replace(/[^A-Z2-9]/g, 'X')}`,
    status,
    joined_at: NOW,
    joined_via: 'online',
    entered_by_user_id: null,
    entered_by_role: 'system',
    max_invitations_per_month: 2,
    user_id: null,
    last_participated_at: null,
    created_at: NOW,
    updated_at: NOW,
  })
  return id
}

function record(participantId: string, entryNo: number, purpose: string, decision: 'given' | 'withdrawn', version = 1): ConsentRow {
  return {
    id: newId(),
    participant_id: participantId,
    entry_no: entryNo,
    purpose,
    decision,
    wording_version: version,
    channel: 'online',
    recorded_at: NOW,
    recorded_by_user_id: null,
    recorded_by_role: 'public',
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`consent repository (${dialect})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await createTestDatabase(dialect)
    })
    after(() => database.close())

    it('has the first version of each purpose wording, in plain English, from the migration', async () => {
      const wordings = await listWordings(database.db)
      assert.deepEqual(wordings.map(w => [w.purpose, w.version]).sort(), [
        ['contact_research', 1],
        ['quotes', 1],
        ['recordings', 1],
        ['special_category', 1],
      ])
      for (const w of wordings) {
        assert.match(w.published_on, /^\d{4}-\d{2}-\d{2}$/)
        assert.ok(w.wording.length > 100 && w.title.length > 5)
        assert.match(w.wording, /\bWe\b/, 'written to the person')
      }
    })

    it('gives the newest version of each wording as the current one', async () => {
      await insertWording(database.db, {
        purpose: 'quotes',
        version: 2,
        title: 'Using your words',
        wording: 'A second wording.',
        published_on: '2027-01-01',
        created_at: NOW,
      })
      const current = await listCurrentWordings(database.db)
      assert.deepEqual(current.map(w => [w.purpose, w.version]), [
        ['contact_research', 1],
        ['quotes', 2],
        ['recordings', 1],
        ['special_category', 1],
      ])
      assert.equal((await findWording(database.db, 'quotes', 1))?.version, 1)
      assert.equal(await findWording(database.db, 'quotes', 9), undefined)
    })

    it('keeps every record in order, and gives the latest of each purpose', async () => {
      const p = await participant(database.db)
      assert.equal(await nextEntryNo(database.db, p), 1)
      await insertConsentRecords(database.db, [record(p, 1, 'contact_research', 'given'), record(p, 2, 'quotes', 'given')])
      await insertConsentRecords(database.db, [record(p, 3, 'contact_research', 'withdrawn')])
      await insertConsentRecords(database.db, [record(p, 4, 'quotes', 'withdrawn'), record(p, 5, 'quotes', 'given', 2)])
      assert.equal(await nextEntryNo(database.db, p), 6)
      assert.deepEqual((await findConsentHistory(database.db, p)).map(r => r.entry_no), [1, 2, 3, 4, 5])
      const latest = await findLatestConsents(database.db, [p])
      assert.deepEqual(latest.map(r => [r.purpose, r.decision, r.wording_version]), [
        ['contact_research', 'withdrawn', 1],
        ['quotes', 'given', 2],
      ])
    })

    it('finds the active participants whose latest contact decision gives consent', async () => {
      const yes = await participant(database.db)
      const withdrew = await participant(database.db)
      const never = await participant(database.db)
      const left = await participant(database.db, 'withdrawn')
      const gaveAgain = await participant(database.db)
      await insertConsentRecords(database.db, [record(yes, 1, 'contact_research', 'given')])
      await insertConsentRecords(database.db, [record(withdrew, 1, 'contact_research', 'given'), record(withdrew, 2, 'contact_research', 'withdrawn')])
      await insertConsentRecords(database.db, [record(never, 1, 'quotes', 'given')])
      await insertConsentRecords(database.db, [record(left, 1, 'contact_research', 'given')])
      await insertConsentRecords(database.db, [record(gaveAgain, 1, 'contact_research', 'withdrawn'), record(gaveAgain, 2, 'contact_research', 'given')])
      const found = await findActiveWithConsent(database.db, [yes, withdrew, never, left, gaveAgain], 'contact_research')
      assert.deepEqual(found.sort(), [yes, gaveAgain].sort())
      assert.deepEqual(await findActiveWithConsent(database.db, [], 'contact_research'), [])
    })

    it('refuses to change a record or a wording, and two records with the same number', async () => {
      const p = await participant(database.db)
      await insertConsentRecords(database.db, [record(p, 1, 'recordings', 'given')])
      await assert.rejects(
        database.db.withTables<{ panel_consent: ConsentRow }>().updateTable('panel_consent').set({ decision: 'withdrawn' }).where('participant_id', '=', p).execute(),
        /append-only/,
      )
      await assert.rejects(
        database.db
          .withTables<{ panel_consent_wording: { purpose: string; wording: string } }>()
          .updateTable('panel_consent_wording')
          .set({ wording: 'Changed after people agreed to it' })
          .where('purpose', '=', 'recordings')
          .execute(),
        /append-only/,
      )
      await assert.rejects(insertConsentRecords(database.db, [record(p, 1, 'quotes', 'given')]))
      await assert.rejects(insertConsentRecords(database.db, [record(p, 2, 'quotes', 'given', 7)]), 'a record must name a wording that exists')
    })
  })
}
