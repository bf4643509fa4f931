// The questions of a survey or poll, as pure rules: their types, what a builder may write, the form each question
// page posts and how it is checked, which questions a condition hides, and how an answer reads back. No I/O.
import type { FieldError } from '../../../platform/errors.ts'
import type { QuestionType } from '../data/survey.table.ts'

export type { QuestionType }

export interface Choice {
  code: string
  label: string
}

export interface ScaleDefinition {
  min: number
  max: number
  minLabel: string
  maxLabel: string
}

export interface Condition {
  questionId: string
  /** Show the question only if the earlier answer is (or, for multiple choice, includes) one of these codes. */
  options: string[]
}

export interface QuestionDto {
  id: string
  sectionId: string
  position: number
  type: QuestionType
  typeLabel: string
  text: string
  hint: string | null
  easyRead: string | null
  required: boolean
  options: Choice[]
  rows: Choice[]
  scale: ScaleDefinition | null
  condition: Condition | null
}

/** A saved answer: a code (single choice), codes (multiple choice, ranking in order), a number (scale), a text, or
 *  { row: code } (matrix). null: the person saw an optional question and skipped it. */
export type AnswerValue = string | string[] | number | Record<string, string> | null

export const QUESTION_TYPES: readonly { code: QuestionType; label: string; hint: string }[] = [
  { code: 'single_choice', label: 'Single choice', hint: 'Choose one answer from a list' },
  { code: 'multiple_choice', label: 'Multiple choice', hint: 'Choose any number of answers from a list' },
  { code: 'scale', label: 'Scale', hint: 'A number on a scale, for example from 1 to 5, with a label at each end' },
  { code: 'free_text', label: 'Free text', hint: 'An answer in the person’s own words' },
  { code: 'ranking', label: 'Ranking', hint: 'Put options in order, 1 being the most important' },
  { code: 'matrix', label: 'Matrix', hint: 'Several statements, each with one answer from the same list' },
]

export const CHOICE_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice']
export const FREE_TEXT_MAX = 5000

export function isQuestionType(v: string): v is QuestionType {
  return QUESTION_TYPES.some(t => t.code === v)
}

export function questionTypeLabel(type: QuestionType): string {
  return QUESTION_TYPES.find(t => t.code === type)?.label ?? type
}

// ---- what a builder writes ----

/** The builder's form, as typed: options and rows one a line. */
export interface QuestionInput {
  sectionId: string
  type: string
  text: string
  hint: string
  easyRead: string
  required: boolean
  options: string
  rows: string
  scaleMin: string
  scaleMax: string
  scaleMinLabel: string
  scaleMaxLabel: string
}

export interface QuestionDefinition {
  type: QuestionType
  text: string
  hint: string | null
  easyRead: string | null
  required: boolean
  options: Choice[]
  rows: Choice[]
  scale: ScaleDefinition | null
}

const lines = (s: string) => s.split(/\r?\n/).map(l => l.trim()).filter(l => l !== '')

/** Codes for a list of labels: a label kept from before keeps its code, so conditions and saved answers still match. */
export function codesFor(labels: readonly string[], before: readonly Choice[], prefix: string): Choice[] {
  const used = new Set(before.map(c => c.code))
  let next = before.length + 1
  return labels.map(label => {
    const kept = before.find(c => c.label === label)
    if (kept) return kept
    while (used.has(`${prefix}${next}`)) next += 1
    const code = `${prefix}${next}`
    used.add(code)
    return { code, label }
  })
}

