// The survey and poll builder (analyst, panel manager): the introduction, sections and questions, their order and
// conditions. Once anyone has saved an answer the questions are fixed: only their hints and Easy Read help (and the
// introduction) may still be corrected, so every response answers the same questions. Each change is one
// transaction with its audit event.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import type { ActivityRow } from '../data/activity.repository.ts'
import {
  deleteQuestion,
  deleteSection,
  findSurveyOfActivity,
  insertQuestion,
  insertSection,
  insertSurvey,
  surveyHasAnswers,
  updateQuestion,
  updateSection,
  updateSurvey,
  countResponses,
  listQuestions,
  listSurveysOfActivities,
} from '../data/survey.repository.ts'
import { listActivities } from '../data/activity.repository.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { mayManageEngagement, mayReadEngagement } from './activities.ts'
import { loadSurveyActivity, loadSurveyOfActivity, type SectionDto, type SurveyParts } from './survey-model.ts'
import { checkQuestionInput, CHOICE_TYPES, conditionsHold, type QuestionDefinition, type QuestionDto, type QuestionInput } from './survey-questions.ts'

export const LOCKED_MESSAGE = 'People have started answering this survey, so its questions cannot change. You can still correct hints and Easy Read help.'

function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

function invalid(errors: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: errors })
}

const notFound = (what: string) => new AppError(AppErrorCode.NOT_FOUND, { message: `There is no such ${what}` })

export interface BuilderQuestion extends QuestionDto {
  number: number
  /** "Only if question 2 is Yes or No" */
  conditionText: string | null
}

export interface BuilderView {
  activity: { id: string; title: string; kind: ActivityRow['kind']; status: ActivityRow['status']; audience: ActivityRow['audience'] }
  surveyId: string | null
  intro: string
  sections: (SectionDto & { questions: BuilderQuestion[] })[]
  questions: BuilderQuestion[]
  /** Someone has answered: the questions are fixed. */
  locked: boolean
  responses: { inProgress: number; submitted: number }
}

export function describeCondition(q: QuestionDto, all: readonly QuestionDto[]): string | null {
  if (!q.condition) return null
  const i = all.findIndex(p => p.id === q.condition!.questionId)
  const target = all[i]
  if (!target) return 'Only if an earlier answer (now removed) was given'
  const labels = q.condition.options.map(code => `“${target.options.find(o => o.code === code)?.label ?? code}”`)
  return `Only if the answer to question ${i + 1} is ${labels.length > 1 ? `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}` : labels[0]}`
}

function builderQuestions(parts: SurveyParts | null): BuilderQuestion[] {
  const all = parts?.questions ?? []
  return all.map((q, i) => ({ ...q, number: i + 1, conditionText: describeCondition(q, all) }))
}

/** The builder's overview of a survey or poll activity (it may have no survey yet). */
export async function getSurveyBuilder(deps: Pick<AppDeps, 'db'>, actor: Actor, activityId: string): Promise<BuilderView> {
  assertMay(mayReadEngagement(actor), 'see surveys')
  const activity = await loadSurveyActivity(deps.db, activityId)
  const parts = await loadSurveyOfActivity(deps.db, activityId)
  const questions = builderQuestions(parts)
  const counts = parts ? await countResponses(deps.db, [parts.survey.id]) : []
  return {
    activity: { id: activity.id, title: activity.title, kind: activity.kind, status: activity.status, audience: activity.audience },
    surveyId: parts?.survey.id ?? null,
    intro: parts?.survey.intro ?? '',
    sections: (parts?.sections ?? []).map(s => ({ ...s, questions: questions.filter(q => q.sectionId === s.id) })),
    questions,
    locked: parts ? await surveyHasAnswers(deps.db, parts.survey.id) : false,
    responses: {
      inProgress: counts.find(c => c.status === 'in_progress')?.n ?? 0,
      submitted: counts.find(c => c.status === 'submitted')?.n ?? 0,
    },
  }
}

