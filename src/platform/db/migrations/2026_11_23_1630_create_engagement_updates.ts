import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Engagement: "you said, we did" updates sent back to the people who took part. An analyst hands an update over
 * (status ready) with the panel members it is for; the panel manager checks who can be reached and sends it through
 * each person's channel (email, text message, letter, phone call). One recipient row per person reached, with how
 * and what happened; a sent update is readable by anyone at /updates/:id.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_update')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('you_said', 'text', c => c.notNull())
    .addColumn('we_did', 'text', c => c.notNull())
    // Where it came from, e.g. 'analysis_feedback' and that summary's id.
    .addColumn('source_type', 'varchar(40)', c => c.notNull())
    .addColumn('source_id', 'varchar(36)', c => c.notNull())
    // JSON array of the participant ids it is for (pseudonymous ids, never names).
    .addColumn('participant_ids_json', 'text', c => c.notNull())
    // draft | ready | sent
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('sent_by_user_id', 'varchar(36)')
    .addColumn('sent_at', 'varchar(30)')
    .execute()
  await db.schema.createIndex('engagement_update_status_idx').on('engagement_update').columns(['status', 'updated_at']).execute()
  await db.schema.createIndex('engagement_update_source_idx').on('engagement_update').columns(['source_type', 'source_id']).execute()

  await db.schema
    .createTable('engagement_update_recipient')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('update_id', 'varchar(36)', c => c.notNull().references('engagement_update.id'))
    .addColumn('participant_id', 'varchar(36)', c => c.notNull())
    .addColumn('pseudonym', 'varchar(20)', c => c.notNull())
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    .addColumn('format', 'varchar(30)', c => c.notNull())
    // queued | sent | to_print | to_phone | phoned | failed
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('failure_reason', 'varchar(500)')
    .addColumn('provider_reference', 'varchar(200)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('phoned_by_user_id', 'varchar(36)')
    .addColumn('phoned_at', 'varchar(30)')
    .addUniqueConstraint('engagement_update_recipient_uq', ['update_id', 'participant_id'])
    .execute()
  await db.schema.createIndex('engagement_update_recipient_participant_idx').on('engagement_update_recipient').columns(['participant_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_update_recipient').execute()
  await db.schema.dropTable('engagement_update').execute()
}
