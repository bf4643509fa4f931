import type { UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findLatestConsents,
  findWording,
  insertConsentRecords,
  listCurrentWordings,
  nextEntryNo,
  type ConsentRow,
  type ConsentWordingRow,
} from '../data/consent.repository.ts'
import type { PanelCatalogue } from './catalogue.ts'

/** What a person can agree to, one purpose at a time. Codes are stored: never change the meaning of one. */
export const CONSENT_PURPOSES = [
  { code: 'contact_research', label: 'Contact for research' },
  { code: 'quotes', label: 'Use of quotes' },
  { code: 'special_category', label: 'Special-category data (health, disability, ethnic group)' },
  { code: 'recordings', label: 'Recordings' },
] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]['code']

/** How the person told us. */
export const CONSENT_CHANNELS = [
  { code: 'online', label: 'Online, by themselves' },
  { code: 'phone', label: 'By phone' },
  { code: 'post', label: 'By post' },
  { code: 'partner', label: 'Through a partner organisation' },
] as const
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number]['code']

/** Without this consent a person is never contacted, whatever else is true. */
export const CONTACT_PURPOSE: ConsentPurpose = 'contact_research'
export const SPECIAL_CATEGORY_PURPOSE: ConsentPurpose = 'special_category'

/**
 * Dimensions whose answers are special-category data (health, disability, ethnic group). They are kept only while the
 * person's special-category consent is given; withdrawing it removes them. An organisation's own catalogue uses the
 * same keys for these questions, or its answers on them are treated as ordinary research data.
 */
export const SPECIAL_CATEGORY_DIMENSION_KEYS: readonly string[] = ['disability', 'long_term_condition', 'ethnicity']

export function specialCategoryDimensionKeys(catalogue: PanelCatalogue): string[] {
  return catalogue.dimensions.filter(d => SPECIAL_CATEGORY_DIMENSION_KEYS.includes(d.key)).map(d => d.key)
}

export function isConsentPurpose(value: unknown): value is ConsentPurpose {
  return typeof value === 'string' && CONSENT_PURPOSES.some(p => p.code === value)
}

export function isConsentChannel(value: unknown): value is ConsentChannel {
  return typeof value === 'string' && CONSENT_CHANNELS.some(c => c.code === value)
}

/** One decision as a form or another module gives it. */
export interface ConsentAnswer {
  purpose: ConsentPurpose
  given: boolean
  /** The version of the wording the person was shown; the current version if left out. */
  wordingVersion?: number
}

/** A purpose's wording, as shown to people. */
export interface ConsentWordingDto {
  purpose: ConsentPurpose
  purposeLabel: string
  version: number
  title: string
  wording: string
  /** YYYY-MM-DD */
  publishedOn: string
}

/** A participant's current consent for one purpose (the latest record), or `given: null` if never asked. */
export interface CurrentConsentDto {
  purpose: ConsentPurpose
  purposeLabel: string
  given: boolean | null
  /** The wording the person was shown when they decided (null if never asked). */
  wording: ConsentWordingDto | null
  recordedAt: string | null
  channel: ConsentChannel | null
  recordedByRole: string | null
}

/** One record of the history. */
export interface ConsentRecordDto {
  entryNo: number
  purpose: ConsentPurpose
  purposeLabel: string
  given: boolean
  wordingVersion: number
  channel: ConsentChannel
  recordedAt: string
  recordedByUserId: string | null
  recordedByRole: string
}

export function purposeLabel(purpose: string): string {
  return CONSENT_PURPOSES.find(p => p.code === purpose)?.label ?? purpose
}

export function toWordingDto(row: ConsentWordingRow): ConsentWordingDto {
  return {
    purpose: row.purpose as ConsentPurpose,
    purposeLabel: purposeLabel(row.purpose),
    version: row.version,
    title: row.title,
    wording: row.wording,
    publishedOn: row.published_on,
  }
}

export function toRecordDto(row: ConsentRow): ConsentRecordDto {
  return {
    entryNo: row.entry_no,
    purpose: row.purpose as ConsentPurpose,
    purposeLabel: purposeLabel(row.purpose),
    given: row.decision === 'given',
    wordingVersion: row.wording_version,
    channel: row.channel,
    recordedAt: row.recorded_at,
    recordedByUserId: row.recorded_by_user_id,
    recordedByRole: row.recorded_by_role,
  }
}

