// Attendance per session: who came (or took part online or by phone), who did not, and who cancelled in advance, by
// the panel member's pseudonym. Each change is one transaction with its audit event. Taking part is then told to the
// panel (its participation history, which the panel list's activity filter, the representation page's attrition flags
// and retention count from): after the commit, because modules share no transactions; the panel's command is
// idempotent (it keeps the later date), and a failure is logged, not shown, since the attendance itself is saved.
// When a record of taking part is removed or changed to not taking part, the panel's date is corrected to the latest
// session the person still took part in (or never).
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { correctParticipation, findActiveParticipantByPseudonym, getPseudonyms, recordParticipation } from '../../panel/index.ts'
import { findSession, type SessionRow } from '../data/activity.repository.ts'
import { deleteAttendance, findAttendance, findAttendanceOf, insertAttendance, latestAttendanceStart, listAttendance, updateAttendance, type AttendanceRow } from '../data/arrangements.repository.ts'
import type { AttendanceStatus } from '../data/arrangements.table.ts'
import { labelOf } from './activities.ts'

export type { AttendanceStatus }

export const ATTENDANCE_STATUS_MESSAGE = 'Select whether they attended, took part online or by phone, did not attend or cancelled in advance'

export const ATTENDANCE_STATUSES: readonly { code: AttendanceStatus; label: string; hint: string }[] = [
  { code: 'attended', label: 'Attended', hint: 'Came to the session' },
  { code: 'online', label: 'Took part online', hint: 'Joined by video call, or gave their views online instead' },
  { code: 'by_phone', label: 'Took part by phone', hint: 'Joined by phone, or gave their views in a call instead' },
  { code: 'did_not_attend', label: 'Did not attend', hint: 'Expected but did not come, without telling us' },
  { code: 'cancelled_in_advance', label: 'Cancelled in advance', hint: 'Told us beforehand they could not come' },
]

/** At most this many pseudonyms pasted at once. */
export const MAX_PSEUDONYMS = 200

type Problem = { field: string; message: string }

export function mayRecordAttendance(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'engagement:record_attendance')
}

function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export function validationFailed(problems: Problem[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: problems })
}

/** The statuses that count as taking part (towards the panel's participation history). */
export const TOOK_PART: readonly AttendanceStatus[] = ['attended', 'online', 'by_phone']

/** Taking part counts towards the panel's participation history. */
export function tookPart(status: AttendanceStatus): boolean {
  return TOOK_PART.includes(status)
}

/** Pseudonyms typed or pasted: separated by commas, semicolons, spaces or new lines; upper case; each once. */
export function splitPseudonyms(textIn: string): string[] {
  const out: string[] = []
  for (const p of textIn.toUpperCase().split(/[\s,;]+/)) if (p && !out.includes(p)) out.push(p)
  return out
}

/** "A", "A and B", "A, B and C". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
}

/**
 * Who each typed pseudonym is, among active panel members. The problem (on `field`) names every one that is not
 * on the panel, so they can all be put right at once.
 */
export async function resolvePseudonyms(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  pseudonyms: readonly string[],
  field: string,
): Promise<{ found: { participantId: string; pseudonym: string }[]; problem: Problem | null }> {
  const found: { participantId: string; pseudonym: string }[] = []
  const missing: string[] = []
  for (const p of pseudonyms) {
    const hit = await findActiveParticipantByPseudonym(deps, actor, p)
    if (hit) found.push(hit)
    else missing.push(p)
  }
  if (missing.length === 0) return { found, problem: null }
  const message =
    missing.length === 1
      ? `${missing[0]} is not a pseudonym of anyone on the panel: check it, for example P-7K3M9Q`
      : `${listInWords(missing)} are not pseudonyms of anyone on the panel: check them, for example P-7K3M9Q`
  return { found, problem: { field, message } }
}

async function sessionOrNotFound(deps: Pick<AppDeps, 'db'>, sessionId: string): Promise<SessionRow> {
  const s = await findSession(deps.db, sessionId)
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  return s
}

/** The rules for a status on a session, the session's own state and the clock (no database). */
export function attendanceStatusProblems(status: string, session: Pick<SessionRow, 'status' | 'starts_at'>, now: Date): Problem[] {
  if (!ATTENDANCE_STATUSES.some(s => s.code === status)) return [{ field: 'status', message: ATTENDANCE_STATUS_MESSAGE }]
  if (session.status === 'cancelled' && status !== 'cancelled_in_advance') return [{ field: 'status', message: 'The session was cancelled, so nobody can have attended it' }]
  if (tookPart(status as AttendanceStatus) && session.starts_at > now.toISOString()) return [{ field: 'status', message: 'The session has not started yet: record who attended once it has' }]
  return []
}

