import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../platform/errors.ts'
import type { EventBus } from '../../../platform/events/event-bus.ts'
import type { JobDefinition } from '../../../platform/jobs/jobs.ts'
import {
  countInactiveParticipants,
  findInactiveParticipants,
  findRetentionPolicy,
  saveRetentionPolicy,
} from '../data/retention.repository.ts'
import { eraseParticipant } from './erase-participant.ts'
import { mayReadResearchData } from './panel.policy.ts'

/**
 * Retention: a panel member who has not taken part for a set number of months (or, if they never took part, whose
 * joining was that long ago) is erased by a scheduled job, keeping what they said under their pseudonym. Members
 * already erased are left alone. The period is an organisation setting, changed on /panel/settings/retention.
 */

export const DEFAULT_RETENTION_MONTHS = 36
export const MIN_RETENTION_MONTHS = 12
export const MAX_RETENTION_MONTHS = 240
export const RETENTION_JOB_NAME = 'panel.retention'
/** The most members one run erases; the rest wait for the next run (so a run stays short and its report readable). */
export const RETENTION_BATCH_SIZE = 500

export interface RetentionSettings {
  inactiveMonths: number
  /** No one has set it: the default applies. */
  isDefault: boolean
  updatedAt: string | null
}

/**
 * The moment `months` calendar months before `now` (UTC). A day that does not exist in the earlier month becomes that
 * month's last day (31 May minus 3 months is 28 or 29 February).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay))
  return target
}

export async function getRetentionSettings(deps: Pick<AppDeps, 'db'>): Promise<RetentionSettings> {
  const row = await findRetentionPolicy(deps.db)
  return row
    ? { inactiveMonths: row.inactive_months, isDefault: false, updatedAt: row.updated_at }
    : { inactiveMonths: DEFAULT_RETENTION_MONTHS, isDefault: true, updatedAt: null }
}

/** Change the retention period (the panel manager or the admin: 'panel:configure'). Audited with before and after. */
export async function changeRetentionPeriod(deps: AppDeps, actor: Actor, input: { inactiveMonths: number }): Promise<RetentionSettings> {
  if (actor.role === 'system' || !can(actor.role, 'panel:configure')) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot change how long panel records are kept' })
  }
  const months = input.inactiveMonths
  if (!Number.isInteger(months) || months < MIN_RETENTION_MONTHS || months > MAX_RETENTION_MONTHS) {
    throw fieldError('inactiveMonths', `The number of months must be between ${MIN_RETENTION_MONTHS} and ${MAX_RETENTION_MONTHS}`)
  }
  return inTransaction(deps, actor, async uow => {
    const before = await findRetentionPolicy(uow.trx)
    const beforeMonths = before?.inactive_months ?? DEFAULT_RETENTION_MONTHS
    const now = uow.now.toISOString()
    await saveRetentionPolicy(uow.trx, { inactive_months: months, updated_at: now, updated_by_user_id: actor.userId })
    await uow.audit({
      action: 'panel.retention_period_changed',
      subjectType: 'panel_setting',
      subjectId: 'retention',
      summary: { before: { inactiveMonths: beforeMonths }, after: { inactiveMonths: months } },
    })
    return { inactiveMonths: months, isDefault: false, updatedAt: now }
  })
}

export interface RetentionCandidate {
  participantId: string
  pseudonym: string
  status: 'active' | 'withdrawn' | 'erased'
  /** When they last took part, or when they joined if they never have. */
  lastActivityAt: string
  neverTookPart: boolean
}

export interface RetentionPreview {
  inactiveMonths: number
  /** Members whose last activity is before this would be erased. */
  cutoff: string
  total: number
  /** The first `limit` of them, longest inactive first. */
  members: RetentionCandidate[]
}

/** Who the next run would erase, by pseudonym (research data: for roles that may read it). */
export async function previewRetention(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, opts: { limit: number }): Promise<RetentionPreview> {
  if (!mayReadResearchData(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see panel research data' })
  const { inactiveMonths } = await getRetentionSettings(deps)
  const cutoff = retentionCutoff(deps.clock.now(), inactiveMonths).toISOString()
  const [rows, total] = await Promise.all([findInactiveParticipants(deps.db, cutoff, opts.limit), countInactiveParticipants(deps.db, cutoff)])
  return {
    inactiveMonths,
    cutoff,
    total,
    members: rows.map(r => ({
      participantId: r.id,
      pseudonym: r.pseudonym,
      status: r.status,
      lastActivityAt: r.last_participated_at ?? r.joined_at,
      neverTookPart: r.last_participated_at === null,
    })),
  }
}

/** The run report: what was removed, by pseudonym only. Stored with the job run and shown on the settings page. */
export interface RetentionReport extends Record<string, unknown> {
  inactiveMonths: number
  cutoff: string
  erased: number
  pseudonyms: string[]
  /** Erased, but a module reacting to the erasure failed (logged; to be run again). */
  followUpFailed: string[]
  /** Could not be erased this time (tried again on the next run). */
  failed: { pseudonym: string; error: string }[]
  /** Still past the period after this run (more than one batch). */
  remaining: number
}

/**
 * Erase every member past the retention period (at most RETENTION_BATCH_SIZE a run), keeping their contributions
 * pseudonymised. Each erasure is its own transaction with its own audit event, so one failure stops nothing else.
 */
export async function runRetention(deps: AppDeps, opts: { events?: EventBus; batchSize?: number } = {}): Promise<RetentionReport> {
  const actor = systemActor(RETENTION_JOB_NAME)
  const { inactiveMonths } = await getRetentionSettings(deps)
  const cutoff = retentionCutoff(deps.clock.now(), inactiveMonths).toISOString()
  const batch = await findInactiveParticipants(deps.db, cutoff, opts.batchSize ?? RETENTION_BATCH_SIZE)
  const report: RetentionReport = { inactiveMonths, cutoff, erased: 0, pseudonyms: [], followUpFailed: [], failed: [], remaining: 0 }
  for (const member of batch) {
    try {
      const result = await eraseParticipant(deps, actor, { participantId: member.id, deleteContributions: false }, { events: opts.events })
      report.erased += 1
      report.pseudonyms.push(result.pseudonym)
      if (result.followUpFailed) report.followUpFailed.push(result.pseudonym)
    } catch (err) {
      // Erased meanwhile by someone else: nothing to do.
      if (err instanceof AppError && err.code === AppErrorCode.INVALID_STATE) continue
      report.failed.push({ pseudonym: member.pseudonym, error: err instanceof Error ? err.message : String(err) })
    }
  }
  report.remaining = await countInactiveParticipants(deps.db, cutoff)
  if (report.erased > 0 || report.failed.length > 0) {
    await inTransaction(deps, actor, uow =>
      uow.audit({
        action: 'panel.retention_applied',
        subjectType: 'panel_setting',
        subjectId: 'retention',
        summary: { inactiveMonths, cutoff, erased: report.erased, failed: report.failed.length, remaining: report.remaining },
      }),
    )
  }
  return report
}

/** Runs daily inside `charter serve`, and now with `charter jobs run panel.retention`. */
export const retentionJob: JobDefinition = {
  name: RETENTION_JOB_NAME,
  description: 'Erase panel members inactive for longer than the retention period (keeping what they said, pseudonymised)',
  everyMinutes: 24 * 60,
  leaseMinutes: 60,
  run: deps => runRetention(deps),
}
