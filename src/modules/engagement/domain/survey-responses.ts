// Answering a survey or poll: who may answer it, one response per person (or per anonymous respondent of a public
// survey or poll), answers saved page by page so a person can leave and carry on later, "check your answers" and
// submit. Staff (and seldom-heard partners) can enter a response on a panel member's behalf from a phone call, a
// paper form or a partner session: it is recorded as entered by them, on that person's behalf.
//
// Audit: starting, submitting and entering on someone's behalf are audited in the same transaction. Each page save
// of a named response (a panel member's, or one entered on their behalf) is audited as one event that names the
// question but never the answer; the page saves of an anonymous public response are not audited (nobody is named,
// and a busy public poll would flood the trail), only its start and submission.
import { createHash } from 'node:crypto'
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { domainEvents, withDomainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { findActiveParticipantByPseudonym, findOwnParticipantId, isContactable } from '../../panel/index.ts'
import { isCurrentCoreGroupMember } from '../../selection/index.ts'
import { listActivities, type ActivityRow } from '../data/activity.repository.ts'
import {
  deleteAnswers,
  findResponse,
  findResponseOfParticipant,
  findResponseOfRespondent,
  insertResponse,
  listAnswers,
  listResponsesOfParticipant,
  listSurveysOfActivities,
  markResponseSubmitted,
  saveAnswer,
  updateResponse,
  type ResponseRow,
} from '../data/survey.repository.ts'
import type { ResponseChannel } from '../data/survey.table.ts'
import { loadSurvey, loadSurveyParts, type SurveyParts } from './survey-model.ts'
import { decodeAnswer, encodeAnswer, shownQuestions, type AnswerValue, type QuestionDto } from './survey-questions.ts'

export type { ResponseChannel }

export const RESPONSE_SUBMITTED_EVENT = 'engagement.response_submitted'

/** Published after a response is submitted (after commit): the evidence store takes in the free-text answers. */
export interface ResponseSubmittedEvent {
  surveyId: string
  activityId: string
  responseId: string
  /** The panel member (null: an anonymous respondent of a public survey or poll). */
  participantId: string | null
  channel: ResponseChannel
  /** Who entered it on the person's behalf (null: they answered themselves). */
  enteredByUserId: string | null
  enteredByRole: string | null
  submittedAt: string
  freeText: { questionId: string; question: string; text: string }[]
}

declare module '../../../platform/events/event-bus.ts' {
  interface DomainEventMap {
    'engagement.response_submitted': ResponseSubmittedEvent
  }
}

export const ENTRY_CHANNELS: readonly { code: Exclude<ResponseChannel, 'online'>; label: string; hint: string }[] = [
  { code: 'phone', label: 'Phone call', hint: 'You asked the questions by phone and entered the answers' },
  { code: 'paper', label: 'Paper form', hint: 'You are copying the answers from a paper form they sent back' },
  { code: 'partner', label: 'Partner session', hint: 'They answered in a session run by a partner organisation' },
]

export const CHANNEL_LABELS: Record<ResponseChannel, string> = { online: 'Online', phone: 'Phone call', paper: 'Paper form', partner: 'Partner session' }

// ---- who may answer ----

/** Who a response belongs to: a panel member (by participant id), or an anonymous respondent (by token hash). */
export type Access = { participantId: string } | { respondentHash: string }

export type Eligibility =
  | { ok: true; anonymous: true }
  | { ok: true; anonymous: false; participantId: string }
  | { ok: false; reason: 'not_open' | 'sign_in' | 'not_on_panel' | 'not_invited' | 'staff_only' }

export const INELIGIBLE_MESSAGES: Record<Exclude<Eligibility, { ok: true }>['reason'], string> = {
  not_open: 'This survey is not open. You cannot answer it now.',
  sign_in: 'This survey is for members of our panel. Sign in to answer it.',
  not_on_panel: 'This survey is for active members of our panel who have agreed to be contacted about research.',
  not_invited: 'This survey is only for the people it was sent to.',
  staff_only: 'This survey is for a chosen group of panel members. If you were invited, use the link in your invitation, or phone us to answer by phone or on paper.',
}

/** Shown on an invitation's survey link when staff are entering the person's answers for them (a phone call, paper). */
export const ENTERED_BY_STAFF_MESSAGE = 'Our staff are entering your answers from a phone call or a paper form. Phone us if you want to change them.'

/** The hash stored for an anonymous respondent: of the survey and their browser's token, so polls cannot be linked. */
export function respondentHash(surveyId: string, token: string): string {
  return createHash('sha256').update(`${surveyId}:${token}`).digest('hex')
}

/** Whether this person may answer this survey online now. */
export async function eligibilityOf(deps: Pick<AppDeps, 'db'>, actor: Actor, activity: ActivityRow): Promise<Eligibility> {
  if (activity.status !== 'open') return { ok: false, reason: 'not_open' }
  if (activity.audience === 'public') return { ok: true, anonymous: true }
  if (activity.audience === 'sub_group' || activity.audience === 'selection') return { ok: false, reason: 'staff_only' }
  if (actor.userId === null) return { ok: false, reason: 'sign_in' }
  let participantId: string
  try {
    participantId = await findOwnParticipantId(deps, actor)
  } catch (err) {
    if (err instanceof AppError && err.code === AppErrorCode.NOT_FOUND) return { ok: false, reason: 'not_on_panel' }
    throw err
  }
  if (!(await isContactable(deps, participantId))) return { ok: false, reason: 'not_on_panel' }
  if (activity.audience === 'core_group' && !(await isCurrentCoreGroupMember(deps, participantId))) return { ok: false, reason: 'not_invited' }
  return { ok: true, anonymous: false, participantId }
}

/**
 * Whether an invited panel member may answer through their invitation's link (no sign-in; the link stands for
 * them): the survey is open, and they are still an active panel member who may be contacted about research. The
 * audience does not matter (the whole panel, the Core Group, a sub-group, a selection): the invitation says they
 * were chosen. Their response is theirs by participant, the same one they would reach by signing in.
 */
export async function invitedEligibilityOf(deps: Pick<AppDeps, 'db'>, activity: ActivityRow, participantId: string): Promise<Eligibility> {
  if (activity.status !== 'open') return { ok: false, reason: 'not_open' }
  if (!(await isContactable(deps, participantId))) return { ok: false, reason: 'not_on_panel' }
  return { ok: true, anonymous: false, participantId }
}

// ---- the list of surveys open to someone ----

export interface OpenSurveyItem {
  surveyId: string
  title: string
  purpose: string
  kind: ActivityRow['kind']
  closesOn: string | null
  anonymous: boolean
  status: 'not_started' | 'in_progress' | 'submitted'
}

/** The open surveys and polls this person may answer online, with how far they are. */
export async function listOpenSurveysFor(deps: Pick<AppDeps, 'db'>, actor: Actor, respondentToken: string | undefined): Promise<OpenSurveyItem[]> {
  const activities = (await listActivities(deps.db, { status: 'open' })).filter(a => a.kind === 'survey' || a.kind === 'poll')
  const surveys = await listSurveysOfActivities(deps.db, activities.map(a => a.id))
  const out: OpenSurveyItem[] = []
  let participantId: string | null | undefined
  for (const a of activities) {
    const survey = surveys.find(s => s.activity_id === a.id)
    if (!survey) continue
    const parts = await loadSurveyParts(deps.db, survey)
    if (parts.questions.length === 0) continue
    const e = await eligibilityOf(deps, actor, a)
    if (!e.ok) continue
    let response: ResponseRow | undefined
    if (e.anonymous) response = respondentToken ? await findResponseOfRespondent(deps.db, survey.id, respondentHash(survey.id, respondentToken)) : undefined
    else {
      participantId = e.participantId
      response = (await listResponsesOfParticipant(deps.db, participantId, [survey.id]))[0]
    }
    out.push({
      surveyId: survey.id,
      title: a.title,
      purpose: a.purpose,
      kind: a.kind,
      closesOn: a.closes_on,
      anonymous: e.anonymous,
      status: !response ? 'not_started' : response.status === 'submitted' ? 'submitted' : 'in_progress',
    })
  }
  return out
}

// ---- one response ----

export interface ResponseState {
  parts: SurveyParts
  response: ResponseRow | null
  /** Saved answers (null: seen and skipped). */
  answers: Map<string, AnswerValue>
  /** The questions this person is asked, given their answers so far. */
  shown: QuestionDto[]
  /** The first shown question not yet answered or skipped (undefined: all done). */
  nextUnanswered: QuestionDto | undefined
}

export async function stateOf(deps: Pick<AppDeps, 'db'>, parts: SurveyParts, response: ResponseRow | null | undefined): Promise<ResponseState> {
  const answers = new Map<string, AnswerValue>()
  if (response) for (const a of await listAnswers(deps.db, response.id)) answers.set(a.question_id, decodeAnswer(a.value_json))
  const shown = shownQuestions(parts.questions, answers)
  return { parts, response: response ?? null, answers, shown, nextUnanswered: shown.find(q => !answers.has(q.id)) }
}

/** The state after one more answer was saved, worked out without reading the answers again. */
export function withAnswer(state: ResponseState, questionId: string, value: AnswerValue): ResponseState {
  const answers = new Map(state.answers).set(questionId, value)
  const shown = shownQuestions(state.parts.questions, answers)
  return { ...state, answers, shown, nextUnanswered: shown.find(q => !answers.has(q.id)) }
}

/** A survey (with its activity), for the question pages. */
export async function getSurveyForAnswering(deps: Pick<AppDeps, 'db'>, surveyId: string): Promise<SurveyParts> {
  const parts = await loadSurvey(deps.db, surveyId)
  if (parts.activity.kind !== 'survey' && parts.activity.kind !== 'poll') throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such survey' })
  return parts
}

export async function findOwnResponse(deps: Pick<AppDeps, 'db'>, surveyId: string, access: Access): Promise<ResponseRow | undefined> {
  return 'participantId' in access ? findResponseOfParticipant(deps.db, surveyId, access.participantId) : findResponseOfRespondent(deps.db, surveyId, access.respondentHash)
}

/** Start answering (or carry on): one response per person, made on their first start. */
export async function startOwnResponse(deps: AppDeps, actor: Actor, surveyId: string, access: Access): Promise<ResponseRow> {
  const existing = await findOwnResponse(deps, surveyId, access)
  if (existing) return existing
  const parts = await getSurveyForAnswering(deps, surveyId)
  if (parts.activity.status !== 'open') throw new AppError(AppErrorCode.INVALID_STATE, { message: INELIGIBLE_MESSAGES.not_open })
  if (parts.questions.length === 0) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This survey has no questions yet' })
  const anonymous = 'respondentHash' in access
  const participantId = anonymous ? null : access.participantId
  try {
    return await inTransaction(deps, actor, async uow => {
      const now = uow.now.toISOString()
      const row: ResponseRow = {
        id: newId(uow.now.getTime()),
        survey_id: surveyId,
        participant_id: participantId,
        respondent_hash: anonymous ? access.respondentHash : null,
        channel: 'online',
        entered_by_user_id: null,
        entered_by_role: null,
        status: 'in_progress',
        last_question_id: null,
        started_at: now,
        updated_at: now,
        submitted_at: null,
      }
      await insertResponse(uow.trx, row)
      await uow.audit({ action: 'engagement.survey_response_started', subjectType: 'engagement_survey_response', subjectId: row.id, summary: { surveyId, anonymous, participantId, channel: 'online' } })
      return row
      // Starting is a draft too: if it were lost, pressing Start again makes it again.
    }, { durability: 'draft' })
  } catch (err) {
    // Two tabs starting at once: the unique index keeps one response; use it.
    const again = await findOwnResponse(deps, surveyId, access)
    if (again) return again
    throw err
  }
}

/** Save one question page's answer (null: seen and skipped). The response must be in progress. */
export async function saveSurveyAnswer(deps: AppDeps, actor: Actor, response: ResponseRow, question: QuestionDto, value: AnswerValue): Promise<void> {
  if (response.status !== 'in_progress') throw new AppError(AppErrorCode.INVALID_STATE, { message: 'These answers have been sent already' })
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await saveAnswer(uow.trx, { response_id: response.id, question_id: question.id, value_json: encodeAnswer(value), answered_at: now })
    await updateResponse(uow.trx, response.id, { last_question_id: question.id, updated_at: now })
    if (response.respondent_hash === null) {
      await uow.audit({
        action: 'engagement.survey_answer_saved',
        subjectType: 'engagement_survey_response',
        subjectId: response.id,
        summary: { questionId: question.id, skipped: value === null, ...(response.entered_by_user_id ? { onBehalfOf: response.participant_id } : {}) },
      })
    }
    // A page's answer is a draft until the answers are sent (which commits durably): it need not wait for the disk.
  }, { durability: 'draft' })
}

