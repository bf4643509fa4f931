// Invitations (and "you said, we did" updates) by letter: nothing is sent when they go out (each waits "to print");
// the panel manager downloads one PDF with a letter per person (a mail merge), each starting on a new page. The PDF
// is tagged (structure, language and title, so screen readers can read it) and people who asked for large print
// get their letter in 18 point type.
import PDFDocument from 'pdfkit'
import type { InvitationContact } from '../../../panel/index.ts'
import type { ChannelAdapter, InvitationMessage, UpdateMessage } from './channel.ts'

export const letterChannel: ChannelAdapter<unknown> = {
  channel: 'letter',
  notReadyReason: () => null,
  deliver: async contact => (contact.address ? { status: 'to_print' } : { status: 'failed', reason: 'No postal address' }),
}

export interface Letter {
  contact: InvitationContact
  message: InvitationMessage
  largePrint: boolean
  /** The date printed on the letter, in words. */
  dateText: string
}

/** All the letters in one tagged PDF, one letter (of one or more pages) per person. */
export function renderLetters(letters: readonly Letter[], title: string): Promise<Buffer> {
  return renderTaggedPdf(letters, title, 'Invitations', writeLetter)
}

/** One "you said, we did" update letter: Easy Read is noted on the letter for those who asked for it. */
export interface UpdateLetter {
  contact: InvitationContact
  message: UpdateMessage
  largePrint: boolean
  easyRead: boolean
  dateText: string
}

/** All the update letters in one tagged PDF, one letter per person. */
export function renderUpdateLetters(letters: readonly UpdateLetter[], title: string): Promise<Buffer> {
  return renderTaggedPdf(letters, title, 'You said, we did', writeUpdateLetter)
}

function renderTaggedPdf<L>(letters: readonly L[], title: string, subject: string, write: (doc: PDFKit.PDFDocument, letter: L) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: title, Subject: subject, Creator: 'Charter' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  if (letters.length === 0) {
    doc.addPage()
    const sect = doc.struct('Sect')
    doc.addStructure(sect)
    sect.add(doc.struct('P', {}, () => doc.font('Helvetica').fontSize(12).text('There are no letters to print.')))
    sect.end()
  }
  for (const letter of letters) write(doc, letter)
  doc.end()
  return done
}

/** A new page for one letter, in its own section, with a paragraph and a heading writer at the letter's type size. */
function startLetter(doc: PDFKit.PDFDocument, largePrint: boolean) {
  const size = largePrint ? 18 : 12
  const margin = largePrint ? 60 : 72
  doc.addPage({ margins: { top: margin, bottom: margin, left: margin, right: margin } })
  const sect = doc.struct('Sect')
  doc.addStructure(sect)
  const para = (text: string, opts: { bold?: boolean; gap?: number } = {}) => {
    sect.add(
      doc.struct('P', {}, () => {
        doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).text(text, { lineGap: largePrint ? 4 : 2 })
      }),
    )
    doc.moveDown(opts.gap ?? 0.6)
  }
  const heading = (tag: 'H1' | 'H2', text: string) => {
    sect.add(
      doc.struct(tag, {}, () => {
        doc.font('Helvetica-Bold').fontSize(size + (tag === 'H1' ? 4 : 2)).text(text)
      }),
    )
    doc.moveDown(0.6)
  }
  return { sect, para, heading }
}

function addressBlock(contact: InvitationContact): string {
  return contact.address ? [contact.fullName, contact.address.line1, contact.address.line2, contact.address.town, contact.address.postcode].filter(Boolean).join('\n') : contact.fullName
}

function writeLetter(doc: PDFKit.PDFDocument, { contact, message: m, largePrint, dateText }: Letter): void {
  const { sect, para, heading } = startLetter(doc, largePrint)
  para(m.organisationName, { bold: true, gap: 1 })
  para(addressBlock(contact), { gap: 1 })
  para(dateText)
  para(`Reference: ${m.reference}`, { gap: 1 })
  heading('H1', `Invitation: ${m.activityTitle}`)
  para(`Dear ${contact.fullName},`)
  para(`You are invited to take part in: ${m.activityTitle}.`)
  para(m.purpose)
  if (m.sessionText) para(`When and where: ${m.sessionText}`)
  if (m.isSurvey) para(`To answer, phone us on ${m.contactPhone} and quote your reference, ${m.reference}: we will go through the questions with you. Or email ${m.contactEmail} and ask for a paper copy.`)
  else para(`Please tell us whether you can take part, and what support you need this time (for example a BSL interpreter, help with travel, or a carer to come with you). Phone us on ${m.contactPhone} and quote your reference, ${m.reference}. Or email ${m.contactEmail}.`)
  para('Taking part is your choice. You can ask us to contact you less often, or to stop, at any time.')
  para('Yours sincerely,')
  para(`The ${m.serviceName} team, ${m.organisationName}`)
  sect.end()
}

function writeUpdateLetter(doc: PDFKit.PDFDocument, { contact, message: m, largePrint, easyRead, dateText }: UpdateLetter): void {
  const { sect, para, heading } = startLetter(doc, largePrint)
  para(m.organisationName, { bold: true, gap: 1 })
  para(addressBlock(contact), { gap: 1 })
  para(dateText, { gap: 1 })
  heading('H1', m.title)
  para(`Dear ${contact.fullName},`)
  para('Thank you for taking part. This is what we heard, and what we did about it.')
  if (easyRead) para(`You told us you like Easy Read. If this letter is hard to read, phone us on ${m.contactPhone} and we will send it to you in Easy Read.`)
  heading('H2', 'You said')
  for (const p of m.youSaid.split(/\n\s*\n/)) para(p.trim())
  heading('H2', 'We did')
  for (const p of m.weDid.split(/\n\s*\n/)) para(p.trim())
  para(`If you have a question, phone us on ${m.contactPhone} or email ${m.contactEmail}.`)
  para('You can ask us to contact you less often, or to stop, at any time.')
  para('Yours sincerely,')
  para(`The ${m.serviceName} team, ${m.organisationName}`)
  sect.end()
}
