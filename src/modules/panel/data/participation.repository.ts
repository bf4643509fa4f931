import type { Db } from '../../../platform/db/database.ts'
import type { PanelTables } from './participant.table.ts'

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof PanelTables]: PanelTables[K] }

function panel(db: Db) {
  return db.withTables<Tables>()
}

/**
 * Move a participant's "last took part" forward to `at`, never back: only when it is empty or earlier (ISO
 * timestamps compare as strings). Not for an erased member. Returns whether it changed.
 */
export async function advanceLastParticipatedAt(db: Db, participantId: string, at: string, now: string): Promise<boolean> {
  const r = await panel(db)
    .updateTable('panel_participant')
    .set({ last_participated_at: at, updated_at: now })
    .where('id', '=', participantId)
    .where('status', '!=', 'erased')
    .where(eb => eb.or([eb('last_participated_at', 'is', null), eb('last_participated_at', '<', at)]))
    .executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/**
 * Set a participant's "last took part" to exactly `at` (or empty), when it differs: for a correction, after a record
 * of taking part was removed or changed. Not for an erased member. Returns whether it changed.
 */
export async function setLastParticipatedAt(db: Db, participantId: string, at: string | null, now: string): Promise<boolean> {
  let q = panel(db)
    .updateTable('panel_participant')
    .set({ last_participated_at: at, updated_at: now })
    .where('id', '=', participantId)
    .where('status', '!=', 'erased')
  q = at === null ? q.where('last_participated_at', 'is not', null) : q.where(eb => eb.or([eb('last_participated_at', 'is', null), eb('last_participated_at', '!=', at)]))
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}
