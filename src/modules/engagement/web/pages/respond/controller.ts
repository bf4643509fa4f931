import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { newToken } from '../../../../../platform/ids.ts'
import type { ResponseRow } from '../../../data/survey.repository.ts'
import { loadSurveyOfActivity, type SurveyParts } from '../../../domain/survey-model.ts'
import { answerLines, formValuesOf, parseAnswer, type FormValues, type QuestionDto } from '../../../domain/survey-questions.ts'
import {
  CHANNEL_LABELS,
  eligibilityOf,
  findOwnResponse,
  getOwnEntry,
  getSurveyForAnswering,
  INELIGIBLE_MESSAGES,
  listOpenSurveysFor,
  respondentHash,
  saveSurveyAnswer,
  startOwnResponse,
  stateOf,
  submitSurveyResponse,
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

export type JourneyKind = 'own' | 'entry'
const journeyOf = (deps: AppDeps, request: Req, kind: JourneyKind) => (kind === 'own' ? ownJourney(deps, request) : entryJourney(deps, request))

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

// ---- the question pages ----

function notAnswerable(j: Journey | null, request: Req): string | null {
  if (!j) return `/surveys/${request.params.surveyId ?? ''}`
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
    const away = notAnswerable(j, request)
    if (away) return reply.redirect(away, 303)
    const state = await stateOf(deps, j!.parts, j!.response)
    const q = questionOf(state, request.params.questionId ?? '')
    return renderQuestion(reply, request, j!, state, q, formValuesOf(q, state.answers.get(q.id)))
  }
}

export function postQuestion(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    const away = notAnswerable(j, request)
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
    const after = await stateOf(deps, j!.parts, j!.response)
    const i = after.shown.findIndex(x => x.id === q.id)
    const next = after.shown.slice(i + 1).find(x => !after.answers.has(x.id)) ?? after.shown[i + 1]
    return reply.redirect(next && !after.answers.has(next.id) ? `${j!.base}/questions/${next.id}` : after.nextUnanswered ? `${j!.base}/questions/${after.nextUnanswered.id}` : `${j!.base}/check`, 303)
  }
}

export function saved(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await ownJourney(deps, request)
    if (!j) return reply.redirect(`/surveys/${request.params.surveyId ?? ''}`, 303)
    return reply.render(`${DIR}/saved.njk`, {
      pageTitle: 'Your answers have been saved',
      activity: j.parts.activity,
      startLink: j.base,
      anonymous: j.response.respondent_hash !== null,
    })
  }
}

// ---- check your answers, submit, done ----

export function getCheck(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    const away = notAnswerable(j, request)
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
    if (!j) return reply.redirect(`/surveys/${request.params.surveyId ?? ''}`, 303)
    if (j.response.status === 'submitted') return reply.redirect(`${j.base}/done`, 303)
    const state = await stateOf(deps, j.parts, j.response)
    if (state.nextUnanswered) return reply.redirect(`${j.base}/questions/${state.nextUnanswered.id}`, 303)
    await submitSurveyResponse(deps, request.actor, j.response)
    return reply.redirect(`${j.base}/done`, 303)
  }
}

export function done(deps: AppDeps, kind: JourneyKind) {
  return async (request: Req, reply: FastifyReply) => {
    const j = await journeyOf(deps, request, kind)
    if (!j || j.response.status !== 'submitted') return reply.redirect(j ? j.base : `/surveys/${request.params.surveyId ?? ''}`, 303)
    return reply.render(`${DIR}/done.njk`, {
      pageTitle: j.voice === 'you' ? 'Your answers have been sent' : 'Their answers have been saved',
      voice: j.voice,
      activity: j.parts.activity,
      entry: j.entry,
      anotherEntry: `/engagement/surveys/${j.parts.activity.id}/entries/new`,
    })
  }
}
