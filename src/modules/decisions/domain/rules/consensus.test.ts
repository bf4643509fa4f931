import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkConsensusCast, countConsensus, judgeConsensus } from './consensus.ts'
import { type Ballot, type ConsensusCast } from './types.ts'

function ballots(agree: number, standAside: number, block = 0): Ballot<ConsensusCast>[] {
  const casts: ConsensusCast[] = [
    ...Array.from({ length: agree }, (): ConsensusCast => ({ kind: 'agree' })),
    ...Array.from({ length: standAside }, (_, i): ConsensusCast => ({ kind: 'stand_aside', reason: `reason ${i}` })),
    ...Array.from({ length: block }, (_, i): ConsensusCast => ({ kind: 'block', reason: `block ${i}` })),
  ]
  return casts.map((cast, i) => ({ voterId: `m${i}`, channel: 'online', cast }))
}

describe('consensus check', () => {
  it('reaches consensus with no blocks and few enough stand-asides', () => {
    const counts = countConsensus(ballots(18, 2))
    assert.deepEqual([counts.agreed, counts.stoodAside, counts.blocked, counts.standAsidesAllowed], [18, 2, 0, 4])
    assert.deepEqual(counts.standAsideList.map(r => r.reason), ['reason 0', 'reason 1'])
    const judgement = judgeConsensus(counts)
    assert.equal(judgement.adopted, true)
    assert.equal(judgement.headline, 'Consensus reached: 18 agreed, 2 stood aside, no blocks.')
  })

  it('is not reached when a member blocks, and says so', () => {
    const counts = countConsensus(ballots(21, 0, 1))
    assert.deepEqual(counts.blockList, [{ voterId: 'm21', channel: 'online', reason: 'block 0' }])
    const judgement = judgeConsensus(counts)
    assert.equal(judgement.adopted, false)
    assert.match(judgement.headline, /^Consensus not reached: a member blocked\./)
  })

  it('needs stand-asides under 25% by default: 5 of 24 is enough, 6 of 24 is too many', () => {
    assert.equal(judgeConsensus(countConsensus(ballots(19, 5))).adopted, true)
    const tooMany = judgeConsensus(countConsensus(ballots(18, 6)))
    assert.equal(tooMany.adopted, false)
    assert.match(tooMany.headline, /^Consensus not reached: too many stood aside \(6 of 24, 25%\)/)
    assert.ok(tooMany.details.includes('Consensus needs fewer than 25% of those who took part to stand aside: at most 5 of 24.'))
  })

  it('takes a configured share, and gives both reasons when both apply', () => {
    assert.equal(judgeConsensus(countConsensus(ballots(16, 4), 0.2)).adopted, false) // 4 of 20 is not under 20%
    assert.equal(judgeConsensus(countConsensus(ballots(17, 3), 0.2)).adopted, true)
    assert.equal(judgeConsensus(countConsensus(ballots(10, 9), 0.5)).adopted, true)
    const both = judgeConsensus(countConsensus(ballots(5, 5, 2)))
    assert.match(both.headline, /a member blocked|2 members blocked/)
    assert.match(both.headline, /too many stood aside/)
    assert.throws(() => countConsensus(ballots(1, 0), 0), RangeError)
    assert.throws(() => countConsensus(ballots(1, 0), 1.2), RangeError)
  })

  it('needs a reason to stand aside or block', () => {
    assert.equal(checkConsensusCast({ kind: 'agree' }), null)
    assert.equal(checkConsensusCast({ kind: 'stand_aside', reason: '' })?.reason, 'reason_missing')
    assert.equal(checkConsensusCast({ kind: 'block', reason: ' ' })?.reason, 'reason_missing')
    assert.equal(checkConsensusCast({ kind: 'consent' })?.reason, 'wrong_kind')
  })
})
