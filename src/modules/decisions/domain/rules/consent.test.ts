import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkConsentCast, countConsent, judgeConsent } from './consent.ts'
import { type Ballot, type ConsentCast } from './types.ts'

const ballot = (voterId: string, cast: ConsentCast, channel: Ballot['channel'] = 'meeting'): Ballot<ConsentCast> => ({ voterId, channel, cast })
const consents = (n: number) => Array.from({ length: n }, (_, i) => ballot(`c${i}`, { kind: 'consent' }))

describe('consent with objections', () => {
  it('adopts when no objection stands, and lists the concerns', () => {
    const counts = countConsent([
      ...consents(20),
      ballot('x', { kind: 'concern', text: ' Check the cost of the letters ' }, 'phone_facilitated'),
      ballot('y', { kind: 'concern', text: 'Review it after a year' }, 'online'),
    ])
    assert.deepEqual([counts.consented, counts.withConcerns, counts.objections], [20, 2, 0])
    assert.deepEqual(counts.concernList, [
      { voterId: 'x', channel: 'phone_facilitated', text: 'Check the cost of the letters' },
      { voterId: 'y', channel: 'online', text: 'Review it after a year' },
    ])
    const judgement = judgeConsent(counts)
    assert.equal(judgement.adopted, true)
    assert.equal(judgement.headline, 'Adopted: 20 consented, 2 with concerns, no objections.')
    assert.ok(judgement.details.some(d => d.startsWith('2 concerns were raised')))
  })

  it('does not adopt while an objection stands, and lists it', () => {
    const counts = countConsent([...consents(21), ballot('z', { kind: 'objection', text: 'This would stop people on Universal Credit appealing' })])
    assert.equal(counts.objections, 1)
    assert.deepEqual(counts.objectionList, [{ voterId: 'z', channel: 'meeting', text: 'This would stop people on Universal Credit appealing' }])
    const judgement = judgeConsent(counts)
    assert.equal(judgement.adopted, false)
    assert.equal(judgement.headline, 'Not adopted: 1 objection stands (21 consented, no concerns).')
    const two = judgeConsent(countConsent([ballot('a', { kind: 'objection', text: 'a' }), ballot('b', { kind: 'objection', text: 'b' })]))
    assert.match(two.headline, /^Not adopted: 2 objections stand/)
  })

  it('needs the text of a concern and the reasons for an objection', () => {
    assert.equal(checkConsentCast({ kind: 'consent' }), null)
    assert.equal(checkConsentCast({ kind: 'concern', text: 'Fine print' }), null)
    assert.equal(checkConsentCast({ kind: 'concern', text: '' })?.reason, 'reason_missing')
    assert.equal(checkConsentCast({ kind: 'objection', text: ' \n ' })?.reason, 'reason_missing')
    assert.equal(checkConsentCast({ kind: 'agree' })?.reason, 'wrong_kind')
  })
})
