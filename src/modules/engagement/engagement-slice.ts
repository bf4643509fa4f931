import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../platform/deps.ts'
import type { JobDefinition } from '../../platform/jobs/jobs.ts'
import type { NavItem } from '../../platform/module.ts'

/** One feature of the engagement module (activities and sessions, surveys and polls, ...): engagement.module.ts composes them. */
export interface EngagementSlice {
  readonly nav?: readonly NavItem[]
  readonly auditEvents?: readonly string[]
  readonly jobs?: readonly JobDefinition[]
  routes(app: FastifyInstance, deps: AppDeps): void
}