/**
 * The current consent of each purpose from a participant's latest records, in the order of CONSENT_PURPOSES.
 * Pure: the caller gives the latest rows and the wordings they name.
 */
export function currentConsentsOf(latest: readonly ConsentRow[], wordings: readonly ConsentWordingRow[]): CurrentConsentDto[] {
  return CONSENT_PURPOSES.map(p => {
    const row = latest.find(r => r.purpose === p.code)
    const wording = row ? wordings.find(w => w.purpose === row.purpose && w.version === row.wording_version) : undefined
    return {
      purpose: p.code,
      purposeLabel: p.label,
      given: row ? row.decision === 'given' : null,
      wording: wording ? toWordingDto(wording) : null,
      recordedAt: row?.recorded_at ?? null,
      channel: row?.channel ?? null,
      recordedByRole: row?.recorded_by_role ?? null,
    }
  })
}

/** What changed: the purposes whose decision, or whose wording agreed to, differs from the current one. */
export interface ConsentChange {
  purpose: ConsentPurpose
  given: boolean
  wordingVersion: number
  /** The decision before (null: never asked). */
  before: boolean | null
}

/**
 * Record decisions for one participant inside a command's unit of work, and audit each one
 * ('panel.consent_given', 'panel.consent_withdrawn', or 'panel.consent_declined' for a first "no"). Only real changes are written: the same decision on the same
 * wording again is not a new record. Returns the changes written.
 */
export async function writeConsentDecisions(
  uow: UnitOfWork,
  participantId: string,
  answers: readonly ConsentAnswer[],
  channel: ConsentChannel,
): Promise<ConsentChange[]> {
  const seen = new Set<string>()
  for (const a of answers) {
    if (!isConsentPurpose(a.purpose)) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'form', message: 'Select a consent from the list' })
    if (seen.has(a.purpose)) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: `consent-${a.purpose}`, message: 'Give each consent only once' })
    seen.add(a.purpose)
  }
  if (!isConsentChannel(channel)) throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'channel', message: 'Select how they told us' })

  const current = await listCurrentWordings(uow.trx)
  const latest = await findLatestConsents(uow.trx, [participantId])
  const changes: ConsentChange[] = []
  for (const a of answers) {
    const version = a.wordingVersion ?? current.find(w => w.purpose === a.purpose)?.version
    if (version === undefined || !(await findWording(uow.trx, a.purpose, version))) {
      throw new AppError(AppErrorCode.VALIDATION_FAILED, {
        field: `consent-${a.purpose}`,
        message: 'The wording you were shown has changed. Read it again and give your answer',
      })
    }
    const before = latest.find(r => r.purpose === a.purpose)
    const beforeGiven = before ? before.decision === 'given' : null
    if (beforeGiven === a.given && before?.wording_version === version) continue
    changes.push({ purpose: a.purpose, given: a.given, wordingVersion: version, before: beforeGiven })
  }
  if (changes.length === 0) return []

  let entryNo = await nextEntryNo(uow.trx, participantId)
  const now = uow.now.toISOString()
  const rows: ConsentRow[] = changes.map(c => ({
    id: newId(uow.now.getTime()),
    participant_id: participantId,
    entry_no: entryNo++,
    purpose: c.purpose,
    decision: c.given ? 'given' : 'withdrawn',
    wording_version: c.wordingVersion,
    channel,
    recorded_at: now,
    recorded_by_user_id: uow.actor.userId,
    recorded_by_role: uow.actor.role,
  }))
  await insertConsentRecords(uow.trx, rows)
  for (const c of changes) {
    await uow.audit({
      // A first "no" is declining; a "no" after a "yes" is withdrawing. Either way the record says 'withdrawn' (no consent).
      action: c.given ? 'panel.consent_given' : c.before === null ? 'panel.consent_declined' : 'panel.consent_withdrawn',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { purpose: c.purpose, wordingVersion: c.wordingVersion, channel, before: c.before === null ? 'not asked' : c.before ? 'given' : 'withdrawn' },
    })
  }
  return changes
}
