/** Error codes the domain may throw, each with its HTTP status. Domain code never imports HTTP types. */
export const AppErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  CONFLICT: 'CONFLICT',
  INVALID_STATE: 'INVALID_STATE',
  RATE_LIMITED: 'RATE_LIMITED',
  UNAVAILABLE: 'UNAVAILABLE',
} as const
export type AppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode]

const STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  VALIDATION_FAILED: 400,
  CONFLICT: 409,
  INVALID_STATE: 409,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
}

export interface FieldError {
  /** The form field's id, used to link the error summary to the field. */
  field: string
  message: string
}

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly fieldErrors: FieldError[]
  constructor(code: AppErrorCode, opts: { message?: string; field?: string; fieldErrors?: FieldError[]; cause?: unknown } = {}) {
    super(opts.message ?? code, { cause: opts.cause })
    this.name = 'AppError'
    this.code = code
    this.fieldErrors = opts.fieldErrors ?? (opts.field ? [{ field: opts.field, message: opts.message ?? code }] : [])
  }
  get status(): number {
    return STATUS[this.code]
  }
}

export function httpStatusFor(code: AppErrorCode): number {
  return STATUS[code]
}

/** A business-rule failure on one field, shown to the user as a GOV.UK form error. */
export function fieldError(field: string, message: string): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { field, message })
}
