// The expense forms, read with zod: every problem at once, one per field, in page order.
import { z } from 'zod'
import { decisionProblems, expenseProblems, type DecisionInput, type ExpenseInput, type ExpenseKind } from '../../../domain/expenses.ts'
import { inPageOrder, text, type FormValues } from '../../forms.ts'

export const EXPENSE_FIELDS = ['pseudonym', 'kind', 'amount', 'hasReceipt', 'note'] as const
export const DECISION_FIELDS = ['decision', 'reason'] as const

export function readExpense(values: FormValues): ExpenseInput {
  const receipt = text(values.hasReceipt)
  return {
    pseudonym: text(values.pseudonym),
    kind: text(values.kind) as ExpenseKind,
    amount: text(values.amount),
    hasReceipt: receipt === 'yes' ? true : receipt === 'no' ? false : null,
    note: text(values.note),
  }
}

export const expenseSchema = z.record(z.string(), z.unknown()).transform((values, ctx) => {
  const input = readExpense(values)
  for (const p of inPageOrder(expenseProblems(input), EXPENSE_FIELDS)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
  return input
})

export const decisionSchema = z.record(z.string(), z.unknown()).transform((values, ctx) => {
  const d = text(values.decision)
  const input: DecisionInput = { decision: d === 'approve' || d === 'reject' ? d : '', reason: d === 'reject' ? text(values.reason) : '' }
  for (const p of inPageOrder(decisionProblems(input), DECISION_FIELDS)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
  return input
})
