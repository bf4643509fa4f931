// The parts of a version people comment on, numbered the same way on screen and in the printed review pack so that
// someone on the phone can say "comment on 2.3": the title, the introduction, each section (its title and
// introduction: "2") and each commitment and "what we ask of you" item in it ("2.1", "2.2" ...: commitments first).
import type { CharterContent } from '../versions/content.ts'

export type TargetKind = 'title' | 'introduction' | 'section' | 'commitment' | 'ask'

export interface ReviewTarget {
  /** What a comment's target_key holds: 'title', 'introduction', or the section's or item's key. */
  key: string
  kind: TargetKind
  /** "Title", "Introduction", "2", "2.3". */
  number: string
  /** How it is named in lists and forms: "2.3 We will answer your letters within 10 working days". */
  label: string
  /** The text of that part (a section's is its title, then its introduction). */
  text: string
  /** Index of the section it belongs to, or null for the title and introduction. */
  sectionIndex: number | null
}

const KIND_NAMES: Record<TargetKind, string> = {
  title: 'The title',
  introduction: 'The introduction',
  section: 'Section',
  commitment: 'Commitment',
  ask: 'What we ask of you',
}

export function kindName(kind: TargetKind): string {
  return KIND_NAMES[kind]
}

function short(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ').trim()
  return one.length > max ? `${one.slice(0, max - 1).trimEnd()}…` : one
}

/** Every part of the version people can comment on, in reading order. */
export function reviewTargets(content: CharterContent): ReviewTarget[] {
  const out: ReviewTarget[] = [{ key: 'title', kind: 'title', number: 'Title', label: `Title: ${short(content.title)}`, text: content.title, sectionIndex: null }]
  if (content.introduction.trim()) {
    out.push({ key: 'introduction', kind: 'introduction', number: 'Introduction', label: `Introduction: ${short(content.introduction)}`, text: content.introduction, sectionIndex: null })
  }
  content.sections.forEach((section, s) => {
    const n = String(s + 1)
    out.push({
      key: section.key,
      kind: 'section',
      number: n,
      label: `${n} ${short(section.title)}`,
      text: section.introduction.trim() ? `${section.title}\n\n${section.introduction}` : section.title,
      sectionIndex: s,
    })
    let i = 0
    for (const c of section.commitments) {
      i += 1
      out.push({ key: c.key, kind: 'commitment', number: `${n}.${i}`, label: `${n}.${i} ${short(c.text)}`, text: c.text, sectionIndex: s })
    }
    for (const a of section.asks) {
      i += 1
      out.push({ key: a.key, kind: 'ask', number: `${n}.${i}`, label: `${n}.${i} ${short(a.text)}`, text: a.text, sectionIndex: s })
    }
  })
  return out
}

/** The target with this key, or undefined when the version has no such part. */
export function findTarget(targets: readonly ReviewTarget[], key: string): ReviewTarget | undefined {
  return targets.find(t => t.key === key)
}
