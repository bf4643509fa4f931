// The dashboards (issue 8, item 3): for each charter section, its commitments, their outcomes and the headline of
// each measure (latest figure, its interval, the change since the period before in words, whether the target is
// met, and how many people or cases it is based on), and per section one chart per measure with its data table.
// Two audiences: staff (measurement:read) see every figure, marked where the public pages hide it; the public pages
// (measurement:read_published) show only the agreed framework of a published charter, with small numbers hidden.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { getCurrentPublished } from '../../../charter/index.ts'
import { listDashboardMeasures, listDashboardValues, type DashboardMeasureRow } from '../../data/dashboard.repository.ts'
import type { ValueRow } from '../../data/measurement.repository.ts'
import { chartTable, formatValue, lineChart, type ChartPoint, type ChartSpec, type ChartTable } from '../charts/charts.ts'
import { charterForMeasurement } from '../framework/charter.ts'
import { agreedFramework } from '../framework/framework.ts'
import { assertMay, KIND_LABELS, mayRead, notFound, periodLabel } from '../model.ts'
import { compareFigures, compareProportions, wilson } from '../stats/stats.ts'

export type Audience = 'staff' | 'public'

export interface Figure {
  period: string
  periodLabel: string
  /** A share (0-1) for survey percentages, the figure otherwise; null when hidden or there is none. */
  value: number | null
  low: number | null
  high: number | null
  numerator: number | null
  denominator: number | null
  respondents: number | null
  /** How many people or cases the figure is based on. */
  n: number | null
  /** Hidden on this page (public pages only). */
  hidden: boolean
  /** Hidden on the public pages (staff pages show the figure and say so). */
  smallNumber: boolean
  hiddenReason: string | null
  youSaid: string | null
  weDid: string | null
}

export interface MeasureHeadline {
  code: string
  title: string
  kind: DashboardMeasureRow['kind']
  kindLabel: string
  definition: string
  dataSource: string
  unit: string | null
  higherIsBetter: boolean
  /** The target as the figure is stored (a share for survey percentages), and in words. */
  target: number | null
  targetLabel: string | null
  latest: Figure | null
  /** The latest figure in words ("76%", "38 days"), or why there is none. */
  latestText: string
  intervalText: string | null
  changeWords: string | null
  significant: boolean | null
  targetMet: boolean | null
  figures: Figure[]
}

export interface OutcomeView {
  title: string
  description: string
  measures: MeasureHeadline[]
}
export interface CommitmentView {
  key: string
  text: string
  outcomes: OutcomeView[]
}
export interface SectionView {
  key: string
  title: string
  commitments: CommitmentView[]
  measureCount: number
}

export interface Dashboard {
  audience: Audience
  /** False when there is nothing to show yet; `unavailable` says why. */
  available: boolean
  unavailable: string | null
  frameworkVersion: number | null
  charterLabel: string
  threshold: number
  sections: SectionView[]
}

export interface MeasureChart {
  headline: MeasureHeadline
  svg: string | null
  table: ChartTable
  id: string
}

export interface SectionDashboard extends Dashboard {
  section: SectionView
  charts: MeasureChart[]
}

function assertAudience(actor: Actor, audience: Audience): void {
  if (audience === 'staff') assertMay(mayRead(actor), 'see the measurement dashboards')
  else assertMay(actor.role === 'system' || can(actor.role, 'measurement:read_published'), 'see the published indicators')
}

const isPercent = (m: DashboardMeasureRow) => m.kind === 'survey_percentage'

/** Whether a higher figure is better: the stated direction, or else the target's comparison (default higher). */
export function higherIsBetter(m: Pick<DashboardMeasureRow, 'direction' | 'target_comparison' | 'kind'>): boolean {
  if (m.direction) return m.direction === 'higher'
  if (m.target_comparison) return m.target_comparison === 'at_least'
  return m.kind !== 'complaints_count'
}

