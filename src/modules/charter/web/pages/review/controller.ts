import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, queryString } from '../../../../../platform/http/validate.ts'
import {
  enterCommentOnBehalf,
  addComment,
  listCommentsForRoundPage,
  listCommentsOfRound,
  listMyComments,
  reopenComment,
  resolveComment,
  respondToComment,
  roundOfComment,
  type CommentDto,
  type CommentFilter,
  type EnteredCommentInput,
} from '../../../domain/review/comments.ts'
import {
  AUDIENCE_NAMES,
  BODY_MAX,
  CHANNEL_NAMES,
  COMMENT_CHANNELS,
  mayManageReviews,
  mayReadAllReviews,
  notFound,
  OFFLINE_CHANNELS,
  REVIEW_AUDIENCES,
  ROUND_STAGES,
  STAGE_NAMES,
  standingOf,
  type ReviewerStanding,
} from '../../../domain/review/model.ts'
import { dateInWords, getReviewPack } from '../../../domain/review/pack.ts'
import { audienceChoices, listReviewerAccounts, registerReviewer, removeReviewer } from '../../../domain/review/reviewers.ts'
import { closeRound, getRound, getRoundText, listVersionChoices, listVisibleRounds, openRound, type RoundDto } from '../../../domain/review/rounds.ts'
import { findTarget, kindName, type ReviewTarget } from '../../../domain/review/targets.ts'
import { dateFrom, list, text, type Body } from './form.ts'

type WithId = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, unknown> }>
type WithComment = FastifyRequest<{ Params: { commentId: string } }>
type WithUser = FastifyRequest<{ Params: { userId: string } }>
const DIR = 'charter/web/pages/review'

function roundView(round: RoundDto) {
  return { ...round, closesOnText: dateInWords(round.closesOn) }
}

/** Whether this person may comment in this round now (and if not, why, in words), from their standing. */
function commenting(standing: ReviewerStanding, round: RoundDto): { may: boolean; why: string | null } {
  if (standing.kind !== 'reviewer') return { may: false, why: null }
  if (!round.audiences.includes(standing.audience)) return { may: false, why: `This round asks for comments from: ${round.audienceNames.join(', ')}. You can read it, but not comment in it.` }
  if (!round.acceptingComments) return { may: false, why: `This round closed on ${dateInWords(round.closesOn)}: no more comments can be added.` }
  return { may: true, why: null }
}

// The list of rounds

/** GET /charter/reviews: the rounds I can see (all of them for those who read drafts or manage reviews). */
export function index(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const standing = await standingOf(deps, request.actor)
    const manage = mayManageReviews(request.actor)
    const readAll = mayReadAllReviews(request.actor)
    const rounds = await listVisibleRounds(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, {
      pageTitle: 'Charter reviews',
      standing,
      manage,
      readAll,
      rounds: rounds.map(roundView),
      contactEmail: deps.config.organisation.contactEmail,
    })
  }
}

// Opening a round

interface NewRoundValues {
  version: string
  title: string
  request: string
  'closesOn-day': string
  'closesOn-month': string
  'closesOn-year': string
  audiences: string[]
  stage: string
}

async function renderNew(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, values: NewRoundValues, errors?: FieldError[]) {
  const versions = await listVersionChoices(deps, request.actor)
  return reply.render(
    `${DIR}/new.njk`,
    {
      pageTitle: 'Open a review round',
      backLink: '/charter/reviews',
      values,
      versionItems: versions.map(v => ({ value: String(v.number), text: `Version ${v.number}`, hint: { text: v.note }, checked: values.version === String(v.number) || values.version === v.id })),
      audienceItems: REVIEW_AUDIENCES.map(a => ({ value: a, text: AUDIENCE_NAMES[a], checked: values.audiences.includes(a) })),
      stageItems: [
        { value: '', text: 'None: a review outside the stages', checked: values.stage === '' },
        ...ROUND_STAGES.map(s => ({ value: s, text: STAGE_NAMES[s], checked: values.stage === s })),
      ],
      errors,
    },
    errors ? 400 : undefined,
  )
}

/** GET /charter/reviews/new */
export function getNew(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const version = queryString(request.query?.version, 40) ?? ''
    return renderNew(deps, request, reply, { version, title: '', request: '', 'closesOn-day': '', 'closesOn-month': '', 'closesOn-year': '', audiences: [], stage: '' })
  }
}

