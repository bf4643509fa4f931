import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../platform/deps.ts'
import type { JobDefinition } from '../../platform/jobs/jobs.ts'
import type { NavItem } from '../../platform/module.ts'

/** One feature of the panel module (joining, a member's own record, import and export, ...): panel.module.ts composes them. */
export interface PanelSlice {
  readonly nav?: readonly NavItem[]
  readonly auditEvents?: readonly string[]
  readonly jobs?: readonly JobDefinition[]
  routes(app: FastifyInstance, deps: AppDeps): void
}
