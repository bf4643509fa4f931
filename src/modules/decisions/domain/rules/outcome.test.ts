import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decide } from './outcome.ts'
import { type Ballot, type Cast, type Channel, type DecisionSettings } from './types.ts'

const MEMBERS = Array.from({ length: 24 }, (_, i) => `member-${i + 1}`)
const member = (n: number) => MEMBERS[n - 1]!
const ballot = (voterId: string, cast: Cast, channel: Channel = 'meeting'): Ballot => ({ voterId, channel, cast })
const many = (from: number, to: number, cast: Cast, channel: Channel = 'meeting') =>
  Array.from({ length: to - from + 1 }, (_, i) => ballot(member(from + i), cast, channel))

const consent: DecisionSettings = { method: 'consent', quorum: { minimumVoters: 13 }, eligibleVoterIds: MEMBERS }

describe('decide', () => {
  it('adopts a consent decision and explains it, with the quorum, the channels and what was not counted', () => {
    const ballots = [
      ...many(1, 12, { kind: 'consent' }),
      ...many(13, 18, { kind: 'consent' }, 'online'),
      ...many(19, 20, { kind: 'consent' }, 'phone_facilitated'),
      ballot(member(21), { kind: 'objection', text: 'The letter is unclear' }, 'online'),
      ballot(member(21), { kind: 'concern', text: 'Plain English check before it goes out' }, 'online'),
      ballot(member(22), { kind: 'concern', text: 'Review in six months' }),
      ballot('policy-official-1', { kind: 'objection', text: 'Legal risk' }),
      ballot('stakeholder-org-1', { kind: 'consent' }, 'online'),
    ]
    const outcome = decide(consent, ballots)
    assert.equal(outcome.result, 'adopted')
    assert.deepEqual(outcome.quorum, { met: true, eligible: 24, tookPart: 22, needed: 13, words: '22 of 24 members took part; at least 13 were needed.' })
    assert.equal(outcome.explanation[0], 'Adopted: 20 consented, 2 with concerns, no objections.')
    assert.ok(outcome.explanation.includes('The quorum was met: 22 of 24 members took part; at least 13 were needed.'))
    assert.ok(outcome.explanation.includes('How members took part: 13 at a meeting, 7 online and 2 by phone through a facilitator.'))
    assert.ok(outcome.explanation.includes('1 member changed their vote; only the last vote of each member counts.'))
    assert.ok(outcome.explanation.some(s => s.startsWith('2 ballots were not counted because they came from people who are not voting members')))
    assert.deepEqual(outcome.byChannel, { meeting: 13, online: 7, phone_facilitated: 2 })
    assert.deepEqual(outcome.replaced, [{ index: 20, voterId: member(21), replacedByIndex: 21 }])
    assert.deepEqual(outcome.rejected.map(r => [r.voterId, r.reason]), [['policy-official-1', 'not_eligible'], ['stakeholder-org-1', 'not_eligible']])
    assert.equal(outcome.chosenOptionId, undefined)
    // No personal data in the sentences: ids never appear in them.
    for (const id of ['member-', 'policy-official-1', 'stakeholder-org-1']) assert.ok(outcome.explanation.every(s => !s.includes(id)))
  })

  it('reports no quorum whatever the votes, and still gives the counts', () => {
    const outcome = decide(consent, many(1, 12, { kind: 'consent' }))
    assert.equal(outcome.result, 'no_quorum')
    assert.deepEqual(outcome.explanation.slice(0, 2), [
      'No decision: not enough members took part, so the quorum was not met.',
      '12 of 24 members took part; at least 13 were needed.',
    ])
    assert.equal(outcome.counts.method === 'consent' && outcome.counts.consented, 12)
    // One more member reaches the quorum exactly.
    assert.equal(decide(consent, many(1, 13, { kind: 'consent' })).result, 'adopted')
  })

  it('does not count ineligible ballots towards the quorum', () => {
    const settings: DecisionSettings = { ...consent, quorum: { minimumVoters: 3 }, eligibleVoterIds: [member(1), member(2), member(3)] }
    const outcome = decide(settings, [...many(1, 2, { kind: 'consent' }), ballot('official', { kind: 'consent' })])
    assert.equal(outcome.result, 'no_quorum')
    assert.equal(outcome.quorum.tookPart, 2)
  })

  it('counts a member listed twice as eligible once', () => {
    const outcome = decide({ ...consent, quorum: { minimumShare: 1 }, eligibleVoterIds: [member(1), member(1), member(2)] }, many(1, 2, { kind: 'consent' }))
    assert.deepEqual([outcome.quorum.eligible, outcome.result], [2, 'adopted'])
  })

  it('does not adopt a consent decision with an objection standing', () => {
    const outcome = decide(consent, [...many(1, 15, { kind: 'consent' }), ballot(member(16), { kind: 'objection', text: 'Too narrow' })])
    assert.equal(outcome.result, 'not_adopted')
    assert.equal(outcome.counts.method === 'consent' && outcome.counts.objectionList[0]!.text, 'Too narrow')
  })

  it('runs a consensus check', () => {
    const settings: DecisionSettings = { method: 'consensus', quorum: { minimumShare: 0.5 }, eligibleVoterIds: MEMBERS }
    const reached = decide(settings, [...many(1, 17, { kind: 'agree' }), ...many(18, 20, { kind: 'stand_aside', reason: 'Not my area' })])
    assert.equal(reached.result, 'adopted')
    const tooMany = decide({ ...settings, standAsideLimit: 0.1 }, [...many(1, 17, { kind: 'agree' }), ...many(18, 20, { kind: 'stand_aside', reason: 'x' })])
    assert.equal(tooMany.result, 'not_adopted')
    assert.match(tooMany.explanation[0]!, /^Consensus not reached: too many stood aside/)
  })

  it('runs a majority vote, and a tie is not adopted', () => {
    const settings: DecisionSettings = { method: 'majority', quorum: { minimumVoters: 13 }, eligibleVoterIds: MEMBERS }
    const tie = decide(settings, [...many(1, 8, { kind: 'for' }), ...many(9, 16, { kind: 'against' }), ...many(17, 18, { kind: 'abstain' })])
    assert.equal(tie.result, 'not_adopted')
    assert.match(tie.explanation[0]!, /the vote was tied/)
    const twoThirds = decide({ ...settings, threshold: { numerator: 2, denominator: 3 } }, [
      ...many(1, 12, { kind: 'for' }),
      ...many(13, 18, { kind: 'against' }),
      ...many(19, 22, { kind: 'abstain' }),
    ])
    assert.equal(twoThirds.result, 'adopted') // 12 of 18 is exactly two-thirds; abstentions do not count against
  })

  it('chooses by ranked choice, and only chooses when the quorum is met', () => {
    const settings: DecisionSettings = {
      method: 'ranked',
      quorum: { minimumVoters: 10 },
      eligibleVoterIds: MEMBERS,
      options: [
        { id: 'letters', label: 'Clearer letters' },
        { id: 'phone', label: 'Shorter phone waits' },
        { id: 'visits', label: 'Home visits' },
      ],
      seed: 'recorded seed',
    }
    const ballots = [
      ...many(1, 5, { kind: 'ranking', optionIds: ['letters', 'phone'] }),
      ...many(6, 9, { kind: 'ranking', optionIds: ['phone', 'letters'] }),
      ...many(10, 11, { kind: 'ranking', optionIds: ['visits', 'phone'] }, 'phone_facilitated'),
      ballot(member(12), { kind: 'ranking', optionIds: ['visits', 'visits'] }),
    ]
    const outcome = decide(settings, ballots)
    // Round 1: letters 5, phone 4, visits 2 of 11: visits goes, both its ballots to phone: 6 of 11.
    assert.equal(outcome.result, 'chosen')
    assert.equal(outcome.chosenOptionId, 'phone')
    assert.equal(outcome.explanation[0], 'Chosen: Shorter phone waits, with 6 of the 11 ballots still in the count after 2 rounds.')
    assert.deepEqual(outcome.rejected.map(r => r.reason), ['repeated_option'])
    assert.equal(outcome.byChannel.phone_facilitated, 2)
    const short = decide(settings, ballots.slice(0, 9))
    assert.equal(short.result, 'no_quorum')
    assert.equal(short.chosenOptionId, undefined)
  })

  it('rejects a ballot of the wrong kind for the method', () => {
    const outcome = decide(consent, [...many(1, 13, { kind: 'consent' }), ballot(member(14), { kind: 'for' })])
    assert.deepEqual(outcome.rejected.map(r => r.reason), ['wrong_kind'])
    assert.ok(outcome.explanation.includes('1 ballot was not counted because it was not the kind of ballot this decision uses.'))
  })

  it('is deterministic', () => {
    const ballots = [...many(1, 10, { kind: 'for' }), ...many(11, 14, { kind: 'against' })]
    const settings: DecisionSettings = { method: 'majority', quorum: {}, eligibleVoterIds: MEMBERS }
    assert.deepEqual(decide(settings, ballots), decide(settings, ballots))
  })

  it('refuses settings that make no sense', () => {
    assert.throws(() => decide({ ...consent, quorum: { minimumShare: 2 } }, []), RangeError)
    assert.throws(
      () => decide({ method: 'ranked', quorum: {}, eligibleVoterIds: MEMBERS, options: [{ id: 'a', label: 'A' }], seed: 's' }, []),
      RangeError,
    )
    assert.throws(() => decide({ method: 'vibes', quorum: {}, eligibleVoterIds: [] } as unknown as DecisionSettings, []), RangeError)
  })
})
