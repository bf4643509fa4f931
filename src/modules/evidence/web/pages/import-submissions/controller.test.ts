// The import page with the whole app: the form and the file format, the GOV.UK error pattern (no file, a file that
// cannot be read, bad rows listed by row and column), what was imported, the "Stakeholder: <organisation>" label on the
// list and the item, the link from the list, and who gets in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { errorSummaryOf, expectFormErrors, tableRows } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'

interface UploadFile {
  name: string
  type?: string
  content: string | Buffer
}

/** A multipart form as a browser sends it: the fields, then the file. */
function multipart(fields: Record<string, string>, file?: UploadFile) {
  const boundary = `----charter-test-${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`))
    parts.push(Buffer.from(file.content))
    parts.push(Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

async function upload(agent: Agent, fields: Record<string, string>, file?: UploadFile) {
  return agent.request({ method: 'POST', url: '/evidence/import', ...multipart({ _csrf: await agent.csrfToken(), ...fields }, file) })
}

const HEADER = 'text,channel,organisation,reference,consent_to_quote'
const GOOD = ['"Our clients say the letters are hard to follow.",Stakeholder submission,Northshire Citizens Advice,NCA-1,Yes', 'The forms are too long.,Public input,,P-1,No']
const BAD = 'No organisation here.,Stakeholder submission,,NCA-2,Yes'
const file = (lines: string[], name = 'submissions.csv'): UploadFile => ({ name, content: `${lines.join('\r\n')}\r\n` })

describe('the import page (/evidence/import)', () => {
  let t: TestApp
  let analyst: Agent

  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
  })
  after(() => t.close())

  it('shows the form and the file format, linked from the evidence list', async () => {
    const list = await analyst.get('/evidence')
    assert.match(list.body, /<a class="govuk-link" href="\/evidence\/import">Import stakeholder submissions or public input from a spreadsheet<\/a>/)
    const res = await analyst.get('/evidence/import')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">Import submissions<\/h1>/)
    assert.match(res.body, /<form method="post" action="\/evidence\/import" enctype="multipart\/form-data" novalidate>/)
    assert.match(res.body, /<input class="govuk-file-upload" id="file" name="file" type="file"/)
    assert.match(res.body, /name="allOrNothing" type="checkbox" value="yes"/)
    assert.deepEqual(tableRows(res.body, 'file-format').map(r => r[0]), ['text (needed)', 'channel', 'source_role', 'organisation', 'reference', 'submitted_on', 'consent_to_quote', 'activity'])
  })

  it('says what is wrong with no file, or with a file it cannot read', async () => {
    expectFormErrors(await upload(analyst, {}), 'Import submissions', [['file', 'Select a CSV file or an Excel workbook (.xlsx)']])
    expectFormErrors(await upload(analyst, {}, { name: 'notes.txt', content: 'hello' }), 'Import submissions', [['file', 'The selected file must be a CSV file or an Excel workbook (.xlsx)']])
    const semicolons = await upload(analyst, {}, file(['text;organisation', 'x;y']))
    expectFormErrors(semicolons, 'Import submissions', [['file', /^Row 1: the columns are separated by semicolons, not commas/]])
    assert.match(semicolons.body, /The file could not be read\. Row 1: the columns are separated by semicolons/)
  })

  it('lists each bad row in the error summary and the table, imports the good rows, and labels stakeholder input', async () => {
    const res = await upload(analyst, {}, file([HEADER, ...GOOD, BAD]))
    assert.equal(res.statusCode, 200, res.body.slice(0, 2000))
    assert.ok(res.body.includes('<title>Error: Import submissions'))
    assert.deepEqual(errorSummaryOf(res.body), [['#file', 'Row 4, organisation: enter the organisation that sent this stakeholder submission']])
    assert.deepEqual(tableRows(res.body, 'import-problems'), [['4', 'organisation', 'Enter the organisation that sent this stakeholder submission']])
    assert.match(res.body, /<h2 class="govuk-panel__title">\s*2 submissions imported\s*<\/h2>/)
    assert.match(res.body, /1 of them from stakeholders, shown apart from lived experience/)
    assert.match(res.body, /Fix the row with problems, then upload the file again/)

    // The fixed file: the rows already in are left alone, the fixed one goes in.
    const fixed = await upload(analyst, {}, file([HEADER, ...GOOD, BAD.replace(',,NCA-2', ',Northshire Citizens Advice,NCA-2')]))
    assert.equal(fixed.statusCode, 200)
    assert.doesNotMatch(fixed.body, /govuk-error-summary/)
    assert.match(fixed.body, /1 submission imported/)
    assert.match(fixed.body, /2 rows were already imported and are left as they are\./)

    const list = await analyst.get('/evidence')
    const stakeholder = tableRows(list.body, 'stakeholder-evidence')
    assert.equal(stakeholder.length, 2)
    assert.ok(stakeholder.every(r => r[2] === 'Stakeholder: Northshire Citizens Advice'), JSON.stringify(stakeholder))
    assert.ok(tableRows(list.body, 'evidence').some(r => r[2] === 'Member of the public'))
    const only = await analyst.get('/evidence?role=stakeholder')
    assert.equal(tableRows(only.body, 'evidence').length, 2)
    const lived = await analyst.get('/evidence?role=lived_experience')
    assert.match(lived.body, /<strong>0<\/strong> items/)

    const id = /href="\/evidence\/([0-9a-f-]{36})"/.exec(/<table class="govuk-table" id="stakeholder-evidence"[\s\S]*?<\/table>/.exec(list.body)![0])![1]
    const item = await analyst.get(`/evidence/${id}`)
    assert.match(item.body, /<strong class="govuk-tag govuk-tag--purple" id="stakeholder-tag">Stakeholder: Northshire Citizens Advice<\/strong>/)
    assert.match(item.body, /Organisation<\/dt>\s*<dd class="govuk-summary-list__value">Northshire Citizens Advice/)
    assert.match(item.body, /Imported from a file/)
  })

  it('imports nothing with all-or-nothing and a bad row (400), and writes nothing when only checking', async () => {
    const strict = await upload(analyst, { allOrNothing: 'yes' }, file([HEADER, 'Another one.,Stakeholder submission,Eastport Food Bank,EFB-1,', BAD.replace('NCA-2', 'NCA-3')]))
    assert.equal(strict.statusCode, 400)
    assert.match(strict.body, /Nothing was added to the evidence\.\s*1 row has problems, so nothing from the file was imported\./)
    assert.match(strict.body, /name="allOrNothing" type="checkbox" value="yes" checked/)
    const check = await upload(analyst, { dryRun: 'yes' }, file([HEADER, 'Another one.,Stakeholder submission,Eastport Food Bank,EFB-1,']))
    assert.equal(check.statusCode, 200)
    assert.match(check.body, /Nothing has been imported yet/)
    assert.match(check.body, /1 submission would be added to the evidence\./)
    const list = await analyst.get('/evidence?role=stakeholder')
    assert.doesNotMatch(list.body, /Eastport Food Bank/)
  })

  it('lets in only those who may capture evidence', async () => {
    for (const role of ['stakeholder', 'panel_member', 'policy_official'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/evidence/import')).statusCode, 403, role)
      assert.equal((await upload(agent, {}, file([HEADER, ...GOOD]))).statusCode, 403, role)
    }
    assert.equal((await (await t.signInAs('panel_manager')).get('/evidence/import')).statusCode, 200)
  })
})
