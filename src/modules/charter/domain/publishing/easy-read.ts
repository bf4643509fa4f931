// The Easy Read version: its own text for each part of the charter (short sentences, one on each line), with a
// picture beside each, or an empty framed space where a picture can go. Sentences over 15 words are flagged for the
// writer, using the plain-English checker. Pure.
import { checkPlainEnglish } from '../plain-english/check.ts'
import type { CharterContent } from '../versions/content.ts'
import { lines, type EasyReadEntry, type EasyReadPicture, type TargetKind } from './model.ts'

/** Easy Read guidance: a sentence of more than this many words is too long. */
export const EASY_READ_MAX_SENTENCE_WORDS = 15

/** A part of a version that takes its own Easy Read text (and that a translation translates). */
export interface EasyReadTarget {
  key: string
  kind: Exclude<TargetKind, 'title' | 'section_introduction'>
  /** The section it is in (its title), for headings; null for the charter's introduction. */
  sectionKey: string | null
  sectionTitle: string | null
  /** The standard text, in English. */
  original: string
}

/** The parts that take Easy Read text, in reading order: the introduction, each section, each commitment and ask. */
export function easyReadTargets(content: CharterContent): EasyReadTarget[] {
  const out: EasyReadTarget[] = [{ key: 'introduction', kind: 'introduction', sectionKey: null, sectionTitle: null, original: content.introduction }]
  for (const s of content.sections) {
    const base = { sectionKey: s.key, sectionTitle: s.title }
    out.push({ key: s.key, kind: 'section', ...base, original: s.introduction.trim() ? `${s.title}\n\n${s.introduction}` : s.title })
    for (const c of s.commitments) out.push({ key: c.key, kind: 'commitment', ...base, original: c.text })
    for (const a of s.asks) out.push({ key: a.key, kind: 'ask', ...base, original: a.text })
  }
  return out
}

/** Plain-English warnings for Easy Read text: each sentence longer than 15 words. */
export function easyReadWarnings(text: string): string[] {
  if (!text.trim()) return []
  const report = checkPlainEnglish(text, { maxSentenceWords: EASY_READ_MAX_SENTENCE_WORDS, jargon: [] })
  return report.longSentences.map(
    s => `This sentence has ${s.words} words: “${s.text.trim()}”. Easy Read sentences should have ${EASY_READ_MAX_SENTENCE_WORDS} words or fewer.`,
  )
}

export interface EasyReadRow extends EasyReadTarget {
  /** The Easy Read text, one line per sentence; when none is written yet, the standard text. */
  lines: string[]
  /** False when no Easy Read text has been written for this part yet (the standard text is shown). */
  written: boolean
  picture: EasyReadPicture | null
  warnings: string[]
}

export interface EasyReadSection {
  key: string | null
  title: string | null
  rows: EasyReadRow[]
}

/** One row per part, grouped under the section headings, in reading order. */
export function easyReadRows(content: CharterContent, entries: readonly EasyReadEntry[]): EasyReadSection[] {
  const byKey = new Map(entries.map(e => [e.key, e]))
  const sections: EasyReadSection[] = []
  for (const target of easyReadTargets(content)) {
    const entry = byKey.get(target.key)
    const written = !!entry && entry.text.trim() !== ''
    if (!written && !target.original.trim() && !entry?.picture) continue
    const row: EasyReadRow = {
      ...target,
      lines: written ? lines(entry.text) : lines(target.original),
      written,
      picture: entry?.picture ?? null,
      warnings: written ? easyReadWarnings(entry.text) : [],
    }
    const last = sections.at(-1)
    if (last && last.key === target.sectionKey) last.rows.push(row)
    else sections.push({ key: target.sectionKey, title: target.sectionTitle, rows: [row] })
  }
  return sections
}