/** The figure of one measurement, with its interval and whether it is small enough to hide in public. */
export function toFigure(m: DashboardMeasureRow, v: ValueRow, threshold: number, audience: Audience): Figure {
  let value: number | null = null
  let low: number | null = null
  let high: number | null = null
  let n: number | null = null
  let smallNumber = false
  let reason: string | null = null
  if (isPercent(m)) {
    if (v.numerator !== null && v.denominator !== null && v.denominator > 0) {
      value = v.numerator / v.denominator
      ;({ low, high } = wilson(v.numerator, v.denominator))
      n = v.denominator
      if (v.denominator < threshold) {
        smallNumber = true
        reason = `fewer than ${threshold} people answered`
      }
    }
  } else if (m.kind === 'management_information' || m.kind === 'complaints_count') {
    value = v.value
    if (m.kind === 'complaints_count' && v.value !== null) {
      n = v.value
      if (v.value > 0 && v.value < threshold) {
        smallNumber = true
        reason = `fewer than ${threshold} complaints`
      }
    }
  }
  const hidden = smallNumber && audience === 'public'
  return {
    period: v.period,
    periodLabel: periodLabel(v.period),
    value: hidden ? null : value,
    low: hidden ? null : low,
    high: hidden ? null : high,
    numerator: hidden ? null : v.numerator,
    denominator: v.denominator,
    respondents: v.respondents,
    // A hidden count of complaints is its own n: hide it too.
    n: hidden && m.kind === 'complaints_count' ? null : n,
    hidden,
    smallNumber,
    hiddenReason: smallNumber ? reason : null,
    youSaid: v.you_said,
    weDid: v.we_did,
  }
}

function targetOf(m: DashboardMeasureRow): number | null {
  if (m.target_value === null) return null
  return isPercent(m) ? m.target_value / 100 : m.target_value
}

function valueText(m: DashboardMeasureRow, v: number): string {
  return formatValue(v, isPercent(m) ? 'percent' : 'number', m.unit ?? undefined)
}

export function toHeadline(m: DashboardMeasureRow, values: readonly ValueRow[], threshold: number, audience: Audience): MeasureHeadline {
  const figures = values.map(v => toFigure(m, v, threshold, audience))
  const target = targetOf(m)
  const better = higherIsBetter(m)
  const latest = figures[figures.length - 1] ?? null
  const previous = figures[figures.length - 2] ?? null
  const rawLatest = values[values.length - 1]
  const rawPrevious = values[values.length - 2]
  let latestText = 'No figures yet'
  let intervalText: string | null = null
  let changeWords: string | null = null
  let significant: boolean | null = null
  let targetMet: boolean | null = null
  if (m.kind === 'written_evidence') {
    latestText = latest ? `${figures.length} ${figures.length === 1 ? 'example' : 'examples'} of what people told us and what changed` : 'No examples yet'
  } else if (latest && latest.hidden) {
    latestText = `Hidden: ${latest.hiddenReason}`
  } else if (latest && latest.value !== null) {
    latestText = valueText(m, latest.value)
    if (latest.low !== null && latest.high !== null) intervalText = `${valueText(m, latest.low)} to ${valueText(m, latest.high)}`
    if (target !== null) targetMet = better ? latest.value >= target : latest.value <= target
    if (previous && !previous.hidden && previous.value !== null && rawLatest && rawPrevious) {
      if (isPercent(m) && rawLatest.numerator !== null && rawLatest.denominator && rawPrevious.numerator !== null && rawPrevious.denominator) {
        const c = compareProportions(
          { successes: rawLatest.numerator, n: rawLatest.denominator },
          { successes: rawPrevious.numerator, n: rawPrevious.denominator },
          { since: previous.periodLabel, higherIsBetter: better },
        )
        changeWords = c.words
        significant = c.significant
      } else if (!isPercent(m)) {
        changeWords = compareFigures(latest.value, previous.value, { higherIsBetter: better, unit: m.unit ?? undefined, since: previous.periodLabel }).words
      }
    } else if (previous && previous.hidden) {
      changeWords = `No comparison with ${previous.periodLabel}: that figure is hidden.`
    } else if (!previous) {
      changeWords = 'The first figure: nothing earlier to compare with.'
    }
  }
  const targetLabel = target === null ? null : `${m.target_comparison === 'at_most' ? 'At most' : 'At least'} ${valueText(m, target)}`
  return {
    code: m.code,
    title: m.title,
    kind: m.kind,
    kindLabel: KIND_LABELS[m.kind],
    definition: m.definition,
    dataSource: m.data_source,
    unit: m.unit,
    higherIsBetter: better,
    target,
    targetLabel,
    latest,
    latestText,
    intervalText,
    changeWords,
    significant,
    targetMet,
    figures,
  }
}

