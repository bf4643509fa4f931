import type { FastifyReply } from 'fastify'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'

/**
 * A command refused because of the state of things (someone else confirmed it first, the Core Group changed, the
 * quotas are not yet right): the page is shown again with the reason in its error summary, linked to `field`.
 * Anything else goes to the error handler.
 */
export function stateErrors(err: unknown, field: string): FieldError[] {
  if (err instanceof AppError && (err.code === AppErrorCode.INVALID_STATE || err.code === AppErrorCode.VALIDATION_FAILED)) {
    return err.fieldErrors.length > 0 ? err.fieldErrors : [{ field, message: err.message }]
  }
  throw err
}

export function redirect(reply: FastifyReply, to: string) {
  return reply.redirect(to, 303)
}
