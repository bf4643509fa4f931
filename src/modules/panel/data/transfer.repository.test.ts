import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import { insertDemographics, insertIdentity, insertParticipant, insertSeldomHeardTags, type ParticipantRow } from './participant.repository.ts'
import {
  countIdentityExportRows,
  countResearchExportRows,
  findImportRecord,
  findParticipantIdsByPhoneIndex,
  findTakenEmailIndexes,
  findTakenPhoneIndexes,
  identityExportPage,
  insertImportRecord,
  researchExportPage,
} from './transfer.repository.ts'

const EARLY = '2026-11-01T10:00:00.000Z'
const LATE = '2026-11-20T10:00:00.000Z'

async function member(db: TestDatabase['db'], pseudonym: string, over: Partial<ParticipantRow> & { email?: string; phone?: string; identity?: boolean } = {}) {
  const { email, phone, identity = true, ...row } = over
  const id = newId()
  await insertParticipant(db, {
    id,
    pseudonym,
    status: 'active',
    joined_at: EARLY,
    joined_via: 'online',
    entered_by_user_id: null,
    entered_by_role: 'system',
    max_invitations_per_month: 2,
    user_id: null,
    last_participated_at: null,
    created_at: EARLY,
    updated_at: EARLY,
    ...row,
  })
  if (identity) {
    await insertIdentity(db, {
      participant_id: id,
      full_name_enc: `enc-name-${pseudonym}`,
      email_enc: email ? `enc-${email}` : null,
      email_index: email ?? null,
      phone_enc: phone ? `enc-${phone}` : null,
      phone_index: phone ?? null,
      address_enc: null,
      preferred_channel: 'email',
      preferred_format: 'standard',
      preferred_language_enc: null,
      created_at: EARLY,
      updated_at: EARLY,
    })
  }
  return id
}

