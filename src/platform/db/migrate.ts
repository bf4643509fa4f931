import { Migrator, type MigrationResultSet } from 'kysely'
import type { Db } from './database.ts'
import { migrations } from './migrations/index.ts'

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const result = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find(r => r.status === 'Error')
    const err = new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`)
    ;(err as Error & { cause: unknown }).cause = result.error
    throw err
  }
  return result
}
