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
