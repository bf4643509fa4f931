// Expense claims per panel member per session (travel, childcare, care, other), in pence, with or without a
// receipt. A claim is approved or rejected (with a reason) by the panel manager, then paid: the approved, unpaid
// claims are exported for payment as a CSV (by pseudonym and claim id: the payment team matches identity separately)
// and marked paid in the same audited step. Each change is one transaction with its audit event.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { getPseudonyms } from '../../panel/index.ts'
import { findActivity, findSession } from '../data/activity.repository.ts'
import { findExpense, insertExpense, listExpenses, listExpensesByStatus, listExpensesInBatch, markExpensesPaid, updateExpenseIfStatus, type ExpenseRow } from '../data/arrangements.repository.ts'
import type { ExpenseKind, ExpenseStatus } from '../data/arrangements.table.ts'
import { labelOf, mayManageEngagement } from './activities.ts'
import { resolvePseudonyms, splitPseudonyms, validationFailed } from './attendance.ts'

export type { ExpenseKind, ExpenseStatus }

export const EXPENSE_KINDS: readonly { code: ExpenseKind; label: string }[] = [
  { code: 'travel', label: 'Travel' },
  { code: 'childcare', label: 'Childcare' },
  { code: 'care', label: 'Care (for someone they look after)' },
  { code: 'other', label: 'Something else' },
]

export const EXPENSE_STATUSES: readonly { code: ExpenseStatus; label: string }[] = [
  { code: 'claimed', label: 'Claimed' },
  { code: 'approved', label: 'Approved' },
  { code: 'rejected', label: 'Rejected' },
  { code: 'paid', label: 'Paid' },
]

/** The most one claim may be: £1,000. */
export const MAX_CLAIM_PENCE = 100_000

type Problem = { field: string; message: string }

function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export function mayDecideExpenses(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'engagement:manage_expenses')
}

/** "£12.50" from 1250. */
export function formatPence(pence: number): string {
  return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** An amount as typed ("12.50", "£12.5", "1,200") in pence, or null if it is not an amount of money. */
export function parsePounds(typed: string): number | null {
  const s = typed.trim().replace(/^£/, '').replace(/,/g, '')
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) return null
  const [pounds, pence = ''] = s.split('.')
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'))
}

export interface ExpenseInput {
  pseudonym: string
  kind: ExpenseKind
  /** As typed, in pounds. */
  amount: string
  hasReceipt: boolean | null
  note: string
}

/** The rules that need no database, every problem at once, in the form's order. */
export function expenseProblems(input: ExpenseInput): Problem[] {
  const problems: Problem[] = []
  const typed = splitPseudonyms(input.pseudonym)
  if (typed.length === 0) problems.push({ field: 'pseudonym', message: 'Enter the pseudonym of the panel member who is claiming, for example P-7K3M9Q' })
  else if (typed.length > 1) problems.push({ field: 'pseudonym', message: 'Enter one pseudonym: record each person’s claim on its own' })
  if (!EXPENSE_KINDS.some(k => k.code === input.kind)) problems.push({ field: 'kind', message: 'Select what the claim is for' })
  const pence = parsePounds(input.amount)
  if (!input.amount.trim()) problems.push({ field: 'amount', message: 'Enter the amount claimed, for example 12.50' })
  else if (pence === null) problems.push({ field: 'amount', message: 'The amount must be in pounds and pence, for example 12.50' })
  else if (pence < 1) problems.push({ field: 'amount', message: 'The amount must be more than £0' })
  else if (pence > MAX_CLAIM_PENCE) problems.push({ field: 'amount', message: `The amount must be ${formatPence(MAX_CLAIM_PENCE)} or less` })
  if (input.hasReceipt === null) problems.push({ field: 'hasReceipt', message: 'Select whether there is a receipt' })
  if (input.kind === 'other' && !input.note.trim()) problems.push({ field: 'note', message: 'Say what the claim is for' })
  else if (input.note.length > 1000) problems.push({ field: 'note', message: 'The note must be 1,000 characters or fewer' })
  return problems
}

