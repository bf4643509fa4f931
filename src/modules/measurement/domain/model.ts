// What measurement is, in words: who may do what, the kinds of measure, periods, and problems in plain English.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import type { Direction, Frequency, FrameworkStatus, MeasureKind, TargetComparison } from '../data/measurement.table.ts'

export function mayRead(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'measurement:read')
}

export function mayManage(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'measurement:manage')
}

export function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export function validationFailed(problems: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: problems[0]?.message ?? 'Check what you entered', fieldErrors: problems })
}

export function notFound(what: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message: `There is no such ${what}` })
}

export const MEASURE_KINDS: readonly MeasureKind[] = ['survey_percentage', 'management_information', 'complaints_count', 'written_evidence']
export const KIND_LABELS: Record<MeasureKind, string> = {
  survey_percentage: 'Percentage from a survey question',
  management_information: 'Figure from management information',
  complaints_count: 'Count of complaints',
  written_evidence: 'Written evidence (“you said, we did”)',
}
export const KIND_HINTS: Record<MeasureKind, string> = {
  survey_percentage: 'How many people gave a particular answer, out of those who answered the question',
  management_information: 'A figure the service already records, such as the number of days to make a decision',
  complaints_count: 'How many complaints about this commitment, from complaints handling',
  written_evidence: 'Examples of what people told us and what changed as a result',
}

export const FREQUENCIES: readonly Frequency[] = ['monthly', 'quarterly', 'annual']
export const FREQUENCY_LABELS: Record<Frequency, string> = { monthly: 'Every month', quarterly: 'Every quarter', annual: 'Every year' }
export const PERIOD_HINTS: Record<Frequency, string> = {
  monthly: 'A month, for example 2027-04 for April 2027',
  quarterly: 'A quarter, for example 2027-Q1 for January to March 2027',
  annual: 'A financial year, for example 2026/27',
}

export const DIRECTIONS: readonly Direction[] = ['higher', 'lower']
export const DIRECTION_LABELS: Record<Direction, string> = { higher: 'Higher is better', lower: 'Lower is better' }

export const COMPARISONS: readonly TargetComparison[] = ['at_least', 'at_most']
export const COMPARISON_LABELS: Record<TargetComparison, string> = { at_least: 'At least', at_most: 'At most' }

export const COMPLAINTS_KINDS = ['received', 'upheld', 'closed_late'] as const
export const COMPLAINTS_KIND_LABELS: Record<string, string> = {
  received: 'Complaints received',
  upheld: 'Complaints upheld or partly upheld',
  closed_late: 'Complaints not answered in time',
}

export const STATUS_LABELS: Record<FrameworkStatus, string> = {
  draft: 'Draft',
  submitted: 'With the Core Group',
  agreed: 'Agreed by the Core Group',
  not_agreed: 'Not agreed: change it and submit it again',
  superseded: 'Replaced by a later version',
}

/** Outcomes and measures of a framework in one of these states may be changed. */
export function isEditable(status: FrameworkStatus): boolean {
  return status === 'draft' || status === 'not_agreed'
}

// ---- periods ----

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const QUARTER = /^(\d{4})-Q([1-4])$/
const YEAR = /^(\d{4})\/(\d{2})$/

/** The period as typed, tidied ("2027-q1" -> "2027-Q1"), or null when it is not a period of this frequency. */
export function parsePeriod(raw: string, frequency: Frequency): string | null {
  const p = raw.trim().toUpperCase().replace(/\s+/g, '')
  if (frequency === 'monthly') return MONTH.test(p) ? p : null
  if (frequency === 'quarterly') return QUARTER.test(p) ? p : null
  const m = YEAR.exec(p)
  if (!m) return null
  return (Number(m[1]) + 1) % 100 === Number(m[2]) ? p : null
}

/** The period before this one ("2027-Q1" -> "2026-Q4", "2027-01" -> "2026-12", "2026/27" -> "2025/26"). */
export function previousPeriod(period: string): string | null {
  let m = MONTH.exec(period)
  if (m) {
    const y = Number(m[1])
    const mo = Number(m[2])
    return mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, '0')}`
  }
  m = QUARTER.exec(period)
  if (m) {
    const y = Number(m[1])
    const q = Number(m[2])
    return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`
  }
  m = YEAR.exec(period)
  if (m) {
    const y = Number(m[1]) - 1
    return `${y}/${String((y + 1) % 100).padStart(2, '0')}`
  }
  return null
}

/** A period in words: "January to March 2027", "April 2027", "2026 to 2027". */
export function periodLabel(period: string): string {
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
  let m = MONTH.exec(period)
  if (m) return `${months[Number(m[2]) - 1]} ${m[1]}`
  m = QUARTER.exec(period)
  if (m) {
    const q = Number(m[2])
    return `${months[(q - 1) * 3]} to ${months[(q - 1) * 3 + 2]} ${m[1]}`
  }
  m = YEAR.exec(period)
  if (m) return `April ${m[1]} to March ${Number(m[1]) + 1}`
  return period
}
