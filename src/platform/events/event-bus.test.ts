import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../test/support/dialects.ts'
import { systemActor } from '../auth/actor.ts'
import { fixedClock } from '../clock.ts'
import { inTransaction } from '../db/unit-of-work.ts'
import { createEventBus, domainEvents, EventHandlersFailed, withDomainEvents } from './event-bus.ts'

describe('the domain event bus', () => {
  it('delivers an event to every handler of its name, in the order they subscribed, and to no other', async () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.subscribe('test.happened', p => {
      seen.push(`first:${(p as { n: number }).n}`)
    })
    bus.subscribe('test.happened', async (p, e) => {
      await Promise.resolve()
      seen.push(`second:${(p as { n: number }).n}:${e.name}`)
    })
    bus.subscribe('test.other', () => {
      seen.push('other')
    })
    await bus.publish('test.happened', { n: 1 })
    assert.deepEqual(seen, ['first:1', 'second:1:test.happened'])
    assert.equal(bus.listenerCount('test.happened'), 2)
    assert.equal(bus.listenerCount('test.nobody'), 0)
    await bus.publish('test.nobody', {})
  })

  it('stops delivering to a handler once it unsubscribes', async () => {
    const bus = createEventBus()
    let calls = 0
    const off = bus.subscribe('test.happened', () => {
      calls += 1
    })
    await bus.publish('test.happened', {})
    off()
    off()
    await bus.publish('test.happened', {})
    assert.equal(calls, 1)
    assert.equal(bus.listenerCount('test.happened'), 0)
  })

  it('runs every handler even when one fails, then reports the failures', async () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.subscribe('test.happened', () => {
      throw new Error('evidence store unavailable')
    })
    bus.subscribe('test.happened', () => {
      seen.push('after the failure')
    })
    await assert.rejects(bus.publish('test.happened', {}), (err: unknown) => {
      assert.ok(err instanceof EventHandlersFailed)
      assert.equal(err.eventName, 'test.happened')
      assert.equal(err.failures.length, 1)
      assert.match(err.message, /evidence store unavailable/)
      return true
    })
    assert.deepEqual(seen, ['after the failure'])
  })

  it('keeps one application bus that modules share', () => {
    assert.equal(typeof domainEvents.subscribe, 'function')
    const off = domainEvents.subscribe('test.shared', () => undefined)
    assert.equal(domainEvents.listenerCount('test.shared'), 1)
    off()
  })

  it('publishes raised events only after the work has finished, in the order raised', async () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.subscribe('test.a', () => {
      seen.push('a')
    })
    bus.subscribe('test.b', () => {
      seen.push('b')
    })
    const result = await withDomainEvents(bus, async raise => {
      raise('test.a', {})
      raise('test.b', {})
      raise('test.a', {})
      assert.deepEqual(seen, [], 'nothing is delivered while the work runs')
      return 42
    })
    assert.equal(result, 42)
    assert.deepEqual(seen, ['a', 'b', 'a'])
  })

  it('can return before the handlers finish, reporting their failures to onError', async () => {
    const bus = createEventBus()
    let release!: () => void
    const gate = new Promise<void>(resolve => (release = resolve))
    const seen: string[] = []
    bus.subscribe('test.slow', async () => {
      await gate
      seen.push('slow')
      throw new Error('slow failed')
    })
    const errors: unknown[] = []
    const reported = new Promise<void>(resolve => {
      const result = withDomainEvents(bus, async raise => (raise('test.slow', {}), 7), {
        deliver: 'background',
        onError: err => {
          errors.push(err)
          resolve()
        },
      })
      void result.then(value => {
        assert.equal(value, 7)
        assert.deepEqual(seen, [], 'returned before the handler finished')
        release()
      })
    })
    await reported
    assert.deepEqual(seen, ['slow'])
    assert.match(String(errors[0]), /slow failed/)
  })

  it('publishes nothing when the work fails, and refuses an event raised after the work has finished', async () => {
    const bus = createEventBus()
    let calls = 0
    bus.subscribe('test.a', () => {
      calls += 1
    })
    await assert.rejects(
      withDomainEvents(bus, async raise => {
        raise('test.a', {})
        throw new Error('rolled back')
      }),
      /rolled back/,
    )
    assert.equal(calls, 0)

    let late: ((name: string, payload: unknown) => void) | undefined
    await withDomainEvents(bus, async raise => {
      late = raise
    })
    assert.throws(() => late?.('test.a', {}), /after its unit of work had finished/)
    assert.equal(calls, 0)
  })

  it('delivers every raised event even when an earlier one has a failing handler', async () => {
    const bus = createEventBus()
    const seen: string[] = []
    bus.subscribe('test.a', () => {
      throw new Error('a failed')
    })
    bus.subscribe('test.b', () => {
      seen.push('b')
    })
    await assert.rejects(
      withDomainEvents(bus, async raise => {
        raise('test.a', {})
        raise('test.b', {})
      }),
      /a failed/,
    )
    assert.deepEqual(seen, ['b'])
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: domain events and transactions`, () => {
    let d: TestDatabase
    const clock = fixedClock('2026-11-23T09:00:00Z')
    const deps = () => ({ db: d.db, dialect: d.dialect, clock })
    const countEvents = async (action: string) =>
      Number((await d.db.selectFrom('audit_event').select(eb => eb.fn.countAll<number>().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n)

    before(async () => {
      d = await createTestDatabase(dialect)
    })
    after(() => d.close())

    it('delivers the event after the transaction has committed: a handler sees the change from outside it', async () => {
      const bus = createEventBus()
      const seenByHandler: number[] = []
      bus.subscribe('test.recorded', async () => {
        seenByHandler.push(await countEvents('test.recorded'))
      })
      await withDomainEvents(bus, raise =>
        inTransaction(deps(), systemActor('test'), async uow => {
          await uow.audit({ action: 'test.recorded' })
          raise('test.recorded', {})
          assert.deepEqual(seenByHandler, [], 'not delivered inside the transaction')
        }),
      )
      assert.deepEqual(seenByHandler, [1])
    })

    it('delivers nothing when the transaction rolls back', async () => {
      const bus = createEventBus()
      let calls = 0
      bus.subscribe('test.rolled_back', () => {
        calls += 1
      })
      await assert.rejects(
        withDomainEvents(bus, raise =>
          inTransaction(deps(), systemActor('test'), async uow => {
            await uow.audit({ action: 'test.rolled_back' })
            raise('test.rolled_back', {})
            throw new Error('a later step failed')
          }),
        ),
        /a later step failed/,
      )
      assert.equal(calls, 0)
      assert.equal(await countEvents('test.rolled_back'), 0, 'and the change itself was rolled back')
    })
  })
}
