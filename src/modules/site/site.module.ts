import type { ModuleManifest } from '../../platform/module.ts'
import * as home from './web/pages/home/controller.ts'

const STATIC_PAGES = [
  { url: '/accessibility', view: 'site/web/pages/accessibility/view.njk', title: 'Accessibility statement' },
  { url: '/cookies', view: 'site/web/pages/cookies/view.njk', title: 'Cookies' },
  { url: '/privacy', view: 'site/web/pages/privacy/view.njk', title: 'Privacy notice' },
  { url: '/contact', view: 'site/web/pages/contact/view.njk', title: 'Contact us' },
] as const

/** The public face: home page, accessibility statement, cookies, privacy and contact pages. */
export const siteModule: ModuleManifest = {
  name: 'site',
  nav: [{ text: 'Home', href: '/', permission: 'site:view' }],
  routes(app, deps) {
    app.get('/', { config: { permission: 'site:view' } }, home.get)
    const context = { sessionIdleMinutes: deps.config.session.idleMinutes }
    for (const page of STATIC_PAGES) {
      app.get(page.url, { config: { permission: 'site:view' } }, async (_request, reply) => reply.render(page.view, { pageTitle: page.title, ...context }))
    }
  },
}
