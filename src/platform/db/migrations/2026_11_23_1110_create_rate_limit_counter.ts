import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limit_counter')
    .addColumn('key', 'varchar(400)', c => c.primaryKey())
    .addColumn('window_start', 'varchar(30)', c => c.notNull())
    .addColumn('hits', 'integer', c => c.notNull())
    .execute()
  await db.schema.createIndex('rate_limit_counter_window_idx').on('rate_limit_counter').column('window_start').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_counter').execute()
}
