import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type {
  EngagementSurveyAnswerTable,
  EngagementSurveyQuestionTable,
  EngagementSurveyResponseTable,
  EngagementSurveySectionTable,
  EngagementSurveyTable,
  SurveyTables,
} from './survey.table.ts'

export type SurveyRow = Selectable<EngagementSurveyTable>
export type SectionRow = Selectable<EngagementSurveySectionTable>
export type QuestionRow = Selectable<EngagementSurveyQuestionTable>
export type ResponseRow = Selectable<EngagementSurveyResponseTable>
export type AnswerRow = Selectable<EngagementSurveyAnswerTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof SurveyTables]: SurveyTables[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- surveys ----

export async function insertSurvey(db: Db, row: Insertable<EngagementSurveyTable>): Promise<void> {
  await t(db).insertInto('engagement_survey').values(row).execute()
}

export function findSurvey(db: Db, id: string): Promise<SurveyRow | undefined> {
  return t(db).selectFrom('engagement_survey').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findSurveyOfActivity(db: Db, activityId: string): Promise<SurveyRow | undefined> {
  return t(db).selectFrom('engagement_survey').selectAll().where('activity_id', '=', activityId).executeTakeFirst()
}

export function listSurveysOfActivities(db: Db, activityIds: readonly string[]): Promise<SurveyRow[]> {
  if (activityIds.length === 0) return Promise.resolve([])
  return t(db).selectFrom('engagement_survey').selectAll().where('activity_id', 'in', [...activityIds]).execute()
}

export async function updateSurvey(db: Db, id: string, changes: Updateable<EngagementSurveyTable>): Promise<void> {
  await t(db).updateTable('engagement_survey').set(changes).where('id', '=', id).execute()
}

// ---- sections and questions ----

export async function insertSection(db: Db, row: Insertable<EngagementSurveySectionTable>): Promise<void> {
  await t(db).insertInto('engagement_survey_section').values(row).execute()
}

export function listSections(db: Db, surveyId: string): Promise<SectionRow[]> {
  return t(db).selectFrom('engagement_survey_section').selectAll().where('survey_id', '=', surveyId).orderBy('position').orderBy('id').execute()
}

export async function updateSection(db: Db, id: string, changes: Updateable<EngagementSurveySectionTable>): Promise<void> {
  await t(db).updateTable('engagement_survey_section').set(changes).where('id', '=', id).execute()
}

export async function deleteSection(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('engagement_survey_section').where('id', '=', id).execute()
}

export async function insertQuestion(db: Db, row: Insertable<EngagementSurveyQuestionTable>): Promise<void> {
  await t(db).insertInto('engagement_survey_question').values(row).execute()
}

/** Every question of a survey, by section id then position (the caller orders sections). */
export function listQuestions(db: Db, surveyId: string): Promise<QuestionRow[]> {
  return t(db).selectFrom('engagement_survey_question').selectAll().where('survey_id', '=', surveyId).orderBy('section_id').orderBy('position').orderBy('id').execute()
}

export async function updateQuestion(db: Db, id: string, changes: Updateable<EngagementSurveyQuestionTable>): Promise<void> {
  await t(db).updateTable('engagement_survey_question').set(changes).where('id', '=', id).execute()
}

export async function deleteQuestion(db: Db, id: string): Promise<void> {
  await t(db).deleteFrom('engagement_survey_question').where('id', '=', id).execute()
}

/** Whether anyone has saved an answer to this survey (then its questions are fixed). */
export async function surveyHasAnswers(db: Db, surveyId: string): Promise<boolean> {
  const row = await t(db)
    .selectFrom('engagement_survey_answer as a')
    .innerJoin('engagement_survey_response as r', 'r.id', 'a.response_id')
    .select('a.response_id')
    .where('r.survey_id', '=', surveyId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

// ---- responses and answers ----

export async function insertResponse(db: Db, row: Insertable<EngagementSurveyResponseTable>): Promise<void> {
  await t(db).insertInto('engagement_survey_response').values(row).execute()
}

export function findResponse(db: Db, id: string): Promise<ResponseRow | undefined> {
  return t(db).selectFrom('engagement_survey_response').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findResponseOfParticipant(db: Db, surveyId: string, participantId: string): Promise<ResponseRow | undefined> {
  return t(db).selectFrom('engagement_survey_response').selectAll().where('survey_id', '=', surveyId).where('participant_id', '=', participantId).executeTakeFirst()
}

export function findResponseOfRespondent(db: Db, surveyId: string, respondentHash: string): Promise<ResponseRow | undefined> {
  return t(db).selectFrom('engagement_survey_response').selectAll().where('survey_id', '=', surveyId).where('respondent_hash', '=', respondentHash).executeTakeFirst()
}

/** A participant's responses to any of these surveys. */
export function listResponsesOfParticipant(db: Db, participantId: string, surveyIds: readonly string[]): Promise<ResponseRow[]> {
  if (surveyIds.length === 0) return Promise.resolve([])
  return t(db).selectFrom('engagement_survey_response').selectAll().where('participant_id', '=', participantId).where('survey_id', 'in', [...surveyIds]).execute()
}

export async function updateResponse(db: Db, id: string, changes: Updateable<EngagementSurveyResponseTable>): Promise<void> {
  await t(db).updateTable('engagement_survey_response').set(changes).where('id', '=', id).execute()
}

/**
 * Mark a response submitted if it is still in progress. Returns false when it was already submitted (two tabs,
 * a double click): the caller then does nothing more.
 */
export async function markResponseSubmitted(db: Db, id: string, at: string): Promise<boolean> {
  const r = await t(db)
    .updateTable('engagement_survey_response')
    .set({ status: 'submitted', submitted_at: at, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', 'in_progress')
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/** Save (or replace) the answer to one question. */
export async function saveAnswer(db: Db, row: AnswerRow): Promise<void> {
  await t(db)
    .insertInto('engagement_survey_answer')
    .values(row)
    .onConflict(oc => oc.columns(['response_id', 'question_id']).doUpdateSet({ value_json: row.value_json, answered_at: row.answered_at }))
    .execute()
}

export async function deleteAnswers(db: Db, responseId: string, questionIds: readonly string[]): Promise<void> {
  if (questionIds.length === 0) return
  await t(db).deleteFrom('engagement_survey_answer').where('response_id', '=', responseId).where('question_id', 'in', [...questionIds]).execute()
}

export function listAnswers(db: Db, responseId: string): Promise<AnswerRow[]> {
  return t(db).selectFrom('engagement_survey_answer').selectAll().where('response_id', '=', responseId).execute()
}

export interface SubmittedAnswerRow {
  response_id: string
  participant_id: string | null
  question_id: string
  value_json: string
}

/** The answers of the submitted responses to a survey. */
export function listSubmittedAnswers(db: Db, surveyId: string): Promise<SubmittedAnswerRow[]> {
  return t(db)
    .selectFrom('engagement_survey_answer as a')
    .innerJoin('engagement_survey_response as r', 'r.id', 'a.response_id')
    .select(['a.response_id', 'r.participant_id', 'a.question_id', 'a.value_json'])
    .where('r.survey_id', '=', surveyId)
    .where('r.status', '=', 'submitted')
    .orderBy('r.submitted_at')
    .orderBy('a.response_id')
    .execute()
}

/** The submitted responses to a survey (participant and channel), oldest first. */
export function listSubmittedResponses(db: Db, surveyId: string): Promise<ResponseRow[]> {
  return t(db).selectFrom('engagement_survey_response').selectAll().where('survey_id', '=', surveyId).where('status', '=', 'submitted').orderBy('submitted_at').orderBy('id').execute()
}

/** Who has started or sent a response to a survey: participant and status (anonymous responses left out). */
export function listParticipantResponseStatus(db: Db, surveyId: string): Promise<{ participant_id: string | null; status: string }[]> {
  return t(db).selectFrom('engagement_survey_response').select(['participant_id', 'status']).where('survey_id', '=', surveyId).where('participant_id', 'is not', null).execute()
}

/** How many responses each survey has, by status. */
export async function countResponses(db: Db, surveyIds: readonly string[]): Promise<{ survey_id: string; status: string; n: number }[]> {
  if (surveyIds.length === 0) return []
  const rows = await t(db)
    .selectFrom('engagement_survey_response')
    .select(['survey_id', 'status', eb => eb.fn.countAll<number | string>().as('n')])
    .where('survey_id', 'in', [...surveyIds])
    .groupBy(['survey_id', 'status'])
    .execute()
  return rows.map(r => ({ survey_id: r.survey_id, status: r.status, n: Number(r.n) }))
}
