// The Core Group: membership with dates. A confirmed selection makes the drawn people members (ending the previous
// group's membership, for a new term); a member who leaves has the date and reason recorded; a top-up fills the
// places of those who left. Members with an account get the Core Group member role while they are members.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../../platform/errors.ts'
import { domainEvents, type EventBus } from '../../../../platform/events/event-bus.ts'
import { newId } from '../../../../platform/ids.ts'
import { changeUserRole, getUser } from '../../../accounts/index.ts'
import { getSelectionPool, participantAccounts } from '../../../panel/index.ts'
import {
  findCurrentMembers,
  findCurrentMembershipsOf,
  findMember,
  insertRun,
  insertMembers,
  listMembers,
  listRunSummaries,
  markReplaced,
  updateMember,
  updateRunIfStatus,
  type RunSummaryRow,
} from '../../data/selection.repository.ts'
import type { LeaveReason } from '../../data/selection.table.ts'
import type { SelectionRecord } from '../algorithm/select.ts'
import { assertMay, loadRun, mayManageCoreGroup, mayRunSelections } from './runs.ts'
import { vacancies, type TopUpPlan } from './top-up-problem.ts'

export const LEAVE_REASONS: readonly { code: LeaveReason; label: string; chosen: boolean }[] = [
  { code: 'chose_to_leave', label: 'They chose to leave', chosen: true },
  { code: 'not_contactable', label: 'We can no longer contact them', chosen: true },
  { code: 'no_longer_eligible', label: 'They are no longer eligible', chosen: true },
  { code: 'other', label: 'Another reason', chosen: true },
  { code: 'term_ended', label: 'The group’s term ended', chosen: false },
  { code: 'withdrew_from_panel', label: 'They left the panel', chosen: false },
  { code: 'erased', label: 'Their record was erased', chosen: false },
]

export function leaveReasonLabel(code: string | null): string {
  return LEAVE_REASONS.find(r => r.code === code)?.label ?? ''
}

/** A real calendar date written YYYY-MM-DD (not 2027-02-30). */
export function isRealIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

function today(deps: Pick<AppDeps, 'clock'>): string {
  return deps.clock.now().toISOString().slice(0, 10)
}

/** The confirmed selection that defines the current group (its size and quotas): the latest confirmed full selection. */
export async function definingRun(deps: Pick<AppDeps, 'db'>): Promise<RunSummaryRow | null> {
  const runs = await listRunSummaries(deps.db, 500)
  return runs.find(r => r.kind === 'core_group' && r.status === 'confirmed') ?? null
}

export interface ConfirmResult {
  joined: string[]
  /** Drawn people who had left the panel or withdrawn consent since the draw: recorded as places to fill. */
  unavailable: string[]
  ended: string[]
}

/**
 * Make the drawn people members of the Core Group from `startsOn`. A full selection ends the current members'
 * membership on the same date (a new term); a top-up fills the places of the members it replaces.
 */
