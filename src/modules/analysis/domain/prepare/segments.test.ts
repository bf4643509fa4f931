import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { splitSegments, type Segment } from './segments.ts'

const texts = (segments: readonly Segment[]): string[] => segments.map(s => s.text)

function assertWellFormed(text: string, segments: readonly Segment[]): void {
  segments.forEach((s, i) => {
    assert.equal(text.slice(s.start, s.end), s.text, 'offsets round-trip')
    assert.equal(s.ordinal, i + 1)
    if (i > 0) assert.ok(segments[i - 1]!.end <= s.start, 'in order, not overlapping')
    assert.equal(s.text, s.text.trim())
  })
}

describe('splitSegments', () => {
  it('splits on sentence ends', () => {
    const text = 'The phone line is always busy. I waited two hours to speak to someone! Why does it take so long to get through?'
    const segments = splitSegments(text)
    assert.deepEqual(texts(segments), ['The phone line is always busy.', 'I waited two hours to speak to someone!', 'Why does it take so long to get through?'])
    assertWellFormed(text, segments)
  })

  it('does not split after abbreviations, initials, decimals or ellipses', () => {
    const text =
      'I saw Dr. Patel and Mrs. J. Smith at St. Mary\'s, e.g. for my review, i.e. the second one, etc. and it was fine. ' +
      'The bus cost £1.50 each way, approx. 40 minutes, see No. 5 on the list. I waited... and waited… and nobody came back to me.'
    assert.deepEqual(texts(splitSegments(text)), [
      "I saw Dr. Patel and Mrs. J. Smith at St. Mary's, e.g. for my review, i.e. the second one, etc. and it was fine.",
      'The bus cost £1.50 each way, approx. 40 minutes, see No. 5 on the list.',
      'I waited... and waited… and nobody came back to me.',
    ])
  })

  it('splits on line breaks and bullet points, leaving the bullet marks out', () => {
    const text = 'What would help:\n- a named person to contact\n* letters in plain English please\n• shorter forms that make sense\n1. a phone line that answers\n\nThat is all from me, thank you.'
    const segments = splitSegments(text)
    assert.deepEqual(texts(segments), [
      'What would help:\n- a named person to contact',
      'letters in plain English please',
      'shorter forms that make sense',
      'a phone line that answers',
      'That is all from me, thank you.',
    ])
    assertWellFormed(text, segments)
  })

  it('merges fragments shorter than minChars into the segment before', () => {
    const text = 'The assessor did not listen to me at all. Awful. Not once. The letter afterwards was wrong too.'
    assert.deepEqual(texts(splitSegments(text)), ['The assessor did not listen to me at all. Awful. Not once.', 'The letter afterwards was wrong too.'])
    assert.deepEqual(texts(splitSegments(text, { minChars: 5 })), ['The assessor did not listen to me at all.', 'Awful.', 'Not once.', 'The letter afterwards was wrong too.'])
    // A short first fragment joins the next one.
    assert.deepEqual(texts(splitSegments('Terrible. The staff never called me back about my claim.')), ['Terrible. The staff never called me back about my claim.'])
  })

  it('splits very long sentences at semicolons, then commas', () => {
    const clause = 'the letters were late and confusing and nobody explained what they meant'
    const text = `${clause}; ${clause}, ${clause}; ${clause}.`
    const segments = splitSegments(text, { maxChars: 160 })
    assert.ok(segments.length >= 2)
    for (const s of segments) assert.ok(s.text.length <= 160, s.text)
    assert.ok(segments[0]!.text.endsWith(';'), 'prefers the semicolon')
    assertWellFormed(text, segments)
    // Nothing is lost but the white space between pieces.
    assert.equal(texts(segments).join(' '), text)
  })

  it('gives a short item one segment and an empty one none', () => {
    assert.deepEqual(splitSegments('Very good service'), [{ ordinal: 1, start: 0, end: 17, text: 'Very good service' }])
    assert.deepEqual(splitSegments('  Good.  '), [{ ordinal: 1, start: 2, end: 7, text: 'Good.' }])
    assert.deepEqual(splitSegments(''), [])
    assert.deepEqual(splitSegments(' \n - \n'), [])
  })

  it('keeps offsets into the original text with Windows line ends and quotes', () => {
    const text = '"It was awful," she said.\r\nThen it got better after they phoned me!\r\n\r\n  They told me they were "sorry." Then they fixed it properly.'
    const segments = splitSegments(text)
    assertWellFormed(text, segments)
    assert.deepEqual(texts(segments), ['"It was awful," she said.', 'Then it got better after they phoned me!', 'They told me they were "sorry."', 'Then they fixed it properly.'])
  })

  it('is deterministic', () => {
    const text = 'One sentence here for sure. Another sentence follows it. And a third one to finish.'
    assert.deepEqual(splitSegments(text), splitSegments(text))
  })
})
