import { eraseAccount } from '../../accounts/index.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { domainEvents, withDomainEvents, type EventBus, type RaiseEvent } from '../../../platform/events/event-bus.ts'
import {
  deleteDemographics,
  deleteIdentity,
  deleteSeldomHeardTags,
  deleteSupportNeeds,
  findParticipantByUserId,
  markErased,
} from '../data/erasure.repository.ts'
import { findParticipantById, type ParticipantRow } from '../data/participant.repository.ts'
import { isOwnRecord } from './panel.policy.ts'

/** The domain event published after a member has been erased (after the erasure has committed). */
export const PARTICIPANT_ERASED_EVENT = 'panel.participant_erased'

/**
 * Modules that hold a member's contributions (evidence, engagement) subscribe to this and delete them when
 * `deleteContributions` is true, or keep them under the pseudonym when it is false. Handlers must be idempotent.
 */
export interface ParticipantErasedEvent {
  participantId: string
  pseudonym: string
  deleteContributions: boolean
}

declare module '../../../platform/events/event-bus.ts' {
  interface DomainEventMap {
    'panel.participant_erased': ParticipantErasedEvent
  }
}

/** Who asked for the erasure: the person themselves, the panel manager, or the retention job (the system). */
export type ErasureRequestedBy = 'self' | 'panel_manager' | 'retention'

export interface EraseParticipantInput {
  participantId: string
  /** True: delete what they said too. False: keep it, pseudonymised (their name can no longer be linked to it). */
  deleteContributions: boolean
}

export interface ErasureResult {
  participantId: string
  pseudonym: string
  deleteContributions: boolean
  requestedBy: ErasureRequestedBy
  accountErased: boolean
  /**
   * The erasure committed, but a module reacting to it (e.g. deleting contributions) failed. It has been logged;
   * the handler can be run again (handlers are idempotent).
   */
  followUpFailed: boolean
}

export interface EraseOptions {
  /** The bus to publish on (tests pass their own); the application's bus by default. */
  events?: EventBus
}

/**
 * The object-level rule: the panel manager ('panel:erase') may erase anyone, a panel member only themselves (their
 * account is the one linked to the record), and the system only for the retention job. Null: not allowed.
 */
export function erasureRequestedBy(actor: Actor, participant: Pick<ParticipantRow, 'user_id'>): ErasureRequestedBy | null {
  if (actor.role === 'system') return 'retention'
  if (can(actor.role, 'panel:erase')) return 'panel_manager'
  if (isOwnRecord(actor, participant)) return 'self'
  return null
}

/**
 * Erase a panel member, in ONE transaction: their name and contact details (the identity row) and their support needs
 * (special category data) are removed; their answers and seldom-heard tags are kept (pseudonymised research data) or
 * deleted with their contributions; their account, if they have one, is disabled with its email and name replaced;
 * the record keeps only the pseudonym, how and when they joined, and the status 'erased'. Audited as
 * 'panel.participant_erased' (pseudonym and choice, no identity). After the commit, the domain event
 * 'panel.participant_erased' tells other modules to delete or keep the person's contributions.
 *
 * Published figures are not touched: they are aggregates and do not identify anyone.
 */
export async function eraseParticipant(deps: AppDeps, actor: Actor, input: EraseParticipantInput, opts: EraseOptions = {}): Promise<ErasureResult> {
  return run(deps, opts, raise =>
    inTransaction(deps, actor, async uow => {
      const participant = await findParticipantById(uow.trx, input.participantId)
      if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
      return erase(uow, participant, input.deleteContributions, raise)
    }),
  )
}

/** A panel member erases their own record: the one linked to their signed-in account. */
export async function eraseOwnRecord(deps: AppDeps, actor: Actor, input: { deleteContributions: boolean }, opts: EraseOptions = {}): Promise<ErasureResult> {
  if (!actor.userId) throw new AppError(AppErrorCode.UNAUTHENTICATED, { message: 'Sign in to continue' })
  const userId = actor.userId
  return run(deps, opts, raise =>
    inTransaction(deps, actor, async uow => {
      const participant = await findParticipantByUserId(uow.trx, userId)
      if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'You are not on the panel' })
      return erase(uow, participant, input.deleteContributions, raise)
    }),
  )
}

async function run(deps: AppDeps, opts: EraseOptions, work: (raise: RaiseEvent) => Promise<ErasureResult>): Promise<ErasureResult> {
  let committed: ErasureResult | undefined
  try {
    return await withDomainEvents(opts.events ?? domainEvents, async raise => {
      committed = await work(raise)
      return committed
    })
  } catch (err) {
    // The transaction failed: nothing was erased, and nothing was published.
    if (!committed) throw err
    // The erasure committed but a module reacting to it failed. The person's identity is gone either way; the
    // operators must see this (ids only, never identity) and run the follow-up again.
    deps.logger.error({ err, event: PARTICIPANT_ERASED_EVENT, participantId: committed.participantId }, 'a handler of panel.participant_erased failed')
    return { ...committed, followUpFailed: true }
  }
}

async function erase(uow: UnitOfWork, participant: ParticipantRow, deleteContributions: boolean, raise: RaiseEvent): Promise<ErasureResult> {
  const requestedBy = erasureRequestedBy(uow.actor, participant)
  if (!requestedBy) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot erase this panel member' })
  const alreadyErased = () => new AppError(AppErrorCode.INVALID_STATE, { message: `${participant.pseudonym} has already been erased` })
  if (participant.status === 'erased') throw alreadyErased()

  const now = uow.now.toISOString()
  // First, so that of two erasures at the same time exactly one goes ahead (the row is locked until commit).
  if (!(await markErased(uow.trx, participant.id, now))) throw alreadyErased()
  const removed = {
    identity: await deleteIdentity(uow.trx, participant.id),
    supportNeeds: await deleteSupportNeeds(uow.trx, participant.id),
    answers: deleteContributions ? await deleteDemographics(uow.trx, participant.id) : 0,
    seldomHeardTags: deleteContributions ? await deleteSeldomHeardTags(uow.trx, participant.id) : 0,
  }
  const accountErased = participant.user_id ? await eraseAccount(uow, { userId: participant.user_id }) : false

  // No identity: the pseudonym, who asked, the choice, and how many rows went.
  await uow.audit({
    action: 'panel.participant_erased',
    subjectType: 'participant',
    subjectId: participant.id,
    summary: {
      pseudonym: participant.pseudonym,
      requestedBy,
      contributions: deleteContributions ? 'deleted' : 'kept_pseudonymised',
      removed,
      accountErased,
      before: { status: participant.status },
      after: { status: 'erased' },
    },
  })
  raise(PARTICIPANT_ERASED_EVENT, { participantId: participant.id, pseudonym: participant.pseudonym, deleteContributions })
  return { participantId: participant.id, pseudonym: participant.pseudonym, deleteContributions, requestedBy, accountErased, followUpFailed: false }
}

/** The signed-in person's own panel record, for the "remove me from the panel" page. Not on the panel: NOT_FOUND. */
export async function findOwnRecordForErasure(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<{ participantId: string; pseudonym: string }> {
  const notOnPanel = new AppError(AppErrorCode.NOT_FOUND, { message: 'You are not on the panel' })
  if (actor.role === 'system' || !actor.userId || !can(actor.role, 'panel:own_record')) throw notOnPanel
  const participant = await findParticipantByUserId(deps.db, actor.userId)
  if (!participant || participant.status === 'erased') throw notOnPanel
  return { participantId: participant.id, pseudonym: participant.pseudonym }
}
