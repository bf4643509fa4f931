// What a charter review is, in words: the audiences and channels and how each comment is labelled, who may do what,
// today's date in the UK, and problems in plain English.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import { ROLE_LABELS } from '../../../../platform/auth/roles.ts'
import type { Clock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import type { CommentChannel, ReviewAudience, ReviewerAudience } from '../../data/charter.table.ts'
import { findReviewer } from '../../data/review.repository.ts'

export type { CommentChannel, ReviewAudience, ReviewerAudience }

export const REVIEW_AUDIENCES: readonly ReviewAudience[] = ['core_group', 'stakeholders', 'ombudsman', 'advisory_group', 'staff']
export const REVIEWER_AUDIENCES: readonly ReviewerAudience[] = ['stakeholders', 'ombudsman', 'advisory_group', 'staff']
export const COMMENT_CHANNELS: readonly CommentChannel[] = ['online', 'paper', 'phone', 'meeting', 'email']
/** The channels staff enter comments from. */
export const OFFLINE_CHANNELS: readonly Exclude<CommentChannel, 'online'>[] = ['paper', 'phone', 'meeting', 'email']
export const ROUND_STAGES = ['core_group_review', 'stakeholder_sense_check', 'advice'] as const
export type RoundStage = (typeof ROUND_STAGES)[number]

/** The audience as a group, for lists and choices. */
export const AUDIENCE_NAMES: Record<ReviewAudience, string> = {
  core_group: 'Core Group',
  stakeholders: 'Stakeholder organisations',
  ombudsman: 'Ombudsman',
  advisory_group: 'Expert advisory group',
  staff: 'Staff sounding board',
}

export const CHANNEL_NAMES: Record<CommentChannel, string> = {
  online: 'Online',
  paper: 'On paper',
  phone: 'By phone',
  meeting: 'At a meeting',
  email: 'By email',
}

export const STAGE_NAMES: Record<RoundStage, string> = {
  core_group_review: 'Core Group review',
  stakeholder_sense_check: 'Stakeholder sense-check',
  advice: 'Advice from the ombudsman, expert group and staff',
}

export const BODY_MAX = 5000

/** How one commenter is labelled: stakeholders always by organisation, never as lived experience. */
export function commenterLabel(audience: ReviewAudience, organisation?: string | null): string {
  switch (audience) {
    case 'core_group':
      return 'Core Group member'
    case 'stakeholders':
      return `Stakeholder: ${organisation?.trim() || 'organisation not given'}`
    case 'ombudsman':
      return 'Ombudsman'
    case 'advisory_group':
      return 'Expert advisory group'
    case 'staff':
      return 'Staff sounding board'
  }
}

/** "online", "by phone, entered by staff" ... */
export function channelText(channel: CommentChannel): string {
  switch (channel) {
    case 'online':
      return 'online'
    case 'paper':
      return 'on paper, entered by staff'
    case 'phone':
      return 'by phone, entered by staff'
    case 'meeting':
      return 'at a meeting, entered by staff'
    case 'email':
      return 'by email, entered by staff'
  }
}

/** The full label every comment carries: "Stakeholder: Citizens Advice — online". */
export function fullLabel(commenter: string, channel: CommentChannel): string {
  return `${commenter} — ${channelText(channel)}`
}

const may = (actor: Actor, action: Parameters<typeof can>[1]) => actor.role === 'system' || can(actor.role, action)

/** Comment on a version in a round opened to one's audience: Core Group members, stakeholders, advisors. */
export const mayReview = (actor: Actor) => actor.role !== 'system' && can(actor.role, 'charter:review')
/** Register reviewers, open and close rounds, enter comments for others, answer and resolve, print the pack. */
export const mayManageReviews = (actor: Actor) => may(actor, 'charter:manage_reviews')
/** Read every round and every comment. */
export const mayReadAllReviews = (actor: Actor) => may(actor, 'charter:read_drafts') || mayManageReviews(actor)

export function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export type Problem = { field: string; message: string }

export function validationFailed(problems: Problem[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: problems[0]?.message ?? 'Check what you entered', fieldErrors: problems })
}

export function notFound(what: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message: `There is no such ${what}` })
}

/** The responder as the commenter sees them: the team, by role (never a member of staff's name). */
export function responderLabel(actor: Actor): string {
  return actor.role === 'system' ? 'The charter team' : `The charter team (${ROLE_LABELS[actor.role]})`
}

/** Today's date in the UK (Europe/London), as YYYY-MM-DD. */
export function londonToday(clock: Clock): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(clock.now())
  const get = (t: string) => parts.find(p => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}

/** Who the signed-in reviewer speaks for. */
export type ReviewerStanding =
  | { kind: 'reviewer'; audience: ReviewAudience; label: string }
  /** A stakeholder or advisor account nobody has registered yet: they are told whom to ask. */
  | { kind: 'unregistered'; role: 'stakeholder' | 'advisor' }
  | { kind: 'none' }

export async function standingOf(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<ReviewerStanding> {
  if (!mayReview(actor) || !actor.userId) return { kind: 'none' }
  if (actor.role === 'core_group_member') return { kind: 'reviewer', audience: 'core_group', label: commenterLabel('core_group') }
  if (actor.role !== 'stakeholder' && actor.role !== 'advisor') return { kind: 'none' }
  const row = await findReviewer(deps.db, actor.userId)
  const fits = row && (actor.role === 'stakeholder' ? row.audience === 'stakeholders' && !!row.organisation?.trim() : row.audience !== 'stakeholders')
  if (!row || !fits) return { kind: 'unregistered', role: actor.role }
  return { kind: 'reviewer', audience: row.audience, label: commenterLabel(row.audience, row.organisation) }
}
