// Comments on a version in a review round: each on one part of the text (the title, the introduction, a section, a
// commitment or a "what we ask of you" item), each labelled with who it comes from (their audience, stakeholders by
// organisation) and the channel it came through: online, or on paper, by phone, at a meeting or by email, entered by
// staff. Staff answer comments and resolve them; the commenter sees the answers under "My comments". Everything is
// audited, never with the text of a comment or a response.
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { newId } from '../../../../platform/ids.ts'
import { findActiveParticipantByPseudonym, findOwnParticipantId } from '../../../panel/index.ts'
import type { CommentChannel } from '../../data/charter.table.ts'
import { findComment, findRound, insertComment, insertResponse, listCommentsOf, listResponses, listRoundComments, updateComment, type CommentRow } from '../../data/review.repository.ts'
import {
  assertMay,
  AUDIENCE_NAMES,
  BODY_MAX,
  CHANNEL_NAMES,
  commenterLabel,
  fullLabel,
  mayManageReviews,
  mayReadAllReviews,
  mayReview,
  notFound,
  OFFLINE_CHANNELS,
  responderLabel,
  REVIEW_AUDIENCES,
  standingOf,
  validationFailed,
  type Problem,
  type ReviewAudience,
} from './model.ts'
import { getRound, getRoundText, type RoundDto } from './rounds.ts'
import { findTarget, type ReviewTarget } from './targets.ts'

/** Looks up a Core Group member's pseudonym for staff entering their comment (after the review permission check). */
const PANEL_LOOKUP = systemActor('charter: comments entered by staff')

export interface ResponseDto {
  id: string
  body: string
  responderLabel: string
  createdAt: string
}

export interface CommentDto {
  id: string
  roundId: string
  targetKey: string
  /** "2.3", or "Title"; null when the version has no such part (it cannot happen for comments made here). */
  targetNumber: string | null
  targetLabel: string
  body: string
  audience: ReviewAudience
  audienceName: string
  commenterLabel: string
  channel: CommentChannel
  channelName: string
  /** "Stakeholder: Citizens Advice — online" */
  label: string
  status: 'open' | 'resolved'
  createdAt: string
  resolvedAt: string | null
  enteredByStaff: boolean
  responses: ResponseDto[]
}

export interface CommentInput {
  targetKey: string
  body: string
}

export interface EnteredCommentInput extends CommentInput {
  audience: string
  channel: string
  /** A Core Group member's pseudonym (for the Core Group). */
  pseudonym: string
  /** The stakeholder organisation (for stakeholders). */
  organisation: string
}

export interface CommentFilter {
  audience?: string
  status?: string
  channel?: string
}

async function toDtos(deps: Pick<AppDeps, 'db'>, rows: readonly CommentRow[], targetsOf: (row: CommentRow) => readonly ReviewTarget[]): Promise<CommentDto[]> {
  const responses = await listResponses(
    deps.db,
    rows.map(r => r.id),
  )
  return rows.map(r => {
    const target = findTarget(targetsOf(r), r.target_key)
    return {
      id: r.id,
      roundId: r.round_id,
      targetKey: r.target_key,
      targetNumber: target?.number ?? null,
      targetLabel: target?.label ?? `A part no longer in this version (${r.target_key})`,
      body: r.body,
      audience: r.audience,
      audienceName: AUDIENCE_NAMES[r.audience] ?? r.audience,
      commenterLabel: r.commenter_label,
      channel: r.channel,
      channelName: CHANNEL_NAMES[r.channel] ?? r.channel,
      label: fullLabel(r.commenter_label, r.channel),
      status: r.status,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
      enteredByStaff: r.channel !== 'online',
      responses: responses.filter(x => x.comment_id === r.id).map(x => ({ id: x.id, body: x.body, responderLabel: x.responder_label, createdAt: x.created_at })),
    }
  })
}

function checkTargetAndBody(targets: readonly ReviewTarget[], input: CommentInput, problems: Problem[]): void {
  if (!input.targetKey?.trim()) problems.push({ field: 'on', message: 'Choose the part of the charter your comment is about' })
  else if (!findTarget(targets, input.targetKey.trim())) problems.push({ field: 'on', message: 'That part is not in this version of the charter: choose one from the list' })
  const body = String(input.body ?? '').trim()
  if (!body) problems.push({ field: 'body', message: 'Enter your comment' })
  else if (body.length > BODY_MAX) problems.push({ field: 'body', message: `Your comment must be ${BODY_MAX.toLocaleString('en-GB')} characters or fewer` })
}

function assertTakingComments(round: RoundDto): void {
  if (!round.acceptingComments) {
    throw validationFailed([{ field: 'body', message: `This review round is closed: it took comments until ${round.closesOn}, and no more can be added` }])
  }
}

