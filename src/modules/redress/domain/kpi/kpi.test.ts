import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createCalendar } from '../calendar/calendar.ts'
import { complaintsKpis, kpisByCommitment, kpisForYear, periodOf, quarterOf, share, yearOf, type KpiCase } from './kpi.ts'

const cal = createCalendar()

const base = { directToStage2: false, stage1Extended: false, stage2Extended: false, commitmentKeys: [], learningActions: 0 }

// June 2026 has no holidays: Mon 1, 8, 15, 22, 29 June. Hand-worked figures for 2026/27 Q1 (April to June 2026).
const cases: KpiCase[] = [
  // A: stage 1 in 4 working days, upheld, one learning action
  { ...base, id: 'A', receivedOn: '2026-06-01', stage1ClosedOn: '2026-06-05', outcomeStage1: 'upheld', commitmentKeys: ['c1'], learningActions: 1 },
  // B: stage 1 in 5 working days, not upheld
  { ...base, id: 'B', receivedOn: '2026-06-01', stage1ClosedOn: '2026-06-08', outcomeStage1: 'not_upheld', commitmentKeys: ['c1'] },
  // C: stage 1 extended, 10 working days, partly upheld; escalated 16 June, stage 2 in 10 working days, upheld
  {
    ...base,
    id: 'C',
    receivedOn: '2026-06-01',
    stage1ClosedOn: '2026-06-15',
    stage1Extended: true,
    outcomeStage1: 'partly_upheld',
    escalatedOn: '2026-06-16',
    stage2ClosedOn: '2026-06-30',
    outcomeStage2: 'upheld',
    commitmentKeys: ['c2'],
    learningActions: 2,
  },
  // D: straight to stage 2, extended, 21 working days, not upheld, about two commitments
  {
    ...base,
    id: 'D',
    receivedOn: '2026-06-01',
    directToStage2: true,
    stage2Extended: true,
    stage2ClosedOn: '2026-06-30',
    outcomeStage2: 'not_upheld',
    commitmentKeys: ['c1', 'c2'],
  },
  // E: received on the last day of the quarter, still open
  { ...base, id: 'E', receivedOn: '2026-06-30' },
  // F: received in the previous year (31 March), closed at stage 1 on 2 April in 2 working days, resolved
  { ...base, id: 'F', receivedOn: '2026-03-31', stage1ClosedOn: '2026-04-02', outcomeStage1: 'resolved', learningActions: 1 },
  // G: received in the next quarter
  { ...base, id: 'G', receivedOn: '2026-07-01', commitmentKeys: ['c1'] },
]

describe('periods', () => {
  it('financial quarters run from April; calendar quarters from January', () => {
    assert.deepEqual(quarterOf('2026-04-01'), { label: '2026/27 Q1', basis: 'financial', year: 2026, quarter: 1, start: '2026-04-01', end: '2026-06-30' })
    assert.deepEqual(quarterOf('2027-03-31'), { label: '2026/27 Q4', basis: 'financial', year: 2026, quarter: 4, start: '2027-01-01', end: '2027-03-31' })
    assert.equal(quarterOf('2026-12-31').label, '2026/27 Q3')
    assert.equal(quarterOf('2026-03-31').label, '2025/26 Q4')
    assert.deepEqual(quarterOf('2026-06-30', 'calendar'), { label: '2026 Q2', basis: 'calendar', year: 2026, quarter: 2, start: '2026-04-01', end: '2026-06-30' })
    assert.equal(quarterOf('2028-02-29', 'calendar').end, '2028-03-31')
    assert.throws(() => quarterOf('2026-13-01'), RangeError)
  })

  it('years', () => {
    assert.deepEqual(periodOf('financial', 2026), { label: '2026/27', basis: 'financial', year: 2026, start: '2026-04-01', end: '2027-03-31' })
    assert.equal(periodOf('financial', 1999).label, '1999/00')
    assert.deepEqual(yearOf('2027-02-10'), periodOf('financial', 2026))
    assert.deepEqual(yearOf('2027-02-10', 'calendar'), { label: '2027', basis: 'calendar', year: 2027, start: '2027-01-01', end: '2027-12-31' })
  })

  it('a share gives the count, the base and the percentage', () => {
    assert.deepEqual(share(1, 4), { count: 1, base: 4, percent: 25 })
    assert.deepEqual(share(0, 0), { count: 0, base: 0, percent: null })
  })
})

