import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { PanelTables } from './participant.table.ts'
import type { PanelRepresentationSettingTable, PanelRepresentationTargetTable, RepresentationTables } from './representation.table.ts'

export type TargetRow = Selectable<PanelRepresentationTargetTable>
export type RepresentationSettingRow = Selectable<PanelRepresentationSettingTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof (PanelTables & RepresentationTables)]: (PanelTables & RepresentationTables)[K] }

function tables(db: Db) {
  return db.withTables<Tables>()
}

export const SETTINGS_ID = 'default'

// ---- targets and settings ----

export function findTargets(db: Db): Promise<TargetRow[]> {
  return tables(db).selectFrom('panel_representation_target').selectAll().orderBy('dimension').orderBy('value').execute()
}

export async function upsertTarget(db: Db, row: Insertable<PanelRepresentationTargetTable>): Promise<void> {
  await tables(db)
    .insertInto('panel_representation_target')
    .values(row)
    .onConflict(oc =>
      oc.columns(['dimension', 'value']).doUpdateSet({ target_tenths: row.target_tenths, updated_at: row.updated_at, updated_by_user_id: row.updated_by_user_id ?? null }),
    )
    .execute()
}

export async function deleteTarget(db: Db, dimension: string, value: string): Promise<void> {
  await tables(db).deleteFrom('panel_representation_target').where('dimension', '=', dimension).where('value', '=', value).execute()
}

export function findRepresentationSettings(db: Db): Promise<RepresentationSettingRow | undefined> {
  return tables(db).selectFrom('panel_representation_setting').selectAll().where('id', '=', SETTINGS_ID).executeTakeFirst()
}

export async function saveRepresentationSettings(db: Db, row: Omit<Insertable<PanelRepresentationSettingTable>, 'id'>): Promise<void> {
  await tables(db)
    .insertInto('panel_representation_setting')
    .values({ ...row, id: SETTINGS_ID })
    .onConflict(oc =>
      oc.column('id').doUpdateSet({
        gap_tolerance_tenths: row.gap_tolerance_tenths,
        attrition_months: row.attrition_months,
        updated_at: row.updated_at,
        updated_by_user_id: row.updated_by_user_id ?? null,
      }),
    )
    .execute()
}

// ---- the active panel's make-up ----
//
// Most members are active, so the answer counts are taken over EVERY member, straight from the covering index
// (dimension, value, participant_id) with no join, and the answers of the few members who are not active are taken
// away (found from the status index, then the primary key (participant_id, dimension, value)). With 50,000 members this is several times faster than
// checking the status of each of ~500,000 answers (bench/panel-list.ts). Both reads run in one transaction, so they
// see the same data.

type Status = PanelTables['panel_participant']['status']
const ACTIVE = 'active' satisfies Status
/** Every other status, listed so the status index can find them (a "!=" would scan every answer instead). */
const NOT_ACTIVE = ['withdrawn', 'erased'] as const satisfies readonly Exclude<Status, 'active'>[]
/** Compile-time check that NOT_ACTIVE lists every status but 'active'. */
const _everyOtherStatus: Exclude<Status, 'active'> extends (typeof NOT_ACTIVE)[number] ? true : never = true
void _everyOtherStatus

/** Active members' answers: how many hold each value of each dimension. */
export async function countActiveAnswers(db: Db): Promise<{ dimension: string; value: string; n: number }[]> {
  const read = async (trx: Db) => {
    const all = await tables(trx)
      .selectFrom('panel_demographic as d')
      .select(['d.dimension', 'd.value', eb => eb.fn.countAll<number>().as('n')])
      .groupBy(['d.dimension', 'd.value'])
      .execute()
    const inactive = await tables(trx)
      .selectFrom('panel_demographic as d')
      .where('d.participant_id', 'in', tables(trx).selectFrom('panel_participant as p').select('p.id').where('p.status', 'in', [...NOT_ACTIVE]))
      .select(['d.dimension', 'd.value', eb => eb.fn.countAll<number>().as('n')])
      .groupBy(['d.dimension', 'd.value'])
      .execute()
    const minus = new Map(inactive.map(r => [`${r.dimension}\u0000${r.value}`, Number(r.n)]))
    return all
      .map(r => ({ dimension: r.dimension, value: r.value, n: Number(r.n) - (minus.get(`${r.dimension}\u0000${r.value}`) ?? 0) }))
      .filter(r => r.n > 0)
  }
  return db.isTransaction ? read(db) : db.transaction().execute(read)
}

/**
 * For dimensions where a person can give several answers: how many active members answered at all, each person
 * counted once. Counted over every member from the (dimension, participant_id, value) index, which gives each
 * person's answers together so no sorting is needed, less the members who are not active, as above. (Those who gave
 * a real answer are these less those who preferred not to say: that answer is never given with another.)
 */
export async function countActivePeopleAnswering(db: Db, dimensions: readonly string[]): Promise<{ dimension: string; n: number }[]> {
  const read = async (trx: Db) => {
    const people = async (dimension: string, inactive: boolean) => {
      let q = tables(trx).selectFrom('panel_demographic as d').where('d.dimension', '=', dimension)
      if (inactive) q = q.where('d.participant_id', 'in', tables(trx).selectFrom('panel_participant as p').select('p.id').where('p.status', 'in', [...NOT_ACTIVE]))
      const r = await q.select(eb => eb.fn.count<number>('d.participant_id').distinct().as('n')).executeTakeFirstOrThrow()
      return Number(r.n)
    }
    const out: { dimension: string; n: number }[] = []
    for (const dimension of dimensions) out.push({ dimension, n: (await people(dimension, false)) - (await people(dimension, true)) })
    return out
  }
  if (dimensions.length === 0) return []
  return db.isTransaction ? read(db) : db.transaction().execute(read)
}

export async function countActiveMembers(db: Db): Promise<number> {
  const r = await tables(db)
    .selectFrom('panel_participant')
    .where('status', '=', ACTIVE)
    .select(eb => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Active members in each seldom-heard group. */
export async function countActiveByTag(db: Db): Promise<{ tag: string; n: number }[]> {
  const rows = await tables(db)
    .selectFrom('panel_seldom_heard_tag as t')
    .innerJoin('panel_participant as p', 'p.id', 't.participant_id')
    .where('p.status', '=', ACTIVE)
    .select(['t.tag', eb => eb.fn.countAll<number>().as('n')])
    .groupBy('t.tag')
    .execute()
  return rows.map(r => ({ tag: r.tag, n: Number(r.n) }))
}

/**
 * Active members by when they last took part: at or after `since` (recent), before it (lapsed), never. Read from
 * the (status, last_participated_at) index alone.
 */
export async function countActiveByActivity(db: Db, since: string): Promise<{ recent: number; lapsed: number; never: number }> {
  const r = await tables(db)
    .selectFrom('panel_participant as p')
    .where('p.status', '=', ACTIVE)
    .select(eb => [
      eb.fn.sum<number>(eb.case().when('p.last_participated_at', '>=', since).then(1).else(0).end()).as('recent'),
      eb.fn.sum<number>(eb.case().when('p.last_participated_at', '<', since).then(1).else(0).end()).as('lapsed'),
      eb.fn.sum<number>(eb.case().when('p.last_participated_at', 'is', null).then(1).else(0).end()).as('never'),
    ])
    .executeTakeFirstOrThrow()
  return { recent: Number(r.recent ?? 0), lapsed: Number(r.lapsed ?? 0), never: Number(r.never ?? 0) }
}
