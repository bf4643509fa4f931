// For the review slice's tests only: a frozen version inserted directly (the drafting slice makes real ones), and a
// small charter to review.
import type { Db } from '../../../../platform/db/database.ts'
import { newId } from '../../../../platform/ids.ts'
import type { CharterDraftingTables } from '../../data/charter.table.ts'
import { canonicalJson, contentHash, type CharterContent } from '../versions/content.ts'

export const SAMPLE_CHARTER: CharterContent = {
  title: 'Our social security charter',
  introduction: 'This charter says what you can expect from us.\n\nWe wrote it with people who use the service.',
  sections: [
    {
      key: 'dignity',
      title: 'Treating you with dignity',
      introduction: 'Everyone deserves respect.',
      commitments: [
        { key: 'listen', text: 'We will listen to you and believe you.', principleKeys: [] },
        { key: 'letters', text: 'We will answer your letters within 10 working days.', principleKeys: [] },
      ],
      asks: [{ key: 'tell-us', text: 'Tell us if your circumstances change.' }],
    },
    {
      key: 'access',
      title: 'Making it easy to apply',
      introduction: '',
      commitments: [{ key: 'formats', text: 'We will give you information in the format you need.', principleKeys: [] }],
      asks: [],
    },
  ],
}

let numbers = 100

/** Insert a version with a fresh number; returns its id and number. */
export async function insertTestVersion(db: Db, content: CharterContent = SAMPLE_CHARTER): Promise<{ id: string; number: number }> {
  numbers += 1
  const row = {
    id: newId(),
    number: numbers,
    content_json: canonicalJson(content),
    content_hash: contentHash(content),
    note: `Test version ${numbers}`,
    created_by_user_id: null,
    created_at: new Date().toISOString(),
  }
  await db.withTables<CharterDraftingTables>().insertInto('charter_version').values(row).execute()
  return { id: row.id, number: row.number }
}

/** The text drawn in a PDF from pdfkit (its content streams inflated, each shown string decoded), one line per text op. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const { inflateSync } = await import('node:zlib')
  const raw = pdf.toString('latin1')
  const lines: string[] = []
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    let body: string
    try {
      body = inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1')
    } catch {
      body = m[1]!
    }
    for (const op of body.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map(h => h[1]!) : [op[2]!]
      lines.push(hexes.map(h => Buffer.from(h, 'hex').toString('latin1')).join(''))
    }
  }
  return lines.join('\n')
}
