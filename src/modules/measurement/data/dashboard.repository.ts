// Read-only SQL for the dashboards and the open data: the measures of one framework version with their outcomes,
// and the measurements of those measures. Nothing here writes.
import type { Db } from '../../../platform/db/database.ts'
import type { MeasurementTables } from './measurement.table.ts'
import type { MeasureRow, ValueRow } from './measurement.repository.ts'

type Tables = { [K in keyof MeasurementTables]: MeasurementTables[K] }
const t = (db: Db) => db.withTables<Tables>()

export interface DashboardMeasureRow extends MeasureRow {
  outcome_title: string
  outcome_description: string
  commitment_key: string
  outcome_position: number
}

/** Every measure of a framework version with its outcome, in the framework's order. */
export function listDashboardMeasures(db: Db, frameworkId: string): Promise<DashboardMeasureRow[]> {
  return t(db)
    .selectFrom('measurement_measure as m')
    .innerJoin('measurement_outcome as o', 'o.id', 'm.outcome_id')
    .selectAll('m')
    .select(['o.title as outcome_title', 'o.description as outcome_description', 'o.commitment_key as commitment_key', 'o.position as outcome_position'])
    .where('m.framework_id', '=', frameworkId)
    .orderBy('o.position')
    .orderBy('o.id')
    .orderBy('m.position')
    .orderBy('m.id')
    .execute()
}

/** The measurements of these measure codes, by code then period (periods of one frequency sort in time order). */
export function listDashboardValues(db: Db, codes: readonly string[]): Promise<ValueRow[]> {
  if (codes.length === 0) return Promise.resolve([])
  return t(db).selectFrom('measurement_value').selectAll().where('measure_code', 'in', [...codes]).orderBy('measure_code').orderBy('period').execute()
}