export async function confirmSelection(deps: AppDeps, actor: Actor, runId: string, input: { startsOn: string }): Promise<ConfirmResult> {
  assertMay(mayRunSelections(actor) && mayManageCoreGroup(actor), 'confirm a selection')
  const run = await loadRun(deps, runId)
  if (run.status !== 'drawn' || !run.record_json || !run.pool_json) {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: `You cannot confirm “${run.title}”: it has not been drawn, or it has been confirmed or discarded already` })
  }
  if (!isRealIsoDate(input.startsOn)) throw fieldError('startsOn-day', 'Enter a real date')
  const record = JSON.parse(run.record_json) as SelectionRecord
  const participantOf = new Map(JSON.parse(run.pool_json) as [string, string][])
  const drawn = record.draw!.panel
  const stillAvailable = new Set((await getSelectionPool(deps, actor)).map(m => m.pseudonym))
  const plan = run.leaving_json ? (JSON.parse(run.leaving_json) as TopUpPlan) : null

  const result = await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const current = await findCurrentMembers(uow.trx)
    let ended: string[] = []
    if (run.kind === 'core_group') {
      for (const m of current) await updateMember(uow.trx, m.id, { left_on: input.startsOn, leave_reason: 'term_ended', updated_at: now })
      ended = current.map(m => m.participant_id)
    } else {
      const open = new Set(vacancies(await listMembers(uow.trx)).map(m => m.id))
      const stayingNow = current.map(m => m.id).sort().join()
      if (!plan || plan.leaving.some(id => !open.has(id)) || (plan.staying && [...plan.staying].sort().join() !== stayingNow)) {
        throw new AppError(AppErrorCode.INVALID_STATE, {
          message: 'The Core Group has changed since the chances for this top-up were worked out. Discard it and start a new top-up.',
        })
      }
      await markReplaced(uow.trx, plan.leaving, runId, now)
    }
    const rows = drawn.map(pseudonym => {
      const available = stillAvailable.has(pseudonym)
      return {
        id: newId(uow.now.getTime()),
        participant_id: participantOf.get(pseudonym)!,
        pseudonym,
        run_id: runId,
        joined_on: input.startsOn,
        left_on: available ? null : input.startsOn,
        leave_reason: available ? null : ('no_longer_eligible' as const),
        leave_detail: available ? null : 'Left the panel or withdrew consent to be contacted between the draw and its confirmation',
        replaced_by_run_id: null,
        created_at: now,
        updated_at: now,
      }
    })
    await insertMembers(uow.trx, rows)
    const ok = await updateRunIfStatus(uow.trx, runId, ['drawn'], { status: 'confirmed', starts_on: input.startsOn, confirmed_at: now, confirmed_by_user_id: actor.userId, updated_at: now })
    if (!ok) throw new AppError(AppErrorCode.INVALID_STATE, { message: `“${run.title}” has just been confirmed or discarded by someone else` })
    const joined = rows.filter(r => r.left_on === null)
    const unavailable = rows.filter(r => r.left_on !== null)
    await uow.audit({
      action: 'selection.core_group_confirmed',
      subjectType: 'selection',
      subjectId: runId,
      summary: {
        kind: run.kind,
        startsOn: input.startsOn,
        joined: joined.map(r => r.pseudonym),
        unavailable: unavailable.map(r => r.pseudonym),
        ended: run.kind === 'core_group' ? current.map(m => m.pseudonym) : [],
        replaced: plan?.leaving ?? [],
      },
    })
    return { joined: joined.map(r => r.participant_id), unavailable: unavailable.map(r => r.pseudonym), ended }
  })
  const joinedSet = new Set(result.joined)
  await syncCoreGroupRoles(deps, actor, result.joined, result.ended.filter(id => !joinedSet.has(id)))
  return result
}

/** Record that a member has left the Core Group, with the date and reason. */
export async function recordLeaving(
  deps: AppDeps,
  actor: Actor,
  memberId: string,
  input: { leftOn: string; reason: LeaveReason; detail: string },
): Promise<void> {
  assertMay(mayManageCoreGroup(actor), 'change the Core Group')
  const member = await findMember(deps.db, memberId)
  if (!member) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such Core Group member' })
  if (member.left_on !== null) throw new AppError(AppErrorCode.INVALID_STATE, { message: `${member.pseudonym} has already left the Core Group` })
  if (!LEAVE_REASONS.some(r => r.code === input.reason && r.chosen)) throw fieldError('reason', 'Select why they left')
  if (!isRealIsoDate(input.leftOn)) throw fieldError('leftOn-day', 'Enter a real date')
  if (input.leftOn < member.joined_on) throw fieldError('leftOn-day', `The date they left must be on or after the date they joined (${member.joined_on})`)
  if (input.leftOn > today(deps)) throw fieldError('leftOn-day', 'The date they left must be today or in the past')
  const detail = input.detail.trim()
  if (input.reason === 'other' && !detail) throw fieldError('detail', 'Say why they left')
  if (detail.length > 1000) throw fieldError('detail', 'The reason must be 1,000 characters or fewer')
  await inTransaction(deps, actor, async uow => {
    await updateMember(uow.trx, member.id, { left_on: input.leftOn, leave_reason: input.reason, leave_detail: detail || null, updated_at: uow.now.toISOString() })
    await uow.audit({ action: 'selection.member_left', subjectType: 'core_group_member', subjectId: member.id, summary: { pseudonym: member.pseudonym, leftOn: input.leftOn, reason: input.reason } })
  })
  await syncCoreGroupRoles(deps, actor, [], [member.participant_id])
}

/**
 * Start a top-up: a selection to fill every place left empty, with the quotas of the selection that made the group.
 * Refused when nobody has left, or when a top-up is already under way.
 */
