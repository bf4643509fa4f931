import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatLondonTime, londonDate, londonTimeOfDay, londonToUtc, parseTime } from './local-time.ts'

const ok = (raw: string) => {
  const r = parseTime(raw, 'the start time')
  assert.ok(r.ok, `${raw}: ${r.ok ? '' : r.message}`)
  return `${r.time.hours}:${String(r.time.minutes).padStart(2, '0')}`
}
const refused = (raw: string) => {
  const r = parseTime(raw, 'the start time')
  assert.ok(!r.ok, `${raw} should be refused`)
  return r.message
}

describe('parseTime', () => {
  it('reads 24-hour and 12-hour times as people type them', () => {
    assert.equal(ok('10:30'), '10:30')
    assert.equal(ok(' 09:05 '), '9:05')
    assert.equal(ok('9.15'), '9:15')
    assert.equal(ok('14:00'), '14:00')
    assert.equal(ok('0:00'), '0:00')
    assert.equal(ok('2pm'), '14:00')
    assert.equal(ok('2 PM'), '14:00')
    assert.equal(ok('2:30pm'), '14:30')
    assert.equal(ok('11.45am'), '11:45')
    assert.equal(ok('10.30 a.m.'), '10:30')
    assert.equal(ok('12pm'), '12:00')
    assert.equal(ok('12am'), '0:00')
    assert.equal(ok('12:15am'), '0:15')
    assert.equal(ok('noon'), '12:00')
    assert.equal(ok('Midday'), '12:00')
    assert.equal(ok('midnight'), '0:00')
  })

  it('refuses anything else with a message that says what to do', () => {
    assert.equal(refused(''), 'Enter the start time, like 10:30 or 2pm')
    assert.equal(refused('   '), 'Enter the start time, like 10:30 or 2pm')
    for (const raw of ['10', '1030', 'ten', '10:7', '10:300', '2 o’clock', '10:30:00', '-1:00', '10h30']) {
      assert.equal(refused(raw), 'Enter the start time as a time, like 10:30 or 2pm', raw)
    }
    for (const raw of ['24:00', '25:00', '10:60', '13pm', '0am', '12:75pm']) {
      assert.equal(refused(raw), 'The start time must be a real time, like 10:30 or 2pm', raw)
    }
  })
})

describe('londonToUtc and back', () => {
  it('uses GMT in winter and BST in summer', () => {
    assert.equal(londonToUtc('2027-01-15', { hours: 10, minutes: 30 }), '2027-01-15T10:30:00.000Z')
    assert.equal(londonToUtc('2027-07-15', { hours: 10, minutes: 30 }), '2027-07-15T09:30:00.000Z')
    assert.equal(londonToUtc('2027-07-15', { hours: 0, minutes: 30 }), '2027-07-14T23:30:00.000Z', 'past midnight in BST is the day before in UTC')
  })

  it('handles the days the clocks change (28 March and 31 October 2027)', () => {
    assert.equal(londonToUtc('2027-03-28', { hours: 0, minutes: 30 }), '2027-03-28T00:30:00.000Z')
    assert.equal(londonToUtc('2027-03-28', { hours: 1, minutes: 30 }), null, 'this time does not exist')
    assert.equal(londonToUtc('2027-03-28', { hours: 2, minutes: 0 }), '2027-03-28T01:00:00.000Z')
    assert.equal(londonToUtc('2027-10-31', { hours: 0, minutes: 30 }), '2027-10-30T23:30:00.000Z')
    assert.equal(londonToUtc('2027-10-31', { hours: 1, minutes: 30 }), '2027-10-31T00:30:00.000Z', 'the first 1:30, still in BST')
    assert.equal(londonToUtc('2027-10-31', { hours: 2, minutes: 0 }), '2027-10-31T02:00:00.000Z')
  })

  it('shows stored instants in London time', () => {
    assert.equal(formatLondonTime('2027-07-15T09:30:00.000Z'), '10:30am')
    assert.equal(formatLondonTime('2027-01-15T14:00:00.000Z'), '2pm')
    assert.equal(formatLondonTime('2027-07-15T11:00:00.000Z'), '12pm')
    assert.equal(formatLondonTime('2027-01-15T00:05:00.000Z'), '12:05am')
    assert.equal(londonTimeOfDay('2027-07-15T13:05:00.000Z'), '14:05')
    assert.equal(londonDate('2027-07-14T23:30:00.000Z'), '2027-07-15')
    assert.equal(londonDate('2027-01-14T23:30:00.000Z'), '2027-01-14')
  })
})
