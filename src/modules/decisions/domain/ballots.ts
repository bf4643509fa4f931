// Ballots: a Core Group member votes online for themselves; a facilitator (analyst, panel manager) records the
// ballot a member gave at a meeting or by phone, named by pseudonym, and the record says so. Only the members frozen
// as eligible when voting opened may vote: officials and stakeholders never can. A member's later ballot replaces
// the earlier one; every ballot is kept. Audited without what the member chose.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { findOwnParticipantId } from '../../panel/index.ts'
import { insertBallot, listOptions, type OptionRow, type ProposalRow } from '../data/decisions.repository.ts'
import { assertMay, dayOf, invalidState, validationFailed } from './model.ts'
import { eligibleOf, loadProposal, lockProposal, type EligibleVoter } from './proposals.ts'
import type { Cast, Channel, Method } from './rules/types.ts'

/** A ballot as typed into the form: the choice, its reason, and for ranked choice a number per option id. */
export interface BallotInput {
  choice?: string
  reason?: string
  ranks?: Record<string, string>
}

export const CHOICES: Record<Exclude<Method, 'ranked'>, { value: string; label: string; needsReason: boolean }[]> = {
  consent: [
    { value: 'consent', label: 'I consent', needsReason: false },
    { value: 'concern', label: 'I consent, with a concern', needsReason: true },
    { value: 'objection', label: 'I object', needsReason: true },
  ],
  consensus: [
    { value: 'agree', label: 'I agree', needsReason: false },
    { value: 'stand_aside', label: 'I stand aside', needsReason: true },
    { value: 'block', label: 'I block', needsReason: true },
  ],
  majority: [
    { value: 'for', label: 'For', needsReason: false },
    { value: 'against', label: 'Against', needsReason: false },
    { value: 'abstain', label: 'I abstain', needsReason: false },
  ],
}

/** Read a ballot from the form into what the rules count, or the problems on its fields. */
export function readBallot(method: Method, options: readonly Pick<OptionRow, 'id' | 'label'>[], input: BallotInput): Cast {
  const problems: FieldError[] = []
  if (method === 'ranked') {
    const ranked: { id: string; rank: number }[] = []
    for (const o of options) {
      const raw = String(input.ranks?.[o.id] ?? '').trim()
      if (!raw) continue
      const n = Number(raw)
      if (!Number.isInteger(n) || n < 1 || n > options.length) problems.push({ field: `rank-${o.id}`, message: `Choose a number from 1 to ${options.length} for “${o.label}”, or leave it empty` })
      else ranked.push({ id: o.id, rank: n })
    }
    if (problems.length) throw validationFailed(problems)
    if (ranked.length === 0) throw validationFailed([{ field: `rank-${options[0]?.id ?? 'options'}`, message: 'Number at least one option: 1 for your first choice' }])
    ranked.sort((a, b) => a.rank - b.rank)
    for (const [i, r] of ranked.entries()) {
      if (r.rank !== i + 1) {
        const o = options.find(x => x.id === r.id)!
        throw validationFailed([{ field: `rank-${r.id}`, message: `Number your choices 1, 2, 3 and so on, each number once: check “${o.label}”` }])
      }
    }
    return { kind: 'ranking', optionIds: ranked.map(r => r.id) }
  }
  const choice = CHOICES[method].find(c => c.value === input.choice)
  if (!choice) throw validationFailed([{ field: 'choice', message: 'Select your answer' }])
  const reason = String(input.reason ?? '').trim()
  if (choice.needsReason && !reason) {
    throw validationFailed([{ field: 'reason', message: method === 'consent' ? `Say what your ${choice.value === 'objection' ? 'objection' : 'concern'} is` : `Say why you ${choice.value === 'block' ? 'block' : 'stand aside'}` }])
  }
  if (reason.length > 2000) throw validationFailed([{ field: 'reason', message: 'Your reason must be 2,000 characters or fewer' }])
  switch (choice.value) {
    case 'concern':
    case 'objection':
      return { kind: choice.value, text: reason }
    case 'stand_aside':
    case 'block':
      return { kind: choice.value, reason }
    default:
      return { kind: choice.value } as Cast
  }
}

