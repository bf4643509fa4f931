// The plain-English check as the pages show it: the reading age against the aim, what to change, and the text with
// the words each message is about marked (escaped first; <mark> is announced by screen readers as highlighted).
import type { PlainEnglishReport } from '../../../domain/plain-english/check.ts'

export interface CheckView {
  readingAge: string
  target: string
  meetsTarget: boolean
  passes: boolean
  /** "No problems found" or "3 things to look at". */
  verdict: string
  messages: string[]
  /** The text, escaped, with flagged words in <mark>. */
  markedHtml: string
  /** Some words are marked. */
  marked: boolean
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function age(n: number | null): string {
  if (n === null) return 'not known (no words yet)'
  return n > 20 ? 'over 20' : String(Math.round(n))
}

/** Mark the spans the messages are about (long sentences, passives, jargon), merging any that overlap. */
export function markText(text: string, report: PlainEnglishReport): string {
  const spans = report.messages
    .filter(m => m.start !== undefined && m.end !== undefined && m.kind !== 'long_sentence')
    .map(m => [m.start!, m.end!] as [number, number])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: [number, number][] = []
  for (const [s, e] of spans) {
    const last = merged[merged.length - 1]
    if (last && s <= last[1]) last[1] = Math.max(last[1], e)
    else merged.push([s, e])
  }
  let out = ''
  let at = 0
  for (const [s, e] of merged) {
    out += escapeHtml(text.slice(at, s))
    out += `<mark class="app-plain-english__mark">${escapeHtml(text.slice(s, e))}</mark>`
    at = e
  }
  out += escapeHtml(text.slice(at))
  return out.replace(/\n/g, '<br>')
}

export function checkView(text: string, report: PlainEnglishReport): CheckView {
  const problems = report.messages.length
  const markedHtml = markText(text, report)
  return {
    readingAge: age(report.readingAge),
    target: String(report.targetReadingAge),
    meetsTarget: report.meetsTarget,
    passes: report.passes,
    verdict: problems === 0 ? 'No problems found' : `${problems} ${problems === 1 ? 'thing' : 'things'} to look at`,
    messages: report.messages.map(m => m.text),
    markedHtml,
    marked: markedHtml.includes('<mark'),
  }
}
