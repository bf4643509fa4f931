import type { FastifyReply } from 'fastify'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'

/**
 * A command refused because of the state of things (someone else confirmed it first, the Core Group changed, the
 * quotas are not yet right): the page is shown again with the reason in its error summary, linked to `field`.
 * Anything else goes to the error handler.
 */
export function stateErrors(err: unknown, field: string): FieldError[] {
  if (err instanceof AppError && (err.code === AppErrorCode.INVALID_STATE || err.code === AppErrorCode.VALIDATION_FAILED)) {
    return err.fieldErrors.length > 0 ? oneErrorPerField(err.fieldErrors) : [{ field, message: err.message }]
  }
  throw err
}

/**
 * One message per field (GOV.UK: the summary links to each field once, and the same message is beside it): a command
 * can find two problems with one box (a minimum above its maximum, and the minimums adding up to too many), so they
 * are said together, in the order found.
 */
export function oneErrorPerField(errors: readonly FieldError[]): FieldError[] {
  const out: FieldError[] = []
  for (const e of errors) {
    const same = out.find(o => o.field === e.field)
    if (!same) out.push({ ...e })
    else if (!same.message.includes(e.message)) same.message = `${same.message.replace(/\.$/, '')}. ${e.message}`
  }
  return out
}

export function redirect(reply: FastifyReply, to: string) {
  return reply.redirect(to, 303)
}
