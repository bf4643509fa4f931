// The plain-English check on a commitment or section (issue 7 item 5): reading age, long sentences, passive
// voice and jargon, with messages for the drafter and a summary per charter version. Pure and deterministic.
// See docs/charter/plain-english.md.
import { DEFAULT_JARGON } from './default-jargon.ts'
import { jargonMatcher, type JargonEntry, type JargonMatch, type JargonMatcher } from './jargon.ts'
import { findPassives, type PassiveMatch } from './passive.ts'
import { fleschKincaidGrade, measureReadability, readingAgeFromGrade, type TextSpan } from './readability.ts'

export const DEFAULT_MAX_SENTENCE_WORDS = 25
export const DEFAULT_TARGET_READING_AGE = 9

export interface PlainEnglishOptions {
  /** The jargon list to check against. Leave it out for DEFAULT_JARGON; pass [] to skip the jargon check. */
  jargon?: readonly JargonEntry[]
  /** Flag sentences with more words than this. Default 25. */
  maxSentenceWords?: number
  /** The reading age to aim for. Default 9. */
  targetReadingAge?: number
}

export interface LongSentence extends TextSpan {
  /** 0-based index of the sentence in the text. */
  index: number
  words: number
  text: string
}

export type PlainEnglishMessageKind = 'reading_age' | 'long_sentence' | 'passive' | 'jargon'

export interface PlainEnglishMessage {
  kind: PlainEnglishMessageKind
  /** Plain English, for the drafter. */
  text: string
  /** What the message is about, when it is about part of the text. */
  start?: number
  end?: number
}

export interface PlainEnglishReport {
  /** UK reading age (Flesch-Kincaid grade + 5), 1 decimal place; null for text with no words. */
  readingAge: number | null
  grade: number | null
  readingEase: number | null
  targetReadingAge: number
  maxSentenceWords: number
  /** The reading age is at or under the target (true for text with no words). */
  meetsTarget: boolean
  /** Meets the target, with no long sentences, passives or jargon. */
  passes: boolean
  longSentences: LongSentence[]
  passives: PassiveMatch[]
  jargon: JargonMatch[]
  counts: {
    words: number
    sentences: number
    syllables: number
    longSentences: number
    passives: number
    jargon: number
  }
  /** What to change, in the order it appears in the text (the reading age first). */
  messages: PlainEnglishMessage[]
}

const matcherCache = new WeakMap<readonly JargonEntry[], JargonMatcher>()
function matcherFor(entries: readonly JargonEntry[]): JargonMatcher {
  let matcher = matcherCache.get(entries)
  if (!matcher) {
    matcher = jargonMatcher(entries)
    matcherCache.set(entries, matcher)
  }
  return matcher
}

function optionsOf(options: PlainEnglishOptions | undefined) {
  const maxSentenceWords = options?.maxSentenceWords ?? DEFAULT_MAX_SENTENCE_WORDS
  const targetReadingAge = options?.targetReadingAge ?? DEFAULT_TARGET_READING_AGE
  if (!Number.isInteger(maxSentenceWords) || maxSentenceWords < 1) {
    throw new RangeError('maxSentenceWords must be a whole number, 1 or more')
  }
  if (!Number.isFinite(targetReadingAge) || targetReadingAge < 5) {
    throw new RangeError('targetReadingAge must be a number, 5 or more')
  }
  return { maxSentenceWords, targetReadingAge, jargon: options?.jargon ?? DEFAULT_JARGON }
}

const quote = (s: string) => `"${s}"`

function orList(items: readonly string[]): string {
  const quoted = items.map(quote)
  if (quoted.length <= 1) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
}

function formatAge(age: number): string {
  return Number.isInteger(age) ? String(age) : age.toFixed(1)
}

/** A reading age for a message: a whole number, and "over 20" past the point where the formula means anything. */
function aboutAge(age: number): string {
  return age > 20 ? 'over 20' : `about ${Math.round(age)}`
}

/** Check one piece of charter text: a commitment, a section, a heading. */
export function checkPlainEnglish(text: string, options?: PlainEnglishOptions): PlainEnglishReport {
  const { maxSentenceWords, targetReadingAge, jargon: entries } = optionsOf(options)
  const readability = measureReadability(text)
  const longSentences: LongSentence[] = readability.sentences
    .filter(s => s.wordCount > maxSentenceWords)
    .map(s => ({ index: s.index, start: s.start, end: s.end, words: s.wordCount, text: s.text }))
  const passives = findPassives(text)
  const jargon = entries.length === 0 ? [] : matcherFor(entries).find(text)
  const meetsTarget = readability.readingAge === null || readability.readingAge <= targetReadingAge

  const located: PlainEnglishMessage[] = []
  const single = readability.sentenceCount === 1
  for (const s of longSentences) {
    located.push({
      kind: 'long_sentence',
      text: `${single ? 'This sentence' : `Sentence ${s.index + 1}`} has ${s.words} words. Try to keep sentences to ${maxSentenceWords} words or fewer.`,
      start: s.start,
      end: s.end,
    })
  }
  for (const p of passives) {
    const text = p.agent
      ? `${quote(p.phrase)} puts who does it at the end. Start with them, for example: ${quote(p.example)}`
      : `${quote(p.phrase)} does not say who does it. In a charter this is usually "we", for example: ${quote(p.example)}`
    located.push({ kind: 'passive', text, start: p.start, end: p.end })
  }
  for (const j of jargon) {
    located.push({
      kind: 'jargon',
      text: `${quote(j.text)} may be hard to understand. Try ${orList(j.plainer)}.${j.note ? ` ${j.note}` : ''}`,
      start: j.start,
      end: j.end,
    })
  }
  located.sort((a, b) => a.start! - b.start! || b.end! - a.end!)
  const messages: PlainEnglishMessage[] = []
  if (!meetsTarget && readability.readingAge !== null) {
    messages.push({
      kind: 'reading_age',
      text: `The reading age is ${aboutAge(readability.readingAge)}. Aim for ${formatAge(targetReadingAge)} or under: use shorter sentences and shorter, everyday words.`,
    })
  }
  messages.push(...located)

  return {
    readingAge: readability.readingAge,
    grade: readability.grade,
    readingEase: readability.readingEase,
    targetReadingAge,
    maxSentenceWords,
    meetsTarget,
    passes: meetsTarget && longSentences.length === 0 && passives.length === 0 && jargon.length === 0,
    longSentences,
    passives,
    jargon,
    counts: {
      words: readability.wordCount,
      sentences: readability.sentenceCount,
      syllables: readability.syllableCount,
      longSentences: longSentences.length,
      passives: passives.length,
      jargon: jargon.length,
    },
    messages,
  }
}

