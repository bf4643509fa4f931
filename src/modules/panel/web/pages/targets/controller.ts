import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { panelCatalogue } from '../../../domain/catalogue.ts'
import { getRepresentationSettings, type RepresentationSettings } from '../../../domain/queries/representation.ts'
import { setRepresentationTargets, targetFieldId, targetOptions } from '../../../domain/set-representation-targets.ts'
import { formatTarget, targetsSchema } from './schema.ts'

const VIEW = 'panel/web/pages/targets/view.njk'

/** The form's boxes as the stored settings fill them. */
function storedValues(settings: RepresentationSettings): Record<string, string> {
  const values: Record<string, string> = { tolerance: String(settings.tolerance), attritionMonths: String(settings.attritionMonths) }
  for (const d of panelCatalogue().dimensions) {
    for (const o of targetOptions(d)) values[targetFieldId(d.key, o.code)] = formatTarget(settings.targets.get(d.key)?.get(o.code))
  }
  return values
}

function render(reply: FastifyReply, values: Record<string, unknown>, errors?: FieldError[], status?: number) {
  const dimensions = panelCatalogue().dimensions.map(d => {
    const fields = targetOptions(d).map(o => ({ id: targetFieldId(d.key, o.code), label: o.label, value: values[targetFieldId(d.key, o.code)] ?? '' }))
    return { key: d.key, label: d.label, multiple: d.multiple, fields }
  })
  return reply.render(VIEW, { pageTitle: 'Population targets', values, errors, dimensions, backLink: '/panel/representation' }, status)
}

/** GET /panel/representation/targets: the target share of each value of each dimension, and the page's settings. */
export function get(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => render(reply, storedValues(await getRepresentationSettings(deps, request.actor)))
}

/** POST /panel/representation/targets: save them (audited), or show what to fix with everything typed kept. */
export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const form = parseForm(targetsSchema(panelCatalogue()), request.body)
    if (!form.ok) return render(reply, form.values, form.errors, 400)
    try {
      const { changes } = await setRepresentationTargets(deps, request.actor, form.value)
      request.session.flash = changes > 0 ? 'Targets saved' : 'You did not change any targets'
      return reply.redirect('/panel/representation', 303)
    } catch (err) {
      const values = (request.body ?? {}) as Record<string, unknown>
      return render(reply, values, fieldErrorsOf(err), 400)
    }
  }
}
