import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Audit events are first written here, in the same transaction as the change they record, WITHOUT taking the
// chain's lock; a sealer then moves them, in order, into the hash chain (`audit_event`). See docs/adr/0007.
// A pending event may be removed (by the sealer, as it seals it) but never changed.

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = await isPostgres(db)
  await db.schema
    .createTable('audit_event_pending')
    // The order the events were written in. Only used to seal them in that order.
    .addColumn('pending_seq', postgres ? 'bigserial' : 'integer', c => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'varchar(36)', c => c.notNull().unique())
    .addColumn('occurred_at', 'varchar(30)', c => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_role', 'varchar(40)', c => c.notNull())
    .addColumn('action', 'varchar(100)', c => c.notNull())
    .addColumn('subject_type', 'varchar(60)')
    .addColumn('subject_id', 'varchar(100)')
    .addColumn('summary', 'text', c => c.notNull())
    .addColumn('request_id', 'varchar(100)')
    .execute()

  if (postgres) {
    await sql`create function audit_event_pending_no_update() returns trigger language plpgsql as $$
      begin raise exception 'audit_event_pending cannot be changed, only sealed'; end $$`.execute(db)
    await sql`create trigger audit_event_pending_no_update before update on audit_event_pending
      for each row execute function audit_event_pending_no_update()`.execute(db)
  } else {
    await sql`create trigger audit_event_pending_no_update before update on audit_event_pending
      begin select raise(abort, 'audit_event_pending cannot be changed, only sealed'); end`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_event_pending').execute()
  if (await isPostgres(db)) await sql`drop function if exists audit_event_pending_no_update()`.execute(db)
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  // version() exists in PostgreSQL and not in SQLite; the probe must not fail (and abort a transaction) on PostgreSQL.
  return sql`select version() as v`.execute(db).then(
    () => true,
    () => false,
  )
}
