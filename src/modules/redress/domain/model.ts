// Shared rules of the redress module: who may do what, the working-day calendar, the words shown for each value,
// and the published charter's commitments a complaint can be about.
import fs from 'node:fs'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import { getCurrentPublished, getVersion } from '../../charter/index.ts'
import type { ComplaintChannel, ContactChannel, ContactFormat, OutcomeValue } from '../data/redress.table.ts'
import { createCalendar, isIsoDate, londonDateOf, parseHolidayConfig, type WorkingCalendar } from './calendar/calendar.ts'

export const COMPLAINT_CHANNELS: readonly ComplaintChannel[] = ['online', 'phone', 'letter', 'email', 'in_person']
export const STAFF_CHANNELS: readonly ComplaintChannel[] = ['phone', 'letter', 'email', 'in_person']
export const CHANNEL_LABELS: Record<ComplaintChannel, string> = {
  online: 'Online form',
  phone: 'Phone call',
  letter: 'Letter',
  email: 'Email',
  in_person: 'In person',
}
export const CONTACT_CHANNELS: readonly ContactChannel[] = ['email', 'letter', 'phone']
export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = { email: 'Email', letter: 'Letter', phone: 'Phone call' }
export const FORMATS: readonly ContactFormat[] = ['standard', 'large_print', 'easy_read', 'braille', 'audio', 'other']
export const FORMAT_LABELS: Record<ContactFormat, string> = {
  standard: 'Standard',
  large_print: 'Large print',
  easy_read: 'Easy Read',
  braille: 'Braille',
  audio: 'Audio',
  other: 'Something else (we will ask you)',
}
export const OUTCOME_VALUES: readonly OutcomeValue[] = ['upheld', 'partly_upheld', 'not_upheld', 'resolved']
export const OUTCOME_LABELS: Record<OutcomeValue, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved: 'Resolved',
}
/** The value of the "I'm not sure which commitment" choice. */
export const NOT_SURE = 'not_sure'

export function mayHandle(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'redress:handle')
}

export function mayComplain(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'redress:complain')
}

export function assertMayHandle(actor: Actor): void {
  if (!mayHandle(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the complaints handler can deal with complaints' })
}

export function validationFailed(problems: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: problems[0]?.message ?? 'Check what you entered', fieldErrors: problems })
}

export function notFound(): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such complaint' })
}

export function invalidState(message: string, field = 'form'): AppError {
  return new AppError(AppErrorCode.INVALID_STATE, { message, fieldErrors: [{ field, message }] })
}

const CALENDARS = new WeakMap<object, WorkingCalendar>()

/**
 * The working-day calendar: weekends and Scottish bank holidays, with the local changes in REDRESS_HOLIDAYS_FILE
 * (`YYYY-MM-DD name` adds a holiday, `-YYYY-MM-DD` removes one). A file with any error stops start-up, naming each line.
 */
export function calendarOf(deps: Pick<AppDeps, 'config'>): WorkingCalendar {
  let c = CALENDARS.get(deps.config)
  if (!c) {
    const file = deps.config.redressHolidaysFile
    if (file) {
      const parsed = parseHolidayConfig(fs.readFileSync(file, 'utf8'))
      if (parsed.errors.length) throw new Error(`REDRESS_HOLIDAYS_FILE ${file}:\n${parsed.errors.map(e => `  line ${e.line}: ${e.message}`).join('\n')}`)
      c = createCalendar({ region: 'scotland', extraHolidays: parsed.holidays, removedHolidays: parsed.removed })
    } else {
      c = createCalendar({ region: 'scotland' })
    }
    CALENDARS.set(deps.config, c)
  }
  return c
}

export function todayOf(deps: Pick<AppDeps, 'clock'>): string {
  return londonDateOf(deps.clock.now())
}

export { isIsoDate }

export interface CommitmentChoice {
  key: string
  text: string
  sectionTitle: string
}

const READER = systemActor('redress: charter commitments')

/** The published charter's commitments, or none when nothing is published yet. */
export async function publishedCommitments(deps: Pick<AppDeps, 'db'>): Promise<{ version: number | null; commitments: CommitmentChoice[] }> {
  const published = await getCurrentPublished(deps)
  if (!published) return { version: null, commitments: [] }
  const v = await getVersion(deps, READER, published.number)
  return {
    version: published.number,
    commitments: v.content.sections.flatMap(s => s.commitments.map(c => ({ key: c.key, text: c.text, sectionTitle: s.title }))),
  }
}

/** The encryption context of one contact column: the same value in another row or column does not decrypt. */
export function contactContext(column: string, complaintId: string): string {
  return `redress_contact.${column}:${complaintId}`
}

/** 'C-2027-000123' */
export function formatReference(year: string, n: number): string {
  return `C-${year}-${String(n).padStart(6, '0')}`
}
