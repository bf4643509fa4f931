// Ranked choice by instant run-off, for choosing between three or more options.
//
// Each member ranks the options, most preferred first (as many or as few as they like). In each round every ballot
// counts for its highest-ranked option still in the count. An option with more than half of the ballots still in
// the count (the continuing ballots) is chosen. Otherwise the option with the fewest votes is eliminated, and its
// ballots move to each member's next choice still in the count; a ballot with no further choice is exhausted and
// takes no further part.
//
// A tie for the fewest votes is broken, in order, by:
//   1. fewest first preferences (the votes in round 1);
//   2. fewest votes in the earlier rounds, most recent first;
//   3. a random draw: the tied options are sorted by id, and the one at position
//        SHA-256("charter-ranked-tie/1\n" + round + "\n" + seed), read as a number, modulo the number tied
//      is eliminated. The seed is recorded when the decision is opened, so anyone can repeat the draw.
// At each step only the options still tied go forward.
import { createHash } from 'node:crypto'
import { type CastCheck } from './quorum.ts'
import { type Ballot, type RankedCast, type RankedOption } from './types.ts'
import { listInWords, plural } from './words.ts'

export interface TieDraw {
  seed: string
  round: number
  /** SHA-256 of "charter-ranked-tie/1\n<round>\n<seed>", in hexadecimal. */
  digest: string
  /** The options still tied, sorted by id. */
  tied: string[]
  /** digest modulo tied.length. */
  position: number
  optionId: string
}

export type EliminationReason = 'fewest_votes' | 'fewest_first_preferences' | 'fewer_in_earlier_round' | 'random_draw'

export interface Elimination {
  optionId: string
  reason: EliminationReason
  /** The other options that had the same, fewest, votes in this round (empty when there was no tie). */
  tiedWith: string[]
  /** For 'fewer_in_earlier_round': the round that broke the tie. */
  decidingRound?: number
  draw?: TieDraw
  /** Where its ballots went: to an option, or exhausted (optionId null). */
  transfers: { optionId: string | null; ballots: number }[]
}

export interface RankedRound {
  round: number
  /** Votes for each option still in the count at the start of the round, in the options' order. */
  votes: { optionId: string; votes: number }[]
  continuingBallots: number
  /** Ballots exhausted by the start of this round (in total). */
  exhaustedBallots: number
  /** Votes needed to be chosen: more than half of the continuing ballots. */
  votesToWin: number
  chosenOptionId?: string
  eliminated?: Elimination
  /** The round in a plain-English sentence. */
  sentence: string
}

export interface RankedCounts {
  method: 'ranked'
  options: RankedOption[]
  ballots: number
  firstPreferences: Record<string, number>
  rounds: RankedRound[]
  /** null only when no ballot was counted. */
  chosenOptionId: string | null
  /** Ballots exhausted by the final round. */
  exhaustedBallots: number
}

export const TIE_DRAW_PREFIX = 'charter-ranked-tie/1'

export function validateRankedOptions(options: readonly RankedOption[], seed: string): void {
  if (options.length < 2) throw new RangeError('A ranked-choice decision needs at least two options.')
  const ids = new Set(options.map(o => o.id))
  if (ids.size !== options.length) throw new RangeError('Each option of a ranked-choice decision needs its own id.')
  if (seed.trim() === '') throw new RangeError('A ranked-choice decision needs a recorded seed for breaking ties.')
}

export function checkRankedCast(options: readonly RankedOption[]): CastCheck {
  const known = new Set(options.map(o => o.id))
  return cast => {
    if (cast.kind !== 'ranking' || !Array.isArray(cast.optionIds)) {
      return { reason: 'wrong_kind', message: 'This is not a ranked-choice ballot, so it was not counted.' }
    }
    if (cast.optionIds.length === 0) {
      return { reason: 'empty_ranking', message: 'The ballot ranks no options, so it was not counted.' }
    }
    if (cast.optionIds.some(id => !known.has(id))) {
      return { reason: 'unknown_option', message: 'The ballot ranks an option that is not part of this decision, so it was not counted.' }
    }
    if (new Set(cast.optionIds).size !== cast.optionIds.length) {
      return { reason: 'repeated_option', message: 'The ballot ranks the same option more than once, so it was not counted.' }
    }
    return null
  }
}

/** The tie-breaking draw for a round: reproducible from the seed alone. */
export function tieDraw(seed: string, round: number, tied: readonly string[]): TieDraw {
  const sorted = [...tied].sort(byCodePoint)
  const digest = createHash('sha256').update(`${TIE_DRAW_PREFIX}\n${round}\n${seed}`).digest('hex')
  const position = Number(BigInt(`0x${digest}`) % BigInt(sorted.length))
  return { seed, round, digest, tied: sorted, position, optionId: sorted[position]! }
}

