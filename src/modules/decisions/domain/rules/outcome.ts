// decide(settings, ballots): the outcome of a Core Group decision, whatever its method.
//
// 1. Admit the ballots (quorum.ts): only eligible members, one ballot each (the last valid one), valid for the method.
// 2. Check the quorum against the members who took part (an abstention or a stand-aside is taking part).
// 3. Count and judge with the method's rule (consent.ts, consensus.ts, majority.ts, ranked.ts).
// 4. Explain it in plain English, and count the ballots by channel (meeting, online, by phone through a facilitator).
// Without a quorum the result is 'no_quorum' whatever the votes; the counts are still returned.
import { checkConsentCast, type ConsentCounts, countConsent, judgeConsent } from './consent.ts'
import { checkConsensusCast, type ConsensusCounts, countConsensus, DEFAULT_STAND_ASIDE_LIMIT, judgeConsensus } from './consensus.ts'
import { checkMajorityCast, countMajority, judgeMajority, type MajorityCounts } from './majority.ts'
import { admitBallots, checkQuorum, type CastCheck, validateQuorumRule } from './quorum.ts'
import { checkRankedCast, countRanked, type RankedCounts, validateRankedOptions } from './ranked.ts'
import {
  type Admission,
  type Ballot,
  type ByChannel,
  type ConsentCast,
  type ConsensusCast,
  type DecisionSettings,
  type Judgement,
  type MajorityCast,
  type Method,
  type QuorumResult,
  type RankedCast,
  type RejectedBallot,
  type RejectionReason,
  type ReplacedBallot,
} from './types.ts'
import { listInWords, plural } from './words.ts'

export type DecisionResult = 'adopted' | 'not_adopted' | 'no_quorum' | 'chosen'

export type DecisionCounts = ConsentCounts | ConsensusCounts | MajorityCounts | RankedCounts

export interface DecisionOutcome {
  method: Method
  quorum: QuorumResult
  counts: DecisionCounts
  result: DecisionResult
  /** Ranked choice only, when an option was chosen. */
  chosenOptionId?: string
  /** Plain-English sentences a Core Group member can read, the result first. */
  explanation: string[]
  /** Counted ballots per channel. */
  byChannel: ByChannel
  /** Earlier ballots that a member's later ballot replaced. */
  replaced: ReplacedBallot[]
  /** Ballots not counted, each with its reason. */
  rejected: RejectedBallot[]
}

export function decide(settings: DecisionSettings, ballots: readonly Ballot[]): DecisionOutcome {
  validateQuorumRule(settings.quorum)
  const eligible = new Set(settings.eligibleVoterIds).size
  let admission: Admission
  let counts: DecisionCounts
  let judgement: Judgement
  switch (settings.method) {
    case 'consent': {
      const admitted = admit<ConsentCast>(ballots, settings.eligibleVoterIds, checkConsentCast)
      const c = countConsent(admitted.counted)
      ;[admission, counts, judgement] = [admitted, c, judgeConsent(c)]
      break
    }
    case 'consensus': {
      const limit = settings.standAsideLimit ?? DEFAULT_STAND_ASIDE_LIMIT
      const admitted = admit<ConsensusCast>(ballots, settings.eligibleVoterIds, checkConsensusCast)
      const c = countConsensus(admitted.counted, limit)
      ;[admission, counts, judgement] = [admitted, c, judgeConsensus(c)]
      break
    }
    case 'majority': {
      const admitted = admit<MajorityCast>(ballots, settings.eligibleVoterIds, checkMajorityCast)
      const c = countMajority(admitted.counted, settings.threshold)
      ;[admission, counts, judgement] = [admitted, c, judgeMajority(c)]
      break
    }
    case 'ranked': {
      validateRankedOptions(settings.options, settings.seed)
      const admitted = admit<RankedCast>(ballots, settings.eligibleVoterIds, checkRankedCast(settings.options))
      const c = countRanked(admitted.counted, settings.options, settings.seed)
      ;[admission, counts, judgement] = [admitted, c, judgeRanked(c)]
      break
    }
    default:
      throw new RangeError(`Unknown decision method: ${(settings as { method: unknown }).method}`)
  }

  const quorum = checkQuorum(settings.quorum, eligible, admission.counted.length)
  const byChannel: ByChannel = { meeting: 0, online: 0, phone_facilitated: 0 }
  for (const ballot of admission.counted) byChannel[ballot.channel]++

  let result: DecisionResult
  const explanation: string[] = []
  if (!quorum.met) {
    result = 'no_quorum'
    explanation.push('No decision: not enough members took part, so the quorum was not met.', quorum.words)
  } else {
    result = counts.method === 'ranked' ? 'chosen' : judgement.adopted ? 'adopted' : 'not_adopted'
    explanation.push(judgement.headline, ...judgement.details, `The quorum was met: ${lowerFirst(quorum.words)}`)
  }
  const channels = channelSentence(byChannel)
  if (channels) explanation.push(channels)
  explanation.push(...ballotSentences(admission))

  const outcome: DecisionOutcome = {
    method: settings.method,
    quorum,
    counts,
    result,
    explanation,
    byChannel,
    replaced: admission.replaced,
    rejected: admission.rejected,
  }
  if (result === 'chosen' && counts.method === 'ranked' && counts.chosenOptionId !== null) outcome.chosenOptionId = counts.chosenOptionId
  return outcome
}