/** Record a claim for a panel member at a session. Audited as 'engagement.expense_claimed'. */
export async function claimExpense(deps: AppDeps, actor: Actor, sessionId: string, input: ExpenseInput): Promise<{ id: string }> {
  assertMay(mayManageEngagement(actor) || mayDecideExpenses(actor), 'record expense claims')
  if (!(await findSession(deps.db, sessionId))) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  const problems = expenseProblems(input)
  let person: { participantId: string; pseudonym: string } | undefined
  if (!problems.some(p => p.field === 'pseudonym')) {
    const resolved = await resolvePseudonyms(deps, actor, splitPseudonyms(input.pseudonym), 'pseudonym')
    if (resolved.problem) problems.unshift(resolved.problem)
    person = resolved.found[0]
  }
  if (problems.length || !person) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  const who = person
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const columns = { participant_id: who.participantId, kind: input.kind, amount_pence: parsePounds(input.amount)!, has_receipt: input.hasReceipt ? 1 : 0, note: input.note.trim() || null }
    await insertExpense(uow.trx, { id, session_id: sessionId, ...columns, status: 'claimed', rejection_reason: null, decided_by_user_id: null, decided_at: null, payment_batch_id: null, paid_at: null, claimed_by_user_id: actor.userId, created_at: now, updated_at: now })
    await uow.audit({ action: 'engagement.expense_claimed', subjectType: 'engagement_expense', subjectId: id, summary: { sessionId, pseudonym: who.pseudonym, ...columns } })
  })
  return { id }
}

export interface DecisionInput {
  decision: 'approve' | 'reject' | ''
  reason: string
}

export function decisionProblems(input: DecisionInput): Problem[] {
  const problems: Problem[] = []
  if (input.decision !== 'approve' && input.decision !== 'reject') problems.push({ field: 'decision', message: 'Select whether to approve or reject the claim' })
  else if (input.decision === 'reject' && !input.reason.trim()) problems.push({ field: 'reason', message: 'Enter why the claim is rejected: the person will be told' })
  if (input.reason.length > 1000) problems.push({ field: 'reason', message: 'The reason must be 1,000 characters or fewer' })
  return problems
}

/** Approve or reject a claim that is waiting. Audited as 'engagement.expense_approved' or '..._rejected'. */
export async function decideExpense(deps: AppDeps, actor: Actor, id: string, input: DecisionInput): Promise<void> {
  assertMay(mayDecideExpenses(actor), 'approve or reject expense claims')
  const before = await findExpense(deps.db, id)
  if (!before) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such expense claim' })
  const problems = decisionProblems(input)
  if (problems.length) throw validationFailed(problems)
  if (before.status !== 'claimed') throw new AppError(AppErrorCode.INVALID_STATE, { message: `This claim has already been ${labelOf(EXPENSE_STATUSES, before.status).toLowerCase()}` })
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const status = input.decision === 'approve' ? 'approved' : 'rejected'
    const done = await updateExpenseIfStatus(uow.trx, id, 'claimed', {
      status,
      rejection_reason: status === 'rejected' ? input.reason.trim() : null,
      decided_by_user_id: actor.userId,
      decided_at: now,
      updated_at: now,
    })
    if (!done) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Someone else has just decided this claim' })
    await uow.audit({
      action: status === 'approved' ? 'engagement.expense_approved' : 'engagement.expense_rejected',
      subjectType: 'engagement_expense',
      subjectId: id,
      summary: { sessionId: before.session_id, amountPence: before.amount_pence, ...(status === 'rejected' ? { reason: input.reason.trim() } : {}) },
    })
  })
}

/**
 * Mark the given approved claims paid, as one payment batch, and audit it as 'engagement.expenses_paid' (with each
 * claim id and the total). Only the claims listed (those the person saw) are paid; one no longer approved is
 * skipped. Returns the batch id, or null when nothing was left to pay.
 */
export async function payApprovedExpenses(deps: AppDeps, actor: Actor, claimIds: readonly string[]): Promise<{ batchId: string; count: number } | null> {
  assertMay(mayDecideExpenses(actor), 'pay expense claims')
  const approved = new Map((await listExpensesByStatus(deps.db, 'approved')).map(e => [e.id, e]))
  const ids = [...new Set(claimIds)].filter(id => approved.has(id))
  if (ids.length === 0) return null
  const batchId = newId(deps.clock.now().getTime())
  const count = await inTransaction(deps, actor, async uow => {
    const n = await markExpensesPaid(uow.trx, ids, batchId, uow.now.toISOString())
    if (n !== ids.length) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Some of these claims changed while you were looking: check the list and try again' })
    await uow.audit({
      action: 'engagement.expenses_paid',
      subjectType: 'engagement_payment_batch',
      subjectId: batchId,
      summary: { claimIds: ids, count: n, totalPence: ids.reduce((sum, id) => sum + approved.get(id)!.amount_pence, 0) },
    })
    return n
  })
  return { batchId, count }
}

// ---- queries ----

