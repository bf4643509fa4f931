import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkConsentCast } from './consent.ts'
import { admitBallots, checkQuorum, quorumNeeded } from './quorum.ts'
import { type Ballot, type ConsentCast } from './types.ts'

const consent = (voterId: string, channel: Ballot['channel'] = 'meeting'): Ballot => ({ voterId, channel, cast: { kind: 'consent' } })
const objection = (voterId: string, text: string): Ballot => ({ voterId, channel: 'online', cast: { kind: 'objection', text } })

describe('quorum', () => {
  it('says in words whether enough members took part', () => {
    const met = checkQuorum({ minimumVoters: 13 }, 24, 18)
    assert.equal(met.met, true)
    assert.equal(met.words, '18 of 24 members took part; at least 13 were needed.')
    const notMet = checkQuorum({ minimumVoters: 13 }, 24, 12)
    assert.equal(notMet.met, false)
    assert.deepEqual([notMet.tookPart, notMet.needed, notMet.eligible], [12, 13, 24])
  })

  it('is met at exactly the number needed, and not one below', () => {
    assert.equal(checkQuorum({ minimumShare: 0.5 }, 24, 12).met, true)
    assert.equal(checkQuorum({ minimumShare: 0.5 }, 24, 11).met, false)
  })

  it('rounds a share up, takes the larger of the two minimums, and never needs fewer than one', () => {
    assert.equal(quorumNeeded({ minimumShare: 0.5 }, 25), 13)
    assert.equal(quorumNeeded({ minimumShare: 2 / 3 }, 24), 16) // 2/3 of 24 is 16 despite floating-point error
    assert.equal(quorumNeeded({ minimumShare: 0.5, minimumVoters: 15 }, 24), 15)
    assert.equal(quorumNeeded({ minimumShare: 0.75, minimumVoters: 15 }, 24), 18)
    assert.equal(quorumNeeded({}, 24), 1)
    assert.equal(quorumNeeded({ minimumShare: 0 }, 24), 1)
    assert.equal(checkQuorum({}, 24, 0).met, false)
    assert.equal(checkQuorum({ minimumVoters: 1 }, 1, 1).words, '1 of 1 member took part; at least 1 was needed.')
  })

  it('refuses a rule that makes no sense', () => {
    assert.throws(() => quorumNeeded({ minimumShare: 1.5 }, 24), RangeError)
    assert.throws(() => quorumNeeded({ minimumShare: -0.1 }, 24), RangeError)
    assert.throws(() => quorumNeeded({ minimumVoters: 2.5 }, 24), RangeError)
    assert.throws(() => quorumNeeded({ minimumVoters: -1 }, 24), RangeError)
  })

  it('cannot be met when more are needed than are eligible', () => {
    const q = checkQuorum({ minimumVoters: 30 }, 24, 24)
    assert.equal(q.met, false)
    assert.equal(q.needed, 30)
  })
})

describe('admitting ballots', () => {
  it('rejects a ballot from anyone not eligible, with a clear reason, and never counts it', () => {
    const admission = admitBallots<ConsentCast>([consent('a'), consent('official'), consent('b')], ['a', 'b'], checkConsentCast)
    assert.deepEqual(admission.counted.map(b => b.voterId), ['a', 'b'])
    assert.equal(admission.rejected.length, 1)
    assert.deepEqual([admission.rejected[0]!.index, admission.rejected[0]!.voterId, admission.rejected[0]!.reason], [1, 'official', 'not_eligible'])
    assert.match(admission.rejected[0]!.message, /not a voting member of the Core Group/)
  })

  it('counts only the last ballot of each member, and lists the earlier ones as replaced', () => {
    const ballots = [objection('a', 'Too costly'), consent('b'), consent('a', 'phone_facilitated'), objection('b', 'Unclear')]
    const admission = admitBallots<ConsentCast>(ballots, ['a', 'b'], checkConsentCast)
    assert.deepEqual(admission.counted, [ballots[2], ballots[3]])
    assert.deepEqual(admission.replaced, [
      { index: 0, voterId: 'a', replacedByIndex: 2 },
      { index: 1, voterId: 'b', replacedByIndex: 3 },
    ])
  })

  it('lists a ballot replaced twice against the ballot that replaced it each time', () => {
    const ballots = [consent('a'), objection('a', 'No'), consent('a')]
    const admission = admitBallots<ConsentCast>(ballots, ['a'], checkConsentCast)
    assert.deepEqual(admission.counted, [ballots[2]])
    assert.deepEqual(admission.replaced.map(r => [r.index, r.replacedByIndex]), [[0, 1], [1, 2]])
  })

  it('does not let an invalid later ballot replace a valid one', () => {
    const ballots = [consent('a'), objection('a', '   ')]
    const admission = admitBallots<ConsentCast>(ballots, ['a'], checkConsentCast)
    assert.deepEqual(admission.counted, [ballots[0]])
    assert.deepEqual(admission.replaced, [])
    assert.equal(admission.rejected[0]!.reason, 'reason_missing')
  })

  it('rejects a ballot with no known channel and a ballot of another method', () => {
    const ballots = [
      { voterId: 'a', channel: 'carrier_pigeon', cast: { kind: 'consent' } } as unknown as Ballot,
      { voterId: 'b', channel: 'online', cast: { kind: 'for' } } as Ballot,
    ]
    const admission = admitBallots<ConsentCast>(ballots, ['a', 'b'], checkConsentCast)
    assert.deepEqual(admission.counted, [])
    assert.deepEqual(admission.rejected.map(r => r.reason), ['unknown_channel', 'wrong_kind'])
  })
})