export function countRanked(ballots: readonly Ballot<RankedCast>[], options: readonly RankedOption[], seed: string): RankedCounts {
  validateRankedOptions(options, seed)
  const label = labeller(options)
  const continuing = new Set(options.map(o => o.id))
  const history: Map<string, number>[] = []
  const rounds: RankedRound[] = []
  let chosenOptionId: string | null = null
  // Which option each ballot counts for now (null: exhausted).
  const current = (ballot: Ballot<RankedCast>) => ballot.cast.optionIds.find(id => continuing.has(id)) ?? null

  for (let round = 1; ; round++) {
    const votes = new Map<string, number>(options.filter(o => continuing.has(o.id)).map(o => [o.id, 0]))
    let exhausted = 0
    for (const ballot of ballots) {
      const to = current(ballot)
      if (to === null) exhausted++
      else votes.set(to, votes.get(to)! + 1)
    }
    history.push(votes)
    const continuingBallots = ballots.length - exhausted
    const votesToWin = Math.floor(continuingBallots / 2) + 1
    const base = {
      round,
      votes: [...votes].map(([optionId, n]) => ({ optionId, votes: n })),
      continuingBallots,
      exhaustedBallots: exhausted,
      votesToWin,
    }
    if (continuingBallots === 0) {
      rounds.push({ ...base, sentence: `Round ${round}: no ballots were counted, so no option was chosen.` })
      break
    }
    const leader = [...votes].find(([, n]) => n >= votesToWin)
    if (leader) {
      chosenOptionId = leader[0]
      rounds.push({
        ...base,
        chosenOptionId,
        sentence:
          `Round ${round}: ${label(leader[0])} had ${leader[1]} of the ${continuingBallots} ballots still in the count, ` +
          `more than half, and was chosen.`,
      })
      break
    }
    const eliminated = chooseElimination(round, votes, history, seed)
    const transfers = new Map<string | null, number>()
    for (const ballot of ballots) {
      if (current(ballot) !== eliminated.optionId) continue
      const next = ballot.cast.optionIds.find(id => continuing.has(id) && id !== eliminated.optionId) ?? null
      transfers.set(next, (transfers.get(next) ?? 0) + 1)
    }
    const elimination: Elimination = {
      ...eliminated,
      transfers: [
        ...options.filter(o => transfers.has(o.id)).map(o => ({ optionId: o.id, ballots: transfers.get(o.id)! })),
        ...(transfers.has(null) ? [{ optionId: null, ballots: transfers.get(null)! }] : []),
      ],
    }
    rounds.push({ ...base, eliminated: elimination, sentence: eliminationSentence(round, votes, elimination, label) })
    continuing.delete(eliminated.optionId)
  }

  const firstPreferences = Object.fromEntries(history[0]!)
  const last = rounds[rounds.length - 1]!
  return {
    method: 'ranked',
    options: [...options],
    ballots: ballots.length,
    firstPreferences,
    rounds,
    chosenOptionId,
    exhaustedBallots: last.exhaustedBallots,
  }
}

function chooseElimination(
  round: number,
  votes: Map<string, number>,
  history: readonly Map<string, number>[],
  seed: string,
): Omit<Elimination, 'transfers'> {
  const fewest = Math.min(...votes.values())
  const lowest = [...votes].filter(([, n]) => n === fewest).map(([id]) => id)
  const tiedWith = (id: string) => lowest.filter(other => other !== id)
  if (lowest.length === 1) return { optionId: lowest[0]!, reason: 'fewest_votes', tiedWith: [] }
  // Round 1 (first preferences) first, then the earlier rounds, most recent first.
  const earlier = round === 1 ? [] : [0, ...Array.from({ length: Math.max(0, round - 2) }, (_, i) => round - 2 - i)]
  let still = lowest
  for (const index of earlier) {
    const inRound = history[index]!
    const least = Math.min(...still.map(id => inRound.get(id)!))
    const narrowed = still.filter(id => inRound.get(id) === least)
    if (narrowed.length === 1) {
      const optionId = narrowed[0]!
      return index === 0
        ? { optionId, reason: 'fewest_first_preferences', tiedWith: tiedWith(optionId) }
        : { optionId, reason: 'fewer_in_earlier_round', tiedWith: tiedWith(optionId), decidingRound: index + 1 }
    }
    still = narrowed
  }
  const draw = tieDraw(seed, round, still)
  return { optionId: draw.optionId, reason: 'random_draw', tiedWith: tiedWith(draw.optionId), draw }
}