/** Check a builder's question; gives the definition (with stable codes) or the problems, one per field. */
export function checkQuestionInput(
  input: QuestionInput,
  before: { options: readonly Choice[]; rows: readonly Choice[] } = { options: [], rows: [] },
): { ok: true; value: QuestionDefinition } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = []
  const type = input.type
  if (!isQuestionType(type)) errors.push({ field: 'type', message: 'Select the type of question' })
  const text = input.text.trim()
  if (!text) errors.push({ field: 'text', message: 'Enter the question' })
  else if (text.length > 500) errors.push({ field: 'text', message: 'The question must be 500 characters or fewer' })
  if (input.hint.length > 1000) errors.push({ field: 'hint', message: 'The hint must be 1,000 characters or fewer' })
  if (input.easyRead.length > 2000) errors.push({ field: 'easyRead', message: 'The Easy Read help must be 2,000 characters or fewer' })
  const optionLabels = lines(input.options)
  const rowLabels = lines(input.rows)
  let scale: ScaleDefinition | null = null
  if (isQuestionType(type)) {
    const needsOptions = type === 'single_choice' || type === 'multiple_choice' || type === 'ranking' || type === 'matrix'
    if (needsOptions) {
      const max = type === 'ranking' || type === 'matrix' ? 10 : 20
      if (optionLabels.length < 2) errors.push({ field: 'options', message: type === 'matrix' ? 'Enter at least 2 answers to choose from, one on each line' : 'Enter at least 2 options, one on each line' })
      else if (optionLabels.length > max) errors.push({ field: 'options', message: `Enter no more than ${max} options` })
      else if (new Set(optionLabels.map(l => l.toLowerCase())).size !== optionLabels.length) errors.push({ field: 'options', message: 'Each option must be different' })
      else if (optionLabels.some(l => l.length > 200)) errors.push({ field: 'options', message: 'Each option must be 200 characters or fewer' })
    }
    if (type === 'matrix') {
      if (rowLabels.length < 1) errors.push({ field: 'rows', message: 'Enter at least 1 statement, one on each line' })
      else if (rowLabels.length > 20) errors.push({ field: 'rows', message: 'Enter no more than 20 statements' })
      else if (new Set(rowLabels.map(l => l.toLowerCase())).size !== rowLabels.length) errors.push({ field: 'rows', message: 'Each statement must be different' })
      else if (rowLabels.some(l => l.length > 200)) errors.push({ field: 'rows', message: 'Each statement must be 200 characters or fewer' })
    }
    if (type === 'scale') {
      const min = Number(input.scaleMin)
      const max = Number(input.scaleMax)
      if (!/^\d+$/.test(input.scaleMin.trim()) || (min !== 0 && min !== 1)) errors.push({ field: 'scaleMin', message: 'The lowest number must be 0 or 1' })
      else if (!/^\d+$/.test(input.scaleMax.trim()) || max < min + 2 || max > 10) errors.push({ field: 'scaleMax', message: `The highest number must be a whole number from ${min + 2} to 10` })
      if (!input.scaleMinLabel.trim()) errors.push({ field: 'scaleMinLabel', message: 'Enter what the lowest number means, for example “Very poor”' })
      else if (input.scaleMinLabel.length > 60) errors.push({ field: 'scaleMinLabel', message: 'The label must be 60 characters or fewer' })
      if (!input.scaleMaxLabel.trim()) errors.push({ field: 'scaleMaxLabel', message: 'Enter what the highest number means, for example “Very good”' })
      else if (input.scaleMaxLabel.length > 60) errors.push({ field: 'scaleMaxLabel', message: 'The label must be 60 characters or fewer' })
      scale = { min, max, minLabel: input.scaleMinLabel.trim(), maxLabel: input.scaleMaxLabel.trim() }
    }
  }
  if (errors.length > 0 || !isQuestionType(type)) return { ok: false, errors }
  const withOptions = type !== 'scale' && type !== 'free_text'
  return {
    ok: true,
    value: {
      type,
      text,
      hint: input.hint.trim() || null,
      easyRead: input.easyRead.trim() || null,
      required: input.required,
      options: withOptions ? codesFor(optionLabels, before.options, 'o') : [],
      rows: type === 'matrix' ? codesFor(rowLabels, before.rows, 'r') : [],
      scale,
    },
  }
}

// ---- order and conditions ----

