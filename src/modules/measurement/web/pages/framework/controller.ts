// The measurement framework's pages: the framework by section -> commitment -> outcome -> measure with its status,
// the outcome and measure forms, starting a version and submitting it to the Core Group. Thin: the domain checks.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { text, type Body } from '../../../../../platform/http/form-fields.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { addOutcome, changeOutcome, getFrameworkOverview, getOutcome, listCommitments, startFramework, submitFramework, type OutcomeInput } from '../../../domain/framework/framework.ts'
import { addMeasure, changeMeasure, EMPTY_MEASURE, getMeasure, measureToInput, type MeasureInput } from '../../../domain/framework/measures.ts'
import {
  COMPARISON_LABELS,
  COMPARISONS,
  COMPLAINTS_KIND_LABELS,
  COMPLAINTS_KINDS,
  DIRECTION_LABELS,
  DIRECTIONS,
  FREQUENCIES,
  FREQUENCY_LABELS,
  KIND_HINTS,
  KIND_LABELS,
  MEASURE_KINDS,
  mayManage,
} from '../../../domain/model.ts'

const DIR = 'measurement/web/pages/framework'
type WithId = FastifyRequest<{ Params: { id: string } }>

async function renderOverview(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, errors?: FieldError[], status?: number) {
  const overview = await getFrameworkOverview(deps, request.actor)
  return reply.render(`${DIR}/overview.njk`, { pageTitle: 'Measurement framework', overview, mayManage: mayManage(request.actor), errors }, status)
}

/** GET /measurement */
export function overview(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => renderOverview(deps, request, reply)
}

/** POST /measurement/framework/start: version 1, or a new version as a copy of the agreed one (audited). */
export function postStart(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const { version } = await startFramework(deps, request.actor)
    request.session.flash = `Version ${version} of the framework started as a draft`
    return reply.redirect('/measurement', 303)
  }
}

/** POST /measurement/framework/submit: raise a Core Group decision about the draft (audited). */
export function postSubmit(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      await submitFramework(deps, request.actor)
    } catch (err) {
      return renderOverview(deps, request, reply, fieldErrorsOf(err), 400)
    }
    request.session.flash = 'The framework is with the Core Group: they will decide whether to agree it'
    return reply.redirect('/measurement', 303)
  }
}

// ---- outcomes ----

function readOutcome(body: Body): OutcomeInput {
  return { commitmentKey: text(body, 'commitmentKey'), title: text(body, 'title'), description: text(body, 'description') }
}

async function renderOutcome(deps: AppDeps, reply: FastifyReply, values: OutcomeInput, outcomeId: string | null, errors?: FieldError[], status?: number) {
  const commitments = await listCommitments(deps)
  return reply.render(
    `${DIR}/outcome-form.njk`,
    {
      pageTitle: outcomeId ? 'Change an outcome' : 'Add an outcome',
      backLink: '/measurement',
      action: outcomeId ? `/measurement/outcomes/${outcomeId}` : '/measurement/outcomes/new',
      values,
      commitmentItems: [
        { value: '', text: 'Choose a commitment' },
        ...commitments.map(c => ({ value: c.key, text: `${c.sectionTitle}: ${c.text}`, selected: c.key === values.commitmentKey })),
      ],
      errors,
    },
    status,
  )
}

/** GET /measurement/outcomes/new(?commitment=key) */
export function getNewOutcome(deps: AppDeps) {
  return async (request: FastifyRequest<{ Querystring: { commitment?: string } }>, reply: FastifyReply) =>
    renderOutcome(deps, reply, { commitmentKey: String(request.query.commitment ?? ''), title: '', description: '' }, null)
}

/** POST /measurement/outcomes/new (audited) */
export function postNewOutcome(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const values = readOutcome(request.body as Body)
    try {
      await addOutcome(deps, request.actor, values)
    } catch (err) {
      return renderOutcome(deps, reply, values, null, fieldErrorsOf(err), 400)
    }
    request.session.flash = 'Outcome added'
    return reply.redirect('/measurement', 303)
  }
}

