import fastifyMultipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../../platform/auth/auth-hooks.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import type { NavItem } from '../../../platform/module.ts'
import { PUBLISHING_COMMAND_AUDIT_EVENTS } from '../domain/publishing/commands.ts'
import { MAX_PICTURE_BYTES } from '../domain/publishing/picture.ts'
import * as published from './pages/published/controller.ts'
import * as staff from './pages/published/staff-controller.ts'

/**
 * The published charter, for everyone (signed out too): the current version at /charter, every published version
 * (older ones stay, marked as replaced) as accessible HTML, a tagged PDF, a large-print PDF, Easy Read (HTML and PDF)
 * and published translations. Policy officials write the Easy Read text and pictures and the translations.
 */
export const PUBLIC_CHARTER_AUDIT_EVENTS: readonly string[] = PUBLISHING_COMMAND_AUDIT_EVENTS

export const PUBLIC_CHARTER_NAV: readonly NavItem[] = [{ text: 'Our charter', href: '/charter', permission: 'charter:read_published' }]

export function registerPublicCharterRoutes(app: FastifyInstance, deps: AppDeps): void {
  const read = { config: { permission: 'charter:read_published' as const } }
  const manage = { config: { permission: 'charter:manage_workflow' as const } }
  app.get('/charter', read, published.current(deps))
  app.get('/charter/published', read, published.list(deps))
  app.get('/charter/published/:n', read, published.version(deps))
  app.get('/charter/published/:n/charter.pdf', read, published.pdf(deps, 'standard'))
  app.get('/charter/published/:n/large-print.pdf', read, published.pdf(deps, 'large'))
  app.get('/charter/published/:n/easy-read', read, published.easyRead(deps))
  app.get('/charter/published/:n/easy-read.pdf', read, published.easyReadPdf(deps))
  app.get('/charter/published/:n/:lang', read, published.translation(deps))

  app.get('/charter/published/:n/easy-read/edit', manage, staff.getEasyRead(deps))
  app.register(easyReadUploads, { deps })
  app.get('/charter/published/:n/translations/new', manage, staff.getNewTranslation(deps))
  app.post('/charter/published/:n/translations/new', manage, staff.postNewTranslation(deps))
  app.get('/charter/published/:n/translations/:lang/edit', manage, staff.getEditTranslation(deps))
  app.post('/charter/published/:n/translations/:lang/edit', manage, staff.postEditTranslation(deps))
  app.post('/charter/published/:n/translations/:lang/publish', manage, staff.postPublishTranslation(deps))
}

/**
 * The Easy Read form takes a picture, so it is a multipart form: accepted here and nowhere else. The permission check
 * runs before the upload is read, so a refused request never has its file parsed.
 */
async function easyReadUploads(scope: FastifyInstance, opts: { deps: AppDeps }): Promise<void> {
  scope.addHook('preValidation', requirePermission)
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_PICTURE_BYTES, files: 1, fields: 8, parts: 10 },
  })
  scope.post('/charter/published/:n/easy-read/edit', { config: { permission: 'charter:manage_workflow' as const } }, staff.postEasyRead(opts.deps))
}
