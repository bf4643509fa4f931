// For tests and browser tests only: versions of the charter, approved and published, written straight to the tables
// (the drafting and workflow slices have their own commands for this; these tests are about what comes after).
import type { Db } from '../../../../platform/db/database.ts'
import { newId } from '../../../../platform/ids.ts'
import type { CharterDraftingTables } from '../../data/charter.table.ts'
import { canonicalJson, contentHash, type CharterContent } from '../versions/content.ts'

export function sampleContent(principleKey: string, opts: { title?: string; extra?: boolean } = {}): CharterContent {
  return {
    title: opts.title ?? 'Our charter',
    introduction: 'This charter says what you can expect from us.\n\nWe wrote it with people who use our services.',
    sections: [
      {
        key: 'applying',
        title: 'Applying for help',
        introduction: 'How we help you apply.',
        commitments: [
          { key: 'c-explain', text: 'We will explain what you need to send us.', principleKeys: [principleKey] },
          { key: 'c-phone', text: 'We will answer the phone within 10 minutes.', principleKeys: [] },
        ],
        asks: [{ key: 'a-tell', text: 'Tell us if something changes.' }],
      },
      {
        key: 'decisions',
        title: 'Decisions',
        introduction: '',
        commitments: [{ key: 'c-decide', text: opts.extra ? 'We will explain every decision in plain English.' : 'We will explain every decision.', principleKeys: [principleKey] }],
        asks: [],
      },
    ],
  }
}

export interface SeedVersion {
  number: number
  content: CharterContent
  /** Approved on this date (YYYY-MM-DD) by this body; leave out for a version not approved. */
  approvedOn?: string
  approvedBy?: string
  /** Published at this time (ISO); leave out for a version not published. */
  publishedAt?: string
  reviewDueOn?: string
}

export async function seedVersion(db: Db, v: SeedVersion): Promise<string> {
  const t = db.withTables<CharterDraftingTables>()
  const id = newId()
  const now = new Date().toISOString()
  const hash = contentHash(v.content)
  await t.insertInto('charter_version').values({ id, number: v.number, content_json: canonicalJson(v.content), content_hash: hash, note: `Version ${v.number}`, created_by_user_id: null, created_at: now }).execute()
  if (v.approvedOn) {
    await t
      .insertInto('charter_approval')
      .values({ id: newId(), version_id: id, content_hash: hash, body: v.approvedBy ?? 'The Northshire Parliament', approved_on: v.approvedOn, reference: null, recorded_by_user_id: null, recorded_at: now })
      .execute()
  }
  if (v.publishedAt) {
    await t.insertInto('charter_publication').values({ id: newId(), version_id: id, published_at: v.publishedAt, review_due_on: v.reviewDueOn ?? '2032-03-03', published_by_user_id: null }).execute()
  }
  return id
}

/** The smallest valid PNG (1 by 1 pixel) and JPEG headers, for picture tests. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)
