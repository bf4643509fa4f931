import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { baseVerb, findPassives } from './passive.ts'

/** The phrases found, in order. */
const phrases = (text: string) => findPassives(text).map(p => p.phrase)

describe('findPassives', () => {
  it('finds "be" before a regular past participle, with the modal before it', () => {
    const text = 'Your claim will be decided within 8 weeks.'
    const [p, ...rest] = findPassives(text)
    assert.equal(rest.length, 0)
    assert.equal(p!.phrase, 'will be decided')
    assert.equal(text.slice(p!.start, p!.end), 'will be decided')
    assert.equal(p!.participle, 'decided')
    assert.equal(p!.sentenceIndex, 0)
    assert.equal(p!.subject, 'We')
    assert.equal(p!.example, 'We will decide …')
  })

  it('finds irregular participles and every form of "be"', () => {
    assert.deepEqual(phrases('You were paid late.'), ['were paid'])
    assert.deepEqual(phrases('Letters have been sent to the wrong address.'), ['have been sent'])
    assert.deepEqual(phrases('I am told nothing.'), ['am told'])
    assert.deepEqual(phrases('The form is written in plain English.'), ['is written'])
    assert.deepEqual(phrases('We hate being kept waiting.'), ['being kept'])
    assert.deepEqual(phrases('It’s done badly and it’s made worse.'), ['’s made'])
  })

  it('allows "not" and adverbs in between', () => {
    assert.deepEqual(phrases('Decisions are not always explained clearly.'), ['are not always explained'])
    assert.deepEqual(phrases('Your payment will be quickly restored.'), ['will be quickly restored'])
  })

  it('finds "get" passives', () => {
    assert.deepEqual(phrases('You might get paid twice.'), ['might get paid'])
    assert.deepEqual(phrases('People got sanctioned for being late.'), ['got sanctioned'])
  })

  it('leaves out adjectives that look like participles', () => {
    assert.deepEqual(phrases('We are committed to this charter.'), [])
    assert.deepEqual(phrases('People who are disabled should not have to ask twice.'), [])
    assert.deepEqual(phrases('I am tired of waiting and I am interested in helping.'), [])
    assert.deepEqual(phrases('You are entitled to an explanation.'), [])
    assert.deepEqual(phrases('You can get involved in the panel.'), [])
  })

  it('does not take other words ending in -ed, or "have got", for passives', () => {
    assert.deepEqual(phrases('We need help. The light is red. There is a hundred pounds.'), [])
    assert.deepEqual(phrases('We have got your letter.'), [])
    assert.deepEqual(phrases('The problem is, decided people act.'), [])
  })

  it('finds nothing in an active, plain commitment', () => {
    assert.deepEqual(phrases('We will decide your claim within 8 weeks. We will tell you why, and what you can do next.'), [])
  })

  it('names who does it when the sentence says "by"', () => {
    const [p] = findPassives('Your claim will be reviewed by a decision maker within 4 weeks.')
    assert.equal(p!.agent, 'a decision maker')
    assert.equal(p!.subject, 'A decision maker')
    assert.equal(p!.example, 'A decision maker will review …')
    assert.match(p!.suggestion, /Say who does it first/)
  })

  it('does not take a time or a way of sending for who does it', () => {
    for (const text of ['You will be told by Friday.', 'Letters will be sent by post.', 'It will be paid by the end of the month.']) {
      const [p] = findPassives(text)
      assert.equal(p!.agent, null, text)
      assert.equal(p!.subject, 'We', text)
    }
  })

  it('suggests the active form in the same tense', () => {
    assert.equal(findPassives('Claims are checked.')[0]!.example, 'We check …')
    assert.equal(findPassives('Your payment was stopped.')[0]!.example, 'We have stopped …')
    assert.equal(findPassives('Your payment was stopped by the council.')[0]!.example, 'The council stopped …')
    assert.equal(findPassives('Your claim is assessed by a health professional.')[0]!.example, 'A health professional will assess …')
    assert.equal(findPassives('You must be given a reason.')[0]!.example, 'We must give …')
  })

  it('finds each passive in a realistic bureaucratic commitment, with spans that round-trip', () => {
    const text =
      'Feedback received from the panel will be considered by the Core Group. Changes will be made where appropriate, and claimants will be notified in writing.\n- Decisions are explained in full.'
    const found = findPassives(text)
    assert.deepEqual(
      found.map(p => [p.phrase, p.sentenceIndex]),
      [
        ['will be considered', 0],
        ['will be made', 1],
        ['will be notified', 1],
        ['are explained', 2],
      ],
    )
    for (const p of found) assert.equal(text.slice(p.start, p.end), p.phrase)
    assert.equal(found[0]!.agent, 'the Core Group')
  })
})

describe('baseVerb', () => {
  it('turns a participle back into the plain verb', () => {
    const cases: Record<string, string> = {
      decided: 'decide', paid: 'pay', made: 'make', treated: 'treat', assessed: 'assess', reviewed: 'review',
      provided: 'provide', sent: 'send', required: 'require', informed: 'inform', applied: 'apply', referred: 'refer',
      called: 'call', handled: 'handle', created: 'create', used: 'use', changed: 'change', considered: 'consider',
      stopped: 'stop', allowed: 'allow', continued: 'continue', agreed: 'agree', explained: 'explain', told: 'tell',
      received: 'receive', reduced: 'reduce', measured: 'measure', ignored: 'ignore', monitored: 'monitor',
    }
    for (const [participle, verb] of Object.entries(cases)) assert.equal(baseVerb(participle), verb, participle)
  })
})
