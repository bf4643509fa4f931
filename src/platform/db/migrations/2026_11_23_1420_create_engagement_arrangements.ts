import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Engagement, per session: who attended (by participant id; shown by pseudonym), what must be arranged
 * (interpreters, accessible rooms, travel, carers, papers in other formats) and expense claims with their decisions
 * and payment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_attendance')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('session_id', 'varchar(36)', c => c.notNull().references('engagement_session.id'))
    .addColumn('participant_id', 'varchar(36)', c => c.notNull())
    .addColumn('status', 'varchar(30)', c => c.notNull())
    .addColumn('recorded_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('engagement_attendance_session_participant_uq', ['session_id', 'participant_id'])
    .execute()
  await db.schema.createIndex('engagement_attendance_participant_idx').on('engagement_attendance').columns(['participant_id']).execute()

  await db.schema
    .createTable('engagement_accommodation')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('session_id', 'varchar(36)', c => c.notNull().references('engagement_session.id'))
    .addColumn('kind', 'varchar(30)', c => c.notNull())
    .addColumn('participant_id', 'varchar(36)')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_accommodation_session_idx').on('engagement_accommodation').columns(['session_id']).execute()
  await db.schema.createIndex('engagement_accommodation_status_idx').on('engagement_accommodation').columns(['status']).execute()

  await db.schema
    .createTable('engagement_expense')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('session_id', 'varchar(36)', c => c.notNull().references('engagement_session.id'))
    .addColumn('participant_id', 'varchar(36)', c => c.notNull())
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    .addColumn('amount_pence', 'integer', c => c.notNull())
    .addColumn('has_receipt', 'integer', c => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('rejection_reason', 'text')
    .addColumn('decided_by_user_id', 'varchar(36)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('payment_batch_id', 'varchar(36)')
    .addColumn('paid_at', 'varchar(30)')
    .addColumn('claimed_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_expense_session_idx').on('engagement_expense').columns(['session_id']).execute()
  await db.schema.createIndex('engagement_expense_status_idx').on('engagement_expense').columns(['status']).execute()
  await db.schema.createIndex('engagement_expense_batch_idx').on('engagement_expense').columns(['payment_batch_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_expense').execute()
  await db.schema.dropTable('engagement_accommodation').execute()
  await db.schema.dropTable('engagement_attendance').execute()
}
