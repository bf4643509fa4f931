// Predicates for assert.rejects on our AppError: the error code, and a problem with one field of a form.
import assert from 'node:assert/strict'
import { AppError } from '../../src/platform/errors.ts'

/** The command failed with this AppError code (and, if given, a message matching the pattern). */
export const rejectedWith = (code: string, message?: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err))
  assert.equal(err.code, code, err.message)
  if (message) assert.match(err.message, message)
  return true
}

/** The command failed validation with a problem on `field` whose message matches the pattern. */
export const fieldProblem = (field: string, message: RegExp) => (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED', String(err))
  const e = err.fieldErrors.find(f => f.field === field)
  assert.ok(e, `expected a problem with ${field}, got ${JSON.stringify(err.fieldErrors)}`)
  assert.match(e.message, message)
  return true
}
