import type { Insertable, Selectable } from 'kysely'
import type { Db, DbOrTrx } from '../../../platform/db/database.ts'
import type {
  CharterCommitmentLinkTable,
  CharterDraftingTables,
  CharterItemTable,
  CharterSectionTable,
  CharterVersionTable,
  ItemKind,
  LinkKind,
} from './charter.table.ts'

// The working draft (sections, items, principle tags, links), the drafting settings and the frozen versions. The
// only SQL of the drafting slice. charter_version is written once and never updated: the database refuses it.

export type SectionRow = Selectable<CharterSectionTable>
export type ItemRow = Selectable<CharterItemTable>
export type LinkRow = Selectable<CharterCommitmentLinkTable>
export type VersionRow = Selectable<CharterVersionTable>

function drafting(db: Db | DbOrTrx) {
  return db.withTables<CharterDraftingTables>()
}

// Sections

export function listSectionRows(db: Db): Promise<SectionRow[]> {
  return drafting(db).selectFrom('charter_section').selectAll().orderBy('position').orderBy('id').execute()
}

export function findSectionRow(db: Db, id: string): Promise<SectionRow | undefined> {
  return drafting(db).selectFrom('charter_section').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function sectionKeyTaken(db: Db, key: string): Promise<boolean> {
  const r = await drafting(db).selectFrom('charter_section').select('id').where('key', '=', key).executeTakeFirst()
  return r !== undefined
}

export async function maxSectionPosition(db: Db): Promise<number> {
  const r = await drafting(db)
    .selectFrom('charter_section')
    .select(eb => eb.fn.max<number | null>('position').as('m'))
    .executeTakeFirst()
  return Number(r?.m ?? 0)
}

export async function insertSection(db: Db, row: Insertable<CharterSectionTable>): Promise<void> {
  await drafting(db).insertInto('charter_section').values(row).execute()
}

export async function updateSection(db: Db, id: string, change: { title?: string; introduction?: string; position?: number; updated_at: string }): Promise<void> {
  await drafting(db).updateTable('charter_section').set(change).where('id', '=', id).execute()
}

export async function deleteSection(db: Db, id: string): Promise<void> {
  await drafting(db).deleteFrom('charter_section').where('id', '=', id).execute()
}

// Items: commitments and "what we ask of you", one key space

export function listItemRows(db: Db): Promise<ItemRow[]> {
  return drafting(db).selectFrom('charter_item').selectAll().orderBy('section_id').orderBy('kind').orderBy('position').orderBy('id').execute()
}

export function listItemRowsOfSection(db: Db, sectionId: string, kind: ItemKind): Promise<ItemRow[]> {
  return drafting(db)
    .selectFrom('charter_item')
    .selectAll()
    .where('section_id', '=', sectionId)
    .where('kind', '=', kind)
    .orderBy('position')
    .orderBy('id')
    .execute()
}

export async function countItemsOfSection(db: Db, sectionId: string): Promise<number> {
  const r = await drafting(db)
    .selectFrom('charter_item')
    .select(eb => eb.fn.countAll<number | string>().as('n'))
    .where('section_id', '=', sectionId)
    .executeTakeFirst()
  return Number(r?.n ?? 0)
}

export function findItemRow(db: Db, id: string): Promise<ItemRow | undefined> {
  return drafting(db).selectFrom('charter_item').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findItemRowByKey(db: Db, key: string): Promise<ItemRow | undefined> {
  return drafting(db).selectFrom('charter_item').selectAll().where('key', '=', key).executeTakeFirst()
}

export async function maxItemPosition(db: Db, sectionId: string, kind: ItemKind): Promise<number> {
  const r = await drafting(db)
    .selectFrom('charter_item')
    .select(eb => eb.fn.max<number | null>('position').as('m'))
    .where('section_id', '=', sectionId)
    .where('kind', '=', kind)
    .executeTakeFirst()
  return Number(r?.m ?? 0)
}

export async function insertItem(db: Db, row: Insertable<CharterItemTable>): Promise<void> {
  await drafting(db).insertInto('charter_item').values(row).execute()
}

export async function updateItem(db: Db, id: string, change: { text?: string; section_id?: string; position?: number; updated_at: string }): Promise<void> {
  await drafting(db).updateTable('charter_item').set(change).where('id', '=', id).execute()
}

export async function deleteItem(db: Db, id: string): Promise<void> {
  await drafting(db).deleteFrom('charter_item_principle').where('item_id', '=', id).execute()
  await drafting(db).deleteFrom('charter_item').where('id', '=', id).execute()
}

// Principle tags on commitments

export function listItemPrincipleRows(db: Db): Promise<{ item_id: string; principle_id: string }[]> {
  return drafting(db).selectFrom('charter_item_principle').selectAll().execute()
}

export async function replaceItemPrinciples(db: Db, itemId: string, principleIds: readonly string[]): Promise<void> {
  await drafting(db).deleteFrom('charter_item_principle').where('item_id', '=', itemId).execute()
  if (principleIds.length > 0) {
    await drafting(db)
      .insertInto('charter_item_principle')
      .values(principleIds.map(principle_id => ({ item_id: itemId, principle_id })))
      .execute()
  }
}

export async function existingPrincipleIds(db: Db): Promise<string[]> {
  const rows = await drafting(db).selectFrom('charter_principle').select('id').orderBy('position').execute()
  return rows.map(r => r.id)
}

// Links from a commitment (by key) to decisions, findings and evidence

export function listLinkRows(db: Db, commitmentKey?: string): Promise<LinkRow[]> {
  let q = drafting(db).selectFrom('charter_commitment_link').selectAll()
  if (commitmentKey !== undefined) q = q.where('commitment_key', '=', commitmentKey)
  return q.orderBy('commitment_key').orderBy('kind').orderBy('label').orderBy('id').execute()
}

export function findLinkRow(db: Db, id: string): Promise<LinkRow | undefined> {
  return drafting(db).selectFrom('charter_commitment_link').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertLink(db: Db, row: Insertable<CharterCommitmentLinkTable>): Promise<void> {
  await drafting(db).insertInto('charter_commitment_link').values(row).execute()
}

export async function deleteLink(db: Db, id: string): Promise<void> {
  await drafting(db).deleteFrom('charter_commitment_link').where('id', '=', id).execute()
}

export async function linkExists(db: Db, commitmentKey: string, kind: LinkKind, targetId: string): Promise<boolean> {
  const r = await drafting(db)
    .selectFrom('charter_commitment_link')
    .select('id')
    .where('commitment_key', '=', commitmentKey)
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .executeTakeFirst()
  return r !== undefined
}

// Settings (key -> text)

export async function readSettings(db: Db): Promise<Map<string, string>> {
  const rows = await drafting(db).selectFrom('charter_setting').select(['key', 'value']).execute()
  return new Map(rows.map(r => [r.key, r.value]))
}

export async function writeSetting(db: Db, key: string, value: string, userId: string | null, now: string): Promise<void> {
  const existing = await drafting(db).selectFrom('charter_setting').select('key').where('key', '=', key).executeTakeFirst()
  if (existing) {
    await drafting(db).updateTable('charter_setting').set({ value, updated_by_user_id: userId, updated_at: now }).where('key', '=', key).execute()
  } else {
    await drafting(db).insertInto('charter_setting').values({ key, value, updated_by_user_id: userId, updated_at: now }).execute()
  }
}

// Versions: written once, never changed

export function listVersionRows(db: Db): Promise<VersionRow[]> {
  return drafting(db).selectFrom('charter_version').selectAll().orderBy('number', 'desc').execute()
}

export function findVersionRow(db: Db, number: number): Promise<VersionRow | undefined> {
  return drafting(db).selectFrom('charter_version').selectAll().where('number', '=', number).executeTakeFirst()
}

export function findLatestVersionRow(db: Db): Promise<VersionRow | undefined> {
  return drafting(db).selectFrom('charter_version').selectAll().orderBy('number', 'desc').limit(1).executeTakeFirst()
}

export async function insertVersion(db: Db, row: Insertable<CharterVersionTable>): Promise<void> {
  await drafting(db).insertInto('charter_version').values(row).execute()
}
