import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { panelCatalogue } from '../../../../panel/index.ts'
import { quotaDimensions } from '../../../domain/app/quotas.ts'
import { ALGORITHMS, createSelection, MAX_SLACK } from '../../../domain/app/runs.ts'
import { newSelectionSchema } from '../../forms.ts'

const VIEW = 'selection/web/pages/new-selection/view.njk'

function render(reply: FastifyReply, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  const chosen = new Set(Array.isArray(values.dimensions) ? values.dimensions.map(String) : typeof values.dimensions === 'string' ? [values.dimensions] : [])
  return reply.render(
    VIEW,
    {
      pageTitle: 'Start a new selection',
      backLink: '/selection',
      values,
      errors,
      algorithms: ALGORITHMS.map(a => ({ value: a.code, text: a.label, hint: { text: a.hint }, checked: values.algorithm === a.code })),
      dimensions: quotaDimensions(panelCatalogue()).map(d => ({ value: d.key, text: d.label, checked: chosen.has(d.key) })),
      slacks: Array.from({ length: MAX_SLACK + 1 }, (_, n) => ({
        value: String(n),
        text: n === 0 ? 'As close to the targets as whole places allow' : `Up to ${n} ${n === 1 ? 'place' : 'places'} either side of the target`,
        checked: String(values.slack) === String(n),
      })),
    },
    status,
  )
}

/** GET /selection/new */
export function get(_deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) =>
    render(reply, { algorithm: 'leximin', slack: '1', panelSize: '25', dimensions: quotaDimensions(panelCatalogue()).slice(0, 3).map(d => d.key) })
}

/** POST /selection/new: set it up, with quotas suggested from the population targets, and go to its quotas. */
export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(newSelectionSchema, request.body)
    if (!form.ok) return render(reply, form.values, form.errors, 400)
    try {
      const { id } = await createSelection(deps, request.actor, form.value)
      request.session.flash = 'Selection set up. Check the quotas suggested from the population targets.'
      return reply.redirect(`/selection/${id}/quotas`, 303)
    } catch (err) {
      return render(reply, (request.body ?? {}) as Record<string, unknown>, fieldErrorsOf(err), 400)
    }
  }
}
