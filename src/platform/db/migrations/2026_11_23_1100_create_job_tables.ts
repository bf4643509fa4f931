import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('job_lease')
    .addColumn('name', 'varchar(100)', c => c.primaryKey())
    .addColumn('locked_until', 'varchar(30)')
    .addColumn('locked_by', 'varchar(100)')
    .addColumn('last_started_at', 'varchar(30)')
    .addColumn('last_finished_at', 'varchar(30)')
    .addColumn('last_status', 'varchar(20)')
    .execute()

  await db.schema
    .createTable('job_run')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('name', 'varchar(100)', c => c.notNull())
    .addColumn('started_at', 'varchar(30)', c => c.notNull())
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('report', 'text', c => c.notNull())
    .addColumn('error', 'text')
    .addColumn('triggered_by', 'varchar(100)', c => c.notNull())
    .execute()
  await db.schema.createIndex('job_run_name_started_idx').on('job_run').columns(['name', 'started_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_run').execute()
  await db.schema.dropTable('job_lease').execute()
}
