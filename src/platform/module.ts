import type { FastifyInstance } from 'fastify'
import type { Action } from './auth/permissions.ts'
import type { AppDeps } from './deps.ts'
import type { JobDefinition } from './jobs/jobs.ts'

export interface NavItem {
  text: string
  href: string
  /** Shown only to roles that may take this action. */
  permission: Action
  /** Only for signed-in users (e.g. not "Sign in" for someone already signed in). */
  signedIn?: boolean
  /** Only for signed-out visitors. */
  signedOut?: boolean
}

/**
 * A module's manifest: what app.ts registers. Routes must each carry `config: { permission }`.
 */
export interface ModuleManifest {
  readonly name: string
  readonly nav?: readonly NavItem[]
  /** The audit event names this module writes, `<module>.<past_tense_verb>`. */
  readonly auditEvents?: readonly string[]
  /** Scheduled jobs this module runs (retention, reminders). */
  readonly jobs?: readonly JobDefinition[]
  routes(app: FastifyInstance, deps: AppDeps): void | Promise<void>
}
