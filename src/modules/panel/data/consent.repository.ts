import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { PanelParticipantTable } from './participant.table.ts'

/** One version of the wording for a consent purpose. Never changed once written: a new wording is a new version. */
export type ConsentWordingTable = {
  purpose: string
  version: number
  title: string
  wording: string
  /** YYYY-MM-DD */
  published_on: string
  created_at: string
}

/** One decision, in an append-only history. The current consent for a purpose is the record with the highest entry_no. */
export type ConsentTable = {
  id: string
  participant_id: string
  entry_no: number
  purpose: string
  decision: 'given' | 'withdrawn'
  wording_version: number
  channel: 'online' | 'phone' | 'post' | 'partner'
  recorded_at: string
  recorded_by_user_id: string | null
  recorded_by_role: string
}

export type ConsentWordingRow = Selectable<ConsentWordingTable>
export type ConsentRow = Selectable<ConsentTable>

type Tables = {
  panel_consent_wording: ConsentWordingTable
  panel_consent: ConsentTable
  panel_participant: PanelParticipantTable
}

function consent(db: Db) {
  return db.withTables<Tables>()
}

// ---- wordings ----

/** Every wording, purpose by purpose, oldest version first. */
export function listWordings(db: Db): Promise<ConsentWordingRow[]> {
  return consent(db).selectFrom('panel_consent_wording').selectAll().orderBy('purpose').orderBy('version').execute()
}

export function findWording(db: Db, purpose: string, version: number): Promise<ConsentWordingRow | undefined> {
  return consent(db).selectFrom('panel_consent_wording').selectAll().where('purpose', '=', purpose).where('version', '=', version).executeTakeFirst()
}

/** The newest version of each purpose's wording. */
export function listCurrentWordings(db: Db): Promise<ConsentWordingRow[]> {
  return consent(db)
    .selectFrom('panel_consent_wording as w')
    .selectAll('w')
    .where(eb =>
      eb(
        'w.version',
        '=',
        eb.selectFrom('panel_consent_wording as w2').select(e => e.fn.max('w2.version').as('v')).whereRef('w2.purpose', '=', 'w.purpose'),
      ),
    )
    .orderBy('w.purpose')
    .execute()
}

export async function insertWording(db: Db, row: Insertable<ConsentWordingTable>): Promise<void> {
  await consent(db).insertInto('panel_consent_wording').values(row).execute()
}

// ---- consent records (append-only: there is no update or delete here) ----

/** The entry number the participant's next record takes (1 for their first). */
export async function nextEntryNo(db: Db, participantId: string): Promise<number> {
  const r = await consent(db)
    .selectFrom('panel_consent')
    .select(eb => eb.fn.max('entry_no').as('n'))
    .where('participant_id', '=', participantId)
    .executeTakeFirst()
  return Number(r?.n ?? 0) + 1
}

export async function insertConsentRecords(db: Db, rows: readonly ConsentRow[]): Promise<void> {
  if (rows.length > 0) await consent(db).insertInto('panel_consent').values([...rows]).execute()
}

/** A participant's whole history, oldest first. */
export function findConsentHistory(db: Db, participantId: string): Promise<ConsentRow[]> {
  return consent(db).selectFrom('panel_consent').selectAll().where('participant_id', '=', participantId).orderBy('entry_no').execute()
}

/** The latest record of each purpose, for each of these participants. */
export async function findLatestConsents(db: Db, participantIds: readonly string[]): Promise<ConsentRow[]> {
  if (participantIds.length === 0) return []
  return consent(db)
    .selectFrom('panel_consent as c')
    .selectAll('c')
    .where('c.participant_id', 'in', [...participantIds])
    .where(eb =>
      eb(
        'c.entry_no',
        '=',
        eb
          .selectFrom('panel_consent as c2')
          .select(e => e.fn.max('c2.entry_no').as('n'))
          .whereRef('c2.participant_id', '=', 'c.participant_id')
          .whereRef('c2.purpose', '=', 'c.purpose'),
      ),
    )
    .orderBy('c.participant_id')
    .orderBy('c.purpose')
    .execute()
}

/**
 * Of these participants, those who are active and whose latest record for `purpose` gives consent.
 * One query, whatever the number of ids (callers page through large sets).
 */
export async function findActiveWithConsent(db: Db, participantIds: readonly string[], purpose: string): Promise<string[]> {
  if (participantIds.length === 0) return []
  const rows = await consent(db)
    .selectFrom('panel_participant as p')
    .innerJoin('panel_consent as c', 'c.participant_id', 'p.id')
    .select('p.id')
    .where('p.id', 'in', [...participantIds])
    .where('p.status', '=', 'active')
    .where('c.purpose', '=', purpose)
    .where('c.decision', '=', 'given')
    .where(eb =>
      eb(
        'c.entry_no',
        '=',
        eb
          .selectFrom('panel_consent as c2')
          .select(e => e.fn.max('c2.entry_no').as('n'))
          .whereRef('c2.participant_id', '=', 'c.participant_id')
          .where('c2.purpose', '=', purpose),
      ),
    )
    .execute()
  return rows.map(r => r.id)
}
