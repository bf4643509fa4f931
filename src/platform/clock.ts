/** Time as the application sees it. Commands take a clock so tests can fix the time. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(d: Date | string): void } {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms
    },
    set: (d: Date | string) => {
      t = new Date(d).getTime()
    },
  }
}

export function isoNow(clock: Clock): string {
  return clock.now().toISOString()
}

export function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000)
}