/** Questions in the order people see them: by section position, then question position. */
export function orderQuestions<Q extends { sectionId: string; position: number }>(questions: readonly Q[], sectionOrder: readonly string[]): Q[] {
  const rank = new Map(sectionOrder.map((id, i) => [id, i]))
  return [...questions].sort((a, b) => (rank.get(a.sectionId) ?? 0) - (rank.get(b.sectionId) ?? 0) || a.position - b.position)
}

function conditionMet(condition: Condition, answer: AnswerValue | undefined): boolean {
  if (answer === undefined || answer === null) return false
  if (typeof answer === 'string') return condition.options.includes(answer)
  if (Array.isArray(answer)) return answer.some(a => condition.options.includes(a))
  return false
}

/**
 * The questions a person is asked, given their answers so far: a conditional question is shown only if the earlier
 * question it depends on was shown and answered with one of its options.
 */
export function shownQuestions(ordered: readonly QuestionDto[], answers: ReadonlyMap<string, AnswerValue>): QuestionDto[] {
  const shown = new Set<string>()
  const out: QuestionDto[] = []
  for (const q of ordered) {
    const c = q.condition
    if (c && !(shown.has(c.questionId) && conditionMet(c, answers.get(c.questionId)))) continue
    shown.add(q.id)
    out.push(q)
  }
  return out
}

/** Questions that a condition may depend on: single or multiple choice questions before this one. */
export function conditionCandidates(ordered: readonly QuestionDto[], questionId: string): QuestionDto[] {
  const i = ordered.findIndex(q => q.id === questionId)
  return ordered.slice(0, i < 0 ? ordered.length : i).filter(q => CHOICE_TYPES.includes(q.type))
}

/** Whether every condition depends on an earlier choice question that still offers its options. */
export function conditionsHold(ordered: readonly QuestionDto[]): boolean {
  return ordered.every((q, i) => {
    if (!q.condition) return true
    const target = ordered.slice(0, i).find(p => p.id === q.condition!.questionId)
    return !!target && CHOICE_TYPES.includes(target.type) && q.condition.options.every(o => target.options.some(c => c.code === o))
  })
}

// ---- the question page's form ----

export type FormValues = Record<string, string | string[] | undefined>

const first = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '')
const all = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [])

export type AnswerResult = { ok: true; value: AnswerValue } | { ok: false; errors: FieldError[] }