/** The chart and table of one measure over its periods (none for written evidence). */
export function measureChart(h: MeasureHeadline, colour?: string): MeasureChart {
  const id = `chart-${h.code.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  const spec: ChartSpec = {
    id,
    title: h.title,
    unit: h.kind === 'survey_percentage' ? 'percent' : 'number',
    unitLabel: h.unit ?? undefined,
    target: h.target,
    colour,
    points: h.figures.map(
      (f): ChartPoint => ({ label: f.period, value: f.value, low: f.low, high: f.high, n: f.n, hiddenReason: f.hidden ? f.hiddenReason : null }),
    ),
  }
  const numeric = h.kind !== 'written_evidence' && h.figures.length > 0
  return { headline: h, id, svg: numeric ? lineChart(spec) : null, table: chartTable(spec) }
}

async function load(deps: AppDeps, audience: Audience): Promise<Dashboard> {
  const threshold = deps.config.smallNumberThreshold
  const empty = (unavailable: string, charterLabel = ''): Dashboard => ({
    audience,
    available: false,
    unavailable,
    frameworkVersion: null,
    charterLabel,
    threshold,
    sections: [],
  })
  if (audience === 'public' && !(await getCurrentPublished(deps))) return empty('The charter has not been published yet, so there are no indicators to show.')
  const framework = await agreedFramework(deps)
  const charter = await charterForMeasurement(deps)
  if (!framework) {
    return empty(
      audience === 'public'
        ? 'The Core Group has not yet agreed how the charter will be measured, so there are no indicators to show.'
        : 'No measurement framework has been agreed by the Core Group yet. The dashboards show the agreed framework.',
      charter.label,
    )
  }
  const measures = await listDashboardMeasures(deps.db, framework.id)
  const values = await listDashboardValues(deps.db, measures.map(m => m.code))
  const byCode = new Map<string, ValueRow[]>()
  for (const v of values) byCode.set(v.measure_code, [...(byCode.get(v.measure_code) ?? []), v])
  const byCommitment = new Map<string, DashboardMeasureRow[]>()
  for (const m of measures) byCommitment.set(m.commitment_key, [...(byCommitment.get(m.commitment_key) ?? []), m])

  const sections: SectionView[] = charter.content.sections.map(s => {
    const commitments: CommitmentView[] = s.commitments
      .filter(c => byCommitment.has(c.key))
      .map(c => {
        const outcomes = new Map<string, OutcomeView>()
        for (const m of byCommitment.get(c.key) ?? []) {
          const o = outcomes.get(m.outcome_id) ?? { title: m.outcome_title, description: m.outcome_description, measures: [] }
          o.measures.push(toHeadline(m, byCode.get(m.code) ?? [], threshold, audience))
          outcomes.set(m.outcome_id, o)
        }
        return { key: c.key, text: c.text, outcomes: [...outcomes.values()] }
      })
    return { key: s.key, title: s.title, commitments, measureCount: commitments.reduce((n, c) => n + c.outcomes.reduce((k, o) => k + o.measures.length, 0), 0) }
  })
  return { audience, available: true, unavailable: null, frameworkVersion: framework.version, charterLabel: charter.label, threshold, sections }
}

/** Every section with its commitments and the headline of each measure. */
export async function getDashboard(deps: AppDeps, actor: Actor, audience: Audience): Promise<Dashboard> {
  assertAudience(actor, audience)
  return load(deps, audience)
}

/** One section: a chart and a table for each of its measures. */
export async function getSectionDashboard(deps: AppDeps, actor: Actor, audience: Audience, sectionKey: string): Promise<SectionDashboard> {
  assertAudience(actor, audience)
  const d = await load(deps, audience)
  const section = d.sections.find(s => s.key === sectionKey)
  if (!section) throw notFound('section of the charter')
  const colour = deps.config.organisation.brandColour
  const charts = section.commitments.flatMap(c => c.outcomes.flatMap(o => o.measures.map(h => measureChart(h, colour))))
  return { ...d, section, charts }
}
