import type { FastifyInstance } from 'fastify'
import type { NavItem } from '../../../platform/module.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import * as drafting from './pages/drafting/controller.ts'

/** The charter's drafting slice: the working draft's structure, the editor with the plain-English checker, versions and their differences. */
export const DRAFTING_AUDIT_EVENTS: readonly string[] = [
  'charter.draft_about_changed',
  'charter.section_added',
  'charter.section_changed',
  'charter.section_moved',
  'charter.section_removed',
  'charter.item_added',
  'charter.item_changed',
  'charter.item_moved',
  'charter.item_removed',
  'charter.commitment_linked',
  'charter.commitment_unlinked',
  'charter.checker_settings_changed',
  'charter.version_saved',
]

export const DRAFTING_NAV: readonly NavItem[] = [
  { text: 'Draft charter', href: '/charter/draft', permission: 'charter:read_drafts' },
  { text: 'Versions', href: '/charter/versions', permission: 'charter:read_drafts' },
]

export function registerDraftingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const read = { config: { permission: 'charter:read_drafts' as const } }
  const draft = { config: { permission: 'charter:draft' as const } }
  app.get('/charter/draft', read, drafting.draft(deps))
  app.get('/charter/draft/about', draft, drafting.getAbout(deps))
  app.post('/charter/draft/about', draft, drafting.postAbout(deps))

  app.get('/charter/draft/sections/new', draft, drafting.getNewSection(deps))
  app.post('/charter/draft/sections/new', draft, drafting.postNewSection(deps))
  app.get('/charter/draft/sections/:sectionId', draft, drafting.getSection(deps))
  app.post('/charter/draft/sections/:sectionId', draft, drafting.postSection(deps))
  app.post('/charter/draft/sections/:sectionId/move', draft, drafting.postMoveSection(deps))
  app.get('/charter/draft/sections/:sectionId/remove', draft, drafting.getRemoveSection(deps))
  app.post('/charter/draft/sections/:sectionId/remove', draft, drafting.postRemoveSection(deps))
  app.get('/charter/draft/sections/:sectionId/items/new', draft, drafting.getNewItem(deps))
  app.post('/charter/draft/sections/:sectionId/items/new', draft, drafting.postNewItem(deps))

  app.get('/charter/draft/items/:itemId', draft, drafting.getItem(deps))
  app.post('/charter/draft/items/:itemId', draft, drafting.postItem(deps))
  app.post('/charter/draft/items/:itemId/move', draft, drafting.postMoveItem(deps))
  app.get('/charter/draft/items/:itemId/remove', draft, drafting.getRemoveItem(deps))
  app.post('/charter/draft/items/:itemId/remove', draft, drafting.postRemoveItem(deps))

  app.get('/charter/draft/links/:key', draft, drafting.getLinks(deps))
  app.post('/charter/draft/links/:key', draft, drafting.postLinks(deps))
  app.get('/charter/draft/settings', draft, drafting.getSettings(deps))
  app.post('/charter/draft/settings', draft, drafting.postSettings(deps))
  app.get('/charter/draft/save-version', draft, drafting.getSaveVersion(deps))
  app.post('/charter/draft/save-version', draft, drafting.postSaveVersion(deps))

  app.get('/charter/versions', read, drafting.versions(deps))
  app.get('/charter/versions/compare', read, drafting.compare(deps))
  app.get('/charter/versions/compare.txt', read, drafting.compareText(deps))
  app.get('/charter/versions/:n', read, drafting.version(deps))
}
