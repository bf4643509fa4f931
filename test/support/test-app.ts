import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { createActiveUser, type UserDto } from '../../src/modules/accounts/index.ts'
import { systemActor } from '../../src/platform/auth/actor.ts'
import type { AccountRole } from '../../src/platform/auth/roles.ts'
import { systemClock, type Clock } from '../../src/platform/clock.ts'
import type { AppDeps } from '../../src/platform/deps.ts'
import { createLogger } from '../../src/platform/logger.ts'
import { createSmtpMailer } from '../../src/platform/mail/mailer.ts'
import { createTestDatabase, type TestDatabase } from './dialects.ts'
import { startTestSmtp, type TestSmtp } from './smtp.ts'

export const TEST_PASSWORD = 'correct-horse-battery'

export interface TestApp {
  app: FastifyInstance
  deps: AppDeps
  database: TestDatabase
  smtp: TestSmtp
  /** A new browser-like client with its own cookie jar. */
  agent(): Agent
  /** Create an active account with TEST_PASSWORD. */
  createUser(role: AccountRole, opts?: { email?: string; name?: string; password?: string | null }): Promise<UserDto>
  /** Create an account with the role and return a client signed in as it. */
  signInAs(role: AccountRole): Promise<Agent & { user: UserDto }>
  close(): Promise<void>
}

let counter = 0

export async function createTestApp(opts: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestApp> {
  const smtp = await startTestSmtp()
  const database = await createTestDatabase(undefined, { SMTP_URL: smtp.url, BASE_URL: 'http://localhost:3000', ...opts.env })
  const logger = createLogger('silent')
  const mailer = createSmtpMailer({ smtpUrl: smtp.url, from: database.config.mail.from, logger })
  const deps: AppDeps = { config: database.config, db: database.db, dialect: database.dialect, clock: opts.clock ?? systemClock, mailer, logger }
  const app = await buildApp(deps)
  await app.ready()
  const t: TestApp = {
    app,
    deps,
    database,
    smtp,
    agent: () => new Agent(app),
    async createUser(role, o = {}) {
      counter += 1
      const email = o.email ?? `${role.replace(/_/g, '.')}.${counter}.${Date.now()}@test.example`
      return createActiveUser(deps, systemActor('test'), {
        email,
        displayName: o.name ?? `Test ${role} ${counter}`,
        role,
        password: o.password === null ? undefined : (o.password ?? TEST_PASSWORD),
      })
    },
    async signInAs(role) {
      const user = await t.createUser(role)
      const agent = new Agent(app)
      const res = await agent.post('/sign-in', { email: user.email, password: TEST_PASSWORD })
      if (res.statusCode !== 303) throw new Error(`sign-in as ${role} failed: ${res.statusCode}\n${res.body.slice(0, 500)}`)
      return Object.assign(agent, { user })
    },
    async close() {
      await app.close()
      mailer.close()
      await database.close()
      await smtp.close()
    },
  }
  return t
}

/** A browser-like client for app.inject: keeps cookies and finds the CSRF token like a form would. */
export class Agent {
  readonly app: FastifyInstance
  private cookies = new Map<string, string>()
  private csrf: string | undefined
  constructor(app: FastifyInstance) {
    this.app = app
  }

  private cookieHeader(): string | undefined {
    if (this.cookies.size === 0) return undefined
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private keep(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === ''
      if (expired) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body)
    if (m) this.csrf = m[1]
  }

  async request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(opts.headers ?? {}) } as Record<string, string>
    const cookie = this.cookieHeader()
    if (cookie) headers.cookie = cookie
    const res = await this.app.inject({ ...opts, headers })
    this.keep(res)
    return res
  }

  get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url, headers })
  }

  /** Fetch a CSRF token the way a browser gets one: from a page with a form on it. */
  async csrfToken(): Promise<string> {
    // Signed out, the sign-in page has a form; signed in, every page has the sign-out form.
    if (!this.csrf) await this.get('/sign-in')
    if (!this.csrf) await this.get('/')
    if (!this.csrf) throw new Error('no CSRF token found')
    return this.csrf
  }

  /** POST a form, with this session's CSRF token unless `csrf: false`. */
  async post(url: string, form: Record<string, string | string[]> = {}, opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    if (opts.csrf !== false && !('_csrf' in form)) body.set('_csrf', await this.csrfToken())
    const res = await this.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    // A new session (after sign-in or sign-out) has a new CSRF secret.
    if (res.statusCode === 303 && /sign-in|sign-out|invitation/.test(url)) this.csrf = undefined
    return res
  }
}
