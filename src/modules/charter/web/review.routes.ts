import type { FastifyInstance } from 'fastify'
import type { NavItem } from '../../../platform/module.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { subscribeToErasure } from '../domain/review/erasure.ts'
import * as review from './pages/review/controller.ts'

/** The charter's review slice: review rounds, comments by paragraph and channel, responses, the printable review pack. */
export const REVIEW_AUDIT_EVENTS: readonly string[] = [
  'charter.reviewer_registered',
  'charter.reviewer_removed',
  'charter.review_round_opened',
  'charter.review_round_closed',
  'charter.comment_added',
  'charter.comment_entered',
  'charter.comment_answered',
  'charter.comment_resolved',
  'charter.comment_reopened',
  'charter.comments_unlinked_on_erasure',
  'charter.comments_deleted_on_erasure',
]

/** For reviewers (Core Group members, stakeholders, advisors), those who manage reviews, and readers of drafts. */
export const REVIEW_NAV: readonly NavItem[] = [
  { text: 'Charter reviews', href: '/charter/reviews', permission: 'charter:read_reviews' },
]

/**
 * The list of rounds, a round's text and its comments are read by three groups (reviewers, those who read drafts,
 * those who manage reviews), all holding 'charter:read_reviews'; the domain shows each person what they may see (a
 * round not opened to your audience does not exist for you; an unregistered reviewer is told who registers them).
 */
export function registerReviewRoutes(app: FastifyInstance, deps: AppDeps): void {
  const readReviews = { config: { permission: 'charter:read_reviews' as const } }
  const reviewer = { config: { permission: 'charter:review' as const } }
  const manage = { config: { permission: 'charter:manage_reviews' as const } }

  app.get('/charter/reviews', readReviews, review.index(deps))
  app.get('/charter/reviews/new', manage, review.getNew(deps))
  app.post('/charter/reviews/new', manage, review.postNew(deps))
  app.get('/charter/reviews/mine', reviewer, review.mine(deps))
  app.get('/charter/reviews/:id', readReviews, review.show(deps))
  app.post('/charter/reviews/:id/close', manage, review.postClose(deps))
  app.get('/charter/reviews/:id/comment', reviewer, review.getComment(deps))
  app.post('/charter/reviews/:id/comment', reviewer, review.postComment(deps))
  app.get('/charter/reviews/:id/comments', readReviews, review.comments(deps))
  app.get('/charter/reviews/:id/enter', manage, review.getEnter(deps))
  app.post('/charter/reviews/:id/enter', manage, review.postEnter(deps))
  app.get('/charter/reviews/:id/pack.pdf', manage, review.pack(deps))
  app.post('/charter/comments/:commentId/respond', manage, review.postRespond(deps))
  app.post('/charter/comments/:commentId/resolve', manage, review.postResolve(deps))
  app.post('/charter/comments/:commentId/reopen', manage, review.postReopen(deps))
  app.get('/charter/reviewers', manage, review.reviewers(deps))
  app.get('/charter/reviewers/:userId', manage, review.getReviewer(deps))
  app.post('/charter/reviewers/:userId', manage, review.postReviewer(deps))
  app.post('/charter/reviewers/:userId/remove', manage, review.postRemoveReviewer(deps))

  const off = subscribeToErasure(deps)
  app.addHook('onClose', async () => off())
}