/**
 * Submit a response: every required question shown must be answered. Answers to questions a changed answer now
 * hides are removed. Publishes 'engagement.response_submitted' after commit. Returns false if it was already
 * submitted (a second click).
 */
/**
 * Send a response. Its reactions (the free text into the evidence store, the person's participation date) run after
 * the commit; with `reactions: 'background'` (the answering pages) the person does not wait for them: each has a
 * catch-up (the evidence store's `evidence.import_survey_answers` job; participation is recorded again by the next
 * attendance or response).
 */
export async function submitSurveyResponse(deps: AppDeps, actor: Actor, response: ResponseRow, bus: EventBus = domainEvents, options: { reactions?: 'wait' | 'background' } = {}): Promise<boolean> {
  const parts = await loadSurvey(deps.db, response.survey_id)
  const state = await stateOf(deps, parts, response)
  const missing = state.shown.find(q => !state.answers.has(q.id) || (q.required && state.answers.get(q.id) === null))
  if (missing) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Answer every question before you send your answers' })
  const hidden = [...state.answers.keys()].filter(id => !state.shown.some(q => q.id === id))
  return withDomainEvents(bus, raise =>
    inTransaction(deps, actor, async uow => {
      const now = uow.now.toISOString()
      if (!(await markResponseSubmitted(uow.trx, response.id, now))) return false
      await deleteAnswers(uow.trx, response.id, hidden)
      await uow.audit({
        action: 'engagement.survey_response_submitted',
        subjectType: 'engagement_survey_response',
        subjectId: response.id,
        summary: {
          surveyId: response.survey_id,
          anonymous: response.respondent_hash !== null,
          participantId: response.participant_id,
          channel: response.channel,
          answered: state.shown.length,
          ...(response.entered_by_user_id ? { enteredByUserId: response.entered_by_user_id, onBehalfOf: response.participant_id } : {}),
        },
      })
      raise(RESPONSE_SUBMITTED_EVENT, {
        surveyId: response.survey_id,
        activityId: parts.activity.id,
        responseId: response.id,
        participantId: response.participant_id,
        channel: response.channel,
        enteredByUserId: response.entered_by_user_id,
        enteredByRole: response.entered_by_role,
        submittedAt: now,
        freeText: state.shown
          .filter(q => q.type === 'free_text' && typeof state.answers.get(q.id) === 'string')
          .map(q => ({ questionId: q.id, question: q.text, text: state.answers.get(q.id) as string })),
      })
      return true
    }),
    { deliver: options.reactions ?? 'wait', onError: err => deps.logger.error({ err, responseId: response.id }, 'a reaction to a sent survey response failed') },
  )
}

