import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkPlainEnglish, summariseVersion, type PlainEnglishReport } from './check.ts'
import { measureReadability } from './readability.ts'

const PLAIN =
  'We will treat you with dignity and respect. We will listen to you and explain our decisions. ' +
  'If we get something wrong, we will say sorry and put it right.'

const BUREAUCRATIC =
  'In accordance with the relevant regulations, claimants in receipt of disability benefits will be notified prior to ' +
  'any determination regarding their continuing eligibility being implemented, and applications will be processed by ' +
  'the department in a timely manner utilising robust procedures.'

/** Every span in a report, with the text it says it covers. */
function spans(report: PlainEnglishReport): { start: number; end: number; text: string }[] {
  return [
    ...report.longSentences.map(s => ({ start: s.start, end: s.end, text: s.text })),
    ...report.passives.map(p => ({ start: p.start, end: p.end, text: p.phrase })),
    ...report.jargon.map(j => ({ start: j.start, end: j.end, text: j.text })),
  ]
}

describe('checkPlainEnglish', () => {
  it('passes a plain commitment', () => {
    const report = checkPlainEnglish(PLAIN)
    assert.equal(report.passes, true)
    assert.equal(report.meetsTarget, true)
    assert.ok(report.readingAge! <= 9)
    assert.deepEqual(report.longSentences, [])
    assert.deepEqual(report.passives, [])
    assert.deepEqual(report.jargon, [])
    assert.deepEqual(report.messages, [])
    assert.equal(report.counts.sentences, 3)
  })

  it('fails a bureaucratic commitment on every check, with the right spans', () => {
    const report = checkPlainEnglish(BUREAUCRATIC)
    assert.equal(report.passes, false)
    assert.equal(report.meetsTarget, false)
    assert.ok(report.readingAge! > 16)
    assert.deepEqual(
      report.longSentences.map(s => [s.index, s.words, s.start, s.end]),
      [[0, measureReadability(BUREAUCRATIC).wordCount, 0, BUREAUCRATIC.length]],
    )
    assert.deepEqual(
      report.passives.map(p => p.phrase),
      ['will be notified', 'being implemented', 'will be processed'],
    )
    assert.equal(report.passives[2]!.agent, 'the department')
    assert.deepEqual(
      report.jargon.map(j => j.term),
      [
        'in accordance with', 'claimant', 'in receipt of', 'notify', 'prior to', 'regarding', 'eligibility',
        'implement', 'in a timely manner', 'utilise', 'robust',
      ],
    )
    assert.equal(report.counts.longSentences, 1)
    assert.equal(report.counts.passives, 3)
    assert.equal(report.counts.jargon, 11)
  })

  it('gives offsets that index into the original text', () => {
    for (const text of [BUREAUCRATIC, `  ${PLAIN}\r\n\r\n- Decisions will be explained in accordance with the law.\n`]) {
      const report = checkPlainEnglish(text)
      for (const span of spans(report)) assert.equal(text.slice(span.start, span.end), span.text)
      for (const m of report.messages) {
        if (m.start !== undefined) assert.ok(m.end! > m.start && m.end! <= text.length)
      }
    }
  })

  it('writes messages for the drafter, reading age first, then in the order of the text', () => {
    const report = checkPlainEnglish(BUREAUCRATIC)
    const [age, long, ...rest] = report.messages
    assert.equal(age!.kind, 'reading_age')
    assert.match(age!.text, /^The reading age is (about \d+|over 20)\. Aim for 9 or under/)
    assert.equal(long!.kind, 'long_sentence')
    assert.equal(long!.text, `This sentence has ${report.longSentences[0]!.words} words. Try to keep sentences to 25 words or fewer.`)
    const starts = rest.map(m => m.start!)
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b))
    assert.ok(rest.some(m => m.text === '"prior to" may be hard to understand. Try "before".'))
    assert.ok(rest.some(m => m.text === '"In accordance with" may be hard to understand. Try "under" or "as set out in".'))
    assert.ok(rest.some(m => m.text.startsWith('"will be notified" does not say who does it. In a charter this is usually "we", for example: "We will notify …"')))
    assert.ok(rest.some(m => m.text === '"will be processed" puts who does it at the end. Start with them, for example: "The department will process …"'))
  })

  it('numbers long sentences when there are several', () => {
    const long = 'We will answer every letter that you send to us about your claim and we will do this within ten working days of the day it arrives.'
    const report = checkPlainEnglish(`We will help. ${long}`)
    assert.equal(report.longSentences.length, 1)
    assert.equal(report.longSentences[0]!.index, 1)
    assert.equal(report.messages.find(m => m.kind === 'long_sentence')!.text, `Sentence 2 has ${report.longSentences[0]!.words} words. Try to keep sentences to 25 words or fewer.`)
  })

  it('takes its own limits and jargon list', () => {
    const text = 'We will use the form to decide quickly. We will utilise it.'
    const strict = checkPlainEnglish(text, { maxSentenceWords: 3, targetReadingAge: 5, jargon: [{ term: 'form', plainer: ['paper'] }] })
    assert.deepEqual(strict.longSentences.map(s => s.index), [0, 1])
    assert.deepEqual(strict.jargon.map(j => j.text), ['form'])
    assert.equal(strict.maxSentenceWords, 3)
    assert.equal(strict.targetReadingAge, 5)
    assert.deepEqual(checkPlainEnglish(text, { jargon: [] }).jargon, [])
    assert.deepEqual(checkPlainEnglish(text).jargon.map(j => j.term), ['utilise'])
  })

  it('flags a sentence only when it has more words than the limit', () => {
    const words = (n: number) => Array.from({ length: n }, () => 'we').join(' ') + '.'
    assert.equal(checkPlainEnglish(words(25)).counts.longSentences, 0)
    assert.equal(checkPlainEnglish(words(26)).counts.longSentences, 1)
  })

  it('refuses limits that make no sense', () => {
    assert.throws(() => checkPlainEnglish('x', { maxSentenceWords: 0 }), RangeError)
    assert.throws(() => checkPlainEnglish('x', { maxSentenceWords: 2.5 }), RangeError)
    assert.throws(() => checkPlainEnglish('x', { targetReadingAge: Number.NaN }), RangeError)
  })

  it('passes empty text with no reading age', () => {
    const report = checkPlainEnglish('')
    assert.equal(report.readingAge, null)
    assert.equal(report.meetsTarget, true)
    assert.equal(report.passes, true)
    assert.deepEqual(report.messages, [])
  })

  it('gives the same report for the same text', () => {
    assert.deepEqual(checkPlainEnglish(BUREAUCRATIC), checkPlainEnglish(BUREAUCRATIC))
  })
})

