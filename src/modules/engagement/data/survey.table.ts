/**
 * The engagement module's survey and poll tables (migration 2026_11_23_1410). Not in the platform's `Database`: the
 * repository widens the type with `db.withTables<SurveyTables>()`.
 */

export type QuestionType = 'single_choice' | 'multiple_choice' | 'scale' | 'free_text' | 'ranking' | 'matrix'
export type ResponseChannel = 'online' | 'phone' | 'paper' | 'partner'
export type ResponseStatus = 'in_progress' | 'submitted'

export interface EngagementSurveyTable {
  id: string
  activity_id: string
  intro: string
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface EngagementSurveySectionTable {
  id: string
  survey_id: string
  title: string
  description: string | null
  position: number
  created_at: string
  updated_at: string
}

export interface EngagementSurveyQuestionTable {
  id: string
  survey_id: string
  section_id: string
  position: number
  type: QuestionType
  text: string
  hint: string | null
  easy_read: string | null
  /** 1 required, 0 optional. */
  required: number
  /** JSON [{ code, label }]: the choices (for a matrix, each row's choices); [] for scale and free text. */
  options_json: string
  /** JSON [{ code, label }]: a matrix's rows. */
  rows_json: string | null
  /** JSON { min, max, minLabel, maxLabel }. */
  scale_json: string | null
  condition_question_id: string | null
  /** JSON [code]: show the question only if the condition question's answer is (or includes) one of these. */
  condition_options_json: string | null
  created_at: string
  updated_at: string
}

export interface EngagementSurveyResponseTable {
  id: string
  survey_id: string
  participant_id: string | null
  /** sha256 of (survey id, respondent token) for an anonymous respondent of a public survey or poll. */
  respondent_hash: string | null
  channel: ResponseChannel
  entered_by_user_id: string | null
  entered_by_role: string | null
  status: ResponseStatus
  last_question_id: string | null
  started_at: string
  updated_at: string
  submitted_at: string | null
}

export interface EngagementSurveyAnswerTable {
  response_id: string
  question_id: string
  value_json: string
  answered_at: string
}

export interface SurveyTables {
  engagement_survey: EngagementSurveyTable
  engagement_survey_section: EngagementSurveySectionTable
  engagement_survey_question: EngagementSurveyQuestionTable
  engagement_survey_response: EngagementSurveyResponseTable
  engagement_survey_answer: EngagementSurveyAnswerTable
}
