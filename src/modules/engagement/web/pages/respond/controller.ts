import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { newToken } from '../../../../../platform/ids.ts'
import { domainEvents } from '../../../../../platform/events/event-bus.ts'
import type { ResponseRow } from '../../../data/survey.repository.ts'
import { findInvitedRespondent } from '../../../domain/invitations.ts'
import { loadSurveyOfActivity, type SurveyParts } from '../../../domain/survey-model.ts'
import { answerLines, formValuesOf, parseAnswer, type FormValues, type QuestionDto } from '../../../domain/survey-questions.ts'
import {
  CHANNEL_LABELS,
  eligibilityOf,
  ENTERED_BY_STAFF_MESSAGE,
  findOwnResponse,
  getOwnEntry,
  getSurveyForAnswering,
  INELIGIBLE_MESSAGES,
  invitedEligibilityOf,
  listOpenSurveysFor,
  respondentHash,
  saveSurveyAnswer,
  startOwnResponse,
  stateOf,
  submitSurveyResponse,
  withAnswer,
  type Access,
  type ResponseState,
} from '../../../domain/survey-responses.ts'
import { questionField } from './question-fields.ts'

const DIR = 'engagement/web/pages/respond'
/** The anonymous respondent's token (random; only its hash, per survey, is stored). Strictly necessary. */
export const RESPONDENT_COOKIE = 'charter_respondent'
const RESPONDENT_COOKIE_DAYS = 180

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>

/** Where a journey's pages are, who is answering, and in whose words ("you" or "they"). */
interface Journey {
  base: string
  voice: 'you' | 'they'
  parts: SurveyParts
  response: ResponseRow
  /** Staff entry: the person's pseudonym and the channel, for the caption. */
  entry: { channel: string } | null
}

function respondentToken(request: FastifyRequest): string | undefined {
  const t = request.cookies?.[RESPONDENT_COOKIE]
  return t && /^[A-Za-z0-9_-]{20,100}$/.test(t) ? t : undefined
}

async function accessOf(deps: AppDeps, request: FastifyRequest, parts: SurveyParts): Promise<{ access: Access | null; message: string | null }> {
  const e = await eligibilityOf(deps, request.actor, parts.activity)
  if (!e.ok) return { access: null, message: INELIGIBLE_MESSAGES[e.reason] }
  if (!e.anonymous) return { access: { participantId: e.participantId }, message: null }
  const token = respondentToken(request)
  return { access: token ? { respondentHash: respondentHash(parts.survey.id, token) } : null, message: null }
}

/** The person's own journey through a survey, or null when they have not started (or may not answer). */
async function ownJourney(deps: AppDeps, request: Req): Promise<Journey | null> {
  const parts = await getSurveyForAnswering(deps, request.params.surveyId ?? '')
  const { access } = await accessOf(deps, request, parts)
  if (!access) return null
  const response = await findOwnResponse(deps, parts.survey.id, access)
  if (!response) return null
  return { base: `/surveys/${parts.survey.id}`, voice: 'you', parts, response, entry: null }
}

async function entryJourney(deps: AppDeps, request: Req): Promise<Journey> {
  const parts = await getSurveyForActivity(deps, request.params.activityId ?? '')
  const response = await getOwnEntry(deps, request.actor, parts.survey.id, request.params.responseId ?? '')
  return {
    base: `/engagement/surveys/${parts.activity.id}/entries/${response.id}`,
    voice: 'they',
    parts,
    response,
    entry: { channel: CHANNEL_LABELS[response.channel] },
  }
}

async function getSurveyForActivity(deps: AppDeps, activityId: string): Promise<SurveyParts> {
  const parts = await loadSurveyOfActivity(deps.db, activityId)
  if (!parts) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This activity has no survey yet' })
  return parts
}

// ---- the invited person's journey: through their invitation's link, without signing in ----

const invitedBase = (token: string) => `/invitations/${token}/survey`