/** Run a builder change in one transaction, with the survey (made now if the activity has none yet). */
async function change<T>(
  deps: AppDeps,
  actor: Actor,
  activityId: string,
  work: (uow: UnitOfWork, parts: SurveyParts, ctx: { locked: boolean; now: string }) => Promise<T>,
): Promise<T> {
  assertMay(mayManageEngagement(actor), 'build surveys')
  await loadSurveyActivity(deps.db, activityId)
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    let survey = await findSurveyOfActivity(uow.trx, activityId)
    if (!survey) {
      survey = { id: newId(uow.now.getTime()), activity_id: activityId, intro: '', created_by_user_id: actor.userId, created_at: now, updated_at: now }
      await insertSurvey(uow.trx, survey)
      await uow.audit({ action: 'engagement.survey_created', subjectType: 'engagement_survey', subjectId: survey.id, summary: { activityId } })
    }
    const parts = (await loadSurveyOfActivity(uow.trx, activityId))!
    const locked = await surveyHasAnswers(uow.trx, survey.id)
    const result = await work(uow, parts, { locked, now })
    await updateSurvey(uow.trx, survey.id, { updated_at: now })
    return result
  })
}

function assertUnlocked(locked: boolean): void {
  if (locked) throw new AppError(AppErrorCode.INVALID_STATE, { message: LOCKED_MESSAGE })
}

// ---- the introduction ----

export async function saveSurveyIntro(deps: AppDeps, actor: Actor, activityId: string, intro: string): Promise<void> {
  const text = intro.trim()
  if (text.length > 5000) throw invalid([{ field: 'intro', message: 'The introduction must be 5,000 characters or fewer' }])
  await change(deps, actor, activityId, async (uow, parts) => {
    if (parts.survey.intro === text) return
    await updateSurvey(uow.trx, parts.survey.id, { intro: text })
    await uow.audit({ action: 'engagement.survey_intro_changed', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { before: parts.survey.intro, after: text } })
  })
}

// ---- sections ----

export interface SectionInput {
  title: string
  description: string
}

function sectionProblems(input: SectionInput): FieldError[] {
  const errors: FieldError[] = []
  if (!input.title.trim()) errors.push({ field: 'title', message: 'Enter a title for the section, for example “About your last application”' })
  else if (input.title.trim().length > 200) errors.push({ field: 'title', message: 'The title must be 200 characters or fewer' })
  if (input.description.length > 2000) errors.push({ field: 'description', message: 'The description must be 2,000 characters or fewer' })
  return errors
}

export async function addSurveySection(deps: AppDeps, actor: Actor, activityId: string, input: SectionInput): Promise<{ id: string }> {
  const problems = sectionProblems(input)
  if (problems.length) throw invalid(problems)
  return change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    assertUnlocked(locked)
    const id = newId(uow.now.getTime())
    const position = Math.max(0, ...parts.sections.map(s => s.position)) + 1
    await insertSection(uow.trx, { id, survey_id: parts.survey.id, title: input.title.trim(), description: input.description.trim() || null, position, created_at: now, updated_at: now })
    await uow.audit({ action: 'engagement.survey_section_added', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { sectionId: id, title: input.title.trim() } })
    return { id }
  })
}

function sectionOf(parts: SurveyParts, sectionId: string): SectionDto {
  const s = parts.sections.find(x => x.id === sectionId)
  if (!s) throw notFound('section')
  return s
}

export async function changeSurveySection(deps: AppDeps, actor: Actor, activityId: string, sectionId: string, input: SectionInput): Promise<void> {
  const problems = sectionProblems(input)
  if (problems.length) throw invalid(problems)
  await change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    const before = sectionOf(parts, sectionId)
    const after = { title: input.title.trim(), description: input.description.trim() || null }
    if (before.title === after.title && before.description === after.description) return
    assertUnlocked(locked)
    await updateSection(uow.trx, sectionId, { ...after, updated_at: now })
    await uow.audit({
      action: 'engagement.survey_section_changed',
      subjectType: 'engagement_survey',
      subjectId: parts.survey.id,
      summary: { sectionId, before: { title: before.title, description: before.description }, after },
    })
  })
}

