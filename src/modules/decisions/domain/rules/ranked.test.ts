import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import { checkRankedCast, countRanked, roundsTable, tieDraw } from './ranked.ts'
import { type Ballot, type RankedCast, type RankedOption } from './types.ts'

function ballots(groups: [number, string[]][]): Ballot<RankedCast>[] {
  const out: Ballot<RankedCast>[] = []
  for (const [count, optionIds] of groups) {
    for (let i = 0; i < count; i++) out.push({ voterId: `v${out.length}`, channel: 'online', cast: { kind: 'ranking', optionIds } })
  }
  return out
}
const options = (...ids: string[]): RankedOption[] => ids.map(id => ({ id, label: `Option ${id.toUpperCase()}` }))
const votesOf = (round: { votes: { optionId: string; votes: number }[] }) => Object.fromEntries(round.votes.map(v => [v.optionId, v.votes]))

// The textbook example of instant run-off: Tennessee choosing its capital, 100 voters in four blocs
// (Memphis 42%, Nashville 26%, Chattanooga 15%, Knoxville 17%), each ranking the cities by distance.
// Instant run-off eliminates Chattanooga, then Nashville, and chooses Knoxville.
const TENNESSEE: RankedOption[] = [
  { id: 'mem', label: 'Memphis' },
  { id: 'nas', label: 'Nashville' },
  { id: 'cha', label: 'Chattanooga' },
  { id: 'kno', label: 'Knoxville' },
]
const TENNESSEE_BALLOTS = ballots([
  [42, ['mem', 'nas', 'cha', 'kno']],
  [26, ['nas', 'cha', 'kno', 'mem']],
  [15, ['cha', 'kno', 'nas', 'mem']],
  [17, ['kno', 'cha', 'nas', 'mem']],
])

