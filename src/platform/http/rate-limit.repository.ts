import type { Db } from '../db/database.ts'

// A type alias, not an interface: withTables needs an index-signature-compatible type.
type RateLimitTables = {
  rate_limit_counter: { key: string; window_start: string; hits: number }
}

const t = (db: Db) => db.withTables<RateLimitTables>()

/**
 * Count one hit in a fixed window, atomically (one upsert), so every app instance shares the same counters.
 * A window that started at or before `cutoff` has ended: the count starts again at 1.
 */
export async function countHit(db: Db, key: string, now: string, cutoff: string): Promise<{ hits: number; windowStart: string }> {
  const row = await t(db)
    .insertInto('rate_limit_counter')
    .values({ key, window_start: now, hits: 1 })
    .onConflict(oc =>
      oc.column('key').doUpdateSet(eb => ({
        hits: eb.case().when('rate_limit_counter.window_start', '<=', cutoff).then(1).else(eb('rate_limit_counter.hits', '+', 1)).end(),
        window_start: eb.case().when('rate_limit_counter.window_start', '<=', cutoff).then(now).else(eb.ref('rate_limit_counter.window_start')).end(),
      })),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow()
  return { hits: Number(row.hits), windowStart: row.window_start }
}

export function readHits(db: Db, key: string): Promise<{ hits: number; window_start: string } | undefined> {
  return t(db).selectFrom('rate_limit_counter').select(['hits', 'window_start']).where('key', '=', key).executeTakeFirst()
}

export async function deleteCountersBefore(db: Db, before: string): Promise<number> {
  const r = await t(db).deleteFrom('rate_limit_counter').where('window_start', '<', before).executeTakeFirst()
  return Number(r.numDeletedRows)
}
