// The complaints calendar from configuration: Scottish bank holidays by default, local changes from
// REDRESS_HOLIDAYS_FILE, and a file with a mistake refused with its line named.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import type { Config } from '../../../platform/config.ts'
import { addWorkingDays } from './calendar/calendar.ts'
import { calendarOf, formatReference } from './model.ts'

const configWith = (file?: string) => ({ redressHolidaysFile: file }) as unknown as Config

describe('the complaints calendar', () => {
  it('counts Scottish bank holidays by default: 2 January is a holiday', () => {
    const cal = calendarOf({ config: configWith() })
    assert.equal(cal.isWorkingDay('2026-01-02'), false)
    assert.equal(addWorkingDays(cal, '2025-12-24', 5), '2026-01-06')
  })

  it('adds and removes holidays from REDRESS_HOLIDAYS_FILE, and refuses a file with a mistake', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'r2-holidays-'))
    const good = path.join(dir, 'good.txt')
    fs.writeFileSync(good, '# local changes\n2027-03-15 Local holiday\n-2027-08-02\n')
    const cal = calendarOf({ config: configWith(good) })
    assert.equal(cal.isWorkingDay('2027-03-15'), false)
    assert.equal(cal.holidayName('2027-03-15'), 'Local holiday')
    assert.equal(cal.isWorkingDay('2027-08-02'), true)
    const bad = path.join(dir, 'bad.txt')
    fs.writeFileSync(bad, '2027-02-30 Not a day\n')
    assert.throws(() => calendarOf({ config: configWith(bad) }), /line 1/)
    fs.rmSync(dir, { recursive: true })
  })

  it('writes references like C-2027-000123', () => {
    assert.equal(formatReference('2027', 123), 'C-2027-000123')
  })
})