describe('ranked choice (instant run-off)', () => {
  it('chooses Knoxville in the Tennessee capital example, round by round', () => {
    const counts = countRanked(TENNESSEE_BALLOTS, TENNESSEE, 'seed')
    assert.equal(counts.chosenOptionId, 'kno')
    assert.deepEqual(counts.firstPreferences, { mem: 42, nas: 26, cha: 15, kno: 17 })
    assert.equal(counts.rounds.length, 3)
    const [r1, r2, r3] = counts.rounds
    assert.deepEqual(votesOf(r1!), { mem: 42, nas: 26, cha: 15, kno: 17 })
    assert.deepEqual([r1!.eliminated?.optionId, r1!.eliminated?.reason], ['cha', 'fewest_votes'])
    assert.deepEqual(r1!.eliminated?.transfers, [{ optionId: 'kno', ballots: 15 }])
    assert.deepEqual(votesOf(r2!), { mem: 42, nas: 26, kno: 32 })
    assert.deepEqual([r2!.eliminated?.optionId, r2!.eliminated?.reason], ['nas', 'fewest_votes'])
    assert.deepEqual(votesOf(r3!), { mem: 42, kno: 58 })
    assert.equal(r3!.chosenOptionId, 'kno')
    assert.equal(r3!.votesToWin, 51)
    assert.equal(r1!.sentence.includes('Chattanooga had the fewest votes (15) and was eliminated'), true)
    assert.equal(r3!.sentence, 'Round 3: Knoxville had 58 of the 100 ballots still in the count, more than half, and was chosen.')
  })

  it('chooses in the first round when an option has more than half', () => {
    const counts = countRanked(ballots([[6, ['a', 'b']], [5, ['b', 'a']]]), options('a', 'b', 'c'), 's')
    assert.equal(counts.rounds.length, 1)
    assert.equal(counts.chosenOptionId, 'a')
  })

  it('breaks a tie for elimination by fewest first preferences, and counts exhausted ballots', () => {
    // Round 1: A 7, B 5, C 4, D 1: D goes, its ballot to C. Round 2: B and C tie on 5; C had fewer first preferences.
    const counts = countRanked(ballots([[7, ['a']], [5, ['b']], [4, ['c']], [1, ['d', 'c']]]), options('a', 'b', 'c', 'd'), 's')
    const r2 = counts.rounds[1]!
    assert.deepEqual(votesOf(r2), { a: 7, b: 5, c: 5 })
    assert.deepEqual([r2.eliminated?.optionId, r2.eliminated?.reason, r2.eliminated?.tiedWith], ['c', 'fewest_first_preferences', ['b']])
    assert.deepEqual(r2.eliminated?.transfers, [{ optionId: null, ballots: 5 }])
    const r3 = counts.rounds[2]!
    assert.deepEqual([r3.continuingBallots, r3.exhaustedBallots, r3.votesToWin, r3.chosenOptionId], [12, 5, 7, 'a'])
    assert.equal(counts.exhaustedBallots, 5)
  })

  it('then by fewest votes in earlier rounds, most recent first', () => {
    // Round 1: A 10, B 4, C 4, D 3, E 1. E goes (to C). Round 2: A 10, B 4, C 5, D 3. D goes (2 to B, 1 to C).
    // Round 3: B and C tie on 6 with 4 first preferences each; in round 2 B had 4 and C 5, so B goes.
    const counts = countRanked(
      ballots([[10, ['a']], [4, ['b']], [4, ['c']], [2, ['d', 'b']], [1, ['d', 'c']], [1, ['e', 'c']]]),
      options('a', 'b', 'c', 'd', 'e'),
      's',
    )
    const r3 = counts.rounds[2]!
    assert.deepEqual(votesOf(r3), { a: 10, b: 6, c: 6 })
    assert.deepEqual([r3.eliminated?.optionId, r3.eliminated?.reason, r3.eliminated?.decidingRound], ['b', 'fewer_in_earlier_round', 2])
    assert.match(r3.sentence, /Option B was eliminated because it had the fewest votes of them in round 2\./)
    assert.equal(counts.chosenOptionId, 'a')
    assert.equal(counts.rounds[3]!.continuingBallots, 16)
  })

  it('breaks a remaining tie by a draw anyone can repeat from the recorded seed', () => {
    // A 4, B 3 (then C), C 3 (then B): whichever of B and C the draw eliminates, the other is chosen.
    const group = ballots([[4, ['a']], [3, ['b', 'c']], [3, ['c', 'b']]])
    const seed = 'Core Group meeting 12 March: 7 19 23 31 44'
    const counts = countRanked(group, options('a', 'b', 'c'), seed)
    const draw = counts.rounds[0]!.eliminated!.draw!
    // Recompute the published rule by hand: SHA-256 of "charter-ranked-tie/1\n<round>\n<seed>", modulo the number tied.
    const digest = createHash('sha256').update(`charter-ranked-tie/1\n1\n${seed}`).digest('hex')
    const expected = ['b', 'c'][Number(BigInt(`0x${digest}`) % 2n)]!
    assert.deepEqual([draw.digest, draw.tied, draw.optionId, draw.round], [digest, ['b', 'c'], expected, 1])
    assert.equal(counts.rounds[0]!.eliminated!.reason, 'random_draw')
    assert.equal(counts.chosenOptionId, expected === 'b' ? 'c' : 'b')
    // The same seed gives the same count; over many seeds, both outcomes happen.
    assert.deepEqual(countRanked(group, options('a', 'b', 'c'), seed), counts)
    const winners = new Set(Array.from({ length: 40 }, (_, i) => countRanked(group, options('a', 'b', 'c'), `seed ${i}`).chosenOptionId))
    assert.deepEqual([...winners].sort(), ['b', 'c'])
  })

  it('narrows a three-way tie by first preferences before drawing between the rest', () => {
    // Round 1: A 9, E 4, B 3, C 3, D 2: D goes (1 to B, 1 to C). Round 2: B, C and E tie on 4.
    const counts = countRanked(
      ballots([[9, ['a']], [3, ['b']], [3, ['c']], [4, ['e']], [1, ['d', 'b']], [1, ['d', 'c']]]),
      options('a', 'b', 'c', 'd', 'e'),
      'x',
    )
    const r2 = counts.rounds[1]!
    assert.deepEqual(votesOf(r2), { a: 9, b: 4, c: 4, e: 4 })
    const elimination = r2.eliminated!
    assert.equal(elimination.reason, 'random_draw')
    // E had 4 first preferences, B and C 3 each, so only B and C go into the draw.
    assert.deepEqual(elimination.draw!.tied, ['b', 'c'])
    assert.deepEqual(elimination.draw, tieDraw('x', 2, ['c', 'b']))
    assert.equal(elimination.tiedWith.length, 2)
  })

  it('breaks a tie between the last two options and then chooses the other', () => {
    const counts = countRanked(ballots([[3, ['a']], [3, ['b']]]), options('a', 'b', 'c'), 'final')
    assert.equal(counts.rounds[0]!.eliminated!.optionId, 'c')
    const r2 = counts.rounds[1]!
    assert.equal(r2.eliminated!.reason, 'random_draw')
    const r3 = counts.rounds[2]!
    assert.equal(r3.chosenOptionId, r2.eliminated!.optionId === 'a' ? 'b' : 'a')
    assert.deepEqual([r3.continuingBallots, r3.exhaustedBallots], [3, 3])
  })

  it('gives an accessible table of every round', () => {
    const table = roundsTable(countRanked(TENNESSEE_BALLOTS, TENNESSEE, 'seed'))
    assert.deepEqual(table.head.map(c => c.text), ['Option', 'Round 1', 'Round 2', 'Round 3'])
    assert.deepEqual(table.rows[0]!.map(c => c.text), ['Memphis', '42', '42', '42'])
    assert.deepEqual(table.rows[2]!.map(c => c.text), ['Chattanooga', '15 (eliminated)', 'Eliminated earlier', 'Eliminated earlier'])
    assert.deepEqual(table.rows[3]!.map(c => c.text), ['Knoxville', '17', '32', '58 (chosen)'])
    const happened = table.rows.find(r => r[0]!.text === 'What happened')!
    assert.deepEqual(happened.map(c => c.text).slice(1), ['Chattanooga eliminated: fewest votes', 'Nashville eliminated: fewest votes', 'Knoxville chosen'])
    assert.ok(table.rows.every(r => r.length === 4))
  })

  it('rejects rankings that are empty, name unknown options or repeat one', () => {
    const check = checkRankedCast(options('a', 'b', 'c'))
    assert.equal(check({ kind: 'ranking', optionIds: ['c', 'a'] }), null)
    assert.equal(check({ kind: 'ranking', optionIds: [] })?.reason, 'empty_ranking')
    assert.equal(check({ kind: 'ranking', optionIds: ['a', 'z'] })?.reason, 'unknown_option')
    assert.equal(check({ kind: 'ranking', optionIds: ['a', 'b', 'a'] })?.reason, 'repeated_option')
    assert.equal(check({ kind: 'for' })?.reason, 'wrong_kind')
  })

  it('refuses a decision with fewer than two options, repeated ids or no seed', () => {
    assert.throws(() => countRanked([], options('a'), 's'), RangeError)
    assert.throws(() => countRanked([], options('a', 'a'), 's'), RangeError)
    assert.throws(() => countRanked([], options('a', 'b'), ' '), RangeError)
  })
})
