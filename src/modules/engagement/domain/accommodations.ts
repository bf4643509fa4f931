// Accommodations per session: what must be arranged so everyone can take part (a BSL interpreter, an accessible
// room, travel, a carer or companion, a quiet room, papers in large print or Easy Read, anything else), each
// optionally for one panel member (by pseudonym), with its status and a note. Each change is one transaction with
// its audit event. "To arrange" lists what is still open for sessions that have not yet ended.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { getPseudonyms } from '../../panel/index.ts'
import { findSession } from '../data/activity.repository.ts'
import {
  deleteAccommodation,
  findAccommodation,
  insertAccommodation,
  listAccommodations,
  listAccommodationsToArrange,
  updateAccommodation,
  type AccommodationRow,
} from '../data/arrangements.repository.ts'
import type { AccommodationKind, AccommodationStatus } from '../data/arrangements.table.ts'
import { labelOf, mayManageEngagement, mayReadEngagement } from './activities.ts'
import { resolvePseudonyms, splitPseudonyms, validationFailed } from './attendance.ts'

export type { AccommodationKind, AccommodationStatus }

export const ACCOMMODATION_KINDS: readonly { code: AccommodationKind; label: string }[] = [
  { code: 'bsl_interpreter', label: 'BSL interpreter' },
  { code: 'accessible_room', label: 'Accessible room' },
  { code: 'travel_booking', label: 'Travel booking' },
  { code: 'carer_or_companion', label: 'Carer or companion' },
  { code: 'quiet_room', label: 'Quiet room' },
  { code: 'papers_format', label: 'Large print or Easy Read papers' },
  { code: 'other', label: 'Something else' },
]

export const ACCOMMODATION_STATUSES: readonly { code: AccommodationStatus; label: string }[] = [
  { code: 'needed', label: 'Needed' },
  { code: 'booked', label: 'Booked' },
  { code: 'confirmed', label: 'Confirmed' },
  { code: 'not_possible', label: 'Not possible' },
]

/** Still to be sorted out: not yet confirmed, or found not possible (the person must be told, or another way found). */
export const OPEN_STATUSES: readonly AccommodationStatus[] = ['needed', 'booked', 'not_possible']

type Problem = { field: string; message: string }

function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export interface AccommodationInput {
  kind: AccommodationKind
  /** Who it is for (a pseudonym), or empty for the whole session. */
  pseudonym: string
  status: AccommodationStatus
  note: string
}

/** The rules that need no database, every problem at once, in the form's order. */
export function accommodationProblems(input: AccommodationInput): Problem[] {
  const problems: Problem[] = []
  if (!ACCOMMODATION_KINDS.some(k => k.code === input.kind)) problems.push({ field: 'kind', message: 'Select what must be arranged' })
  if (splitPseudonyms(input.pseudonym).length > 1) problems.push({ field: 'pseudonym', message: 'Enter one pseudonym, or leave it empty if it is for everyone at the session' })
  if (!ACCOMMODATION_STATUSES.some(s => s.code === input.status)) problems.push({ field: 'status', message: 'Select whether it is needed, booked, confirmed or not possible' })
  if (input.kind === 'other' && !input.note.trim()) problems.push({ field: 'note', message: 'Say what must be arranged' })
  else if (input.note.length > 1000) problems.push({ field: 'note', message: 'The note must be 1,000 characters or fewer' })
  return problems
}

/** All problems, including "that pseudonym is not on the panel"; the participant (or null for everyone). */
async function check(deps: AppDeps, actor: Actor, input: AccommodationInput): Promise<{ participantId: string | null; pseudonym: string | null }> {
  const problems = accommodationProblems(input)
  let person: { participantId: string | null; pseudonym: string | null } = { participantId: null, pseudonym: null }
  const typed = splitPseudonyms(input.pseudonym)
  if (typed.length === 1 && !problems.some(p => p.field === 'pseudonym')) {
    const resolved = await resolvePseudonyms(deps, actor, typed, 'pseudonym')
    if (resolved.problem) problems.push(resolved.problem)
    else person = resolved.found[0]!
  }
  const order = ['kind', 'pseudonym', 'status', 'note']
  if (problems.length) throw validationFailed(problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field)))
  return person
}

export async function addAccommodation(deps: AppDeps, actor: Actor, sessionId: string, input: AccommodationInput): Promise<{ id: string }> {
  assertMay(mayManageEngagement(actor), 'arrange accommodations')
  if (!(await findSession(deps.db, sessionId))) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  const person = await check(deps, actor, input)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const columns = { kind: input.kind, participant_id: person.participantId, status: input.status, note: input.note.trim() || null }
    await insertAccommodation(uow.trx, { id, session_id: sessionId, ...columns, created_by_user_id: actor.userId, created_at: now, updated_at: now })
    await uow.audit({ action: 'engagement.accommodation_added', subjectType: 'engagement_accommodation', subjectId: id, summary: { sessionId, ...columns, pseudonym: person.pseudonym } })
  })
  return { id }
}