/**
 * The survey an invitation's link is for, and whether its person may answer now (a message when not). The link
 * stands for the invited panel member: the response is theirs (Access { participantId }), recorded as 'online'.
 */
async function invitedSurvey(deps: AppDeps, token: string): Promise<{ parts: SurveyParts; access: Access; message: string | null; response: ResponseRow | undefined }> {
  const invited = await findInvitedRespondent(deps, token)
  const parts = await getSurveyForActivity(deps, invited.activityId)
  const e = await invitedEligibilityOf(deps, parts.activity, invited.participantId)
  const access = { participantId: invited.participantId }
  const response = await findOwnResponse(deps, parts.survey.id, access)
  const message = !e.ok ? INELIGIBLE_MESSAGES[e.reason] : response && response.entered_by_user_id !== null && response.status !== 'submitted' ? ENTERED_BY_STAFF_MESSAGE : null
  return { parts, access, message, response }
}

async function invitedJourney(deps: AppDeps, request: Req): Promise<Journey | null> {
  const token = request.params.token ?? ''
  const { parts, message, response } = await invitedSurvey(deps, token)
  if (message || !response) return null
  return { base: invitedBase(token), voice: 'you', parts, response, entry: null }
}

export type JourneyKind = 'own' | 'entry' | 'invited'
const journeyOf = (deps: AppDeps, request: Req, kind: JourneyKind): Promise<Journey | null> =>
  kind === 'own' ? ownJourney(deps, request) : kind === 'invited' ? invitedJourney(deps, request) : entryJourney(deps, request)

/** The journey's start page (where someone who has not started, or may not answer, is sent). */
function startOf(kind: JourneyKind, request: Req): string {
  if (kind === 'invited') return invitedBase(request.params.token ?? '')
  if (kind === 'entry') return `/engagement/surveys/${request.params.activityId ?? ''}/entries/new`
  return `/surveys/${request.params.surveyId ?? ''}`
}

function startPath(j: Journey): string {
  return j.voice === 'you' ? j.base : `/engagement/surveys/${j.parts.activity.id}/entries/new`
}

// ---- the list and the start page ----

export function list(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const surveys = await listOpenSurveysFor(deps, request.actor, respondentToken(request))
    return reply.render(`${DIR}/list.njk`, { pageTitle: 'Surveys and polls', surveys, signedIn: request.currentUser !== null })
  }
}

export function start(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const parts = await getSurveyForAnswering(deps, request.params.surveyId ?? '')
    const { access, message } = await accessOf(deps, request, parts)
    const response = access ? await findOwnResponse(deps, parts.survey.id, access) : undefined
    const ready = parts.questions.length > 0
    return reply.render(`${DIR}/start.njk`, {
      pageTitle: parts.activity.title,
      activity: parts.activity,
      intro: parts.survey.intro,
      questionCount: parts.questions.length,
      message: message ?? (ready ? null : 'This survey has no questions yet.'),
      signInLink: message === INELIGIBLE_MESSAGES.sign_in,
      anonymous: parts.activity.audience === 'public',
      status: response ? response.status : null,
      action: `/surveys/${parts.survey.id}/start`,
    })
  }
}

export function postStart(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const parts = await getSurveyForAnswering(deps, request.params.surveyId ?? '')
    const e = await eligibilityOf(deps, request.actor, parts.activity)
    if (!e.ok) return reply.redirect(`/surveys/${parts.survey.id}`, 303)
    let access: Access
    if (e.anonymous) {
      let token = respondentToken(request)
      if (!token) {
        token = newToken()
        reply.setCookie(RESPONDENT_COOKIE, token, {
          path: '/surveys',
          httpOnly: true,
          sameSite: 'lax',
          secure: deps.config.session.secureCookies,
          maxAge: RESPONDENT_COOKIE_DAYS * 86_400,
        })
      }
      access = { respondentHash: respondentHash(parts.survey.id, token) }
    } else access = { participantId: e.participantId }
    const response = await startOwnResponse(deps, request.actor, parts.survey.id, access)
    const base = `/surveys/${parts.survey.id}`
    if (response.status === 'submitted') return reply.redirect(base, 303)
    const state = await stateOf(deps, parts, response)
    return reply.redirect(state.nextUnanswered ? `${base}/questions/${state.nextUnanswered.id}` : `${base}/check`, 303)
  }
}

