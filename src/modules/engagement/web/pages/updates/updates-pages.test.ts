// The "you said, we did" pages with the whole app (PostgreSQL when DATABASE_URL is set): the analyst writes a summary
// on an analysis (every problem shown, then the reading-age hint) and sends it; the panel manager sees the update,
// who gets it how and who is left out (and why), sends it (email over real local SMTP, text messages to a local fake
// of GOV.UK Notify configured through the environment as in production), prints the letters and marks the calls
// made; anyone reads the sent update at /updates/:id. Who may do what: an analyst cannot send, a panel member cannot
// see, and an update with no one to send to says so.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../../platform/db/unit-of-work.ts'
import { newId } from '../../../../../platform/ids.ts'
import { createProject, takeInEvidence } from '../../../../analysis/index.ts'
import { captureNotes } from '../../../../evidence/index.ts'
import { changeConsents, registerParticipant } from '../../../../panel/index.ts'
import { addSession, createActivity } from '../../../domain/activities.ts'
import { fakeNotify } from '../../../domain/channels/notify-fake.test-support.ts'
import { queueUpdate } from '../../../domain/updates.ts'

const SYSTEM = systemActor('updates pages test')
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Set-up' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Set-up analyst' }
const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506'
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'
const UPDATE_TEMPLATE = '0b1e4a3c-7d2f-4f5e-9a8b-6c5d4e3f2a1b'
const TITLE = 'What you told us about applying'

function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table class="govuk-table" id="${id}">[\\s\\S]*?</table>`).exec(html)?.[0] ?? ''
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? ''
  return (body.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []).map(tr => [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(c => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()))
}

function expectFormErrors(res: LightMyRequestResponse, expected: [field: string, message: string][]): void {
  assert.equal(res.statusCode, 400, res.body.slice(0, 2000))
  assert.match(res.body, /<title>Error: /)
  const list = res.body.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? ''
  const links = [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(m => [m[1]!, m[2]!.replace(/&#39;|&rsquo;/g, '’')] as [string, string])
  for (const [href] of links) assert.ok(res.body.includes(`id="${href.slice(1)}"`), `${href} is not on the page`)
  assert.deepEqual(links, expected.map(([f, m]) => [`#${f}`, m]))
}

const location = (res: LightMyRequestResponse) => String(res.headers.location)

