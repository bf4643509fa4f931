import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('app_user')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('email', 'varchar(320)', c => c.notNull().unique())
    .addColumn('display_name', 'varchar(200)', c => c.notNull())
    .addColumn('role', 'varchar(40)', c => c.notNull())
    .addColumn('password_hash', 'text')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('failed_sign_in_count', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'varchar(30)')
    .addColumn('last_sign_in_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('app_user_role_idx').on('app_user').column('role').execute()

  await db.schema
    .createTable('session')
    .addColumn('id', 'varchar(64)', c => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', c => c.references('app_user.id').onDelete('cascade'))
    .addColumn('data', 'text', c => c.notNull())
    .addColumn('expires_at', 'varchar(30)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('session_expires_idx').on('session').column('expires_at').execute()
  await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute()

  await db.schema
    .createTable('sign_in_token')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', c => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('purpose', 'varchar(20)', c => c.notNull())
    .addColumn('token_hash', 'varchar(64)', c => c.notNull().unique())
    .addColumn('expires_at', 'varchar(30)', c => c.notNull())
    .addColumn('used_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('audit_event')
    .addColumn('seq', 'integer', c => c.primaryKey())
    .addColumn('id', 'varchar(36)', c => c.notNull().unique())
    .addColumn('occurred_at', 'varchar(30)', c => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_role', 'varchar(40)', c => c.notNull())
    .addColumn('action', 'varchar(100)', c => c.notNull())
    .addColumn('subject_type', 'varchar(60)')
    .addColumn('subject_id', 'varchar(100)')
    .addColumn('summary', 'text', c => c.notNull())
    .addColumn('request_id', 'varchar(100)')
    .addColumn('prev_hash', 'varchar(64)', c => c.notNull())
    .addColumn('hash', 'varchar(64)', c => c.notNull())
    .execute()
  await db.schema.createIndex('audit_event_action_idx').on('audit_event').column('action').execute()
  await db.schema.createIndex('audit_event_actor_idx').on('audit_event').column('actor_user_id').execute()
  await db.schema.createIndex('audit_event_subject_idx').on('audit_event').columns(['subject_type', 'subject_id']).execute()
  await db.schema.createIndex('audit_event_time_idx').on('audit_event').column('occurred_at').execute()

  // Append-only: the database itself refuses to change or remove an audit event.
  if (await isPostgres(db)) {
    await sql`create function audit_event_is_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_event is append-only'; end $$`.execute(db)
    await sql`create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_is_append_only()`.execute(db)
  } else {
    await sql`create trigger audit_event_no_update before update on audit_event
      begin select raise(abort, 'audit_event is append-only'); end`.execute(db)
    await sql`create trigger audit_event_no_delete before delete on audit_event
      begin select raise(abort, 'audit_event is append-only'); end`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_event').execute()
  if (await isPostgres(db)) await sql`drop function if exists audit_event_is_append_only()`.execute(db)
  await db.schema.dropTable('sign_in_token').execute()
  await db.schema.dropTable('session').execute()
  await db.schema.dropTable('app_user').execute()
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  // version() exists in PostgreSQL and not in SQLite. (A failed statement would abort a PostgreSQL
  // transaction, so the probe must succeed there; SQLite does not abort on error.)
  return sql`select version() as v`.execute(db).then(
    () => true,
    () => false,
  )
}
