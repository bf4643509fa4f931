import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { loadDemo } from '../../src/demo/load-demo.ts'
import { getParticipantIdentity, listParticipants } from '../../src/modules/panel/index.ts'
import { can } from '../../src/platform/auth/permissions.ts'
import { createTestApp, type Agent, type TestApp } from '../support/test-app.ts'

/**
 * The promise: an analyst never receives identity fields (names, emails, phone numbers, addresses) from any
 * page or export. We load the demonstration panel, learn every member's identity as the panel manager would, then
 * let an analyst crawl every page and download the analyst can reach, and look for any of it.
 */
describe('an analyst never receives identity data', () => {
  let t: TestApp
  let analyst: Agent
  const secrets = new Set<string>()
  const participantIds: string[] = []

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '100000' } })
    await loadDemo(t.deps)
    const manager = await t.createUser('panel_manager')
    const managerActor = { userId: manager.id, role: manager.role, displayName: manager.displayName }
    const { participants } = await listParticipants(t.deps, managerActor, {}, { limit: 1000, offset: 0 })
    for (const p of participants) {
      participantIds.push(p.id)
      const id = await getParticipantIdentity(t.deps, managerActor, p.id)
      secrets.add(id.fullName)
      if (id.email) secrets.add(id.email)
      if (id.phone) secrets.add(id.phone)
      if (id.address) {
        secrets.add(id.address.line1)
        secrets.add(id.address.postcode)
      }
    }
    analyst = await t.signInAs('analyst')
  })
  after(() => t.close())

  async function bodyText(res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer }): Promise<string> {
    const type = String(res.headers['content-type'] ?? '')
    if (type.includes('spreadsheetml')) {
      const book = new ExcelJS.Workbook()
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
      const cells: string[] = []
      book.eachSheet(sheet => sheet.eachRow(row => row.eachCell(cell => cells.push(String(cell.value ?? '')))))
      return cells.join('\n')
    }
    return res.body
  }

  it('learned the identities it looks for', () => {
    assert.ok(participantIds.length >= 250)
    assert.ok(secrets.size > 800, `${secrets.size} identity values`)
  })

  it('finds none on any page or download the analyst can reach', async () => {
    const start = t.app.routeCatalogue
      .filter(r => r.method === 'GET' && can('analyst', r.permission) && !r.url.includes(':token') && !r.url.startsWith('/assets'))
      .flatMap(r => (r.url.includes(':participantId') ? participantIds.slice(0, 5).map(id => r.url.replace(':participantId', id)) : [r.url]))
      .filter(u => !/:[A-Za-z]/.test(u))
    const queue = [...new Set(start)]
    const seen = new Set<string>()
    const leaks: string[] = []
    while (queue.length > 0 && seen.size < 400) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      const res = await analyst.get(url)
      if (res.statusCode >= 300) continue
      const text = await bodyText(res)
      for (const s of secrets) if (text.includes(s)) leaks.push(`${url} contains "${s}"`)
      // Follow same-site links (pages, paging, filters, downloads), never sign-out or other people's tokens.
      for (const m of res.body.matchAll(/href="(\/[^"#]*)"/g)) {
        const href = m[1]!.replace(/&amp;/g, '&')
        if (!seen.has(href) && !href.startsWith('/assets') && !href.startsWith('/sign')) queue.push(href)
      }
    }
    assert.deepEqual(leaks.slice(0, 20), [], `${leaks.length} leaks in ${seen.size} responses`)
    assert.ok(seen.size >= 10, `crawled ${seen.size} responses`)
  })

  it('would notice identity if it were there: the panel manager does see it on the contact page', async () => {
    const route = t.app.routeCatalogue.find(r => r.method === 'GET' && r.permission === 'panel:read_identity' && r.url.includes(':participantId'))
    assert.ok(route, 'the panel has a page showing a member\'s contact details')
    const manager = await t.signInAs('panel_manager')
    const res = await manager.get(route.url.replace(':participantId', participantIds[0]!))
    assert.equal(res.statusCode, 200)
    assert.ok([...secrets].some(s => res.body.includes(s)))
    assert.equal((await analyst.get(route.url.replace(':participantId', participantIds[0]!))).statusCode, 403)
  })
})
