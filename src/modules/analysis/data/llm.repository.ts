// The analysis module's SQL for the language model's call log: one row per call, whatever happened.
import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type { AnalysisLlmCallTable, LlmTables } from './llm.table.ts'

export type LlmCallRow = Selectable<AnalysisLlmCallTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof LlmTables]: LlmTables[K] }
const t = (db: Db) => db.withTables<Tables>()

export async function insertLlmCall(db: Db, row: Insertable<AnalysisLlmCallTable>): Promise<void> {
  await t(db).insertInto('analysis_llm_call').values(row).execute()
}

export function findLlmCall(db: Db, id: string): Promise<LlmCallRow | undefined> {
  return t(db).selectFrom('analysis_llm_call').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The calls made for one code of an analysis, newest first. */
export function listLlmCallsOfCode(db: Db, projectId: string, codeId: string, limit = 20): Promise<LlmCallRow[]> {
  return t(db)
    .selectFrom('analysis_llm_call')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('code_id', '=', codeId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

/** The calls of these projects, newest first (for erasure: which answers may quote someone). */
export function listLlmCallsOfProjects(db: Db, projectIds: readonly string[]): Promise<LlmCallRow[]> {
  if (projectIds.length === 0) return Promise.resolve([])
  return t(db).selectFrom('analysis_llm_call').selectAll().where('project_id', 'in', [...projectIds]).orderBy('created_at', 'desc').execute()
}

/** Blank a logged answer (it may quote an erased person); what was asked and how it checked out stay. */
export async function blankLlmResponse(db: Db, id: string, note: string): Promise<void> {
  await t(db).updateTable('analysis_llm_call').set({ response_text: note }).where('id', '=', id).execute()
}