/** GET /invitations/:token/survey: the survey's start page for the invited person (no sign-in). */
export function invitedStart(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const token = request.params.token ?? ''
    const { parts, message, response } = await invitedSurvey(deps, token)
    return reply.render(`${DIR}/start.njk`, {
      pageTitle: parts.activity.title,
      activity: parts.activity,
      intro: parts.survey.intro,
      questionCount: parts.questions.length,
      message: message ?? (parts.questions.length > 0 ? null : 'This survey has no questions yet.'),
      signInLink: false,
      anonymous: false,
      viaLink: true,
      status: response ? response.status : null,
      action: `${invitedBase(token)}/start`,
    })
  }
}

/** POST /invitations/:token/survey/start: start (or carry on with) the invited person's one response. */
export function invitedPostStart(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const base = invitedBase(request.params.token ?? '')
    const { parts, access, message } = await invitedSurvey(deps, request.params.token ?? '')
    if (message) return reply.redirect(base, 303)
    const response = await startOwnResponse(deps, request.actor, parts.survey.id, access)
    if (response.status === 'submitted') return reply.redirect(base, 303)
    const state = await stateOf(deps, parts, response)
    return reply.redirect(state.nextUnanswered ? `${base}/questions/${state.nextUnanswered.id}` : `${base}/check`, 303)
  }
}

// ---- the question pages ----

function notAnswerable(j: Journey | null, request: Req, kind: JourneyKind): string | null {
  if (!j) return startOf(kind, request)
  if (j.response.status === 'submitted') return j.voice === 'you' ? j.base : `${j.base}/done`
  return null
}

function questionOf(state: ResponseState, questionId: string): QuestionDto {
  const q = state.shown.find(x => x.id === questionId)
  if (!q) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such question in this survey' })
  return q
}

function renderQuestion(reply: FastifyReply, request: Req, j: Journey, state: ResponseState, q: QuestionDto, values: FormValues, errors?: { field: string; message: string }[]) {
  const i = state.shown.indexOf(q)
  const changing = request.query?.change === '1'
  const back = changing ? `${j.base}/check` : i > 0 ? `${j.base}/questions/${state.shown[i - 1]!.id}` : startPath(j)
  const section = j.parts.sections.find(s => s.id === q.sectionId)
  return reply.render(
    `${DIR}/question.njk`,
    {
      pageTitle: q.text,
      backLink: back,
      caption: j.parts.sections.length > 1 && section ? section.title : j.parts.activity.title,
      entry: j.entry,
      field: questionField(q, values, errors, { asPageHeading: true, voice: j.voice }),
      action: `${j.base}/questions/${q.id}${changing ? '?change=1' : ''}`,
      canSaveForLater: j.voice === 'you',
      errors,
    },
    errors ? 400 : undefined,
  )
}

export function getQuestion(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    const away = notAnswerable(j, request, kind)
    if (away) return reply.redirect(away, 303)
    const state = await stateOf(deps, j!.parts, j!.response)
    const q = questionOf(state, request.params.questionId ?? '')
    return renderQuestion(reply, request, j!, state, q, formValuesOf(q, state.answers.get(q.id)))
  }
}

