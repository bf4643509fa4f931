// Complaints performance indicators as the SPSO model complaints handling procedure asks for them, per quarter, per
// year and per commitment, from plain case records. Pure: the caller loads the cases, suppresses small numbers and
// formats; every percentage comes with the count and the base behind it. See docs/redress/performance.md.
import { workingDaysBetween, type WorkingCalendar } from '../calendar/calendar.ts'
import { STAGE1_RESPONSE_DAYS, STAGE2_RESPONSE_DAYS } from '../calendar/deadlines.ts'

export const OUTCOMES = ['upheld', 'partly_upheld', 'not_upheld', 'resolved'] as const
export type Outcome = (typeof OUTCOMES)[number]

export type YearBasis = 'financial' | 'calendar'

export interface KpiCase {
  id: string
  receivedOn: string
  stage1ClosedOn?: string | null
  escalatedOn?: string | null
  stage2ClosedOn?: string | null
  directToStage2: boolean
  stage1Extended: boolean
  stage2Extended: boolean
  outcomeStage1?: Outcome | null
  outcomeStage2?: Outcome | null
  commitmentKeys: string[]
  learningActions: number
}

export interface Period {
  /** e.g. "2026/27 Q1", "2026/27", "2026 Q1", "2026". */
  label: string
  basis: YearBasis
  /** The year the period's year starts in (2026 for 2026/27). */
  year: number
  quarter?: 1 | 2 | 3 | 4
  start: string
  end: string
}

/** A count out of a base; percent is null when the base is 0. */
export interface Share {
  count: number
  base: number
  percent: number | null
}

export interface Average {
  /** Mean working days; null when n is 0. */
  mean: number | null
  n: number
  totalDays: number
}

export interface StageFigures {
  closed: number
  /** Share of all complaints closed in the period (all stages together). */
  shareOfClosed: Share
  withinTime: Share
  averageWorkingDays: Average
  outcomes: Record<Outcome, Share>
  /** Closures with no outcome recorded. */
  outcomeNotRecorded: number
  extended: Share
}

export interface Kpis {
  period: Period
  received: {
    total: number
    /** Received at stage 1 (frontline). */
    stage1: number
    /** Received straight into stage 2 (investigation). */
    stage2Direct: number
    /** Escalated to stage 2 after a stage 1 response. */
    escalated: number
    /** Complaints received per 1,000 (of the denominator, e.g. people using the service); null without one. */
    perThousand: number | null
    denominator: number | null
  }
  /** Closed in the period: stage 1; stage 2 for complaints that went straight there; stage 2 after escalation. */
  stage1: StageFigures
  stage2Direct: StageFigures
  escalated: StageFigures
  /** Stage 2 direct and escalated together. */
  stage2All: StageFigures
  closedTotal: number
  learning: {
    /** Learning actions on complaints finally closed in the period. */
    actions: number
    /** Complaints finally closed in the period that led to at least one learning action. */
    complaintsWithActions: Share
  }
}