/** POST /charter/reviews/new: open the round (audited). */
export function postNew(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    const values: NewRoundValues = {
      version: text(body, 'version'),
      title: text(body, 'title'),
      request: text(body, 'request'),
      'closesOn-day': text(body, 'closesOn-day'),
      'closesOn-month': text(body, 'closesOn-month'),
      'closesOn-year': text(body, 'closesOn-year'),
      audiences: list(body, 'audiences'),
      stage: text(body, 'stage'),
    }
    try {
      const { id } = await openRound(deps, request.actor, {
        version: values.version,
        title: values.title,
        request: values.request,
        closesOn: dateFrom(body, 'closesOn'),
        audiences: values.audiences,
        stage: values.stage,
      })
      request.session.flash = 'Review round opened'
      return reply.redirect(`/charter/reviews/${id}`, 303)
    } catch (err) {
      return renderNew(deps, request, reply, values, fieldErrorsOf(err))
    }
  }
}

// One round: the text with comments beneath each part

interface TargetView extends ReviewTarget {
  kindName: string
  paragraphs: string[]
  comments: CommentDto[]
}

function targetViews(targets: readonly ReviewTarget[], comments: readonly CommentDto[]): TargetView[] {
  return targets.map(t => ({
    ...t,
    kindName: kindName(t.kind),
    paragraphs: (t.kind === 'section' ? t.text.split('\n\n').slice(1).join('\n\n') : t.text).split(/\n\s*\n/).map(p => p.trim()).filter(Boolean),
    comments: comments.filter(c => c.targetKey === t.key),
  }))
}

/** GET /charter/reviews/:id */
export function show(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const round = await getRound(deps, request.actor, request.params.id)
    const { content, targets } = await getRoundText(deps, round)
    const standing = await standingOf(deps, request.actor)
    const comments = await listCommentsForRoundPage(deps, request.actor, round, targets)
    const views = targetViews(targets, comments)
    return reply.render(`${DIR}/round.njk`, {
      pageTitle: round.title,
      backLink: '/charter/reviews',
      round: roundView(round),
      charterTitle: content.title,
      head: views.filter(v => v.sectionIndex === null),
      sections: content.sections.map((_, s) => ({ parts: views.filter(v => v.sectionIndex === s) })),
      commenting: commenting(standing, round),
      manage: mayManageReviews(request.actor),
      readAll: mayReadAllReviews(request.actor),
      commentCount: comments.length,
    })
  }
}

/** POST /charter/reviews/:id/close (audited) */
export function postClose(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    await closeRound(deps, request.actor, request.params.id)
    request.session.flash = 'Review round closed: no more comments can be added'
    return reply.redirect(`/charter/reviews/${request.params.id}`, 303)
  }
}

// Commenting on one part, by keyboard and without JavaScript: one form per part

async function renderComment(deps: AppDeps, request: WithId, reply: FastifyReply, values: { on: string; body: string }, errors?: FieldError[]) {
  const round = await getRound(deps, request.actor, request.params.id)
  const { targets } = await getRoundText(deps, round)
  const standing = await standingOf(deps, request.actor)
  const target = findTarget(targets, values.on)
  const state = commenting(standing, round)
  return reply.render(
    `${DIR}/comment.njk`,
    {
      pageTitle: target ? `Comment on ${target.number === 'Title' || target.number === 'Introduction' ? `the ${target.number.toLowerCase()}` : target.number}` : 'Add a comment',
      backLink: `/charter/reviews/${round.id}${target ? `#part-${target.key}` : ''}`,
      round: roundView(round),
      target: target ? { ...target, kindName: kindName(target.kind), paragraphs: target.text.split(/\n\s*\n/).filter(p => p.trim()) } : null,
      targetItems: targets.map(t => ({ value: t.key, text: t.label, selected: t.key === values.on })),
      values,
      standing,
      commenting: state,
      label: standing.kind === 'reviewer' ? `${standing.label} — online` : '',
      bodyMax: BODY_MAX,
      errors,
    },
    errors ? 400 : undefined,
  )
}

/** GET /charter/reviews/:id/comment?on=KEY */
export function getComment(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderComment(deps, request, reply, { on: queryString(request.query?.on, 64) ?? '', body: '' })
}

/** POST /charter/reviews/:id/comment (audited) */
export function postComment(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { on: text(body, 'on'), body: text(body, 'body') }
    try {
      await addComment(deps, request.actor, request.params.id, { targetKey: values.on, body: values.body })
      request.session.flash = 'Comment sent. You will see any answer under My comments.'
      return reply.redirect(`/charter/reviews/${request.params.id}#part-${encodeURIComponent(values.on)}`, 303)
    } catch (err) {
      return renderComment(deps, request, reply, values, fieldErrorsOf(err))
    }
  }
}

// All comments: filter, answer, resolve

