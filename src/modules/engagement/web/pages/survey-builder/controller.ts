import type { FastifyReply, FastifyRequest } from 'fastify'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { AUDIENCES, labelOf } from '../../../domain/activities.ts'
import {
  addSurveyQuestion,
  addSurveySection,
  changeSurveyQuestion,
  changeSurveySection,
  getSurveyBuilder,
  listSurveyActivities,
  LOCKED_MESSAGE,
  moveSurveyQuestion,
  moveSurveySection,
  removeSurveyQuestion,
  removeSurveySection,
  saveSurveyIntro,
  setSurveyCondition,
  type BuilderQuestion,
  type BuilderView,
} from '../../../domain/survey-builder.ts'
import { conditionCandidates, QUESTION_TYPES, type QuestionInput } from '../../../domain/survey-questions.ts'
import { questionField } from '../respond/question-fields.ts'

const DIR = 'engagement/web/pages/survey-builder'
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>
type Body = Record<string, string | string[] | undefined>

const str = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '')
const base = (activityId: string) => `/engagement/surveys/${activityId}/build`

/** Business rules the builder refuses (a locked survey, a condition on a later question): shown on the overview. */
function isRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.code === AppErrorCode.INVALID_STATE
}

// ---- the staff list ----

export function list(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const role = request.currentUser?.role ?? 'public'
    const items = await listSurveyActivities(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, {
      pageTitle: 'Surveys and polls',
      items: items.map(i => ({ ...i, audienceLabel: labelOf(AUDIENCES, i.audience), statusLabel: i.status[0]!.toUpperCase() + i.status.slice(1) })),
      can: { manage: can(role, 'engagement:manage'), read: can(role, 'engagement:read'), enter: can(role, 'engagement:enter_on_behalf') },
    })
  }
}

// ---- the overview (with the introduction form) ----

async function renderOverview(deps: AppDeps, request: Req, reply: FastifyReply, extra: { errors?: FieldError[]; problem?: string; intro?: string } = {}) {
  const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
  return reply.render(
    `${DIR}/overview.njk`,
    {
      pageTitle: `Build: ${view.activity.title}`,
      backLink: '/engagement/surveys',
      view,
      base: base(view.activity.id),
      audienceLabel: labelOf(AUDIENCES, view.activity.audience),
      lockedMessage: LOCKED_MESSAGE,
      values: { intro: extra.intro ?? view.intro },
      errors: extra.errors,
      problem: extra.problem,
    },
    extra.errors ? 400 : extra.problem ? 409 : undefined,
  )
}

export function overview(deps: AppDeps) {
  return (request: Req, reply: FastifyReply) => renderOverview(deps, request, reply)
}

export function postIntro(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const intro = str((request.body as Body | undefined)?.intro)
    try {
      await saveSurveyIntro(deps, request.actor, request.params.activityId ?? '', intro)
    } catch (err) {
      return renderOverview(deps, request, reply, { errors: fieldErrorsOf(err), intro })
    }
    request.session.flash = 'The introduction has been saved'
    return reply.redirect(base(request.params.activityId ?? ''), 303)
  }
}

/** A POST button on the overview (move, remove): refusals are shown there. */
function overviewAction(deps: AppDeps, act: (request: Req, body: Body) => Promise<void>, flash: string) {
  return async (request: Req, reply: FastifyReply) => {
    try {
      await act(request, (request.body ?? {}) as Body)
    } catch (err) {
      if (isRefusal(err)) return renderOverview(deps, request, reply, { problem: err.message })
      throw err
    }
    request.session.flash = flash
    return reply.redirect(`${base(request.params.activityId ?? '')}${request.params.questionId ? `#question-${request.params.questionId}` : ''}`, 303)
  }
}

const direction = (body: Body) => (str(body.direction) === 'up' ? 'up' : 'down')

export const moveSection = (deps: AppDeps) =>
  overviewAction(deps, (r, b) => moveSurveySection(deps, r.actor, r.params.activityId ?? '', r.params.sectionId ?? '', direction(b)), 'The section has been moved')
export const removeSection = (deps: AppDeps) =>
  overviewAction(deps, r => removeSurveySection(deps, r.actor, r.params.activityId ?? '', r.params.sectionId ?? ''), 'The section has been removed')
export const moveQuestion = (deps: AppDeps) =>
  overviewAction(deps, (r, b) => moveSurveyQuestion(deps, r.actor, r.params.activityId ?? '', r.params.questionId ?? '', direction(b)), 'The question has been moved')
export const removeQuestion = (deps: AppDeps) =>
  overviewAction(deps, r => removeSurveyQuestion(deps, r.actor, r.params.activityId ?? '', r.params.questionId ?? ''), 'The question has been removed')

// ---- sections ----

async function renderSection(deps: AppDeps, request: Req, reply: FastifyReply, values: Body, errors?: FieldError[]) {
  const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
  const sectionId = request.params.sectionId
  if (sectionId && !view.sections.some(s => s.id === sectionId)) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such section' })
  return reply.render(
    `${DIR}/section.njk`,
    {
      pageTitle: sectionId ? 'Change the section' : 'Add a section',
      backLink: base(view.activity.id),
      activityTitle: view.activity.title,
      action: sectionId ? `${base(view.activity.id)}/sections/${sectionId}` : `${base(view.activity.id)}/sections/new`,
      values,
      errors,
    },
    errors ? 400 : undefined,
  )
}

export function getSection(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
    const s = view.sections.find(x => x.id === request.params.sectionId)
    return renderSection(deps, request, reply, s ? { title: s.title, description: s.description ?? '' } : {})
  }
}