export function postQuestion(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    const away = notAnswerable(j, request, kind)
    if (away) return reply.redirect(away, 303)
    const state = await stateOf(deps, j!.parts, j!.response)
    const q = questionOf(state, request.params.questionId ?? '')
    const body = (request.body ?? {}) as FormValues
    const parsed = parseAnswer(q, body, j!.voice)
    const later = body.action === 'save'
    if (!parsed.ok) {
      // "Save and come back later" with an unfinished answer: the answers so far are saved; this page is not.
      if (later) return reply.redirect(`${j!.base}/saved`, 303)
      return renderQuestion(reply, request, j!, state, q, body, parsed.errors)
    }
    await saveSurveyAnswer(deps, request.actor, j!.response, q, parsed.value)
    if (later) return reply.redirect(`${j!.base}/saved`, 303)
    if (request.query?.change === '1') return reply.redirect(`${j!.base}/check`, 303)
    // What was just saved is known: no need to read the answers back (one query fewer per answer).
    const after = withAnswer(state, q.id, parsed.value)
    const i = after.shown.findIndex(x => x.id === q.id)
    const next = after.shown.slice(i + 1).find(x => !after.answers.has(x.id)) ?? after.shown[i + 1]
    return reply.redirect(next && !after.answers.has(next.id) ? `${j!.base}/questions/${next.id}` : after.nextUnanswered ? `${j!.base}/questions/${after.nextUnanswered.id}` : `${j!.base}/check`, 303)
  }
}

export function saved(deps: AppDeps, kind: Exclude<JourneyKind, 'entry'> = 'own') {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    if (!j) return reply.redirect(startOf(kind, request), 303)
    return reply.render(`${DIR}/saved.njk`, {
      pageTitle: 'Your answers have been saved',
      activity: j.parts.activity,
      startLink: j.base,
      anonymous: j.response.respondent_hash !== null,
      viaLink: kind === 'invited',
    })
  }
}

// ---- check your answers, submit, done ----

export function getCheck(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    const away = notAnswerable(j, request, kind)
    if (away) return reply.redirect(away, 303)
    const state = await stateOf(deps, j!.parts, j!.response)
    if (state.nextUnanswered) return reply.redirect(`${j!.base}/questions/${state.nextUnanswered.id}`, 303)
    const rows = state.shown.map(q => ({
      key: q.text,
      lines: answerLines(q, state.answers.get(q.id)),
      href: `${j!.base}/questions/${q.id}?change=1`,
      hiddenText: `your answer to: ${q.text}`,
    }))
    return reply.render(`${DIR}/check.njk`, {
      pageTitle: j!.voice === 'you' ? 'Check your answers before sending them' : 'Check their answers before saving them',
      backLink: `${j!.base}/questions/${state.shown.at(-1)!.id}`,
      rows,
      entry: j!.entry,
      voice: j!.voice,
      action: `${j!.base}/check`,
      anonymous: j!.response.respondent_hash !== null,
    })
  }
}

export function postCheck(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    if (!j) return reply.redirect(startOf(kind, request), 303)
    if (j.response.status === 'submitted') return reply.redirect(`${j.base}/done`, 303)
    const state = await stateOf(deps, j.parts, j.response)
    if (state.nextUnanswered) return reply.redirect(`${j.base}/questions/${state.nextUnanswered.id}`, 303)
    // The person sees the confirmation without waiting for the reactions (evidence, participation): see submitSurveyResponse.
    await submitSurveyResponse(deps, request.actor, j.response, domainEvents, { reactions: 'background' })
    return reply.redirect(`${j.base}/done`, 303)
  }
}

export function done(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    if (!j || j.response.status !== 'submitted') return reply.redirect(j ? j.base : startOf(kind, request), 303)
    return reply.render(`${DIR}/done.njk`, {
      pageTitle: j.voice === 'you' ? 'Your answers have been sent' : 'Their answers have been saved',
      voice: j.voice,
      viaLink: kind === 'invited',
      activity: j.parts.activity,
      entry: j.entry,
      anotherEntry: `/engagement/surveys/${j.parts.activity.id}/entries/new`,
    })
  }
}
