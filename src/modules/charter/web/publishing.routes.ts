import type { FastifyInstance } from 'fastify'
import type { NavItem } from '../../../platform/module.ts'
import type { AppDeps } from '../../../platform/deps.ts'

/** The charter's publishing slice: the workflow from draft to publication, approval, the published charter (HTML, PDF, large print, Easy Read, translations). */
export const PUBLISHING_AUDIT_EVENTS: readonly string[] = []

export const PUBLISHING_NAV: readonly NavItem[] = []

export function registerPublishingRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
