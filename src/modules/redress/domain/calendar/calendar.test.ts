import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  addWorkingDays,
  createCalendar,
  easterSunday,
  londonDateOf,
  parseHolidayConfig,
  scottishBankHolidays,
  workingDaysBetween,
} from './calendar.ts'

const dates = (year: number) => scottishBankHolidays(year).map(h => h.date)

describe('Scottish bank holidays as gov.uk lists them', () => {
  it('2024: St Andrew’s Day on a Saturday moves to Monday 2 December', () => {
    assert.deepEqual(dates(2024), [
      '2024-01-01',
      '2024-01-02',
      '2024-03-29',
      '2024-05-06',
      '2024-05-27',
      '2024-08-05',
      '2024-12-02',
      '2024-12-25',
      '2024-12-26',
    ])
    assert.equal(scottishBankHolidays(2024).find(h => h.date === '2024-12-02')?.name, "St Andrew's Day (substitute day)")
  })

  it('2025: St Andrew’s Day on a Sunday moves to Monday 1 December', () => {
    assert.deepEqual(dates(2025), [
      '2025-01-01',
      '2025-01-02',
      '2025-04-18',
      '2025-05-05',
      '2025-05-26',
      '2025-08-04',
      '2025-12-01',
      '2025-12-25',
      '2025-12-26',
    ])
  })

  it('2026: Boxing Day on a Saturday is taken on Monday 28 December', () => {
    assert.deepEqual(scottishBankHolidays(2026), [
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-01-02', name: '2nd January' },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-05-04', name: 'Early May bank holiday' },
      { date: '2026-05-25', name: 'Spring bank holiday' },
      { date: '2026-08-03', name: 'Summer bank holiday' },
      { date: '2026-11-30', name: "St Andrew's Day" },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
    ])
  })

  it('2027: 2 January on a Saturday moves to Monday 4; Christmas on Saturday and Boxing Day on Sunday move to 27 and 28', () => {
    assert.deepEqual(scottishBankHolidays(2027), [
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-01-04', name: '2nd January (substitute day)' },
      { date: '2027-03-26', name: 'Good Friday' },
      { date: '2027-05-03', name: 'Early May bank holiday' },
      { date: '2027-05-31', name: 'Spring bank holiday' },
      { date: '2027-08-02', name: 'Summer bank holiday' },
      { date: '2027-11-30', name: "St Andrew's Day" },
      { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
    ])
  })

  it('New Year on a weekend: 1 January on Saturday (2022) and on Sunday (2023)', () => {
    assert.deepEqual(dates(2022).slice(0, 2), ['2022-01-03', '2022-01-04'])
    assert.deepEqual(dates(2023).slice(0, 2), ['2023-01-02', '2023-01-03'])
    assert.equal(scottishBankHolidays(2023)[0]?.name, "New Year's Day (substitute day)")
  })

  it('Christmas on a Sunday: Boxing Day stays on Monday 26 and Christmas is taken on Tuesday 27 (2022)', () => {
    const dec = scottishBankHolidays(2022).filter(h => h.date.startsWith('2022-12'))
    assert.deepEqual(dec, [
      { date: '2022-12-26', name: 'Boxing Day' },
      { date: '2022-12-27', name: 'Christmas Day (substitute day)' },
    ])
  })

  it("gov.uk's one-off changes: VE day 2020, the Platinum Jubilee and the Queen's funeral 2022, the coronation 2023", () => {
    assert.ok(dates(2020).includes('2020-05-08'))
    assert.ok(!dates(2020).includes('2020-05-04'))
    assert.ok(dates(2022).includes('2022-06-02') && dates(2022).includes('2022-06-03') && dates(2022).includes('2022-09-19'))
    assert.ok(!dates(2022).includes('2022-05-30'))
    assert.ok(dates(2023).includes('2023-05-01') && dates(2023).includes('2023-05-08'))
    assert.equal(dates(2023).length, 10)
  })

  it('Easter Monday and the last Monday of August are working days in Scotland', () => {
    const cal = createCalendar()
    assert.equal(cal.isWorkingDay('2026-04-06'), true)
    assert.equal(cal.isWorkingDay('2026-08-31'), true)
    assert.equal(cal.isWorkingDay('2026-08-03'), false)
    assert.equal(cal.holidayName('2026-04-03'), 'Good Friday')
    assert.equal(cal.holidayName('2026-04-06'), null)
  })

  it('Easter Sunday by the anonymous Gregorian algorithm', () => {
    const known: Record<number, string> = {
      1961: '1961-04-02',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    }
    for (const [year, date] of Object.entries(known)) assert.equal(easterSunday(Number(year)), date, `Easter ${year}`)
  })

  it('rejects a year that is not a whole four-digit number', () => {
    assert.throws(() => scottishBankHolidays(2026.5), RangeError)
  })
})

