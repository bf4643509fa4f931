// The charter workflow's pages: where the charter is and what happens next (/charter/workflow), the forms that move
// it on, send it back to drafting or change the version under review; the approver's page (/charter/approval); and
// publishing (/charter/workflow/publish). Thin: the commands in domain/workflow check everything.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../../platform/errors.ts'
import { formatDate } from '../../../../../platform/views/nunjucks.ts'
import { STAGE_LABELS } from '../../../domain/workflow/stages.ts'
import {
  approveVersion,
  getApprovalPage,
  getPublishPage,
  getWorkflowOverview,
  moveWorkflowForward,
  publishCharter,
  returnWorkflowToDraft,
  switchWorkflowVersion,
} from '../../../domain/workflow/workflow.ts'

const DIR = 'charter/web/pages/workflow'
type Body = Record<string, unknown> | undefined

function text(body: Body, key: string): string {
  const v = body?.[key]
  return Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : ''
}

/**
 * A command's refusal as form errors on `field` (a workflow state the person cannot change from this form), or its
 * own field errors; anything else (forbidden, not found) goes to the error handler.
 */
function errorsOf(err: unknown, field: string, rename: Record<string, string> = {}): FieldError[] {
  if (err instanceof AppError) {
    if (err.code === AppErrorCode.VALIDATION_FAILED && err.fieldErrors.length > 0) {
      return err.fieldErrors.map(e => ({ field: rename[e.field] ?? e.field, message: e.message }))
    }
    if (err.code === AppErrorCode.INVALID_STATE || err.code === AppErrorCode.CONFLICT) return [{ field, message: err.message }]
  }
  throw err
}

async function renderWorkflow(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, opts: { errors?: FieldError[]; values?: Record<string, string> } = {}) {
  const overview = await getWorkflowOverview(deps, request.actor)
  const versionItems = (chosen: string | undefined, list: typeof overview.versions) =>
    list.map((v, i) => ({
      value: v.id,
      text: `Version ${v.number}${i === 0 && list === overview.versions ? ' (the latest)' : ''}`,
      hint: { text: v.note || 'No note' },
      checked: chosen ? chosen === v.id : i === 0,
    }))
  const values = opts.values ?? {}
  return reply.render(
    `${DIR}/workflow.njk`,
    {
      pageTitle: 'Charter workflow',
      w: overview,
      values,
      stages: Object.entries(STAGE_LABELS).map(([key, label]) => ({ key, label })),
      versionItems: versionItems(values.versionId, overview.versions),
      newerVersionItems: versionItems(values.newVersionId, overview.newerVersions),
      errors: opts.errors,
    },
    opts.errors?.length ? 400 : undefined,
  )
}

/** GET /charter/workflow */
export function getWorkflow(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => renderWorkflow(deps, request, reply)
}

/** POST /charter/workflow/forward: move on one stage (audited). */
export function postForward(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { to: text(body, 'to'), versionId: text(body, 'versionId'), note: text(body, 'note') }
    try {
      const { stage } = await moveWorkflowForward(deps, request.actor, { to: values.to, versionId: values.versionId || undefined, note: values.note })
      request.session.flash = `The charter has moved to “${STAGE_LABELS[stage]}”`
      return reply.redirect('/charter/workflow', 303)
    } catch (err) {
      return renderWorkflow(deps, request, reply, { errors: errorsOf(err, 'forward'), values })
    }
  }
}

/** POST /charter/workflow/back-to-draft: with a reason (audited). */
export function postBackToDraft(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { reason: text(body, 'reason') }
    try {
      await returnWorkflowToDraft(deps, request.actor, { reason: values.reason })
      request.session.flash = 'The charter has gone back to drafting'
      return reply.redirect('/charter/workflow', 303)
    } catch (err) {
      return renderWorkflow(deps, request, reply, { errors: errorsOf(err, 'reason'), values })
    }
  }
}