export interface ExpenseDto {
  id: string
  sessionId: string
  participantId: string
  pseudonym: string
  kind: ExpenseKind
  kindLabel: string
  amountPence: number
  amountText: string
  hasReceipt: boolean
  note: string | null
  status: ExpenseStatus
  statusLabel: string
  rejectionReason: string | null
  decidedAt: string | null
  paidAt: string | null
  paymentBatchId: string | null
  createdAt: string
}

async function toDtos(deps: Pick<AppDeps, 'db'>, actor: Actor, rows: readonly ExpenseRow[]): Promise<ExpenseDto[]> {
  const pseudonyms = rows.length ? await getPseudonyms(deps, actor, rows.map(r => r.participant_id)) : new Map<string, string>()
  return rows.map(r => ({
    id: r.id,
    sessionId: r.session_id,
    participantId: r.participant_id,
    pseudonym: pseudonyms.get(r.participant_id) ?? 'A former panel member',
    kind: r.kind,
    kindLabel: labelOf(EXPENSE_KINDS, r.kind),
    amountPence: r.amount_pence,
    amountText: formatPence(r.amount_pence),
    hasReceipt: Number(r.has_receipt) === 1,
    note: r.note,
    status: r.status,
    statusLabel: labelOf(EXPENSE_STATUSES, r.status),
    rejectionReason: r.rejection_reason,
    decidedAt: r.decided_at,
    paidAt: r.paid_at,
    paymentBatchId: r.payment_batch_id,
    createdAt: r.created_at,
  }))
}

function assertMayRead(actor: Actor): void {
  assertMay(mayManageEngagement(actor) || mayDecideExpenses(actor), 'see expense claims')
}

export async function getExpenses(deps: Pick<AppDeps, 'db'>, actor: Actor, sessionId: string): Promise<ExpenseDto[]> {
  assertMayRead(actor)
  if (!(await findSession(deps.db, sessionId))) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  return toDtos(deps, actor, await listExpenses(deps.db, sessionId))
}

export async function getExpense(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<ExpenseDto> {
  assertMayRead(actor)
  const row = await findExpense(deps.db, id)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such expense claim' })
  return (await toDtos(deps, actor, [row]))[0]!
}

export interface PayableExpenseDto extends ExpenseDto {
  activityTitle: string
  sessionStartsAt: string
}

async function withSessions(deps: Pick<AppDeps, 'db'>, claims: ExpenseDto[]): Promise<PayableExpenseDto[]> {
  const sessions = new Map<string, { title: string; startsAt: string }>()
  for (const id of new Set(claims.map(c => c.sessionId))) {
    const s = await findSession(deps.db, id)
    const a = s ? await findActivity(deps.db, s.activity_id) : undefined
    sessions.set(id, { title: a?.title ?? '', startsAt: s?.starts_at ?? '' })
  }
  return claims.map(c => ({ ...c, activityTitle: sessions.get(c.sessionId)!.title, sessionStartsAt: sessions.get(c.sessionId)!.startsAt }))
}

/** Approved claims not yet paid, oldest first, with their session. */
export async function getPayableExpenses(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<PayableExpenseDto[]> {
  assertMay(mayDecideExpenses(actor), 'pay expense claims')
  return withSessions(deps, await toDtos(deps, actor, await listExpensesByStatus(deps.db, 'approved')))
}

/** The claims paid in one batch. NOT_FOUND when there is no such batch. */
export async function getPaymentBatch(deps: Pick<AppDeps, 'db'>, actor: Actor, batchId: string): Promise<PayableExpenseDto[]> {
  assertMay(mayDecideExpenses(actor), 'pay expense claims')
  const rows = await listExpensesInBatch(deps.db, batchId)
  if (rows.length === 0) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such payment batch' })
  return withSessions(deps, await toDtos(deps, actor, rows))
}

/** A spreadsheet cell that cannot run as a formula, quoted for CSV. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The batch as CSV for the payment team: claim id, pseudonym, session, kind, amount, receipt. No identity. */
export function paymentCsv(claims: readonly PayableExpenseDto[]): string {
  const header = ['claim_id', 'pseudonym', 'activity', 'session_date', 'kind', 'amount_pounds', 'receipt', 'approved_at', 'paid_at']
  const lines = claims.map(c =>
    [c.id, c.pseudonym, c.activityTitle, c.sessionStartsAt.slice(0, 10), c.kindLabel, (c.amountPence / 100).toFixed(2), c.hasReceipt ? 'yes' : 'no', c.decidedAt ?? '', c.paidAt ?? ''].map(cell).join(','),
  )
  return [header.join(','), ...lines].join('\r\n') + '\r\n'
}