function filterOf(query: Record<string, unknown> | undefined): CommentFilter {
  const audience = queryString(query?.audience, 40)
  const status = queryString(query?.status, 40)
  const channel = queryString(query?.channel, 40)
  return {
    audience: REVIEW_AUDIENCES.find(a => a === audience),
    status: ['open', 'resolved'].find(s => s === status),
    channel: COMMENT_CHANNELS.find(c => c === channel),
  }
}

async function renderComments(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, roundId: string, filter: CommentFilter, typed?: { commentId: string; body: string; resolve: boolean; errors: FieldError[] }) {
  const round = await getRound(deps, request.actor, roundId)
  const comments = await listCommentsOfRound(deps, request.actor, round.id, filter)
  const option = (value: string, label: string, current: string | undefined) => ({ value, text: label, selected: (current ?? '') === value })
  return reply.render(
    `${DIR}/comments.njk`,
    {
      pageTitle: `Comments: ${round.title}`,
      backLink: `/charter/reviews/${round.id}`,
      round: roundView(round),
      comments,
      filter,
      filtered: Boolean(filter.audience || filter.status || filter.channel),
      audienceOptions: [option('', 'Everyone', filter.audience), ...round.audiences.map(a => option(a, AUDIENCE_NAMES[a], filter.audience))],
      statusOptions: [option('', 'Open and resolved', filter.status), option('open', 'Open', filter.status), option('resolved', 'Resolved', filter.status)],
      channelOptions: [option('', 'Every channel', filter.channel), ...COMMENT_CHANNELS.map(c => option(c, CHANNEL_NAMES[c], filter.channel))],
      manage: mayManageReviews(request.actor),
      typed,
      errors: typed?.errors,
    },
    typed ? 400 : undefined,
  )
}

/** GET /charter/reviews/:id/comments?audience=&status=&channel= */
export function comments(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderComments(deps, request, reply, request.params.id, filterOf(request.query))
}

function backToComments(roundId: string, body: Body, commentId: string): string {
  const filter = new URLSearchParams()
  for (const k of ['audience', 'status', 'channel']) if (text(body, `filter-${k}`)) filter.set(k, text(body, `filter-${k}`))
  const q = filter.toString()
  return `/charter/reviews/${roundId}/comments${q ? `?${q}` : ''}#comment-${commentId}`
}

function filterFromBody(body: Body): CommentFilter {
  return filterOf({ audience: text(body, 'filter-audience'), status: text(body, 'filter-status'), channel: text(body, 'filter-channel') })
}

/** POST /charter/comments/:commentId/respond: answer (and perhaps resolve) a comment (audited). */
export function postRespond(deps: AppDeps) {
  return async (request: WithComment, reply: FastifyReply) => {
    const body = request.body as Body
    const answer = text(body, 'response')
    const resolve = text(body, 'resolve') === 'yes'
    try {
      const { roundId } = await respondToComment(deps, request.actor, request.params.commentId, { body: answer, resolve })
      request.session.flash = resolve ? 'Answer sent and comment resolved' : 'Answer sent'
      return reply.redirect(backToComments(roundId, body, request.params.commentId), 303)
    } catch (err) {
      const errors = fieldErrorsOf(err)
      const roundId = await roundOfComment(deps, request.actor, request.params.commentId)
      return renderComments(deps, request, reply, roundId, filterFromBody(body), { commentId: request.params.commentId, body: answer, resolve, errors })
    }
  }
}

/** POST /charter/comments/:commentId/resolve (audited) */
export function postResolve(deps: AppDeps) {
  return async (request: WithComment, reply: FastifyReply) => {
    const { roundId } = await resolveComment(deps, request.actor, request.params.commentId)
    request.session.flash = 'Comment resolved'
    return reply.redirect(backToComments(roundId, request.body as Body, request.params.commentId), 303)
  }
}

/** POST /charter/comments/:commentId/reopen (audited) */
export function postReopen(deps: AppDeps) {
  return async (request: WithComment, reply: FastifyReply) => {
    const { roundId } = await reopenComment(deps, request.actor, request.params.commentId)
    request.session.flash = 'Comment opened again'
    return reply.redirect(backToComments(roundId, request.body as Body, request.params.commentId), 303)
  }
}

// Comments given on paper, by phone, at a meeting or by email, entered by staff

const EMPTY_ENTRY: EnteredCommentInput = { audience: '', channel: '', pseudonym: '', organisation: '', targetKey: '', body: '' }

