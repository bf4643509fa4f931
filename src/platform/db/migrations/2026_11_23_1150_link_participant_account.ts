import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * A panel member may have an account (to see their record and consents, and to take part online), and the panel
 * needs to know when each member last took part (for attrition).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('panel_participant').addColumn('user_id', 'varchar(36)').execute()
  await db.schema.alterTable('panel_participant').addColumn('last_participated_at', 'varchar(30)').execute()
  await db.schema.createIndex('panel_participant_user_idx').on('panel_participant').column('user_id').unique().execute()
  await db.schema.createIndex('panel_participant_last_participated_idx').on('panel_participant').column('last_participated_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('panel_participant_last_participated_idx').execute()
  await db.schema.dropIndex('panel_participant_user_idx').execute()
  await db.schema.alterTable('panel_participant').dropColumn('last_participated_at').execute()
  await db.schema.alterTable('panel_participant').dropColumn('user_id').execute()
}
