import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { ACTIONS, PERMISSION_TABLE, can } from '../../src/platform/auth/permissions.ts'
import { ALL_ROLES, ROLES, type Role } from '../../src/platform/auth/roles.ts'
import type { ModuleManifest } from '../../src/platform/module.ts'
import { createTestApp, type Agent, type TestApp } from '../support/test-app.ts'

/**
 * The role matrix: every registered route, with every role and signed out, against the permission table.
 * A route added without a rule cannot even be registered, so it fails here (and at start-up).
 */
describe('every route checks permission on the server', () => {
  let t: TestApp
  const agents = new Map<Role, Agent>()
  let someUserId = ''

  async function agentFor(role: Role): Promise<Agent> {
    const existing = agents.get(role)
    if (existing) return existing
    const agent = role === 'public' ? t.agent() : await t.signInAs(role)
    agents.set(role, agent)
    return agent
  }

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: '100000' } })
    someUserId = (await t.createUser('stakeholder')).id
  })
  after(() => t.close())

  function concrete(url: string): string {
    return url
      .replace(/:userId/g, someUserId)
      .replace(/:token/g, 'x'.repeat(43))
      .replace(/:[A-Za-z]+Id/g, '00000000-0000-7000-8000-000000000000')
      .replace(/:[A-Za-z]+/g, 'unknown')
      .replace(/\*$/, 'favicon.svg')
  }

  it('has a permission rule for every route, and every action in the table exists', () => {
    assert.ok(t.app.routeCatalogue.length > 20, 'routes were catalogued')
    for (const r of t.app.routeCatalogue) assert.ok((ACTIONS as readonly string[]).includes(r.permission), `${r.method} ${r.url}`)
    for (const role of ALL_ROLES) for (const a of PERMISSION_TABLE[role]) assert.ok((ACTIONS as readonly string[]).includes(a))
  })

  it('allows and refuses every route for every role exactly as the table says', async () => {
    const routes = t.app.routeCatalogue.filter(r => r.method !== 'HEAD')
    // Signing out ends the session, so those routes go last.
    routes.sort((a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'))
    const failures: string[] = []
    let checks = 0
    for (const route of routes) {
      for (const role of ALL_ROLES) {
        const agent = await agentFor(role)
        const url = concrete(route.url)
        const res = route.method === 'GET' ? await agent.get(url) : await agent.post(url, {})
        checks += 1
        const allowed = can(role, route.permission)
        const toSignIn = res.statusCode === 303 && res.headers.location === '/sign-in'
        const refused = res.statusCode === 403 || res.statusCode === 401 || (toSignIn && route.url !== '/sign-in')
        const what = `${route.method} ${route.url} as ${role} (${route.permission}): ${res.statusCode}`
        if (allowed && refused) failures.push(`should be allowed: ${what}`)
        if (!allowed) {
          const expected = role === 'public' ? (route.method === 'GET' ? toSignIn : res.statusCode === 401) : res.statusCode === 403
          if (!expected) failures.push(`should be refused: ${what}`)
        }
        if (route.url === '/sign-out' && allowed) agents.delete(role)
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${checks} checks failed`)
  })

  it('gives every account role at least one action beyond the public ones', () => {
    for (const role of ROLES) assert.ok(PERMISSION_TABLE[role].length > PERMISSION_TABLE.public.length, role)
  })
})

describe('a route without a permission rule', () => {
  let app: FastifyInstance | undefined
  after(async () => app?.close())

  it('stops the application from starting', async () => {
    const t = await createTestApp()
    await t.close()
    const rogue: ModuleManifest = {
      name: 'rogue',
      routes(a) {
        a.get('/rogue', async () => 'no rule')
      },
    }
    await assert.rejects(
      async () => {
        app = await buildApp(t.deps, { modules: [rogue] })
        await app.ready()
      },
      /Route GET \/rogue has no permission/,
    )
  })
})