export async function removeSurveySection(deps: AppDeps, actor: Actor, activityId: string, sectionId: string): Promise<void> {
  await change(deps, actor, activityId, async (uow, parts, { locked }) => {
    const section = sectionOf(parts, sectionId)
    assertUnlocked(locked)
    if (parts.questions.some(q => q.sectionId === sectionId)) {
      throw new AppError(AppErrorCode.INVALID_STATE, { message: `The section “${section.title}” still has questions: remove them first` })
    }
    await deleteSection(uow.trx, sectionId)
    await uow.audit({ action: 'engagement.survey_section_removed', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { sectionId, title: section.title } })
  })
}

export type Direction = 'up' | 'down'

export async function moveSurveySection(deps: AppDeps, actor: Actor, activityId: string, sectionId: string, direction: Direction): Promise<void> {
  await change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    assertUnlocked(locked)
    const i = parts.sections.findIndex(s => s.id === sectionId)
    if (i < 0) throw notFound('section')
    const j = direction === 'up' ? i - 1 : i + 1
    const other = parts.sections[j]
    if (!other) return
    const order = parts.sections.map(s => s.id)
    ;[order[i], order[j]] = [order[j]!, order[i]!]
    const rank = new Map(order.map((id, k) => [id, k]))
    const reordered = [...parts.questions].sort((a, b) => rank.get(a.sectionId)! - rank.get(b.sectionId)! || a.position - b.position)
    if (!conditionsHold(reordered)) throw dependsOnLater()
    const mine = parts.sections[i]!
    await updateSection(uow.trx, mine.id, { position: other.position, updated_at: now })
    await updateSection(uow.trx, other.id, { position: mine.position, updated_at: now })
    await uow.audit({ action: 'engagement.survey_section_moved', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { sectionId, direction } })
  })
}

function dependsOnLater(): AppError {
  return new AppError(AppErrorCode.INVALID_STATE, { message: 'A question can only depend on the answer to an earlier question. Change or remove the condition first.' })
}

// ---- questions ----

function definitionColumns(d: QuestionDefinition) {
  return {
    type: d.type,
    text: d.text,
    hint: d.hint,
    easy_read: d.easyRead,
    required: d.required ? 1 : 0,
    options_json: JSON.stringify(d.options),
    rows_json: d.type === 'matrix' ? JSON.stringify(d.rows) : null,
    scale_json: d.scale ? JSON.stringify(d.scale) : null,
  }
}

export async function addSurveyQuestion(deps: AppDeps, actor: Actor, activityId: string, input: QuestionInput): Promise<{ id: string }> {
  const checked = checkQuestionInput(input)
  if (!checked.ok) throw invalid(checked.errors)
  return change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    assertUnlocked(locked)
    if (!parts.sections.some(s => s.id === input.sectionId)) throw invalid([{ field: 'sectionId', message: 'Select the section the question is in' }])
    const id = newId(uow.now.getTime())
    const position = Math.max(0, ...parts.questions.filter(q => q.sectionId === input.sectionId).map(q => q.position)) + 1
    const columns = definitionColumns(checked.value)
    await insertQuestion(uow.trx, {
      id,
      survey_id: parts.survey.id,
      section_id: input.sectionId,
      position,
      ...columns,
      condition_question_id: null,
      condition_options_json: null,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({ action: 'engagement.survey_question_added', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { questionId: id, sectionId: input.sectionId, ...columns } })
    return { id }
  })
}

function questionOf(parts: SurveyParts, questionId: string): QuestionDto {
  const q = parts.questions.find(x => x.id === questionId)
  if (!q) throw notFound('question')
  return q
}

/**
 * Change a question. Once the survey is locked only the hint and the Easy Read help may change; anything else is
 * refused with the reason.
 */
