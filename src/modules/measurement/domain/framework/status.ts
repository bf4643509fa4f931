// The framework's status: a submitted version follows the Core Group's decision about it.
import { systemActor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { findDecisionsForSubject } from '../../../decisions/index.ts'
import { findFramework, latestFramework, latestFrameworkWithStatus, listFrameworks, updateFramework, type FrameworkRow } from '../../data/measurement.repository.ts'
import type { FrameworkStatus } from '../../data/measurement.table.ts'
import { isEditable, STATUS_LABELS } from '../model.ts'

export const SUBJECT_TYPE = 'measurement_framework'
const SYNC = systemActor('measurement: Core Group decision')

export interface FrameworkDto {
  id: string
  version: number
  status: FrameworkStatus
  statusLabel: string
  editable: boolean
  proposalId: string | null
  submittedAt: string | null
  agreedAt: string | null
}

export function toFrameworkDto(r: FrameworkRow): FrameworkDto {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    editable: isEditable(r.status),
    proposalId: r.proposal_id,
    submittedAt: r.submitted_at,
    agreedAt: r.agreed_at,
  }
}

/**
 * Bring a submitted framework's status up to date with the Core Group's decision: adopted -> agreed (and the
 * earlier agreed version is replaced); not adopted or no quorum -> not agreed (it can be changed and submitted
 * again); withdrawn -> back to a draft. Audited as the system.
 */
export async function syncWithDecision(deps: AppDeps): Promise<void> {
  const submitted = (await listFrameworks(deps.db)).filter(f => f.status === 'submitted' && f.proposal_id)
  for (const f of submitted) {
    const decision = (await findDecisionsForSubject(deps, SUBJECT_TYPE, f.id)).find(d => d.id === f.proposal_id)
    if (!decision) continue
    const next: FrameworkStatus | null =
      decision.status === 'decided' ? (decision.outcome === 'adopted' ? 'agreed' : 'not_agreed') : decision.status === 'withdrawn' ? 'draft' : null
    if (!next) continue
    await inTransaction(deps, SYNC, async uow => {
      const fresh = await findFramework(uow.trx, f.id)
      if (!fresh || fresh.status !== 'submitted') return
      const now = uow.now.toISOString()
      if (next === 'agreed') {
        const before = await latestFrameworkWithStatus(uow.trx, 'agreed')
        if (before && before.id !== f.id) await updateFramework(uow.trx, before.id, { status: 'superseded', updated_at: now })
        await updateFramework(uow.trx, f.id, { status: 'agreed', agreed_at: decision.decidedAt ?? now, updated_at: now })
      } else {
        await updateFramework(uow.trx, f.id, { status: next, proposal_id: next === 'draft' ? null : f.proposal_id, updated_at: now })
      }
      await uow.audit({
        action: next === 'agreed' ? 'measurement.framework_agreed' : 'measurement.framework_not_agreed',
        subjectType: SUBJECT_TYPE,
        subjectId: f.id,
        summary: { version: f.version, proposalId: f.proposal_id, status: next },
      })
    })
  }
}

/** The framework people work with: the newest version (agreed, submitted or a draft). */
export async function currentFramework(deps: AppDeps): Promise<FrameworkRow | undefined> {
  await syncWithDecision(deps)
  return latestFramework(deps.db)
}

/** The framework version that may be changed now, or an error saying why none may. */
export async function editableFramework(deps: AppDeps): Promise<FrameworkRow> {
  const f = await currentFramework(deps)
  if (!f) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Start the framework first' })
  if (!isEditable(f.status)) {
    throw new AppError(AppErrorCode.INVALID_STATE, {
      message: f.status === 'submitted' ? 'The framework is with the Core Group: it cannot be changed until they decide' : 'This version is agreed: start a new version to change it',
    })
  }
  return f
}

