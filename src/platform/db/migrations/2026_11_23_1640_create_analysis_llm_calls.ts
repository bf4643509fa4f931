import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Analysis: every call to the optional language model, whatever happened. Which analysis and code it was for, who
 * asked, the provider and model, which segments were sent (segment ids, JSON), a SHA-256 of the exact prompt and its
 * length, the model's answer as it came, and what checking its quotes found. The segments' words are not kept here:
 * only the answer, which quotes from the redacted text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('analysis_llm_call')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('project_id', 'varchar(36)', c => c.notNull().references('analysis_project.id').onDelete('cascade'))
    .addColumn('code_id', 'varchar(36)', c => c.notNull())
    .addColumn('requested_by_user_id', 'varchar(36)')
    .addColumn('provider', 'varchar(100)', c => c.notNull())
    .addColumn('model', 'varchar(200)', c => c.notNull())
    // JSON array of the analysis segment ids sent, in the order of their short ids (S1, S2, ...).
    .addColumn('sent_segment_ids_json', 'text', c => c.notNull())
    .addColumn('prompt_sha256', 'varchar(64)', c => c.notNull())
    .addColumn('request_characters', 'integer', c => c.notNull())
    .addColumn('response_text', 'text')
    // succeeded | failed | unparseable
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('points_kept', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('points_flagged', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('citations_ok', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('citations_failed', 'integer', c => c.notNull().defaultTo(0))
    .addColumn('error', 'varchar(1000)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('analysis_llm_call_code_idx').on('analysis_llm_call').columns(['project_id', 'code_id', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('analysis_llm_call').execute()
}
