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

/**
 * A survey's sections and questions, kept in memory per database handle and keyed by the survey's `updated_at`,
 * which every builder change moves on (survey-builder.ts). Every question page and answer needs them, and they
 * change rarely (never once people have answered): reading them once instead of on every request took two of the
 * four queries off each survey page (bench/survey). The activity is always read afresh: whether the survey is open
 * matters on every request. Never filled or used inside a transaction (it could hold changes not yet committed),
 * entries expire after a minute whatever happens, and the cached objects are frozen so no caller can change them.
 */
interface CachedStructure {
  updatedAt: string
  loadedAt: number
  sections: readonly SectionDto[]
  questions: readonly QuestionDto[]
}
const STRUCTURE_TTL_MS = 60_000
const STRUCTURE_CACHE_SIZE = 200
const structureCaches = new WeakMap<Db, Map<string, CachedStructure>>()

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}

async function loadStructure(db: Db, survey: SurveyRow): Promise<{ sections: SectionDto[]; questions: QuestionDto[] }> {
  const cacheable = !db.isTransaction
  const cache = cacheable ? (structureCaches.get(db) ?? new Map<string, CachedStructure>()) : null
  if (cache && !structureCaches.has(db)) structureCaches.set(db, cache)
  const hit = cache?.get(survey.id)
  if (hit && hit.updatedAt === survey.updated_at && Date.now() - hit.loadedAt < STRUCTURE_TTL_MS) {
    return { sections: hit.sections as SectionDto[], questions: hit.questions as QuestionDto[] }
  }
  const [sections, questions] = await Promise.all([listSections(db, survey.id), listQuestions(db, survey.id)])
  const sectionDtos = sections.map(toSectionDto)
  const ordered = orderQuestions(questions.map(toQuestionDto), sectionDtos.map(s => s.id))
  if (cache) {
    cache.delete(survey.id)
    if (cache.size >= STRUCTURE_CACHE_SIZE) cache.delete(cache.keys().next().value!)
    cache.set(survey.id, { updatedAt: survey.updated_at, loadedAt: Date.now(), sections: deepFreeze(sectionDtos), questions: deepFreeze(ordered) })
  }
  return { sections: sectionDtos, questions: ordered }
}

export async function loadSurveyParts(db: Db, survey: SurveyRow): Promise<SurveyParts> {
  const [activity, structure] = await Promise.all([findActivity(db, survey.activity_id), loadStructure(db, survey)])
  if (!activity) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such survey' })
  return { survey, activity, sections: structure.sections, questions: structure.questions }
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
