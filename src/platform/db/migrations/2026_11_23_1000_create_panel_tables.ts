import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// The panel keeps identity APART from research data. `panel_identity` holds names and contact details, each value
// encrypted by the application (AES-256-GCM, text "v1.<key>.<iv>.<ciphertext>.<tag>"), plus keyed fingerprints
// (blind indexes) for duplicate checks. Every other panel table is keyed by the participant id and shown by pseudonym.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panel_participant')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('pseudonym', 'varchar(12)', c => c.notNull().unique())
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('joined_at', 'varchar(30)', c => c.notNull())
    .addColumn('joined_via', 'varchar(20)', c => c.notNull())
    .addColumn('entered_by_user_id', 'varchar(36)')
    .addColumn('entered_by_role', 'varchar(40)', c => c.notNull())
    .addColumn('max_invitations_per_month', 'integer', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('panel_participant_status_idx').on('panel_participant').column('status').execute()
  await db.schema.createIndex('panel_participant_joined_idx').on('panel_participant').column('joined_at').execute()

  await db.schema
    .createTable('panel_identity')
    .addColumn('participant_id', 'varchar(36)', c => c.primaryKey().references('panel_participant.id').onDelete('cascade'))
    .addColumn('full_name_enc', 'text', c => c.notNull())
    .addColumn('email_enc', 'text')
    .addColumn('email_index', 'varchar(64)')
    .addColumn('phone_enc', 'text')
    .addColumn('phone_index', 'varchar(64)')
    .addColumn('address_enc', 'text')
    .addColumn('preferred_channel', 'varchar(20)', c => c.notNull())
    .addColumn('preferred_format', 'varchar(30)', c => c.notNull())
    .addColumn('preferred_language_enc', 'text')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('panel_identity_email_idx').on('panel_identity').column('email_index').execute()
  await db.schema.createIndex('panel_identity_phone_idx').on('panel_identity').column('phone_index').execute()

  await db.schema
    .createTable('panel_demographic')
    .addColumn('participant_id', 'varchar(36)', c => c.notNull().references('panel_participant.id').onDelete('cascade'))
    .addColumn('dimension', 'varchar(60)', c => c.notNull())
    .addColumn('value', 'varchar(60)', c => c.notNull())
    .addPrimaryKeyConstraint('panel_demographic_pk', ['participant_id', 'dimension', 'value'])
    .execute()
  await db.schema.createIndex('panel_demographic_value_idx').on('panel_demographic').columns(['dimension', 'value']).execute()

  await db.schema
    .createTable('panel_support_need')
    .addColumn('participant_id', 'varchar(36)', c => c.notNull().references('panel_participant.id').onDelete('cascade'))
    .addColumn('need', 'varchar(40)', c => c.notNull())
    .addColumn('detail', 'varchar(500)')
    .addPrimaryKeyConstraint('panel_support_need_pk', ['participant_id', 'need'])
    .execute()
  await db.schema.createIndex('panel_support_need_need_idx').on('panel_support_need').column('need').execute()

  await db.schema
    .createTable('panel_seldom_heard_tag')
    .addColumn('participant_id', 'varchar(36)', c => c.notNull().references('panel_participant.id').onDelete('cascade'))
    .addColumn('tag', 'varchar(60)', c => c.notNull())
    .addPrimaryKeyConstraint('panel_seldom_heard_tag_pk', ['participant_id', 'tag'])
    .execute()
  await db.schema.createIndex('panel_seldom_heard_tag_tag_idx').on('panel_seldom_heard_tag').column('tag').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panel_seldom_heard_tag').execute()
  await db.schema.dropTable('panel_support_need').execute()
  await db.schema.dropTable('panel_demographic').execute()
  await db.schema.dropTable('panel_identity').execute()
  await db.schema.dropTable('panel_participant').execute()
}
