// Who took part, and whether enough of them did.
//
// admitBallots: a ballot counts only if it comes from an eligible member (officials and stakeholders are never
// eligible: they advise, and their comments are shown apart) and is a valid ballot for the method. Each member has
// one ballot: the last valid one in the order received. Earlier ones are listed as replaced; invalid ones are listed
// as rejected with the reason, and never replace a valid ballot.
//
// checkQuorum: the number needed is the larger of `minimumVoters` and `minimumShare` of the eligible members
// (rounded up), and never less than one.
import {
  type Admission,
  type Ballot,
  type Cast,
  CHANNELS,
  type QuorumResult,
  type QuorumRule,
  type RejectedBallot,
  type RejectionReason,
  type ReplacedBallot,
} from './types.ts'
import { atLeastShareOf, plural, wasWere } from './words.ts'

const NOT_ELIGIBLE =
  'This person is not a voting member of the Core Group for this decision (officials and stakeholders advise but ' +
  'do not vote), so the ballot was not counted.'
const UNKNOWN_CHANNEL = 'The ballot does not say whether it was cast at a meeting, online or by phone, so it was not counted.'

/** Checks one ballot's cast for the decision's method: null when it is valid, otherwise why not. */
export type CastCheck = (cast: Cast) => { reason: RejectionReason; message: string } | null

export function admitBallots<C extends Cast>(
  ballots: readonly Ballot[],
  eligibleVoterIds: readonly string[],
  checkCast: CastCheck,
): Admission<C> {
  const eligible = new Set(eligibleVoterIds)
  const rejected: RejectedBallot[] = []
  const latest = new Map<string, number>()
  const replaced: ReplacedBallot[] = []
  ballots.forEach((ballot, index) => {
    const reject = (reason: RejectionReason, message: string) => rejected.push({ index, voterId: ballot.voterId, reason, message })
    if (!eligible.has(ballot.voterId)) return reject('not_eligible', NOT_ELIGIBLE)
    if (!CHANNELS.includes(ballot.channel)) return reject('unknown_channel', UNKNOWN_CHANNEL)
    const problem = checkCast(ballot.cast)
    if (problem) return reject(problem.reason, problem.message)
    const earlier = latest.get(ballot.voterId)
    if (earlier !== undefined) replaced.push({ index: earlier, voterId: ballot.voterId, replacedByIndex: index })
    latest.set(ballot.voterId, index)
  })
  const counted = [...latest.values()].sort((a, b) => a - b).map(index => ballots[index] as Ballot<C>)
  return { counted, replaced, rejected }
}

export function validateQuorumRule(rule: QuorumRule): void {
  const { minimumVoters, minimumShare } = rule
  if (minimumVoters !== undefined && (!Number.isInteger(minimumVoters) || minimumVoters < 0)) {
    throw new RangeError(`The quorum's minimum number of voters must be a whole number, 0 or more (got ${minimumVoters}).`)
  }
  if (minimumShare !== undefined && !(minimumShare >= 0 && minimumShare <= 1)) {
    throw new RangeError(`The quorum's minimum share must be between 0 and 1 (got ${minimumShare}).`)
  }
}

/** How many members must take part. */
export function quorumNeeded(rule: QuorumRule, eligible: number): number {
  validateQuorumRule(rule)
  const byShare = rule.minimumShare === undefined ? 0 : atLeastShareOf(rule.minimumShare, eligible)
  return Math.max(1, rule.minimumVoters ?? 0, byShare)
}

export function checkQuorum(rule: QuorumRule, eligible: number, tookPart: number): QuorumResult {
  const needed = quorumNeeded(rule, eligible)
  const words = `${tookPart} of ${plural(eligible, 'member', 'members')} took part; at least ${needed} ${wasWere(needed)} needed.`
  return { met: tookPart >= needed, eligible, tookPart, needed, words }
}
