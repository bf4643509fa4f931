import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Fair selection in the application.
 *
 * selection_run: one selection (of the Core Group, or a top-up after members left), from its settings and quotas to
 * the computed probabilities, the lottery, the witnessed draw and its confirmation. The pool is snapshotted when the
 * computation starts (`instance_json`, people identified by pseudonym; `pool_json` maps them to participant ids), and
 * the whole verification record (`record_json`) is kept so anyone can re-run and check the draw. Large JSON is text.
 *
 * selection_core_group_member: membership of the Core Group with dates; leaving ends it (never deleted, so the
 * group's history stays visible).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('selection_run')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('panel_size', 'integer', c => c.notNull())
    .addColumn('algorithm', 'varchar(20)', c => c.notNull())
    .addColumn('panels', 'integer', c => c.notNull())
    .addColumn('settings_json', 'text', c => c.notNull())
    .addColumn('quotas_json', 'text', c => c.notNull())
    .addColumn('parent_run_id', 'varchar(36)')
    .addColumn('leaving_json', 'text')
    .addColumn('pool_size', 'integer')
    .addColumn('instance_json', 'text')
    .addColumn('pool_json', 'text')
    .addColumn('input_hash', 'varchar(64)')
    .addColumn('progress_json', 'text')
    .addColumn('heartbeat_at', 'varchar(30)')
    .addColumn('started_at', 'varchar(30)')
    .addColumn('finished_at', 'varchar(30)')
    .addColumn('error', 'text')
    .addColumn('relaxation_json', 'text')
    .addColumn('record_json', 'text')
    .addColumn('method', 'varchar(200)')
    .addColumn('minimum_probability', 'double precision')
    .addColumn('at_minimum', 'integer')
    .addColumn('excluded_count', 'integer')
    .addColumn('lottery_hash', 'varchar(64)')
    .addColumn('seed', 'varchar(500)')
    .addColumn('draw_index', 'integer')
    .addColumn('witnesses', 'text')
    .addColumn('alternates_json', 'text')
    .addColumn('discard_reason', 'text')
    .addColumn('drawn_at', 'varchar(30)')
    .addColumn('drawn_by_user_id', 'varchar(36)')
    .addColumn('confirmed_at', 'varchar(30)')
    .addColumn('confirmed_by_user_id', 'varchar(36)')
    .addColumn('starts_on', 'varchar(10)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('selection_run_created_idx').on('selection_run').columns(['created_at']).execute()

  await db.schema
    .createTable('selection_core_group_member')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('participant_id', 'varchar(36)', c => c.notNull())
    .addColumn('pseudonym', 'varchar(20)', c => c.notNull())
    .addColumn('run_id', 'varchar(36)', c => c.notNull().references('selection_run.id'))
    .addColumn('joined_on', 'varchar(10)', c => c.notNull())
    .addColumn('left_on', 'varchar(10)')
    .addColumn('leave_reason', 'varchar(30)')
    .addColumn('leave_detail', 'text')
    .addColumn('replaced_by_run_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('selection_core_group_member_participant_idx').on('selection_core_group_member').columns(['participant_id']).execute()
  await db.schema.createIndex('selection_core_group_member_left_idx').on('selection_core_group_member').columns(['left_on']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('selection_core_group_member').execute()
  await db.schema.dropTable('selection_run').execute()
}