describe('working calendar', () => {
  const cal = createCalendar()

  it('weekends are never working days', () => {
    assert.equal(cal.isWorkingDay('2026-06-06'), false)
    assert.equal(cal.isWorkingDay('2026-06-07'), false)
    assert.equal(cal.isWorkingDay('2026-06-08'), true)
    assert.equal(cal.holidayName('2026-06-06'), null)
  })

  it('adds local holidays and removes holidays the service works on', () => {
    const local = createCalendar({
      extraHolidays: [
        { date: '2026-09-28', name: 'Local autumn holiday' },
        { date: '2026-12-25', name: 'Christmas Day (office closed)' },
      ],
      removedHolidays: ['2026-08-03'],
    })
    assert.equal(local.isWorkingDay('2026-09-28'), false)
    assert.equal(local.holidayName('2026-09-28'), 'Local autumn holiday')
    assert.equal(local.holidayName('2026-12-25'), 'Christmas Day (office closed)')
    assert.equal(local.isWorkingDay('2026-08-03'), true)
    assert.equal(local.holidayName('2026-08-03'), null)
    assert.equal(addWorkingDays(local, '2026-09-25', 1), '2026-09-29')
    assert.equal(addWorkingDays(cal, '2026-09-25', 1), '2026-09-28')
  })

  it('rejects dates that are not real dates', () => {
    assert.throws(() => cal.isWorkingDay('2026-02-30'), RangeError)
    assert.throws(() => cal.isWorkingDay('30/11/2026'), RangeError)
    assert.throws(() => createCalendar({ removedHolidays: ['2026-13-01'] }), RangeError)
  })
})

describe('working-day arithmetic', () => {
  const cal = createCalendar()

  it('day 1 is the first working day after receipt: received Friday, 5 working days is the next Friday', () => {
    assert.equal(addWorkingDays(cal, '2026-01-09', 5), '2026-01-16')
    assert.equal(addWorkingDays(cal, '2026-01-09', 1), '2026-01-12')
    assert.equal(addWorkingDays(cal, '2026-01-10', 1), '2026-01-12') // received on a Saturday
    assert.equal(addWorkingDays(cal, '2026-01-09', 0), '2026-01-09')
  })

  it('across Christmas and New Year 2026/27', () => {
    // Wed 23 Dec 2026: Thu 24 (1), holidays 25 and 28, Tue 29 (2), Wed 30 (3), Thu 31 (4), holidays 1 and 4 Jan, Tue 5 (5)
    assert.equal(addWorkingDays(cal, '2026-12-23', 1), '2026-12-24')
    assert.equal(addWorkingDays(cal, '2026-12-23', 2), '2026-12-29')
    assert.equal(addWorkingDays(cal, '2026-12-23', 5), '2027-01-05')
    assert.equal(workingDaysBetween(cal, '2026-12-23', '2027-01-05'), 5)
  })

  it('across Christmas and New Year 2027/28 (1 January 2028 on a Saturday)', () => {
    assert.deepEqual(dates(2028).slice(0, 2), ['2028-01-03', '2028-01-04'])
    // Fri 24 Dec 2027: holidays 27, 28; Wed 29 (1), Thu 30 (2), Fri 31 (3); holidays 3, 4 Jan; Wed 5 (4), Thu 6 (5)
    assert.equal(addWorkingDays(cal, '2027-12-24', 3), '2027-12-31')
    assert.equal(addWorkingDays(cal, '2027-12-24', 5), '2028-01-06')
  })

  it('around St Andrew’s Day on a weekend and Good Friday', () => {
    // Fri 28 Nov 2025: Mon 1 Dec is the substitute holiday, so the first working day is Tue 2 Dec
    assert.equal(addWorkingDays(cal, '2025-11-28', 1), '2025-12-02')
    // Thu 2 Apr 2026: Good Friday 3 Apr, Easter Monday 6 Apr is a working day
    assert.equal(addWorkingDays(cal, '2026-04-02', 1), '2026-04-06')
  })

  it('counts back with a negative number', () => {
    assert.equal(addWorkingDays(cal, '2027-01-05', -5), '2026-12-23')
    assert.throws(() => addWorkingDays(cal, '2027-01-05', 1.5), RangeError)
  })

  it('working days between: after `from`, up to and including `to`; 0 when `to` is not after `from`', () => {
    assert.equal(workingDaysBetween(cal, '2026-06-01', '2026-06-05'), 4)
    assert.equal(workingDaysBetween(cal, '2026-06-05', '2026-06-05'), 0)
    assert.equal(workingDaysBetween(cal, '2026-06-05', '2026-06-01'), 0)
    assert.equal(workingDaysBetween(cal, '2026-06-05', '2026-06-07'), 0)
    assert.equal(workingDaysBetween(cal, '2026-01-01', '2026-12-31'), 252) // 261 weekdays less 9 weekday holidays (1 Jan, the `from`, is one of them)
  })

  it('addWorkingDays and workingDaysBetween agree through the whole of 2026 and 2027', () => {
    for (let day = 0; day < 730; day += 3) {
      const from = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10)
      for (const n of [1, 3, 5, 10, 20]) {
        const to = addWorkingDays(cal, from, n)
        assert.equal(workingDaysBetween(cal, from, to), n, `${from} + ${n}`)
        assert.equal(cal.isWorkingDay(to), true)
      }
    }
  })
})

