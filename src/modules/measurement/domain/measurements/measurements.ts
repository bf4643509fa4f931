// Measurements (issue 8, item 2): per measure (by its code) and period, entered on a page, imported from a file or,
// for a percentage linked to a survey question, worked out from the engagement module's results. Figures are shown
// with the n behind them, a Wilson 95 % interval for proportions, small numbers hidden (with secondary suppression)
// and the change since the period before, with whether it is more than chance would explain.
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction, type UnitOfWork } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { getSurveyResults } from '../../../engagement/index.ts'
import { findMeasure, findValue, insertValue, listValues, updateValue, type MeasureRow, type ValueRow } from '../../data/measurement.repository.ts'
import type { MeasurementSource } from '../../data/measurement.table.ts'
import { getMeasure, type MeasureView } from '../framework/measures.ts'
import { assertMay, mayManage, mayRead, notFound, parsePeriod, PERIOD_HINTS, periodLabel, previousPeriod, validationFailed } from '../model.ts'
import { compareFigures, compareProportions, formatFigure, suppressRow, wilson } from '../stats/stats.ts'
import { checkMeasurement, type CheckedMeasurement, type MeasurementInput } from './check.ts'

const SURVEY_READER = systemActor('measurement: survey results')

export type WriteResult = 'added' | 'replaced' | 'unchanged'

const SAME_FIELDS = ['numerator', 'denominator', 'respondents', 'value', 'you_said', 'we_did', 'note'] as const

/**
 * Write one measurement in the caller's transaction: add it, replace the one for the same measure and period (audited
 * as replaced, with the figures before), or leave it when nothing differs (so a re-import changes nothing).
 */
export async function writeMeasurement(uow: UnitOfWork, actor: Actor, code: string, v: CheckedMeasurement, source: MeasurementSource, audit = true): Promise<WriteResult> {
  const now = uow.now.toISOString()
  const before = await findValue(uow.trx, code, v.period)
  const figures = { numerator: v.numerator, denominator: v.denominator, respondents: v.respondents, value: v.value, you_said: v.you_said, we_did: v.we_did, note: v.note }
  if (before && SAME_FIELDS.every(k => (before[k] ?? null) === (figures[k] ?? null))) return 'unchanged'
  if (before) {
    await updateValue(uow.trx, before.id, { ...figures, source, entered_by_user_id: actor.userId, updated_at: now })
    if (audit) {
      await uow.audit({
        action: 'measurement.measurement_replaced',
        subjectType: 'measurement_value',
        subjectId: before.id,
        summary: { code, period: v.period, source, before: summaryOf(before), after: summaryOf(figures) },
      })
    }
    return 'replaced'
  }
  const id = newId(uow.now.getTime())
  await insertValue(uow.trx, { id, measure_code: code, period: v.period, ...figures, source, entered_by_user_id: actor.userId, created_at: now, updated_at: now })
  if (audit) await uow.audit({ action: 'measurement.measurement_recorded', subjectType: 'measurement_value', subjectId: id, summary: { code, period: v.period, source, after: summaryOf(figures) } })
  return 'added'
}

/** The figures for the audit trail (never the text of written evidence: only whether there is some). */
function summaryOf(v: Pick<ValueRow, (typeof SAME_FIELDS)[number]>) {
  return { numerator: v.numerator, denominator: v.denominator, respondents: v.respondents, value: v.value, text: v.you_said !== null || v.we_did !== null }
}

/** Enter (or correct) a measure's measurement for a period. Audited. */
export async function recordMeasurement(deps: AppDeps, actor: Actor, measureId: string, input: MeasurementInput): Promise<{ period: string; result: WriteResult }> {
  assertMay(mayManage(actor), 'enter measurements')
  const m = await findMeasure(deps.db, measureId)
  if (!m) throw notFound('measure')
  const checked = checkMeasurement(m, input)
  if ('problems' in checked) throw validationFailed(checked.problems)
  const result = await inTransaction(deps, actor, uow => writeMeasurement(uow, actor, m.code, checked.value, 'entered'))
  return { period: checked.value.period, result }
}

/**
 * Work out a linked survey percentage from the engagement module's results: those who answered the question (the
 * denominator), those whose answer is one that counts (the numerator) and how many took part. Audited.
 */
