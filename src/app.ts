import fastifyFormbody from '@fastify/formbody'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { registerAuth } from './platform/auth/auth-hooks.ts'
import { databaseAnswers } from './platform/db/database.ts'
import type { AppDeps } from './platform/deps.ts'
import { registerAssets } from './platform/http/assets.ts'
import { registerErrorHandling } from './platform/http/error-handler.ts'
import { registerSecurity } from './platform/http/security.ts'
import { newId } from './platform/ids.ts'
import type { ModuleManifest } from './platform/module.ts'
import { registerViews } from './platform/views/render.ts'
import { stylesheetVersion } from './platform/views/stylesheet.ts'
import { MODULES } from './modules.ts'

export interface BuildAppOptions {
  modules?: readonly ModuleManifest[]
}

/**
 * The composition root for HTTP. Order matters: sessions and the current user, then the permission check,
 * then CSRF (a preHandler, after the body is parsed), then views, then routes, then the error pages.
 */
export async function buildApp(deps: AppDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const modules = opts.modules ?? MODULES
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.config.server.trustProxy,
    bodyLimit: 1_048_576,
    genReqId: request => {
      const incoming = request.headers['x-request-id']
      return deps.config.server.trustProxy && typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : newId()
    },
    routerOptions: { ignoreTrailingSlash: true },
  })

  await app.register(fastifyFormbody)
  await registerAuth(app, deps)
  await registerSecurity(app, deps)
  registerViews(app, {
    config: deps.config,
    nav: modules.flatMap(m => m.nav ?? []),
    assetVersion: await stylesheetVersion(),
  })
  registerErrorHandling(app, { production: deps.config.env === 'production' })
  await registerAssets(app)

  app.get('/health', { config: { permission: 'site:view' } }, async (_request, reply) => {
    const ok = await databaseAnswers(deps.db)
    return reply
      .code(ok ? 200 : 503)
      .header('Cache-Control', 'no-store')
      .send({ status: ok ? 'ok' : 'unavailable', database: deps.dialect })
  })

  for (const m of modules) await m.routes(app, deps)
  return app
}
