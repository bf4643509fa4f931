// Test data for the dashboard tests (route tests and the browser test): a published charter and an agreed
// measurement framework with measurements, inserted directly (the charter's workflow and the Core Group's decision
// are tested in their own modules).
import type { Kysely } from 'kysely'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { newId } from '../../../../../platform/ids.ts'
import { canonicalJson, contentHash, type CharterContent } from '../../../../charter/index.ts'

export const SEED_CONTENT: CharterContent = {
  title: 'Our social security charter',
  introduction: 'What you can expect from us.',
  sections: [
    {
      key: 'respect',
      title: 'Treating you with respect',
      introduction: '',
      commitments: [{ key: 'c-dignity', text: 'We will treat you with dignity', principleKeys: [] }],
      asks: [],
    },
    {
      key: 'decisions',
      title: 'Making decisions',
      introduction: '',
      commitments: [{ key: 'c-quick', text: 'We will decide quickly', principleKeys: [] }],
      asks: [],
    },
  ],
}

export interface SeedOptions {
  /** Publish the charter (default true). */
  publish?: boolean
  /** Agree the framework (default true). */
  agree?: boolean
}

export async function seedDashboard(deps: AppDeps, opts: SeedOptions = {}): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test data across other modules' tables
  const db = deps.db as unknown as Kysely<any>
  const now = '2027-06-01T10:00:00.000Z'
  const versionId = newId()
  await db
    .insertInto('charter_version')
    .values({ id: versionId, number: 1, content_json: canonicalJson(SEED_CONTENT), content_hash: contentHash(SEED_CONTENT), note: 'First edition', created_at: now })
    .execute()
  if (opts.publish ?? true) {
    await db
      .insertInto('charter_approval')
      .values({ id: newId(), version_id: versionId, content_hash: contentHash(SEED_CONTENT), body: 'The Parliament', approved_on: '2027-05-20', reference: null, recorded_at: now })
      .execute()
    await db.insertInto('charter_publication').values({ id: newId(), version_id: versionId, published_at: now, review_due_on: '2032-05-20' }).execute()
  }
  const frameworkId = newId()
  await db
    .insertInto('measurement_framework')
    .values({ id: frameworkId, version: 1, status: (opts.agree ?? true) ? 'agreed' : 'draft', agreed_at: (opts.agree ?? true) ? now : null, created_at: now, updated_at: now })
    .execute()
  const o1 = newId()
  const o2 = newId()
  await db
    .insertInto('measurement_outcome')
    .values([
      { id: o1, framework_id: frameworkId, commitment_key: 'c-dignity', title: 'People feel respected', description: '', position: 1, created_at: now, updated_at: now },
      { id: o2, framework_id: frameworkId, commitment_key: 'c-quick', title: 'Decisions are made quickly', description: '', position: 2, created_at: now, updated_at: now },
    ])
    .execute()
  const measure = (over: Record<string, unknown>) => ({
    id: newId(),
    framework_id: frameworkId,
    definition: 'How it is worked out',
    data_source: 'Client survey',
    frequency: 'annual',
    unit: null,
    direction: null,
    target_value: null,
    target_comparison: null,
    owner: 'Research team',
    created_at: now,
    updated_at: now,
    ...over,
  })
  await db
    .insertInto('measurement_measure')
    .values([
      measure({ outcome_id: o1, code: 'M1', title: 'People who felt treated with dignity', kind: 'survey_percentage', target_value: 80, target_comparison: 'at_least', position: 1 }),
      measure({ outcome_id: o1, code: 'M2', title: 'What people told us about respect', kind: 'written_evidence', data_source: 'Panel workshops', position: 2 }),
      measure({ outcome_id: o2, code: 'M3', title: 'Average days to decide', kind: 'management_information', unit: 'days', direction: 'lower', target_value: 40, target_comparison: 'at_most', data_source: 'Case records', position: 3 }),
      measure({ outcome_id: o2, code: 'M4', title: 'Complaints about delay', kind: 'complaints_count', direction: 'lower', data_source: 'Complaints handling', position: 4 }),
    ])
    .execute()
  const value = (code: string, period: string, over: Record<string, unknown>) => ({
    id: newId(),
    measure_code: code,
    period,
    numerator: null,
    denominator: null,
    respondents: null,
    value: null,
    you_said: null,
    we_did: null,
    note: null,
    source: 'entered',
    created_at: now,
    updated_at: now,
    ...over,
  })
  await db
    .insertInto('measurement_value')
    .values([
      value('M1', '2024/25', { numerator: 350, denominator: 500, respondents: 520 }),
      value('M1', '2025/26', { numerator: 4, denominator: 6, respondents: 6 }),
      value('M1', '2026/27', { numerator: 380, denominator: 500, respondents: 510 }),
      value('M1', '2027/28', { numerator: 420, denominator: 500, respondents: 505 }),
      value('M2', '2026/27', { you_said: 'Letters were hard to follow', we_did: 'We rewrote our letters with the panel' }),
      value('M3', '2026/27', { value: 42.5 }),
      value('M3', '2027/28', { value: 38 }),
      value('M4', '2026/27', { value: 25 }),
      value('M4', '2027/28', { value: 4 }),
    ])
    .execute()
}
