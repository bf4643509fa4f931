import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { csvLine } from '../../../domain/csv-format.ts'
import { MAX_UPLOAD_BYTES } from './controller.ts'

interface UploadFile {
  name: string
  type?: string
  content: string | Buffer
}

/** A multipart form as a browser sends it: the fields, then the file. */
function multipart(fields: Record<string, string>, file?: UploadFile) {
  const boundary = `----charter-test-${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`))
    parts.push(Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function upload(agent: Agent, fields: Record<string, string>, file?: UploadFile, opts: { csrf?: boolean } = {}) {
  const withToken = opts.csrf === false ? fields : { _csrf: await agent.csrfToken(), ...fields }
  return agent.request({ method: 'POST', url: '/panel/import', ...multipart(withToken, file) })
}

const HEADER = ['full_name', 'email', 'phone', 'area', 'consent_contact_research']
let serial = 0
function row(over: Record<string, string> = {}): Record<string, string> {
  serial += 1
  return { full_name: `Peregrine Oddbody-${serial}`, email: `peregrine.${serial}@example.org`, area: 'Westhaven', consent_contact_research: 'Yes', ...over }
}
function csv(rows: Record<string, string>[]): string {
  return csvLine(HEADER) + rows.map(r => csvLine(HEADER.map(h => r[h] ?? ''))).join('')
}

async function count(t: TestApp, table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(t.deps.db)
  return Number(r.rows[0]?.n ?? 0)
}

describe('the import pages (/panel/import)', () => {
  let t: TestApp
  let manager: Agent & { user: { id: string } }
  before(async () => {
    t = await createTestApp()
    manager = await t.signInAs('panel_manager')
  })
  after(() => t.close())

  it('shows the panel manager the upload form, the template link and the file format', async () => {
    const res = await manager.get('/panel/import')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Import panel members<\/h1>/)
    assert.match(res.body, /<form method="post" action="\/panel\/import" enctype="multipart\/form-data" novalidate>/)
    assert.match(res.body, /<input class="govuk-file-upload" id="file" name="file" type="file" aria-describedby="file-hint" accept=".csv,text\/csv">/)
    assert.match(res.body, /href="\/panel\/import\/template.csv"/)
    assert.match(res.body, /name="_csrf"/)
    assert.match(res.body, /<input class="govuk-radios__input" id="mode" name="mode" type="radio" value="good_rows" checked>/)
    assert.match(res.body, /<code>age_band<\/code>/)
    assert.match(res.body, /Northshire City, Eastport, Glenmoor/)
    assert.match(res.body, /href="\/panel\/import"/, 'the navigation offers the page')
  })

  it('offers the template: the header row, as a CSV download', async () => {
    const res = await manager.get('/panel/import/template.csv')
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8')
    assert.equal(res.headers['content-disposition'], 'attachment; filename="panel-import-template.csv"')
    assert.match(res.body, /^\uFEFFfull_name,email,phone,address_line_1,.*,area,age_band,.*,support_needs,seldom_heard_tags\r\n$/)
  })

  it('refuses everyone but the panel manager, without reading the file', async () => {
    for (const role of ['analyst', 'admin', 'seldom_heard_partner', 'panel_member'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/panel/import')).statusCode, 403, role)
      assert.equal((await agent.get('/panel/import/template.csv')).statusCode, 403, role)
      const res = await upload(agent, { joinedVia: 'post', mode: 'good_rows' }, { name: 'people.csv', content: csv([row()]) })
      assert.equal(res.statusCode, 403, role)
      assert.ok(!(await agent.get('/')).body.includes('href="/panel/import"'), `${role} is not offered the page`)
    }
    assert.equal(await count(t, 'panel_participant'), 0)
    const visitor = t.agent()
    const res = await visitor.get('/panel/import')
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, '/sign-in')
    const posted = await visitor.request({ method: 'POST', url: '/panel/import', ...multipart({}, { name: 'people.csv', content: csv([row()]) }) })
    assert.equal(posted.statusCode, 401)
  })

  it('refuses an upload without the form token', async () => {
    const res = await upload(manager, { joinedVia: 'post', mode: 'good_rows' }, { name: 'people.csv', content: csv([row()]) }, { csrf: false })
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /Your form could not be sent/)
    assert.equal(await count(t, 'panel_participant'), 0)
  })

  it('asks for a file and the choices, keeping the choices made', async () => {
    const empty = await upload(manager, {})
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /<title>Error: Import panel members/)
    for (const [field, message] of [
      ['file', 'Select a CSV file'],
      ['joinedVia', 'Select how these people joined the panel'],
      ['mode', 'Select what to do if some rows have problems'],
    ]) {
      assert.match(empty.body, new RegExp(`<a href="#${field}">${message}</a>`))
    }
    const kept = await upload(manager, { joinedVia: 'partner', mode: 'all_or_nothing', dryRun: 'yes' })
    assert.equal(kept.statusCode, 400)
    assert.match(kept.body, /value="partner" checked>/)
    assert.match(kept.body, /value="all_or_nothing" checked>/)
    assert.match(kept.body, /name="dryRun" type="checkbox" value="yes" checked>/)
    assert.match(kept.body, /If you have already chosen it, choose it again/)
  })

  it('refuses a file that is not a CSV, an empty one and one over the size limit', async () => {
    const choices = { joinedVia: 'post', mode: 'good_rows' }
    const xlsx = await upload(manager, choices, { name: 'people.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: 'PK' })
    assert.equal(xlsx.statusCode, 400)
    assert.match(xlsx.body, /<a href="#file">The selected file must be a CSV<\/a>/)
    const empty = await upload(manager, choices, { name: 'people.csv', content: '' })
    assert.match(empty.body, /<a href="#file">The selected file is empty<\/a>/)
    const big = await upload(manager, choices, { name: 'people.csv', content: Buffer.alloc(MAX_UPLOAD_BYTES + 10, 'a') })
    assert.equal(big.statusCode, 400)
    assert.match(big.body, /<a href="#file">The selected file must be smaller than 10 MB<\/a>/)
    const latin1 = await upload(manager, choices, { name: 'people.csv', content: Buffer.from([0x66, 0x75, 0x6c, 0x6c, 0x5f, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x5a, 0xeb, 0x0a]) })
    assert.equal(latin1.statusCode, 400)
    assert.match(latin1.body, /The file could not be read\. The selected file is not saved as UTF-8 text/)
  })

  it('explains a file it cannot read, with the line and column', async () => {
    const res = await upload(manager, { joinedVia: 'post', mode: 'good_rows' }, { name: 'people.csv', content: 'full_name,emial\nJo,jo@example.org\n' })
    assert.equal(res.statusCode, 400)
    assert.match(res.body, /<a href="#file">The file could not be read\. Line 1, column B \(emial\): &quot;emial&quot; is not a column we know\./)
    assert.equal(await count(t, 'panel_participant'), 0)
  })

  it('checks a file without importing it (dry run): the report, and the form again with the choices', async () => {
    const before = await count(t, 'audit_event')
    const file = csv([row(), row({ email: 'not-an-email' }), row({ area: 'Atlantis' }), row()])
    const res = await upload(manager, { joinedVia: 'phone', mode: 'good_rows', dryRun: 'yes' }, { name: 'people.csv', content: file })
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Your file has been checked<\/h1>/)
    assert.match(res.body, /Nothing has been imported yet/)
    assert.match(res.body, /2 people would be added to the panel\.\s*2 rows have problems and would not be imported\./)
    assert.match(res.body, /<caption class="govuk-table__caption govuk-table__caption--m">Problems to fix<\/caption>/)
    assert.match(res.body, /<td class="govuk-table__cell govuk-table__cell--numeric">3<\/td>\s*<td class="govuk-table__cell">B \(email\)<\/td>\s*<td class="govuk-table__cell">Enter an email address in the correct format/)
    assert.match(res.body, /<td class="govuk-table__cell govuk-table__cell--numeric">4<\/td>\s*<td class="govuk-table__cell">D \(area\)<\/td>\s*<td class="govuk-table__cell">&quot;Atlantis&quot; is not an answer for area/)
    assert.match(res.body, /<h2 class="govuk-heading-l">Import this file<\/h2>/)
    assert.match(res.body, /value="phone" checked>/, 'the choice of how they joined is kept')
    assert.match(res.body, /name="dryRun" type="checkbox" value="yes">/, '"only check" is not ticked for the real import')
    assert.equal(await count(t, 'panel_participant'), 0)
    assert.equal(await count(t, 'audit_event'), before, 'a check writes nothing, not even to the audit trail')
  })

  it('imports the good rows, then shows the stored report (refreshing it imports nothing again)', async () => {
    const rows = [row(), row({ email: '' }), row(), row({ full_name: '' })]
    const res = await upload(manager, { joinedVia: 'post', mode: 'good_rows' }, { name: 'people.csv', content: csv(rows) })
    assert.equal(res.statusCode, 303)
    const location = String(res.headers.location)
    assert.match(location, /^\/panel\/import\/[0-9a-f-]{36}$/)
    assert.equal(await count(t, 'panel_participant'), 2)

    const report = await manager.get(location)
    assert.equal(report.statusCode, 200)
    assert.match(report.body, /<h1 class="govuk-heading-l">Panel members imported<\/h1>/)
    assert.match(report.body, /2 people were added to the panel\.\s*2 rows have problems and were not imported\./)
    assert.match(report.body, /There is no way to contact this person/)
    assert.match(report.body, /<td class="govuk-table__cell">A \(full_name\)<\/td>\s*<td class="govuk-table__cell">Enter their full name<\/td>/)
    assert.match(report.body, /By post/)
    for (const r of rows) if (r.full_name) assert.ok(!report.body.includes(r.full_name), 'the report shows no names')
    assert.equal((await manager.get(location)).statusCode, 200)
    assert.equal(await count(t, 'panel_participant'), 2, 'seeing the report again imports nothing')

    const problems = await manager.get(`${location}/problems.csv`)
    assert.equal(problems.statusCode, 200)
    assert.equal(problems.headers['content-type'], 'text/csv; charset=utf-8')
    assert.match(String(problems.headers['content-disposition']), /^attachment; filename="panel-import-problems-\d{4}-\d{2}-\d{2}\.csv"$/)
    assert.match(problems.body, /^\uFEFFline,column_letter,column,problem\r\n3,,"email, phone, address_line_1","There is no way to contact this person\./)
    assert.match(problems.body, /\r\n5,A,full_name,Enter their full name\r\n$/)

    const event = await t.deps.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.participants_imported').orderBy('seq', 'desc').executeTakeFirstOrThrow()
    assert.equal(event.actor_user_id, manager.user.id)
    assert.deepEqual(JSON.parse(event.summary), { rowsRead: 4, imported: 2, rejected: 2, allOrNothing: false, joinedVia: 'post' })
  })

  it('all or nothing: one bad row, and nobody is added', async () => {
    const before = await count(t, 'panel_participant')
    const res = await upload(manager, { joinedVia: 'post', mode: 'all_or_nothing' }, { name: 'people.csv', content: csv([row(), row({ area: 'Atlantis' })]) })
    assert.equal(res.statusCode, 303)
    const report = await manager.get(String(res.headers.location))
    assert.match(report.body, /<h1 class="govuk-heading-l">Nothing was imported<\/h1>/)
    assert.match(report.body, /Nobody was added to the panel\.\s*1 row has problems, so nobody from the file was added\./)
    assert.match(report.body, /Fix the rows below and import the whole file again/)
    assert.equal(await count(t, 'panel_participant'), before)
  })

  it('pages a long list of problems, 100 at a time', async () => {
    const rows = Array.from({ length: 150 }, () => row({ email: 'broken' }))
    const res = await upload(manager, { joinedVia: 'post', mode: 'good_rows' }, { name: 'people.csv', content: csv(rows) })
    const location = String(res.headers.location)
    const first = await manager.get(location)
    assert.equal([...first.body.matchAll(/govuk-table__cell--numeric">\d+<\/td>/g)].length, 100)
    assert.match(first.body, /Showing 1 to 100 of 150/)
    const second = await manager.get(`${location}?page=2`)
    assert.equal([...second.body.matchAll(/govuk-table__cell--numeric">\d+<\/td>/g)].length, 50)
  })

  it('says when there is no such import', async () => {
    assert.equal((await manager.get('/panel/import/00000000-0000-7000-8000-000000000000')).statusCode, 404)
    assert.equal((await manager.get('/panel/import/not-an-id/problems.csv')).statusCode, 404)
  })
})
