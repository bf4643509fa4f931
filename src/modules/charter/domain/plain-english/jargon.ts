// Jargon: words and phrases with plainer alternatives, found as whole words, in any case, with simple endings
// ("facilitate", "facilitates", "facilitated", "facilitating"). An organisation can keep its own list as text,
// one entry a line: `term => plainer, plainer | note`. See docs/charter/plain-english.md.
import type { TextSpan } from './readability.ts'

export interface JargonEntry {
  term: string
  plainer: string[]
  note?: string
}

export interface JargonMatch extends TextSpan {
  /** The words as written in the text. */
  text: string
  /** The entry's term, as in the list. */
  term: string
  plainer: string[]
  note?: string
}

export interface JargonListError {
  /** 1-based line number in the text given. */
  line: number
  message: string
}

export interface ParsedJargonList {
  entries: JargonEntry[]
  errors: JargonListError[]
}

export const MAX_JARGON_ENTRIES = 1000
export const MAX_TERM_LENGTH = 60
export const MAX_PLAINER_LENGTH = 100

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One word of a term as a pattern, with its simple endings: -s, -es, -ed, -ing (and -y to -ies, -ied). */
function wordPattern(word: string, inflect: boolean): string {
  const w = escape(word).replace(/['’]/g, "['’]")
  if (!inflect || !/^\p{L}+$/u.test(word)) return w
  if (/[^aeiou]y$/i.test(word)) return `${escape(word.slice(0, -1))}(?:y|ies|ied|ying)`
  if (/e$/i.test(word)) return `${escape(word.slice(0, -1))}(?:e|es|ed|ing)`
  return `${w}(?:s|es|ed|ing)?`
}

function termPattern(term: string): string {
  const words = term.trim().split(/[\s-]+/).filter(w => w !== '')
  // Each word of 4 letters or more may take an ending ("in receipt of" also finds "in receipts of"); short words
  // ("in", "of", "to") must match exactly.
  return words.map(w => wordPattern(w, w.length >= 4)).join('[\\s-]+')
}

/** A matcher built once for a list, so checking many texts against the same list is cheap. */
export interface JargonMatcher {
  find(text: string): JargonMatch[]
}

export function jargonMatcher(entries: readonly JargonEntry[]): JargonMatcher {
  const usable = entries.filter(e => e.term.trim() !== '')
  if (usable.length === 0) return { find: () => [] }
  // Longest terms first, so "in accordance with" wins over a shorter entry inside it.
  const ordered = [...usable].sort((a, b) => b.term.length - a.term.length)
  const source = ordered.map((e, i) => `(?<t${i}>${termPattern(e.term)})`).join('|')
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'giu')
  return {
    find(text: string): JargonMatch[] {
      const out: JargonMatch[] = []
      for (const m of text.matchAll(regex)) {
        const groups = m.groups ?? {}
        const index = ordered.findIndex((_, i) => groups[`t${i}`] !== undefined)
        const entry = ordered[index]
        if (!entry) continue
        out.push({
          start: m.index,
          end: m.index + m[0].length,
          text: m[0],
          term: entry.term,
          plainer: [...entry.plainer],
          ...(entry.note ? { note: entry.note } : {}),
        })
      }
      return out
    },
  }
}

/** Every use of a listed term in the text, in order. Overlaps go to the longer term. */
export function findJargon(text: string, entries: readonly JargonEntry[]): JargonMatch[] {
  return jargonMatcher(entries).find(text)
}

const TERM_CHARACTERS = /^[\p{L}\p{N}][\p{L}\p{N}\s'’-]*$/u

/**
 * Read a jargon list written as text, one entry a line:
 *
 *     utilise => use
 *     in accordance with => under, as set out in
 *     claimant => you, the person | Say "you" when you mean the reader.
 *
 * Blank lines and lines starting with # are ignored. Errors say which line and what to change, in plain English.
 */
export function parseJargonList(text: string): ParsedJargonList {
  const entries: JargonEntry[] = []
  const errors: JargonListError[] = []
  const seen = new Map<string, number>()
  const lines = text.split(/\r\n|\r|\n/)
  lines.forEach((raw, i) => {
    const line = i + 1
    const content = raw.trim()
    if (content === '' || content.startsWith('#')) return
    const arrow = content.indexOf('=>')
    if (arrow < 0) {
      errors.push({ line, message: `Line ${line}: put "=>" between the word and the plainer words, for example "utilise => use".` })
      return
    }
    const term = content.slice(0, arrow).trim().replace(/\s+/g, ' ')
    const rest = content.slice(arrow + 2)
    const bar = rest.indexOf('|')
    const plainerText = bar < 0 ? rest : rest.slice(0, bar)
    const note = bar < 0 ? '' : rest.slice(bar + 1).trim()
    const plainer = plainerText
      .split(',')
      .map(p => p.trim().replace(/\s+/g, ' '))
      .filter(p => p !== '')
    if (term === '') {
      errors.push({ line, message: `Line ${line}: write the word or phrase to avoid before "=>".` })
      return
    }
    if (term.length > MAX_TERM_LENGTH) {
      errors.push({ line, message: `Line ${line}: the word or phrase must be ${MAX_TERM_LENGTH} characters or fewer.` })
      return
    }
    if (!TERM_CHARACTERS.test(term)) {
      errors.push({
        line,
        message: `Line ${line}: the word or phrase can only have letters, numbers, spaces, hyphens and apostrophes.`,
      })
      return
    }
    if (plainer.length === 0) {
      errors.push({ line, message: `Line ${line}: write at least one plainer word after "=>", for example "utilise => use".` })
      return
    }
    if (plainer.some(p => p.length > MAX_PLAINER_LENGTH)) {
      errors.push({ line, message: `Line ${line}: each plainer word or phrase must be ${MAX_PLAINER_LENGTH} characters or fewer.` })
      return
    }
    if (note.includes('=>')) {
      errors.push({ line, message: `Line ${line}: put each word on a line of its own. This line has "=>" twice.` })
      return
    }
    const key = term.toLowerCase()
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      errors.push({ line, message: `Line ${line}: "${term}" is already on line ${earlier}. Keep one of them.` })
      return
    }
    seen.set(key, line)
    entries.push(note === '' ? { term, plainer } : { term, plainer, note })
  })
  if (entries.length > MAX_JARGON_ENTRIES) {
    errors.push({
      line: lines.length,
      message: `The list has ${entries.length} entries. It can have up to ${MAX_JARGON_ENTRIES.toLocaleString('en-GB')}.`,
    })
  }
  return { entries, errors }
}

/** Write a list as text that parseJargonList reads back to the same entries (for an edit page). */
export function formatJargonList(entries: readonly JargonEntry[]): string {
  return entries
    .map(e => `${e.term} => ${e.plainer.join(', ')}${e.note ? ` | ${e.note.replace(/\s+/g, ' ')}` : ''}`)
    .join('\n')
}
