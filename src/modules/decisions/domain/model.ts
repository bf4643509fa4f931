// What a Core Group decision is, in words: who may do what, problems in plain English, and the labels pages show.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can, type Action } from '../../../platform/auth/permissions.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import type { PostKind, ProposalStatus } from '../data/decisions.table.ts'
import type { DecisionResult } from './rules/outcome.ts'
import type { Channel, Method } from './rules/types.ts'

export type { PostKind, ProposalStatus } from '../data/decisions.table.ts'

export function may(actor: Actor, action: Action): boolean {
  return actor.role === 'system' || can(actor.role, action)
}

export function assertMay(actor: Actor, action: Action, what: string): void {
  if (!may(actor, action)) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export function validationFailed(problems: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: problems[0]?.message ?? 'Check what you entered', fieldErrors: problems })
}

export function notFound(): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such proposal' })
}

export function invalidState(message: string): AppError {
  return new AppError(AppErrorCode.INVALID_STATE, { message })
}

export const METHOD_LABELS: Record<Method, string> = {
  consent: 'Consent with objections',
  consensus: 'Consensus check',
  majority: 'Majority vote',
  ranked: 'Ranked choice',
}

export const METHOD_HINTS: Record<Method, string> = {
  consent: 'Members consent, consent with a concern, or object. It is agreed if no objection stands.',
  consensus: 'Members agree, stand aside or block. It is agreed if no one blocks and few stand aside.',
  majority: 'Members vote for, against or abstain. It is agreed if enough vote for it.',
  ranked: 'Members number the options in order of preference. The option most prefer is chosen.',
}

export const STATUS_LABELS: Record<ProposalStatus, string> = {
  draft: 'Draft',
  open: 'Open for votes',
  decided: 'Decided',
  withdrawn: 'Withdrawn',
}

export const CHANNEL_LABELS: Record<Channel, string> = {
  meeting: 'At a meeting',
  online: 'Online',
  phone_facilitated: 'By phone, through a facilitator',
}

export const POST_KIND_LABELS: Record<PostKind, string> = {
  core_group: 'Core Group',
  official_advice: 'Advice from a policy official',
  advisor_advice: 'Advice from an advisor',
  stakeholder: 'Stakeholder',
  facilitator_note: 'Facilitator’s note',
}

/** The outcome as the charter and the public log name it. A ranked choice that chose an option was adopted. */
export type OutcomeWord = 'adopted' | 'not_adopted' | 'no_quorum'

export function outcomeWord(result: string | null): OutcomeWord | null {
  if (result === 'adopted' || result === 'chosen') return 'adopted'
  if (result === 'not_adopted' || result === 'no_quorum') return result
  return null
}

export function resultLabel(result: DecisionResult | string | null, chosenLabel?: string | null): string {
  switch (result) {
    case 'adopted':
      return 'Agreed'
    case 'not_adopted':
      return 'Not agreed'
    case 'no_quorum':
      return 'No decision: not enough members took part'
    case 'chosen':
      return chosenLabel ? `Chosen: ${chosenLabel}` : 'An option was chosen'
    default:
      return 'Not decided yet'
  }
}

/** 'YYYY-MM-DD' of a date, in UTC (the service's dates are days, not times). */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export function isRealDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00.000Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/**
 * Read a GOV.UK date input (`<prefix>-day`, `-month`, `-year`) into 'YYYY-MM-DD', or a problem on the first part
 * that is wrong. `what` names the date in messages, e.g. "the review date".
 */
export function readDateParts(values: Record<string, unknown>, prefix: string, what: string): { value: string | null; problem: FieldError | null } {
  const part = (p: string) => {
    const v = values[`${prefix}-${p}`]
    return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim()
  }
  const [day, month, year] = [part('day'), part('month'), part('year')]
  const example = 'like 27 3 2027'
  if (!day && !month && !year) return { value: null, problem: { field: `${prefix}-day`, message: `Enter ${what}` } }
  for (const [name, v] of [['day', day], ['month', month], ['year', year]] as const) {
    if (!v) return { value: null, problem: { field: `${prefix}-${name}`, message: `${capitalise(what)} must include a ${name}` } }
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { value: null, problem: { field: `${prefix}-day`, message: `${capitalise(what)} must be a real date, ${example}` } }
  }
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
  if (!isRealDay(iso)) return { value: null, problem: { field: `${prefix}-day`, message: `${capitalise(what)} must be a real date, ${example}` } }
  return { value: iso, problem: null }
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
