import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * The panel at a glance: the population share the organisation aims for on each value of each dimension, and the
 * page's settings (how big a gap is highlighted; after how many months without taking part a member counts as
 * lapsed). Shares and tolerances are stored in tenths of a per cent (12.5% is 125), so they stay exact.
 * The settings table has one row (id 'default'); no row means the defaults, which the application knows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panel_representation_target')
    .addColumn('dimension', 'varchar(60)', c => c.notNull())
    .addColumn('value', 'varchar(60)', c => c.notNull())
    .addColumn('target_tenths', 'integer', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addPrimaryKeyConstraint('panel_representation_target_pk', ['dimension', 'value'])
    .execute()

  await db.schema
    .createTable('panel_representation_setting')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('gap_tolerance_tenths', 'integer', c => c.notNull())
    .addColumn('attrition_months', 'integer', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_by_user_id', 'varchar(36)')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panel_representation_setting').execute()
  await db.schema.dropTable('panel_representation_target').execute()
}
