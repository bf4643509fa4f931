/**
 * An in-process domain event bus: one module announces that something has happened ("a panel member was erased"),
 * others react (delete or keep that person's contributions). Side effects across modules go through here, not
 * through one module calling into another's tables.
 *
 * Events are published only AFTER the transaction that made the change has committed: raise them inside the unit of
 * work with `withDomainEvents`, and they are delivered once the work has returned (committed), or never (rolled back).
 *
 * Delivery is in-process and at-most-once: handlers run in the order they subscribed, one after another, each
 * awaited. If a handler fails, the others still run, and `publish` then rejects with an EventHandlersFailed error
 * listing them. The change that raised the event has already committed by then: a handler must be idempotent, so
 * that running it again later (by hand, or by a job that looks for unfinished work) is safe.
 *
 * Modules name their events `<module>.<past_tense_verb>` and declare each one's payload by adding to
 * `DomainEventMap` (declaration merging):
 *
 *   declare module '../../platform/events/event-bus.ts' {
 *     interface DomainEventMap { 'panel.participant_erased': ParticipantErasedEvent }
 *   }
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by modules (declaration merging)
export interface DomainEventMap {}

/** A known event name, or any `<module>.<verb>` string when the map does not know it (e.g. in tests). */
export type DomainEventName = keyof DomainEventMap | (string & {})
export type PayloadOf<N> = N extends keyof DomainEventMap ? DomainEventMap[N] : unknown

export type EventHandler<N extends DomainEventName = DomainEventName> = (payload: PayloadOf<N>, event: { name: N }) => void | Promise<void>

export interface PendingEvent {
  readonly name: string
  readonly payload: unknown
}

/** Raise an event inside a unit of work: it is delivered after the work has committed. */
export type RaiseEvent = <N extends DomainEventName>(name: N, payload: PayloadOf<N>) => void

export interface EventBus {
  /** Call `handler` for every event of this name published from now on. Returns a function that unsubscribes. */
  subscribe<N extends DomainEventName>(name: N, handler: EventHandler<N>): () => void
  /** Deliver an event now, to every handler subscribed to its name. Use `withDomainEvents` inside commands. */
  publish<N extends DomainEventName>(name: N, payload: PayloadOf<N>): Promise<void>
  /** How many handlers listen to an event (for start-up checks and tests). */
  listenerCount(name: DomainEventName): number
}

export class EventHandlersFailed extends Error {
  readonly eventName: string
  readonly failures: readonly unknown[]
  constructor(eventName: string, failures: readonly unknown[]) {
    super(`${failures.length} handler(s) of the domain event '${eventName}' failed: ${failures.map(f => (f instanceof Error ? f.message : String(f))).join('; ')}`)
    this.name = 'EventHandlersFailed'
    this.eventName = eventName
    this.failures = failures
  }
}

export function createEventBus(): EventBus {
  const handlers = new Map<string, EventHandler[]>()
  return {
    subscribe(name, handler) {
      const list = handlers.get(name) ?? []
      const h = handler as unknown as EventHandler
      list.push(h)
      handlers.set(name, list)
      return () => {
        const current = handlers.get(name) ?? []
        const i = current.indexOf(h)
        if (i >= 0) current.splice(i, 1)
      }
    },
    async publish(name, payload) {
      // A copy: a handler that subscribes or unsubscribes while the event is delivered changes the next delivery only.
      const list = [...(handlers.get(name) ?? [])]
      const failures: unknown[] = []
      for (const handler of list) {
        try {
          await handler(payload as never, { name } as never)
        } catch (err) {
          failures.push(err)
        }
      }
      if (failures.length > 0) throw new EventHandlersFailed(name, failures)
    },
    listenerCount(name) {
      return handlers.get(name)?.length ?? 0
    },
  }
}

/** The application's bus. Modules subscribe when they are loaded; commands publish through `withDomainEvents`. */
export const domainEvents: EventBus = createEventBus()

/**
 * Run `work` (which opens ONE transaction with `inTransaction`) and give it `raise`. The events it raises are
 * published, in order, only after `work` has returned, that is after its transaction committed. If `work` throws
 * (the transaction rolled back), nothing is published.
 *
 *   await withDomainEvents(bus, raise => inTransaction(deps, actor, async uow => { ...; raise('x.happened', {...}) }))
 */
export interface DeliveryOptions {
  /**
   * 'background': return as soon as `work` has committed and deliver the events after, without waiting for their
   * handlers (failures go to `onError`, as they have nowhere else to go). For a request whose reactions need not be
   * finished before the person sees the next page, and whose handlers have a catch-up for anything missed.
   */
  deliver?: 'wait' | 'background'
  onError?: (err: unknown) => void
}

export async function withDomainEvents<T>(bus: EventBus, work: (raise: RaiseEvent) => Promise<T>, options: DeliveryOptions = {}): Promise<T> {
  const pending: PendingEvent[] = []
  let open = true
  const raise: RaiseEvent = (name, payload) => {
    if (!open) throw new Error(`The domain event '${name}' was raised after its unit of work had finished`)
    pending.push({ name, payload })
  }
  let result: T
  try {
    result = await work(raise)
  } finally {
    open = false
  }
  const delivered = deliverAll(bus, pending)
  if (options.deliver === 'background') {
    delivered.catch(err => options.onError?.(err))
    return result
  }
  await delivered
  return result
}

/** Every event is delivered even if an earlier one's handlers failed; then the failures are reported. */
async function deliverAll(bus: EventBus, pending: readonly PendingEvent[]): Promise<void> {
  const failures: unknown[] = []
  for (const e of pending) {
    try {
      await bus.publish(e.name, e.payload as never)
    } catch (err) {
      failures.push(err)
    }
  }
  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) throw new AggregateError(failures, `Handlers of ${failures.length} domain events failed`)
}