describe('holiday configuration', () => {
  it('reads additions, removals, comments and blank lines', () => {
    const config = parseHolidayConfig('# local holidays\n2026-09-28 Local autumn holiday\n\n-2026-08-03 we open on this day\r\n2027-04-12   Spring   holiday \n')
    assert.deepEqual(config.errors, [])
    assert.deepEqual(config.holidays, [
      { date: '2026-09-28', name: 'Local autumn holiday' },
      { date: '2027-04-12', name: 'Spring holiday' },
    ])
    assert.deepEqual(config.removed, ['2026-08-03'])
    const cal = createCalendar({ extraHolidays: config.holidays, removedHolidays: config.removed })
    assert.equal(cal.isWorkingDay('2026-09-28'), false)
    assert.equal(cal.isWorkingDay('2026-08-03'), true)
  })

  it('accepts entries separated by semicolons, as in an environment variable', () => {
    const config = parseHolidayConfig('2026-09-28 Local holiday;-2026-08-03')
    assert.deepEqual(config.errors, [])
    assert.equal(config.holidays.length, 1)
    assert.deepEqual(config.removed, ['2026-08-03'])
  })

  it('names the line and says what to fix', () => {
    const config = parseHolidayConfig(['2026-02-30 Not a day', '28/09/2026 Local holiday', '2026-09-28', '2026-09-29 Fine', '2026-09-29 Again'].join('\n'))
    assert.deepEqual(
      config.errors.map(e => e.line),
      [1, 2, 3, 5],
    )
    assert.match(config.errors[0]?.message ?? '', /^Line 1: 2026-02-30 is not a real date/)
    assert.match(config.errors[1]?.message ?? '', /^Line 2: start the line with a date written as YYYY-MM-DD/)
    assert.match(config.errors[2]?.message ?? '', /^Line 3: write the holiday's name after the date/)
    assert.match(config.errors[3]?.message ?? '', /^Line 5: 2026-09-29 is already on line 4/)
    assert.deepEqual(config.holidays, [{ date: '2026-09-29', name: 'Fine' }])
  })
})

describe('London civil date', () => {
  it('follows British Summer Time', () => {
    assert.equal(londonDateOf(new Date('2026-06-30T22:59:59Z')), '2026-06-30')
    assert.equal(londonDateOf(new Date('2026-06-30T23:00:00Z')), '2026-07-01')
    assert.equal(londonDateOf(new Date('2026-12-31T23:59:59Z')), '2026-12-31')
    assert.equal(londonDateOf(new Date('2027-01-01T00:00:00Z')), '2027-01-01')
    assert.equal(londonDateOf(new Date('2026-03-28T23:30:00Z')), '2026-03-28') // GMT until 01:00 UTC on 29 March
    assert.equal(londonDateOf(new Date('2026-10-24T23:30:00Z')), '2026-10-25') // still BST
    assert.throws(() => londonDateOf(new Date('nonsense')), RangeError)
  })
})
