import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { ROOT_DIR } from '../views/nunjucks.ts'
import { buildStylesheet, STYLESHEET_PATH } from '../views/stylesheet.ts'

const GOVUK_DIST = path.join(ROOT_DIR, 'node_modules/govuk-frontend/dist/govuk')
const OUR_STATIC = path.join(ROOT_DIR, 'assets/static')

/** Public assets: our compiled theme, GOV.UK Frontend's script, and our own small enhancements. */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: OUR_STATIC, serve: false })
  const longCache = 'public, max-age=31536000, immutable'

  app.get('/assets/app.css', { config: { permission: 'site:view' } }, async (request, reply) => {
    if (!fs.existsSync(STYLESHEET_PATH)) await buildStylesheet()
    reply.header('Cache-Control', 'v' in (request.query as object) ? longCache : 'no-cache')
    return reply.sendFile(path.basename(STYLESHEET_PATH), path.dirname(STYLESHEET_PATH))
  })
  app.get('/assets/govuk-frontend.min.js', { config: { permission: 'site:view' } }, async (_request, reply) => {
    reply.header('Cache-Control', 'public, max-age=86400')
    return reply.sendFile('govuk-frontend.min.js', GOVUK_DIST)
  })
  app.get<{ Params: { '*': string } }>('/assets/charter/*', { config: { permission: 'site:view' } }, async (request, reply) => {
    reply.header('Cache-Control', 'public, max-age=86400')
    return reply.sendFile(request.params['*'], path.join(OUR_STATIC, 'charter'))
  })
}
