import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkMajorityCast, countMajority, judgeMajority, meetsThreshold } from './majority.ts'
import { type Ballot, type Fraction, type MajorityCast } from './types.ts'

function vote(forVotes: number, against: number, abstain: number, threshold?: Fraction) {
  const kinds: MajorityCast['kind'][] = [
    ...Array<MajorityCast['kind']>(forVotes).fill('for'),
    ...Array<MajorityCast['kind']>(against).fill('against'),
    ...Array<MajorityCast['kind']>(abstain).fill('abstain'),
  ]
  const ballots: Ballot<MajorityCast>[] = kinds.map((kind, i) => ({ voterId: `m${i}`, channel: 'meeting', cast: { kind } }))
  const counts = countMajority(ballots, threshold)
  return { counts, judgement: judgeMajority(counts) }
}

const twoThirds = { numerator: 2, denominator: 3 }

describe('majority vote', () => {
  it('adopts a simple majority and reports abstentions without counting them against', () => {
    const { counts, judgement } = vote(9, 8, 6)
    assert.deepEqual([counts.for, counts.against, counts.abstained], [9, 8, 6])
    assert.equal(judgement.adopted, true)
    assert.equal(judgement.headline, 'Adopted: 9 for, 8 against.')
    assert.ok(judgement.details.includes('6 members abstained; abstentions count neither for nor against.'))
  })

  it('does not adopt a tie, and says so', () => {
    const { judgement } = vote(10, 10, 2)
    assert.equal(judgement.adopted, false)
    assert.equal(judgement.headline, 'Not adopted: the vote was tied, 10 for, 10 against. A tie means the proposal is not adopted.')
    assert.equal(vote(0, 0, 5).judgement.adopted, false)
    assert.equal(vote(0, 0, 5).judgement.headline, 'Not adopted: nobody voted for or against.')
  })

  it('applies a two-thirds threshold exactly, of those voting for or against', () => {
    assert.equal(vote(14, 7, 3, twoThirds).judgement.adopted, true) // exactly two-thirds
    assert.equal(vote(13, 7, 3, twoThirds).judgement.adopted, false) // 65%
    assert.match(vote(13, 7, 0, twoThirds).judgement.details[0]!, /Of the 20 who voted for or against, 13 \(65%\) voted for; at least two-thirds was needed\./)
    // Abstentions do not count against: 14 of 21 who voted for or against, however many abstain.
    assert.equal(vote(14, 7, 9, twoThirds).judgement.adopted, true)
  })

  it('still refuses a tie when the threshold is one half', () => {
    assert.equal(meetsThreshold(5, 5, { numerator: 1, denominator: 2 }), false)
    assert.equal(meetsThreshold(6, 5, { numerator: 1, denominator: 2 }), true)
    assert.equal(meetsThreshold(3, 1, { numerator: 3, denominator: 4 }), true)
    assert.equal(meetsThreshold(2, 1, { numerator: 3, denominator: 4 }), false)
  })

  it('refuses thresholds below a half or above all', () => {
    assert.throws(() => vote(1, 0, 0, { numerator: 1, denominator: 3 }), RangeError)
    assert.throws(() => vote(1, 0, 0, { numerator: 4, denominator: 3 }), RangeError)
    assert.throws(() => vote(1, 0, 0, { numerator: 1, denominator: 0 }), RangeError)
  })

  it('accepts only for, against and abstain', () => {
    assert.equal(checkMajorityCast({ kind: 'abstain' }), null)
    assert.equal(checkMajorityCast({ kind: 'agree' })?.reason, 'wrong_kind')
  })
})
