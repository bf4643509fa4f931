// Splitting an item into segments, the unit of coding (issue 6, item 2): roughly one sentence each. Offsets index into
// the original text (text.slice(start, end) === segment.text) so the app can show a segment in its context.
//
// Sentence ends are . ! ? (with any closing quotes or brackets) followed by a space, and line breaks and bullet points.
// Not a sentence end: abbreviations (Mr. Dr. e.g. i.e. etc. St. No. 5, approx.), initials ("J. Smith"), decimals and
// amounts (£1.50), ellipses ("I waited... and waited"). Fragments shorter than minChars (default 20) are merged into
// the segment before (or after, for the first); sentences longer than maxChars (default 600) are split at "; " and
// then ", " boundaries. Pure and deterministic.

export interface Segment {
  /** 1 for the first segment of the item. */
  ordinal: number
  start: number
  end: number
  text: string
}

export interface SegmentOptions {
  minChars?: number
  maxChars?: number
}

const ABBREVIATIONS: ReadonlySet<string> = new Set(
  (
    'mr mrs ms mx dr prof rev revd st mt ft jr sr snr jnr esq cllr capt col gen lt sgt insp supt ' +
    'e.g eg i.e ie etc approx vs v cf al viz inc ltd co corp dept govt est tel ext ref fig ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun ' +
    'min mins hr hrs wk wks yr yrs ave rd sq cres gdns nr opp'
  ).split(' '),
)

/** Abbreviations that end a sentence unless a number follows ("No. 5", "Vol. 2"). */
const BEFORE_NUMBER: ReadonlySet<string> = new Set(['no', 'nos', 'vol', 'pp', 'p', 'para', 'art', 'sec', 'ch', 'op'])

const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '»'])
// A bullet at the start of a line: "-", "*", "•", "–", "·", "1.", "1)", "a)", "(a)", "i.".
const BULLET = /^[ \t]*(?:[-*•·–—▪●◦]|\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)])[ \t]+/
/** Where a sentence may end: terminators, line breaks and bullets in the middle of a line. */
const BOUNDARY = /[.!?…\n\r•▪●◦]/g
/** The start of a line up to a numbered list's dot ("1", "  b", "(iv"). */
const LIST_NUMBER = /^[ \t]*\(?(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})$/

/** The word just before position i (the dot), lower-cased, with its inner dots ("e.g"). */
function wordBefore(text: string, i: number): string {
  let j = i - 1
  while (j >= 0 && /[\p{L}.]/u.test(text[j]!)) j--
  return text.slice(j + 1, i).toLowerCase()
}

/** True when the full stop at i ends a sentence. */
function isSentenceDot(text: string, i: number): boolean {
  const prev = text[i - 1]
  const next = text[i + 1]
  // Ellipses: "..." (the last dot is followed by a space, so check the run) and decimals ("1.50": no space after).
  if (prev === '.' || next === '.') return false
  const word = wordBefore(text, i)
  if (word === '') return true
  if (ABBREVIATIONS.has(word)) return false
  // Initials: a single capital letter ("J. Smith"), and dotted abbreviations such as "U.K." followed by lower case.
  if (word.length === 1 && /\p{Lu}/u.test(text[i - 1]!)) return false
  if (BEFORE_NUMBER.has(word)) {
    let k = i + 1
    while (text[k] === ' ') k++
    if (/\d/.test(text[k] ?? '')) return false
  }
  if (word.includes('.')) {
    // "U.K. and" continues; "U.K. Then" ends.
    let k = i + 1
    while (text[k] === ' ') k++
    if (/\p{Ll}/u.test(text[k] ?? '')) return false
  }
  return true
}

/** Raw sentence spans (before trimming, merging and splitting). */
function sentenceSpans(text: string): [number, number][] {
  const spans: [number, number][] = []
  let start = 0
  const n = text.length
  const cut = (end: number, next: number): void => {
    spans.push([start, end])
    start = next
  }
  BOUNDARY.lastIndex = 0
  let found: RegExpExecArray | null
  while ((found = BOUNDARY.exec(text)) !== null) {
    const i = found.index
    const c = found[0]
    if (c === '\n' || c === '\r' || c === '•' || c === '▪' || c === '●' || c === '◦') {
      cut(i, i + 1)
      continue
    }
    // The whole run of terminators ("?!", "!!!") and closing quotes or brackets after it.
    let j = i
    while (j + 1 < n && (text[j + 1] === '!' || text[j + 1] === '?' || (c !== '.' && text[j + 1] === '.'))) j++
    while (j + 1 < n && CLOSERS.has(text[j + 1]!)) j++
    BOUNDARY.lastIndex = j + 1
    const after = text[j + 1]
    if (after !== undefined && after !== ' ' && after !== '\t' && after !== '\n' && after !== '\r' && after !== '\u00a0') continue
    if (c === '…') continue
    if (c === '.' && (!isSentenceDot(text, i) || LIST_NUMBER.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i)))) continue
    cut(j + 1, j + 1)
  }
  if (start < n) spans.push([start, n])
  return spans
}

/** Trim white space and a leading bullet marker; null when nothing with a letter or digit is left. */
function trimSpan(text: string, start: number, end: number): [number, number] | null {
  const bullet = BULLET.exec(text.slice(start, end))
  if (bullet) start += bullet[0].length
  while (start < end && /\s/.test(text[start]!)) start++
  while (end > start && /\s/.test(text[end - 1]!)) end--
  if (!/[\p{L}\p{N}]/u.test(text.slice(start, end))) return null
  return [start, end]
}

/** Split a long span at "; " then ", " then a space, each piece at most maxChars where possible. */
function splitLong(text: string, start: number, end: number, minChars: number, maxChars: number): [number, number][] {
  const out: [number, number][] = []
  let from = start
  while (end - from > maxChars) {
    const limit = from + maxChars
    let at = -1
    for (const mark of [';', ',', ' ']) {
      for (let k = limit; k > from + minChars; k--) {
        const isBreak = mark === ' ' ? text[k] === ' ' : text[k - 1] === mark && /\s/.test(text[k] ?? '')
        if (isBreak) {
          at = k
          break
        }
      }
      if (at > 0) break
    }
    if (at < 0) at = limit
    const piece = trimSpan(text, from, at)
    if (piece) out.push(piece)
    from = at
  }
  const last = trimSpan(text, from, end)
  if (last) out.push(last)
  return out
}

/** The segments of a text: sentences, short fragments merged, long sentences split. See the top of this file. */
export function splitSegments(text: string, options: SegmentOptions = {}): Segment[] {
  const minChars = options.minChars ?? 20
  const maxChars = Math.max(options.maxChars ?? 600, minChars + 1)
  const trimmed: [number, number][] = []
  for (const [s, e] of sentenceSpans(text)) {
    const span = trimSpan(text, s, e)
    if (span) trimmed.push(span)
  }
  // Merge fragments shorter than minChars into the segment before (the first one into the next).
  const merged: [number, number][] = []
  for (const span of trimmed) {
    const last = merged[merged.length - 1]
    if (last && (span[1] - span[0] < minChars || last[1] - last[0] < minChars)) last[1] = span[1]
    else merged.push([span[0], span[1]])
  }
  const segments: Segment[] = []
  for (const [s, e] of merged) {
    const pieces = e - s > maxChars ? splitLong(text, s, e, minChars, maxChars) : [[s, e] as [number, number]]
    for (const [start, end] of pieces) segments.push({ ordinal: segments.length + 1, start, end, text: text.slice(start, end) })
  }
  return segments
}
