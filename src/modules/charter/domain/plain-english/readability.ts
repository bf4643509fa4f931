// Words, sentences and reading age (Flesch-Kincaid) for charter text. Pure functions. Every offset is an index
// into the text it was given, so a page can highlight what a measure refers to. See docs/charter/plain-english.md.
import { countSyllables } from './syllables.ts'

/** Where something is in the original text: text.slice(start, end). */
export interface TextSpan {
  start: number
  end: number
}

export interface WordToken extends TextSpan {
  text: string
  syllables: number
}

export interface Sentence extends TextSpan {
  /** 0-based position among the text's sentences. */
  index: number
  text: string
  words: WordToken[]
  /** A line of a bulleted or numbered list, counted as a sentence of its own. */
  isListItem: boolean
}

export interface ReadabilityScores {
  wordCount: number
  syllableCount: number
  /** Flesch-Kincaid grade (US school grade), 1 decimal place, never below 0. Null when there are no words. */
  grade: number | null
  /** UK reading age: the grade plus 5. Null when there are no words. */
  readingAge: number | null
  /** Flesch reading ease: higher is easier; 60 to 70 is plain English. Null when there are no words. */
  readingEase: number | null
}

export interface SentenceReadability extends ReadabilityScores, TextSpan {
  index: number
  text: string
  isListItem: boolean
}

export interface TextReadability extends ReadabilityScores {
  sentenceCount: number
  sentences: SentenceReadability[]
}

// A dotted abbreviation ("e.g.", "U.K."), a number ("1,000", "3.5", "21st", "25%", "£20"), or a word with
// apostrophes or hyphens inside it ("don't", "well-being", "Covid-19").
const WORD =
  /(?:\p{L}\.){2,}|[£$€]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:(?:st|nd|rd|th|bn|[pmk])(?!\p{L})|%)?|[\p{L}\p{M}]+(?:['’\-‐][\p{L}\p{M}\p{N}]+)*/gu

/** The words between from and to (default: the whole text), with their offsets and syllables. */
export function tokenizeWords(text: string, from = 0, to = text.length): WordToken[] {
  const out: WordToken[] = []
  const slice = text.slice(from, to)
  for (const m of slice.matchAll(WORD)) {
    const start = from + m.index
    out.push({ start, end: start + m[0].length, text: m[0], syllables: Math.max(1, countSyllables(m[0])) })
  }
  return out
}

// A bullet or number at the start of a line: "- ", "* ", "• ", "1. ", "2) ", "(a) ", "b) ".
const LIST_MARKER = /^[ \t]*(?:[-*•–·▪◦]|\(?\d{1,2}[.)]|\(?[a-z]\))[ \t]+/

// Words that end with a full stop without ending a sentence. Lower case, without the final full stop.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'vs', 'v', 'approx', 'cf', 'tel', 'jan', 'feb', 'apr', 'jun', 'jul', 'aug',
  'sep', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'a.m', 'p.m', 'inc', 'ltd', 'govt', 'dept',
])
// Abbreviations that only come before a number: "No. 5", "para. 12", "s. 3". Elsewhere "no." ends a sentence.
const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'art', 'arts', 'sec', 'ch', 'pt', 'vol', 'fig', 'para', 'paras', 'reg', 'regs', 'sch', 's', 'ss', 'p', 'pp', 'ref'])

interface Segment {
  start: number
  end: number
  isListItem: boolean
}

/** Lines grouped into blocks: a blank line, a list item or a finished line ends a block. */
function segments(text: string): Segment[] {
  const lines: { start: number; end: number; contentStart: number; isListItem: boolean; blank: boolean }[] = []
  let pos = 0
  for (const line of text.split(/\r\n|\r|\n/)) {
    const start = pos
    const end = start + line.length
    pos = end + (text.startsWith('\r\n', end) ? 2 : 1)
    const marker = LIST_MARKER.exec(line)
    const contentStart = start + (marker ? marker[0].length : line.length - line.trimStart().length)
    lines.push({ start, end, contentStart, isListItem: marker !== null, blank: line.trim() === '' })
  }
  const out: Segment[] = []
  let current: Segment | null = null
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.blank) {
      if (current) out.push(current)
      current = null
      continue
    }
    // A line that starts with a small letter carries on the sentence before it (text wrapped by hand).
    const carriesOn = !line.isListItem && /^\p{Ll}/u.test(text.slice(line.contentStart, line.contentStart + 1))
    const previousFinished = current !== null && /[.!?:;…]['"’”)\]]*\s*$/.test(text.slice(current.start, current.end))
    if (current && carriesOn && !previousFinished) {
      current.end = line.end
    } else {
      if (current) out.push(current)
      current = { start: line.contentStart, end: line.end, isListItem: line.isListItem }
    }
  }
  if (current) out.push(current)
  return out
}

