// The measurement module's SQL: framework versions, outcomes, measures and measurements. The dashboards (and later
// the annual report) read through the functions here.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type {
  FrameworkStatus,
  MeasurementFrameworkTable,
  MeasurementMeasureTable,
  MeasurementOutcomeTable,
  MeasurementTables,
  MeasurementValueTable,
} from './measurement.table.ts'

export type FrameworkRow = Selectable<MeasurementFrameworkTable>
export type OutcomeRow = Selectable<MeasurementOutcomeTable>
export type MeasureRow = Selectable<MeasurementMeasureTable>
export type ValueRow = Selectable<MeasurementValueTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof MeasurementTables]: MeasurementTables[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- frameworks ----

export async function insertFramework(db: Db, row: Insertable<MeasurementFrameworkTable>): Promise<void> {
  await t(db).insertInto('measurement_framework').values(row).execute()
}

export function findFramework(db: Db, id: string): Promise<FrameworkRow | undefined> {
  return t(db).selectFrom('measurement_framework').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Every version, newest first. */
export function listFrameworks(db: Db): Promise<FrameworkRow[]> {
  return t(db).selectFrom('measurement_framework').selectAll().orderBy('version', 'desc').execute()
}

export function latestFramework(db: Db): Promise<FrameworkRow | undefined> {
  return t(db).selectFrom('measurement_framework').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst()
}

/** The newest version with the given status (e.g. the agreed one). */
export function latestFrameworkWithStatus(db: Db, status: FrameworkStatus): Promise<FrameworkRow | undefined> {
  return t(db).selectFrom('measurement_framework').selectAll().where('status', '=', status).orderBy('version', 'desc').limit(1).executeTakeFirst()
}

export async function updateFramework(db: Db, id: string, changes: Updateable<MeasurementFrameworkTable>): Promise<void> {
  await t(db).updateTable('measurement_framework').set(changes).where('id', '=', id).execute()
}

// ---- outcomes ----

export async function insertOutcome(db: Db, row: Insertable<MeasurementOutcomeTable>): Promise<void> {
  await t(db).insertInto('measurement_outcome').values(row).execute()
}

export function findOutcome(db: Db, id: string): Promise<OutcomeRow | undefined> {
  return t(db).selectFrom('measurement_outcome').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateOutcome(db: Db, id: string, changes: Updateable<MeasurementOutcomeTable>): Promise<void> {
  await t(db).updateTable('measurement_outcome').set(changes).where('id', '=', id).execute()
}

export function listOutcomes(db: Db, frameworkId: string): Promise<OutcomeRow[]> {
  return t(db).selectFrom('measurement_outcome').selectAll().where('framework_id', '=', frameworkId).orderBy('position').orderBy('id').execute()
}

export async function nextOutcomePosition(db: Db, frameworkId: string): Promise<number> {
  const r = await t(db).selectFrom('measurement_outcome').select(eb => eb.fn.max('position').as('p')).where('framework_id', '=', frameworkId).executeTakeFirst()
  return Number(r?.p ?? 0) + 1
}

// ---- measures ----

export async function insertMeasure(db: Db, row: Insertable<MeasurementMeasureTable>): Promise<void> {
  await t(db).insertInto('measurement_measure').values(row).execute()
}

export function findMeasure(db: Db, id: string): Promise<MeasureRow | undefined> {
  return t(db).selectFrom('measurement_measure').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findMeasureByCode(db: Db, frameworkId: string, code: string): Promise<MeasureRow | undefined> {
  return t(db).selectFrom('measurement_measure').selectAll().where('framework_id', '=', frameworkId).where('code', '=', code).executeTakeFirst()
}

export async function updateMeasure(db: Db, id: string, changes: Updateable<MeasurementMeasureTable>): Promise<void> {
  await t(db).updateTable('measurement_measure').set(changes).where('id', '=', id).execute()
}

export function listMeasures(db: Db, frameworkId: string): Promise<MeasureRow[]> {
  return t(db).selectFrom('measurement_measure').selectAll().where('framework_id', '=', frameworkId).orderBy('position').orderBy('id').execute()
}

export async function nextMeasurePosition(db: Db, frameworkId: string): Promise<number> {
  const r = await t(db).selectFrom('measurement_measure').select(eb => eb.fn.max('position').as('p')).where('framework_id', '=', frameworkId).executeTakeFirst()
  return Number(r?.p ?? 0) + 1
}

/** Every code used in any version (a new measure's code must not reuse another measure's code). */
export async function allMeasureCodes(db: Db): Promise<string[]> {
  const rows = await t(db).selectFrom('measurement_measure').select('code').distinct().execute()
  return rows.map(r => r.code)
}

// ---- measurements ----

export function findValue(db: Db, measureCode: string, period: string): Promise<ValueRow | undefined> {
  return t(db).selectFrom('measurement_value').selectAll().where('measure_code', '=', measureCode).where('period', '=', period).executeTakeFirst()
}

export async function insertValue(db: Db, row: Insertable<MeasurementValueTable>): Promise<void> {
  await t(db).insertInto('measurement_value').values(row).execute()
}

export async function updateValue(db: Db, id: string, changes: Updateable<MeasurementValueTable>): Promise<void> {
  await t(db).updateTable('measurement_value').set(changes).where('id', '=', id).execute()
}

/** A measure's measurements (period strings of one frequency sort in time order). */
export function listValues(db: Db, measureCode: string): Promise<ValueRow[]> {
  return t(db).selectFrom('measurement_value').selectAll().where('measure_code', '=', measureCode).orderBy('period').execute()
}

/** The measurements of many measures at once (dashboards). */
export function listValuesForCodes(db: Db, codes: readonly string[]): Promise<ValueRow[]> {
  if (codes.length === 0) return Promise.resolve([])
  return t(db).selectFrom('measurement_value').selectAll().where('measure_code', 'in', codes).orderBy('measure_code').orderBy('period').execute()
}
