import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * The measurement framework and its measurements (issue 8, items 1 and 2).
 *
 * A framework is versioned: outcomes and measures belong to one version; a draft version is submitted to the Core
 * Group as a decision and is "agreed" when the decision is adopted. A measure has a short code (e.g. "M1") that stays
 * the same across versions; measurements are kept per measure code and period, so they carry over to the next
 * version. No foreign keys to other modules' tables (charter commitments by key, engagement surveys by id).
 * Numbers that may be fractional are double precision; dates are ISO strings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('measurement_framework')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('version', 'integer', c => c.notNull().unique())
    // draft | submitted | agreed | not_agreed | superseded (submitted/agreed/not_agreed follow the Core Group decision)
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('proposal_id', 'varchar(36)')
    .addColumn('submitted_at', 'varchar(30)')
    .addColumn('agreed_at', 'varchar(30)')
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()

  await db.schema
    .createTable('measurement_outcome')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', c => c.notNull().references('measurement_framework.id'))
    // The charter commitment's key (charter content), e.g. "c-decide-quickly".
    .addColumn('commitment_key', 'varchar(64)', c => c.notNull())
    .addColumn('title', 'varchar(300)', c => c.notNull())
    .addColumn('description', 'text', c => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('measurement_outcome_framework_idx').on('measurement_outcome').columns(['framework_id', 'commitment_key']).execute()

  await db.schema
    .createTable('measurement_measure')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('framework_id', 'varchar(36)', c => c.notNull().references('measurement_framework.id'))
    .addColumn('outcome_id', 'varchar(36)', c => c.notNull().references('measurement_outcome.id'))
    // Stable across framework versions; measurements and imports refer to it.
    .addColumn('code', 'varchar(20)', c => c.notNull())
    .addColumn('title', 'varchar(300)', c => c.notNull())
    // survey_percentage | management_information | complaints_count | written_evidence
    .addColumn('kind', 'varchar(30)', c => c.notNull())
    .addColumn('definition', 'text', c => c.notNull())
    .addColumn('data_source', 'text', c => c.notNull())
    // monthly | quarterly | annual
    .addColumn('frequency', 'varchar(20)', c => c.notNull())
    // management_information: the unit ("days") and whether higher or lower is better
    .addColumn('unit', 'varchar(40)')
    .addColumn('direction', 'varchar(10)')
    // target: a value (a percentage for survey_percentage) and at_least | at_most
    .addColumn('target_value', 'double precision')
    .addColumn('target_comparison', 'varchar(20)')
    .addColumn('owner', 'varchar(200)', c => c.notNull())
    // survey_percentage linked to an engagement survey question, and which answer options count as success
    .addColumn('survey_id', 'varchar(36)')
    .addColumn('question_id', 'varchar(64)')
    .addColumn('success_options_json', 'text')
    // complaints_count: which complaints (redress module, later), e.g. received | upheld
    .addColumn('complaints_kind', 'varchar(40)')
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('measurement_measure_code_uq', ['framework_id', 'code'])
    .execute()
  await db.schema.createIndex('measurement_measure_outcome_idx').on('measurement_measure').columns(['outcome_id']).execute()

  // One measurement per measure code and period ("2027-Q1", "2027-04", "2026/27"); a re-import replaces it.
  await db.schema
    .createTable('measurement_value')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('measure_code', 'varchar(20)', c => c.notNull())
    .addColumn('period', 'varchar(10)', c => c.notNull())
    // survey_percentage: successes out of those who answered, and how many responded to the survey
    .addColumn('numerator', 'integer')
    .addColumn('denominator', 'integer')
    .addColumn('respondents', 'integer')
    // management_information figure, or complaints_count count
    .addColumn('value', 'double precision')
    // written_evidence: "you said, we did"; a note on any measurement
    .addColumn('you_said', 'text')
    .addColumn('we_did', 'text')
    .addColumn('note', 'text')
    // entered | imported | survey
    .addColumn('source', 'varchar(20)', c => c.notNull())
    .addColumn('entered_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('measurement_value_uq', ['measure_code', 'period'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['measurement_value', 'measurement_measure', 'measurement_outcome', 'measurement_framework']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
