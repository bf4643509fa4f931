// The published charter as data for a page or a PDF: headings per section, numbered commitments ("We will ..."),
// "What we ask of you", which principles each commitment delivers, the approval line and the review date. Pure.
import { dateInWords, paragraphs, type CharterDocumentInput, type CharterPage } from './model.ts'

/** Commitments are numbered through the whole charter (1, 2, 3 ...), so "commitment 7" names one in a version. */
export function charterPage(input: CharterDocumentInput): CharterPage {
  const titles = new Map(input.principles.map(p => [p.key, p.title]))
  let n = 0
  return {
    lang: input.lang,
    title: input.content.title,
    introduction: paragraphs(input.content.introduction),
    versionLine: `Version ${input.versionNumber}`,
    approvalLine: input.approval ? `Approved by ${input.approval.body} on ${dateInWords(input.approval.approvedOn)}.` : null,
    reviewLine: input.reviewDueOn ? `We will review this charter by ${dateInWords(input.reviewDueOn)}.` : null,
    sections: input.content.sections.map((section, s) => ({
      key: section.key,
      number: s + 1,
      title: section.title,
      introduction: paragraphs(section.introduction),
      commitments: section.commitments.map(c => ({
        key: c.key,
        number: ++n,
        text: c.text.trim(),
        principles: c.principleKeys.map(k => titles.get(k) ?? k),
      })),
      asks: section.asks.map(a => ({ key: a.key, text: a.text.trim() })),
    })),
  }
}

/** Labels of the charter's fixed headings. Translations keep them in English (marked as English on the page). */
export const LABELS = {
  commitments: 'What we will do',
  asks: 'What we ask of you',
  principles: 'This delivers',
  about: 'About this charter',
  contents: 'Contents',
} as const
