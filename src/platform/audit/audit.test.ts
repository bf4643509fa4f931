import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../test/support/dialects.ts'
import { systemActor } from '../auth/actor.ts'
import { fixedClock } from '../clock.ts'
import { inTransaction } from '../db/unit-of-work.ts'
import { sealAuditEventsJob } from '../jobs/platform-jobs.ts'
import { GENESIS_HASH, findAuditEvents, pendingIsStale, sealAuditEvents, verifyAuditChain, writeAuditEvents } from './audit.ts'

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
      assert.deepEqual(await verifyAuditChain(d.db), { ok: true, checked: 5, pending: { count: 0, oldestAt: null } })
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
      assert.equal(v.pending.count, 0, 'every command returned with its events sealed into the chain')
    })

    it('seals events left pending (a seal that failed after the commit) in the order they were written', async () => {
      const before = await verifyAuditChain(d.db)
      // Two commands commit their events, but neither is sealed (as if the database went away just after the commit).
      for (const [i, actions] of [['test.pending_first', 'test.pending_second'], ['test.pending_third']].entries()) {
        clock.advance(1000)
        await d.db.transaction().execute(trx =>
          writeAuditEvents(trx, { actor: { ...actor, requestId: `p${i}` }, clock, dialect }, actions.map(action => ({ action }))),
        )
      }
      const waiting = await verifyAuditChain(d.db)
      assert.equal(waiting.ok, true)
      assert.equal(waiting.checked, before.checked, 'pending events are not in the chain yet')
      assert.deepEqual(waiting.pending, { count: 3, oldestAt: '2026-11-23T09:00:06.000Z' })
      assert.equal(pendingIsStale(waiting.pending, new Date('2026-11-23T09:05:00Z')), false)
      assert.equal(pendingIsStale(waiting.pending, new Date('2026-11-23T09:11:00Z')), true, 'waiting over ten minutes means no sealer')

      // The scheduled job seals them, in the order written, after what the chain already holds.
      const report = await sealAuditEventsJob.run({ db: d.db, dialect } as never)
      assert.deepEqual(report, { sealed: 3 })
      const tail = await d.db.selectFrom('audit_event').select(['seq', 'action', 'occurred_at']).orderBy('seq', 'desc').limit(3).execute()
      assert.deepEqual(
        tail.reverse().map(r => [r.seq, r.action, r.occurred_at]),
        [
          [before.checked + 1, 'test.pending_first', '2026-11-23T09:00:06.000Z'],
          [before.checked + 2, 'test.pending_second', '2026-11-23T09:00:06.000Z'],
          [before.checked + 3, 'test.pending_third', '2026-11-23T09:00:07.000Z'],
        ],
      )
      const after = await verifyAuditChain(d.db)
      assert.deepEqual(after, { ok: true, checked: before.checked + 3, pending: { count: 0, oldestAt: null } })
      assert.equal(await sealAuditEvents({ db: d.db, dialect }), 0, 'nothing left to seal')
    })

    it('refuses to change an event while it waits to be sealed', async () => {
      await d.db.transaction().execute(trx => writeAuditEvents(trx, { actor, clock, dialect }, [{ action: 'test.to_forge' }]))
      await assert.rejects(d.db.updateTable('audit_event_pending').set({ action: 'forged' }).execute(), /cannot be changed/)
      assert.equal(await sealAuditEvents({ db: d.db, dialect }), 1)
    })

    it('seals events from many writers in batches larger than one seal takes', async () => {
      const before = await verifyAuditChain(d.db)
      await d.db.transaction().execute(trx =>
        writeAuditEvents(trx, { actor, clock, dialect }, Array.from({ length: 2_345 }, (_, i) => ({ action: 'test.bulk', summary: { i } }))),
      )
      assert.equal(await sealAuditEvents({ db: d.db, dialect }), 2_345)
      const after = await verifyAuditChain(d.db)
      assert.equal(after.ok, true)
      assert.equal(after.checked, before.checked + 2_345)
      const order = await d.db.selectFrom('audit_event').select('summary').where('action', '=', 'test.bulk').orderBy('seq').execute()
      assert.deepEqual(
        order.map(r => (JSON.parse(r.summary) as { i: number }).i),
        Array.from({ length: 2_345 }, (_, i) => i),
      )
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
