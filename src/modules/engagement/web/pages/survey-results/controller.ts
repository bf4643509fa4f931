import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../../platform/errors.ts'
import { queryString } from '../../../../../platform/http/validate.ts'
import { loadSurveyOfActivity } from '../../../domain/survey-model.ts'
import { getSurveyResults } from '../../../domain/survey-results.ts'

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string | undefined> }>

/** Results per question, with a breakdown by the panel dimension chosen in the GET form (?dimension=). */
export function get(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const parts = await loadSurveyOfActivity(deps.db, request.params.activityId ?? '')
    if (!parts) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This activity has no survey yet' })
    const wanted = queryString(request.query?.dimension, 60)
    let results
    let errors
    try {
      results = await getSurveyResults(deps, request.actor, parts.survey.id, wanted)
    } catch (err) {
      if (!(err instanceof AppError && err.code === AppErrorCode.VALIDATION_FAILED)) throw err
      results = await getSurveyResults(deps, request.actor, parts.survey.id)
      errors = err.fieldErrors
    }
    return reply.render(
      'engagement/web/pages/survey-results/view.njk',
      {
        pageTitle: `Results: ${results.title}`,
        backLink: '/engagement/surveys',
        results,
        dimensionItems: [{ value: '', text: 'No breakdown' }, ...results.dimensions.map(d => ({ value: d.key, text: d.label }))],
        errors,
      },
      errors ? 400 : undefined,
    )
  }
}
