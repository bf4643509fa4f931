// The measurement pages with the whole app, without JavaScript: starting the framework, adding an outcome and a
// measure (errors named, what was typed kept), entering a measurement (its n, interval and change on the measure's
// page), importing a CSV with one bad row (the row, the column and what to fix), submitting to the Core Group, and
// who may see and do what.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows } from '../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { systemActor } from '../../../platform/auth/actor.ts'
import { addItem, addSection } from '../../charter/index.ts'

const SYSTEM = systemActor('measurement page tests')

function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = `----charter-test-${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`))
  parts.push(Buffer.from(file.content), Buffer.from('\r\n'), Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

const MEASURE = {
  code: 'M1',
  title: 'People satisfied with how quickly we decided',
  kind: 'survey_percentage',
  definition: 'Satisfied or very satisfied, of those who answered',
  dataSource: 'Client survey',
  frequency: 'quarterly',
  owner: 'Client experience team',
  targetValue: '80',
  targetComparison: 'at_least',
}

describe('the measurement pages', () => {
  let t: TestApp
  let policy: Agent
  let scrutiny: Agent
  let member: Agent
  let commitmentKey = ''
  let outcomeId = ''
  let measureId = ''

  before(async () => {
    t = await createTestApp()
    policy = await t.signInAs('policy_official')
    scrutiny = await t.signInAs('scrutiny_body')
    member = await t.signInAs('panel_member')
    const section = await addSection(t.deps, SYSTEM, { title: 'Decisions', introduction: '' })
    ;({ key: commitmentKey } = await addItem(t.deps, SYSTEM, section.id, 'commitment', { text: 'We will decide quickly.' }))
  })
  after(() => t.close())

  it('starts the framework and adds an outcome, naming each problem', async () => {
    let res = await policy.get('/measurement')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /There is no framework yet/)
    res = await policy.post('/measurement/framework/start')
    assert.equal(res.statusCode, 303)
    res = await policy.get('/measurement')
    assert.match(res.body, /Version 1:/)
    assert.match(res.body, /We will decide quickly\./)

    res = await policy.get(`/measurement/outcomes/new?commitment=${commitmentKey}`)
    assert.match(res.body, new RegExp(`<option value="${commitmentKey}" selected>`))
    res = await policy.post('/measurement/outcomes/new', { commitmentKey: '', title: '  ', description: 'Kept' })
    expectFormErrors(res, 'Add an outcome', [
      ['commitmentKey', 'Select the commitment this outcome is for'],
      ['title', /Enter the outcome/],
    ])
    assert.match(res.body, />Kept<\/textarea>/)
    res = await policy.post('/measurement/outcomes/new', { commitmentKey, title: 'People get the right money at the right time', description: '' })
    assert.equal(res.statusCode, 303)
    res = await policy.get('/measurement')
    outcomeId = /\/measurement\/outcomes\/([0-9a-f-]{36})\/measures\/new/.exec(res.body)![1]!
  })

  it('adds a measure: errors keep what was typed', async () => {
    let res = await policy.post(`/measurement/outcomes/${outcomeId}/measures/new`, { ...MEASURE, code: 'bad code!', targetValue: '120', definition: '' })
    expectFormErrors(res, 'Add a measure', [
      ['code', /letters, numbers/],
      ['definition', 'Enter the definition: exactly what is counted'],
      ['targetValue', 'The target must be a percentage from 0 to 100'],
    ])
    assert.equal(inputValue(res.body, 'code'), 'bad code!')
    assert.equal(inputValue(res.body, 'owner'), 'Client experience team')
    assert.match(res.body, /value="survey_percentage" checked/)
    res = await policy.post(`/measurement/outcomes/${outcomeId}/measures/new`, MEASURE)
    assert.equal(res.statusCode, 303)
    measureId = /\/measurement\/measures\/([0-9a-f-]{36})$/.exec(res.headers.location as string)![1]!
    res = await policy.get('/measurement')
    assert.match(res.body, /At least 80%/)
  })

  it('enters measurements and shows n, the likely range and the change', async () => {
    let res = await policy.post(`/measurement/measures/${measureId}/measurements/new`, { period: 'spring', numerator: '300', denominator: '200' })
    expectFormErrors(res, 'Enter a measurement: M1', [
      ['period', /2027-Q1/],
      ['numerator', /cannot be more than/],
    ])
    assert.equal(inputValue(res.body, 'numerator'), '300')
    res = await policy.post(`/measurement/measures/${measureId}/measurements/new`, { period: '2026-Q4', numerator: '120', denominator: '200' })
    assert.equal(res.statusCode, 303)
    res = await policy.post(`/measurement/measures/${measureId}/measurements/new`, { period: '2027-q1', numerator: '150', denominator: '200' })
    assert.equal(res.statusCode, 303)
    res = await scrutiny.get(`/measurement/measures/${measureId}`)
    assert.equal(res.statusCode, 200)
    const rows = tableRows(res.body, 'measurements')
    assert.equal(rows.length, 2)
    assert.deepEqual(rows[0]!.slice(0, 3), ['January to March 2027', '75%', '200'])
    assert.match(rows[0]![3]!, /^68.*% to 80.*%$/)
    assert.match(rows[0]![4]!, /Up 15 points .* more than chance/)
    assert.doesNotMatch(res.body, /Enter a measurement/, 'scrutiny reads but does not enter')
    res = await policy.get(`/measurement/measures/${measureId}/measurements/new?period=2027-Q1`)
    assert.equal(inputValue(res.body, 'numerator'), '150')
  })

  it('imports a CSV with one bad row: the row, the column and what to fix; the good row kept', async () => {
    const csv = 'measure,period,numerator,denominator\r\nM1,2027-Q2,170,200\r\nM1,2027-Q3,250,200\r\n'
    const form = multipart({ _csrf: await policy.csrfToken() }, { name: 'q.csv', content: csv })
    let res = await policy.request({ method: 'POST', url: '/measurement/import', ...form })
    expectFormErrors(res, 'Import measurements', [['problems', /1 problem in the file/]])
    assert.deepEqual(tableRows(res.body, 'problems'), [['3', 'numerator', 'The number who gave an answer that counts cannot be more than the number who answered']])
    assert.match(res.body, /1 added, 0 replaced, 0 already the same/)
    res = await scrutiny.get(`/measurement/measures/${measureId}`)
    assert.equal(tableRows(res.body, 'measurements')[0]![0], 'April to June 2027')

    const noFile = multipart({ _csrf: await policy.csrfToken() }, { name: '', content: '' })
    res = await policy.request({ method: 'POST', url: '/measurement/import', ...noFile })
    expectFormErrors(res, 'Import measurements', [['file', 'Select a CSV file or an Excel workbook (.xlsx)']])
    res = await policy.get('/measurement/import/template.csv')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /^measure,period,numerator,denominator,respondents,value,you said,we did,note\r\nM1,/)
  })

  it('submits the framework to the Core Group and locks it; only managers change, only readers read', async () => {
    let res = await policy.post('/measurement/framework/submit')
    assert.equal(res.statusCode, 303)
    res = await policy.get('/measurement')
    assert.match(res.body, /With the Core Group/)
    assert.match(res.body, /Agree the measurement framework, version 1/)
    res = await policy.post('/measurement/outcomes/new', { commitmentKey, title: 'Another', description: '' })
    assert.equal(res.statusCode, 409)
    assert.equal((await member.get('/measurement')).statusCode, 403)
    assert.equal((await scrutiny.get('/measurement')).statusCode, 200)
    assert.equal((await scrutiny.get('/measurement/import')).statusCode, 403)
    assert.equal((await scrutiny.post(`/measurement/measures/${measureId}/measurements/new`, { period: '2027-Q4', numerator: '1', denominator: '2' })).statusCode, 403)
  })
})