async function rowOrNotFound(deps: Pick<AppDeps, 'db'>, id: string): Promise<AccommodationRow> {
  const row = await findAccommodation(deps.db, id)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such accommodation' })
  return row
}

export async function changeAccommodation(deps: AppDeps, actor: Actor, id: string, input: AccommodationInput): Promise<void> {
  assertMay(mayManageEngagement(actor), 'arrange accommodations')
  const before = await rowOrNotFound(deps, id)
  const person = await check(deps, actor, input)
  const after = { kind: input.kind, participant_id: person.participantId, status: input.status, note: input.note.trim() || null }
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof AccommodationRow] !== v))
  if (Object.keys(changed).length === 0) return
  await inTransaction(deps, actor, async uow => {
    await updateAccommodation(uow.trx, id, { ...after, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'engagement.accommodation_changed',
      subjectType: 'engagement_accommodation',
      subjectId: id,
      summary: { sessionId: before.session_id, before: Object.fromEntries(Object.keys(changed).map(k => [k, before[k as keyof AccommodationRow]])), after: changed },
    })
  })
}

export async function removeAccommodation(deps: AppDeps, actor: Actor, id: string): Promise<{ sessionId: string }> {
  assertMay(mayManageEngagement(actor), 'arrange accommodations')
  const before = await rowOrNotFound(deps, id)
  await inTransaction(deps, actor, async uow => {
    await deleteAccommodation(uow.trx, id)
    await uow.audit({ action: 'engagement.accommodation_removed', subjectType: 'engagement_accommodation', subjectId: id, summary: { sessionId: before.session_id, kind: before.kind, status: before.status } })
  })
  return { sessionId: before.session_id }
}

// ---- queries ----

export interface AccommodationDto {
  id: string
  sessionId: string
  kind: AccommodationKind
  kindLabel: string
  participantId: string | null
  /** Null when it is for everyone; "a former panel member" shows when the person has gone from the panel's records. */
  pseudonym: string | null
  status: AccommodationStatus
  statusLabel: string
  note: string | null
}

function toDto(r: AccommodationRow, pseudonyms: ReadonlyMap<string, string>): AccommodationDto {
  return {
    id: r.id,
    sessionId: r.session_id,
    kind: r.kind,
    kindLabel: labelOf(ACCOMMODATION_KINDS, r.kind),
    participantId: r.participant_id,
    pseudonym: r.participant_id ? (pseudonyms.get(r.participant_id) ?? 'A former panel member') : null,
    status: r.status,
    statusLabel: labelOf(ACCOMMODATION_STATUSES, r.status),
    note: r.note,
  }
}

async function pseudonymsOf(deps: Pick<AppDeps, 'db'>, actor: Actor, rows: readonly AccommodationRow[]): Promise<Map<string, string>> {
  const ids = rows.map(r => r.participant_id).filter((x): x is string => x !== null)
  return ids.length ? getPseudonyms(deps, actor, ids) : new Map()
}

export async function getAccommodations(deps: Pick<AppDeps, 'db'>, actor: Actor, sessionId: string): Promise<AccommodationDto[]> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  if (!(await findSession(deps.db, sessionId))) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  const rows = await listAccommodations(deps.db, sessionId)
  const pseudonyms = await pseudonymsOf(deps, actor, rows)
  return rows.map(r => toDto(r, pseudonyms))
}

export async function getAccommodation(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<AccommodationDto> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  const row = await rowOrNotFound(deps, id)
  return toDto(row, await pseudonymsOf(deps, actor, [row]))
}

export interface AccommodationToArrangeDto extends AccommodationDto {
  activityId: string
  activityTitle: string
  startsAt: string
  endsAt: string
  location: string | null
}

/** What is still open (needed, booked, not possible) for sessions going ahead that have not ended, soonest first. */
export async function getAccommodationsToArrange(deps: AppDeps, actor: Actor): Promise<AccommodationToArrangeDto[]> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  const rows = await listAccommodationsToArrange(deps.db, deps.clock.now().toISOString(), OPEN_STATUSES)
  const pseudonyms = await pseudonymsOf(deps, actor, rows)
  return rows.map(r => ({ ...toDto(r, pseudonyms), activityId: r.activity_id, activityTitle: r.activity_title, startsAt: r.starts_at, endsAt: r.ends_at, location: r.location }))
}
