// Review rounds: one version opened to chosen audiences until a closing date (the last day comments are taken, in
// the UK). Managers open and close them; people see only the rounds opened to their audience (stakeholders never
// see a Core Group-only round), and those who read drafts see them all. Opening and closing are audited.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import {
  countComments,
  findRound,
  findVersionById,
  findVersionByNumber,
  findVersionNumbers,
  insertRound,
  listRoundAudiences,
  listRounds,
  listVersionSummaries,
  updateRound,
  type ReviewVersionRow,
  type RoundRow,
} from '../../data/review.repository.ts'
import { parseContent, type CharterContent } from '../versions/content.ts'
import {
  assertMay,
  AUDIENCE_NAMES,
  londonToday,
  mayManageReviews,
  mayReadAllReviews,
  notFound,
  REVIEW_AUDIENCES,
  ROUND_STAGES,
  STAGE_NAMES,
  standingOf,
  validationFailed,
  type Problem,
  type ReviewAudience,
  type RoundStage,
} from './model.ts'
import { reviewTargets, type ReviewTarget } from './targets.ts'

export interface OpenRoundInput {
  /** The version's number ("3") or id. */
  version: string
  title: string
  /** What reviewers are asked to look at, in plain English. */
  request: string
  /** The last day comments are taken, YYYY-MM-DD (UK date). Must be after today. */
  closesOn: string
  audiences: string[]
  stage?: string | null
}

export interface RoundDto {
  id: string
  versionId: string
  versionNumber: number
  title: string
  request: string
  closesOn: string
  /** 'closed' once a manager closes it or its closing date has passed. */
  status: 'open' | 'closed'
  /** Open, and on or before its closing date: comments are taken. */
  acceptingComments: boolean
  stage: RoundStage | null
  stageName: string | null
  audiences: ReviewAudience[]
  audienceNames: string[]
  createdAt: string
  closedAt: string | null
  commentCount: number
  openCommentCount: number
}

/** What the workflow slice sees of each round of a version. */
export interface RoundSummary {
  id: string
  title: string
  status: 'open' | 'closed'
  closesOn: string
  audiences: ReviewAudience[]
  stage: RoundStage | null
  commentCount: number
  openCommentCount: number
}

function isStage(v: unknown): v is RoundStage {
  return (ROUND_STAGES as readonly unknown[]).includes(v)
}

async function toDtos(deps: Pick<AppDeps, 'db' | 'clock'>, rows: readonly RoundRow[]): Promise<RoundDto[]> {
  const ids = rows.map(r => r.id)
  const [audiences, counts, numbers] = await Promise.all([
    listRoundAudiences(deps.db, ids),
    countComments(deps.db, ids),
    findVersionNumbers(
      deps.db,
      rows.map(r => r.version_id),
    ),
  ])
  const today = londonToday(deps.clock)
  const numberOf = new Map(numbers.map(v => [v.id, v.number]))
  return rows.map(r => {
    const mine = REVIEW_AUDIENCES.filter(a => audiences.some(x => x.round_id === r.id && x.audience === a))
    const accepting = r.status === 'open' && today <= r.closes_on
    const stage = isStage(r.stage) ? r.stage : null
    return {
      id: r.id,
      versionId: r.version_id,
      versionNumber: numberOf.get(r.version_id) ?? 0,
      title: r.title,
      request: r.request,
      closesOn: r.closes_on,
      status: accepting ? 'open' : 'closed',
      acceptingComments: accepting,
      stage,
      stageName: stage ? STAGE_NAMES[stage] : null,
      audiences: mine,
      audienceNames: mine.map(a => AUDIENCE_NAMES[a]),
      createdAt: r.created_at,
      closedAt: r.closed_at,
      commentCount: counts.get(r.id)?.total ?? 0,
      openCommentCount: counts.get(r.id)?.open ?? 0,
    }
  })
}

/** For the workflow slice: the rounds of one version, newest first (no permission check: the caller checks its own). */
export async function listRoundsForVersion(deps: Pick<AppDeps, 'db' | 'clock'>, versionId: string): Promise<RoundSummary[]> {
  return (await toDtos(deps, await listRounds(deps.db, { versionId }))).map(r => ({
    id: r.id,
    title: r.title,
    status: r.status,
    closesOn: r.closesOn,
    audiences: r.audiences,
    stage: r.stage,
    commentCount: r.commentCount,
    openCommentCount: r.openCommentCount,
  }))
}

/** The rounds this person may see: all of them for those who read drafts or manage reviews, else their audience's. */
export async function listVisibleRounds(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor): Promise<RoundDto[]> {
  if (mayReadAllReviews(actor)) return toDtos(deps, await listRounds(deps.db))
  const standing = await standingOf(deps, actor)
  if (standing.kind !== 'reviewer') return []
  return toDtos(deps, await listRounds(deps.db, { audiences: [standing.audience] }))
}

