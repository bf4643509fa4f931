import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { formatDate } from '../../../../../platform/views/nunjucks.ts'
import {
  EXPENSE_KINDS,
  claimExpense,
  decideExpense,
  formatPence,
  getExpense,
  getExpenses,
  getPayableExpenses,
  getPaymentBatch,
  payApprovedExpenses,
  paymentCsv,
  type ExpenseDto,
  type ExpenseStatus,
} from '../../../domain/expenses.ts'
import { choices, inPageOrder, text, type FormValues } from '../../forms.ts'
import { may, runWithProblems, sessionContext } from '../arrangements-shared/session-context.ts'
import { DECISION_FIELDS, EXPENSE_FIELDS, decisionSchema, expenseSchema, readExpense } from './schema.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'engagement/web/pages/arrangements-expenses'

const TAGS: Record<ExpenseStatus, string> = { claimed: 'govuk-tag--blue', approved: 'govuk-tag--green', rejected: 'govuk-tag--red', paid: 'govuk-tag--grey' }
const row = (e: ExpenseDto) => ({ ...e, tag: { text: e.statusLabel, classes: TAGS[e.status] } })

async function renderList(deps: AppDeps, request: WithId, reply: FastifyReply, values: FormValues, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, request.params.id, 'expenses')
  const claims = await getExpenses(deps, request.actor, ctx.session.id)
  return reply.render(
    `${DIR}/view.njk`,
    {
      pageTitle: `Expenses: ${ctx.activity.title}`,
      backLink: `/engagement/activities/${ctx.activity.id}`,
      ...ctx,
      claims: claims.map(row),
      totalText: formatPence(claims.filter(c => c.status !== 'rejected').reduce((s, c) => s + c.amountPence, 0)),
      mayDecide: may(request.actor, 'engagement:manage_expenses'),
      values,
      errors,
      kinds: choices(EXPENSE_KINDS, text(values.kind)),
      receipt: text(values.hasReceipt),
    },
    status,
  )
}

/** GET /engagement/sessions/:id/expenses: the claims for a session, and the form to record one. */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderList(deps, request, reply, {})
}

/** POST /engagement/sessions/:id/expenses: record a claim (audited). */
export function post(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const form = parseForm(expenseSchema, request.body)
    const input = form.ok ? form.value : readExpense(form.values)
    const problems = await runWithProblems(form, () => claimExpense(deps, request.actor, request.params.id, input), EXPENSE_FIELDS)
    if (problems.length) return renderList(deps, request, reply, request.body as FormValues, problems, 400)
    request.session.flash = 'Expense claim recorded'
    return reply.redirect(`/engagement/sessions/${request.params.id}/expenses`, 303)
  }
}

async function renderDecide(deps: AppDeps, request: WithId, reply: FastifyReply, claim: ExpenseDto, values: FormValues, errors?: FieldError[], status?: number) {
  const ctx = await sessionContext(deps, request.actor, claim.sessionId, 'expenses')
  return reply.render(
    `${DIR}/decide.njk`,
    { pageTitle: `Decide an expense claim: ${claim.pseudonym}`, backLink: `/engagement/sessions/${claim.sessionId}/expenses`, ...ctx, claim: row(claim), values, errors },
    status,
  )
}

/** GET /engagement/expenses/:id/decide: approve or reject a claim. */
export function getDecide(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const claim = await getExpense(deps, request.actor, request.params.id)
    if (claim.status !== 'claimed') return reply.redirect(`/engagement/sessions/${claim.sessionId}/expenses`, 303)
    return renderDecide(deps, request, reply, claim, {})
  }
}

/** POST /engagement/expenses/:id/decide (audited). */
export function postDecide(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const claim = await getExpense(deps, request.actor, request.params.id)
    if (claim.status !== 'claimed') {
      // Already decided (by someone else, or from an old page): say so on the session's claims.
      request.session.flash = `The claim of ${claim.amountText} by ${claim.pseudonym} has already been ${claim.statusLabel.toLowerCase()}`
      return reply.redirect(`/engagement/sessions/${claim.sessionId}/expenses`, 303)
    }
    const form = parseForm(decisionSchema, request.body)
    if (!form.ok) return renderDecide(deps, request, reply, claim, form.values, form.errors, 400)
    try {
      await decideExpense(deps, request.actor, claim.id, form.value)
    } catch (err) {
      return renderDecide(deps, request, reply, claim, request.body as FormValues, inPageOrder(fieldErrorsOf(err), DECISION_FIELDS), 400)
    }
    request.session.flash = `Claim of ${claim.amountText} by ${claim.pseudonym} ${form.value.decision === 'approve' ? 'approved' : 'rejected'}`
    return reply.redirect(`/engagement/sessions/${claim.sessionId}/expenses`, 303)
  }
}

const payable = (claims: Awaited<ReturnType<typeof getPayableExpenses>>) =>
  claims.map(c => ({ ...row(c), sessionText: `${c.activityTitle}, ${formatDate(c.sessionStartsAt)}` }))

/** GET /engagement/expenses/payments: approved claims waiting to be paid. */
export function getPayments(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const claims = await getPayableExpenses(deps, request.actor)
    return reply.render(`${DIR}/payments.njk`, {
      pageTitle: 'Pay expense claims',
      backLink: '/engagement',
      claims: payable(claims),
      totalText: formatPence(claims.reduce((s, c) => s + c.amountPence, 0)),
    })
  }
}

/** POST /engagement/expenses/payments: mark the listed claims paid as one batch (audited), then show its file. */
export function postPayments(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const ids = ([] as unknown[]).concat(body.claimId ?? []).filter((x): x is string => typeof x === 'string')
    const batch = await payApprovedExpenses(deps, request.actor, ids)
    if (!batch) {
      request.session.flash = 'There were no approved claims left to pay'
      return reply.redirect('/engagement/expenses/payments', 303)
    }
    request.session.flash = `${batch.count === 1 ? '1 claim' : `${batch.count} claims`} marked as paid`
    return reply.redirect(`/engagement/expenses/payments/${batch.batchId}`, 303)
  }
}

/** GET /engagement/expenses/payments/:id: a payment batch and the link to its CSV. */
export function getBatch(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const claims = await getPaymentBatch(deps, request.actor, request.params.id)
    return reply.render(`${DIR}/batch.njk`, {
      pageTitle: 'Expense claims paid',
      backLink: '/engagement/expenses/payments',
      batchId: request.params.id,
      claims: payable(claims),
      totalText: formatPence(claims.reduce((s, c) => s + c.amountPence, 0)),
      paidAt: claims[0]!.paidAt,
    })
  }
}

/** GET /engagement/expenses/payments/:id/csv: the payment file (claim id and pseudonym; no identity). */
export function getBatchCsv(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const claims = await getPaymentBatch(deps, request.actor, request.params.id)
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="expense-payments-${request.params.id}.csv"`)
      .header('cache-control', 'no-store')
      .send(paymentCsv(claims))
  }
}
