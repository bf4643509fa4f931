import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { mayCode } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { createSample, getSample, listProjectSamples, MAX_SAMPLE, MIN_SAMPLE, nextInSample, type SampleInput } from '../../../domain/samples.ts'
import { text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithSample = FastifyRequest<{ Params: { id: string; sampleId: string }; Querystring: { a?: string; b?: string } }>
const DIR = 'analysis/web/pages/agreement'
const EMPTY: SampleInput = { name: '', size: '50', seed: '' }

const kappaText = (k: number | null) => (k === null ? 'Cannot be worked out' : k.toFixed(2))
const pct = (x: number) => `${Math.round(x * 100)}%`

async function renderList(deps: AppDeps, request: WithId, reply: FastifyReply, values: SampleInput, errors?: FieldError[], status?: number) {
  const project = await getProject(deps, request.actor, request.params.id)
  const samples = await listProjectSamples(deps, request.actor, project.id)
  return reply.render(
    `${DIR}/list.njk`,
    { pageTitle: `Agreement: ${project.title}`, backLink: `/analysis/${project.id}`, project, samples, values, min: MIN_SAMPLE, max: MAX_SAMPLE, mayCode: mayCode(request.actor), errors },
    status,
  )
}

/** GET /analysis/:id/agreement: the samples, and a form to draw a new one. */
export function list(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderList(deps, request, reply, EMPTY)
}

/** POST /analysis/:id/agreement: draw a sample (audited). */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    const input: SampleInput = { name: text(body, 'name'), size: text(body, 'size'), seed: text(body, 'seed') }
    try {
      const { id, size, seed } = await createSample(deps, request.actor, request.params.id, input)
      request.session.flash = `Sample of ${size} segments drawn (seed ${seed}): each analyst now codes it`
      return reply.redirect(`/analysis/${request.params.id}/agreement/${id}`, 303)
    } catch (err) {
      return renderList(deps, request, reply, input, fieldErrorsOf(err), 400)
    }
  }
}

/** GET /analysis/:id/agreement/:sampleId: progress, and agreement for a pair of analysts. */
export function show(deps: AppDeps) {
  return async (request: WithSample, reply: FastifyReply) => {
    const project = await getProject(deps, request.actor, request.params.id)
    const q = request.query ?? {}
    const s = await getSample(deps, request.actor, project.id, request.params.sampleId, { a: typeof q.a === 'string' ? q.a : undefined, b: typeof q.b === 'string' ? q.b : undefined })
    const coderItems = (selected: string | undefined) => s.coders.map(c => ({ value: c.id, text: `${c.name} (${c.reviewed} coded)`, selected: c.id === selected }))
    return reply.render(`${DIR}/sample.njk`, {
      pageTitle: `Sample: ${s.name}`,
      backLink: `/analysis/${project.id}/agreement`,
      project,
      s,
      aItems: coderItems(s.agreement?.a.id),
      bItems: coderItems(s.agreement?.b.id),
      rows: (s.agreement?.byCode ?? []).map(r => ({ ...r, kappaText: kappaText(r.kappa), observedPct: pct(r.observed), words: r.interpretation ?? 'not defined: both made the same decision every time' })),
      overall: s.agreement && {
        mean: kappaText(s.agreement.overall.meanKappa),
        meanWords: s.agreement.overall.meanInterpretation ?? 'not defined',
        pooled: kappaText(s.agreement.overall.pooledKappa),
        pooledWords: s.agreement.overall.pooledInterpretation ?? 'not defined',
      },
      mayCode: mayCode(request.actor),
    })
  }
}

/** GET /analysis/:id/agreement/:sampleId/code: the next segment of the sample to code, on the coding page. */
export function code(deps: AppDeps) {
  return async (request: WithSample, reply: FastifyReply) => {
    const next = await nextInSample(deps, request.actor, request.params.id, request.params.sampleId)
    if (!next) {
      request.session.flash = 'You have coded every segment of this sample'
      return reply.redirect(`/analysis/${request.params.id}/agreement/${request.params.sampleId}`, 303)
    }
    return reply.redirect(`/analysis/${request.params.id}/segments/${next}?sample=${request.params.sampleId}`, 303)
  }
}