describe('complaints performance indicators', () => {
  const q1 = complaintsKpis(cal, cases, periodOf('financial', 2026, 1), { denominator: 2000 })

  it('received per stage and per 1,000', () => {
    assert.deepEqual(q1.received, { total: 5, stage1: 4, stage2Direct: 1, escalated: 1, perThousand: 2.5, denominator: 2000 })
    assert.equal(complaintsKpis(cal, cases, periodOf('financial', 2026, 1)).received.perThousand, null)
  })

  it('stage 1: closed, in time, average working days, outcomes, extensions', () => {
    assert.equal(q1.closedTotal, 6)
    assert.equal(q1.stage1.closed, 4)
    assert.deepEqual(q1.stage1.shareOfClosed, share(4, 6))
    assert.deepEqual(q1.stage1.withinTime, { count: 3, base: 4, percent: 75 })
    assert.deepEqual(q1.stage1.averageWorkingDays, { mean: 5.25, n: 4, totalDays: 21 })
    for (const outcome of ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const) {
      assert.deepEqual(q1.stage1.outcomes[outcome], { count: 1, base: 4, percent: 25 }, outcome)
    }
    assert.equal(q1.stage1.outcomeNotRecorded, 0)
    assert.deepEqual(q1.stage1.extended, { count: 1, base: 4, percent: 25 })
  })

  it('stage 2: straight there, after escalation, and both together', () => {
    assert.equal(q1.stage2Direct.closed, 1)
    assert.deepEqual(q1.stage2Direct.withinTime, { count: 0, base: 1, percent: 0 })
    assert.deepEqual(q1.stage2Direct.averageWorkingDays, { mean: 21, n: 1, totalDays: 21 })
    assert.deepEqual(q1.stage2Direct.outcomes.not_upheld, { count: 1, base: 1, percent: 100 })
    assert.deepEqual(q1.stage2Direct.extended, { count: 1, base: 1, percent: 100 })

    assert.equal(q1.escalated.closed, 1)
    assert.deepEqual(q1.escalated.withinTime, { count: 1, base: 1, percent: 100 })
    assert.deepEqual(q1.escalated.averageWorkingDays, { mean: 10, n: 1, totalDays: 10 })
    assert.deepEqual(q1.escalated.outcomes.upheld, { count: 1, base: 1, percent: 100 })
    assert.deepEqual(q1.escalated.extended, { count: 0, base: 1, percent: 0 })

    assert.deepEqual(q1.stage2All.averageWorkingDays, { mean: 15.5, n: 2, totalDays: 31 })
    assert.deepEqual(q1.stage2All.withinTime, { count: 1, base: 2, percent: 50 })
    assert.deepEqual(q1.stage2All.shareOfClosed, share(2, 6))
  })

  it('learning actions on complaints finally closed in the period', () => {
    assert.deepEqual(q1.learning, { actions: 4, complaintsWithActions: { count: 3, base: 5, percent: 60 } })
  })

  it('an empty period gives zeros and no percentages', () => {
    const empty = complaintsKpis(cal, cases, periodOf('financial', 2025, 1))
    assert.equal(empty.received.total, 0)
    assert.deepEqual(empty.stage1.withinTime, { count: 0, base: 0, percent: null })
    assert.deepEqual(empty.stage1.averageWorkingDays, { mean: null, n: 0, totalDays: 0 })
  })

  it('a closure with no outcome recorded is counted apart', () => {
    const k = complaintsKpis(cal, [{ ...base, id: 'X', receivedOn: '2026-06-01', stage1ClosedOn: '2026-06-02' }], periodOf('financial', 2026, 1))
    assert.equal(k.stage1.outcomeNotRecorded, 1)
    assert.equal(k.stage1.outcomes.upheld.count, 0)
  })

  it('working days in the averages skip Christmas and New Year', () => {
    const k = complaintsKpis(
      cal,
      [{ ...base, id: 'Y', receivedOn: '2026-12-23', stage1ClosedOn: '2027-01-05', outcomeStage1: 'resolved' }],
      periodOf('financial', 2026, 4),
    )
    assert.deepEqual(k.stage1.averageWorkingDays, { mean: 5, n: 1, totalDays: 5 })
    assert.equal(k.stage1.withinTime.count, 1)
  })

  it('the year and its quarters', () => {
    const { year, quarters } = kpisForYear(cal, cases, 'financial', 2026, { denominator: 1000 })
    assert.equal(year.period.label, '2026/27')
    assert.equal(year.received.total, 6) // A, B, C, D, E and G; F was received in 2025/26
    assert.equal(year.received.perThousand, 6)
    assert.deepEqual(
      quarters.map(q => [q.period.label, q.received.total]),
      [
        ['2026/27 Q1', 5],
        ['2026/27 Q2', 1],
        ['2026/27 Q3', 0],
        ['2026/27 Q4', 0],
      ],
    )
    assert.equal(year.closedTotal, 6)
  })
})

describe('indicators per commitment', () => {
  const groups = kpisByCommitment(cal, cases, periodOf('financial', 2026, 1))

  it('one group per commitment, a complaint about two counting for each, then the complaints linked to none', () => {
    assert.deepEqual(
      groups.map(g => [g.commitmentKey, g.kpis.received.total, g.kpis.closedTotal]),
      [
        ['c1', 3, 3], // A, B, D received; A, B at stage 1 and D at stage 2 closed
        ['c2', 2, 3], // C, D received; C at stage 1 and after escalation, D at stage 2
        [null, 1, 1], // E received; F closed
      ],
    )
    const c1 = groups[0]?.kpis
    assert.deepEqual(c1?.stage1.withinTime, { count: 2, base: 2, percent: 100 })
    assert.deepEqual(c1?.stage1.averageWorkingDays, { mean: 4.5, n: 2, totalDays: 9 })
    assert.equal(c1?.received.perThousand, null)
    assert.deepEqual(groups[1]?.kpis.learning, { actions: 2, complaintsWithActions: { count: 1, base: 2, percent: 50 } })
  })
})
