// Reading the decisions forms as typed: the commands check everything, so nothing typed is lost on a re-render.
import type { FieldError } from '../../../platform/errors.ts'
import { text, type Body } from '../../../platform/http/form-fields.ts'
import { readDateParts } from '../domain/model.ts'

export { text, type Body }

/** The numbers given to each option of a ranked choice (`rank-<optionId>` fields). */
export function ranks(body: Body): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(body ?? {})) if (k.startsWith('rank-')) out[k.slice(5)] = Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '')
  return out
}

/** The form's values, as typed, for a re-render (without the CSRF token). */
export function valuesOf(body: Body): Record<string, unknown> {
  const values = { ...(body ?? {}) }
  delete values._csrf
  return values
}

/**
 * Run a command that takes a date read from a GOV.UK date input: a problem with the date's parts replaces the
 * command's own message about that date, so every problem shows at once and the most precise one wins.
 */
export function mergeDateProblem(errors: FieldError[], prefix: string, problem: FieldError | null): FieldError[] {
  if (!problem) return errors
  const rest = errors.filter(e => !e.field.startsWith(`${prefix}-`))
  const at = errors.findIndex(e => e.field.startsWith(`${prefix}-`))
  rest.splice(at < 0 ? rest.length : at, 0, problem)
  return rest
}

export { readDateParts }
