import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Redress (issue 8, item 4): complaints against the charter's commitments, handled in two stages as the Scottish
 * Public Services Ombudsman's model procedure sets them, with escalation to the ombudsman, outcomes, the messages that
 * keep the person informed, and learning actions linked back to commitments. The person's name and contact details
 * live apart, encrypted with the platform field cipher. Dates are 'YYYY-MM-DD' (London), times ISO strings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('redress_complaint')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    // C-2027-000123
    .addColumn('reference', 'varchar(20)', c => c.notNull().unique())
    .addColumn('received_on', 'varchar(10)', c => c.notNull())
    // online | phone | letter | email | in_person
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    // Staff who entered it from a phone call, letter...; null when the person sent it themselves.
    .addColumn('entered_by_user_id', 'varchar(36)')
    .addColumn('submitted_by_user_id', 'varchar(36)')
    // The commitments' keys, JSON array; [] when the person was not sure.
    .addColumn('commitment_keys_json', 'text', c => c.notNull())
    .addColumn('charter_version', 'integer')
    .addColumn('what_happened', 'text', c => c.notNull())
    .addColumn('what_wanted', 'text', c => c.notNull())
    .addColumn('stage', 'integer', c => c.notNull())
    // open | responded | referred
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('stage1_acknowledged_on', 'varchar(10)')
    .addColumn('stage1_extended_to', 'varchar(10)')
    .addColumn('stage1_extension_reason', 'text')
    .addColumn('stage1_responded_on', 'varchar(10)')
    // upheld | partly_upheld | not_upheld | resolved
    .addColumn('stage1_outcome', 'varchar(20)')
    .addColumn('stage1_response', 'text')
    .addColumn('escalated_on', 'varchar(10)')
    .addColumn('escalation_reason', 'text')
    .addColumn('stage2_acknowledged_on', 'varchar(10)')
    .addColumn('stage2_extended_to', 'varchar(10)')
    .addColumn('stage2_extension_reason', 'text')
    .addColumn('stage2_responded_on', 'varchar(10)')
    .addColumn('stage2_outcome', 'varchar(20)')
    .addColumn('stage2_response', 'text')
    .addColumn('ombudsman_referred_on', 'varchar(10)')
    .addColumn('ombudsman_reference', 'varchar(100)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('redress_complaint_received_idx').on('redress_complaint').columns(['received_on', 'id']).execute()
  await db.schema.createIndex('redress_complaint_status_idx').on('redress_complaint').columns(['stage', 'status']).execute()

  // The person's name and contact details, encrypted (context: column and complaint id). Readable by the
  // complaints handler only, every read audited.
  await db.schema
    .createTable('redress_contact')
    .addColumn('complaint_id', 'varchar(36)', c => c.primaryKey().references('redress_complaint.id'))
    .addColumn('name_enc', 'text', c => c.notNull())
    .addColumn('email_enc', 'text')
    .addColumn('phone_enc', 'text')
    .addColumn('address_enc', 'text')
    // email | phone | letter
    .addColumn('preferred_channel', 'varchar(20)', c => c.notNull())
    // standard | large_print | easy_read | braille | audio | other
    .addColumn('preferred_format', 'varchar(20)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()

  // What happened to the complaint, in order, in plain words (no personal details).
  await db.schema
    .createTable('redress_event')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('complaint_id', 'varchar(36)', c => c.notNull().references('redress_complaint.id'))
    .addColumn('seq', 'integer', c => c.notNull())
    .addColumn('on_date', 'varchar(10)', c => c.notNull())
    .addColumn('what', 'text', c => c.notNull())
    .addColumn('by_label', 'varchar(200)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('redress_event_seq_uq', ['complaint_id', 'seq'])
    .execute()

  // Messages that keep the person informed: email through the mailer; letters and calls listed for staff.
  await db.schema
    .createTable('redress_message')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('complaint_id', 'varchar(36)', c => c.notNull().references('redress_complaint.id'))
    // received | acknowledged | extended | responded | escalated
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    // email | phone | letter
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    .addColumn('format', 'varchar(20)', c => c.notNull())
    .addColumn('subject', 'varchar(200)', c => c.notNull())
    .addColumn('body', 'text', c => c.notNull())
    // queued | sent | failed | done
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('done_at', 'varchar(30)')
    .addColumn('done_by_user_id', 'varchar(36)')
    .execute()
  await db.schema.createIndex('redress_message_status_idx').on('redress_message').columns(['status', 'created_at']).execute()

  await db.schema
    .createTable('redress_learning_action')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('complaint_id', 'varchar(36)', c => c.notNull().references('redress_complaint.id'))
    .addColumn('commitment_key', 'varchar(100)')
    .addColumn('action', 'text', c => c.notNull())
    .addColumn('owner', 'varchar(200)', c => c.notNull())
    .addColumn('due_on', 'varchar(10)', c => c.notNull())
    .addColumn('done_on', 'varchar(10)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('redress_learning_commitment_idx').on('redress_learning_action').columns(['commitment_key']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['redress_learning_action', 'redress_message', 'redress_event', 'redress_contact', 'redress_complaint']) {
    await db.schema.dropTable(t).ifExists().execute()
  }
}
