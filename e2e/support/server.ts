import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { createActiveUser, type UserDto } from '../../src/modules/accounts/index.ts'
import { systemActor } from '../../src/platform/auth/actor.ts'
import type { AccountRole } from '../../src/platform/auth/roles.ts'
import { systemClock } from '../../src/platform/clock.ts'
import type { AppDeps } from '../../src/platform/deps.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createSmtpMailer } from '../../src/platform/mail/mailer.ts'
import { createTestDatabase, type TestDatabase } from '../../test/support/dialects.ts'
import { startTestSmtp, type TestSmtp } from '../../test/support/smtp.ts'

/** The password every account made by `createUser` has (passes the service's password rules). */
export const E2E_PASSWORD = 'correct-horse-battery'

export interface E2eServer {
  /** The real address the app listens on, e.g. http://127.0.0.1:41234 (also the BASE_URL used in emailed links). */
  baseUrl: string
  app: FastifyInstance
  deps: AppDeps
  database: TestDatabase
  smtp: TestSmtp
  /** An active account with the role, signing in with E2E_PASSWORD (or no password when `password: null`). */
  createUser(role: AccountRole, opts?: { email?: string; name?: string; password?: string | null }): Promise<UserDto>
  close(): Promise<void>
}

let counter = 0

/**
 * The same dependencies as test/support/test-app.ts (fresh database on the dialect under test, a real SMTP server),
 * but the app really listens, so a browser can use it.
 *
 * The port is only known after listen, and emailed links are built from `deps.config.server.baseUrl` when a mail is
 * sent, so we listen on port 0 and then give `deps` a config whose base URL is the real address. Nothing else in the
 * config changes (everything read at start-up, such as the https-only headers, is the same for both addresses).
 */
export async function startE2eServer(opts: { env?: Record<string, string> } = {}): Promise<E2eServer> {
  const smtp = await startTestSmtp()
  const env = { SMTP_URL: smtp.url, BASE_URL: 'http://127.0.0.1:3000', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000', PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: '1000', ...opts.env }
  const database = await createTestDatabase(undefined, env)
  const logger = createLogger((process.env.E2E_LOG_LEVEL as 'info' | undefined) ?? 'silent')
  const mailer = createSmtpMailer({ smtpUrl: smtp.url, from: database.config.mail.from, logger })
  const deps: { -readonly [K in keyof AppDeps]: AppDeps[K] } = {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    mailer,
    logger,
  }
  const app = await buildApp(deps)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (!address || typeof address !== 'object') throw new Error('the test server is not listening on a TCP port')
  const baseUrl = `http://127.0.0.1:${address.port}`
  deps.config = Object.freeze({ ...database.config, server: Object.freeze({ ...database.config.server, baseUrl }) })

  return {
    baseUrl,
    app,
    deps,
    database,
    smtp,
    async createUser(role, o = {}) {
      counter += 1
      const email = o.email ?? `${role.replace(/_/g, '.')}.${counter}.${Date.now()}@e2e.example`
      return createActiveUser(deps, systemActor('e2e'), {
        email,
        displayName: o.name ?? `E2E ${role.replace(/_/g, ' ')} ${counter}`,
        role,
        password: o.password === null ? undefined : (o.password ?? E2E_PASSWORD),
      })
    },
    async close() {
      await app.close()
      mailer.close()
      await database.close()
      await smtp.close()
    },
  }
}
