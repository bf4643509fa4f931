// The results of a survey or poll (engagement:read): for each question, counts and percentages of those who answered
// it, beside how many answered and how many responses were sent; a breakdown by one panel dimension with small
// numbers suppressed (SMALL_NUMBER_THRESHOLD) and secondary suppression so that no total gives a hidden count away;
// free-text answers listed by pseudonym. Only submitted responses count.
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { getDimensionValues, getPseudonyms, panelCatalogue, suppressGroup } from '../../panel/index.ts'
import { listSubmittedAnswers, listSubmittedResponses } from '../data/survey.repository.ts'
import { mayReadEngagement } from './activities.ts'
import { loadSurvey } from './survey-model.ts'
import { CHANNEL_LABELS } from './survey-responses.ts'
import { decodeAnswer, type AnswerValue, type Choice, type QuestionDto } from './survey-questions.ts'

export type Shown = number | null

export interface CountRow {
  label: string
  count: number
  /** Of those who answered the question, in per cent (one decimal place). */
  percent: number
}

export interface BreakdownCell {
  count: Shown
  percent: number | null
}

export interface Breakdown {
  columns: { code: string; label: string; answered: Shown }[]
  rows: { label: string; cells: BreakdownCell[] }[]
  suppressed: boolean
  /** A multiple choice question: a person can be in several rows, so only small counts themselves are hidden. */
  overlapping: boolean
}

export interface QuestionResult {
  number: number
  id: string
  text: string
  type: QuestionDto['type']
  typeLabel: string
  /** Gave an answer (not skipped). */
  answered: number
  rows: CountRow[]
  mean: number | null
  matrix: { label: string; answered: number; cells: CountRow[] }[]
  ranking: { label: string; first: number; meanPosition: number | null }[]
  texts: { who: string; text: string }[]
  breakdown: Breakdown | null
  /** Why there is no breakdown for this question, when a dimension was chosen. */
  noBreakdown: string | null
}

export interface SurveyResults {
  surveyId: string
  activityId: string
  title: string
  kind: string
  responses: number
  byChannel: { label: string; count: number }[]
  questions: QuestionResult[]
  dimensions: { key: string; label: string }[]
  dimension: { key: string; label: string } | null
  threshold: number
}

const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : 0)
const isSmall = (n: number, threshold: number) => n > 0 && n < threshold

function countRows(choices: readonly Choice[], counts: Map<string, number>, answered: number): CountRow[] {
  return choices.map(c => ({ label: c.label, count: counts.get(c.code) ?? 0, percent: pct(counts.get(c.code) ?? 0, answered) }))
}

function scaleChoices(q: QuestionDto): Choice[] {
  const s = q.scale!
  const out: Choice[] = []
  for (let n = s.min; n <= s.max; n += 1) out.push({ code: String(n), label: n === s.min ? `${n} (${s.minLabel})` : n === s.max ? `${n} (${s.maxLabel})` : String(n) })
  return out
}

/** The codes an answer counts under (single choice and scale: one; multiple choice: each). */
function codesOf(q: QuestionDto, v: AnswerValue): string[] {
  if (v === null || v === undefined) return []
  if (q.type === 'multiple_choice') return Array.isArray(v) ? v : []
  if (q.type === 'single_choice' || q.type === 'scale') return [String(v)]
  return []
}

/**
 * Suppress a table of counts (rows x columns) whose column totals and row totals are shown: hide counts from 1 to
 * threshold - 1, then, in each column and each row with a hidden count, hide more until no hidden count can be
 * worked out by subtraction. A column whose total is itself small is hidden whole.
 */
export function suppressTable(counts: number[][], columnTotals: number[], threshold: number, opts: { overlapping: boolean }): { hidden: boolean[][]; columnHidden: boolean[] } {
  const columnHidden = columnTotals.map(t => isSmall(t, threshold))
  let hidden = counts.map(row => row.map((n, j) => columnHidden[j]! || isSmall(n, threshold)))
  if (opts.overlapping) return { hidden, columnHidden }
  // Hiding whole small columns: the row totals are shown, so those need the same care (treat them as cells).
  for (let round = 0; round < 20; round += 1) {
    const before = JSON.stringify(hidden)
    for (let j = 0; j < columnTotals.length; j += 1) {
      if (columnHidden[j]) continue
      const col = suppressGroup(counts.map(r => r[j]!), hidden.map(r => r[j]!), threshold)
      col.forEach((h, i) => (hidden[i]![j] = h))
    }
    hidden = hidden.map((row, i) => suppressGroup(counts[i]!, row, threshold))
    if (JSON.stringify(hidden) === before) break
  }
  return { hidden, columnHidden }
}

