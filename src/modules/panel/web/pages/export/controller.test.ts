import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { parseCsv } from '../../../domain/csv-format.ts'
import { registerParticipants } from '../../../domain/register-participant.ts'
import type { RegisterParticipantInput } from '../../../domain/registration.schema.ts'

const AREAS = ['northshire_city', 'eastport', 'glenmoor'] as const

function person(i: number): RegisterParticipantInput {
  return {
    fullName: `Octavia Wrenfield-${i}`,
    email: `octavia.wrenfield.${i}@example.org`,
    phone: `07700 900${String(i).padStart(3, '0')}`,
    address: { line1: `${i} Pimpernel Row`, town: 'Eastport', postcode: 'EP3 8XY' },
    preferredChannel: 'email',
    joinedVia: 'post',
    demographics: { area: AREAS[i % 3]!, benefits: ['housing', 'low_income'] },
    supportNeeds: [{ need: 'travel', detail: 'From Pimpernel Row' }],
    seldomHeardTags: i % 3 === 2 ? ['digitally_excluded'] : [],
  }
}
const IDENTITY = ['Octavia', 'Wrenfield', 'example.org', '07700', 'Pimpernel', 'EP3 8XY']

function rowsOf(body: string): string[][] {
  const parsed = parseCsv(body)
  assert.ok(parsed.ok)
  return parsed.records.map(r => r.cells)
}

function noIdentity(text: string, what: string): void {
  for (const s of IDENTITY) assert.ok(!text.includes(s), `${what} contains ${s}`)
}

