// Working days for complaints handling: Scottish bank holidays as gov.uk publishes them, weekends, and local changes
// from configuration (extra holidays such as a local holiday, or a holiday the service does not close for). Pure: no
// I/O, no clock. Dates are UK civil dates as 'YYYY-MM-DD' strings; arithmetic is done on UTC midnights so daylight
// saving never shifts a day. See docs/redress/working-days.md.

export interface Holiday {
  date: string
  name: string
}

export interface WorkingCalendar {
  /** False on Saturdays, Sundays and holidays. */
  isWorkingDay(date: string): boolean
  /** The holiday's name when the date is a holiday, otherwise null. */
  holidayName(date: string): string | null
}

export interface CalendarOptions {
  /** Holidays to add, e.g. a local holiday. An addition on a date that is already a holiday renames it. */
  extraHolidays?: Holiday[]
  /** Dates of holidays the service works on after all. Removals apply before additions. */
  removedHolidays?: string[]
  region?: 'scotland'
}

export interface HolidayConfig {
  holidays: Holiday[]
  /** Dates written as `-YYYY-MM-DD`: holidays to remove. */
  removed: string[]
  errors: { line: number; message: string }[]
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const DAY_MS = 86_400_000

/** True when the text is a real date written as YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

function toUtc(date: string): Date {
  if (!isIsoDate(date)) throw new RangeError(`Not a date in the form YYYY-MM-DD: ${JSON.stringify(date)}`)
  return new Date(`${date}T00:00:00Z`)
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10)
}

function ymd(year: number, month: number, day: number): string {
  return fromUtc(new Date(Date.UTC(year, month - 1, day)))
}

/** The date `days` calendar days after `date` (before, when negative). */
export function addCalendarDays(date: string, days: number): string {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS))
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return toUtc(date).getUTCDay()
}

export function isWeekend(date: string): boolean {
  const day = dayOfWeek(date)
  return day === 0 || day === 6
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return ymd(year, month, day)
}

/** The first Monday on or after the given date. */
function mondayOnOrAfter(date: string): string {
  const day = dayOfWeek(date)
  return addCalendarDays(date, (8 - day) % 7)
}

function firstMonday(year: number, month: number): string {
  return mondayOnOrAfter(ymd(year, month, 1))
}

function lastMonday(year: number, month: number): string {
  const last = fromUtc(new Date(Date.UTC(year, month, 0)))
  return addCalendarDays(last, -((dayOfWeek(last) + 6) % 7))
}

/**
 * One-off changes gov.uk has published for Scotland: a regular holiday moved (`removes` then `adds`) or an extra one.
 * Anything announced later belongs in configuration (parseHolidayConfig), not here.
 */
export const KNOWN_CHANGES: Readonly<Record<number, { removes: readonly string[]; adds: readonly Holiday[] }>> = {
  2020: {
    removes: ['2020-05-04'],
    adds: [{ date: '2020-05-08', name: 'Early May bank holiday (VE day)' }],
  },
  2022: {
    removes: ['2022-05-30'],
    adds: [
      { date: '2022-06-02', name: 'Spring bank holiday' },
      { date: '2022-06-03', name: 'Platinum Jubilee bank holiday' },
      { date: '2022-09-19', name: 'Bank Holiday for the State Funeral of Queen Elizabeth II' },
    ],
  },
  2023: {
    removes: [],
    adds: [{ date: '2023-05-08', name: 'Bank holiday for the coronation of King Charles III' }],
  },
}

/**
 * Scotland's bank holidays in a year, in date order, as gov.uk lists them (substitute days included, named
 * "(substitute day)"). Easter Monday is not a bank holiday in Scotland; the summer holiday is the first Monday of
 * August.
 */