export async function getSurveyResults(deps: AppDeps, actor: Actor, surveyId: string, dimensionKey?: string): Promise<SurveyResults> {
  if (!mayReadEngagement(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see survey results' })
  const parts = await loadSurvey(deps.db, surveyId)
  const [responses, answerRows] = await Promise.all([listSubmittedResponses(deps.db, surveyId), listSubmittedAnswers(deps.db, surveyId)])
  const threshold = deps.config.smallNumberThreshold
  const catalogue = panelCatalogue()
  const dimensions = catalogue.dimensions.filter(d => !d.multiple).map(d => ({ key: d.key, label: d.label }))
  const dimension = dimensionKey ? catalogue.dimensions.find(d => d.key === dimensionKey && !d.multiple) : undefined
  if (dimensionKey && !dimension) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'dimension', message: 'Select a question about panel members from the list' })

  const participantIds = responses.map(r => r.participant_id).filter((x): x is string => x !== null)
  const values = dimension ? await getDimensionValues(deps, actor, dimension.key, participantIds) : new Map<string, string>()
  const freeTextIds = new Set(parts.questions.filter(q => q.type === 'free_text').map(q => q.id))
  const needPseudonyms = answerRows.some(a => freeTextIds.has(a.question_id) && a.participant_id)
  const pseudonyms = needPseudonyms ? await getPseudonyms(deps, actor, participantIds) : new Map<string, string>()

  const NOT_KNOWN = '__not_known'
  const columns = dimension
    ? [...dimension.options.map(o => ({ code: o.code, label: o.label })), { code: NOT_KNOWN, label: 'Not known (not answered, or anonymous)' }]
    : []
  const columnOf = (participantId: string | null) => {
    const v = participantId ? values.get(participantId) : undefined
    return v && columns.some(c => c.code === v) ? v : NOT_KNOWN
  }

  const byQuestion = new Map<string, { participantId: string | null; value: AnswerValue }[]>()
  for (const a of answerRows) {
    const list = byQuestion.get(a.question_id) ?? []
    list.push({ participantId: a.participant_id, value: decodeAnswer(a.value_json) })
    byQuestion.set(a.question_id, list)
  }

  const questions = parts.questions.map((q, i): QuestionResult => {
    const given = (byQuestion.get(q.id) ?? []).filter(a => a.value !== null)
    const answered = given.length
    const result: QuestionResult = {
      number: i + 1,
      id: q.id,
      text: q.text,
      type: q.type,
      typeLabel: q.typeLabel,
      answered,
      rows: [],
      mean: null,
      matrix: [],
      ranking: [],
      texts: [],
      breakdown: null,
      noBreakdown: null,
    }
    const choices = q.type === 'scale' ? scaleChoices(q) : q.options
    if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'scale') {
      const counts = new Map<string, number>()
      for (const a of given) for (const c of codesOf(q, a.value)) counts.set(c, (counts.get(c) ?? 0) + 1)
      result.rows = countRows(choices, counts, answered)
      if (q.type === 'scale' && answered > 0) result.mean = Math.round((given.reduce((s, a) => s + Number(a.value), 0) / answered) * 10) / 10
      if (dimension) {
        const overlapping = q.type === 'multiple_choice'
        const table = choices.map(c => columns.map(col => given.filter(a => columnOf(a.participantId) === col.code && codesOf(q, a.value).includes(c.code)).length))
        const totals = columns.map(col => given.filter(a => columnOf(a.participantId) === col.code).length)
        const { hidden, columnHidden } = suppressTable(table, totals, threshold, { overlapping })
        result.breakdown = {
          columns: columns.map((c, j) => ({ code: c.code, label: c.label, answered: columnHidden[j] ? null : totals[j]! })),
          rows: choices.map((c, r) => ({
            label: c.label,
            cells: columns.map((_, j) => (hidden[r]![j] ? { count: null, percent: null } : { count: table[r]![j]!, percent: pct(table[r]![j]!, totals[j]!) })),
          })),
          suppressed: columnHidden.some(Boolean) || hidden.some(row => row.some(Boolean)),
          overlapping,
        }
      }
    } else if (dimension) {
      result.noBreakdown = 'Breakdowns are shown for single choice, multiple choice and scale questions.'
    }
    if (q.type === 'matrix') {
      result.matrix = q.rows.map(row => {
        const counts = new Map<string, number>()
        let n = 0
        for (const a of given) {
          const v = (a.value as Record<string, string>)[row.code]
          if (v) {
            n += 1
            counts.set(v, (counts.get(v) ?? 0) + 1)
          }
        }
        return { label: row.label, answered: n, cells: countRows(q.options, counts, n) }
      })
    }
    if (q.type === 'ranking') {
      result.ranking = q.options
        .map(o => {
          const positions = given.map(a => (a.value as string[]).indexOf(o.code)).filter(p => p >= 0)
          return {
            label: o.label,
            first: positions.filter(p => p === 0).length,
            meanPosition: positions.length ? Math.round((positions.reduce((s, p) => s + p + 1, 0) / positions.length) * 10) / 10 : null,
          }
        })
        .sort((a, b) => (a.meanPosition ?? 99) - (b.meanPosition ?? 99))
    }
    if (q.type === 'free_text') {
      result.texts = given.map(a => ({ who: a.participantId ? (pseudonyms.get(a.participantId) ?? 'A former panel member') : 'Anonymous', text: String(a.value) }))
    }
    return result
  })

  const channels = new Map<string, number>()
  for (const r of responses) channels.set(r.channel, (channels.get(r.channel) ?? 0) + 1)
  return {
    surveyId,
    activityId: parts.activity.id,
    title: parts.activity.title,
    kind: parts.activity.kind,
    responses: responses.length,
    byChannel: [...channels].map(([c, n]) => ({ label: CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS] ?? c, count: n })),
    questions,
    dimensions,
    dimension: dimension ? { key: dimension.key, label: dimension.label } : null,
    threshold,
  }
}
