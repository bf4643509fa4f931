import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('charter_principle')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('position', 'integer', c => c.notNull().unique())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('body', 'text', c => c.notNull())
    .addColumn('source_reference', 'varchar(300)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('charter_principle').execute()
}
