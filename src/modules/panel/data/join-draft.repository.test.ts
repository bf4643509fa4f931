import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import {
  deleteExpiredJoinDrafts,
  deleteJoinDraft,
  findJoinDraftByResumeHash,
  findLiveJoinDraft,
  insertJoinDraft,
  setJoinDraftResumeToken,
  takeJoinDraftResumeToken,
  updateJoinDraftAnswers,
  type JoinDraftRow,
} from './join-draft.repository.ts'

const T0 = '2026-11-23T10:00:00.000Z'
const LATER = '2026-11-30T10:00:00.000Z'
const MUCH_LATER = '2027-01-30T10:00:00.000Z'

function draft(over: Partial<JoinDraftRow> = {}): JoinDraftRow {
  return {
    id: newId(),
    answers_enc: 'v1.opaque',
    resume_token_hash: null,
    resume_expires_at: null,
    created_at: T0,
    updated_at: T0,
    expires_at: '2026-12-23T10:00:00.000Z',
    ...over,
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`join draft repository (${dialect})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await createTestDatabase(dialect)
    })
    after(() => database.close())

    it('finds a draft only until it expires, and saves new answers', async () => {
      const d = draft()
      await insertJoinDraft(database.db, d)
      assert.equal((await findLiveJoinDraft(database.db, d.id, LATER))?.answers_enc, 'v1.opaque')
      assert.equal(await findLiveJoinDraft(database.db, d.id, MUCH_LATER), undefined)
      await updateJoinDraftAnswers(database.db, d.id, { answers_enc: 'v1.newer', updated_at: LATER, expires_at: '2027-02-28T00:00:00.000Z' })
      assert.equal((await findLiveJoinDraft(database.db, d.id, MUCH_LATER))?.answers_enc, 'v1.newer')
      await deleteJoinDraft(database.db, d.id)
      assert.equal(await findLiveJoinDraft(database.db, d.id, T0), undefined)
    })

    it('uses a resume token once, only before it expires, and a new token replaces the old one', async () => {
      const d = draft()
      await insertJoinDraft(database.db, d)
      await setJoinDraftResumeToken(database.db, d.id, 'a'.repeat(64), '2026-12-01T00:00:00.000Z')
      assert.equal((await findJoinDraftByResumeHash(database.db, 'a'.repeat(64)))?.id, d.id)
      await setJoinDraftResumeToken(database.db, d.id, 'b'.repeat(64), '2026-12-01T00:00:00.000Z')
      assert.equal(await findJoinDraftByResumeHash(database.db, 'a'.repeat(64)), undefined, 'the old link stops working')
      assert.equal(await takeJoinDraftResumeToken(database.db, d.id, 'b'.repeat(64), '2026-12-02T00:00:00.000Z'), false, 'too late')
      assert.equal(await takeJoinDraftResumeToken(database.db, d.id, 'b'.repeat(64), LATER), true)
      assert.equal(await takeJoinDraftResumeToken(database.db, d.id, 'b'.repeat(64), LATER), false, 'only once')
      assert.equal(await findJoinDraftByResumeHash(database.db, 'b'.repeat(64)), undefined)
    })

    it('removes expired drafts and says how many', async () => {
      const before = await deleteExpiredJoinDrafts(database.db, T0)
      assert.equal(before, 0)
      const old = draft({ expires_at: '2026-11-01T00:00:00.000Z' })
      const live = draft()
      await insertJoinDraft(database.db, old)
      await insertJoinDraft(database.db, live)
      assert.equal(await deleteExpiredJoinDrafts(database.db, T0), 1)
      assert.ok(await findLiveJoinDraft(database.db, live.id, T0))
    })
  })
}
