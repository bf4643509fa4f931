// The charter as tagged PDF (pdfkit): the standard print and large print from a CharterPage, and the Easy Read PDF.
// Every one is tagged (a structure tree: Document, H1, H2, H3, P, L/LI/Lbl/LBody, Figure with alt text), marked
// (/MarkInfo), has its language (/Lang) and title (shown in the window title bar), bookmarks for each section, and
// real text in reading order. The typeface, Atkinson Hyperlegible, is embedded (src/platform/pdf/fonts.ts).
import PDFDocument from 'pdfkit'
import { PDF_FONTS, useReadableFonts } from '../../../../platform/pdf/fonts.ts'
import { LABELS } from './charter-page.ts'
import type { EasyReadSection } from './easy-read.ts'
import type { CharterPage } from './model.ts'

/** Type sizes (points) and spacing. Large print: 18 point text at least, 1.5 line spacing, left aligned. */
export interface PrintStyle {
  body: number
  h1: number
  h2: number
  h3: number
  /** Extra space between lines, in points. */
  lineGap: number
  margin: number
}

export const STANDARD_PRINT: PrintStyle = { body: 12, h1: 22, h2: 16, h3: 13, lineGap: 3, margin: 64 }
export const LARGE_PRINT: PrintStyle = { body: 18, h1: 28, h2: 24, h3: 20, lineGap: 9, margin: 56 }
/** Easy Read: large, plain type beside a picture. */
export const EASY_READ_PRINT: PrintStyle = { body: 16, h1: 26, h2: 20, h3: 18, lineGap: 8, margin: 48 }

const REGULAR = PDF_FONTS.regular
const BOLD = PDF_FONTS.bold

export interface PdfMeta {
  title: string
  subject: string
  lang: string
  author: string
}

type Doc = PDFKit.PDFDocument
type Struct = PDFKit.PDFStructureElement

function open(meta: PdfMeta, style: PrintStyle): { doc: Doc; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    tagged: true,
    displayTitle: true,
    lang: meta.lang,
    pdfVersion: '1.7',
    margins: { top: style.margin, bottom: style.margin, left: style.margin, right: style.margin },
    info: { Title: meta.title, Subject: meta.subject, Author: meta.author, Creator: 'Charter' },
  })
  useReadableFonts(doc)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, done }
}

/** Writers of tagged blocks into a parent structure element, at one style. */
function writers(doc: Doc, style: PrintStyle) {
  const width = () => doc.page.width - doc.page.margins.left - doc.page.margins.right
  const heading = (parent: Struct, tag: 'H1' | 'H2' | 'H3', text: string, opts: { bookmark?: boolean } = {}) => {
    const size = tag === 'H1' ? style.h1 : tag === 'H2' ? style.h2 : style.h3
    // Keep a heading with what follows it: start a new page when it would sit at the foot of one.
    if (doc.y + size * 4 > doc.page.height - doc.page.margins.bottom) doc.addPage()
    doc.moveDown(tag === 'H1' ? 0 : 0.6)
    if (opts.bookmark) doc.outline.addItem(text)
    parent.add(doc.struct(tag, {}, () => doc.font(BOLD).fontSize(size).text(text, doc.page.margins.left, doc.y, { width: width(), align: 'left', lineGap: style.lineGap })))
    doc.moveDown(0.4)
  }
  const para = (parent: Struct, text: string, opts: { bold?: boolean } = {}) => {
    parent.add(doc.struct('P', {}, () => doc.font(opts.bold ? BOLD : REGULAR).fontSize(style.body).text(text, doc.page.margins.left, doc.y, { width: width(), align: 'left', lineGap: style.lineGap })))
    doc.moveDown(0.5)
  }
  /** A list: each item a label ("1.") and a body, tagged L > LI > Lbl + LBody. */
  const list = (parent: Struct, items: { label: string; text: string; note?: string }[]) => {
    const l = doc.struct('L')
    parent.add(l)
    const indent = style.body * 2.6
    for (const item of items) {
      if (doc.y + style.body * 3 > doc.page.height - doc.page.margins.bottom) doc.addPage()
      const li = doc.struct('LI')
      l.add(li)
      const x = doc.page.margins.left
      const y = doc.y
      li.add(doc.struct('Lbl', {}, () => doc.font(BOLD).fontSize(style.body).text(item.label, x, y, { width: indent - 4, lineBreak: false })))
      li.add(
        doc.struct('LBody', {}, () => {
          doc.font(REGULAR).fontSize(style.body).text(item.text, x + indent, y, { width: width() - indent, align: 'left', lineGap: style.lineGap })
          if (item.note) doc.fontSize(style.body).text(item.note, x + indent, doc.y + style.lineGap, { width: width() - indent, align: 'left', lineGap: style.lineGap })
        }),
      )
      li.end()
      doc.x = x
      doc.moveDown(0.5)
    }
    l.end()
  }
  return { heading, para, list, width }
}

