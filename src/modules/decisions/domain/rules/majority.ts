// Majority vote. Each member votes for, against, or abstains. Abstentions are reported but count neither way.
//   Simple majority (no threshold): adopted when more voted for than against.
//   With a threshold (e.g. two-thirds): adopted when "for" is at least that share of those who voted for or
//   against, and also more than "against".
// A tie is never adopted, and nor is a vote in which nobody voted for or against. The threshold is an exact
// fraction, so "two-thirds" means exactly 2/3 with no rounding: 14 for and 7 against is two-thirds.
import { type CastCheck } from './quorum.ts'
import { type Ballot, type Fraction, type Judgement, type MajorityCast } from './types.ts'
import { fractionInWords, percent, plural } from './words.ts'

export interface MajorityCounts {
  method: 'majority'
  for: number
  against: number
  abstained: number
  /** null for a simple majority. */
  threshold: Fraction | null
}

export const checkMajorityCast: CastCheck = cast =>
  cast.kind === 'for' || cast.kind === 'against' || cast.kind === 'abstain'
    ? null
    : { reason: 'wrong_kind', message: 'This is not a majority ballot (for, against or abstain), so it was not counted.' }

export function validateThreshold(threshold: Fraction): void {
  const { numerator: n, denominator: d } = threshold
  if (!Number.isInteger(n) || !Number.isInteger(d) || d <= 0 || n <= 0 || 2 * n < d || n > d) {
    throw new RangeError(`A majority threshold must be a fraction from one half to one (got ${n}/${d}).`)
  }
}

export function countMajority(ballots: readonly Ballot<MajorityCast>[], threshold?: Fraction): MajorityCounts {
  if (threshold) validateThreshold(threshold)
  const counts: MajorityCounts = { method: 'majority', for: 0, against: 0, abstained: 0, threshold: threshold ?? null }
  for (const { cast } of ballots) {
    if (cast.kind === 'for') counts.for++
    else if (cast.kind === 'against') counts.against++
    else counts.abstained++
  }
  return counts
}

/** Whether "for" reaches the threshold: for / (for + against) >= numerator / denominator, in whole numbers. */
export function meetsThreshold(forVotes: number, against: number, threshold: Fraction | null): boolean {
  if (forVotes <= against) return false
  return threshold === null || forVotes * threshold.denominator >= threshold.numerator * (forVotes + against)
}

export function judgeMajority(counts: MajorityCounts): Judgement {
  const voting = counts.for + counts.against
  const needed =
    counts.threshold === null
      ? 'more for than against was needed'
      : 2 * counts.threshold.numerator === counts.threshold.denominator
        ? 'at least half was needed, and more for than against'
        : `at least ${fractionInWords(counts.threshold.numerator, counts.threshold.denominator)} was needed`
  const abstentions =
    counts.abstained === 0
      ? 'Nobody abstained.'
      : `${plural(counts.abstained, 'member', 'members')} abstained; abstentions count neither for nor against.`
  const tally = `${counts.for} for, ${counts.against} against`
  if (voting === 0) {
    return {
      adopted: false,
      headline: `Not adopted: nobody voted for or against.`,
      details: [abstentions],
    }
  }
  const share = `Of the ${voting} who voted for or against, ${counts.for} (${percent(counts.for, voting)}) voted for`
  if (counts.for === counts.against) {
    return {
      adopted: false,
      headline: `Not adopted: the vote was tied, ${tally}. A tie means the proposal is not adopted.`,
      details: [abstentions],
    }
  }
  const adopted = meetsThreshold(counts.for, counts.against, counts.threshold)
  return {
    adopted,
    headline: `${adopted ? 'Adopted' : 'Not adopted'}: ${tally}.`,
    details: [`${share}; ${needed}.`, abstentions],
  }
}
