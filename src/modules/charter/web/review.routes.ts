import type { FastifyInstance } from 'fastify'
import type { NavItem } from '../../../platform/module.ts'
import type { AppDeps } from '../../../platform/deps.ts'

/** The charter's review slice: review rounds, comments by paragraph and channel, responses, the printable review pack. */
export const REVIEW_AUDIT_EVENTS: readonly string[] = []

export const REVIEW_NAV: readonly NavItem[] = []

export function registerReviewRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