describe('the you said, we did pages', () => {
  let t: TestApp
  let notify: Awaited<ReturnType<typeof fakeNotify>>
  let analyst: Agent
  let manager: Agent
  let projectId = ''
  let updateId = ''
  const people: Record<string, { id: string; pseudonym: string }> = {}

  before(async () => {
    notify = await fakeNotify(SERVICE, SECRET)
    t = await createTestApp({
      env: {
        TEXT_MESSAGE_NOTIFY_API_KEY: `charter_test-${SERVICE}-${SECRET}`,
        TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
        TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID: UPDATE_TEMPLATE,
        TEXT_MESSAGE_NOTIFY_BASE_URL: notify.url,
      },
    })
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
    const deps = t.deps
    const { id: activityId } = await createActivity(deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop: applying', purpose: 'To hear what made applying hard', audience: 'whole_panel', audienceDetail: '',
      commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 20, accessibility: '',
    })
    const add = async (name: string, over: Record<string, unknown>, consent = true) => {
      const p = await registerParticipant(deps, MANAGER, { fullName: name, joinedVia: 'phone', preferredChannel: 'email', email: `${name.toLowerCase()}.${newId().slice(-6)}@example.org`, ...over } as never)
      await changeConsents(deps, MANAGER, p.id, [{ purpose: 'contact_research', given: consent }])
      people[name] = { id: p.id, pseudonym: p.pseudonym }
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: p.pseudonym, body: `The form was too long (${name}).`, notToBeQuoted: false })
    }
    await add('Ann', { email: 'ann.updates@example.org' })
    await add('Bob', { preferredChannel: 'letter', preferredFormat: 'large_print', address: { line1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' } })
    await add('Cat', { preferredChannel: 'text', phone: '07700 900 982' })
    await add('Hal', { preferredChannel: 'phone', phone: '01632 960 001' })
    await add('Eve', {}, false)
    ;({ id: projectId } = await createProject(deps, ANALYST, { title: 'Applying', purpose: 'What made applying hard?', channel: 'workshop', activityId, questionId: '' }))
    await takeInEvidence(deps, ANALYST, projectId)
  })
  after(async () => {
    await t?.close()
    await notify?.close()
  })

  it('lets the analyst write a summary (every problem shown), check its reading age and send it to the panel manager', async () => {
    const a = `/analysis/${projectId}/feedback`
    const listPage = await analyst.get(a)
    assert.equal(listPage.statusCode, 200)
    assert.match(listPage.body, /Panel members whose evidence is in this analysis: 5\./)
    assert.equal((await analyst.get(`${a}/new`)).statusCode, 200)
    expectFormErrors(await analyst.post(`${a}/new`, { title: '', youSaid: '', weDid: '' }), [
      ['title', 'Enter a title'],
      ['youSaid', 'Enter what people told us'],
      ['weDid', 'Enter what we did, or will do'],
    ])
    const tooLong = await analyst.post(`${a}/new`, { title: TITLE, youSaid: 'x'.repeat(1501), weDid: 'We cut it.' })
    expectFormErrors(tooLong, [['youSaid', 'What people told us must be 1,500 characters or fewer']])
    assert.match(tooLong.body, /value="What you told us about applying"/, 'what was typed is kept')

    const saved = await analyst.post(`${a}/new`, { title: TITLE, youSaid: 'The form was too long.\r\n\r\nYou waited too long for an answer.', weDid: 'We cut the form to four pages.' })
    assert.equal(saved.statusCode, 303)
    const page = location(saved)
    const check = await analyst.get(page)
    assert.equal(check.statusCode, 200)
    assert.match(check.body, /Reading age about \d+/)
    assert.match(check.body, /for the 5 panel members whose evidence is in this analysis/)

    // A panel member never sees it; the panel manager cannot write or send one.
    const member = await t.signInAs('panel_member')
    assert.equal((await member.get(a)).statusCode, 403)
    assert.equal((await member.get(page)).statusCode, 403)
    assert.equal((await manager.post(`${page}/send`)).statusCode, 403)

    const sent = await analyst.post(`${page}/send`)
    assert.equal(sent.statusCode, 303)
    const after = await analyst.get(page)
    assert.match(after.body, /Summary sent to the panel manager for 5 people who took part/)
    assert.match(after.body, /Sent to the panel manager on/)
    updateId = /href="\/updates\/([0-9a-f-]{36})"/.exec(after.body)?.[1] ?? ''
    assert.ok(updateId, 'the summary links to its public page')
    expectFormErrors(await analyst.post(`${page}/send`), [['send', 'This summary has already been sent']])
  })

  it('lets only the panel manager see and send updates; nothing is public until sent', async () => {
    for (const role of ['analyst', 'panel_member', 'core_group_member', 'scrutiny_body', 'admin'] as const) {
      const someone = await t.signInAs(role)
      for (const url of ['/engagement/updates', `/engagement/updates/${updateId}`, `/engagement/updates/${updateId}/letters.pdf`]) assert.equal((await someone.get(url)).statusCode, 403, `${role} GET ${url}`)
      assert.equal((await someone.post(`/engagement/updates/${updateId}/send`)).statusCode, 403, `${role} send`)
    }
    assert.equal((await t.agent().get(`/updates/${updateId}`)).statusCode, 404, 'not sent yet')
    assert.equal((await manager.get(`/engagement/updates/${newId()}`)).statusCode, 404)
  })

  it('previews who gets it by which channel and who is left out, sends it, prints letters and marks calls', async () => {
    const list = await manager.get('/engagement/updates')
    assert.equal(list.statusCode, 200)
    assert.deepEqual(tableRows(list.body, 'ready').map(r => r.slice(0, 2)), [[TITLE, '5']])

    const preview = await manager.get(`/engagement/updates/${updateId}`)
    assert.equal(preview.statusCode, 200)
    const toSend = Object.fromEntries(tableRows(preview.body, 'to-send').map(r => [r[0], `${r[1]}, ${r[2]}`]))
    assert.deepEqual(toSend, {
      [people.Ann!.pseudonym]: 'Email, Standard',
      [people.Bob!.pseudonym]: 'Letter, Large print',
      [people.Cat!.pseudonym]: 'Text message, Standard',
      [people.Hal!.pseudonym]: 'Phone call, Standard',
    })
    assert.deepEqual(tableRows(preview.body, 'skipped'), [[people.Eve!.pseudonym, 'Has not agreed to be contacted about research']])
    assert.doesNotMatch(preview.body, /ann\.updates@example\.org|07700 900 982/, 'no contact details on the preview')

    const before = notify.requests.length
    const sent = await manager.post(`/engagement/updates/${updateId}/send`)
    assert.equal(sent.statusCode, 303)
    const done = await manager.get(location(sent))
    assert.match(done.body, /Update sent: 4 people, 2 sent by email or text, 1 letter to print, 1 to phone/)
    const status = Object.fromEntries(tableRows(done.body, 'recipients').map(r => [r[0], r[2]]))
    assert.deepEqual(status, { [people.Ann!.pseudonym]: 'Sent', [people.Bob!.pseudonym]: 'Letter to print', [people.Cat!.pseudonym]: 'Sent', [people.Hal!.pseudonym]: 'To phone' })

    const mail = await t.smtp.waitFor(m => m.to.includes('ann.updates@example.org'))
    assert.equal(mail.subject, TITLE)
    assert.match(mail.text, /Dear Ann,/)
    assert.match(mail.text, new RegExp(`http://localhost:3000/updates/${updateId}`))
    const text = notify.requests.slice(before)
    assert.equal(text.length, 1)
    assert.deepEqual(text[0]!.problems, [])
    assert.deepEqual(text[0]!.body.personalisation, { title: TITLE, link: `http://localhost:3000/updates/${updateId}` })

    const pdf = await manager.get(`/engagement/updates/${updateId}/letters.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.ok(pdf.rawPayload.subarray(0, 8).toString('latin1').startsWith('%PDF-1.7'))

    const hal = /action="(\/engagement\/updates\/[^"]+\/recipients\/[^"]+\/phoned)"/.exec(done.body)?.[1]
    assert.ok(hal, 'Hal is on the phone list with a button')
    assert.equal((await analyst.post(hal)).statusCode, 403)
    const phoned = await manager.post(hal)
    assert.equal(phoned.statusCode, 303)
    const afterCall = await manager.get(`/engagement/updates/${updateId}`)
    assert.equal(Object.fromEntries(tableRows(afterCall.body, 'to-phone').map(r => [r[0], r[2]]))[`${people.Hal!.pseudonym} (contact details)`]?.startsWith('Phoned'), true)
    assert.equal((await manager.post(hal)).statusCode, 409, 'a call is marked once')
    assert.equal((await manager.post(`/engagement/updates/${updateId}/send`)).statusCode, 409, 'sent once only')
    assert.deepEqual(tableRows((await manager.get('/engagement/updates')).body, 'sent').map(r => r[0]), [TITLE])
  })

  it('shows a sent update to anyone, without signing in, with no names', async () => {
    const res = await t.agent().get(`/updates/${updateId}`)
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-l">What you told us about applying<\/h1>/)
    assert.match(res.body, /<p class="govuk-body">The form was too long\.<\/p>\s*<p class="govuk-body">You waited too long for an answer\.<\/p>/)
    assert.match(res.body, /We cut the form to four pages\./)
    for (const p of Object.values(people)) assert.ok(!res.body.includes(p.pseudonym), 'no pseudonyms')
    assert.equal((await t.agent().get('/updates/not-an-update')).statusCode, 404)
  })

  it('says so when everyone is left out', async () => {
    const { id } = await inTransaction(t.deps, ANALYST, uow =>
      queueUpdate(uow, { title: 'For Eve only', youSaid: 'You said it.', weDid: 'We did it.', sourceType: 'analysis_feedback', sourceId: newId(), participantIds: [people.Eve!.id] }),
    )
    const page = await manager.get(`/engagement/updates/${id}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Everyone was left out, so there is nothing to send yet/)
    assert.doesNotMatch(page.body, /Send the update to/)
    expectFormErrors(await manager.post(`/engagement/updates/${id}/send`), [['send', 'There is no one to send this update to: everyone was left out. Check the reasons below.']])
  })
})
