import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Engagement: invitations to an activity (or one of its sessions) through each person's channel (email, text
 * message, letter, phone call), with their reply (accept or decline, and which support needs apply this time).
 * The reply link's token is kept only as a hash; the short reference is what a person quotes on the phone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_invitation')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('activity_id', 'varchar(36)', c => c.notNull().references('engagement_activity.id'))
    .addColumn('session_id', 'varchar(36)', c => c.references('engagement_session.id'))
    .addColumn('participant_id', 'varchar(36)', c => c.notNull())
    .addColumn('pseudonym', 'varchar(20)', c => c.notNull())
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    .addColumn('format', 'varchar(30)', c => c.notNull())
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('failure_reason', 'varchar(500)')
    .addColumn('provider_reference', 'varchar(200)')
    .addColumn('token_hash', 'varchar(64)', c => c.notNull().unique())
    .addColumn('reference', 'varchar(20)', c => c.notNull().unique())
    .addColumn('needs_offered_json', 'text', c => c.notNull())
    .addColumn('reply', 'varchar(20)')
    .addColumn('reply_needs_json', 'text')
    .addColumn('reply_channel', 'varchar(20)')
    .addColumn('replied_at', 'varchar(30)')
    .addColumn('reply_recorded_by_user_id', 'varchar(36)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_invitation_activity_idx').on('engagement_invitation').columns(['activity_id', 'pseudonym']).execute()
  await db.schema.createIndex('engagement_invitation_participant_idx').on('engagement_invitation').columns(['participant_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_invitation').execute()
}