export async function refreshFromSurvey(deps: AppDeps, actor: Actor, measureId: string, rawPeriod: string): Promise<{ period: string; numerator: number; denominator: number; result: WriteResult }> {
  assertMay(mayManage(actor), 'enter measurements')
  const m = await findMeasure(deps.db, measureId)
  if (!m) throw notFound('measure')
  if (m.kind !== 'survey_percentage' || !m.survey_id || !m.question_id) {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This measure is not linked to a survey question' })
  }
  const period = parsePeriod(rawPeriod, m.frequency)
  if (!period) throw validationFailed([{ field: 'surveyPeriod', message: `Enter the period the survey covers. ${PERIOD_HINTS[m.frequency]}` }])
  let results
  try {
    results = await getSurveyResults(deps, SURVEY_READER, m.survey_id)
  } catch (err) {
    if (err instanceof AppError && err.code === AppErrorCode.NOT_FOUND) throw validationFailed([{ field: 'surveyPeriod', message: 'The linked survey no longer exists: change the measure’s survey' }])
    throw err
  }
  const q = results.questions.find(x => x.id === m.question_id)
  if (!q) throw validationFailed([{ field: 'surveyPeriod', message: 'The linked question is not in the survey: change the measure’s question' }])
  if (q.rows.length === 0) throw validationFailed([{ field: 'surveyPeriod', message: 'The linked question has no answers to choose from: link a choice or scale question' }])
  const wanted = new Set((m.success_options_json ? (JSON.parse(m.success_options_json) as string[]) : []).map(x => x.trim().toLowerCase()))
  const matched = q.rows.filter(r => wanted.has(r.label.trim().toLowerCase()))
  if (matched.length === 0) throw validationFailed([{ field: 'surveyPeriod', message: `None of the answers that count match the question’s answers (${q.rows.map(r => r.label).join(', ')}): change the measure` }])
  if (q.answered === 0) throw validationFailed([{ field: 'surveyPeriod', message: 'No one has answered the question yet' }])
  const numerator = Math.min(q.answered, matched.reduce((s, r) => s + r.count, 0))
  const value: CheckedMeasurement = { period, numerator, denominator: q.answered, respondents: Math.max(results.responses, q.answered), value: null, you_said: null, we_did: null, note: null }
  const result = await inTransaction(deps, actor, async uow => {
    const r = await writeMeasurement(uow, actor, m.code, value, 'survey', false)
    await uow.audit({ action: 'measurement.survey_refreshed', subjectType: 'measurement_measure', subjectId: m.id, summary: { code: m.code, period, surveyId: m.survey_id, questionId: m.question_id, numerator, denominator: q.answered, result: r } })
    return r
  })
  return { period, numerator, denominator: q.answered, result }
}

export interface MeasurementFigure {
  id: string
  period: string
  periodLabel: string
  /** The figure in words ("72%", "12.5 days", "Hidden: fewer than 10"). */
  figure: string
  /** The n behind it (people who answered), or null. */
  n: number | null
  numerator: number | null
  percent: number | null
  interval: { low: number; high: number } | null
  intervalText: string | null
  suppressed: boolean
  suppressedReason: string | null
  value: number | null
  respondents: number | null
  youSaid: string | null
  weDid: string | null
  note: string | null
  /** Change since the period before, in words; null when there is no period before. */
  change: string | null
  significant: boolean | null
  targetMet: boolean | null
  source: MeasurementSource
  sourceLabel: string
  updatedAt: string
}

const SOURCE_LABELS: Record<MeasurementSource, string> = { entered: 'Entered', imported: 'Imported', survey: 'From the survey' }
const pct = (x: number) => `${formatFigure(x * 100, 1)}%`

/** A proportion with small numbers hidden: counts of 1 to threshold - 1 (and what would give them away). */
export function proportionFigure(numerator: number, denominator: number, threshold: number): { shown: boolean; reason: string | null } {
  const row = suppressRow(
    [
      { label: 'Answers that count', value: numerator },
      { label: 'Other answers', value: denominator - numerator },
    ],
    { threshold },
  )
  if (row.total.suppressed) return { shown: false, reason: row.total.reason }
  const hidden = row.counts.find(c => c.suppressed)
  return hidden ? { shown: false, reason: `Hidden because fewer than ${threshold} people gave one of the answers, and the total would give it away.` } : { shown: true, reason: null }
}