/** The charter (standard or large print) as a tagged PDF. */
export function renderCharterPdf(page: CharterPage, meta: PdfMeta, style: PrintStyle = STANDARD_PRINT): Promise<Buffer> {
  const { doc, done } = open(meta, style)
  const { heading, para, list } = writers(doc, style)
  const root = doc.struct('Document')
  doc.addStructure(root)
  heading(root, 'H1', page.title)
  para(root, page.versionLine)
  for (const p of page.introduction) para(root, p)
  for (const section of page.sections) {
    const sect = doc.struct('Sect')
    root.add(sect)
    heading(sect, 'H2', `${section.number}. ${section.title}`, { bookmark: true })
    for (const p of section.introduction) para(sect, p)
    if (section.commitments.length) {
      heading(sect, 'H3', LABELS.commitments)
      list(
        sect,
        section.commitments.map(c => ({ label: `${c.number}.`, text: c.text, note: c.principles.length ? `${LABELS.principles}: ${c.principles.join(', ')}.` : undefined })),
      )
    }
    if (section.asks.length) {
      heading(sect, 'H3', LABELS.asks)
      list(sect, section.asks.map(a => ({ label: '•', text: a.text })))
    }
    sect.end()
  }
  const about = doc.struct('Sect')
  root.add(about)
  heading(about, 'H2', LABELS.about, { bookmark: true })
  para(about, page.versionLine)
  if (page.approvalLine) para(about, page.approvalLine)
  if (page.reviewLine) para(about, page.reviewLine)
  about.end()
  root.end()
  doc.end()
  return done
}

/** The Easy Read version as a tagged PDF: each row a picture (or an empty framed space) with short lines beside it. */
export function renderEasyReadPdf(title: string, intro: string[], sections: readonly EasyReadSection[], meta: PdfMeta, style: PrintStyle = EASY_READ_PRINT): Promise<Buffer> {
  const { doc, done } = open(meta, style)
  const { heading, para, width } = writers(doc, style)
  const root = doc.struct('Document')
  doc.addStructure(root)
  heading(root, 'H1', title)
  for (const p of intro) para(root, p)
  const box = 120
  const gap = 20
  for (const section of sections) {
    const sect = doc.struct('Sect')
    root.add(sect)
    if (section.title) heading(sect, 'H2', section.title, { bookmark: true })
    for (const row of section.rows) {
      const x = doc.page.margins.left
      if (doc.y + box > doc.page.height - doc.page.margins.bottom) doc.addPage()
      const top = doc.y
      // A picture pdfkit cannot read is left out, and the empty space shown instead.
      const image = row.picture ? Buffer.from(row.picture.base64, 'base64') : null
      if (row.picture && image && pictureIsReadable(image)) {
        sect.add(doc.struct('Figure', { alt: row.picture.alt }, () => doc.image(image, x, top, { fit: [box, box], align: 'center', valign: 'center' })))
      } else {
        // The empty space for a picture is decoration, not content: an artifact that screen readers skip.
        doc.markContent('Artifact', { type: 'Layout' })
        doc.save().lineWidth(1).strokeColor('#505a5f').rect(x, top, box, box).stroke().restore()
        doc.endMarkedContent()
      }
      doc.y = top
      for (const line of row.lines) {
        sect.add(doc.struct('P', {}, () => doc.font(REGULAR).fontSize(style.body).fillColor('black').text(line, x + box + gap, doc.y, { width: width() - box - gap, align: 'left', lineGap: style.lineGap })))
        doc.moveDown(0.4)
      }
      doc.x = x
      doc.y = Math.max(doc.y, top + box) + gap
    }
    sect.end()
  }
  root.end()
  doc.end()
  return done
}

/** Whether a PNG or JPEG can be read and put in a PDF (a file can start like a PNG and still be broken). */
export function pictureIsReadable(bytes: Uint8Array): boolean {
  const doc = new PDFDocument({ size: [100, 100] })
  try {
    doc.image(Buffer.from(bytes), 0, 0, { fit: [10, 10] })
    return true
  } catch {
    return false
  }
}