/** GET /measurement/outcomes/:id */
export function getOutcomePage(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const o = await getOutcome(deps, request.actor, request.params.id)
    return renderOutcome(deps, reply, { commitmentKey: o.commitmentKey, title: o.title, description: o.description }, o.id)
  }
}

/** POST /measurement/outcomes/:id (audited) */
export function postOutcome(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const o = await getOutcome(deps, request.actor, request.params.id)
    const values = readOutcome(request.body as Body)
    try {
      await changeOutcome(deps, request.actor, o.id, values)
    } catch (err) {
      return renderOutcome(deps, reply, values, o.id, fieldErrorsOf(err), 400)
    }
    request.session.flash = 'Outcome changed'
    return reply.redirect('/measurement', 303)
  }
}

// ---- measures ----

const MEASURE_FIELDS = Object.keys(EMPTY_MEASURE) as (keyof MeasureInput)[]

function readMeasure(body: Body): MeasureInput {
  const out = { ...EMPTY_MEASURE }
  for (const k of MEASURE_FIELDS) out[k] = text(body, k)
  return out
}

function radios<T extends string>(values: readonly T[], labels: Record<string, string>, chosen: string, hints?: Record<string, string>) {
  return values.map(v => ({ value: v, text: labels[v], checked: v === chosen, hint: hints ? { text: hints[v] } : undefined }))
}

async function renderMeasure(reply: FastifyReply, opts: { outcomeTitle: string; action: string; values: MeasureInput; isNew: boolean; errors?: FieldError[]; status?: number }) {
  const v = opts.values
  return reply.render(
    `${DIR}/measure-form.njk`,
    {
      pageTitle: opts.isNew ? 'Add a measure' : 'Change a measure',
      backLink: '/measurement',
      outcomeTitle: opts.outcomeTitle,
      action: opts.action,
      values: v,
      isNew: opts.isNew,
      kindItems: radios(MEASURE_KINDS, KIND_LABELS, v.kind, KIND_HINTS),
      frequencyItems: radios(FREQUENCIES, FREQUENCY_LABELS, v.frequency),
      directionItems: radios(DIRECTIONS, DIRECTION_LABELS, v.direction),
      comparisonItems: radios(COMPARISONS, COMPARISON_LABELS, v.targetComparison),
      complaintsItems: radios(COMPLAINTS_KINDS, COMPLAINTS_KIND_LABELS, v.complaintsKind),
      errors: opts.errors,
    },
    opts.status,
  )
}

/** GET /measurement/outcomes/:id/measures/new */
export function getNewMeasure(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const o = await getOutcome(deps, request.actor, request.params.id)
    return renderMeasure(reply, { outcomeTitle: o.title, action: `/measurement/outcomes/${o.id}/measures/new`, values: EMPTY_MEASURE, isNew: true })
  }
}

/** POST /measurement/outcomes/:id/measures/new (audited) */
export function postNewMeasure(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const o = await getOutcome(deps, request.actor, request.params.id)
    const values = readMeasure(request.body as Body)
    let id: string
    try {
      ;({ id } = await addMeasure(deps, request.actor, o.id, values))
    } catch (err) {
      return renderMeasure(reply, { outcomeTitle: o.title, action: `/measurement/outcomes/${o.id}/measures/new`, values, isNew: true, errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = 'Measure added'
    return reply.redirect(`/measurement/measures/${id}`, 303)
  }
}

/** GET /measurement/measures/:id/edit */
export function getEditMeasure(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const m = await getMeasure(deps, request.actor, request.params.id)
    return renderMeasure(reply, { outcomeTitle: m.outcomeTitle, action: `/measurement/measures/${m.id}/edit`, values: measureToInput(m), isNew: false })
  }
}

/** POST /measurement/measures/:id/edit (audited) */
export function postEditMeasure(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const m = await getMeasure(deps, request.actor, request.params.id)
    const values = readMeasure(request.body as Body)
    try {
      await changeMeasure(deps, request.actor, m.id, values)
    } catch (err) {
      return renderMeasure(reply, { outcomeTitle: m.outcomeTitle, action: `/measurement/measures/${m.id}/edit`, values, isNew: false, errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = 'Measure changed'
    return reply.redirect(`/measurement/measures/${m.id}`, 303)
  }
}
