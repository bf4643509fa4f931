import { DatabaseSync, type StatementSync, type SQLInputValue } from 'node:sqlite'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/**
 * Adapts Node's built-in `node:sqlite` to the small interface Kysely's SqliteDialect expects.
 * We use the built-in driver rather than a native addon so the same install works whether npm ran on
 * Node 20 or 24 (a native addon is compiled for one Node ABI only). See docs/adr/0003.
 */
export function openNodeSqlite(file: string, opts: { synchronous?: 'normal' | 'full' } = {}): SqliteDatabase & { raw: DatabaseSync } {
  const raw = new DatabaseSync(file)
  raw.exec('PRAGMA foreign_keys = ON')
  raw.exec('PRAGMA busy_timeout = 5000')
  if (file !== ':memory:') raw.exec('PRAGMA journal_mode = WAL')
  // In WAL mode NORMAL is safe from corruption and does not wait for the disk at every commit (which, the driver
  // being synchronous, would hold up every other request): docs/adr/0003.
  raw.exec(`PRAGMA synchronous = ${opts.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  // Prepared statements are kept and reused (Kysely sends the same SQL text again and again, with new parameters):
  // preparing each time was a tenth of the app's CPU under load. All calls are synchronous, so a statement is never
  // in use twice at once, except a streaming iterate(), which gets a statement of its own.
  const cache = new Map<string, SqliteStatement>()
  return {
    raw,
    close: () => {
      cache.clear()
      raw.close()
    },
    prepare: (sql: string) => {
      let stmt = cache.get(sql)
      if (stmt) {
        // Most recently used last, so the oldest is dropped first.
        cache.delete(sql)
      } else {
        stmt = wrapStatement(raw.prepare(sql), () => raw.prepare(sql))
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!)
      }
      cache.set(sql, stmt)
      return stmt
    },
  }
}

const STATEMENT_CACHE_SIZE = 500

function toSqlite(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value)
  return value as SQLInputValue
}

function wrapStatement(stmt: StatementSync, fresh: () => StatementSync): SqliteStatement {
  const params = (p: ReadonlyArray<unknown>) => p.map(toSqlite)
  return {
    reader: stmt.columns().length > 0,
    all: (p: ReadonlyArray<unknown>) => stmt.all(...params(p)),
    run: (p: ReadonlyArray<unknown>) => {
      const r = stmt.run(...params(p))
      return { changes: r.changes, lastInsertRowid: r.lastInsertRowid }
    },
    iterate: (p: ReadonlyArray<unknown>) => fresh().iterate(...params(p)) as IterableIterator<unknown>,
  }
}