/** The figures of a measure's measurements, oldest first, each with its change since the period before. */
export function figuresOf(m: Pick<MeasureRow, 'kind' | 'unit' | 'direction' | 'target_value' | 'target_comparison'>, rows: readonly ValueRow[], threshold: number): MeasurementFigure[] {
  const byPeriod = new Map(rows.map(r => [r.period, r]))
  const higherIsBetter = m.direction !== 'lower'
  const targetMet = (x: number) => (m.target_value === null || !m.target_comparison ? null : m.target_comparison === 'at_least' ? x >= m.target_value : x <= m.target_value)
  return rows.map(r => {
    const base: MeasurementFigure = {
      id: r.id,
      period: r.period,
      periodLabel: periodLabel(r.period),
      figure: '',
      n: null,
      numerator: null,
      percent: null,
      interval: null,
      intervalText: null,
      suppressed: false,
      suppressedReason: null,
      value: null,
      respondents: r.respondents,
      youSaid: r.you_said,
      weDid: r.we_did,
      note: r.note,
      change: null,
      significant: null,
      targetMet: null,
      source: r.source,
      sourceLabel: SOURCE_LABELS[r.source],
      updatedAt: r.updated_at,
    }
    const prevRow = byPeriod.get(previousPeriod(r.period) ?? '')
    const since = prevRow ? periodLabel(prevRow.period) : undefined
    if (m.kind === 'survey_percentage' && r.numerator !== null && r.denominator) {
      const shown = proportionFigure(r.numerator, r.denominator, threshold)
      base.n = r.denominator
      if (!shown.shown) return { ...base, figure: 'Hidden: small numbers', suppressed: true, suppressedReason: shown.reason, change: prevRow ? 'Not shown: small numbers' : null }
      const p = r.numerator / r.denominator
      const interval = wilson(r.numerator, r.denominator)
      const out: MeasurementFigure = { ...base, numerator: r.numerator, percent: p, figure: pct(p), interval, intervalText: `${pct(interval.low)} to ${pct(interval.high)}`, targetMet: targetMet(p * 100) }
      if (prevRow && prevRow.numerator !== null && prevRow.denominator) {
        if (!proportionFigure(prevRow.numerator, prevRow.denominator, threshold).shown) return { ...out, change: 'Not shown: small numbers in the period before' }
        const c = compareProportions({ successes: r.numerator, n: r.denominator }, { successes: prevRow.numerator, n: prevRow.denominator }, { since, higherIsBetter })
        return { ...out, change: c.words, significant: c.significant }
      }
      return out
    }
    if ((m.kind === 'management_information' || m.kind === 'complaints_count') && r.value !== null) {
      if (m.kind === 'complaints_count' && r.value > 0 && r.value < threshold) {
        return { ...base, figure: `Fewer than ${threshold}`, suppressed: true, suppressedReason: `Hidden because it is fewer than ${threshold}.`, change: prevRow ? 'Not shown: small numbers' : null }
      }
      const unit = m.kind === 'complaints_count' ? (r.value === 1 ? 'complaint' : 'complaints') : (m.unit ?? '')
      const prevHidden = m.kind === 'complaints_count' && prevRow?.value !== null && prevRow?.value !== undefined && prevRow.value > 0 && prevRow.value < threshold
      const c = compareFigures(r.value, prevRow && !prevHidden ? prevRow.value : null, { higherIsBetter, unit: m.kind === 'complaints_count' ? '' : (m.unit ?? ''), since, target: m.target_value })
      return { ...base, value: r.value, figure: `${formatFigure(r.value, 2)} ${unit}`.trim(), change: prevRow ? (prevHidden ? 'Not shown: small numbers in the period before' : c.words) : null, targetMet: targetMet(r.value) }
    }
    return { ...base, figure: 'Written evidence' }
  })
}

export interface MeasureDetail {
  measure: MeasureView
  figures: MeasurementFigure[]
  threshold: number
}

/** A measure with its measurements (newest first) for its page. */
export async function getMeasureDetail(deps: AppDeps, actor: Actor, measureId: string): Promise<MeasureDetail> {
  assertMay(mayRead(actor), 'see measurements')
  const measure = await getMeasure(deps, actor, measureId)
  const m = (await findMeasure(deps.db, measureId))!
  const figures = figuresOf(m, await listValues(deps.db, m.code), deps.config.smallNumberThreshold)
  return { measure, figures: figures.reverse(), threshold: deps.config.smallNumberThreshold }
}

/** One measurement as typed, to correct it on the entry page. */
export async function getMeasurementInput(deps: AppDeps, actor: Actor, measureId: string, period: string): Promise<MeasurementInput | null> {
  assertMay(mayManage(actor), 'enter measurements')
  const m = await findMeasure(deps.db, measureId)
  if (!m) throw notFound('measure')
  const v = await findValue(deps.db, m.code, period)
  if (!v) return null
  const s = (x: number | null) => (x === null ? '' : String(x))
  return { period: v.period, numerator: s(v.numerator), denominator: s(v.denominator), respondents: s(v.respondents), value: s(v.value), youSaid: v.you_said ?? '', weDid: v.we_did ?? '', note: v.note ?? '' }
}