export function scottishBankHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Not a year: ${year}`)
  const taken = new Map<string, string>()
  const nextFreeWeekday = (date: string): string => {
    let d = date
    while (isWeekend(d) || taken.has(d)) d = addCalendarDays(d, 1)
    return d
  }
  const substitute = (name: string) => `${name} (substitute day)`

  // New Year: each day in turn moves to the next weekday not already a holiday (1 Jan on Saturday: Mon 3 and Tue 4;
  // on Sunday: Mon 2 is New Year's substitute and Tue 3 the 2nd January's; 2 Jan on Saturday: Mon 4).
  for (const [date, name] of [
    [ymd(year, 1, 1), "New Year's Day"],
    [ymd(year, 1, 2), '2nd January'],
  ] as const) {
    const observed = nextFreeWeekday(date)
    taken.set(observed, observed === date ? name : substitute(name))
  }

  taken.set(addCalendarDays(easterSunday(year), -2), 'Good Friday')
  taken.set(firstMonday(year, 5), 'Early May bank holiday')
  taken.set(lastMonday(year, 5), 'Spring bank holiday')
  taken.set(firstMonday(year, 8), 'Summer bank holiday')

  const standrew = ymd(year, 11, 30)
  taken.set(isWeekend(standrew) ? mondayOnOrAfter(standrew) : standrew, isWeekend(standrew) ? substitute("St Andrew's Day") : "St Andrew's Day")

  // Christmas: a day on a weekday stays; a day on a weekend moves to the next weekday not already a holiday
  // (25 Dec on Saturday: Mon 27 and Tue 28; on Sunday: Boxing Day Mon 26 and Christmas substitute Tue 27).
  const christmas = [
    [ymd(year, 12, 25), 'Christmas Day'],
    [ymd(year, 12, 26), 'Boxing Day'],
  ] as const
  for (const [date, name] of christmas) if (!isWeekend(date)) taken.set(date, name)
  for (const [date, name] of christmas) if (isWeekend(date)) taken.set(nextFreeWeekday(date), substitute(name))

  const changes = KNOWN_CHANGES[year]
  if (changes) {
    for (const date of changes.removes) taken.delete(date)
    for (const h of changes.adds) taken.set(h.date, h.name)
  }
  return [...taken].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date))
}

/** A working calendar: Monday to Friday except Scottish bank holidays, with configured additions and removals. */
export function createCalendar(opts: CalendarOptions = {}): WorkingCalendar {
  const region = opts.region ?? 'scotland'
  if (region !== 'scotland') throw new RangeError(`Unknown region: ${String(region)}`)
  const removed = new Set<string>()
  for (const date of opts.removedHolidays ?? []) {
    toUtc(date)
    removed.add(date)
  }
  const extra = new Map<string, string>()
  for (const h of opts.extraHolidays ?? []) {
    toUtc(h.date)
    extra.set(h.date, h.name)
  }
  const years = new Map<number, Map<string, string>>()
  const holidaysOf = (year: number): Map<string, string> => {
    let map = years.get(year)
    if (!map) {
      map = new Map(scottishBankHolidays(year).map(h => [h.date, h.name]))
      for (const date of removed) map.delete(date)
      for (const [date, name] of extra) if (date.startsWith(`${year}-`)) map.set(date, name)
      years.set(year, map)
    }
    return map
  }
  const holidayName = (date: string): string | null => {
    toUtc(date)
    return holidaysOf(Number(date.slice(0, 4))).get(date) ?? null
  }
  return {
    holidayName,
    isWorkingDay: date => !isWeekend(date) && holidayName(date) === null,
  }
}

/**
 * Reads holiday configuration: one `YYYY-MM-DD name` per line to add a holiday, `-YYYY-MM-DD` to remove one. Blank
 * lines and lines starting with # are ignored; in an environment variable, entries may be separated by `;` instead of
 * new lines (each entry then counts as a line). Errors name the line and say what to write instead.
 */
export function parseHolidayConfig(text: string): HolidayConfig {
  const holidays: Holiday[] = []
  const removed: string[] = []
  const errors: { line: number; message: string }[] = []
  const seen = new Map<string, number>()
  const entries = text.split(/\r?\n|;/)
  entries.forEach((raw, index) => {
    const line = index + 1
    const entry = raw.trim()
    if (entry === '' || entry.startsWith('#')) return
    const removal = entry.startsWith('-')
    const body = removal ? entry.slice(1).trim() : entry
    const [first = '', ...rest] = body.split(/\s+/)
    const name = rest.join(' ').trim()
    if (!DATE_PATTERN.test(first)) {
      errors.push({
        line,
        message: `Line ${line}: start the line with a date written as YYYY-MM-DD, for example "2026-06-15 Local holiday", or "-2026-06-15" to remove a holiday.`,
      })
      return
    }
    if (!isIsoDate(first)) {
      errors.push({ line, message: `Line ${line}: ${first} is not a real date. Check the month and the day.` })
      return
    }
    const earlier = seen.get(first)
    if (earlier !== undefined) {
      errors.push({ line, message: `Line ${line}: ${first} is already on line ${earlier}. List each date once.` })
      return
    }
    if (removal) {
      seen.set(first, line)
      removed.push(first)
      return
    }
    if (name === '') {
      errors.push({ line, message: `Line ${line}: write the holiday's name after the date, for example "${first} Local holiday".` })
      return
    }
    if (name.length > 100) {
      errors.push({ line, message: `Line ${line}: the holiday's name must be 100 characters or fewer.` })
      return
    }
    seen.set(first, line)
    holidays.push({ date: first, name })
  })
  return { holidays, removed, errors }
}

/**
 * The date `n` working days after `from`. Day 1 is the first working day after `from` (the model complaints handling
 * procedure's count): received on a Friday, 5 working days is the next Friday when there is no holiday between.
 * n = 0 gives `from` itself; a negative n counts back (day -1 is the last working day before `from`).
 */
export function addWorkingDays(calendar: WorkingCalendar, from: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of working days: ${n}`)
  const step = n < 0 ? -1 : 1
  let date = from
  toUtc(from)
  for (let left = Math.abs(n); left > 0; ) {
    date = addCalendarDays(date, step)
    if (calendar.isWorkingDay(date)) left--
  }
  return date
}

/** The number of working days after `from`, up to and including `to`; 0 when `to` is on or before `from`. */
export function workingDaysBetween(calendar: WorkingCalendar, from: string, to: string): number {
  toUtc(from)
  toUtc(to)
  let count = 0
  for (let date = addCalendarDays(from, 1); date <= to; date = addCalendarDays(date, 1)) {
    if (calendar.isWorkingDay(date)) count++
  }
  return count
}

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })

/** The civil date in Europe/London (GMT or BST) at an instant, as YYYY-MM-DD. */
export function londonDateOf(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Not a valid instant')
  const parts = Object.fromEntries(LONDON.formatToParts(instant).map(p => [p.type, p.value]))
  return `${parts.year}-${parts.month}-${parts.day}`
}