export function postSection(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Body
    const input = { title: str(body.title), description: str(body.description) }
    const activityId = request.params.activityId ?? ''
    try {
      if (request.params.sectionId) await changeSurveySection(deps, request.actor, activityId, request.params.sectionId, input)
      else await addSurveySection(deps, request.actor, activityId, input)
    } catch (err) {
      if (isRefusal(err)) return renderOverview(deps, request, reply, { problem: err.message })
      return renderSection(deps, request, reply, body, fieldErrorsOf(err))
    }
    request.session.flash = request.params.sectionId ? 'The section has been changed' : 'The section has been added'
    return reply.redirect(base(activityId), 303)
  }
}

// ---- questions ----

function questionValues(q: BuilderQuestion): Body {
  return {
    sectionId: q.sectionId,
    type: q.type,
    text: q.text,
    hint: q.hint ?? '',
    easyRead: q.easyRead ?? '',
    required: q.required ? 'yes' : 'no',
    options: q.options.map(o => o.label).join('\n'),
    rows: q.rows.map(r => r.label).join('\n'),
    scaleMin: q.scale ? String(q.scale.min) : '1',
    scaleMax: q.scale ? String(q.scale.max) : '5',
    scaleMinLabel: q.scale?.minLabel ?? '',
    scaleMaxLabel: q.scale?.maxLabel ?? '',
  }
}

function inputOf(body: Body): QuestionInput {
  return {
    sectionId: str(body.sectionId),
    type: str(body.type),
    text: str(body.text),
    hint: str(body.hint),
    easyRead: str(body.easyRead),
    required: str(body.required) !== 'no',
    options: str(body.options),
    rows: str(body.rows),
    scaleMin: str(body.scaleMin),
    scaleMax: str(body.scaleMax),
    scaleMinLabel: str(body.scaleMinLabel),
    scaleMaxLabel: str(body.scaleMaxLabel),
  }
}

async function renderQuestionForm(deps: AppDeps, request: Req, reply: FastifyReply, view: BuilderView, values: Body, errors?: FieldError[]) {
  const questionId = request.params.questionId
  const q = questionId ? view.questions.find(x => x.id === questionId) : undefined
  if (questionId && !q) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such question' })
  const b = base(view.activity.id)
  return reply.render(
    `${DIR}/question.njk`,
    {
      pageTitle: q ? `Change question ${q.number}` : 'Add a question',
      backLink: b,
      activityTitle: view.activity.title,
      locked: !!q && view.locked,
      lockedMessage: LOCKED_MESSAGE,
      question: q,
      action: q ? `${b}/questions/${q.id}` : `${b}/questions/new`,
      sections: view.sections.map(s => ({ value: s.id, text: s.title })),
      types: QUESTION_TYPES.map(t => ({ value: t.code, text: t.label, hint: { text: t.hint } })),
      values,
      errors,
    },
    errors ? 400 : undefined,
  )
}