/** One round, if this person may see it (else NOT_FOUND: a round not opened to you is not shown to exist). */
export async function getRound(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, roundId: string): Promise<RoundDto> {
  const row = await findRound(deps.db, roundId)
  if (!row) throw notFound('review round')
  const [round] = await toDtos(deps, [row])
  if (mayReadAllReviews(actor)) return round!
  const standing = await standingOf(deps, actor)
  if (standing.kind !== 'reviewer' || !round!.audiences.includes(standing.audience)) throw notFound('review round')
  return round!
}

export interface RoundText {
  content: CharterContent
  targets: ReviewTarget[]
}

export function contentOfVersion(version: ReviewVersionRow): RoundText {
  const parsed = parseContent(version.content_json)
  if (!parsed.ok) throw new AppError(AppErrorCode.UNAVAILABLE, { message: `Version ${version.number} cannot be read: ${parsed.reason}` })
  return { content: parsed.content, targets: reviewTargets(parsed.content) }
}

/** The text of the round's version, with the parts people comment on, numbered. */
export async function getRoundText(deps: Pick<AppDeps, 'db'>, round: Pick<RoundDto, 'versionId'>): Promise<RoundText> {
  const version = await findVersionById(deps.db, round.versionId)
  if (!version) throw notFound('version')
  return contentOfVersion(version)
}

/** Versions a round can be opened on, newest first. */
export async function listVersionChoices(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<{ id: string; number: number; note: string; createdAt: string }[]> {
  assertMay(mayManageReviews(actor), 'open review rounds')
  return (await listVersionSummaries(deps.db)).map(v => ({ id: v.id, number: v.number, note: v.note, createdAt: v.created_at }))
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(value: string): boolean {
  const m = DATE.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])
}

/** Open a version to chosen audiences until a date. Audited as 'charter.review_round_opened'. */
export async function openRound(deps: AppDeps, actor: Actor, input: OpenRoundInput): Promise<{ id: string }> {
  assertMay(mayManageReviews(actor), 'open review rounds')
  const problems: Problem[] = []
  const wanted = String(input.version ?? '').trim()
  let version: ReviewVersionRow | undefined
  if (!wanted) problems.push({ field: 'version', message: 'Choose the version to review' })
  else {
    version = /^\d{1,9}$/.test(wanted) ? await findVersionByNumber(deps.db, Number(wanted)) : await findVersionById(deps.db, wanted)
    if (!version) problems.push({ field: 'version', message: 'There is no such version: choose one from the list' })
  }
  const title = String(input.title ?? '').trim()
  if (!title) problems.push({ field: 'title', message: 'Enter a title for the review round' })
  else if (title.length > 200) problems.push({ field: 'title', message: 'The title must be 200 characters or fewer' })
  const request = String(input.request ?? '').trim()
  if (!request) problems.push({ field: 'request', message: 'Enter what you are asking reviewers to look at' })
  else if (request.length > 5000) problems.push({ field: 'request', message: 'What you are asking must be 5,000 characters or fewer' })
  const closesOn = String(input.closesOn ?? '').trim()
  const today = londonToday(deps.clock)
  if (!closesOn) problems.push({ field: 'closesOn-day', message: 'Enter the last day comments are taken' })
  else if (!isRealDate(closesOn)) problems.push({ field: 'closesOn-day', message: 'The closing date must be a real date, like 27 3 2027' })
  else if (closesOn <= today) problems.push({ field: 'closesOn-day', message: 'The closing date must be in the future' })
  const audiences = REVIEW_AUDIENCES.filter(a => input.audiences.includes(a))
  if (audiences.length === 0 || audiences.length !== new Set(input.audiences).size) {
    problems.push({ field: 'audiences', message: 'Choose who is asked to review: at least one group' })
  }
  const stageRaw = input.stage ?? null
  const stage = stageRaw === null || stageRaw === '' ? null : isStage(stageRaw) ? stageRaw : undefined
  if (stage === undefined) problems.push({ field: 'stage', message: 'Choose the stage this round serves, or none' })
  if (problems.length || !version) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    await insertRound(
      uow.trx,
      {
        id,
        version_id: version.id,
        title,
        request,
        closes_on: closesOn,
        status: 'open',
        stage: stage ?? null,
        created_by_user_id: actor.userId,
        created_at: uow.now.toISOString(),
        closed_by_user_id: null,
        closed_at: null,
      },
      audiences,
    )
    await uow.audit({
      action: 'charter.review_round_opened',
      subjectType: 'charter_review_round',
      subjectId: id,
      summary: { after: { versionNumber: version.number, title, closesOn, audiences, stage: stage ?? null } },
    })
  })
  return { id }
}

/** Stop taking comments before the closing date. Audited as 'charter.review_round_closed'. */
export async function closeRound(deps: AppDeps, actor: Actor, roundId: string): Promise<void> {
  assertMay(mayManageReviews(actor), 'close review rounds')
  const row = await findRound(deps.db, roundId)
  if (!row) throw notFound('review round')
  if (row.status === 'closed') throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This review round is already closed' })
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await updateRound(uow.trx, roundId, { status: 'closed', closed_by_user_id: actor.userId, closed_at: now })
    await uow.audit({ action: 'charter.review_round_closed', subjectType: 'charter_review_round', subjectId: roundId, summary: { before: { status: 'open' }, after: { status: 'closed' } } })
  })
}
