// What analysis is, in words: who may do what, problems in plain English, and the shapes pages see.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'

export function mayReadAnalysis(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'analysis:read')
}

export function mayCode(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'analysis:code')
}

export function mayReadFindings(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'analysis:read_findings')
}

export function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export type Problem = { field: string; message: string }

export function validationFailed(problems: Problem[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: problems })
}

export function notFound(what: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message: `There is no such ${what}` })
}

/** A coder is a signed-in person; the system never codes. */
export function coderOf(actor: Actor): string {
  if (!actor.userId) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Sign in to code evidence' })
  return actor.userId
}

/** The person to count once: the panel member, or the item itself when no one is known. */
export function personKeyOf(evidenceItemId: string, participantId: string | null): string {
  return participantId ? `p:${participantId}` : `i:${evidenceItemId}`
}
