import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createCalendar } from './calendar.ts'
import { checkExtension, closedWithinTime, daysTaken, isOverdue, ombudsmanDeadline, stageDeadlines } from './deadlines.ts'

const cal = createCalendar()

describe('stage deadlines of the model complaints handling procedure', () => {
  it('received Friday: stage 1 due the next Friday, latest extension two weeks on', () => {
    assert.deepEqual(stageDeadlines(cal, { stage: 1, receivedOn: '2026-01-09' }), {
      respondBy: '2026-01-16',
      standardRespondBy: '2026-01-16',
      latestExtension: '2026-01-23',
      extended: false,
    })
  })

  it('complaint received on Wednesday 23 December 2026', () => {
    // Holidays 25, 28 Dec and 1, 4 Jan 2027. Thu 24 (1), Tue 29 (2), Wed 30 (3: acknowledge by), Thu 31 (4), Tue 5 (5:
    // stage 1), Wed 6 (6) ... Tue 12 (10: latest stage 1 extension) ... Tue 19 (15) ... Tue 26 Jan (20: stage 2)
    assert.deepEqual(stageDeadlines(cal, { stage: 1, receivedOn: '2026-12-23' }), {
      respondBy: '2027-01-05',
      standardRespondBy: '2027-01-05',
      latestExtension: '2027-01-12',
      extended: false,
    })
    assert.deepEqual(stageDeadlines(cal, { stage: 2, receivedOn: '2026-12-23' }), {
      acknowledgeBy: '2026-12-30',
      respondBy: '2027-01-26',
      standardRespondBy: '2027-01-26',
      extended: false,
    })
  })

  it('complaint received on Friday 24 December 2027', () => {
    // Holidays 27, 28 Dec and 3, 4 Jan 2028. Wed 29 (1), Thu 30 (2), Fri 31 (3: acknowledge by), Wed 5 (4), Thu 6 (5:
    // stage 1), Fri 7 (6) ... Thu 13 (10: latest stage 1 extension), Fri 14 (11) ... Thu 27 Jan (20: stage 2)
    assert.deepEqual(stageDeadlines(cal, { stage: 1, receivedOn: '2027-12-24' }), {
      respondBy: '2028-01-06',
      standardRespondBy: '2028-01-06',
      latestExtension: '2028-01-13',
      extended: false,
    })
    assert.deepEqual(stageDeadlines(cal, { stage: 2, receivedOn: '2027-12-24' }), {
      acknowledgeBy: '2027-12-31',
      respondBy: '2028-01-27',
      standardRespondBy: '2028-01-27',
      extended: false,
    })
  })

  it('an extension replaces the response date', () => {
    const d = stageDeadlines(cal, { stage: 1, receivedOn: '2026-12-23', extendedTo: '2027-01-12' })
    assert.equal(d.respondBy, '2027-01-12')
    assert.equal(d.standardRespondBy, '2027-01-05')
    assert.equal(d.extended, true)
    const d2 = stageDeadlines(cal, { stage: 2, receivedOn: '2026-12-23', extendedTo: '2027-02-26' })
    assert.equal(d2.respondBy, '2027-02-26')
    assert.equal(d2.acknowledgeBy, '2026-12-30')
    assert.throws(() => stageDeadlines(cal, { stage: 1, receivedOn: '2026-12-23', extendedTo: '12/01/2027' }), RangeError)
  })

  it('a local holiday in configuration moves the deadline', () => {
    const local = createCalendar({ extraHolidays: [{ date: '2026-01-12', name: 'Local holiday' }] })
    assert.equal(stageDeadlines(local, { stage: 1, receivedOn: '2026-01-09' }).respondBy, '2026-01-19')
  })
})

describe('extensions', () => {
  const stage1 = { stage: 1 as const, receivedOn: '2026-12-23' }

  it('allows a stage 1 extension up to 10 working days with a reason', () => {
    assert.deepEqual(checkExtension(cal, { ...stage1, newDate: '2027-01-12', reason: 'Waiting for records from the archive' }), [])
    assert.deepEqual(checkExtension(cal, { ...stage1, newDate: '2027-01-08', reason: 'Staff member on leave' }), [])
  })

  it('says what to fix', () => {
    assert.deepEqual(
      checkExtension(cal, { ...stage1, newDate: '2027-01-13', reason: '  ' }).map(p => p.field),
      ['extensionReason', 'extendedTo'],
    )
    assert.match(checkExtension(cal, { ...stage1, newDate: '2027-01-13', reason: 'x' })[0]?.message ?? '', /no later than 2027-01-12/)
    assert.match(checkExtension(cal, { ...stage1, newDate: '2027-01-05', reason: 'x' })[0]?.message ?? '', /after the current one, 2027-01-05/)
    assert.match(checkExtension(cal, { ...stage1, newDate: '2027-01-09', reason: 'x' })[0]?.message ?? '', /working day/)
    assert.match(checkExtension(cal, { ...stage1, newDate: '2027-02-31', reason: 'x' })[0]?.message ?? '', /real date/)
    assert.match(
      checkExtension(cal, { ...stage1, extendedTo: '2027-01-08', alreadyExtended: true, newDate: '2027-01-12', reason: 'x' })[0]?.message ?? '',
      /only once/,
    )
  })

  it('stage 2 may be extended beyond 20 working days, to a later working day', () => {
    const stage2 = { stage: 2 as const, receivedOn: '2026-12-23' }
    assert.deepEqual(checkExtension(cal, { ...stage2, newDate: '2027-03-01', reason: 'Independent advice needed' }), [])
    assert.deepEqual(
      checkExtension(cal, { ...stage2, extendedTo: '2027-03-01', alreadyExtended: true, newDate: '2027-03-15', reason: 'More advice' }),
      [],
    )
    assert.equal(checkExtension(cal, { ...stage2, newDate: '2027-01-20', reason: 'x' }).length, 1)
  })
})

describe('overdue, in time and days taken', () => {
  const input = { stage: 1 as const, receivedOn: '2026-12-23' }

  it('an open stage is overdue only after its response date', () => {
    assert.equal(isOverdue(cal, input, '2027-01-05'), false)
    assert.equal(isOverdue(cal, input, '2027-01-06'), true)
    assert.equal(isOverdue(cal, { ...input, extendedTo: '2027-01-12' }, '2027-01-06'), false)
    assert.equal(isOverdue(cal, { ...input, closedOn: '2027-01-20' }, '2027-02-01'), false)
  })

  it('closed within time counts against the extended date when there is one', () => {
    assert.equal(closedWithinTime(cal, { ...input, closedOn: '2027-01-05' }), true)
    assert.equal(closedWithinTime(cal, { ...input, closedOn: '2027-01-06' }), false)
    assert.equal(closedWithinTime(cal, { ...input, extendedTo: '2027-01-12', closedOn: '2027-01-12' }), true)
  })

  it('days taken are working days after receipt up to and including closure', () => {
    assert.equal(daysTaken(cal, '2026-12-23', '2027-01-05'), 5)
    assert.equal(daysTaken(cal, '2026-12-23', '2026-12-23'), 0)
    assert.equal(daysTaken(cal, '2027-12-24', '2028-01-27'), 20)
  })
})

describe('time limit for going to the ombudsman', () => {
  it('is 12 months after the person learned of the matter', () => {
    assert.equal(ombudsmanDeadline('2026-03-15'), '2027-03-15')
    assert.equal(ombudsmanDeadline('2026-12-31'), '2027-12-31')
    assert.equal(ombudsmanDeadline('2024-02-29'), '2025-02-28')
    assert.throws(() => ombudsmanDeadline('2026-02-29'), RangeError)
  })
})