/** A reviewer's own comment, online, in a round opened to their audience. Audited as 'charter.comment_added'. */
export async function addComment(deps: AppDeps, actor: Actor, roundId: string, input: CommentInput): Promise<{ id: string }> {
  assertMay(mayReview(actor), 'comment on charter drafts')
  const standing = await standingOf(deps, actor)
  const round = await getRound(deps, actor, roundId)
  if (standing.kind !== 'reviewer') throw validationFailed([{ field: 'body', message: 'You are not registered as a reviewer yet: ask the charter team to register you' }])
  // Those who read every round may still comment only in rounds opened to their own audience.
  if (!round.audiences.includes(standing.audience)) throw notFound('review round')
  assertTakingComments(round)
  const { targets } = await getRoundText(deps, round)
  const problems: Problem[] = []
  checkTargetAndBody(targets, input, problems)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    await insertComment(uow.trx, {
      id,
      round_id: round.id,
      target_key: input.targetKey.trim(),
      body: input.body.trim(),
      audience: standing.audience,
      commenter_label: standing.label,
      channel: 'online',
      commenter_user_id: actor.userId,
      commenter_participant_id: null,
      entered_by_user_id: null,
      status: 'open',
      created_at: uow.now.toISOString(),
      resolved_by_user_id: null,
      resolved_at: null,
    })
    await uow.audit({
      action: 'charter.comment_added',
      subjectType: 'charter_comment',
      subjectId: id,
      summary: { roundId: round.id, targetKey: input.targetKey.trim(), audience: standing.audience, channel: 'online' },
    })
  })
  return { id }
}

/**
 * A comment given on paper, by phone, at a meeting or by email, entered by staff for the person who gave it. A Core
 * Group member is named by pseudonym; a stakeholder by organisation. Audited as 'charter.comment_entered'.
 */
export async function enterCommentOnBehalf(deps: AppDeps, actor: Actor, roundId: string, input: EnteredCommentInput): Promise<{ id: string }> {
  assertMay(mayManageReviews(actor), 'enter comments for reviewers')
  const round = await getRound(deps, actor, roundId)
  assertTakingComments(round)
  const { targets } = await getRoundText(deps, round)
  const problems: Problem[] = []
  const audience = REVIEW_AUDIENCES.find(a => a === input.audience)
  if (!audience || !round.audiences.includes(audience)) {
    problems.push({ field: 'audience', message: 'Choose whom the comment comes from: one of the groups this round is open to' })
  }
  let participantId: string | null = null
  const organisation = String(input.organisation ?? '').trim()
  if (audience === 'core_group' && round.audiences.includes(audience)) {
    const typed = String(input.pseudonym ?? '').trim()
    if (!typed) problems.push({ field: 'pseudonym', message: 'Enter the Core Group member’s pseudonym' })
    else {
      const person = await findActiveParticipantByPseudonym(deps, PANEL_LOOKUP, typed)
      if (!person) problems.push({ field: 'pseudonym', message: 'There is no active panel member with that pseudonym: check it and try again' })
      else participantId = person.participantId
    }
  }
  if (audience === 'stakeholders' && round.audiences.includes(audience)) {
    if (!organisation) problems.push({ field: 'organisation', message: 'Enter the stakeholder organisation the comment comes from' })
    else if (organisation.length > 200) problems.push({ field: 'organisation', message: 'The organisation must be 200 characters or fewer' })
  }
  const channel = OFFLINE_CHANNELS.find(c => c === input.channel)
  if (!channel) problems.push({ field: 'channel', message: 'Choose how the comment was given: on paper, by phone, at a meeting or by email' })
  checkTargetAndBody(targets, input, problems)
  if (problems.length || !audience || !channel) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    await insertComment(uow.trx, {
      id,
      round_id: round.id,
      target_key: input.targetKey.trim(),
      body: input.body.trim(),
      audience,
      commenter_label: commenterLabel(audience, organisation),
      channel,
      commenter_user_id: null,
      commenter_participant_id: participantId,
      entered_by_user_id: actor.userId,
      status: 'open',
      created_at: uow.now.toISOString(),
      resolved_by_user_id: null,
      resolved_at: null,
    })
    await uow.audit({
      action: 'charter.comment_entered',
      subjectType: 'charter_comment',
      subjectId: id,
      summary: { roundId: round.id, targetKey: input.targetKey.trim(), audience, channel, onBehalfOfParticipant: participantId },
    })
  })
  return { id }
}

async function loadComment(deps: Pick<AppDeps, 'db'>, commentId: string): Promise<CommentRow> {
  const row = await findComment(deps.db, commentId)
  if (!row) throw notFound('comment')
  return row
}

/** The round a comment belongs to (for those who manage reviews). */
export async function roundOfComment(deps: Pick<AppDeps, 'db'>, actor: Actor, commentId: string): Promise<string> {
  assertMay(mayManageReviews(actor), 'answer comments')
  return (await loadComment(deps, commentId)).round_id
}

