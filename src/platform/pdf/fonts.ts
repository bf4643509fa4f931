// The typeface of every PDF we make for people to read: Atkinson Hyperlegible (SIL Open Font License 1.1, from the
// @fontsource package), designed by the Braille Institute for readers with low vision. It is embedded (as a subset)
// in each PDF, as PDF/UA asks, instead of relying on the reader's copy of a standard font. It covers Latin-1 and
// general punctuation: English and Gaelic text; other scripts are published as HTML (see docs/charter/publishing.md).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** The names to pass to `doc.font(...)` once `useReadableFonts(doc)` has registered them. */
export const PDF_FONTS = { regular: 'Readable-Regular', bold: 'Readable-Bold' } as const

let files: { regular: Buffer; bold: Buffer } | undefined

function fontFiles(): { regular: Buffer; bold: Buffer } {
  files ??= {
    regular: readFileSync(require.resolve('@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-400-normal.woff')),
    bold: readFileSync(require.resolve('@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-700-normal.woff')),
  }
  return files
}

/** Register the readable typeface in a pdfkit document and make it the current font. */
export function useReadableFonts(doc: PDFKit.PDFDocument): typeof PDF_FONTS {
  const { regular, bold } = fontFiles()
  doc.registerFont(PDF_FONTS.regular, regular)
  doc.registerFont(PDF_FONTS.bold, bold)
  doc.font(PDF_FONTS.regular)
  return PDF_FONTS
}
