// Times as people in the UK type them ("10:30", "14:00", "2pm", "9.15am", "noon"), read strictly, and turned into UTC
// instants for a date in Europe/London, so that a session at 10:30 is at 10:30 whether the clocks say GMT or BST.
// Pure: no I/O, no clock.

const ZONE = 'Europe/London'

export interface ClockTime {
  hours: number
  minutes: number
}

export type TimeResult = { ok: true; time: ClockTime } | { ok: false; message: string }

/**
 * Read a time of day. Accepts 24-hour "10:30", "09:05", "14.00" and "9:30", and 12-hour "2pm", "2:30 pm", "11.45am",
 * "12pm" (midday), "12am" (midnight), "noon", "midday" and "midnight". Anything else is refused with a message that
 * names `what` ("the start time") and gives an example.
 */
export function parseTime(raw: string, what: string): TimeResult {
  const typed = raw.trim().toLowerCase().replace(/\s+/g, ' ')
  const example = `, like 10:30 or 2pm`
  if (typed === '') return { ok: false, message: `Enter ${what}${example}` }
  if (typed === 'noon' || typed === 'midday') return { ok: true, time: { hours: 12, minutes: 0 } }
  if (typed === 'midnight') return { ok: true, time: { hours: 0, minutes: 0 } }
  const twelve = /^(\d{1,2})(?:[:.](\d{2}))? ?([ap])\.?m\.?$/.exec(typed)
  if (twelve) {
    const h = Number(twelve[1])
    const m = twelve[2] === undefined ? 0 : Number(twelve[2])
    if (h < 1 || h > 12 || m > 59) return { ok: false, message: `${capitalise(what)} must be a real time${example}` }
    return { ok: true, time: { hours: (h % 12) + (twelve[3] === 'p' ? 12 : 0), minutes: m } }
  }
  const twentyFour = /^(\d{1,2})[:.](\d{2})$/.exec(typed)
  if (twentyFour) {
    const h = Number(twentyFour[1])
    const m = Number(twentyFour[2])
    if (h > 23 || m > 59) return { ok: false, message: `${capitalise(what)} must be a real time${example}` }
    return { ok: true, time: { hours: h, minutes: m } }
  }
  return { ok: false, message: `Enter ${what} as a time${example}` }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The wall-clock date and time in London at an instant. */
export function londonParts(at: Date): { date: string; time: string; hours: number; minutes: number } {
  const parts = partsFmt.formatToParts(at)
  const get = (t: string) => parts.find(p => p.type === t)?.value ?? ''
  const hours = Number(get('hour'))
  const minutes = Number(get('minute'))
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}`, hours, minutes }
}

/** London's offset from UTC at an instant, in minutes (0 in winter, 60 in summer). */
function offsetMinutes(at: number): number {
  const p = londonParts(new Date(at))
  const [y, mo, d] = p.date.split('-').map(Number) as [number, number, number]
  return Math.round((Date.UTC(y, mo - 1, d, p.hours, p.minutes) - Math.floor(at / 60_000) * 60_000) / 60_000)
}

/**
 * The UTC instant (ISO string) of a wall-clock time on a date (YYYY-MM-DD) in London. When the clocks go back, a time
 * in the repeated hour is the first of the two (still BST). A time that does not exist because the clocks went
 * forward (01:00 to 01:59 on the last Sunday of March) gives null.
 */
export function londonToUtc(date: string, time: ClockTime): string | null {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, mo - 1, d, time.hours, time.minutes)
  // Try summer time first (so the repeated hour in October is read as BST), then winter time.
  for (const offset of [60, 0]) {
    const at = wall - offset * 60_000
    if (offsetMinutes(at) === offset) return new Date(at).toISOString()
  }
  return null
}

/** "10:30am", "2pm", "12pm" (GOV.UK style) for an instant, in London time. */
export function formatLondonTime(iso: string): string {
  const { hours, minutes } = londonParts(new Date(iso))
  const h = hours % 12 === 0 ? 12 : hours % 12
  return `${h}${minutes === 0 ? '' : `:${String(minutes).padStart(2, '0')}`}${hours < 12 ? 'am' : 'pm'}`
}

/** The 24-hour "HH:MM" in London for an instant (what an edit form shows). */
export function londonTimeOfDay(iso: string): string {
  return londonParts(new Date(iso)).time
}

/** The date (YYYY-MM-DD) in London for an instant. */
export function londonDate(iso: string): string {
  return londonParts(new Date(iso)).date
}