/** Is the full stop at `dot` part of an abbreviation, an initial or a number, rather than the end of a sentence? */
function isAbbreviationDot(text: string, dot: number, segmentStart: number): boolean {
  let i = dot - 1
  while (i >= segmentStart && /[\p{L}.]/u.test(text[i]!)) i--
  const word = text.slice(i + 1, dot).toLowerCase()
  if (word === '') return false
  if (ABBREVIATIONS.has(word)) return true
  if (NUMBER_ABBREVIATIONS.has(word) && /^\s*\d/.test(text.slice(dot + 1, dot + 4))) return true
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true // "e.g", "U.K"
  return /^\p{Lu}$/u.test(text.slice(i + 1, dot)) // an initial: "J. Smith"
}

/** Split text into sentences. Each line of a list is a sentence; so is a heading or any line on its own. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = []
  const push = (start: number, end: number, isListItem: boolean) => {
    while (start < end && /\s/.test(text[start]!)) start++
    while (end > start && /\s/.test(text[end - 1]!)) end--
    const words = tokenizeWords(text, start, end)
    if (words.length === 0) return
    out.push({ index: out.length, start, end, text: text.slice(start, end), words, isListItem })
  }
  for (const segment of segments(text)) {
    let sentenceStart = segment.start
    const body = text.slice(segment.start, segment.end)
    // A run of . ! ? (or …), any closing quotes or brackets, then a space and something that can start a sentence.
    const END = /[.!?…]+['"’”)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}£$€]|\s*$)/gu
    for (const m of body.matchAll(END)) {
      const at = segment.start + m.index
      const end = at + m[0].length
      if (m[0] === '.' && isAbbreviationDot(text, at, segment.start)) continue
      push(sentenceStart, end, segment.isListItem)
      sentenceStart = end
    }
    push(sentenceStart, segment.end, segment.isListItem)
  }
  return out
}

const round1 = (n: number) => Math.round(n * 10) / 10

/** Flesch-Kincaid grade: 0.39 (words / sentences) + 11.8 (syllables / words) - 15.59. */
export function fleschKincaidGrade(words: number, sentences: number, syllables: number): number {
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
}

/** Flesch reading ease: 206.835 - 1.015 (words / sentences) - 84.6 (syllables / words). */
export function fleschReadingEase(words: number, sentences: number, syllables: number): number {
  return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)
}

/** The UK convention: a reading age is the US school grade plus 5 (grade 4 is a reading age of 9). */
export function readingAgeFromGrade(grade: number): number {
  return grade + 5
}

function scores(wordCount: number, sentenceCount: number, syllableCount: number): ReadabilityScores {
  if (wordCount === 0 || sentenceCount === 0) {
    return { wordCount, syllableCount, grade: null, readingAge: null, readingEase: null }
  }
  const grade = Math.max(0, round1(fleschKincaidGrade(wordCount, sentenceCount, syllableCount)))
  return {
    wordCount,
    syllableCount,
    grade,
    readingAge: round1(readingAgeFromGrade(grade)),
    readingEase: round1(fleschReadingEase(wordCount, sentenceCount, syllableCount)),
  }
}

/** Reading age, grade and reading ease for the whole text and for each sentence. */
export function measureReadability(text: string): TextReadability {
  const sentences = splitSentences(text)
  const perSentence: SentenceReadability[] = sentences.map(s => ({
    index: s.index,
    start: s.start,
    end: s.end,
    text: s.text,
    isListItem: s.isListItem,
    ...scores(
      s.words.length,
      1,
      s.words.reduce((n, w) => n + w.syllables, 0),
    ),
  }))
  const wordCount = perSentence.reduce((n, s) => n + s.wordCount, 0)
  const syllableCount = perSentence.reduce((n, s) => n + s.syllableCount, 0)
  return { ...scores(wordCount, sentences.length, syllableCount), sentenceCount: sentences.length, sentences: perSentence }
}
