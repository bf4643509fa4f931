import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findDemographicsOf,
  findIdentity,
  findParticipantById,
  findSeldomHeardTagsOf,
  findSupportNeedsOf,
  insertDemographics,
  insertIdentity,
  insertParticipant,
  insertSeldomHeardTags,
  insertSupportNeeds,
} from './participant.repository.ts'
import {
  deleteDemographicsOn,
  findParticipantByUserId,
  replaceDemographics,
  replaceSeldomHeardTags,
  replaceSupportNeeds,
  setParticipantUser,
  touchParticipant,
  updateIdentityRow,
  updateParticipantRow,
} from './participant-update.repository.ts'

const NOW = '2026-11-23T10:00:00.000Z'
const LATER = '2026-11-24T10:00:00.000Z'
let serial = 0

async function participant(db: TestDatabase['db'], status: 'active' | 'erased' = 'active'): Promise<string> {
  serial += 1
  const id = newId()
  await insertParticipant(db, {
    id,
    pseudonym: `P-U${String(serial).padStart(5, '0')}`,
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
  await insertIdentity(db, {
    participant_id: id,
    full_name_enc: 'v1.name',
    email_enc: null,
    email_index: null,
    phone_enc: null,
    phone_index: null,
    address_enc: 'v1.address',
    preferred_channel: 'letter',
    preferred_format: 'standard',
    preferred_language_enc: null,
    created_at: NOW,
    updated_at: NOW,
  })
  return id
}

for (const dialect of TEST_DIALECTS) {
  describe(`participant update repository (${dialect})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await createTestDatabase(dialect)
    })
    after(() => database.close())

    it('links a participant to their account, and finds them by it unless erased', async () => {
      const id = await participant(database.db)
      const userId = newId()
      assert.equal(await findParticipantByUserId(database.db, userId), undefined)
      await setParticipantUser(database.db, id, userId, LATER)
      const found = await findParticipantByUserId(database.db, userId)
      assert.equal(found?.id, id)
      assert.equal(found?.updated_at, LATER)
      const erased = await participant(database.db, 'erased')
      const erasedUser = newId()
      await setParticipantUser(database.db, erased, erasedUser, LATER)
      assert.equal(await findParticipantByUserId(database.db, erasedUser), undefined)
      await assert.rejects(setParticipantUser(database.db, await participant(database.db), userId, LATER), 'one account, one participant')
    })

    it('updates identity and the participant row', async () => {
      const id = await participant(database.db)
      await updateIdentityRow(database.db, id, {
        full_name_enc: 'v1.new-name',
        email_enc: 'v1.email',
        email_index: 'idx',
        phone_enc: null,
        phone_index: null,
        address_enc: null,
        preferred_channel: 'email',
        preferred_format: 'large_print',
        preferred_language_enc: null,
        updated_at: LATER,
      })
      const row = await findIdentity(database.db, id)
      assert.deepEqual([row?.full_name_enc, row?.email_index, row?.address_enc, row?.preferred_format], ['v1.new-name', 'idx', null, 'large_print'])
      await updateParticipantRow(database.db, id, { max_invitations_per_month: 7, updated_at: LATER })
      assert.equal((await findParticipantById(database.db, id))?.max_invitations_per_month, 7)
      await touchParticipant(database.db, id, '2026-12-01T00:00:00.000Z')
      assert.equal((await findParticipantById(database.db, id))?.updated_at, '2026-12-01T00:00:00.000Z')
    })

    it('replaces answers on some dimensions only, and removes answers on others', async () => {
      const id = await participant(database.db)
      await insertDemographics(database.db, [
        { participant_id: id, dimension: 'area', value: 'eastport' },
        { participant_id: id, dimension: 'disability', value: 'limited_a_lot' },
        { participant_id: id, dimension: 'long_term_condition', value: 'mobility' },
        { participant_id: id, dimension: 'long_term_condition', value: 'sight_loss' },
      ])
      await replaceDemographics(database.db, id, ['area', 'gender'], [
        { participant_id: id, dimension: 'area', value: 'glenmoor' },
        { participant_id: id, dimension: 'gender', value: 'woman' },
      ])
      const values = async () => (await findDemographicsOf(database.db, [id])).map(d => `${d.dimension}=${d.value}`)
      assert.deepEqual(await values(), ['area=glenmoor', 'disability=limited_a_lot', 'gender=woman', 'long_term_condition=mobility', 'long_term_condition=sight_loss'])
      assert.deepEqual(await deleteDemographicsOn(database.db, id, ['disability', 'ethnicity', 'long_term_condition']), ['disability', 'long_term_condition'])
      assert.deepEqual(await values(), ['area=glenmoor', 'gender=woman'])
      assert.deepEqual(await deleteDemographicsOn(database.db, id, []), [])
    })

    it('replaces support needs and tags', async () => {
      const id = await participant(database.db)
      await insertSupportNeeds(database.db, [{ participant_id: id, need: 'travel', detail: 'Bus' }])
      await insertSeldomHeardTags(database.db, [{ participant_id: id, tag: 'remote_rural' }])
      await replaceSupportNeeds(database.db, id, [{ participant_id: id, need: 'quiet_room', detail: null }])
      await replaceSeldomHeardTags(database.db, id, [])
      assert.deepEqual((await findSupportNeedsOf(database.db, [id])).map(n => n.need), ['quiet_room'])
      assert.deepEqual(await findSeldomHeardTagsOf(database.db, [id]), [])
    })
  })
}