describe('the export pages (/panel/export)', () => {
  let t: TestApp
  let analyst: Agent
  let manager: Agent & { user: { id: string } }
  before(async () => {
    t = await createTestApp()
    await registerParticipants(t.deps, systemActor('test'), Array.from({ length: 9 }, (_, i) => person(i)))
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
  })
  after(() => t.close())

  it('shows an analyst the research export only', async () => {
    const res = await analyst.get('/panel/export')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Export panel data<\/h1>/)
    assert.match(res.body, /<form method="post" action="\/panel\/export\/research" novalidate aria-labelledby="research-heading">/)
    assert.match(res.body, /and the support they need \(without the details they gave\)/)
    assert.ok(!res.body.includes('/panel/export/identity'), 'no identity export form')
    assert.ok(!res.body.includes('Names and contact details'))
    assert.match(res.body, /<option value="dimension:area:glenmoor">Area: Glenmoor<\/option>/)
    assert.match(res.body, /value="csv" checked>/)
  })

  it('shows the panel manager both exports, the identity one with a warning', async () => {
    const res = await manager.get('/panel/export')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /action="\/panel\/export\/research"/)
    assert.match(res.body, /<form method="post" action="\/panel\/export\/identity" novalidate aria-labelledby="identity-heading">/)
    assert.match(res.body, /This file holds personal data\. Your download is recorded in the audit trail/)
    assert.match(res.body, /id="identityShow" name="show"/)
  })

  it('refuses roles that may not export, and sends visitors to sign in', async () => {
    for (const role of ['admin', 'panel_member', 'stakeholder', 'scrutiny_body'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/panel/export')).statusCode, 403, role)
      const res = await agent.post('/panel/export/research', { format: 'csv', status: 'active', show: '' })
      assert.equal(res.statusCode, 403, role)
      // Tokens in attributes (CSRF, CSP nonce) are random base64url and may contain "P-": look at the rest.
      assert.ok(!/\bP-[0-9A-Z]{6}\b/.test(res.body.replace(/\s(value|nonce|content)="[^"]*"/g, '')), 'no pseudonyms')
    }
    const visitor = await t.agent().get('/panel/export')
    assert.equal(visitor.statusCode, 303)
  })

  it('downloads research data as CSV: by pseudonym, with labels, and no identity', async () => {
    const res = await analyst.post('/panel/export/research', { format: 'csv', status: 'active', show: '' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="panel-research-data-\d{4}-\d{2}-\d{2}\.csv"$/)
    assert.equal(res.headers['cache-control'], 'no-store')
    const [header, ...rows] = rowsOf(res.body)
    assert.equal(rows.length, 9)
    assert.ok(header!.includes('support_needs'))
    const benefits = header!.indexOf('benefits')
    assert.equal(rows[0]![benefits], 'Low-income support; Help with housing costs')
    assert.ok(rows.every(r => /^P-[A-Z0-9]{6}$/.test(r[0]!)))
    noIdentity(res.body, 'the research CSV')
  })

  it('downloads research data as XLSX, filtered like the list page', async () => {
    const res = await analyst.post('/panel/export/research', { format: 'xlsx', status: 'all', show: 'tag:digitally_excluded' })
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = wb.getWorksheet('Panel members')!
    assert.equal(sheet.rowCount, 4)
    assert.equal(sheet.getRow(1).font?.bold, true)
    const cells: string[] = []
    wb.eachSheet(ws => ws.eachRow(r => r.eachCell(c => cells.push(String(c.value)))))
    noIdentity(cells.join('\n'), 'the research workbook')
  })

  it('never gives an analyst names or contact details: not by URL, not by a parameter', async () => {
    const identity = await analyst.post('/panel/export/identity', { format: 'csv', status: 'all', show: '' })
    assert.equal(identity.statusCode, 403)
    noIdentity(identity.body, 'the refusal')
    for (const url of ['/panel/export/identity', '/panel/export/identity.csv', '/panel/export/research?kind=identity']) {
      const res = await analyst.get(url)
      assert.notEqual(res.statusCode, 200, url)
      noIdentity(res.body, url)
    }
    const tricks = await analyst.post('/panel/export/research', { format: 'csv', status: 'all', show: '', kind: 'identity', columns: 'full_name,email', identity: 'yes' })
    assert.equal(tricks.statusCode, 200)
    assert.ok(!rowsOf(tricks.body)[0]!.includes('full_name'))
    noIdentity(tricks.body, 'the research CSV asked for identity')
  })

  it('gives the panel manager names and contact details, and records it in the audit trail without them', async () => {
    const res = await manager.post('/panel/export/identity', { format: 'csv', status: 'active', show: 'dimension:area:glenmoor' })
    assert.equal(res.statusCode, 200)
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="panel-contact-details-\d{4}-\d{2}-\d{2}\.csv"$/)
    const [header, ...rows] = rowsOf(res.body)
    assert.deepEqual(header!.slice(0, 4), ['pseudonym', 'full_name', 'email', 'phone'])
    assert.deepEqual(rows.map(r => r[1]).sort(), ['Octavia Wrenfield-2', 'Octavia Wrenfield-5', 'Octavia Wrenfield-8'])
    const event = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.identity_exported').orderBy('seq', 'desc').executeTakeFirstOrThrow()
    assert.equal(event.actor_user_id, manager.user.id)
    assert.deepEqual(JSON.parse(event.summary), { rows: 3, format: 'csv', filter: { status: 'active', dimension: 'area:glenmoor' } })
    noIdentity(JSON.stringify(await t.deps.db.selectFrom('audit_event').selectAll().execute()), 'the audit trail')

    const xlsx = await manager.post('/panel/export/identity', { format: 'xlsx', status: 'all', show: '' })
    assert.equal(xlsx.statusCode, 200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    assert.equal(wb.getWorksheet('Contact details')!.rowCount, 10)
  })

  it('re-shows the form with the choices made when something is missing or unknown', async () => {
    const noFormat = await analyst.post('/panel/export/research', { status: 'withdrawn', show: 'dimension:area:eastport' })
    assert.equal(noFormat.statusCode, 400)
    assert.match(noFormat.body, /<title>Error: Export panel data/)
    assert.match(noFormat.body, /<a href="#format">Select a file format<\/a>/)
    assert.match(noFormat.body, /<option value="withdrawn" selected>/)
    assert.match(noFormat.body, /<option value="dimension:area:eastport" selected>/)

    const unknown = await manager.post('/panel/export/identity', { format: 'xlsx', status: 'active', show: 'dimension:area:atlantis' })
    assert.equal(unknown.statusCode, 400)
    assert.match(unknown.body, /<a href="#identityShow">Select a group of panel members from the list<\/a>/)
    assert.match(unknown.body, /id="identityFormat-2" name="format" type="radio" value="xlsx" checked>/)
    noIdentity(unknown.body, 'the error page')
  })
})
