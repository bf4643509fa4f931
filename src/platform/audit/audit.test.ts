import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../test/support/dialects.ts'
import { systemActor } from '../auth/actor.ts'
import { fixedClock } from '../clock.ts'
import { inTransaction } from '../db/unit-of-work.ts'
import { GENESIS_HASH, findAuditEvents, verifyAuditChain } from './audit.ts'

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the audit trail`, () => {
    let d: TestDatabase
    const clock = fixedClock('2026-11-23T09:00:00Z')
    const actor = { userId: null, role: 'admin' as const, displayName: 'Admin', requestId: 'req-1' }
    const deps = () => ({ db: d.db, dialect: d.dialect, clock })

    before(async () => {
      d = await createTestDatabase(dialect)
    })
    after(() => d.close())

    async function write(n: number, prefix = 'test.thing_done') {
      for (let i = 0; i < n; i++) {
        clock.advance(1000)
        await inTransaction(deps(), actor, uow => uow.audit({ action: prefix, subjectType: 'thing', subjectId: String(i), summary: { i } }))
      }
    }

    it('chains each event to the one before it', async () => {
      await write(5)
      const rows = await d.db.selectFrom('audit_event').selectAll().orderBy('seq').execute()
      assert.equal(rows.length, 5)
      assert.equal(rows[0]!.prev_hash, GENESIS_HASH)
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash)
      assert.deepEqual(await verifyAuditChain(d.db), { ok: true, checked: 5 })
    })

    it('writes nothing when the change it records fails (same transaction)', async () => {
      const before = await verifyAuditChain(d.db)
      await assert.rejects(
        inTransaction(deps(), actor, async uow => {
          await uow.audit({ action: 'test.will_roll_back' })
          throw new Error('the change failed')
        }),
        /the change failed/,
      )
      const after = await verifyAuditChain(d.db)
      assert.equal(after.checked, before.checked)
    })

    it('refuses to update or delete an event (append-only, enforced by the database)', async () => {
      await assert.rejects(d.db.updateTable('audit_event').set({ action: 'forged' }).where('seq', '=', 1).execute(), /append-only/)
      await assert.rejects(d.db.deleteFrom('audit_event').where('seq', '=', 2).execute(), /append-only/)
    })

    it('keeps one unbroken chain when many writers append at once', async () => {
      await Promise.all(Array.from({ length: 12 }, (_, i) => inTransaction(deps(), { ...actor, requestId: `r${i}` }, uow => uow.audit({ action: 'test.concurrent' }))))
      const v = await verifyAuditChain(d.db)
      assert.equal(v.ok, true, JSON.stringify(v))
    })

    it('filters and pages the events', async () => {
      const { events, total } = await findAuditEvents(d.db, { action: 'test.concurrent' }, { limit: 5, offset: 0 })
      assert.equal(total, 12)
      assert.equal(events.length, 5)
      assert.ok(events.every(e => e.action === 'test.concurrent'))
      const bySubject = await findAuditEvents(d.db, { subjectType: 'thing', subjectId: '3' }, { limit: 10, offset: 0 })
      assert.equal(bySubject.total, 1)
      assert.deepEqual(bySubject.events[0]!.summary, { i: 3 })
      const none = await findAuditEvents(d.db, { from: '2030-01-01T00:00:00.000Z' }, { limit: 10, offset: 0 })
      assert.equal(none.total, 0)
    })

    it('reports the first broken link when someone alters an event behind the application', async () => {
      // Simulate an attacker with database access who disables the guard and edits history.
      if (dialect === 'postgres') {
        await sql`alter table audit_event disable trigger audit_event_no_update`.execute(d.db)
        await sql`update audit_event set summary = ${'{"i":99}'} where seq = 3`.execute(d.db)
        await sql`alter table audit_event enable trigger audit_event_no_update`.execute(d.db)
      } else {
        await sql`drop trigger audit_event_no_update`.execute(d.db)
        await sql`update audit_event set summary = ${'{"i":99}'} where seq = 3`.execute(d.db)
      }
      const v = await verifyAuditChain(d.db)
      assert.equal(v.ok, false)
      assert.equal(v.brokenAt?.seq, 3)
      assert.match(v.brokenAt!.reason, /altered/)
      assert.equal(v.checked, 2)
    })
  })
}

describe('sqlite: a removed event breaks the chain', () => {
  it('is reported at the gap', async () => {
    const d = await createTestDatabase('sqlite')
    const clock = fixedClock('2026-01-01T00:00:00Z')
    for (let i = 0; i < 4; i++) await inTransaction({ db: d.db, dialect: d.dialect, clock }, systemActor('test'), uow => uow.audit({ action: 'x.done' }))
    await sql`drop trigger audit_event_no_delete`.execute(d.db)
    await sql`delete from audit_event where seq = 2`.execute(d.db)
    const v = await verifyAuditChain(d.db)
    assert.equal(v.ok, false)
    assert.equal(v.brokenAt?.seq, 2)
    assert.match(v.brokenAt!.reason, /missing/)
    await d.close()
  })
})
