import type { z } from 'zod'
import { AppError, AppErrorCode, type FieldError } from '../errors.ts'

export type FormResult<T> =
  | { ok: true; value: T }
  | { ok: false; errors: FieldError[]; values: Record<string, unknown> }

/**
 * Validate a submitted form against a zod schema. On failure, returns one GOV.UK error per field
 * (the first problem found) and the values exactly as the person typed them, so nothing is lost.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? { ...(body as Record<string, unknown>) } : {}) as Record<string, unknown>
  delete values._csrf
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, value: result.data }
  const errors: FieldError[] = []
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('-') || 'form'
    if (!errors.some(e => e.field === field)) errors.push({ field, message: issue.message })
  }
  return { ok: false, errors, values }
}

/** A page number from a query string, 1 or more. */
export function pageNumber(raw: unknown): number {
  const n = Number.parseInt(String(raw ?? '1'), 10)
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 100_000) : 1
}

/** A single string from a query value that may be repeated or absent. */
export function queryString(raw: unknown, max = 200): string | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw
  if (typeof v !== 'string') return undefined
  const t = v.trim()
  return t === '' ? undefined : t.slice(0, max)
}

/** Turn a command's business-rule failure into form errors; anything else is re-thrown to the error handler. */
export function fieldErrorsOf(err: unknown): FieldError[] {
  if (err instanceof AppError && err.code === AppErrorCode.VALIDATION_FAILED && err.fieldErrors.length > 0) return err.fieldErrors
  throw err
}