function eliminationSentence(
  round: number,
  votes: Map<string, number>,
  elimination: Elimination,
  label: (id: string) => string,
): string {
  const name = label(elimination.optionId)
  const n = votes.get(elimination.optionId)!
  const moved = elimination.transfers.reduce((sum, t) => sum + t.ballots, 0)
  const exhausted = elimination.transfers.find(t => t.optionId === null)?.ballots ?? 0
  const where =
    moved === 0
      ? ''
      : exhausted === 0
        ? ` Its ${plural(moved, 'ballot', 'ballots')} moved to each voter's next choice.`
        : exhausted === moved
          ? ` Its ${plural(moved, 'ballot', 'ballots')} had no further choice and ${moved === 1 ? 'was' : 'were'} exhausted.`
          : ` Its ${plural(moved, 'ballot', 'ballots')} moved to each voter's next choice, except ${exhausted} with no ` +
            `further choice, which ${exhausted === 1 ? 'was' : 'were'} exhausted.`
  const start = `Round ${round}: no option had more than half of the ballots still in the count.`
  if (elimination.reason === 'fewest_votes') {
    return `${start} ${name} had the fewest votes (${n}) and was eliminated.${where}`
  }
  const tied = listInWords([elimination.optionId, ...elimination.tiedWith].map(label))
  const because =
    elimination.reason === 'fewest_first_preferences'
      ? 'it had the fewest first preferences of them'
      : elimination.reason === 'fewer_in_earlier_round'
        ? `it had the fewest votes of them in round ${elimination.decidingRound}`
        : 'they were still tied after comparing first preferences and earlier rounds, so a random draw from the ' +
          `decision's recorded seed chose it (draw code ${elimination.draw!.digest.slice(0, 12)})`
  return `${start} ${tied} tied on the fewest votes (${n}); ${name} was eliminated because ${because}.${where}`
}

function labeller(options: readonly RankedOption[]): (id: string) => string {
  const labels = new Map(options.map(o => [o.id, o.label]))
  return id => labels.get(id) ?? id
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ----- "Show all rounds": a table every reader can follow (rows and cells ready for govukTable) -----

export interface RoundsTable {
  caption: string
  /** Header cells: "Option", "Round 1", "Round 2", ... */
  head: { text: string }[]
  /** One row per option, then rows for exhausted ballots, continuing ballots, votes to win and what happened. */
  rows: { text: string }[][]
}

export function roundsTable(counts: RankedCounts): RoundsTable {
  const label = labeller(counts.options)
  const head = [{ text: 'Option' }, ...counts.rounds.map(r => ({ text: `Round ${r.round}` }))]
  const rows: { text: string }[][] = counts.options.map(option => [
    { text: option.label },
    ...counts.rounds.map(r => {
      const entry = r.votes.find(v => v.optionId === option.id)
      if (!entry) return { text: 'Eliminated earlier' }
      if (r.eliminated?.optionId === option.id) return { text: `${entry.votes} (eliminated)` }
      if (r.chosenOptionId === option.id) return { text: `${entry.votes} (chosen)` }
      return { text: String(entry.votes) }
    }),
  ])
  rows.push([{ text: 'Ballots with no further choice (exhausted)' }, ...counts.rounds.map(r => ({ text: String(r.exhaustedBallots) }))])
  rows.push([{ text: 'Ballots still in the count' }, ...counts.rounds.map(r => ({ text: String(r.continuingBallots) }))])
  rows.push([{ text: 'Votes needed to be chosen (more than half)' }, ...counts.rounds.map(r => ({ text: String(r.votesToWin) }))])
  rows.push([
    { text: 'What happened' },
    ...counts.rounds.map(r => ({
      text: r.chosenOptionId
        ? `${label(r.chosenOptionId)} chosen`
        : r.eliminated
          ? `${label(r.eliminated.optionId)} eliminated: ${REASON_WORDS[r.eliminated.reason]}`
          : 'No option chosen',
    })),
  ])
  return { caption: `The count, round by round (${plural(counts.ballots, 'ballot', 'ballots')})`, head, rows }
}

const REASON_WORDS: Record<EliminationReason, string> = {
  fewest_votes: 'fewest votes',
  fewest_first_preferences: 'tied, fewest first preferences',
  fewer_in_earlier_round: 'tied, fewest votes in an earlier round',
  random_draw: 'tied, random draw',
}
