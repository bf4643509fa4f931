import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * One row per import of panel members from a CSV file (not for a dry run, which writes nothing): who ran it, how,
 * the counts, and the problems found, as JSON (line, column and what is wrong; never a name or contact detail).
 * The report page after an import reads it, so refreshing that page never imports the file twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panel_import')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('actor_role', 'varchar(40)', c => c.notNull())
    .addColumn('all_or_nothing', 'integer', c => c.notNull())
    .addColumn('joined_via', 'varchar(20)')
    .addColumn('rows_read', 'integer', c => c.notNull())
    .addColumn('imported', 'integer', c => c.notNull())
    .addColumn('rejected', 'integer', c => c.notNull())
    .addColumn('problems', 'text', c => c.notNull())
    .execute()
  await db.schema.createIndex('panel_import_created_idx').on('panel_import').column('created_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panel_import').execute()
}