/** POST /charter/workflow/version: a newer version replaces the one under review (audited). */
export function postSwitchVersion(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { newVersionId: text(body, 'newVersionId'), switchNote: text(body, 'switchNote') }
    try {
      await switchWorkflowVersion(deps, request.actor, { versionId: values.newVersionId, note: values.switchNote })
      request.session.flash = 'The version under review has changed'
      return reply.redirect('/charter/workflow', 303)
    } catch (err) {
      return renderWorkflow(deps, request, reply, { errors: errorsOf(err, 'newVersionId', { versionId: 'newVersionId', note: 'switchNote' }), values })
    }
  }
}

// ---- approval ----

/** The GOV.UK date input's three fields as YYYY-MM-DD, or a more precise problem than the command's. */
function readDate(body: Body, prefix: string): { iso: string; problem?: string } {
  const day = text(body, `${prefix}-day`).trim()
  const month = text(body, `${prefix}-month`).trim()
  const year = text(body, `${prefix}-year`).trim()
  if (!day && !month && !year) return { iso: '' }
  const missing = [!day && 'a day', !month && 'a month', !year && 'a year'].filter(Boolean)
  if (missing.length > 0) return { iso: 'incomplete', problem: `The date it was approved must include ${missing.join(' and ')}` }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return { iso: 'invalid' }
  return { iso: `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` }
}

async function renderApproval(deps: AppDeps, reply: FastifyReply, values: Record<string, string>, errors?: FieldError[]) {
  const page = await getApprovalPage(deps)
  return reply.render(`${DIR}/approval.njk`, { pageTitle: 'Record the approval of the charter', backLink: '/charter/workflow', page, values, errors }, errors?.length ? 400 : undefined)
}

/** GET /charter/approval: the submitted version's full text and hash, and the approval form. */
export function getApproval(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) => renderApproval(deps, reply, {})
}

/** POST /charter/approval (audited). */
export function postApproval(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const values = {
      body: text(body, 'body'),
      'approvedOn-day': text(body, 'approvedOn-day'),
      'approvedOn-month': text(body, 'approvedOn-month'),
      'approvedOn-year': text(body, 'approvedOn-year'),
      reference: text(body, 'reference'),
      confirmed: text(body, 'confirmed'),
      contentHash: text(body, 'contentHash'),
    }
    const date = readDate(body, 'approvedOn')
    try {
      await approveVersion(deps, request.actor, {
        body: values.body,
        approvedOn: date.iso,
        reference: values.reference,
        confirmed: values.confirmed === 'yes',
        contentHash: values.contentHash,
      })
      request.session.flash = 'The approval is recorded. The approved version is frozen.'
      return reply.redirect('/charter/workflow', 303)
    } catch (err) {
      const errors = errorsOf(err, 'approval', { approvedOn: 'approvedOn-day' }).map(e =>
        e.field === 'approvedOn-day' && date.problem ? { ...e, message: date.problem } : e,
      )
      return renderApproval(deps, reply, values, errors)
    }
  }
}

// ---- publishing ----

async function renderPublish(deps: AppDeps, reply: FastifyReply, errors?: FieldError[]) {
  const page = await getPublishPage(deps)
  return reply.render(`${DIR}/publish.njk`, { pageTitle: 'Publish the charter', backLink: '/charter/workflow', page, errors }, errors?.length ? 400 : undefined)
}

/** GET /charter/workflow/publish */
export function getPublish(deps: AppDeps) {
  return async (_request: FastifyRequest, reply: FastifyReply) => renderPublish(deps, reply)
}

/** POST /charter/workflow/publish (audited). */
export function postPublish(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const { reviewDueOn } = await publishCharter(deps, request.actor)
      request.session.flash = `The charter is published. Its review is due by ${formatDate(reviewDueOn)}.`
      return reply.redirect('/charter/workflow', 303)
    } catch (err) {
      return renderPublish(deps, reply, errorsOf(err, 'publish'))
    }
  }
}