export interface CommitmentKpis {
  /** null: complaints not linked to any commitment. */
  commitmentKey: string | null
  kpis: Kpis
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

function lastDayOfMonth(year: number, month: number): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`
}

function yearLabel(basis: YearBasis, year: number): string {
  return basis === 'financial' ? `${year}/${pad((year + 1) % 100)}` : String(year)
}

/** The year (or one quarter of it): financial years run April to March, so Q1 is April to June. */
export function periodOf(basis: YearBasis, year: number, quarter?: 1 | 2 | 3 | 4): Period {
  const firstMonth = basis === 'financial' ? 4 : 1
  const label = yearLabel(basis, year)
  if (quarter === undefined) {
    const endYear = basis === 'financial' ? year + 1 : year
    return { label, basis, year, start: `${pad(year, 4)}-${pad(firstMonth)}-01`, end: lastDayOfMonth(endYear, basis === 'financial' ? 3 : 12) }
  }
  const startIndex = firstMonth - 1 + (quarter - 1) * 3 // months after January of `year`
  const startYear = year + Math.floor(startIndex / 12)
  const startMonth = (startIndex % 12) + 1
  const endIndex = startIndex + 2
  const endYear = year + Math.floor(endIndex / 12)
  const endMonth = (endIndex % 12) + 1
  return {
    label: `${label} Q${quarter}`,
    basis,
    year,
    quarter,
    start: `${pad(startYear, 4)}-${pad(startMonth)}-01`,
    end: lastDayOfMonth(endYear, endMonth),
  }
}

/** The quarter a date falls in; financial by default (April to June is Q1 of the year starting that April). */
export function quarterOf(date: string, basis: YearBasis = 'financial'): Period {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || month < 1 || month > 12) throw new RangeError(`Not a date: ${date}`)
  if (basis === 'calendar') return periodOf(basis, year, (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4)
  const fyYear = month >= 4 ? year : year - 1
  const index = (month + 8) % 12 // April = 0 ... March = 11
  return periodOf(basis, fyYear, (Math.floor(index / 3) + 1) as 1 | 2 | 3 | 4)
}

/** The year a date falls in, financial (April to March) or calendar. */
export function yearOf(date: string, basis: YearBasis = 'financial'): Period {
  return periodOf(basis, quarterOf(date, basis).year)
}

export function share(count: number, base: number): Share {
  return { count, base, percent: base === 0 ? null : (100 * count) / base }
}

const inPeriod = (date: string | null | undefined, period: Period): date is string =>
  typeof date === 'string' && date >= period.start && date <= period.end

interface Closure {
  started: string
  closed: string
  extended: boolean
  outcome: Outcome | null | undefined
}

function stageFigures(calendar: WorkingCalendar, closures: Closure[], limit: number, closedTotal: number): StageFigures {
  const days = closures.map(c => workingDaysBetween(calendar, c.started, c.closed))
  const totalDays = days.reduce((a, b) => a + b, 0)
  const outcomes = Object.fromEntries(OUTCOMES.map(o => [o, share(closures.filter(c => c.outcome === o).length, closures.length)])) as Record<
    Outcome,
    Share
  >
  return {
    closed: closures.length,
    shareOfClosed: share(closures.length, closedTotal),
    withinTime: share(days.filter(d => d <= limit).length, closures.length),
    averageWorkingDays: { mean: closures.length === 0 ? null : totalDays / closures.length, n: closures.length, totalDays },
    outcomes,
    outcomeNotRecorded: closures.filter(c => !c.outcome).length,
    extended: share(closures.filter(c => c.extended).length, closures.length),
  }
}

/**
 * The indicators for one period. Received counts go by the date received (escalations by the date escalated); the
 * closed, in-time, average, outcome and extension figures go by the date each stage closed; learning goes by the
 * date the complaint was finally closed (stage 2 if it got there, else stage 1). Closed within time means within
 * 5 working days at stage 1 and 20 at stage 2, whatever extension was agreed: extensions are counted separately.
 */
export function complaintsKpis(
  calendar: WorkingCalendar,
  cases: readonly KpiCase[],
  period: Period,
  opts: { denominator?: number | null } = {},
): Kpis {
  const denominator = opts.denominator && opts.denominator > 0 ? opts.denominator : null
  const receivedIn = cases.filter(c => inPeriod(c.receivedOn, period))
  const stage1Received = receivedIn.filter(c => !c.directToStage2).length
  const stage2DirectReceived = receivedIn.length - stage1Received
  const escalatedIn = cases.filter(c => !c.directToStage2 && inPeriod(c.escalatedOn, period)).length

  const stage1: Closure[] = []
  const direct: Closure[] = []
  const escalated: Closure[] = []
  for (const c of cases) {
    if (!c.directToStage2 && inPeriod(c.stage1ClosedOn, period)) {
      stage1.push({ started: c.receivedOn, closed: c.stage1ClosedOn, extended: c.stage1Extended, outcome: c.outcomeStage1 })
    }
    if (inPeriod(c.stage2ClosedOn, period)) {
      const started = c.directToStage2 ? c.receivedOn : (c.escalatedOn ?? c.stage1ClosedOn ?? c.receivedOn)
      const closure = { started, closed: c.stage2ClosedOn, extended: c.stage2Extended, outcome: c.outcomeStage2 }
      if (c.directToStage2) direct.push(closure)
      else escalated.push(closure)
    }
  }
  const closedTotal = stage1.length + direct.length + escalated.length

  const finallyClosed = cases.filter(c => inPeriod(c.stage2ClosedOn ?? (c.escalatedOn ? null : c.stage1ClosedOn), period))
  const actions = finallyClosed.reduce((sum, c) => sum + Math.max(0, c.learningActions), 0)

  return {
    period,
    received: {
      total: receivedIn.length,
      stage1: stage1Received,
      stage2Direct: stage2DirectReceived,
      escalated: escalatedIn,
      perThousand: denominator === null ? null : (1000 * receivedIn.length) / denominator,
      denominator,
    },
    stage1: stageFigures(calendar, stage1, STAGE1_RESPONSE_DAYS, closedTotal),
    stage2Direct: stageFigures(calendar, direct, STAGE2_RESPONSE_DAYS, closedTotal),
    escalated: stageFigures(calendar, escalated, STAGE2_RESPONSE_DAYS, closedTotal),
    stage2All: stageFigures(calendar, [...direct, ...escalated], STAGE2_RESPONSE_DAYS, closedTotal),
    closedTotal,
    learning: {
      actions,
      complaintsWithActions: share(finallyClosed.filter(c => c.learningActions > 0).length, finallyClosed.length),
    },
  }
}

/** The year and its four quarters. */
export function kpisForYear(
  calendar: WorkingCalendar,
  cases: readonly KpiCase[],
  basis: YearBasis,
  year: number,
  opts: { denominator?: number | null } = {},
): { year: Kpis; quarters: Kpis[] } {
  return {
    year: complaintsKpis(calendar, cases, periodOf(basis, year), opts),
    quarters: ([1, 2, 3, 4] as const).map(q => complaintsKpis(calendar, cases, periodOf(basis, year, q), opts)),
  }
}

/**
 * The indicators for each commitment complaints were linked to (a complaint about two commitments counts for each),
 * sorted by key, then one group (commitmentKey null) for complaints linked to none when there are any. No rate per
 * 1,000 here: the denominator belongs to the whole service.
 */
export function kpisByCommitment(calendar: WorkingCalendar, cases: readonly KpiCase[], period: Period): CommitmentKpis[] {
  const keys = [...new Set(cases.flatMap(c => c.commitmentKeys))].sort()
  const groups: CommitmentKpis[] = keys.map(key => ({
    commitmentKey: key,
    kpis: complaintsKpis(
      calendar,
      cases.filter(c => c.commitmentKeys.includes(key)),
      period,
    ),
  }))
  const unlinked = cases.filter(c => c.commitmentKeys.length === 0)
  if (unlinked.length > 0) groups.push({ commitmentKey: null, kpis: complaintsKpis(calendar, unlinked, period) })
  return groups
}