export async function changeSurveyQuestion(deps: AppDeps, actor: Actor, activityId: string, questionId: string, input: QuestionInput): Promise<void> {
  await change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    const before = questionOf(parts, questionId)
    const checked = checkQuestionInput(input, before)
    if (!checked.ok) throw invalid(checked.errors)
    const d = checked.value
    if (input.sectionId && !parts.sections.some(s => s.id === input.sectionId)) throw invalid([{ field: 'sectionId', message: 'Select the section the question is in' }])
    const sectionId = input.sectionId || before.sectionId
    const beforeColumns = definitionColumns({ ...before, easyRead: before.easyRead })
    const afterColumns = definitionColumns(d)
    const changed = Object.fromEntries(Object.entries(afterColumns).filter(([k, v]) => beforeColumns[k as keyof typeof beforeColumns] !== v))
    const moved = sectionId !== before.sectionId
    if (Object.keys(changed).length === 0 && !moved) return
    if (locked && (moved || Object.keys(changed).some(k => k !== 'hint' && k !== 'easy_read'))) throw new AppError(AppErrorCode.INVALID_STATE, { message: LOCKED_MESSAGE })
    // Answers this question's options no longer offer would break conditions that depend on them.
    const dependants = parts.questions.filter(q => q.condition?.questionId === questionId)
    if (dependants.length > 0) {
      const stillOffered = (code: string) => CHOICE_TYPES.includes(d.type) && d.options.some(o => o.code === code)
      if (dependants.some(q => !q.condition!.options.every(stillOffered))) {
        throw invalid([{ field: 'options', message: 'A later question depends on an answer you removed or on this type of question. Change that condition first.' }])
      }
    }
    const position = moved ? Math.max(0, ...parts.questions.filter(q => q.sectionId === sectionId).map(q => q.position)) + 1 : before.position
    if (moved) {
      const rank = new Map(parts.sections.map((s, k) => [s.id, k]))
      const after = parts.questions.map(q => (q.id === questionId ? { ...q, sectionId, position } : q))
      after.sort((a, b) => rank.get(a.sectionId)! - rank.get(b.sectionId)! || a.position - b.position)
      if (!conditionsHold(after)) throw dependsOnLater()
    }
    await updateQuestion(uow.trx, questionId, { ...afterColumns, section_id: sectionId, position, updated_at: now })
    await uow.audit({
      action: 'engagement.survey_question_changed',
      subjectType: 'engagement_survey',
      subjectId: parts.survey.id,
      summary: {
        questionId,
        before: Object.fromEntries(Object.keys(changed).map(k => [k, beforeColumns[k as keyof typeof beforeColumns]])),
        after: changed,
        ...(moved ? { sectionBefore: before.sectionId, sectionAfter: sectionId } : {}),
      },
    })
  })
}

export async function removeSurveyQuestion(deps: AppDeps, actor: Actor, activityId: string, questionId: string): Promise<void> {
  await change(deps, actor, activityId, async (uow, parts, { locked }) => {
    const q = questionOf(parts, questionId)
    assertUnlocked(locked)
    const dependant = parts.questions.findIndex(p => p.condition?.questionId === questionId)
    if (dependant >= 0) {
      throw new AppError(AppErrorCode.INVALID_STATE, { message: `Question ${dependant + 1} depends on the answer to this question. Change or remove its condition first.` })
    }
    await deleteQuestion(uow.trx, questionId)
    await uow.audit({ action: 'engagement.survey_question_removed', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { questionId, text: q.text } })
  })
}

/** Move a question up or down: within its section, or across into the neighbouring section at either end. */
export async function moveSurveyQuestion(deps: AppDeps, actor: Actor, activityId: string, questionId: string, direction: Direction): Promise<void> {
  await change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    const q = questionOf(parts, questionId)
    assertUnlocked(locked)
    const siblings = parts.questions.filter(x => x.sectionId === q.sectionId)
    const i = siblings.findIndex(x => x.id === questionId)
    const neighbour = siblings[direction === 'up' ? i - 1 : i + 1]
    let after: QuestionDto[]
    let updates: { id: string; sectionId: string; position: number }[]
    if (neighbour) {
      updates = [
        { id: q.id, sectionId: q.sectionId, position: neighbour.position },
        { id: neighbour.id, sectionId: q.sectionId, position: q.position },
      ]
    } else {
      const s = parts.sections.findIndex(x => x.id === q.sectionId)
      const target = parts.sections[direction === 'up' ? s - 1 : s + 1]
      if (!target) return
      const positions = parts.questions.filter(x => x.sectionId === target.id).map(x => x.position)
      const position = direction === 'up' ? Math.max(0, ...positions) + 1 : Math.min(1, ...positions) - 1
      updates = [{ id: q.id, sectionId: target.id, position }]
    }
    after = parts.questions.map(x => {
      const u = updates.find(y => y.id === x.id)
      return u ? { ...x, sectionId: u.sectionId, position: u.position } : x
    })
    const rank = new Map(parts.sections.map((s, k) => [s.id, k]))
    after = after.sort((a, b) => rank.get(a.sectionId)! - rank.get(b.sectionId)! || a.position - b.position)
    if (!conditionsHold(after)) throw dependsOnLater()
    for (const u of updates) await updateQuestion(uow.trx, u.id, { section_id: u.sectionId, position: u.position, updated_at: now })
    await uow.audit({ action: 'engagement.survey_question_moved', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { questionId, direction } })
  })
}

