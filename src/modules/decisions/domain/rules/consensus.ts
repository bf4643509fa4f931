// Consensus check. Each member agrees, stands aside (does not agree but will not stop the group, and says why) or
// blocks (says why). Consensus is reached when nobody blocks and fewer than a set share of those who took part stood
// aside (25% unless the decision sets another share). Otherwise: "consensus not reached", with the reason.
import { type CastCheck } from './quorum.ts'
import { type Ballot, type Channel, type ConsensusCast, type Judgement } from './types.ts'
import { atLeastShareOf, capitalise, hasText, percent, plural, shareInWords } from './words.ts'

export const DEFAULT_STAND_ASIDE_LIMIT = 0.25

export interface ConsensusRemark {
  voterId: string
  channel: Channel
  reason: string
}

export interface ConsensusCounts {
  method: 'consensus'
  agreed: number
  stoodAside: number
  blocked: number
  /** The share of those taking part below which stand-asides must stay. */
  standAsideLimit: number
  /** The most who may stand aside with consensus still reached, given how many took part. */
  standAsidesAllowed: number
  standAsideList: ConsensusRemark[]
  blockList: ConsensusRemark[]
}

export const checkConsensusCast: CastCheck = cast => {
  switch (cast.kind) {
    case 'agree':
      return null
    case 'stand_aside':
      return hasText(cast.reason)
        ? null
        : { reason: 'reason_missing', message: 'Standing aside must give a reason, so the ballot was not counted.' }
    case 'block':
      return hasText(cast.reason) ? null : { reason: 'reason_missing', message: 'A block must give its reasons, so the ballot was not counted.' }
    default:
      return { reason: 'wrong_kind', message: 'This is not a consensus ballot (agree, stand aside or block), so it was not counted.' }
  }
}

export function validateStandAsideLimit(limit: number): void {
  if (!(limit > 0 && limit <= 1)) throw new RangeError(`The stand-aside limit must be more than 0 and at most 1 (got ${limit}).`)
}

export function countConsensus(ballots: readonly Ballot<ConsensusCast>[], standAsideLimit = DEFAULT_STAND_ASIDE_LIMIT): ConsensusCounts {
  validateStandAsideLimit(standAsideLimit)
  const counts: ConsensusCounts = {
    method: 'consensus',
    agreed: 0,
    stoodAside: 0,
    blocked: 0,
    standAsideLimit,
    // "Fewer than 25% of 24" allows 5: one less than the smallest count that reaches the share.
    standAsidesAllowed: Math.max(0, atLeastShareOf(standAsideLimit, ballots.length) - 1),
    standAsideList: [],
    blockList: [],
  }
  for (const { voterId, channel, cast } of ballots) {
    if (cast.kind === 'agree') counts.agreed++
    else if (cast.kind === 'stand_aside') {
      counts.stoodAside++
      counts.standAsideList.push({ voterId, channel, reason: cast.reason.trim() })
    } else {
      counts.blocked++
      counts.blockList.push({ voterId, channel, reason: cast.reason.trim() })
    }
  }
  return counts
}

export function judgeConsensus(counts: ConsensusCounts): Judgement {
  const tookPart = counts.agreed + counts.stoodAside + counts.blocked
  const blocks = counts.blocked === 0 ? 'no blocks' : plural(counts.blocked, 'block', 'blocks')
  const tally = `${counts.agreed} agreed, ${counts.stoodAside} stood aside, ${blocks}`
  const tooManyAside = counts.stoodAside > counts.standAsidesAllowed
  const limitWords =
    `Consensus needs fewer than ${shareInWords(counts.standAsideLimit)} of those who took part to stand aside: ` +
    `at most ${counts.standAsidesAllowed} of ${tookPart}.`
  if (counts.blocked === 0 && !tooManyAside) {
    return { adopted: true, headline: `Consensus reached: ${tally}.`, details: [limitWords] }
  }
  const reasons: string[] = []
  if (counts.blocked > 0) reasons.push(counts.blocked === 1 ? 'a member blocked' : `${counts.blocked} members blocked`)
  if (tooManyAside) reasons.push(`too many stood aside (${counts.stoodAside} of ${tookPart}, ${percent(counts.stoodAside, tookPart)})`)
  return {
    adopted: false,
    headline: `Consensus not reached: ${reasons.join(', and ')}. ${capitalise(tally)}.`,
    details: [limitWords],
  }
}