export interface RecordAttendanceInput {
  /** One or several pseudonyms, as typed or pasted. */
  pseudonyms: string
  status: AttendanceStatus
}

export interface RecordAttendanceResult {
  added: string[]
  changed: string[]
  unchanged: string[]
}

/** Tell the panel that these people took part (after the commit); a failure is logged and the rest carry on. */
async function tellPanel(deps: AppDeps, actor: Actor, participantIds: readonly string[], at: string): Promise<void> {
  for (const id of participantIds) {
    try {
      await recordParticipation(deps, actor, id, at)
    } catch (err) {
      deps.logger.error({ err, participantId: id, at }, 'attendance saved, but the panel participation history could not be updated')
    }
  }
}

/**
 * Correct the panel's "last took part" of this person to the latest session they still took part in (or never),
 * after a record of taking part was removed or changed (after the commit; a failure is logged).
 */
async function correctPanel(deps: AppDeps, actor: Actor, participantId: string): Promise<void> {
  try {
    const latest = await latestAttendanceStart(deps.db, participantId, TOOK_PART)
    await correctParticipation(deps, actor, participantId, latest)
  } catch (err) {
    deps.logger.error({ err, participantId }, 'attendance saved, but the panel participation history could not be corrected')
  }
}

/**
 * Record one or several people's attendance at a session with one status. Someone already recorded for the session
 * gets the new status. Audited as 'engagement.attendance_recorded'; those who took part are then told to the panel.
 */
export async function recordAttendance(deps: AppDeps, actor: Actor, sessionId: string, input: RecordAttendanceInput): Promise<RecordAttendanceResult> {
  assertMay(mayRecordAttendance(actor), 'record attendance')
  const session = await sessionOrNotFound(deps, sessionId)
  const problems: Problem[] = []
  const pseudonyms = splitPseudonyms(input.pseudonyms)
  let found: { participantId: string; pseudonym: string }[] = []
  if (pseudonyms.length === 0) problems.push({ field: 'pseudonyms', message: 'Enter the pseudonym of at least one panel member, for example P-7K3M9Q' })
  else if (pseudonyms.length > MAX_PSEUDONYMS) problems.push({ field: 'pseudonyms', message: `Enter ${MAX_PSEUDONYMS} pseudonyms or fewer at once` })
  else {
    const resolved = await resolvePseudonyms(deps, actor, pseudonyms, 'pseudonyms')
    if (resolved.problem) problems.push(resolved.problem)
    found = resolved.found
  }
  problems.push(...attendanceStatusProblems(input.status, session, deps.clock.now()))
  if (problems.length) throw validationFailed(problems)

  const stoppedTakingPart: string[] = []
  const result = await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const existing = new Map((await findAttendanceOf(uow.trx, sessionId, found.map(f => f.participantId))).map(r => [r.participant_id, r]))
    const out: RecordAttendanceResult = { added: [], changed: [], unchanged: [] }
    for (const person of found) {
      const before = existing.get(person.participantId)
      if (!before) {
        await insertAttendance(uow.trx, { id: newId(uow.now.getTime()), session_id: sessionId, participant_id: person.participantId, status: input.status, recorded_by_user_id: actor.userId, created_at: now, updated_at: now })
        out.added.push(person.pseudonym)
      } else if (before.status !== input.status) {
        await updateAttendance(uow.trx, before.id, { status: input.status, recorded_by_user_id: actor.userId, updated_at: now })
        out.changed.push(person.pseudonym)
        if (tookPart(before.status) && !tookPart(input.status)) stoppedTakingPart.push(person.participantId)
      } else out.unchanged.push(person.pseudonym)
    }
    if (out.added.length || out.changed.length) {
      await uow.audit({
        action: 'engagement.attendance_recorded',
        subjectType: 'engagement_session',
        subjectId: sessionId,
        summary: { status: input.status, added: out.added, changed: out.changed },
      })
    }
    return out
  })
  if (tookPart(input.status)) await tellPanel(deps, actor, found.map(f => f.participantId), session.starts_at)
  // Those changed from taking part to not: their "last took part" may have been this session.
  for (const id of stoppedTakingPart) await correctPanel(deps, actor, id)
  return result
}

async function recordOrNotFound(deps: Pick<AppDeps, 'db'>, id: string): Promise<AttendanceRow> {
  const r = await findAttendance(deps.db, id)
  if (!r) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such attendance record' })
  return r
}