/** Show a question only if an earlier single or multiple choice question was answered with one of `options`; or always (null). */
export async function setSurveyCondition(deps: AppDeps, actor: Actor, activityId: string, questionId: string, condition: { questionId: string; options: string[] } | null): Promise<void> {
  await change(deps, actor, activityId, async (uow, parts, { locked, now }) => {
    const q = questionOf(parts, questionId)
    const same = JSON.stringify(q.condition) === JSON.stringify(condition)
    if (same) return
    assertUnlocked(locked)
    if (condition) {
      const wanted = condition
      const i = parts.questions.findIndex(x => x.id === questionId)
      const target = parts.questions.slice(0, i).find(x => x.id === wanted.questionId)
      if (!target || !CHOICE_TYPES.includes(target.type)) throw invalid([{ field: 'dependsOn', message: 'Select an earlier single or multiple choice question' }])
      const options = target.options.filter(o => wanted.options.includes(o.code)).map(o => o.code)
      if (options.length === 0) throw invalid([{ field: `options-${target.id}`, message: 'Select at least one answer that shows this question' }])
      condition = { questionId: target.id, options }
    }
    await updateQuestion(uow.trx, questionId, {
      condition_question_id: condition?.questionId ?? null,
      condition_options_json: condition ? JSON.stringify(condition.options) : null,
      updated_at: now,
    })
    await uow.audit({ action: 'engagement.survey_condition_set', subjectType: 'engagement_survey', subjectId: parts.survey.id, summary: { questionId, before: q.condition, after: condition } })
  })
}

// ---- the staff list of surveys and polls ----

export interface SurveyActivityItem {
  activityId: string
  title: string
  kind: ActivityRow['kind']
  kindLabel: string
  status: ActivityRow['status']
  audience: ActivityRow['audience']
  questionCount: number
  inProgress: number
  submitted: number
}

/** Every survey and poll activity, with its questions and responses counted. */
export async function listSurveyActivities(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<SurveyActivityItem[]> {
  assertMay(mayReadEngagement(actor) || mayEnterResponses(actor), 'see surveys')
  const activities = (await listActivities(deps.db)).filter(a => a.kind === 'survey' || a.kind === 'poll')
  const surveys = await listSurveysOfActivities(deps.db, activities.map(a => a.id))
  const counts = await countResponses(deps.db, surveys.map(s => s.id))
  const out: SurveyActivityItem[] = []
  for (const a of activities) {
    const s = surveys.find(x => x.activity_id === a.id)
    const n = s ? (await listQuestions(deps.db, s.id)).length : 0
    out.push({
      activityId: a.id,
      title: a.title,
      kind: a.kind,
      kindLabel: a.kind === 'poll' ? 'Poll' : 'Survey',
      status: a.status,
      audience: a.audience,
      questionCount: n,
      inProgress: counts.find(c => c.survey_id === s?.id && c.status === 'in_progress')?.n ?? 0,
      submitted: counts.find(c => c.survey_id === s?.id && c.status === 'submitted')?.n ?? 0,
    })
  }
  return out
}

function mayEnterResponses(actor: Actor): boolean {
  return actor.role !== 'system' && actor.role !== 'public' && can(actor.role, 'engagement:enter_on_behalf')
}
