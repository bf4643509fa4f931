import type { Db } from '../../../platform/db/database.ts'
import type { ConsentTable } from './consent.repository.ts'
import type { PanelTables } from './participant.table.ts'

/**
 * The reads behind the selection pool: the members who may be selected (active, and their latest decision on the
 * contact purpose gives consent, the rule `findActiveWithConsent` applies to given ids), and their answers, tags and
 * encrypted addresses. Each read is ONE set-based query over the whole pool, which is named by a sub-query rather
 * than by a list of ids, so there is no IN-list to chunk however large the panel is.
 */

type AllTables = PanelTables & { panel_consent: ConsentTable }
/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof AllTables]: AllTables[K] }

function tables(db: Db) {
  return db.withTables<Tables>()
}

/** Ids are looked up in batches of this many (a bound on the size of one query's IN list). */
export const ID_BATCH = 500

export interface PoolMemberRow {
  id: string
  pseudonym: string
  /** The encrypted postal address (JSON), or null if they gave none. */
  address_enc: string | null
}

export interface PoolAnswerRow {
  participant_id: string
  dimension: string
  value: string
}

export interface PoolTagRow {
  participant_id: string
  tag: string
}

/**
 * The ids of the pool: active members whose latest record for `purpose` gives consent. The latest record is the one
 * with no later entry for that member and purpose. Written as NOT EXISTS rather than "entry_no = (SELECT max ...)":
 * PostgreSQL turns it into a hash anti-join over the whole table (about 4 times faster with 50,000 members, where
 * the correlated max is probed once per member), and SQLite answers it from the (participant_id, purpose, entry_no)
 * index as fast as the max.
 */
function poolIds(db: Db, purpose: string) {
  const t = tables(db)
  const consenting = t
    .selectFrom('panel_consent as c')
    .select('c.participant_id')
    .where('c.purpose', '=', purpose)
    .where('c.decision', '=', 'given')
    .where(eb =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('panel_consent as c2')
            .select('c2.entry_no')
            .whereRef('c2.participant_id', '=', 'c.participant_id')
            .where('c2.purpose', '=', purpose)
            .whereRef('c2.entry_no', '>', 'c.entry_no'),
        ),
      ),
    )
  return t.selectFrom('panel_participant as pp').select('pp.id').where('pp.status', '=', 'active').where('pp.id', 'in', consenting)
}

/** The pool's members with their encrypted address, ordered by pseudonym. */
export function findPoolMembers(db: Db, purpose: string): Promise<PoolMemberRow[]> {
  return tables(db)
    .selectFrom('panel_participant as p')
    .leftJoin('panel_identity as i', 'i.participant_id', 'p.id')
    .select(['p.id', 'p.pseudonym', 'i.address_enc'])
    .where('p.id', 'in', poolIds(db, purpose))
    .orderBy('p.pseudonym')
    .execute()
}

/** The pool's answers on these dimensions. */
export async function findPoolAnswers(db: Db, purpose: string, dimensions: readonly string[]): Promise<PoolAnswerRow[]> {
  if (dimensions.length === 0) return []
  return tables(db)
    .selectFrom('panel_demographic as d')
    .select(['d.participant_id', 'd.dimension', 'd.value'])
    .where('d.dimension', 'in', [...dimensions])
    .where('d.participant_id', 'in', poolIds(db, purpose))
    .execute()
}

/** The pool's seldom-heard tags. */
export function findPoolTags(db: Db, purpose: string): Promise<PoolTagRow[]> {
  return tables(db)
    .selectFrom('panel_seldom_heard_tag as t')
    .select(['t.participant_id', 't.tag'])
    .where('t.participant_id', 'in', poolIds(db, purpose))
    .execute()
}

/** The pool, its answers on `dimensions` and its tags, read in one transaction. */
export async function readPool(
  db: Db,
  purpose: string,
  dimensions: readonly string[],
): Promise<{ members: PoolMemberRow[]; answers: PoolAnswerRow[]; tags: PoolTagRow[] }> {
  const read = async (trx: Db) => {
    const members = await findPoolMembers(trx, purpose)
    const answers = await findPoolAnswers(trx, purpose, dimensions)
    const tags = await findPoolTags(trx, purpose)
    return { members, answers, tags }
  }
  return db.isTransaction ? read(db) : db.transaction().execute(read)
}

/** For each of these participants who has an account of their own: participant id and account id. Any number of ids. */
export async function findParticipantAccounts(db: Db, participantIds: readonly string[]): Promise<{ id: string; user_id: string }[]> {
  const unique = [...new Set(participantIds)]
  const out: { id: string; user_id: string }[] = []
  for (let i = 0; i < unique.length; i += ID_BATCH) {
    const rows = await tables(db)
      .selectFrom('panel_participant')
      .select(['id', 'user_id'])
      .where('id', 'in', unique.slice(i, i + ID_BATCH))
      .where('user_id', 'is not', null)
      .execute()
    for (const r of rows) if (r.user_id !== null) out.push({ id: r.id, user_id: r.user_id })
  }
  return out
}
