import { Migrator, type MigrationResultSet } from 'kysely'
import type { Db } from './database.ts'
import { loadMigrations } from './migrations/index.ts'

/**
 * Apply every pending migration. `schema` (PostgreSQL): where the migration bookkeeping tables live. Give it whenever
 * the database has other schemas on another search path (tests do): Kysely otherwise finds another schema's
 * bookkeeping tables and fails.
 */
export async function migrateToLatest(db: Db, opts: { schema?: string } = {}): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => loadMigrations() },
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  })
  const result = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find(r => r.status === 'Error')
    const err = new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`)
    ;(err as Error & { cause: unknown }).cause = result.error
    throw err
  }
  return result
}
