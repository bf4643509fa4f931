import fs from 'node:fs'
import path from 'node:path'
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import type { Config } from '../config.ts'
import { openNodeSqlite } from './node-sqlite.ts'
import type { Database } from './schema.ts'

export type Dialect = 'sqlite' | 'postgres'
export type Db = Kysely<Database>
export type Trx = Transaction<Database>
/** Either the database or an open transaction: repositories take this as their first argument. */
export type DbOrTrx = Kysely<Database>

export interface DatabaseHandle {
  readonly db: Db
  readonly dialect: Dialect
  /** SQLite only: the file path (or ':memory:'). */
  readonly sqlitePath?: string
  close(): Promise<void>
}

// PostgreSQL returns int8 (count(*)) as text by default; our counts fit in a JS number.
pg.types.setTypeParser(20, v => Number.parseInt(v, 10))

export function openDatabase(dbConfig: Config['db'], opts: { searchPath?: string } = {}): DatabaseHandle {
  if (dbConfig.dialect === 'postgres') {
    // searchPath: tests give each run its own schema so runs never see each other's rows.
    const pool = new pg.Pool({
      connectionString: dbConfig.url,
      max: dbConfig.poolSize,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', close: () => db.destroy() }
  }
  const file = dbConfig.sqlitePath
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const database = openNodeSqlite(file, { synchronous: dbConfig.synchronous })
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
  return { db, dialect: 'sqlite', sqlitePath: file, close: () => db.destroy() }
}

/** True when the database answers a trivial query. Used by GET /health. */
export async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}

/**
 * Serialise a critical section across app instances (the audit hash chain, the last-administrator check).
 * PostgreSQL: a transaction-scoped advisory lock. SQLite has a single writer, so the transaction is enough.
 */
export async function advisoryLock(trx: Trx, dialect: Dialect, key: number): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${key})`.execute(trx)
}

/**
 * For a transaction whose loss in a database-server crash would cost little (a draft answer the person can give
 * again): on PostgreSQL the commit does not wait for the write-ahead log to reach the disk
 * (`synchronous_commit = off` for this transaction only). PostgreSQL's documentation: no risk of inconsistency; a
 * crash of the server may lose the last fraction of a second of such commits, always a whole suffix of them, so the
 * audit chain stays unbroken. SQLite's setting is per connection (see docs/adr/0003).
 */
export async function relaxCommitDurability(trx: Trx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`set local synchronous_commit = off`.execute(trx)
}

/** Consistent online backup of a SQLite database to a new file. */
export async function backupSqlite(db: Db, target: string): Promise<void> {
  if (fs.existsSync(target)) throw new Error(`${target} already exists: choose a new file name`)
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true })
  await sql`vacuum into ${path.resolve(target)}`.execute(db)
}