/** Check what a question page posted. Field names: `answer`, `rank-<code>` (ranking), `row-<code>` (matrix). */
export function parseAnswer(q: QuestionDto, body: FormValues, voice: 'you' | 'they' = 'you'): AnswerResult {
  const fail = (field: string, message: string): AnswerResult => ({ ok: false, errors: [{ field, message }] })
  switch (q.type) {
    case 'single_choice': {
      const v = first(body.answer).trim()
      if (!v) return q.required ? fail('answer', 'Select an answer') : { ok: true, value: null }
      if (!q.options.some(o => o.code === v)) return fail('answer', 'Select one of the answers shown')
      return { ok: true, value: v }
    }
    case 'multiple_choice': {
      const v = all(body.answer)
      if (v.length === 0) return q.required ? fail('answer', 'Select at least one answer') : { ok: true, value: null }
      if (!v.every(c => q.options.some(o => o.code === c))) return fail('answer', 'Select from the answers shown')
      return { ok: true, value: q.options.filter(o => v.includes(o.code)).map(o => o.code) }
    }
    case 'scale': {
      const s = q.scale!
      const v = first(body.answer).trim()
      if (!v) return q.required ? fail('answer', `Select a number from ${s.min} to ${s.max}`) : { ok: true, value: null }
      const n = Number(v)
      if (!/^\d+$/.test(v) || n < s.min || n > s.max) return fail('answer', `Select a number from ${s.min} to ${s.max}`)
      return { ok: true, value: n }
    }
    case 'free_text': {
      const v = first(body.answer).trim()
      if (!v) return q.required ? fail('answer', voice === 'you' ? 'Enter your answer' : 'Enter their answer') : { ok: true, value: null }
      if (v.length > FREE_TEXT_MAX) return fail('answer', `The answer must be ${FREE_TEXT_MAX.toLocaleString('en-GB')} characters or fewer`)
      return { ok: true, value: v }
    }
    case 'ranking': {
      const n = q.options.length
      const ranks = q.options.map(o => ({ code: o.code, raw: first(body[`rank-${o.code}`]).trim() }))
      const given = ranks.filter(r => r.raw !== '')
      if (given.length === 0 && !q.required) return { ok: true, value: null }
      const firstField = `rank-${q.options[0]!.code}`
      const missing = ranks.find(r => r.raw === '')
      if (missing) return fail(`rank-${missing.code}`, `Give every option a number from 1 to ${n}`)
      const bad = ranks.find(r => !/^\d+$/.test(r.raw) || Number(r.raw) < 1 || Number(r.raw) > n)
      if (bad) return fail(`rank-${bad.code}`, `Give every option a number from 1 to ${n}`)
      if (new Set(ranks.map(r => r.raw)).size !== n) return fail(firstField, 'Give each option a different number')
      return { ok: true, value: [...ranks].sort((a, b) => Number(a.raw) - Number(b.raw)).map(r => r.code) }
    }
    case 'matrix': {
      const out: Record<string, string> = {}
      const errors: FieldError[] = []
      for (const row of q.rows) {
        const v = first(body[`row-${row.code}`]).trim()
        if (!v) continue
        if (!q.options.some(o => o.code === v)) errors.push({ field: `row-${row.code}`, message: `Select one of the answers shown for “${row.label}”` })
        else out[row.code] = v
      }
      if (errors.length) return { ok: false, errors }
      if (Object.keys(out).length === 0 && !q.required) return { ok: true, value: null }
      for (const row of q.rows) if (!out[row.code]) errors.push({ field: `row-${row.code}`, message: `Select an answer for “${row.label}”` })
      if (errors.length) return { ok: false, errors }
      return { ok: true, value: out }
    }
  }
}

/** A saved answer as the question page's form values (to show it again). */
export function formValuesOf(q: QuestionDto, value: AnswerValue | undefined): FormValues {
  if (value === undefined || value === null) return {}
  switch (q.type) {
    case 'single_choice':
    case 'free_text':
      return { answer: String(value) }
    case 'scale':
      return { answer: String(value) }
    case 'multiple_choice':
      return { answer: Array.isArray(value) ? value : [] }
    case 'ranking':
      return Array.isArray(value) ? Object.fromEntries(value.map((code, i) => [`rank-${code}`, String(i + 1)])) : {}
    case 'matrix':
      return typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [`row-${k}`, v])) : {}
  }
}

const labelOf = (choices: readonly Choice[], code: string) => choices.find(c => c.code === code)?.label ?? code

/** An answer in words, one line each (for "Check your answers" and the list of answers). */
export function answerLines(q: QuestionDto, value: AnswerValue | undefined): string[] {
  if (value === undefined || value === null) return ['Not answered']
  switch (q.type) {
    case 'single_choice':
      return [labelOf(q.options, String(value))]
    case 'multiple_choice':
      return (value as string[]).map(c => labelOf(q.options, c))
    case 'scale': {
      const s = q.scale!
      const n = Number(value)
      const label = n === s.min ? ` (${s.minLabel})` : n === s.max ? ` (${s.maxLabel})` : ''
      return [`${n} out of ${s.max}${label}`]
    }
    case 'free_text':
      return String(value).split(/\r?\n/)
    case 'ranking':
      return (value as string[]).map((c, i) => `${i + 1}. ${labelOf(q.options, c)}`)
    case 'matrix':
      return q.rows.map(r => `${r.label}: ${labelOf(q.options, (value as Record<string, string>)[r.code] ?? '') || 'Not answered'}`)
  }
}

/** The value stored in the database for an answer, and back. */
export const encodeAnswer = (value: AnswerValue): string => JSON.stringify(value)
export function decodeAnswer(json: string): AnswerValue {
  try {
    return JSON.parse(json) as AnswerValue
  } catch {
    return null
  }
}
