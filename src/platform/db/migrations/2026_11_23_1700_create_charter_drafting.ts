import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * The charter (issue 7): the working draft's structure, immutable numbered versions, review rounds with comments by
 * paragraph and channel, the workflow from draft to publication, approval, Easy Read and translations.
 *
 * - The working draft is rows: sections, and items in them (commitments "We will ..." and "what we ask of you"),
 *   each with a stable `key` kept from version to version; commitments link to principles, and by key to the
 *   decisions, findings and evidence behind them (links survive new versions; measurement links to keys later).
 * - A version is a frozen snapshot of the draft as canonical JSON with its SHA-256; the database refuses to change
 *   or delete one, and to change or delete an approval.
 * - A review round opens one version to chosen audiences until a date; comments attach to a key (the title,
 *   the introduction, a section or an item) and carry the commenter's label and channel; responses answer them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('charter_section')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('key', 'varchar(64)', c => c.notNull().unique())
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('introduction', 'text', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  // Commitments and asks share one table so that keys are unique across both (as CharterContent requires).
  await db.schema
    .createTable('charter_item')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('key', 'varchar(64)', c => c.notNull().unique())
    .addColumn('section_id', 'varchar(36)', c => c.notNull().references('charter_section.id'))
    // commitment | ask
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('text', 'text', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('charter_item_section_idx').on('charter_item').columns(['section_id', 'kind', 'position']).execute()

  await db.schema
    .createTable('charter_item_principle')
    .addColumn('item_id', 'varchar(36)', c => c.notNull().references('charter_item.id'))
    .addColumn('principle_id', 'varchar(36)', c => c.notNull().references('charter_principle.id'))
    .addPrimaryKeyConstraint('charter_item_principle_pk', ['item_id', 'principle_id'])
    .execute()

  // What a commitment rests on, by the commitment's key: decision | finding | evidence, and the target's id.
  await db.schema
    .createTable('charter_commitment_link')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('commitment_key', 'varchar(64)', c => c.notNull())
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    .addColumn('target_id', 'varchar(36)', c => c.notNull())
    // The target's title when linked, so the link reads well even if the target later changes.
    .addColumn('label', 'varchar(300)', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('charter_commitment_link_uq', ['commitment_key', 'kind', 'target_id'])
    .execute()

  // Settings of the charter's drafting: the jargon list, the target reading age (key -> text value).
  await db.schema
    .createTable('charter_setting')
    .addColumn('key', 'varchar(64)', c => c.primaryKey())
    .addColumn('value', 'text', c => c.notNull())
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('charter_version')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('number', 'integer', c => c.notNull().unique())
    // CharterContent as canonical JSON, and its SHA-256 (hex).
    .addColumn('content_json', 'text', c => c.notNull())
    .addColumn('content_hash', 'varchar(64)', c => c.notNull())
    // What changed, in the drafter's words.
    .addColumn('note', 'text', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()

  // Who reviews for which audience: stakeholder organisations and the advisory bodies (an advisor account is the
  // ombudsman, the expert advisory group or the staff sounding board). Core Group members need no row.
  await db.schema
    .createTable('charter_reviewer')
    .addColumn('user_id', 'varchar(36)', c => c.primaryKey())
    // stakeholders | ombudsman | advisory_group | staff
    .addColumn('audience', 'varchar(30)', c => c.notNull())
    .addColumn('organisation', 'varchar(200)')
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('charter_review_round')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', c => c.notNull().references('charter_version.id'))
    .addColumn('title', 'varchar(200)', c => c.notNull())
    // What reviewers are asked to look at, in plain English.
    .addColumn('request', 'text', c => c.notNull())
    // The last day comments are taken (YYYY-MM-DD, inclusive).
    .addColumn('closes_on', 'varchar(10)', c => c.notNull())
    // open | closed
    .addColumn('status', 'varchar(20)', c => c.notNull())
    // The workflow stage it serves (core_group_review, stakeholder_sense_check, advice) or null.
    .addColumn('stage', 'varchar(40)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('closed_by_user_id', 'varchar(36)')
    .addColumn('closed_at', 'varchar(30)')
    .execute()
  await db.schema.createIndex('charter_review_round_version_idx').on('charter_review_round').columns(['version_id', 'status']).execute()

  await db.schema
    .createTable('charter_review_audience')
    .addColumn('round_id', 'varchar(36)', c => c.notNull().references('charter_review_round.id'))
    // core_group | stakeholders | ombudsman | advisory_group | staff
    .addColumn('audience', 'varchar(30)', c => c.notNull())
    .addPrimaryKeyConstraint('charter_review_audience_pk', ['round_id', 'audience'])
    .execute()

  await db.schema
    .createTable('charter_comment')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('round_id', 'varchar(36)', c => c.notNull().references('charter_review_round.id'))
    // 'title', 'introduction', or a section's or item's key in the round's version.
    .addColumn('target_key', 'varchar(64)', c => c.notNull())
    .addColumn('body', 'text', c => c.notNull())
    // The audience the commenter speaks for, and how they are labelled (e.g. "Stakeholder: Citizens Advice").
    .addColumn('audience', 'varchar(30)', c => c.notNull())
    .addColumn('commenter_label', 'varchar(240)', c => c.notNull())
    // online | paper | phone | meeting | email
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    // The commenter's account (online), or the Core Group member's participant id (entered by staff), or neither.
    .addColumn('commenter_user_id', 'varchar(36)')
    .addColumn('commenter_participant_id', 'varchar(36)')
    .addColumn('entered_by_user_id', 'varchar(36)')
    // open | resolved
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('resolved_by_user_id', 'varchar(36)')
    .addColumn('resolved_at', 'varchar(30)')
    .execute()
  await db.schema.createIndex('charter_comment_round_idx').on('charter_comment').columns(['round_id', 'target_key', 'created_at']).execute()
  await db.schema.createIndex('charter_comment_commenter_idx').on('charter_comment').columns(['commenter_user_id']).execute()
  await db.schema.createIndex('charter_comment_participant_idx').on('charter_comment').columns(['commenter_participant_id']).execute()

  await db.schema
    .createTable('charter_comment_response')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('comment_id', 'varchar(36)', c => c.notNull().references('charter_comment.id'))
    .addColumn('body', 'text', c => c.notNull())
    .addColumn('responder_user_id', 'varchar(36)')
    .addColumn('responder_label', 'varchar(240)', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('charter_comment_response_comment_idx').on('charter_comment_response').columns(['comment_id', 'created_at']).execute()

  // The charter's one workflow: where it is now, and on which version. One row, id 'charter'.
  await db.schema
    .createTable('charter_workflow')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    // draft | core_group_review | stakeholder_sense_check | advice | core_group_sign_off | submitted | approved | published
    .addColumn('stage', 'varchar(40)', c => c.notNull())
    .addColumn('version_id', 'varchar(36)', c => c.references('charter_version.id'))
    // The Core Group's sign-off decision (a proposal in the decisions module) for that version.
    .addColumn('decision_id', 'varchar(36)')
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('charter_workflow_step')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('from_stage', 'varchar(40)')
    .addColumn('to_stage', 'varchar(40)', c => c.notNull())
    .addColumn('version_id', 'varchar(36)', c => c.references('charter_version.id'))
    .addColumn('note', 'text', c => c.notNull())
    .addColumn('actor_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('charter_workflow_step_created_idx').on('charter_workflow_step').columns(['created_at']).execute()

  // Approval of one frozen version by the approving body. Recorded, never edited.
  await db.schema
    .createTable('charter_approval')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', c => c.notNull().unique().references('charter_version.id'))
    // The content hash approved: must equal the version's.
    .addColumn('content_hash', 'varchar(64)', c => c.notNull())
    // e.g. "The Scottish Parliament"
    .addColumn('body', 'varchar(200)', c => c.notNull())
    .addColumn('approved_on', 'varchar(10)', c => c.notNull())
    // e.g. a motion number or minute reference
    .addColumn('reference', 'varchar(300)')
    .addColumn('recorded_by_user_id', 'varchar(36)')
    .addColumn('recorded_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('charter_publication')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', c => c.notNull().unique().references('charter_version.id'))
    .addColumn('published_at', 'varchar(30)', c => c.notNull())
    // Five years on from publication, unless set otherwise.
    .addColumn('review_due_on', 'varchar(10)', c => c.notNull())
    .addColumn('published_by_user_id', 'varchar(36)')
    .execute()

  // Easy Read: its own text per item of a version (short sentences), with room for a picture beside each.
  await db.schema
    .createTable('charter_easy_read')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', c => c.notNull().references('charter_version.id'))
    // 'title', 'introduction', or a section's or item's key.
    .addColumn('target_key', 'varchar(64)', c => c.notNull())
    .addColumn('text', 'text', c => c.notNull())
    // An optional picture: PNG or JPEG, base64, with its text alternative.
    .addColumn('picture_mime', 'varchar(40)')
    .addColumn('picture_base64', 'text')
    .addColumn('picture_alt', 'varchar(300)')
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('charter_easy_read_uq', ['version_id', 'target_key'])
    .execute()

  // A translation of one version into one language: the same keys, translated text (CharterContent JSON).
  await db.schema
    .createTable('charter_translation')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('version_id', 'varchar(36)', c => c.notNull().references('charter_version.id'))
    // BCP 47, e.g. 'gd' (Gaelic), 'pl', 'ur', 'ar'
    .addColumn('language_code', 'varchar(20)', c => c.notNull())
    .addColumn('language_name', 'varchar(100)', c => c.notNull())
    .addColumn('content_json', 'text', c => c.notNull())
    // draft | published
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('updated_by_user_id', 'varchar(36)')
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addUniqueConstraint('charter_translation_uq', ['version_id', 'language_code'])
    .execute()

  // A version and an approval are frozen: the database refuses to change or delete them.
  if (await isPostgres(db)) {
    await sql`create function charter_is_frozen() returns trigger language plpgsql as $$
      begin raise exception '% is frozen: it cannot be changed or deleted', tg_table_name; end $$`.execute(db)
    for (const table of ['charter_version', 'charter_approval']) {
      await sql`create trigger ${sql.raw(`${table}_frozen`)} before update or delete on ${sql.table(table)}
        for each row execute function charter_is_frozen()`.execute(db)
    }
  } else {
    for (const table of ['charter_version', 'charter_approval']) {
      await sql`create trigger ${sql.raw(`${table}_no_update`)} before update on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is frozen: it cannot be changed`)}); end`.execute(db)
      await sql`create trigger ${sql.raw(`${table}_no_delete`)} before delete on ${sql.table(table)}
        begin select raise(abort, ${sql.lit(`${table} is frozen: it cannot be deleted`)}); end`.execute(db)
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'charter_translation',
    'charter_easy_read',
    'charter_publication',
    'charter_approval',
    'charter_workflow_step',
    'charter_workflow',
    'charter_comment_response',
    'charter_comment',
    'charter_review_audience',
    'charter_review_round',
    'charter_reviewer',
    'charter_version',
    'charter_setting',
    'charter_commitment_link',
    'charter_item_principle',
    'charter_item',
    'charter_section',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  if (await isPostgres(db)) await sql`drop function if exists charter_is_frozen()`.execute(db)
}

async function isPostgres(db: Kysely<any>): Promise<boolean> {
  // version() exists in PostgreSQL and not in SQLite; the probe must not fail (and abort a transaction) on PostgreSQL.
  return sql`select version() as v`.execute(db).then(
    () => true,
    () => false,
  )
}
