// The selection problem of a top-up: fill the places of Core Group members who left, from panel members who have
// never been in the group, so that the whole group meets its quotas again (residual quotas: the members who stay
// count towards every quota; see algorithm/top-up.ts).
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { getSelectionPool, NOT_ANSWERED } from '../../../panel/index.ts'
import { findRun, listMembers, type MemberRow, type RunSummaryRow } from '../../data/selection.repository.ts'
import { residualInstance } from '../algorithm/top-up.ts'
import type { Feature, PoolMember, SelectionInstance } from '../algorithm/types.ts'
import { featureValueOf } from './quotas.ts'

/** The problem to solve: the pool (people by pseudonym) and, in pool order, who each pseudonym is. */
export interface Problem {
  instance: SelectionInstance
  pool: [pseudonym: string, participantId: string][]
}

export interface TopUpPlan {
  leaving: string[]
  /** Set when the chances are worked out: the memberships that stay. */
  staying?: string[]
}

/** Members who have left and whose places have not been filled. */
export function vacancies(members: readonly MemberRow[]): MemberRow[] {
  return members.filter(m => m.left_on !== null && m.replaced_by_run_id === null)
}

export async function topUpProblem(deps: AppDeps, actor: Actor, run: RunSummaryRow): Promise<Problem & { plan: TopUpPlan }> {
  const quotas = JSON.parse(run.quotas_json) as Feature[]
  const plan = JSON.parse(run.leaving_json ?? '{"leaving":[]}') as TopUpPlan
  const members = await listMembers(deps.db)
  const open = vacancies(members)
  const openIds = new Set(open.map(m => m.id))
  if (open.length !== plan.leaving.length || plan.leaving.some(id => !openIds.has(id))) {
    throw new AppError(AppErrorCode.INVALID_STATE, {
      message: 'The Core Group has changed since this top-up was set up (someone else has left, or a place was filled). Discard it and start a new top-up.',
    })
  }
  const staying = members.filter(m => m.left_on === null)
  const leaving = members.filter(m => openIds.has(m.id))
  if (staying.length + leaving.length !== run.panel_size) {
    throw new AppError(AppErrorCode.INVALID_STATE, {
      message: `The Core Group has ${staying.length} members and ${leaving.length} places to fill, which does not add up to its size of ${run.panel_size}.`,
    })
  }

  const pool = await getSelectionPool(deps, actor)
  const inPool = new Map(pool.map(m => [m.pseudonym, m]))
  const snapshots = new Map<string, SelectionInstance>()
  const snapshotOf = async (runId: string) => {
    let instance = snapshots.get(runId)
    if (!instance) {
      const row = await findRun(deps.db, runId)
      instance = row?.instance_json ? (JSON.parse(row.instance_json) as SelectionInstance) : { panelSize: 0, features: [], people: [] }
      snapshots.set(runId, instance)
    }
    return instance
  }
  /** A member's values on the quotas: as the panel has them now, or as they were when they were selected. */
  const memberAsPoolMember = async (m: MemberRow): Promise<PoolMember> => {
    const now = inPool.get(m.pseudonym)
    if (now) return { id: m.pseudonym, values: quotas.map(f => featureValueOf(now, f.name)), ...(now.household ? { household: now.household } : {}) }
    const snapshot = await snapshotOf(m.run_id)
    const person = snapshot.people.find(p => p.id === m.pseudonym)
    const values = quotas.map(f => {
      const i = snapshot.features.findIndex(sf => sf.name === f.name)
      return (i >= 0 ? person?.values[i] : undefined) ?? NOT_ANSWERED
    })
    return { id: m.pseudonym, values, ...(person?.household ? { household: person.household } : {}) }
  }
  const everMember = new Set(members.map(m => m.participant_id))
  const candidates = pool.filter(m => !everMember.has(m.participantId))
  const people: PoolMember[] = [
    ...(await Promise.all([...staying, ...leaving].map(memberAsPoolMember))),
    ...candidates.map(m => ({ id: m.pseudonym, values: quotas.map(f => featureValueOf(m, f.name)), ...(m.household ? { household: m.household } : {}) })),
  ]
  let residual: SelectionInstance
  try {
    residual = residualInstance({
      instance: { panelSize: run.panel_size, features: quotas, people },
      selected: [...staying, ...leaving].map(m => m.pseudonym),
      leaving: leaving.map(m => m.pseudonym),
    }).residual
  } catch (err) {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: err instanceof Error ? err.message : String(err), cause: err })
  }
  const participantOf = new Map(candidates.map(m => [m.pseudonym, m.participantId]))
  return {
    instance: residual,
    pool: residual.people.map(p => [p.id, participantOf.get(p.id)!]),
    plan: { leaving: plan.leaving, staying: staying.map(m => m.id) },
  }
}
