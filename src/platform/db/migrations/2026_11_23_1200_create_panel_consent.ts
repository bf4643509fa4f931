import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Consent per purpose. Each purpose has versioned wording (plain English); a consent record names the version the
// person was shown. Records are an append-only history: the current consent for a purpose is the latest record
// (highest entry_no) for it. Neither table can be changed once written: a new wording is a new version, and a change
// of mind is a new record.

const PUBLISHED_ON = '2026-11-23'
const CREATED_AT = '2026-11-23T12:00:00.000Z'

const FIRST_WORDINGS = [
  {
    purpose: 'contact_research',
    title: 'Contacting you about research',
    wording:
      'We can contact you to invite you to take part in research about our services, such as surveys, interviews and ' +
      'workshops. We will contact you the way you choose, and not more often than you ask. Taking part is always your ' +
      'choice. You can tell us to stop contacting you at any time.',
  },
  {
    purpose: 'quotes',
    title: 'Using your words',
    wording:
      'We can use things you say or write in what we publish, such as reports about the charter. We will never use ' +
      'your name or anything else that could identify you. You can change your mind at any time, but we cannot take ' +
      'your words out of something we have already published.',
  },
  {
    purpose: 'special_category',
    title: 'Information about your health, disability and ethnic group',
    wording:
      'We can keep the answers you give about your health, any disability and your ethnic group. We use them only to ' +
      'check that the panel includes all kinds of people and to understand different experiences. Only our research ' +
      'team can see them, and never with your name. If you say no, or change your mind later, we will not keep these ' +
      'answers.',
  },
  {
    purpose: 'recordings',
    title: 'Recording what you say',
    wording:
      'We can make audio or video recordings of interviews and workshops you take part in, so that we get your words ' +
      'right. Only our research team can listen to or watch them. We never publish recordings. You can ask us to stop ' +
      'recording at any time.',
  },
]

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panel_consent_wording')
    .addColumn('purpose', 'varchar(40)', c => c.notNull())
    .addColumn('version', 'integer', c => c.notNull())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('wording', 'text', c => c.notNull())
    /** The day this wording came into use (YYYY-MM-DD). */
    .addColumn('published_on', 'varchar(10)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addPrimaryKeyConstraint('panel_consent_wording_pk', ['purpose', 'version'])
    .execute()

  await db
    .insertInto('panel_consent_wording')
    .values(FIRST_WORDINGS.map(w => ({ ...w, version: 1, published_on: PUBLISHED_ON, created_at: CREATED_AT })))
    .execute()

  await db.schema
    .createTable('panel_consent')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('participant_id', 'varchar(36)', c => c.notNull().references('panel_participant.id').onDelete('cascade'))
    /** 1, 2, 3, ... for each participant: the order of their records, whatever the clock says. */
    .addColumn('entry_no', 'integer', c => c.notNull())
    .addColumn('purpose', 'varchar(40)', c => c.notNull())
    .addColumn('decision', 'varchar(10)', c => c.notNull())
    .addColumn('wording_version', 'integer', c => c.notNull())
    /** How the person told us: online, phone, post or through a partner organisation. */
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    .addColumn('recorded_at', 'varchar(30)', c => c.notNull())
    /** The account that recorded it (the person themselves, or staff on their behalf); null for the public or the system. */
    .addColumn('recorded_by_user_id', 'varchar(36)')
    .addColumn('recorded_by_role', 'varchar(40)', c => c.notNull())
    .addForeignKeyConstraint('panel_consent_wording_fk', ['purpose', 'wording_version'], 'panel_consent_wording', ['purpose', 'version'])
    .execute()
  await db.schema.createIndex('panel_consent_entry_idx').on('panel_consent').columns(['participant_id', 'entry_no']).unique().execute()
  await db.schema.createIndex('panel_consent_purpose_idx').on('panel_consent').columns(['participant_id', 'purpose', 'entry_no']).execute()

  // Append-only: the database itself refuses to change a consent record or a published wording.
  if (await isPostgres(db)) {
    await sql`create function panel_consent_is_append_only() returns trigger language plpgsql as $$
      begin raise exception '% is append-only', tg_table_name; end $$`.execute(db)
    await sql`create trigger panel_consent_no_update before update on panel_consent
      for each row execute function panel_consent_is_append_only()`.execute(db)
    await sql`create trigger panel_consent_wording_no_update before update on panel_consent_wording
      for each row execute function panel_consent_is_append_only()`.execute(db)
  } else {
    await sql`create trigger panel_consent_no_update before update on panel_consent
      begin select raise(abort, 'panel_consent is append-only'); end`.execute(db)
    await sql`create trigger panel_consent_wording_no_update before update on panel_consent_wording
      begin select raise(abort, 'panel_consent_wording is append-only'); end`.execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panel_consent').execute()
  await db.schema.dropTable('panel_consent_wording').execute()
  if (await isPostgres(db)) await sql`drop function if exists panel_consent_is_append_only()`.execute(db)
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  // version() exists in PostgreSQL and not in SQLite; the probe must not fail (and abort a transaction) on PostgreSQL.
  return sql`select version() as v`.execute(db).then(
    () => true,
    () => false,
  )
}