function assertVotingOpen(row: ProposalRow, today: string): void {
  if (row.status !== 'open') throw invalidState('Voting is not open on this proposal')
  if (row.voting_closes_on && today > row.voting_closes_on) throw invalidState('Voting on this proposal has closed')
}

async function store(deps: AppDeps, actor: Actor, row: ProposalRow, voter: EligibleVoter, channel: Channel, cast: Cast, enteredBy: string | null): Promise<void> {
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await lockProposal(uow.trx, row.id, now)
    await insertBallot(uow.trx, { id: newId(uow.now.getTime()), proposal_id: row.id, voter_participant_id: voter.participantId, channel, cast_json: JSON.stringify(cast), entered_by_user_id: enteredBy, created_at: now })
    await uow.audit({
      action: enteredBy ? 'decisions.ballot_recorded' : 'decisions.ballot_cast',
      subjectType: 'decision_proposal',
      subjectId: row.id,
      summary: { channel, voter: voter.pseudonym },
    })
  })
}

/** The signed-in member's place among the eligible voters, or null (not on the panel, or not eligible). */
export async function ownVoter(deps: Pick<AppDeps, 'db'>, actor: Actor, row: ProposalRow): Promise<EligibleVoter | null> {
  let participantId: string
  try {
    participantId = await findOwnParticipantId(deps, actor)
  } catch {
    return null
  }
  return eligibleOf(row).find(v => v.participantId === participantId) ?? null
}

/** A Core Group member votes online for themselves. */
export async function castBallot(deps: AppDeps, actor: Actor, id: string, input: BallotInput): Promise<void> {
  assertMay(actor, 'decisions:vote', 'vote: only Core Group members vote')
  const row = await loadProposal(deps, id)
  assertVotingOpen(row, dayOf(deps.clock.now()))
  const voter = await ownVoter(deps, actor, row)
  if (!voter) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You are not one of the Core Group members who may vote on this proposal' })
  const cast = readBallot(row.method as Method, await listOptions(deps.db, id), input)
  await store(deps, actor, row, voter, 'online', cast, null)
}

export const FACILITATED_CHANNELS: readonly Channel[] = ['meeting', 'phone_facilitated']

/** A facilitator records the ballot a named member gave at a meeting or by phone. */
export async function recordBallot(deps: AppDeps, actor: Actor, id: string, input: BallotInput & { pseudonym: string; channel: string }): Promise<void> {
  assertMay(actor, 'decisions:facilitate', 'record a member’s ballot')
  if (!actor.userId) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Sign in to record a ballot' })
  const row = await loadProposal(deps, id)
  assertVotingOpen(row, dayOf(deps.clock.now()))
  const problems: FieldError[] = []
  const wanted = String(input.pseudonym ?? '').trim().toUpperCase().replace(/\s+/g, '')
  const voter = eligibleOf(row).find(v => v.pseudonym.toUpperCase().replace(/\s+/g, '') === wanted)
  if (!wanted) problems.push({ field: 'pseudonym', message: 'Enter the pseudonym of the Core Group member' })
  else if (!voter) problems.push({ field: 'pseudonym', message: 'Enter the pseudonym of a Core Group member who may vote on this proposal' })
  const channel = String(input.channel ?? '') as Channel
  if (!FACILITATED_CHANNELS.includes(channel)) problems.push({ field: 'channel', message: 'Select how the member gave their answer' })
  let cast: Cast | null = null
  try {
    cast = readBallot(row.method as Method, await listOptions(deps.db, id), input)
  } catch (err) {
    if (err instanceof AppError && err.code === AppErrorCode.VALIDATION_FAILED) problems.push(...err.fieldErrors)
    else throw err
  }
  if (problems.length || !voter || !cast) throw validationFailed(problems)
  await store(deps, actor, row, voter, channel, cast, actor.userId)
}