export function getQuestion(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
    if (view.sections.length === 0) {
      request.session.flash = 'Add a section first: every question is in a section'
      return reply.redirect(`${base(view.activity.id)}/sections/new`, 303)
    }
    if (view.locked && !request.params.questionId) return renderOverview(deps, request, reply, { problem: LOCKED_MESSAGE })
    const q = view.questions.find(x => x.id === request.params.questionId)
    const section = str(request.query?.section)
    const values = q ? questionValues(q) : { sectionId: view.sections.some(s => s.id === section) ? section : view.sections.at(-1)!.id, required: 'yes', scaleMin: '1', scaleMax: '5' }
    return renderQuestionForm(deps, request, reply, view, values)
  }
}

export function postQuestion(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const activityId = request.params.activityId ?? ''
    const view = await getSurveyBuilder(deps, request.actor, activityId)
    const body = (request.body ?? {}) as Body
    const questionId = request.params.questionId
    const existing = questionId ? view.questions.find(x => x.id === questionId) : undefined
    // A locked question's form has only the hint and the Easy Read help: the rest stays as it is.
    const input = existing && view.locked ? { ...inputOf(questionValues(existing)), hint: str(body.hint), easyRead: str(body.easyRead) } : inputOf(body)
    let id = questionId
    try {
      if (questionId) await changeSurveyQuestion(deps, request.actor, activityId, questionId, input)
      else id = (await addSurveyQuestion(deps, request.actor, activityId, input)).id
    } catch (err) {
      if (isRefusal(err)) return renderOverview(deps, request, reply, { problem: err.message })
      return renderQuestionForm(deps, request, reply, view, body, fieldErrorsOf(err))
    }
    request.session.flash = questionId ? 'The question has been changed' : 'The question has been added'
    return reply.redirect(`${base(activityId)}#question-${id}`, 303)
  }
}

// ---- conditions ----

async function renderCondition(deps: AppDeps, request: Req, reply: FastifyReply, values: Body, errors?: FieldError[]) {
  const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
  const q = view.questions.find(x => x.id === request.params.questionId)
  if (!q) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such question' })
  const candidates = conditionCandidates(view.questions, q.id).map(c => {
    const number = view.questions.findIndex(x => x.id === c.id) + 1
    return { id: c.id, label: `Question ${number}: ${c.text}`, options: c.options.map(o => ({ value: o.code, text: o.label })), checked: (values[`options-${c.id}`] ?? []) as string[] | string }
  })
  return reply.render(
    `${DIR}/condition.njk`,
    {
      pageTitle: `When to ask question ${q.number}`,
      backLink: base(view.activity.id),
      question: q,
      candidates,
      locked: view.locked,
      lockedMessage: LOCKED_MESSAGE,
      action: `${base(view.activity.id)}/questions/${q.id}/condition`,
      values,
      errors,
    },
    errors ? 400 : undefined,
  )
}

export function getCondition(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
    const q = view.questions.find(x => x.id === request.params.questionId)
    const values: Body = q?.condition ? { dependsOn: q.condition.questionId, [`options-${q.condition.questionId}`]: q.condition.options } : { dependsOn: 'always' }
    return renderCondition(deps, request, reply, values)
  }
}

export function postCondition(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Body
    const activityId = request.params.activityId ?? ''
    const dependsOn = str(body.dependsOn)
    if (!dependsOn) return renderCondition(deps, request, reply, body, [{ field: 'dependsOn', message: 'Select when to ask this question' }])
    const raw = body[`options-${dependsOn}`]
    const options = Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : []
    try {
      await setSurveyCondition(deps, request.actor, activityId, request.params.questionId ?? '', dependsOn === 'always' ? null : { questionId: dependsOn, options })
    } catch (err) {
      if (isRefusal(err)) return renderOverview(deps, request, reply, { problem: err.message })
      return renderCondition(deps, request, reply, body, fieldErrorsOf(err))
    }
    request.session.flash = 'When to ask the question has been saved'
    return reply.redirect(`${base(activityId)}#question-${request.params.questionId ?? ''}`, 303)
  }
}

// ---- preview ----

export function preview(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const view = await getSurveyBuilder(deps, request.actor, request.params.activityId ?? '')
    return reply.render(`${DIR}/preview.njk`, {
      pageTitle: `Preview: ${view.activity.title}`,
      backLink: base(view.activity.id),
      view,
      sections: view.sections.map(s => ({
        ...s,
        questions: s.questions.map(q => ({ ...q, field: questionField(q, {}, undefined, { asPageHeading: false, prefix: `q${q.number}-` }) })),
      })),
    })
  }
}
