import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { loadConfig, type Config } from '../../src/platform/config.ts'
import { openDatabase, type DatabaseHandle, type Dialect } from '../../src/platform/db/database.ts'
import { migrateToLatest } from '../../src/platform/db/migrate.ts'

/**
 * Repository tests run on every dialect in TEST_DIALECTS: SQLite always; PostgreSQL too when DATABASE_URL is set.
 * The environment variable TEST_DIALECTS (e.g. "postgres") narrows it: CI's second run, on PostgreSQL, sets it so
 * the SQLite half is not run twice.
 */
export const TEST_DIALECTS: readonly Dialect[] = chooseDialects(process.env.DATABASE_URL, process.env.TEST_DIALECTS)

function chooseDialects(databaseUrl: string | undefined, only: string | undefined): Dialect[] {
  const available: Dialect[] = databaseUrl ? ['sqlite', 'postgres'] : ['sqlite']
  if (!only) return available
  const wanted = only.split(',').map(s => s.trim())
  for (const w of wanted) {
    if (w !== 'sqlite' && w !== 'postgres') throw new Error(`TEST_DIALECTS: '${w}' is not a dialect (use sqlite, postgres or both, comma-separated)`)
    if (!available.includes(w)) throw new Error(`TEST_DIALECTS asks for ${w}, but DATABASE_URL is not set`)
  }
  return available.filter(d => wanted.includes(d))
}

/** The dialect app-level tests (routes, browser) run on: PostgreSQL when DATABASE_URL is set, else SQLite. */
export const APP_DIALECT: Dialect = process.env.DATABASE_URL ? 'postgres' : 'sqlite'

export interface TestDatabase extends DatabaseHandle {
  config: Config
}

/**
 * A fresh, migrated database: in-memory SQLite, or a new PostgreSQL schema dropped afterwards.
 */
export async function createTestDatabase(dialect: Dialect = APP_DIALECT, env: Record<string, string> = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:', ...env })
    const handle = openDatabase(config.db)
    await migrateToLatest(handle.db)
    return { ...handle, config }
  }
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is needed for PostgreSQL tests')
  const schema = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await dropStaleSchemas(admin)
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATABASE_POOL_SIZE: '4', ...env })
  const handle = openDatabase(config.db, { searchPath: schema })
  await migrateRetryingRaces(handle.db, schema)
  return {
    ...handle,
    config,
    close: async () => {
      await handle.close()
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}

/**
 * Kysely's migrator looks at every table in the database (with has_table_privilege) before it starts. When another
 * test process drops its own schema at that moment, PostgreSQL answers 'schema "test_..." does not exist' (or
 * 'relation "test_....some_table" does not exist') about THAT schema. It is a race between test processes, not a
 * fault in ours: try again a few times.
 */
async function migrateRetryingRaces(db: TestDatabase['db'], schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateToLatest(db, { schema })
      return
    } catch (err) {
      const message = String((err as { cause?: unknown }).cause ?? err)
      const other = /(?:schema "(test_[a-z0-9_]+)"|relation "(test_[a-z0-9_]+)\.[a-z0-9_]+") does not exist/.exec(message)?.slice(1).find(Boolean)
      if (attempt >= 5 || !other || other === schema) throw err
      await new Promise(resolve => setTimeout(resolve, 50 * attempt))
    }
  }
}

/** Schemas left by test runs that were killed before they could clean up (their names carry their start time). */
async function dropStaleSchemas(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(`select schema_name as name from information_schema.schemata where schema_name like 'test\\_%'`)
  const dayAgo = Date.now() - 24 * 3_600_000
  for (const { name } of rows) {
    const started = Number.parseInt(name.split('_')[1] ?? '', 36)
    if (Number.isFinite(started) && started < dayAgo) await client.query(`drop schema if exists ${name} cascade`)
  }
}
