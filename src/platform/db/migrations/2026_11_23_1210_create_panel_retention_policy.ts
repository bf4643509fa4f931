import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * How long an inactive panel member's record is kept before it is erased (their contributions kept, pseudonymised).
 * One row per organisation setting (id 'default'); no row means the default period, which the application knows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panel_retention_policy')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('inactive_months', 'integer', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_by_user_id', 'varchar(36)')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panel_retention_policy').execute()
}