async function renderEnter(deps: AppDeps, request: WithId, reply: FastifyReply, values: EnteredCommentInput, errors?: FieldError[]) {
  const round = await getRound(deps, request.actor, request.params.id)
  const { targets } = await getRoundText(deps, round)
  return reply.render(
    `${DIR}/enter.njk`,
    {
      pageTitle: `Enter a comment: ${round.title}`,
      backLink: `/charter/reviews/${round.id}`,
      round: roundView(round),
      values,
      audiences: round.audiences,
      audienceItems: round.audiences.map(a => ({ value: a, text: AUDIENCE_NAMES[a], checked: values.audience === a })),
      channelItems: OFFLINE_CHANNELS.map(c => ({ value: c, text: CHANNEL_NAMES[c], checked: values.channel === c })),
      targetItems: [{ value: '', text: 'Choose a part', selected: values.targetKey === '' }, ...targets.map(t => ({ value: t.key, text: t.label, selected: t.key === values.targetKey }))],
      errors,
    },
    errors ? 400 : undefined,
  )
}

/** GET /charter/reviews/:id/enter */
export function getEnter(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderEnter(deps, request, reply, { ...EMPTY_ENTRY, targetKey: queryString(request.query?.on, 64) ?? '' })
}

/** POST /charter/reviews/:id/enter (audited) */
export function postEnter(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    const values: EnteredCommentInput = {
      audience: text(body, 'audience'),
      channel: text(body, 'channel'),
      pseudonym: text(body, 'pseudonym'),
      organisation: text(body, 'organisation'),
      targetKey: text(body, 'on'),
      body: text(body, 'body'),
    }
    try {
      await enterCommentOnBehalf(deps, request.actor, request.params.id, values)
      request.session.flash = 'Comment entered. You can enter another.'
      return reply.redirect(`/charter/reviews/${request.params.id}/enter`, 303)
    } catch (err) {
      return renderEnter(deps, request, reply, values, fieldErrorsOf(err))
    }
  }
}

// My comments

/** GET /charter/reviews/mine: my comments and the answers to them. */
export function mine(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const standing = await standingOf(deps, request.actor)
    const mineList = await listMyComments(deps, request.actor)
    return reply.render(`${DIR}/mine.njk`, { pageTitle: 'My comments', backLink: '/charter/reviews', comments: mineList, standing })
  }
}

// The review pack

/** GET /charter/reviews/:id/pack.pdf */
export function pack(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { pdf, filename } = await getReviewPack(deps, request.actor, request.params.id)
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf)
  }
}

// Reviewers

/** GET /charter/reviewers: stakeholder and advisor accounts and what each reviews for. */
export function reviewers(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const accounts = await listReviewerAccounts(deps, request.actor)
    return reply.render(`${DIR}/reviewers.njk`, { pageTitle: 'Reviewers', backLink: '/charter/reviews', accounts })
  }
}

async function renderReviewer(deps: AppDeps, request: WithUser, reply: FastifyReply, values: { audience: string; organisation: string } | null, errors?: FieldError[]) {
  const account = (await listReviewerAccounts(deps, request.actor)).find(a => a.userId === request.params.userId)
  if (!account) throw notFound('stakeholder or advisor account')
  const v = values ?? { audience: account.audience ?? '', organisation: account.organisation ?? '' }
  return reply.render(
    `${DIR}/reviewer.njk`,
    {
      pageTitle: `Register ${account.displayName} as a reviewer`,
      backLink: '/charter/reviewers',
      account,
      values: v,
      audienceItems: audienceChoices().map(a => ({ ...a, checked: v.audience === a.value })),
      errors,
    },
    errors ? 400 : undefined,
  )
}

/** GET /charter/reviewers/:userId */
export function getReviewer(deps: AppDeps) {
  return async (request: WithUser, reply: FastifyReply) => renderReviewer(deps, request, reply, null)
}

/** POST /charter/reviewers/:userId (audited) */
export function postReviewer(deps: AppDeps) {
  return async (request: WithUser, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { audience: text(body, 'audience'), organisation: text(body, 'organisation') }
    try {
      await registerReviewer(deps, request.actor, { userId: request.params.userId, ...values })
      request.session.flash = 'Reviewer registered'
      return reply.redirect('/charter/reviewers', 303)
    } catch (err) {
      return renderReviewer(deps, request, reply, values, fieldErrorsOf(err))
    }
  }
}

/** POST /charter/reviewers/:userId/remove (audited) */
export function postRemoveReviewer(deps: AppDeps) {
  return async (request: WithUser, reply: FastifyReply) => {
    await removeReviewer(deps, request.actor, request.params.userId)
    request.session.flash = 'Reviewer removed: they can no longer comment'
    return reply.redirect('/charter/reviewers', 303)
  }
}
