import fastifyCsrf from '@fastify/csrf-protection'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../deps.ts'
import { databaseRateLimitStore } from './rate-limit-store.ts'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Security headers with a strict nonce-based CSP, rate limiting (opt-in per route) and CSRF on every form post. */
export async function registerSecurity(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { config } = deps
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.server.baseUrl.startsWith('https://') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: config.server.baseUrl.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  })

  await app.register(fastifyRateLimit, {
    global: false,
    // Counters in the database: the limit holds across all instances behind a load balancer.
    store: databaseRateLimitStore(deps.db, deps.clock),
    // Keyed by client address; behind a load balancer set TRUST_PROXY=true so this is the real client.
    keyGenerator: (request: FastifyRequest) => request.ip,
  })

  // The token comes from the form field `_csrf`: a string in a url-encoded form, or { value } in a multipart form
  // (a file upload parsed by @fastify/multipart with attachFieldsToBody).
  const formToken = (field: unknown) => (typeof field === 'object' && field !== null ? (field as { value?: unknown }).value : field)
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/session',
    getToken: req => {
      const token = formToken((req.body as { _csrf?: unknown } | undefined)?._csrf)
      return typeof token === 'string' ? token : (req.headers['x-csrf-token'] as string | undefined)
    },
  })

  // Registered after the permission check so a forbidden request is refused as forbidden, and as a preHandler
  // (not onRequest) because the form body is only parsed by then.
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (!UNSAFE.has(request.method) || request.is404) return done()
    app.csrfProtection(request, reply, done)
  })

  app.addHook('onSend', async (request, reply) => {
    reply.header('X-Request-Id', request.id)
    if (!reply.getHeader('cache-control') && request.currentUser) reply.header('Cache-Control', 'no-store')
  })
}

/** Per-route rate limit for sign-in and public forms. Use as `config: { permission, rateLimit: signInRateLimit(config) }`. */
export function formRateLimit(perMinute: number): { max: number; timeWindow: string } {
  return { max: perMinute, timeWindow: '1 minute' }
}
