import type { FastifyInstance } from 'fastify'
import type { NavItem } from '../../../platform/module.ts'
import type { AppDeps } from '../../../platform/deps.ts'

/** The charter's drafting slice: the working draft's structure, the editor with the plain-English checker, versions and their differences. */
export const DRAFTING_AUDIT_EVENTS: readonly string[] = []

export const DRAFTING_NAV: readonly NavItem[] = []

export function registerDraftingRoutes(_app: FastifyInstance, _deps: AppDeps): void {}