// ---- staff entry on someone's behalf ----

export function mayEnterOnBehalf(actor: Actor): boolean {
  return actor.role !== 'system' && actor.role !== 'public' && can(actor.role, 'engagement:enter_on_behalf')
}

function assertMayEnter(actor: Actor): void {
  if (!mayEnterOnBehalf(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot enter answers on someone’s behalf' })
}

export interface EntryInput {
  pseudonym: string
  channel: string
}

/**
 * Start entering a panel member's answers on their behalf (or carry on with an entry this account started). The
 * survey may be open or closed (paper forms arrive late), never cancelled or only planned.
 */
export async function startEntryOnBehalf(deps: AppDeps, actor: Actor, surveyId: string, input: EntryInput): Promise<ResponseRow> {
  assertMayEnter(actor)
  const parts = await getSurveyForAnswering(deps, surveyId)
  const errors = []
  const pseudonym = input.pseudonym.trim()
  const person = pseudonym ? await findActiveParticipantByPseudonym(deps, actor, pseudonym) : null
  if (!pseudonym) errors.push({ field: 'pseudonym', message: 'Enter the panel member’s pseudonym, like P-7K3M9Q' })
  else if (!person) errors.push({ field: 'pseudonym', message: 'There is no active panel member with this pseudonym' })
  const channel = ENTRY_CHANNELS.find(c => c.code === input.channel)?.code
  if (!channel) errors.push({ field: 'channel', message: 'Select how they gave their answers' })
  if (errors.length) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: errors })
  if (parts.activity.status !== 'open' && parts.activity.status !== 'closed') throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This survey has not opened, or was cancelled' })
  if (parts.questions.length === 0) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This survey has no questions yet' })
  const existing = await findResponseOfParticipant(deps.db, surveyId, person!.participantId)
  if (existing) {
    if (existing.status === 'submitted') throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'pseudonym', message: `${person!.pseudonym} has already answered this survey` })
    if (existing.entered_by_user_id !== actor.userId) {
      throw new AppError(AppErrorCode.VALIDATION_FAILED, { field: 'pseudonym', message: `${person!.pseudonym} has started answering already (online or with someone else)` })
    }
    return existing
  }
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const row: ResponseRow = {
      id: newId(uow.now.getTime()),
      survey_id: surveyId,
      participant_id: person!.participantId,
      respondent_hash: null,
      channel: channel!,
      entered_by_user_id: actor.userId,
      entered_by_role: actor.role,
      status: 'in_progress',
      last_question_id: null,
      started_at: now,
      updated_at: now,
      submitted_at: null,
    }
    await insertResponse(uow.trx, row)
    await uow.audit({
      action: 'engagement.survey_response_entered_on_behalf',
      subjectType: 'engagement_survey_response',
      subjectId: row.id,
      summary: { surveyId, onBehalfOf: person!.participantId, pseudonym: person!.pseudonym, channel },
    })
    return row
  })
}

/** An entry this account is making on someone's behalf (nobody else's). */
export async function getOwnEntry(deps: Pick<AppDeps, 'db'>, actor: Actor, surveyId: string, responseId: string): Promise<ResponseRow> {
  assertMayEnter(actor)
  const r = await findResponse(deps.db, responseId)
  if (!r || r.survey_id !== surveyId || r.entered_by_user_id === null || r.entered_by_user_id !== actor.userId) {
    throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such entry' })
  }
  return r
}
