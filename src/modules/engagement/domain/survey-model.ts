// A survey as the domain sees it: its activity, sections and questions in order. Shared by the builder, the
// question pages and the results.
import type { Db } from '../../../platform/db/database.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findActivity, type ActivityRow } from '../data/activity.repository.ts'
import { findSurvey, findSurveyOfActivity, listQuestions, listSections, type QuestionRow, type SectionRow, type SurveyRow } from '../data/survey.repository.ts'
import { orderQuestions, questionTypeLabel, type Choice, type QuestionDto, type ScaleDefinition } from './survey-questions.ts'

export interface SectionDto {
  id: string
  title: string
  description: string | null
  position: number
}

export interface SurveyParts {
  survey: SurveyRow
  activity: ActivityRow
  sections: SectionDto[]
  /** Every question, in the order people see them. */
  questions: QuestionDto[]
}

const parse = <T>(json: string | null, fallback: T): T => {
  if (!json) return fallback
  try {
    return JSON.parse(json) as T
  } catch {
    return fallback
  }
}

export function toQuestionDto(q: QuestionRow): QuestionDto {
  const options = parse<string[] | null>(q.condition_options_json, null)
  return {
    id: q.id,
    sectionId: q.section_id,
    position: q.position,
    type: q.type,
    typeLabel: questionTypeLabel(q.type),
    text: q.text,
    hint: q.hint,
    easyRead: q.easy_read,
    required: q.required === 1,
    options: parse<Choice[]>(q.options_json, []),
    rows: parse<Choice[]>(q.rows_json, []),
    scale: parse<ScaleDefinition | null>(q.scale_json, null),
    condition: q.condition_question_id && options ? { questionId: q.condition_question_id, options } : null,
  }
}

export function toSectionDto(s: SectionRow): SectionDto {
  return { id: s.id, title: s.title, description: s.description, position: s.position }
}

export async function loadSurveyParts(db: Db, survey: SurveyRow): Promise<SurveyParts> {
  const [activity, sections, questions] = await Promise.all([findActivity(db, survey.activity_id), listSections(db, survey.id), listQuestions(db, survey.id)])
  if (!activity) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such survey' })
  const sectionDtos = sections.map(toSectionDto)
  return { survey, activity, sections: sectionDtos, questions: orderQuestions(questions.map(toQuestionDto), sectionDtos.map(s => s.id)) }
}

export async function loadSurvey(db: Db, surveyId: string): Promise<SurveyParts> {
  const survey = await findSurvey(db, surveyId)
  if (!survey) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such survey' })
  return loadSurveyParts(db, survey)
}

export async function loadSurveyOfActivity(db: Db, activityId: string): Promise<SurveyParts | null> {
  const survey = await findSurveyOfActivity(db, activityId)
  return survey ? loadSurveyParts(db, survey) : null
}

/** The activity a survey may be built on: a survey or a poll. */
export async function loadSurveyActivity(db: Db, activityId: string): Promise<ActivityRow> {
  const activity = await findActivity(db, activityId)
  if (!activity) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such activity' })
  if (activity.kind !== 'survey' && activity.kind !== 'poll') throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This activity is not a survey or a poll' })
  return activity
}
