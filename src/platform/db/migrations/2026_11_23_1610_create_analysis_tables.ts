import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Analysis (issue 6): an analysis project takes in evidence items (no foreign keys to the evidence module's table:
 * modules own their tables), prepares them (personal details found for redaction and reviewed, near-duplicates and
 * campaigns grouped, sentence segments as the unit of coding), and analysts code segments with the project's own
 * hierarchical, versioned codebook. Suggestions from a classifier trained on that coding are kept per run; findings
 * quote segments. Offsets (`start_pos`, `end_pos`) index into the evidence item's text as prepared (`body_hash`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analysis_project')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('purpose', 'text', c => c.notNull())
    // Which evidence it takes in: any of channel, activity, survey question (null: any).
    .addColumn('scope_channel', 'varchar(30)')
    .addColumn('scope_activity_id', 'varchar(36)')
    .addColumn('scope_question_id', 'varchar(36)')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    // The latest published codebook version (0: none published yet).
    .addColumn('codebook_version', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('analysis_item')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('evidence_item_id', 'varchar(36)', c => c.notNull())
    // Copied from the evidence item so counts need no join: who said it, and the person to count once.
    .addColumn('source_role', 'varchar(30)', c => c.notNull())
    .addColumn('person_key', 'varchar(60)', c => c.notNull())
    .addColumn('body_hash', 'varchar(64)', c => c.notNull())
    .addColumn('prepared_at', 'varchar(30)', c => c.notNull())
    .addColumn('redactions_reviewed_at', 'varchar(30)')
    .addColumn('redactions_reviewed_by', 'varchar(36)')
    .addColumn('duplicate_group', 'varchar(36)')
    .addColumn('duplicate_kind', 'varchar(20)')
    .addColumn('duplicate_representative', 'integer', c => c.notNull().defaultTo(0))
    .addUniqueConstraint('analysis_item_evidence_uq', ['project_id', 'evidence_item_id'])
    .execute()
  await db.schema.createIndex('analysis_item_evidence_idx').on('analysis_item').column('evidence_item_id').execute()

  await db.schema
    .createTable('analysis_redaction')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('item_id', 'varchar(36)', c => c.notNull().references('analysis_item.id').onDelete('cascade'))
    .addColumn('start_pos', 'integer', c => c.notNull())
    .addColumn('end_pos', 'integer', c => c.notNull())
    .addColumn('kind', 'varchar(30)', c => c.notNull())
    // proposed (found, redacted until reviewed) | confirmed | rejected (not personal: shown) | added (by the reviewer)
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('decided_by_user_id', 'varchar(36)')
    .addColumn('decided_at', 'varchar(30)')
    .execute()
  await db.schema.createIndex('analysis_redaction_item_idx').on('analysis_redaction').columns(['item_id', 'start_pos']).execute()

  await db.schema
    .createTable('analysis_segment')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('item_id', 'varchar(36)', c => c.notNull().references('analysis_item.id').onDelete('cascade'))
    .addColumn('project_id', 'varchar(36)', c => c.notNull())
    .addColumn('ordinal', 'integer', c => c.notNull())
    .addColumn('start_pos', 'integer', c => c.notNull())
    .addColumn('end_pos', 'integer', c => c.notNull())
    .addUniqueConstraint('analysis_segment_ordinal_uq', ['item_id', 'ordinal'])
    .execute()
  await db.schema.createIndex('analysis_segment_project_idx').on('analysis_segment').columns(['project_id', 'item_id', 'ordinal']).execute()

  await db.schema
    .createTable('analysis_code')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('parent_id', 'varchar(36)')
    .addColumn('name', 'varchar(120)', c => c.notNull())
    .addColumn('description', 'text', c => c.notNull())
    .addColumn('examples', 'text', c => c.notNull())
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('retired_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('analysis_code_name_uq', ['project_id', 'name'])
    .execute()

  await db.schema
    .createTable('analysis_codebook_version')
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('version', 'integer', c => c.notNull())
    .addColumn('note', 'text', c => c.notNull())
    .addColumn('snapshot_json', 'text', c => c.notNull())
    .addColumn('published_at', 'varchar(30)', c => c.notNull())
    .addColumn('published_by_user_id', 'varchar(36)')
    .addPrimaryKeyConstraint('analysis_codebook_version_pk', ['project_id', 'version'])
    .execute()

  await db.schema
    .createTable('analysis_coding')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull())
    .addColumn('segment_id', 'varchar(36)', c => c.notNull().references('analysis_segment.id').onDelete('cascade'))
    .addColumn('code_id', 'varchar(36)', c => c.notNull().references('analysis_code.id').onDelete('cascade'))
    .addColumn('coder_user_id', 'varchar(36)', c => c.notNull())
    // analyst (chosen by hand) | suggestion (a suggestion accepted one by one) | bulk (accepted in bulk after review)
    .addColumn('origin', 'varchar(20)', c => c.notNull())
    .addColumn('confidence', 'real')
    .addColumn('codebook_version', 'integer', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('analysis_coding_uq', ['segment_id', 'code_id', 'coder_user_id'])
    .execute()
  await db.schema.createIndex('analysis_coding_project_idx').on('analysis_coding').columns(['project_id', 'coder_user_id']).execute()
  await db.schema.createIndex('analysis_coding_code_idx').on('analysis_coding').column('code_id').execute()

  // A coder has looked at a segment and chosen its codes (possibly none apply).
  await db.schema
    .createTable('analysis_review')
    .addColumn('segment_id', 'varchar(36)', c => c.notNull().references('analysis_segment.id').onDelete('cascade'))
    .addColumn('coder_user_id', 'varchar(36)', c => c.notNull())
    .addColumn('project_id', 'varchar(36)', c => c.notNull())
    .addColumn('reviewed_at', 'varchar(30)', c => c.notNull())
    .addPrimaryKeyConstraint('analysis_review_pk', ['segment_id', 'coder_user_id'])
    .execute()
  await db.schema.createIndex('analysis_review_project_idx').on('analysis_review').columns(['project_id', 'coder_user_id']).execute()

  // A sample two analysts code independently, to measure their agreement.
  await db.schema
    .createTable('analysis_sample')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('name', 'varchar(120)', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema
    .createTable('analysis_sample_segment')
    .addColumn('sample_id', 'varchar(36)', c => c.notNull().references('analysis_sample.id').onDelete('cascade'))
    .addColumn('segment_id', 'varchar(36)', c => c.notNull().references('analysis_segment.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('analysis_sample_segment_pk', ['sample_id', 'segment_id'])
    .execute()

  await db.schema
    .createTable('analysis_suggestion_run')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('coder_user_id', 'varchar(36)', c => c.notNull())
    .addColumn('trained_on', 'integer', c => c.notNull())
    .addColumn('metrics_json', 'text', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('analysis_suggestion_run_idx').on('analysis_suggestion_run').columns(['project_id', 'coder_user_id', 'created_at']).execute()
  await db.schema
    .createTable('analysis_suggestion')
    .addColumn('run_id', 'varchar(36)', c => c.notNull().references('analysis_suggestion_run.id').onDelete('cascade'))
    .addColumn('segment_id', 'varchar(36)', c => c.notNull().references('analysis_segment.id').onDelete('cascade'))
    .addColumn('code_id', 'varchar(36)', c => c.notNull().references('analysis_code.id').onDelete('cascade'))
    .addColumn('confidence', 'real', c => c.notNull())
    // 1: confident enough to be offered for acceptance in bulk (after review).
    .addColumn('bulk', 'integer', c => c.notNull())
    .addColumn('explanation_json', 'text', c => c.notNull())
    .addPrimaryKeyConstraint('analysis_suggestion_pk', ['run_id', 'segment_id', 'code_id'])
    .execute()
  await db.schema.createIndex('analysis_suggestion_code_idx').on('analysis_suggestion').columns(['run_id', 'code_id', 'confidence']).execute()

  await db.schema
    .createTable('analysis_finding')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('body', 'text', c => c.notNull())
    .addColumn('position', 'integer', c => c.notNull())
    // draft | published (to the Core Group)
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('published_at', 'varchar(30)')
    .addColumn('published_by_user_id', 'varchar(36)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema
    .createTable('analysis_finding_code')
    .addColumn('finding_id', 'varchar(36)', c => c.notNull().references('analysis_finding.id').onDelete('cascade'))
    .addColumn('code_id', 'varchar(36)', c => c.notNull().references('analysis_code.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('analysis_finding_code_pk', ['finding_id', 'code_id'])
    .execute()
  await db.schema
    .createTable('analysis_finding_quote')
    .addColumn('finding_id', 'varchar(36)', c => c.notNull().references('analysis_finding.id').onDelete('cascade'))
    .addColumn('segment_id', 'varchar(36)', c => c.notNull().references('analysis_segment.id').onDelete('cascade'))
    .addColumn('position', 'integer', c => c.notNull())
    .addPrimaryKeyConstraint('analysis_finding_quote_pk', ['finding_id', 'segment_id'])
    .execute()

  // "You said, we did": a plain-English summary sent back to the people who took part.
  await db.schema
    .createTable('analysis_feedback')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('you_said', 'text', c => c.notNull())
    .addColumn('we_did', 'text', c => c.notNull())
    // draft | sent
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('sent_at', 'varchar(30)')
    .addColumn('sent_by_user_id', 'varchar(36)')
    .addColumn('sent_report_json', 'text')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'analysis_feedback',
    'analysis_finding_quote',
    'analysis_finding_code',
    'analysis_finding',
    'analysis_suggestion',
    'analysis_suggestion_run',
    'analysis_sample_segment',
    'analysis_sample',
    'analysis_review',
    'analysis_coding',
    'analysis_codebook_version',
    'analysis_code',
    'analysis_segment',
    'analysis_redaction',
    'analysis_item',
    'analysis_project',
  ])
    await db.schema.dropTable(table).execute()
}