for (const dialect of TEST_DIALECTS) {
  describe(`transfer repository (${dialect})`, () => {
    let database: TestDatabase
    let ids: Record<string, string>
    before(async () => {
      database = await createTestDatabase(dialect)
      const db = database.db
      ids = {
        a: await member(db, 'P-AAAAAA', { email: 'idx-email-a', phone: 'idx-phone-a' }),
        b: await member(db, 'P-BBBBBB', { email: 'idx-email-b', status: 'withdrawn' }),
        c: await member(db, 'P-CCCCCC', { email: 'idx-email-c', phone: 'idx-phone-c', status: 'erased' }),
        d: await member(db, 'P-DDDDDD', { identity: false, status: 'erased' }),
        e: await member(db, 'P-EEEEEE', { phone: 'idx-phone-e', created_at: LATE }),
      }
      await insertDemographics(db, [
        { participant_id: ids.a!, dimension: 'area', value: 'glenmoor' },
        { participant_id: ids.b!, dimension: 'area', value: 'eastport' },
        { participant_id: ids.e!, dimension: 'area', value: 'glenmoor' },
      ])
      await insertSeldomHeardTags(db, [{ participant_id: ids.b!, tag: 'remote_rural' }])
    })
    after(() => database.close())

    it('finds which email and phone fingerprints members already have, leaving out erased members', async () => {
      const emails = await findTakenEmailIndexes(database.db, ['idx-email-a', 'idx-email-b', 'idx-email-c', 'idx-email-x', 'idx-email-a'])
      assert.deepEqual([...emails].sort(), ['idx-email-a', 'idx-email-b'])
      const phones = await findTakenPhoneIndexes(database.db, ['idx-phone-a', 'idx-phone-c', 'idx-phone-e'])
      assert.deepEqual([...phones].sort(), ['idx-phone-a', 'idx-phone-e'])
      assert.deepEqual([...(await findTakenEmailIndexes(database.db, []))], [])
    })

    it('looks up many fingerprints at once, in chunks', async () => {
      const many = Array.from({ length: 1234 }, (_, i) => `idx-phone-none-${i}`)
      const phones = await findTakenPhoneIndexes(database.db, [...many, 'idx-phone-e'])
      assert.deepEqual([...phones], ['idx-phone-e'])
    })

    it('finds a member by phone fingerprint', async () => {
      assert.deepEqual(await findParticipantIdsByPhoneIndex(database.db, 'idx-phone-a'), [ids.a])
      assert.deepEqual(await findParticipantIdsByPhoneIndex(database.db, 'idx-phone-c'), [], 'erased')
      assert.deepEqual(await findParticipantIdsByPhoneIndex(database.db, 'idx-phone-x'), [])
    })

    it('stores and finds the record of an import', async () => {
      const id = newId()
      const row = {
        id,
        created_at: LATE,
        actor_user_id: null,
        actor_role: 'system',
        all_or_nothing: 1,
        joined_via: 'post',
        rows_read: 10,
        imported: 0,
        rejected: 2,
        problems: JSON.stringify([{ line: 3, column: 'email', columnLetter: 'B', message: 'Enter an email address' }]),
      }
      await insertImportRecord(database.db, row)
      assert.deepEqual({ ...(await findImportRecord(database.db, id)) }, row)
      assert.equal(await findImportRecord(database.db, newId()), undefined)
    })

    it('pages research rows by pseudonym, filtered like the list page, up to the moment the export began', async () => {
      const all = { asOf: LATE }
      assert.equal(await countResearchExportRows(database.db, all), 5)
      const first = await researchExportPage(database.db, all, { limit: 2 })
      assert.deepEqual(first.map(r => r.pseudonym), ['P-AAAAAA', 'P-BBBBBB'])
      const second = await researchExportPage(database.db, all, { after: 'P-BBBBBB', limit: 2 })
      assert.deepEqual(second.map(r => r.pseudonym), ['P-CCCCCC', 'P-DDDDDD'])
      const last = await researchExportPage(database.db, all, { after: 'P-DDDDDD', limit: 2 })
      assert.deepEqual(last.map(r => r.pseudonym), ['P-EEEEEE'])

      const before = { asOf: EARLY }
      assert.equal(await countResearchExportRows(database.db, before), 4, 'a member registered later is not in it')
      const active = { asOf: LATE, status: 'active' as const }
      assert.deepEqual((await researchExportPage(database.db, active, { limit: 10 })).map(r => r.pseudonym), ['P-AAAAAA', 'P-EEEEEE'])
      const glenmoor = { asOf: LATE, dimension: { key: 'area', value: 'glenmoor' } }
      assert.equal(await countResearchExportRows(database.db, glenmoor), 2)
      const rural = { asOf: LATE, tag: 'remote_rural' }
      assert.deepEqual((await researchExportPage(database.db, rural, { limit: 10 })).map(r => r.pseudonym), ['P-BBBBBB'])
    })

    it('pages identity rows: only members who still have an identity', async () => {
      const all = { asOf: LATE }
      assert.equal(await countIdentityExportRows(database.db, all), 4)
      const rows = await identityExportPage(database.db, all, { limit: 10 })
      assert.deepEqual(rows.map(r => r.pseudonym), ['P-AAAAAA', 'P-BBBBBB', 'P-CCCCCC', 'P-EEEEEE'])
      assert.deepEqual({ ...rows[0] }, {
        participant_id: ids.a,
        pseudonym: 'P-AAAAAA',
        status: 'active',
        full_name_enc: 'enc-name-P-AAAAAA',
        email_enc: 'enc-idx-email-a',
        phone_enc: 'enc-idx-phone-a',
        address_enc: null,
        preferred_channel: 'email',
        preferred_format: 'standard',
        preferred_language_enc: null,
      })
      const page = await identityExportPage(database.db, { asOf: LATE, status: 'active' }, { after: 'P-AAAAAA', limit: 10 })
      assert.deepEqual(page.map(r => r.pseudonym), ['P-EEEEEE'])
      assert.equal(await countIdentityExportRows(database.db, { asOf: LATE, dimension: { key: 'area', value: 'eastport' } }), 1)
    })
  })
}