describe('summariseVersion', () => {
  const items = [
    { id: 'c1', label: 'Commitment 1', text: PLAIN },
    { id: 'c2', label: 'Commitment 2', text: BUREAUCRATIC },
    { id: 'c3', label: 'Commitment 3', text: 'We will pay you on time. Payments will be made on the same day each month.' },
    { id: 'c4', label: 'Commitment 4', text: 'We will make sure you can get help.' },
  ]

  it('puts the worst items first and totals the problems', () => {
    const summary = summariseVersion(items)
    assert.deepEqual(summary.items.map(i => i.id), ['c2', 'c3', 'c1', 'c4'])
    const reports = items.map(i => checkPlainEnglish(i.text))
    assert.equal(summary.itemCount, 4)
    assert.equal(summary.itemsOverTarget, reports.filter(r => !r.meetsTarget).length)
    assert.equal(summary.itemsPassing, reports.filter(r => r.passes).length)
    assert.equal(summary.totals.passives, reports.reduce((n, r) => n + r.counts.passives, 0))
    assert.equal(summary.totals.jargon, reports.reduce((n, r) => n + r.counts.jargon, 0))
    assert.equal(summary.totals.longSentences, 1)
    const worst = summary.items[0]!
    assert.equal(worst.problems, worst.longSentences + worst.passives + worst.jargon + 1)
  })

  it('keeps the order given for items that are equally good', () => {
    const summary = summariseVersion([
      { id: 'a', label: 'A', text: 'We will help you.' },
      { id: 'b', label: 'B', text: 'We will help you.' },
    ])
    assert.deepEqual(summary.items.map(i => i.id), ['a', 'b'])
  })

  it('writes a summary for the version page', () => {
    const summary = summariseVersion(items)
    assert.equal(summary.messages.length, 3)
    assert.match(summary.messages[0]!, /^The reading age of the whole version is (about \d+|over 20)\. The aim is 9 or under\.$/)
    assert.equal(summary.messages[1], `${summary.itemsOverTarget} item of 4 has a reading age over 9.`)
    assert.equal(
      summary.messages[2],
      `There is 1 long sentence, ${summary.totals.passives} passives and ${summary.totals.jargon} jargon words.`,
    )
  })

  it('works out the whole version from all its words', () => {
    const summary = summariseVersion(items)
    const joined = measureReadability(items.map(i => i.text).join('\n\n'))
    assert.equal(summary.readingAge, joined.readingAge)
    assert.equal(summary.totals.words, joined.wordCount)
  })

  it('summarises an empty version', () => {
    const summary = summariseVersion([])
    assert.equal(summary.readingAge, null)
    assert.deepEqual(summary.items, [])
    assert.deepEqual(summary.messages, [])
  })
})
