import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Engagement: rounds of activities (workshops in several locations, Core Group meetings, interviews, surveys, polls,
 * partner sessions), each with its purpose, audience and who commissioned it, and sessions at a place, online or by
 * phone, with capacity.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_round')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('description', 'text')
    .addColumn('starts_on', 'varchar(10)')
    .addColumn('ends_on', 'varchar(10)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('engagement_activity')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('round_id', 'varchar(36)', c => c.references('engagement_round.id'))
    .addColumn('kind', 'varchar(30)', c => c.notNull())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('purpose', 'text', c => c.notNull())
    .addColumn('audience', 'varchar(30)', c => c.notNull())
    .addColumn('audience_detail', 'text')
    .addColumn('audience_filter_json', 'text')
    .addColumn('commissioned_by', 'varchar(30)', c => c.notNull())
    .addColumn('commissioning_decision', 'varchar(200)')
    .addColumn('opens_on', 'varchar(10)')
    .addColumn('closes_on', 'varchar(10)')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_activity_round_idx').on('engagement_activity').columns(['round_id']).execute()

  await db.schema
    .createTable('engagement_session')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('activity_id', 'varchar(36)', c => c.notNull().references('engagement_activity.id'))
    .addColumn('mode', 'varchar(20)', c => c.notNull())
    .addColumn('starts_at', 'varchar(30)', c => c.notNull())
    .addColumn('ends_at', 'varchar(30)', c => c.notNull())
    .addColumn('location', 'varchar(200)')
    .addColumn('address', 'text')
    .addColumn('joining_details', 'text')
    .addColumn('capacity', 'integer', c => c.notNull())
    .addColumn('accessibility', 'text')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_session_activity_idx').on('engagement_session').columns(['activity_id', 'starts_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_session').execute()
  await db.schema.dropTable('engagement_activity').execute()
  await db.schema.dropTable('engagement_round').execute()
}
