import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  fleschKincaidGrade,
  fleschReadingEase,
  measureReadability,
  readingAgeFromGrade,
  splitSentences,
  tokenizeWords,
} from './readability.ts'
import { countSyllables } from './syllables.ts'

describe('tokenizeWords', () => {
  it('finds words, numbers and abbreviations with offsets into the text', () => {
    const text = 'We pay £1,250.50 on the 2nd, e.g. for well-being; don’t worry.'
    const words = tokenizeWords(text)
    assert.deepEqual(
      words.map(w => w.text),
      ['We', 'pay', '£1,250.50', 'on', 'the', '2nd', 'e.g.', 'for', 'well-being', 'don’t', 'worry'],
    )
    for (const w of words) assert.equal(text.slice(w.start, w.end), w.text)
    for (const w of words) assert.equal(w.syllables, Math.max(1, countSyllables(w.text)))
  })

  it('does not count punctuation, bullets or dashes as words', () => {
    assert.equal(tokenizeWords('- • – ... ! ?').length, 0)
  })
})

describe('splitSentences', () => {
  it('splits at full stops, question marks and exclamation marks', () => {
    const text = 'We will help you. Can we do better? Yes!'
    assert.deepEqual(
      splitSentences(text).map(s => s.text),
      ['We will help you.', 'Can we do better?', 'Yes!'],
    )
  })

  it('does not split after abbreviations, initials or in numbers', () => {
    const text = 'Call Mr. Jones or Dr. A. Patel on 0800 123 4567, e.g. before 5 p.m. on a weekday. We pay 3.5% more. See para. 12 of the Act.'
    assert.deepEqual(
      splitSentences(text).map(s => s.text),
      [
        'Call Mr. Jones or Dr. A. Patel on 0800 123 4567, e.g. before 5 p.m. on a weekday.',
        'We pay 3.5% more.',
        'See para. 12 of the Act.',
      ],
    )
  })

  it('ends a sentence at "no." unless a number follows', () => {
    assert.equal(splitSentences('We will not say no. We will listen.').length, 2)
    assert.equal(splitSentences('Read form No. 5 first.').length, 1)
  })

  it('counts each item of a list as a sentence, and the line before it too', () => {
    const text = 'We will:\n- answer your letter within 10 working days\n- explain our decision\n\n1. Call us\n2. Write to us'
    const sentences = splitSentences(text)
    assert.deepEqual(
      sentences.map(s => [s.text, s.isListItem]),
      [
        ['We will:', false],
        ['answer your letter within 10 working days', true],
        ['explain our decision', true],
        ['Call us', true],
        ['Write to us', true],
      ],
    )
  })

  it('treats a heading on its own line as a sentence, and joins a line that carries on in small letters', () => {
    const text = 'Being treated fairly\nWe will treat you fairly and\nwith respect.'
    assert.deepEqual(
      splitSentences(text).map(s => s.text),
      ['Being treated fairly', 'We will treat you fairly and\nwith respect.'],
    )
  })

  it('gives offsets that index into the original text, with Windows line endings too', () => {
    const text = '  We will listen.\r\n\r\n* We will act.  Then we will tell you what we did. '
    const sentences = splitSentences(text)
    assert.equal(sentences.length, 3)
    sentences.forEach((s, i) => {
      assert.equal(s.index, i)
      assert.equal(text.slice(s.start, s.end), s.text)
      for (const w of s.words) assert.ok(w.start >= s.start && w.end <= s.end)
    })
  })

  it('finds no sentences in empty text', () => {
    assert.deepEqual(splitSentences(''), [])
    assert.deepEqual(splitSentences(' \n\n - '), [])
  })
})

describe('the formulas', () => {
  it('are the published Flesch-Kincaid and Flesch reading ease formulas', () => {
    // 100 words, 5 sentences, 150 syllables.
    assert.ok(Math.abs(fleschKincaidGrade(100, 5, 150) - (0.39 * 20 + 11.8 * 1.5 - 15.59)) < 1e-9)
    assert.ok(Math.abs(fleschReadingEase(100, 5, 150) - (206.835 - 1.015 * 20 - 84.6 * 1.5)) < 1e-9)
  })

  it('turns a grade into a UK reading age by adding 5', () => {
    assert.equal(readingAgeFromGrade(4), 9)
    assert.equal(readingAgeFromGrade(7.5), 12.5)
  })
})

describe('measureReadability', () => {
  it('works out the whole text from its word, sentence and syllable counts', () => {
    const text = 'We will answer your call quickly. If we cannot help, we will tell you who can.'
    const r = measureReadability(text)
    const words = tokenizeWords(text)
    const syllables = words.reduce((n, w) => n + w.syllables, 0)
    assert.equal(r.wordCount, words.length)
    assert.equal(r.sentenceCount, 2)
    assert.equal(r.syllableCount, syllables)
    const grade = Math.round(fleschKincaidGrade(words.length, 2, syllables) * 10) / 10
    assert.equal(r.grade, Math.max(0, grade))
    assert.equal(r.readingAge, Math.round((r.grade! + 5) * 10) / 10)
    assert.equal(r.readingEase, Math.round(fleschReadingEase(words.length, 2, syllables) * 10) / 10)
  })

  it('scores each sentence on its own', () => {
    const text = 'We will help. Notwithstanding the aforementioned considerations, administrative determinations necessitate comprehensive documentation.'
    const r = measureReadability(text)
    assert.equal(r.sentences.length, 2)
    const [plain, hard] = r.sentences
    assert.ok(plain!.readingAge! < hard!.readingAge!)
    assert.equal(text.slice(hard!.start, hard!.end), hard!.text)
    assert.equal(r.wordCount, plain!.wordCount + hard!.wordCount)
  })

  it('gives a low reading age to plain text and a high one to bureaucratic text', () => {
    const plain = measureReadability('We will treat you with respect. We will listen to you. We will explain our decisions.')
    const hard = measureReadability(
      'Applications for reconsideration will be determined expeditiously in accordance with the applicable statutory requirements and departmental guidance.',
    )
    assert.ok(plain.readingAge! <= 9, `plain: ${plain.readingAge}`)
    assert.ok(hard.readingAge! > 16, `hard: ${hard.readingAge}`)
  })

  it('never gives a grade below 0', () => {
    const r = measureReadability('We will help you.')
    assert.ok(fleschKincaidGrade(4, 1, 4) < 0)
    assert.equal(r.grade, 0)
    assert.equal(r.readingAge, 5)
  })

  it('gives no scores for text with no words', () => {
    const r = measureReadability('   ')
    assert.equal(r.wordCount, 0)
    assert.equal(r.sentenceCount, 0)
    assert.equal(r.grade, null)
    assert.equal(r.readingAge, null)
    assert.equal(r.readingEase, null)
  })
})
