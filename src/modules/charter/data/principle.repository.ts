import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { CharterPrincipleTable, CharterTables } from './principle.table.ts'

export type PrincipleRow = Selectable<CharterPrincipleTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof CharterTables]: CharterTables[K] }

function charter(db: Db) {
  return db.withTables<Tables>()
}

export async function insertPrinciple(db: Db, row: Insertable<CharterPrincipleTable>): Promise<void> {
  await charter(db).insertInto('charter_principle').values(row).execute()
}

export function listPrincipleRows(db: Db): Promise<PrincipleRow[]> {
  return charter(db).selectFrom('charter_principle').selectAll().orderBy('position').execute()
}

export function findPrincipleById(db: Db, id: string): Promise<PrincipleRow | undefined> {
  return charter(db).selectFrom('charter_principle').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The highest position in use, or 0 when there are no principles yet. */
export async function maxPrinciplePosition(db: Db): Promise<number> {
  const r = await charter(db)
    .selectFrom('charter_principle')
    .select(eb => eb.fn.max<number | null>('position').as('m'))
    .executeTakeFirst()
  return Number(r?.m ?? 0)
}

export async function principlePositionTaken(db: Db, position: number): Promise<boolean> {
  const r = await charter(db).selectFrom('charter_principle').select('id').where('position', '=', position).executeTakeFirst()
  return r !== undefined
}
