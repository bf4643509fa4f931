// Checking one measurement (typed on the entry page or read from a row of an imported file) against its measure:
// the period must be one of the measure's frequency, and the figures those its kind needs. Pure.
import type { FieldError } from '../../../../platform/errors.ts'
import type { Frequency, MeasureKind } from '../../data/measurement.table.ts'
import { parsePeriod, PERIOD_HINTS } from '../model.ts'

/** A measurement as typed: every field is text, so that a re-render shows exactly what was typed. */
export interface MeasurementInput {
  period: string
  numerator: string
  denominator: string
  respondents: string
  value: string
  youSaid: string
  weDid: string
  note: string
}

export const EMPTY_MEASUREMENT: MeasurementInput = { period: '', numerator: '', denominator: '', respondents: '', value: '', youSaid: '', weDid: '', note: '' }

export interface CheckedMeasurement {
  period: string
  numerator: number | null
  denominator: number | null
  respondents: number | null
  value: number | null
  you_said: string | null
  we_did: string | null
  note: string | null
}

const MAX_TEXT = 5000

function wholeNumber(raw: string): number | null | 'bad' {
  const t = raw.trim().replace(/,/g, '')
  if (!t) return null
  if (!/^\d+$/.test(t)) return 'bad'
  const n = Number(t)
  return Number.isSafeInteger(n) ? n : 'bad'
}

/** Check a measurement for a measure of this kind and frequency; problems name the fields of MeasurementInput. */
export function checkMeasurement(measure: { kind: MeasureKind; frequency: Frequency }, input: MeasurementInput): { value: CheckedMeasurement } | { problems: FieldError[] } {
  const problems: FieldError[] = []
  const period = parsePeriod(input.period ?? '', measure.frequency)
  if (!String(input.period ?? '').trim()) problems.push({ field: 'period', message: `Enter the period. ${PERIOD_HINTS[measure.frequency]}` })
  else if (!period) problems.push({ field: 'period', message: `Enter the period in the right form. ${PERIOD_HINTS[measure.frequency]}` })
  const out: CheckedMeasurement = { period: period ?? '', numerator: null, denominator: null, respondents: null, value: null, you_said: null, we_did: null, note: null }
  const note = String(input.note ?? '').trim()
  if (note.length > MAX_TEXT) problems.push({ field: 'note', message: 'The note must be 5,000 characters or fewer' })
  out.note = note || null

  if (measure.kind === 'survey_percentage') {
    const num = wholeNumber(input.numerator ?? '')
    const den = wholeNumber(input.denominator ?? '')
    const resp = wholeNumber(input.respondents ?? '')
    if (num === null) problems.push({ field: 'numerator', message: 'Enter how many people gave an answer that counts' })
    else if (num === 'bad') problems.push({ field: 'numerator', message: 'The number who gave an answer that counts must be a whole number, 0 or more' })
    if (den === null) problems.push({ field: 'denominator', message: 'Enter how many people answered the question' })
    else if (den === 'bad' || den < 1) problems.push({ field: 'denominator', message: 'The number who answered must be a whole number, 1 or more' })
    if (resp === 'bad') problems.push({ field: 'respondents', message: 'The number who took part must be a whole number' })
    if (typeof num === 'number' && typeof den === 'number' && den >= 1 && num > den) problems.push({ field: 'numerator', message: 'The number who gave an answer that counts cannot be more than the number who answered' })
    if (typeof resp === 'number' && typeof den === 'number' && resp < den) problems.push({ field: 'respondents', message: 'The number who took part cannot be fewer than the number who answered the question' })
    if (typeof num === 'number') out.numerator = num
    if (typeof den === 'number') out.denominator = den
    if (typeof resp === 'number') out.respondents = resp
  } else if (measure.kind === 'management_information') {
    const t = String(input.value ?? '').trim().replace(/,/g, '')
    const n = Number(t)
    if (!t) problems.push({ field: 'value', message: 'Enter the figure' })
    else if (!Number.isFinite(n)) problems.push({ field: 'value', message: 'The figure must be a number, for example 12.5' })
    else out.value = n
  } else if (measure.kind === 'complaints_count') {
    const n = wholeNumber(input.value ?? '')
    if (n === null) problems.push({ field: 'value', message: 'Enter the number of complaints' })
    else if (n === 'bad') problems.push({ field: 'value', message: 'The number of complaints must be a whole number, 0 or more' })
    else out.value = n
  } else {
    const youSaid = String(input.youSaid ?? '').trim()
    const weDid = String(input.weDid ?? '').trim()
    if (!youSaid) problems.push({ field: 'youSaid', message: 'Enter what people said' })
    else if (youSaid.length > MAX_TEXT) problems.push({ field: 'youSaid', message: 'What people said must be 5,000 characters or fewer' })
    if (!weDid) problems.push({ field: 'weDid', message: 'Enter what was done as a result' })
    else if (weDid.length > MAX_TEXT) problems.push({ field: 'weDid', message: 'What was done must be 5,000 characters or fewer' })
    out.you_said = youSaid || null
    out.we_did = weDid || null
  }
  return problems.length ? { problems } : { value: out }
}
