import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * The evidence store: one row per item from any channel (a survey's free-text answer, workshop or interview notes, a
 * transcript, a stakeholder submission, public input), with its provenance: through which channel and activity, the
 * person's role, their pseudonym and demographic answers at the time, who entered it and how, and whether it may be
 * quoted. `source_ref` is unique so that taking items in again (an event handler and a catch-up job) adds nothing twice.
 * No foreign keys to other modules' tables: modules own their tables.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_item')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('channel', 'varchar(30)', c => c.notNull())
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    .addColumn('source_role', 'varchar(30)', c => c.notNull())
    .addColumn('activity_id', 'varchar(36)')
    .addColumn('session_id', 'varchar(36)')
    .addColumn('question_id', 'varchar(36)')
    .addColumn('question_text', 'text')
    .addColumn('participant_id', 'varchar(36)')
    .addColumn('pseudonym', 'varchar(20)')
    .addColumn('demographic_snapshot_json', 'text')
    .addColumn('consent_to_quote', 'varchar(10)', c => c.notNull())
    .addColumn('entry', 'varchar(30)', c => c.notNull())
    .addColumn('entered_by_user_id', 'varchar(36)')
    .addColumn('entered_by_role', 'varchar(30)')
    .addColumn('body', 'text', c => c.notNull())
    .addColumn('source_ref', 'varchar(200)', c => c.notNull())
    .addColumn('captured_at', 'varchar(30)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('evidence_item_source_ref_uq', ['source_ref'])
    .execute()
  await db.schema.createIndex('evidence_item_activity_idx').on('evidence_item').columns(['activity_id', 'captured_at']).execute()
  await db.schema.createIndex('evidence_item_session_idx').on('evidence_item').columns(['session_id', 'captured_at']).execute()
  await db.schema.createIndex('evidence_item_channel_idx').on('evidence_item').columns(['channel', 'captured_at']).execute()
  await db.schema.createIndex('evidence_item_participant_idx').on('evidence_item').columns(['participant_id']).execute()
  await db.schema.createIndex('evidence_item_role_idx').on('evidence_item').columns(['source_role', 'captured_at']).execute()

  // Panel members who were erased, and whether their contributions were deleted or kept unlinked: so that items
  // taken in later (the catch-up job reading survey answers) are dropped or unlinked too.
  await db.schema
    .createTable('evidence_erased_participant')
    .addColumn('participant_id', 'varchar(36)', c => c.primaryKey())
    .addColumn('contributions', 'varchar(10)', c => c.notNull())
    .addColumn('erased_at', 'varchar(30)', c => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_erased_participant').execute()
  await db.schema.dropTable('evidence_item').execute()
}
