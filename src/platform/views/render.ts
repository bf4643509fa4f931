import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config.ts'
import { can } from '../auth/permissions.ts'
import type { NavItem } from '../module.ts'
import { createViewEnvironment } from './nunjucks.ts'

declare module 'fastify' {
  interface FastifyReply {
    /** Render a Nunjucks view with the layout's context (nonce, CSRF token, user, navigation). */
    render(template: string, context?: Record<string, unknown>, status?: number): FastifyReply
  }
  interface Session {
    flash?: string
  }
}

export interface ViewOptions {
  config: Config
  nav: readonly NavItem[]
  assetVersion: string
}

export function registerViews(app: FastifyInstance, opts: ViewOptions): void {
  const env = createViewEnvironment()
  const organisation = opts.config.organisation

  function navigationFor(request: FastifyRequest) {
    const role = request.currentUser?.role ?? 'public'
    const path = request.url.split('?')[0] ?? '/'
    const shown = opts.nav
      .filter(n => can(role, n.permission))
      .filter(n => !(n.signedIn && !request.currentUser) && !(n.signedOut && request.currentUser))
    // The page belongs to the most specific entry it falls under: /charter/draft/... is "Draft charter", not
    // "Our charter" (/charter), even though both addresses begin it.
    const covers = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`))
    const best = shown.filter(n => covers(n.href)).reduce((longest, n) => Math.max(longest, n.href.length), -1)
    return shown.map(n => ({ href: n.href, text: n.text, active: covers(n.href) && n.href.length === best, current: path === n.href }))
  }

  app.decorateReply('render', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}, status?: number) {
    const request = this.request
    const nonces = this.cspNonce as { script: string; style: string } | undefined
    let flash: string | undefined
    if (request.session?.flash) {
      flash = request.session.flash
      delete request.session.flash
    }
    const html = env.render(template, {
      organisation,
      assetVersion: opts.assetVersion,
      cspNonce: nonces?.script,
      cspStyleNonce: nonces?.style,
      csrfToken: () => this.generateCsrf(),
      currentUser: request.currentUser,
      navigation: navigationFor(request),
      currentPath: request.url,
      flash,
      ...context,
    })
    if (status) this.code(status)
    return this.type('text/html; charset=utf-8').send(html)
  })
}