export interface VersionItem {
  id: string
  label: string
  text: string
}

export interface VersionItemSummary {
  id: string
  label: string
  readingAge: number | null
  meetsTarget: boolean
  passes: boolean
  longSentences: number
  passives: number
  jargon: number
  /** Long sentences + passives + jargon, + 1 if the reading age is over the target. */
  problems: number
}

export interface VersionSummary {
  targetReadingAge: number
  /** Reading age of all the items' text together; null when there is no text. */
  readingAge: number | null
  itemCount: number
  itemsOverTarget: number
  itemsPassing: number
  totals: { words: number; sentences: number; longSentences: number; passives: number; jargon: number }
  /** Every item, worst first: most problems, then highest reading age, then the order given. */
  items: VersionItemSummary[]
  /** A few sentences for the version's page, in plain English. */
  messages: string[]
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`

/** The plain-English summary of a charter version: one entry per commitment or section, worst first. */
export function summariseVersion(items: readonly VersionItem[], options?: PlainEnglishOptions): VersionSummary {
  const { targetReadingAge } = optionsOf(options)
  const reports = items.map(item => ({ item, report: checkPlainEnglish(item.text, options) }))
  const summaries = reports.map(({ item, report }, order) => ({
    order,
    summary: {
      id: item.id,
      label: item.label,
      readingAge: report.readingAge,
      meetsTarget: report.meetsTarget,
      passes: report.passes,
      longSentences: report.counts.longSentences,
      passives: report.counts.passives,
      jargon: report.counts.jargon,
      problems: report.counts.longSentences + report.counts.passives + report.counts.jargon + (report.meetsTarget ? 0 : 1),
    },
  }))
  summaries.sort(
    (a, b) =>
      b.summary.problems - a.summary.problems ||
      (b.summary.readingAge ?? -1) - (a.summary.readingAge ?? -1) ||
      a.order - b.order,
  )
  const sum = (pick: (r: PlainEnglishReport) => number) => reports.reduce((n, { report }) => n + pick(report), 0)
  const totals = {
    words: sum(r => r.counts.words),
    sentences: sum(r => r.counts.sentences),
    longSentences: sum(r => r.counts.longSentences),
    passives: sum(r => r.counts.passives),
    jargon: sum(r => r.counts.jargon),
  }
  // The whole version's reading age, from the items' counts added together.
  const syllables = sum(r => r.counts.syllables)
  const wholeGrade =
    totals.words === 0 ? null : Math.max(0, Math.round(fleschKincaidGrade(totals.words, totals.sentences, syllables) * 10) / 10)
  const whole = wholeGrade === null ? null : Math.round(readingAgeFromGrade(wholeGrade) * 10) / 10
  const itemsOverTarget = summaries.filter(s => !s.summary.meetsTarget).length
  const itemsPassing = summaries.filter(s => s.summary.passes).length

  const messages: string[] = []
  if (items.length > 0 && whole !== null) {
    messages.push(`The reading age of the whole version is ${aboutAge(whole)}. The aim is ${formatAge(targetReadingAge)} or under.`)
  }
  if (items.length > 0) {
    messages.push(
      itemsOverTarget === 0
        ? items.length === 1
          ? 'The item meets the reading age aim.'
          : `All ${items.length.toLocaleString('en-GB')} items meet the reading age aim.`
        : `${plural(itemsOverTarget, 'item', 'items')} of ${items.length.toLocaleString('en-GB')} ${itemsOverTarget === 1 ? 'has' : 'have'} a reading age over ${formatAge(targetReadingAge)}.`,
    )
    messages.push(
      `There ${totals.longSentences === 1 ? 'is' : 'are'} ${plural(totals.longSentences, 'long sentence', 'long sentences')}, ${plural(totals.passives, 'passive', 'passives')} and ${plural(totals.jargon, 'jargon word', 'jargon words')}.`,
    )
  }
  return {
    targetReadingAge,
    readingAge: whole,
    itemCount: items.length,
    itemsOverTarget,
    itemsPassing,
    totals,
    items: summaries.map(s => s.summary),
    messages,
  }
}