export async function startTopUp(deps: AppDeps, actor: Actor): Promise<{ id: string }> {
  assertMay(mayRunSelections(actor) && mayManageCoreGroup(actor), 'start a top-up')
  const parent = await definingRun(deps)
  if (!parent) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'There is no Core Group to top up yet: confirm a selection first' })
  const open = vacancies(await listMembers(deps.db))
  if (open.length === 0) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Nobody has left the Core Group, so there are no places to fill' })
  const under = (await listRunSummaries(deps.db, 500)).find(r => r.kind === 'top_up' && !['confirmed', 'discarded'].includes(r.status))
  if (under) throw new AppError(AppErrorCode.INVALID_STATE, { message: `A top-up is already under way (“${under.title}”): finish or discard it first` })
  const id = newId(deps.clock.now().getTime())
  const places = open.length
  const title = `Top-up: ${places} ${places === 1 ? 'place' : 'places'} in ${parent.title}`
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await insertRun(uow.trx, {
      id,
      kind: 'top_up',
      title,
      status: 'draft',
      panel_size: parent.panel_size,
      algorithm: parent.algorithm === 'legacy' ? 'leximin' : parent.algorithm,
      panels: parent.panels,
      settings_json: parent.settings_json,
      quotas_json: parent.quotas_json,
      parent_run_id: parent.id,
      leaving_json: JSON.stringify({ leaving: open.map(m => m.id) } satisfies TopUpPlan),
      created_by_user_id: actor.userId,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({ action: 'selection.top_up_started', subjectType: 'selection', subjectId: id, summary: { parent: parent.id, places, leaving: open.map(m => m.pseudonym) } })
  })
  return { id }
}

/**
 * Give members with an account the Core Group member role, and take it back from those who left (unless they are
 * still a member through another membership). Runs after the change has committed, as its own audited role changes;
 * a failure is logged, and running it again is safe.
 */
export async function syncCoreGroupRoles(deps: AppDeps, actor: Actor, joined: readonly string[], left: readonly string[]): Promise<void> {
  if (joined.length === 0 && left.length === 0) return
  try {
    const accounts = await participantAccounts(deps, { ...actor, role: 'system' }, [...joined, ...left])
    for (const participantId of joined) {
      const userId = accounts.get(participantId)
      if (!userId) continue
      const user = await getUser(deps, userId)
      if (user.role === 'panel_member') await changeUserRole(deps, actor, { userId, role: 'core_group_member' })
    }
    for (const participantId of left) {
      const userId = accounts.get(participantId)
      if (!userId) continue
      if ((await findCurrentMembershipsOf(deps.db, participantId)).length > 0) continue
      const user = await getUser(deps, userId)
      if (user.role === 'core_group_member') await changeUserRole(deps, actor, { userId, role: 'panel_member' })
    }
  } catch (err) {
    deps.logger.error({ err }, 'could not bring Core Group members’ account roles up to date')
  }
}

/**
 * A member who leaves the panel, or is erased, leaves the Core Group the same day. Idempotent: a person with no
 * current membership is left alone.
 */
export async function endMembershipsOf(deps: AppDeps, participantId: string, reason: 'withdrew_from_panel' | 'erased'): Promise<number> {
  const current = await findCurrentMembershipsOf(deps.db, participantId)
  if (current.length === 0) return 0
  const actor: Actor = { userId: null, role: 'system', displayName: 'Core Group membership' }
  await inTransaction(deps, actor, async uow => {
    for (const m of current) {
      await updateMember(uow.trx, m.id, { left_on: today(deps), leave_reason: reason, updated_at: uow.now.toISOString() })
      await uow.audit({ action: 'selection.member_left', subjectType: 'core_group_member', subjectId: m.id, summary: { pseudonym: m.pseudonym, leftOn: today(deps), reason } })
    }
  })
  if (reason === 'withdrew_from_panel') await syncCoreGroupRoles(deps, actor, [], [participantId])
  return current.length
}

/** Subscribe to the panel's events (once per bus). Returns a function that unsubscribes. */
export function subscribeToPanelEvents(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  const offs = [
    bus.subscribe('panel.participant_erased', async e => {
      await endMembershipsOf(deps, e.participantId, 'erased')
    }),
    bus.subscribe('panel.participant_status_changed', async e => {
      if (e.status === 'withdrawn') await endMembershipsOf(deps, e.participantId, 'withdrew_from_panel')
    }),
  ]
  return () => offs.forEach(off => off())
}

/** Memberships for pages: current members first. */
export async function coreGroupMemberships(deps: Pick<AppDeps, 'db'>) {
  return listMembers(deps.db)
}
