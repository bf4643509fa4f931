import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { newId } from '../../../platform/ids.ts'
import { findPrincipleById, insertPrinciple, listPrincipleRows, maxPrinciplePosition, principlePositionTaken } from './principle.repository.ts'

const NOW = '2026-11-23T10:00:00.000Z'
const row = (position: number, title: string) => ({
  id: newId(),
  position,
  title,
  body: `${title}, in plain English.`,
  source_reference: position === 2 ? null : `Act, section 1(${position})`,
  created_at: NOW,
  updated_at: NOW,
})

for (const dialect of TEST_DIALECTS) {
  describe(`charter principle repository (${dialect})`, () => {
    let database: TestDatabase
    before(async () => {
      database = await createTestDatabase(dialect)
    })
    after(() => database.close())

    it('starts empty, at position 0', async () => {
      assert.deepEqual(await listPrincipleRows(database.db), [])
      assert.equal(await maxPrinciplePosition(database.db), 0)
    })

    it('lists principles in position order, whatever order they were added in', async () => {
      const third = row(3, 'Third')
      await insertPrinciple(database.db, third)
      await insertPrinciple(database.db, row(1, 'First'))
      await insertPrinciple(database.db, row(2, 'Second'))
      const rows = await listPrincipleRows(database.db)
      assert.deepEqual(rows.map(r => [r.position, r.title]), [[1, 'First'], [2, 'Second'], [3, 'Third']])
      assert.equal(rows[1]!.source_reference, null)
      assert.equal(await maxPrinciplePosition(database.db), 3)
      assert.equal(await principlePositionTaken(database.db, 2), true)
      assert.equal(await principlePositionTaken(database.db, 4), false)
      assert.deepEqual({ ...(await findPrincipleById(database.db, third.id)) }, third)
    })

    it('refuses two principles at the same position', async () => {
      await assert.rejects(insertPrinciple(database.db, row(1, 'Another first')))
    })
  })
}
