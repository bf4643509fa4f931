// Deadlines of the Scottish Public Services Ombudsman's model complaints handling procedure, in working days:
// stage 1 (frontline response) within 5, extendable once to 10 in all with a recorded reason; stage 2 (investigation)
// acknowledged within 3 and answered within 20, extendable with a recorded reason and a new date; and the person may
// go to the ombudsman within 12 months of learning of the matter. Pure; see docs/redress/working-days.md.
import { addCalendarDays, addWorkingDays, isIsoDate, workingDaysBetween, type WorkingCalendar } from './calendar.ts'

export type Stage = 1 | 2

export const STAGE1_RESPONSE_DAYS = 5
export const STAGE1_EXTENDED_MAX_DAYS = 10
export const STAGE2_ACKNOWLEDGE_DAYS = 3
export const STAGE2_RESPONSE_DAYS = 20
export const OMBUDSMAN_MONTHS = 12

export interface StageInput {
  stage: Stage
  /** Stage 1: the day the complaint was received. Stage 2: the day it was escalated, or received if it went straight to stage 2. */
  receivedOn: string
  /** The new response date when the deadline was extended. */
  extendedTo?: string | null
}

export interface StageDeadlines {
  /** Stage 2 only: when the complaint must be acknowledged. */
  acknowledgeBy?: string
  /** The response date that applies: the extended date when there is one. */
  respondBy: string
  /** The response date without an extension. */
  standardRespondBy: string
  /** Stage 1 only: the latest date an extension may set (10 working days after receipt). */
  latestExtension?: string
  extended: boolean
}

export interface DeadlineProblem {
  field: 'extendedTo' | 'extensionReason'
  message: string
}

export function stageDeadlines(calendar: WorkingCalendar, input: StageInput): StageDeadlines {
  const extendedTo = input.extendedTo ?? undefined
  if (extendedTo !== undefined && !isIsoDate(extendedTo)) throw new RangeError(`Not a date: ${extendedTo}`)
  if (input.stage === 1) {
    const standardRespondBy = addWorkingDays(calendar, input.receivedOn, STAGE1_RESPONSE_DAYS)
    return {
      respondBy: extendedTo ?? standardRespondBy,
      standardRespondBy,
      latestExtension: addWorkingDays(calendar, input.receivedOn, STAGE1_EXTENDED_MAX_DAYS),
      extended: extendedTo !== undefined,
    }
  }
  const standardRespondBy = addWorkingDays(calendar, input.receivedOn, STAGE2_RESPONSE_DAYS)
  return {
    acknowledgeBy: addWorkingDays(calendar, input.receivedOn, STAGE2_ACKNOWLEDGE_DAYS),
    respondBy: extendedTo ?? standardRespondBy,
    standardRespondBy,
    extended: extendedTo !== undefined,
  }
}

/**
 * Checks an extension before it is recorded, in plain English: a reason is needed, the new date must be after the
 * current deadline, and at stage 1 no later than 10 working days after receipt. Stage 1 may be extended only once.
 * Returns no problems when the extension may be recorded.
 */
export function checkExtension(
  calendar: WorkingCalendar,
  input: StageInput & { newDate: string; reason: string; alreadyExtended?: boolean },
): DeadlineProblem[] {
  const problems: DeadlineProblem[] = []
  if (input.reason.trim() === '') problems.push({ field: 'extensionReason', message: 'Enter the reason for the extension' })
  if (input.stage === 1 && input.alreadyExtended) {
    problems.push({ field: 'extendedTo', message: 'A stage 1 response can be extended only once. Escalate the complaint to stage 2 instead' })
    return problems
  }
  if (!isIsoDate(input.newDate)) {
    problems.push({ field: 'extendedTo', message: 'Enter the new response date as a real date, for example 27 3 2026' })
    return problems
  }
  const current = stageDeadlines(calendar, input)
  if (input.newDate <= current.respondBy) {
    problems.push({ field: 'extendedTo', message: `The new response date must be after the current one, ${current.respondBy}` })
  } else if (input.stage === 1 && current.latestExtension && input.newDate > current.latestExtension) {
    problems.push({
      field: 'extendedTo',
      message: `A stage 1 response can be extended to no later than ${current.latestExtension}, 10 working days after the complaint was received`,
    })
  } else if (!calendar.isWorkingDay(input.newDate)) {
    problems.push({ field: 'extendedTo', message: 'The new response date must be a working day, not a weekend or holiday' })
  }
  return problems
}

/**
 * True when the stage is still open and `today` is after its response date. A closed stage (closedOn given) is never
 * overdue: use closedWithinTime to ask whether it was answered in time.
 */
export function isOverdue(calendar: WorkingCalendar, input: StageInput & { closedOn?: string | null }, today: string): boolean {
  if (input.closedOn) return false
  return today > stageDeadlines(calendar, input).respondBy
}

/** True when the stage was closed on or before the response date that applied (the extended one, if any). */
export function closedWithinTime(calendar: WorkingCalendar, input: StageInput & { closedOn: string }): boolean {
  return input.closedOn <= stageDeadlines(calendar, input).respondBy
}

/** Working days from receipt to closure: the working days after `receivedOn`, up to and including `closedOn`. */
export function daysTaken(calendar: WorkingCalendar, receivedOn: string, closedOn: string): number {
  return workingDaysBetween(calendar, receivedOn, closedOn)
}

/**
 * The last day to take the complaint to the ombudsman: 12 months after the day the person learned of the matter
 * (the same day of the month; the last day of the month when there is no such day, e.g. 29 February).
 */
export function ombudsmanDeadline(awareOn: string): string {
  if (!isIsoDate(awareOn)) throw new RangeError(`Not a date: ${awareOn}`)
  const year = Number(awareOn.slice(0, 4))
  const month = Number(awareOn.slice(5, 7))
  const day = Number(awareOn.slice(8, 10))
  const targetYear = year + Math.floor((month - 1 + OMBUDSMAN_MONTHS) / 12)
  const targetMonth = ((month - 1 + OMBUDSMAN_MONTHS) % 12) + 1
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate()
  const first = `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-01`
  return addCalendarDays(first, Math.min(day, lastDay) - 1)
}
