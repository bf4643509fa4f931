import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import type { Feature } from '../../../domain/algorithm/types.ts'
import { quotaFieldId } from '../../../domain/app/quotas.ts'
import { getRunView, type RunView } from '../../../domain/app/queries.ts'
import { changeQuotas } from '../../../domain/app/runs.ts'
import { quotasSchema } from '../../forms.ts'
import { stateErrors } from '../../respond.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const VIEW = 'selection/web/pages/quotas/view.njk'

function featuresOf(run: RunView): Feature[] {
  const byName = new Map<string, Feature>()
  for (const q of run.quotas) {
    let f = byName.get(q.feature)
    if (!f) byName.set(q.feature, (f = { name: q.feature, values: [] }))
    f.values.push({ value: q.value, min: q.min, max: q.max })
  }
  return [...byName.values()]
}

function render(reply: FastifyReply, run: RunView, values: Record<string, unknown> | null, errors?: FieldError[], status?: number) {
  const groups: { label: string; key: string; lines: (RunView['quotas'][number] & { minId: string; maxId: string; minValue: unknown; maxValue: unknown })[] }[] = []
  for (const q of run.quotas) {
    let g = groups.find(x => x.key === q.feature)
    if (!g) groups.push((g = { label: q.featureLabel, key: q.feature, lines: [] }))
    const minId = quotaFieldId(q.feature, q.value, 'min')
    const maxId = quotaFieldId(q.feature, q.value, 'max')
    g.lines.push({ ...q, minId, maxId, minValue: values ? values[minId] : q.min, maxValue: values ? values[maxId] : q.max })
  }
  return reply.render(VIEW, { pageTitle: `Quotas: ${run.title}`, backLink: `/selection/${run.id}`, run, groups, errors }, status)
}

/** GET /selection/:id/quotas: a minimum and maximum per group, beside the target and the pool. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(reply, await getRunView(deps, request.actor, request.params.id), null)
}

/** POST /selection/:id/quotas: save them, or show what to fix with everything typed kept. */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const run = await getRunView(deps, request.actor, request.params.id)
    const form = parseForm(quotasSchema(featuresOf(run), run.panelSize), request.body)
    if (!form.ok) return render(reply, run, form.values, form.errors, 400)
    try {
      const { changed } = await changeQuotas(deps, request.actor, run.id, form.value)
      request.session.flash = changed > 0 ? 'Quotas saved' : 'You did not change any quotas'
      return reply.redirect(`/selection/${run.id}`, 303)
    } catch (err) {
      return render(reply, run, (request.body ?? {}) as Record<string, unknown>, stateErrors(err, 'quotas'), 400)
    }
  }
}