/** Answer a comment (and, if asked, resolve it). The commenter sees the answer. Audited. */
export async function respondToComment(deps: AppDeps, actor: Actor, commentId: string, input: { body: string; resolve?: boolean }): Promise<{ roundId: string }> {
  assertMay(mayManageReviews(actor), 'answer comments')
  const comment = await loadComment(deps, commentId)
  const body = String(input.body ?? '').trim()
  if (!body) throw validationFailed([{ field: `response-${commentId}`, message: 'Enter your answer to the comment' }])
  if (body.length > BODY_MAX) throw validationFailed([{ field: `response-${commentId}`, message: `Your answer must be ${BODY_MAX.toLocaleString('en-GB')} characters or fewer` }])
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    await insertResponse(uow.trx, { id, comment_id: commentId, body, responder_user_id: actor.userId, responder_label: responderLabel(actor), created_at: now })
    await uow.audit({ action: 'charter.comment_answered', subjectType: 'charter_comment', subjectId: commentId, summary: { roundId: comment.round_id, responseId: id } })
    if (input.resolve && comment.status !== 'resolved') {
      await updateComment(uow.trx, commentId, { status: 'resolved', resolved_by_user_id: actor.userId, resolved_at: now })
      await uow.audit({ action: 'charter.comment_resolved', subjectType: 'charter_comment', subjectId: commentId, summary: { before: { status: 'open' }, after: { status: 'resolved' } } })
    }
  })
  return { roundId: comment.round_id }
}

/** Mark a comment as dealt with. Audited as 'charter.comment_resolved'. */
export async function resolveComment(deps: AppDeps, actor: Actor, commentId: string): Promise<{ roundId: string }> {
  return setStatus(deps, actor, commentId, 'resolved')
}

/** Open a resolved comment again. Audited as 'charter.comment_reopened'. */
export async function reopenComment(deps: AppDeps, actor: Actor, commentId: string): Promise<{ roundId: string }> {
  return setStatus(deps, actor, commentId, 'open')
}

async function setStatus(deps: AppDeps, actor: Actor, commentId: string, status: 'open' | 'resolved'): Promise<{ roundId: string }> {
  assertMay(mayManageReviews(actor), 'resolve comments')
  const comment = await loadComment(deps, commentId)
  if (comment.status === status) return { roundId: comment.round_id }
  await inTransaction(deps, actor, async uow => {
    const resolved = status === 'resolved'
    await updateComment(uow.trx, commentId, { status, resolved_by_user_id: resolved ? actor.userId : null, resolved_at: resolved ? uow.now.toISOString() : null })
    await uow.audit({
      action: resolved ? 'charter.comment_resolved' : 'charter.comment_reopened',
      subjectType: 'charter_comment',
      subjectId: commentId,
      summary: { before: { status: comment.status }, after: { status } },
    })
  })
  return { roundId: comment.round_id }
}

/** Every comment of a round, for those who read all rounds, filtered by audience, status and channel. */
export async function listCommentsOfRound(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, roundId: string, filter: CommentFilter = {}): Promise<CommentDto[]> {
  const round = await getRound(deps, actor, roundId)
  assertMay(mayReadAllReviews(actor), 'read every comment')
  const { targets } = await getRoundText(deps, round)
  const rows = (await listRoundComments(deps.db, round.id)).filter(
    r => (!filter.audience || r.audience === filter.audience) && (!filter.status || r.status === filter.status) && (!filter.channel || r.channel === filter.channel),
  )
  return toDtos(deps, rows, () => targets)
}

/**
 * The comments shown under the text of a round: all of them to those who read every round, and otherwise the
 * person's own (a stakeholder never sees another organisation's comments, nor the Core Group's).
 */
export async function listCommentsForRoundPage(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, round: RoundDto, targets: readonly ReviewTarget[]): Promise<CommentDto[]> {
  const rows = await listRoundComments(deps.db, round.id)
  const shown = mayReadAllReviews(actor) ? rows : rows.filter(r => actor.userId !== null && r.commenter_user_id === actor.userId)
  return toDtos(deps, shown, () => targets)
}

export interface MyComment extends CommentDto {
  roundTitle: string
  versionNumber: number
}

/** "My comments": the person's own comments (online, and those staff entered for them) with the answers. */
export async function listMyComments(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor): Promise<MyComment[]> {
  assertMay(mayReview(actor), 'comment on charter drafts')
  if (!actor.userId) return []
  let participantId: string | null = null
  if (actor.role === 'core_group_member') participantId = await findOwnParticipantId(deps, actor).catch(() => null)
  const rows = await listCommentsOf(deps.db, { userId: actor.userId, participantId })
  const rounds = new Map<string, { round: RoundDto | null; targets: readonly ReviewTarget[] }>()
  for (const r of rows) {
    if (rounds.has(r.round_id)) continue
    const row = await findRound(deps.db, r.round_id)
    const round = row ? await getRound(deps, systemActor('charter: my comments'), row.id) : null
    rounds.set(r.round_id, { round, targets: round ? (await getRoundText(deps, round)).targets : [] })
  }
  const dtos = await toDtos(deps, rows, r => rounds.get(r.round_id)?.targets ?? [])
  return dtos.map(d => {
    const round = rounds.get(d.roundId)?.round
    return { ...d, roundTitle: round?.title ?? 'A review round', versionNumber: round?.versionNumber ?? 0 }
  })
}
