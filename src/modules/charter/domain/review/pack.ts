// The printable review pack, for people who review on paper or by phone: the round's request and closing date, how
// to send comments back, then the version's text with every part numbered as on screen ("2.3"), wide margins, and a
// ruled box after each part for handwritten comments. A tagged PDF (structure, language, title shown) so that screen
// readers can read it; the ruled boxes are marked as artifacts, not content. Staff type the comments in afterwards.
import PDFDocument from 'pdfkit'
import { useReadableFonts } from '../../../../platform/pdf/fonts.ts'
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { assertMay, AUDIENCE_NAMES, mayManageReviews } from './model.ts'
import { getRound, getRoundText, type RoundDto } from './rounds.ts'
import type { ReviewTarget } from './targets.ts'

export interface PackContact {
  organisationName: string
  serviceName: string
  contactEmail: string
  contactPhone: string
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** "27 March 2027" for a YYYY-MM-DD date. */
export function dateInWords(ymd: string): string {
  const d = new Date(`${ymd}T00:00:00Z`)
  return Number.isNaN(d.getTime()) ? ymd : dateFmt.format(d)
}

/** The review pack of a round as a tagged PDF (for those who manage reviews). */
export async function getReviewPack(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, actor: Actor, roundId: string): Promise<{ pdf: Buffer; filename: string }> {
  assertMay(mayManageReviews(actor), 'print review packs')
  const round = await getRound(deps, actor, roundId)
  const { content, targets } = await getRoundText(deps, round)
  const o = deps.config.organisation
  const pdf = await renderReviewPack(round, content.title, targets, {
    organisationName: o.name,
    serviceName: o.serviceName,
    contactEmail: o.contactEmail,
    contactPhone: o.contactPhone,
  })
  return { pdf, filename: `review-pack-version-${round.versionNumber}.pdf` }
}

const SIZE = 12
const MARGIN = 85 // 3 cm: room to write beside the text

export function renderReviewPack(round: Pick<RoundDto, 'title' | 'request' | 'closesOn' | 'versionNumber' | 'audiences'>, charterTitle: string, targets: readonly ReviewTarget[], contact: PackContact): Promise<Buffer> {
  const title = `Review pack: ${round.title}`
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 72, bottom: 72, left: MARGIN, right: MARGIN },
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: title, Subject: `Version ${round.versionNumber} of ${charterTitle}`, Creator: 'Charter' },
  })
  const fonts = useReadableFonts(doc)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const width = doc.page.width - MARGIN * 2
  const sect = doc.struct('Sect')
  doc.addStructure(sect)
  const para = (text: string, opts: { bold?: boolean; gap?: number } = {}) => {
    sect.add(doc.struct('P', {}, () => doc.font(opts.bold ? fonts.bold : fonts.regular).fontSize(SIZE).text(text, { lineGap: 3, width })))
    doc.moveDown(opts.gap ?? 0.6)
  }
  const heading = (tag: 'H1' | 'H2' | 'H3', text: string) => {
    const size = tag === 'H1' ? 20 : tag === 'H2' ? 16 : 13
    sect.add(doc.struct(tag, {}, () => doc.font(fonts.bold).fontSize(size).text(text, { width })))
    doc.moveDown(0.5)
  }
  /** A ruled box to write in: drawn as an artifact, so screen readers skip it. */
  const box = (lines = 5) => {
    const gap = 24
    const height = gap * lines + 8
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage()
    const top = doc.y
    doc.markContent('Artifact', { type: 'Layout' })
    doc.save().lineWidth(1).strokeColor('#505a5f').rect(MARGIN, top, width, height).stroke()
    for (let i = 1; i <= lines; i++) doc.moveTo(MARGIN + 8, top + i * gap).lineTo(MARGIN + width - 8, top + i * gap).lineWidth(0.5).strokeColor('#b1b4b6').stroke()
    doc.restore()
    doc.endMarkedContent()
    doc.x = MARGIN
    doc.y = top + height + 14
  }

  heading('H1', title)
  para(`${contact.organisationName}. Version ${round.versionNumber} of ${charterTitle}.`)
  para(`Who is asked: ${round.audiences.map(a => AUDIENCE_NAMES[a]).join(', ')}.`)
  heading('H2', 'What we are asking')
  for (const p of round.request.split(/\n\s*\n/)) if (p.trim()) para(p.trim())
  para(`Please send us your comments by ${dateInWords(round.closesOn)}.`, { bold: true })
  heading('H2', 'How to comment')
  para('Every part of the charter below has a number, like 2.3. Write your comment in the box under that part. Say which part you mean if you phone or email us: for example, “comment on 2.3”.')
  para(`You can post this pack back to us, email your comments to ${contact.contactEmail}, or phone ${contact.contactPhone} and tell us your comments. We will type them in for you and tell you how they were used.`)
  para('You do not have to comment on every part.')

  doc.addPage()
  heading('H2', 'The charter text')
  for (const t of targets) {
    if (t.kind === 'section') {
      const [sectionTitle, ...intro] = t.text.split('\n\n')
      heading('H2', `${t.number} ${sectionTitle}`)
      for (const p of intro.join('\n\n').split(/\n\s*\n/)) if (p.trim()) para(p.trim())
    } else if (t.kind === 'title') {
      heading('H3', `Title: ${t.text}`)
    } else if (t.kind === 'introduction') {
      heading('H3', 'Introduction')
      for (const p of t.text.split(/\n\s*\n/)) if (p.trim()) para(p.trim())
    } else {
      para(`${t.number}  ${t.kind === 'ask' ? 'What we ask of you: ' : ''}${t.text}`)
    }
    para(`Your comment on ${t.number === 'Title' || t.number === 'Introduction' ? `the ${t.number.toLowerCase()}` : t.number}:`, { gap: 0.3 })
    box(t.kind === 'section' || t.kind === 'title' ? 3 : 5)
  }
  heading('H2', 'Anything else')
  para('Write anything else you want to tell us about this version here.', { gap: 0.3 })
  box(8)
  para(`Thank you. ${contact.serviceName}, ${contact.organisationName}.`)
  sect.end()
  doc.end()
  return done
}
