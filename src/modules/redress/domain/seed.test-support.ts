// For tests and browser tests only: a published charter with three commitments, written straight to the charter's
// tables (the charter module's own commands are tested there; these tests are about complaints against it).
import type { Kysely } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import { newId } from '../../../platform/ids.ts'
import { canonicalJson, contentHash, type CharterContent } from '../../charter/index.ts'

export const REDRESS_CHARTER: CharterContent = {
  title: 'Our charter',
  introduction: 'What you can expect from us.',
  sections: [
    {
      key: 'applying',
      title: 'Applying for help',
      introduction: '',
      commitments: [
        { key: 'c-explain', text: 'We will explain what you need to send us.', principleKeys: [] },
        { key: 'c-phone', text: 'We will answer the phone within 10 minutes.', principleKeys: [] },
      ],
      asks: [],
    },
    { key: 'decisions', title: 'Decisions', introduction: '', commitments: [{ key: 'c-decide', text: 'We will explain every decision.', principleKeys: [] }], asks: [] },
  ],
}

export async function seedPublishedCharter(database: Db): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data in the charter module's tables
  const db = database as unknown as Kysely<any>
  const now = new Date().toISOString()
  const versionId = newId()
  const hash = contentHash(REDRESS_CHARTER)
  await db.insertInto('charter_version').values({ id: versionId, number: 1, content_json: canonicalJson(REDRESS_CHARTER), content_hash: hash, note: 'First edition', created_at: now }).execute()
  await db.insertInto('charter_approval').values({ id: newId(), version_id: versionId, content_hash: hash, body: 'The Parliament', approved_on: '2026-05-20', reference: null, recorded_at: now }).execute()
  await db.insertInto('charter_publication').values({ id: newId(), version_id: versionId, published_at: now, review_due_on: '2031-05-20' }).execute()
}
