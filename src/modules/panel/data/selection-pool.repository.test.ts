import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import type { ConsentRow } from './consent.repository.ts'
import { insertConsentRecords } from './consent.repository.ts'
import { insertDemographics, insertIdentity, insertParticipant, insertSeldomHeardTags, type ParticipantRow } from './participant.repository.ts'
import { findParticipantAccounts, findPoolAnswers, findPoolMembers, findPoolTags, ID_BATCH, readPool } from './selection-pool.repository.ts'

const NOW = '2026-11-23T10:00:00.000Z'
const CONTACT = 'contact_research'

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
  describe(`panel selection pool repository (${dialect})`, () => {
    let database: TestDatabase
    const ids: Record<string, string> = {}

    /** A member with answers and tags, an identity row (address `address`), and these decisions in this order. */
    async function add(p: ParticipantRow, decisions: [purpose: string, given: boolean][], answers: Record<string, string[]> = {}, tags: string[] = [], address: string | null = null) {
      ids[p.pseudonym] = p.id
      await insertParticipant(database.db, p)
      await insertIdentity(database.db, {
        participant_id: p.id,
        full_name_enc: 'x',
        address_enc: address,
        preferred_channel: 'letter',
        preferred_format: 'standard',
        created_at: NOW,
        updated_at: NOW,
      })
      await insertDemographics(database.db, Object.entries(answers).flatMap(([dimension, values]) => values.map(value => ({ participant_id: p.id, dimension, value }))))
      await insertSeldomHeardTags(database.db, tags.map(tag => ({ participant_id: p.id, tag })))
      const rows: ConsentRow[] = decisions.map(([purpose, given], i) => ({
        id: newId(),
        participant_id: p.id,
        entry_no: i + 1,
        purpose,
        decision: given ? 'given' : 'withdrawn',
        wording_version: 1,
        channel: 'online',
        recorded_at: NOW,
        recorded_by_user_id: null,
        recorded_by_role: 'system',
      }))
      await insertConsentRecords(database.db, rows)
    }

    before(async () => {
      database = await createTestDatabase(dialect)
      // In the pool (inserted out of order: the pool comes back in pseudonym order).
      await add(participant('P-333333', { user_id: 'user-3' }), [[CONTACT, true]], { area: ['glenmoor'], benefits: ['carer'] }, ['remote_rural'], 'enc-3')
      await add(participant('P-222222'), [[CONTACT, true], ['quotes', false]], { area: ['eastport'], age_band: ['prefer_not_to_say'] }, ['minority_ethnic', 'care_experienced'])
      await add(participant('P-444444'), [[CONTACT, false], [CONTACT, true]])
      // Not in the pool.
      await add(participant('P-555555', { user_id: 'user-5' }), [[CONTACT, true], [CONTACT, false]], { area: ['eastport'] }, ['remote_rural'], 'enc-5')
      await add(participant('P-666666'), [['quotes', true]], { area: ['eastport'] })
      await add(participant('P-777777'), [], { area: ['eastport'] })
      await add(participant('P-888888', { status: 'withdrawn', user_id: 'user-8' }), [[CONTACT, true]], { area: ['eastport'] }, ['remote_rural'])
      await add(participant('P-999999', { status: 'erased' }), [[CONTACT, true]], { area: ['eastport'] }, ['remote_rural'])
    })
    after(() => database.close())

    it('finds active members whose latest contact decision is yes, in pseudonym order, with their encrypted address', async () => {
      assert.deepEqual((await findPoolMembers(database.db, CONTACT)).map(r => ({ ...r })), [
        { id: ids['P-222222'], pseudonym: 'P-222222', address_enc: null },
        { id: ids['P-333333'], pseudonym: 'P-333333', address_enc: 'enc-3' },
        { id: ids['P-444444'], pseudonym: 'P-444444', address_enc: null },
      ])
    })

    it("reads only the pool's answers, on the dimensions asked for, and only the pool's tags", async () => {
      const key = (r: { participant_id: string }, rest: string) => `${Object.keys(ids).find(k => ids[k] === r.participant_id)} ${rest}`
      const answers = (await findPoolAnswers(database.db, CONTACT, ['area', 'age_band'])).map(r => key(r, `${r.dimension}=${r.value}`)).sort()
      assert.deepEqual(answers, ['P-222222 age_band=prefer_not_to_say', 'P-222222 area=eastport', 'P-333333 area=glenmoor'])
      assert.deepEqual(await findPoolAnswers(database.db, CONTACT, []), [])
      const tags = (await findPoolTags(database.db, CONTACT)).map(r => key(r, r.tag)).sort()
      assert.deepEqual(tags, ['P-222222 care_experienced', 'P-222222 minority_ethnic', 'P-333333 remote_rural'])
    })

    it('reads the three together, inside a transaction or not', async () => {
      const outside = await readPool(database.db, CONTACT, ['area'])
      assert.deepEqual([outside.members.length, outside.answers.length, outside.tags.length], [3, 2, 3])
      const inside = await database.db.transaction().execute(trx => readPool(trx, CONTACT, ['area']))
      assert.deepEqual(inside, outside)
    })

    it('finds the accounts of the participants asked about that have one, in batches', async () => {
      const rows = await findParticipantAccounts(database.db, [ids['P-333333']!, ids['P-222222']!, ids['P-888888']!, ids['P-333333']!, 'no-such-id'])
      assert.deepEqual(rows.map(r => [r.id, r.user_id]).sort(), [
        [ids['P-333333'], 'user-3'],
        [ids['P-888888'], 'user-8'],
      ].sort())
      assert.deepEqual(await findParticipantAccounts(database.db, []), [])
      const many = [...Array.from({ length: ID_BATCH * 2 + 10 }, () => newId()), ids['P-555555']!]
      assert.deepEqual((await findParticipantAccounts(database.db, many)).map(r => ({ ...r })), [{ id: ids['P-555555'], user_id: 'user-5' }])
    })
  })
}
