import type { Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { ParticipantRow, ParticipantRowFilter } from './participant.repository.ts'
import type { PanelTables } from './participant.table.ts'

/**
 * SQL for importing and exporting panel members: duplicate look-ups by keyed fingerprint, the record of each
 * import, and the pages of rows an export streams. Identity is read here only for the panel manager's export.
 */

/** One import of panel members from a CSV file. `problems` is JSON: line, column and message, never identity. */
export type PanelImportTable = {
  id: string
  created_at: string
  actor_user_id: string | null
  actor_role: string
  /** 1: nothing imported unless every row was correct; 0: good rows imported, bad rows reported. */
  all_or_nothing: number
  /** The joining route chosen for the whole file (rows may give their own), or null. */
  joined_via: string | null
  rows_read: number
  imported: number
  rejected: number
  problems: string
}
export type PanelImportRow = Selectable<PanelImportTable>

/** `withTables` wants a type with an index signature: a mapped type alias, not an interface. */
type Tables = { [K in keyof PanelTables]: PanelTables[K] } & { panel_import: PanelImportTable }

function panel(db: Db) {
  return db.withTables<Tables>()
}

/** Look-ups with many values go in chunks, well under every dialect's limit on bound parameters. */
const CHUNK = 500

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

// ---- duplicates ----

/** Which of these email fingerprints already belong to a panel member (not erased). */
export async function findTakenEmailIndexes(db: Db, indexes: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>()
  for (const chunk of chunks([...new Set(indexes)])) {
    const rows = await panel(db)
      .selectFrom('panel_identity as i')
      .innerJoin('panel_participant as p', 'p.id', 'i.participant_id')
      .select('i.email_index')
      .where('i.email_index', 'in', chunk)
      .where('p.status', '!=', 'erased')
      .execute()
    for (const r of rows) if (r.email_index) taken.add(r.email_index)
  }
  return taken
}

/** Which of these phone fingerprints already belong to a panel member (not erased). */
export async function findTakenPhoneIndexes(db: Db, indexes: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>()
  for (const chunk of chunks([...new Set(indexes)])) {
    const rows = await panel(db)
      .selectFrom('panel_identity as i')
      .innerJoin('panel_participant as p', 'p.id', 'i.participant_id')
      .select('i.phone_index')
      .where('i.phone_index', 'in', chunk)
      .where('p.status', '!=', 'erased')
      .execute()
    for (const r of rows) if (r.phone_index) taken.add(r.phone_index)
  }
  return taken
}

/** Participants (not erased) whose phone number has this fingerprint. */
export async function findParticipantIdsByPhoneIndex(db: Db, phoneIndex: string): Promise<string[]> {
  const rows = await panel(db)
    .selectFrom('panel_identity as i')
    .innerJoin('panel_participant as p', 'p.id', 'i.participant_id')
    .select('p.id')
    .where('i.phone_index', '=', phoneIndex)
    .where('p.status', '!=', 'erased')
    .execute()
  return rows.map(r => r.id)
}

// ---- the record of each import ----

export async function insertImportRecord(db: Db, row: PanelImportRow): Promise<void> {
  await panel(db).insertInto('panel_import').values(row).execute()
}

export function findImportRecord(db: Db, id: string): Promise<PanelImportRow | undefined> {
  return panel(db).selectFrom('panel_import').selectAll().where('id', '=', id).executeTakeFirst()
}

// ---- exports: pages in pseudonym order ----

/** Which members an export takes: the list page's filter, and only those registered by `asOf` (when it started). */
export interface ExportRowFilter extends ParticipantRowFilter {
  asOf: string
}

function exportable(db: Db, filter: ExportRowFilter) {
  let q = panel(db).selectFrom('panel_participant as p').where('p.created_at', '<=', filter.asOf)
  if (filter.status) q = q.where('p.status', '=', filter.status)
  const dimension = filter.dimension
  if (dimension) {
    q = q.where(eb =>
      eb.exists(
        eb
          .selectFrom('panel_demographic as fd')
          .select('fd.participant_id')
          .whereRef('fd.participant_id', '=', 'p.id')
          .where('fd.dimension', '=', dimension.key)
          .where('fd.value', '=', dimension.value),
      ),
    )
  }
  const tag = filter.tag
  if (tag) {
    q = q.where(eb =>
      eb.exists(eb.selectFrom('panel_seldom_heard_tag as ft').select('ft.participant_id').whereRef('ft.participant_id', '=', 'p.id').where('ft.tag', '=', tag)),
    )
  }
  return q
}

/** How many members a research export will hold. */
export async function countResearchExportRows(db: Db, filter: ExportRowFilter): Promise<number> {
  const r = await exportable(db, filter)
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** The next page of research rows after a pseudonym (keyset paging: steady speed however deep the page). */
export function researchExportPage(db: Db, filter: ExportRowFilter, page: { after?: string; limit: number }): Promise<ParticipantRow[]> {
  let q = exportable(db, filter).selectAll('p')
  if (page.after !== undefined) q = q.where('p.pseudonym', '>', page.after)
  return q.orderBy('p.pseudonym').limit(page.limit).execute()
}

/** A member's pseudonym and status with their encrypted identity, for the panel manager's export. */
export interface IdentityExportRow {
  participant_id: string
  pseudonym: string
  status: ParticipantRow['status']
  full_name_enc: string
  email_enc: string | null
  phone_enc: string | null
  address_enc: string | null
  preferred_channel: string
  preferred_format: string
  preferred_language_enc: string | null
}

/** How many members an identity export will hold (members whose identity was erased have none). */
export async function countIdentityExportRows(db: Db, filter: ExportRowFilter): Promise<number> {
  const r = await exportable(db, filter)
    .innerJoin('panel_identity as i', 'i.participant_id', 'p.id')
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

export function identityExportPage(db: Db, filter: ExportRowFilter, page: { after?: string; limit: number }): Promise<IdentityExportRow[]> {
  let q = exportable(db, filter)
    .innerJoin('panel_identity as i', 'i.participant_id', 'p.id')
    .select([
      'p.id as participant_id',
      'p.pseudonym',
      'p.status',
      'i.full_name_enc',
      'i.email_enc',
      'i.phone_enc',
      'i.address_enc',
      'i.preferred_channel',
      'i.preferred_format',
      'i.preferred_language_enc',
    ])
  if (page.after !== undefined) q = q.where('p.pseudonym', '>', page.after)
  return q.orderBy('p.pseudonym').limit(page.limit).execute()
}
