import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Engagement: surveys and polls. One survey per survey or poll activity (its introduction), its sections and
 * questions (single or multiple choice, scale, free text, ranking, matrix; required or optional; a hint and Easy Read
 * help; shown only if an earlier choice question's answer is one of given options), the responses (one per person,
 * or per anonymous respondent of a public poll; online, by phone, on paper or through a partner; who entered it on
 * whose behalf) and their answers, saved page by page.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('engagement_survey')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('activity_id', 'varchar(36)', c => c.notNull().unique().references('engagement_activity.id'))
    .addColumn('intro', 'text', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('engagement_survey_section')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('survey_id', 'varchar(36)', c => c.notNull().references('engagement_survey.id'))
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('description', 'text')
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_survey_section_survey_idx').on('engagement_survey_section').columns(['survey_id', 'position']).execute()

  await db.schema
    .createTable('engagement_survey_question')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('survey_id', 'varchar(36)', c => c.notNull().references('engagement_survey.id'))
    .addColumn('section_id', 'varchar(36)', c => c.notNull().references('engagement_survey_section.id'))
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('type', 'varchar(20)', c => c.notNull())
    .addColumn('text', 'varchar(500)', c => c.notNull())
    .addColumn('hint', 'text')
    .addColumn('easy_read', 'text')
    .addColumn('required', 'integer', c => c.notNull())
    // Choices ([{ code, label }]); for a matrix, the choices of each row.
    .addColumn('options_json', 'text', c => c.notNull())
    // A matrix's rows ([{ code, label }]).
    .addColumn('rows_json', 'text')
    // A scale: { min, max, minLabel, maxLabel }.
    .addColumn('scale_json', 'text')
    .addColumn('condition_question_id', 'varchar(36)')
    .addColumn('condition_options_json', 'text')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('engagement_survey_question_survey_idx').on('engagement_survey_question').columns(['survey_id', 'section_id', 'position']).execute()

  await db.schema
    .createTable('engagement_survey_response')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('survey_id', 'varchar(36)', c => c.notNull().references('engagement_survey.id'))
    // The panel member who answers (null for an anonymous respondent of a public poll).
    .addColumn('participant_id', 'varchar(36)')
    // An anonymous respondent: the hash of their browser's respondent token (the token itself is never stored).
    .addColumn('respondent_hash', 'varchar(64)')
    .addColumn('channel', 'varchar(20)', c => c.notNull())
    // Staff or a partner who entered the answers on the person's behalf (null: the person answered themselves).
    .addColumn('entered_by_user_id', 'varchar(36)')
    .addColumn('entered_by_role', 'varchar(40)')
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('last_question_id', 'varchar(36)')
    .addColumn('started_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('submitted_at', 'varchar(30)')
    .execute()
  // One response per person and per anonymous respondent (NULLs are distinct on both dialects).
  await db.schema.createIndex('engagement_survey_response_person_idx').on('engagement_survey_response').columns(['survey_id', 'participant_id']).unique().execute()
  await db.schema.createIndex('engagement_survey_response_respondent_idx').on('engagement_survey_response').columns(['survey_id', 'respondent_hash']).unique().execute()

  await db.schema
    .createTable('engagement_survey_answer')
    .addColumn('response_id', 'varchar(36)', c => c.notNull().references('engagement_survey_response.id'))
    .addColumn('question_id', 'varchar(36)', c => c.notNull().references('engagement_survey_question.id'))
    // The answer: a code, a list of codes, a number, a text or { row: code }, as JSON.
    .addColumn('value_json', 'text', c => c.notNull())
    .addColumn('answered_at', 'varchar(30)', c => c.notNull())
    .addPrimaryKeyConstraint('engagement_survey_answer_pk', ['response_id', 'question_id'])
    .execute()
  await db.schema.createIndex('engagement_survey_answer_question_idx').on('engagement_survey_answer').columns(['question_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('engagement_survey_answer').execute()
  await db.schema.dropTable('engagement_survey_response').execute()
  await db.schema.dropTable('engagement_survey_question').execute()
  await db.schema.dropTable('engagement_survey_section').execute()
  await db.schema.dropTable('engagement_survey').execute()
}
