import fastifyCookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { AppError, AppErrorCode } from '../errors.ts'
import type { AppDeps } from '../deps.ts'
import { PUBLIC_ACTOR, type Actor } from './actor.ts'
import { can, isAction, type Action } from './permissions.ts'
import { ROLE_LABELS, isAccountRole, type AccountRole } from './roles.ts'
import { DatabaseSessionStore } from './session-store.ts'
import { findUserById } from './user.repository.ts'

export interface CurrentUser {
  id: string
  email: string
  displayName: string
  role: AccountRole
  roleLabel: string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action this route needs, from the permission table. Every route must name one. */
    permission?: Action
  }
  interface FastifyRequest {
    actor: Actor
    currentUser: CurrentUser | null
  }
  interface FastifyInstance {
    /** Every route registered, with the action it needs: what the role-matrix test walks. */
    routeCatalogue: RouteEntry[]
  }
}

export interface RouteEntry {
  method: string
  url: string
  permission: Action
}

export const SESSION_COOKIE = 'charter_session'

/** Routes the framework adds itself (e.g. HEAD for each GET) inherit their GET route's config. */
export function assertRoutePermission(route: { method: string | string[]; url: string; config?: { permission?: unknown } }): void {
  if (!isAction(route.config?.permission)) {
    const m = Array.isArray(route.method) ? route.method.join(',') : route.method
    throw new Error(`Route ${m} ${route.url} has no permission: add config: { permission: '<action>' } from src/platform/auth/permissions.ts`)
  }
}

/** Sessions in the database, the current user on every request, and the permission check on every route. */
export async function registerAuth(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { config } = deps
  app.decorate('routeCatalogue', [] as RouteEntry[])
  app.addHook('onRoute', route => {
    assertRoutePermission(route)
    for (const method of [route.method].flat()) {
      app.routeCatalogue.push({ method, url: route.url, permission: route.config!.permission! })
    }
  })

  await app.register(fastifyCookie)
  await app.register(fastifySession, {
    secret: config.session.secret,
    cookieName: SESSION_COOKIE,
    saveUninitialized: false,
    // Not on every request: the onRequest hook below marks the session changed at most once a minute (lastSeenAt),
    // which saves it (moving the idle expiry in the database and on the cookie). Writing the session row on every
    // page view was the largest single cost under load (bench/survey).
    rolling: false,
    store: new DatabaseSessionStore(deps.db, deps.clock, config.session.idleMinutes, deps.dialect),
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: config.session.secureCookies,
      maxAge: config.session.idleMinutes * 60_000,
    },
  })

  app.decorateRequest('actor', null as unknown as Actor)
  app.decorateRequest('currentUser', null)

  app.addHook('onRequest', async request => {
    request.actor = { ...PUBLIC_ACTOR, requestId: request.id }
    request.currentUser = null
    const userId = request.session?.userId
    if (!userId) return
    const now = deps.clock.now()
    const signedInAt = request.session.signedInAt ? new Date(request.session.signedInAt) : now
    const user = await findUserById(deps.db, userId)
    const expired = now.getTime() - signedInAt.getTime() > config.session.absoluteHours * 3_600_000
    if (!user || user.status !== 'active' || !isAccountRole(user.role) || expired) {
      await request.session.destroy()
      return
    }
    request.currentUser = {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      roleLabel: ROLE_LABELS[user.role],
    }
    request.actor = { userId: user.id, role: user.role, displayName: user.display_name, email: user.email, requestId: request.id }
    // Keep the stored session alive while the person is active (idle timeout, not absolute).
    const last = (request.session as unknown as { lastSeenAt?: string }).lastSeenAt
    if (!last || now.getTime() - new Date(last).getTime() > 60_000) {
      ;(request.session as unknown as { lastSeenAt?: string }).lastSeenAt = now.toISOString()
    }
  })

  app.addHook('preHandler', requirePermission)
}

/** The server-side check on every route: the route's declared action against the permission table. */
export async function requirePermission(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.is404) return // the not-found page is for everyone
  const action = request.routeOptions.config.permission
  if (!isAction(action)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'This page has no permission rule' })
  const role = request.currentUser?.role ?? 'public'
  if (can(role, action)) return
  if (!request.currentUser) {
    if (request.method === 'GET') {
      if (request.session) request.session.returnTo = request.url
      return reply.redirect('/sign-in', 303)
    }
    throw new AppError(AppErrorCode.UNAUTHENTICATED, { message: 'Sign in to continue' })
  }
  throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You do not have permission to see this page' })
}
