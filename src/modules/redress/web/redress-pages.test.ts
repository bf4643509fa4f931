// The complaint pages with the whole app, without JavaScript: the public form's errors keep what was typed, the
// confirmation gives the reference and due date, staff entry, the handler's list with filters, the case page's steps
// (errors on the page), the contact details page (audited), the letters-and-calls list, and roles refused.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { sealAuditEvents } from '../../../platform/audit/audit.ts'
import { seedPublishedCharter } from '../domain/seed.test-support.ts'

describe('the complaint pages', () => {
  let t: TestApp
  let handler: Agent
  let caseUrl = ''

  before(async () => {
    t = await createTestApp()
    await seedPublishedCharter(t.deps.db)
    handler = await t.signInAs('complaints_handler')
  })
  after(() => t?.close())

  it('lets a signed-out person complain, keeping what they typed when something needs fixing', async () => {
    const person = t.agent()
    const form = await person.get('/complain')
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /We will answer the phone within 10 minutes/)
    assert.match(form.body, /I’m not sure/)
    const typed = { whatHappened: 'Nobody answered <the phone>.', whatWanted: '', name: 'Morag Test', preferredChannel: 'email', email: 'not-an-email', phone: '', address: '', preferredFormat: 'large_print' }
    const bad = await person.post('/complain', typed)
    expectFormErrors(bad, 'Make a complaint', [
      ['commitments', 'Choose the commitment your complaint is about, or “I’m not sure”'],
      ['whatWanted', 'Tell us what you would like to happen'],
      ['email', /correct format/],
    ])
    assert.equal(textareaValue(bad.body, 'whatHappened'), 'Nobody answered &lt;the phone&gt;.')
    assert.equal(inputValue(bad.body, 'name'), 'Morag Test')
    assert.equal(inputValue(bad.body, 'email'), 'not-an-email')
    assert.match(bad.body, /value="large_print" checked/)
    const ok = await person.post('/complain', { ...typed, commitments: 'c-phone', whatWanted: 'An apology', email: 'morag@example.com' })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 2000))
    assert.equal(ok.headers.location, '/complain/confirmation')
    const done = await person.get('/complain/confirmation')
    assert.match(done.body, /C-\d{4}-000001/)
    assert.match(done.body, /We will reply by <strong>\d{1,2} \w+ \d{4}<\/strong>/)
    const noCsrf = await t.agent().post('/complain', { ...typed }, { csrf: false })
    assert.equal(noCsrf.statusCode, 403)
  })

  it('refuses the handling pages to everyone but the complaints handler', async () => {
    for (const role of ['analyst', 'scrutiny_body', 'panel_member'] as const) {
      const a = await t.signInAs(role)
      assert.equal((await a.get('/redress/complaints')).statusCode, 403, role)
      assert.equal((await a.post('/redress/complaints/new', { channel: 'phone' })).statusCode, 403, role)
    }
    const signedOut = await t.agent().get('/redress/complaints')
    assert.ok([302, 303, 401].includes(signedOut.statusCode), String(signedOut.statusCode))
  })

  it('lets the complaints handler enter a complaint from a phone call and handle it', async () => {
    const bad = await handler.post('/redress/complaints/new', { channel: '', 'receivedOn-day': '31', 'receivedOn-month': '2', 'receivedOn-year': '2027', commitments: 'not_sure', whatHappened: 'x', whatWanted: 'y', name: 'Pat Phone', preferredChannel: 'phone', phone: '' })
    expectFormErrors(bad, 'Enter a complaint', [
      ['channel', 'Choose how the complaint was made'],
      ['receivedOn-day', /real date/],
      ['phone', /phone number/],
    ])
    assert.equal(inputValue(bad.body, 'receivedOn-day'), '31')
    const ok = await handler.post('/redress/complaints/new', { channel: 'phone', commitments: 'c-decide', whatHappened: 'No reason given for the decision.', whatWanted: 'An explanation', name: 'Pat Phone', preferredChannel: 'phone', phone: '0131 496 0000' })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 2000))
    caseUrl = ok.headers.location as string
    const page = await handler.get(caseUrl)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /We will explain every decision/)
    assert.doesNotMatch(page.body, /Pat Phone/, 'the name is not on the case page')

    const list = await handler.get('/redress/complaints?commitment=c-decide')
    const rows = tableRows(list.body, 'complaints')
    assert.equal(rows.length, 1)
    assert.match(rows[0]![0]!, /C-\d{4}-00000\d/)
    assert.equal(tableRows((await handler.get('/redress/complaints?stage=2')).body, 'complaints').length, 0)

    const noOutcome = await handler.post(`${caseUrl}/respond`, { response: 'We decided because of the rules.' })
    expectFormErrors(noOutcome, `Complaint ${/C-\d{4}-\d{6}/.exec(page.body)![0]}`, [['outcome', 'Choose the outcome']])
    assert.equal(textareaValue(noOutcome.body, 'response'), 'We decided because of the rules.')
    const escalateTooSoon = await handler.post(`${caseUrl}/escalate`, { escalationReason: 'Not happy' })
    assert.equal(escalateTooSoon.statusCode, 400)
    assert.match(escalateTooSoon.body, /Send the stage 1 response before/)

    assert.equal((await handler.post(`${caseUrl}/respond`, { outcome: 'not_upheld', response: 'We decided because of the rules.' })).statusCode, 303)
    assert.equal((await handler.post(`${caseUrl}/escalate`, { escalationReason: 'Still no reason' })).statusCode, 303)
    const stage2 = await handler.get(caseUrl)
    assert.match(stage2.body, /Stage 2 · Open/)
    assert.match(stage2.body, /Send the stage 2 response/)

    const contact = await handler.get(`${caseUrl}/contact`)
    assert.equal(contact.statusCode, 200)
    assert.match(contact.body, /Pat Phone/)
    assert.match(contact.body, /0131 496 0000/)
    await sealAuditEvents(t.deps)
    const id = caseUrl.split('/').pop()!
    const viewed = await t.deps.db.selectFrom('audit_event').select(['action']).where('subject_id', '=', id).where('action', '=', 'redress.contact_viewed').execute()
    assert.equal(viewed.length, 1)

    const messages = await handler.get('/redress/messages')
    assert.match(messages.body, /Mark as phoned/)
    assert.match(messages.body, /we will look at it again/)
  })
})
