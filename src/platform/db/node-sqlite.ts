import { DatabaseSync, type StatementSync, type SQLInputValue } from 'node:sqlite'
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/**
 * Adapts Node's built-in `node:sqlite` to the small interface Kysely's SqliteDialect expects.
 * We use the built-in driver rather than a native addon so the same install works whether npm ran on
 * Node 20 or 24 (a native addon is compiled for one Node ABI only). See docs/adr/0003.
 */
export function openNodeSqlite(file: string): SqliteDatabase & { raw: DatabaseSync } {
  const raw = new DatabaseSync(file)
  raw.exec('PRAGMA foreign_keys = ON')
  raw.exec('PRAGMA busy_timeout = 5000')
  if (file !== ':memory:') raw.exec('PRAGMA journal_mode = WAL')
  return {
    raw,
    close: () => raw.close(),
    prepare: (sql: string) => wrapStatement(raw.prepare(sql)),
  }
}

function toSqlite(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value)
  return value as SQLInputValue
}

function wrapStatement(stmt: StatementSync): SqliteStatement {
  const params = (p: ReadonlyArray<unknown>) => p.map(toSqlite)
  return {
    reader: stmt.columns().length > 0,
    all: (p: ReadonlyArray<unknown>) => stmt.all(...params(p)),
    run: (p: ReadonlyArray<unknown>) => {
      const r = stmt.run(...params(p))
      return { changes: r.changes, lastInsertRowid: r.lastInsertRowid }
    },
    iterate: (p: ReadonlyArray<unknown>) => stmt.iterate(...params(p)) as IterableIterator<unknown>,
  }
}