/** Change one person's status at a session. Audited as 'engagement.attendance_changed'. */
export async function changeAttendance(deps: AppDeps, actor: Actor, attendanceId: string, status: AttendanceStatus): Promise<void> {
  assertMay(mayRecordAttendance(actor), 'record attendance')
  const before = await recordOrNotFound(deps, attendanceId)
  const session = await sessionOrNotFound(deps, before.session_id)
  const problems = attendanceStatusProblems(status, session, deps.clock.now())
  if (problems.length) throw validationFailed(problems)
  if (before.status !== status) {
    await inTransaction(deps, actor, async uow => {
      await updateAttendance(uow.trx, attendanceId, { status, recorded_by_user_id: actor.userId, updated_at: uow.now.toISOString() })
      await uow.audit({
        action: 'engagement.attendance_changed',
        subjectType: 'engagement_attendance',
        subjectId: attendanceId,
        summary: { sessionId: before.session_id, participantId: before.participant_id, before: before.status, after: status },
      })
    })
  }
  // Told again even when unchanged: harmless (idempotent), and it repairs a failed earlier attempt.
  if (tookPart(status)) await tellPanel(deps, actor, [before.participant_id], session.starts_at)
  else if (tookPart(before.status)) await correctPanel(deps, actor, before.participant_id)
}

/**
 * Remove a record made in error. Audited as 'engagement.attendance_removed'. When it was a record of taking part, the
 * panel's "last took part" is then corrected to the latest session the person still took part in, or to never.
 */
export async function removeAttendance(deps: AppDeps, actor: Actor, attendanceId: string): Promise<{ sessionId: string }> {
  assertMay(mayRecordAttendance(actor), 'record attendance')
  const before = await recordOrNotFound(deps, attendanceId)
  await inTransaction(deps, actor, async uow => {
    await deleteAttendance(uow.trx, attendanceId)
    await uow.audit({
      action: 'engagement.attendance_removed',
      subjectType: 'engagement_attendance',
      subjectId: attendanceId,
      summary: { sessionId: before.session_id, participantId: before.participant_id, status: before.status },
    })
  })
  if (tookPart(before.status)) await correctPanel(deps, actor, before.participant_id)
  return { sessionId: before.session_id }
}

// ---- queries ----

export interface AttendanceDto {
  id: string
  sessionId: string
  participantId: string
  /** Null when the person is no longer on the panel's records (erased). */
  pseudonym: string | null
  status: AttendanceStatus
  statusLabel: string
  updatedAt: string
}

export interface AttendanceList {
  rows: AttendanceDto[]
  counts: { code: AttendanceStatus; label: string; count: number }[]
  /** Attended plus took part by phone. */
  tookPart: number
  total: number
}

function toDto(r: AttendanceRow, pseudonyms: ReadonlyMap<string, string>): AttendanceDto {
  return {
    id: r.id,
    sessionId: r.session_id,
    participantId: r.participant_id,
    pseudonym: pseudonyms.get(r.participant_id) ?? null,
    status: r.status,
    statusLabel: labelOf(ATTENDANCE_STATUSES, r.status),
    updatedAt: r.updated_at,
  }
}

/** Everyone recorded for a session, by pseudonym, with the count for each status. */
export async function getAttendance(deps: Pick<AppDeps, 'db'>, actor: Actor, sessionId: string): Promise<AttendanceList> {
  assertMay(mayRecordAttendance(actor), 'see attendance')
  await sessionOrNotFound(deps, sessionId)
  const rows = await listAttendance(deps.db, sessionId)
  const pseudonyms = await getPseudonyms(deps, actor, rows.map(r => r.participant_id))
  const dtos = rows.map(r => toDto(r, pseudonyms)).sort((a, b) => (a.pseudonym ?? '~').localeCompare(b.pseudonym ?? '~') || a.id.localeCompare(b.id))
  const counts = ATTENDANCE_STATUSES.map(s => ({ code: s.code, label: s.label, count: rows.filter(r => r.status === s.code).length }))
  return { rows: dtos, counts, tookPart: rows.filter(r => tookPart(r.status)).length, total: rows.length }
}

export async function getAttendanceRecord(deps: Pick<AppDeps, 'db'>, actor: Actor, attendanceId: string): Promise<AttendanceDto> {
  assertMay(mayRecordAttendance(actor), 'see attendance')
  const r = await recordOrNotFound(deps, attendanceId)
  return toDto(r, await getPseudonyms(deps, actor, [r.participant_id]))
}