function admit<C extends ConsentCast | ConsensusCast | MajorityCast | RankedCast>(
  ballots: readonly Ballot[],
  eligibleVoterIds: readonly string[],
  check: CastCheck,
): Admission<C> {
  return admitBallots<C>(ballots, eligibleVoterIds, check)
}

function judgeRanked(counts: RankedCounts): Judgement {
  const last = counts.rounds[counts.rounds.length - 1]!
  const label = (id: string) => counts.options.find(o => o.id === id)?.label ?? id
  const details = counts.rounds.map(r => r.sentence)
  if (counts.exhaustedBallots > 0) {
    details.push(
      `${plural(counts.exhaustedBallots, 'ballot', 'ballots')} had no further choice by the last round (exhausted) and did not count in it.`,
    )
  }
  if (counts.chosenOptionId === null) return { adopted: false, headline: 'No option was chosen: no ballots were counted.', details }
  const chosen = last.votes.find(v => v.optionId === counts.chosenOptionId)!
  const roundWords = counts.rounds.length === 1 ? 'in the first round' : `after ${plural(counts.rounds.length, 'round', 'rounds')}`
  return {
    adopted: true,
    headline:
      `Chosen: ${label(chosen.optionId)}, with ${chosen.votes} of the ${last.continuingBallots} ballots still in the ` +
      `count ${roundWords}.`,
    details,
  }
}

const CHANNEL_WORDS: Record<keyof ByChannel, string> = {
  meeting: 'at a meeting',
  online: 'online',
  phone_facilitated: 'by phone through a facilitator',
}

function channelSentence(byChannel: ByChannel): string | null {
  const parts = (Object.keys(CHANNEL_WORDS) as (keyof ByChannel)[])
    .filter(channel => byChannel[channel] > 0)
    .map(channel => `${byChannel[channel]} ${CHANNEL_WORDS[channel]}`)
  return parts.length === 0 ? null : `How members took part: ${listInWords(parts)}.`
}

/** Why ballots were not counted: [one ballot, several ballots]. */
const REJECTION_WORDS: Record<RejectionReason, [string, string]> = {
  not_eligible: [
    'it came from a person who is not a voting member of the Core Group (officials and stakeholders advise but do not vote)',
    'they came from people who are not voting members of the Core Group (officials and stakeholders advise but do not vote)',
  ],
  unknown_channel: ['it did not say how it was cast', 'they did not say how they were cast'],
  wrong_kind: ['it was not the kind of ballot this decision uses', 'they were not the kind of ballot this decision uses'],
  reason_missing: ['it did not give the reason it needed', 'they did not give the reason they needed'],
  empty_ranking: ['it ranked no options', 'they ranked no options'],
  unknown_option: ['it ranked an option that is not part of this decision', 'they ranked an option that is not part of this decision'],
  repeated_option: ['it ranked the same option more than once', 'they ranked the same option more than once'],
}

function ballotSentences(admission: Admission): string[] {
  const sentences: string[] = []
  const changed = new Set(admission.replaced.map(r => r.voterId)).size
  if (changed > 0) {
    sentences.push(`${plural(changed, 'member', 'members')} changed their vote; only the last vote of each member counts.`)
  }
  const byReason = new Map<RejectionReason, number>()
  for (const r of admission.rejected) byReason.set(r.reason, (byReason.get(r.reason) ?? 0) + 1)
  for (const [reason, n] of byReason) {
    sentences.push(`${plural(n, 'ballot was', 'ballots were')} not counted because ${REJECTION_WORDS[reason][n === 1 ? 0 : 1]}.`)
  }
  return sentences
}

function lowerFirst(text: string): string {
  return /^\d/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1)
}
