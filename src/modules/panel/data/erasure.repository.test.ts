import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import {
  deleteDemographics,
  deleteIdentity,
  deleteSeldomHeardTags,
  deleteSupportNeeds,
  findParticipantByUserId,
  identityExists,
  markErased,
  updateParticipantStatus,
} from './erasure.repository.ts'
import {
  findDemographicsOf,
  findParticipantById,
  findSeldomHeardTagsOf,
  findSupportNeedsOf,
  insertDemographics,
  insertIdentity,
  insertParticipant,
  insertSeldomHeardTags,
  insertSupportNeeds,
  type ParticipantRow,
} from './participant.repository.ts'

const NOW = '2026-11-23T10:00:00.000Z'
const LATER = '2026-11-24T10:00:00.000Z'

function participant(pseudonym: string, over: Partial<ParticipantRow> = {}): ParticipantRow {
  return {
    id: newId(),
    pseudonym,
    status: 'active',
    joined_at: NOW,
    joined_via: 'post',
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

async function add(db: TestDatabase['db'], row: ParticipantRow): Promise<ParticipantRow> {
  await insertParticipant(db, row)
  await insertIdentity(db, {
    participant_id: row.id,
    full_name_enc: 'v1.test.name',
    email_enc: null,
    email_index: null,
    phone_enc: null,
    phone_index: null,
    address_enc: null,
    preferred_channel: 'letter',
    preferred_format: 'standard',
    preferred_language_enc: null,
    created_at: NOW,
    updated_at: NOW,
  })
  await insertDemographics(db, [
    { participant_id: row.id, dimension: 'area', value: 'eastport' },
    { participant_id: row.id, dimension: 'benefits', value: 'carer' },
  ])
  await insertSupportNeeds(db, [{ participant_id: row.id, need: 'quiet_room', detail: null }])
  await insertSeldomHeardTags(db, [{ participant_id: row.id, tag: 'remote_rural' }])
  return row
}

for (const dialect of TEST_DIALECTS) {
  describe(`erasure repository (${dialect})`, () => {
    let database: TestDatabase
    let a: ParticipantRow
    let b: ParticipantRow
    const userId = newId()

    before(async () => {
      database = await createTestDatabase(dialect)
      a = await add(database.db, participant('P-ERASE2', { user_id: userId }))
      b = await add(database.db, participant('P-KEEPS3'))
    })
    after(() => database.close())

    it('finds a member by their own account', async () => {
      assert.equal((await findParticipantByUserId(database.db, userId))?.id, a.id)
      assert.equal(await findParticipantByUserId(database.db, newId()), undefined)
    })

    it('changes status between active and withdrawn, never from erased', async () => {
      await updateParticipantStatus(database.db, b.id, 'withdrawn', LATER)
      const row = await findParticipantById(database.db, b.id)
      assert.equal(row?.status, 'withdrawn')
      assert.equal(row?.updated_at, LATER)
      await updateParticipantStatus(database.db, b.id, 'active', LATER)
      assert.equal((await findParticipantById(database.db, b.id))?.status, 'active')
    })

    it("deletes one member's rows, table by table, and leaves everyone else's", async () => {
      assert.equal(await identityExists(database.db, a.id), true)
      assert.equal(await deleteIdentity(database.db, a.id), 1)
      assert.equal(await identityExists(database.db, a.id), false)
      assert.equal(await deleteIdentity(database.db, a.id), 0)
      assert.equal(await deleteSupportNeeds(database.db, a.id), 1)
      assert.equal(await deleteDemographics(database.db, a.id), 2)
      assert.equal(await deleteSeldomHeardTags(database.db, a.id), 1)
      assert.deepEqual(await findDemographicsOf(database.db, [a.id]), [])
      assert.deepEqual(await findSupportNeedsOf(database.db, [a.id]), [])
      assert.deepEqual(await findSeldomHeardTagsOf(database.db, [a.id]), [])

      assert.equal(await identityExists(database.db, b.id), true)
      assert.equal((await findDemographicsOf(database.db, [b.id])).length, 2)
      assert.equal((await findSupportNeedsOf(database.db, [b.id])).length, 1)
      assert.equal((await findSeldomHeardTagsOf(database.db, [b.id])).length, 1)
    })

    it('marks a member erased once, unlinking their account', async () => {
      assert.equal(await markErased(database.db, a.id, LATER), true)
      const row = await findParticipantById(database.db, a.id)
      assert.equal(row?.status, 'erased')
      assert.equal(row?.user_id, null)
      assert.equal(row?.pseudonym, 'P-ERASE2')
      assert.equal(row?.joined_at, NOW, 'when and how they joined stay')
      assert.equal(await markErased(database.db, a.id, LATER), false, 'already erased')
      assert.equal(await findParticipantByUserId(database.db, userId), undefined)
      await updateParticipantStatus(database.db, a.id, 'active', LATER)
      assert.equal((await findParticipantById(database.db, a.id))?.status, 'erased', 'an erased member cannot be made active again')
    })
  })
}
