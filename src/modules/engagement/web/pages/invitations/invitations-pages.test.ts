// The invitation pages with the whole app (both databases when DATABASE_URL is set): only the panel manager gets
// in; choosing who, with the error for an empty selection; the preview with who is left out and why; sending by
// email (real local SMTP) and by text message (a local fake of GOV.UK Notify, configured through the environment as
// in production); the person's reply through the link (a bad link gets its own 404 page; a second reply changes
import { tableRows } from '../../../../../../test/support/govuk-html.ts'
// the first, and says so); a reply taken by phone; the letters; and a survey answered through the invitation's link
// without signing in: one response per invited person, resumable through the same link, recorded as online.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { linkIn } from '../../../../../../test/support/smtp.ts'
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { newId } from '../../../../../platform/ids.ts'
import { changeConsents, changeParticipantStatus, registerParticipant } from '../../../../panel/index.ts'
import { changeActivityStatus, createActivity } from '../../../domain/activities.ts'
import { fakeNotify } from '../../../domain/channels/notify-fake.test-support.ts'
import { buildSmallSurvey, surveyActivity } from '../../../domain/survey-fixtures.test-support.ts'

const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Set-up' }
const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506'
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'

function summaryLinks(html: string): [string, string][] {
  const list = html.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? ''
  const links = [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(m => [m[1]!, m[2]!] as [string, string])
  for (const [href, text] of links) assert.ok(html.includes(`id="${href.slice(1)}"`), `"${text}" links to ${href}, which is not on the page`)
  return links
}

function expectFormErrors(res: LightMyRequestResponse, expected: [field: string, message: string][]): void {
  assert.equal(res.statusCode, 400, res.body.slice(0, 2000))
  assert.match(res.body, /<title>Error: /)
  assert.deepEqual(summaryLinks(res.body), expected.map(([f, m]) => [`#${f}`, m]))
}

const h1 = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1]?.replace(/<[^>]+>/g, '').trim()
const pathOf = (url: string) => new URL(url).pathname

describe('the invitation pages', () => {
  let t: TestApp
  let notify: Awaited<ReturnType<typeof fakeNotify>>
  let manager: Agent
  const people: Record<string, { id: string; pseudonym: string }> = {}
  let workshopId = ''

  const register = async (name: string, over: Record<string, unknown>, consent = true) => {
    const email = `${name.toLowerCase()}.${newId().slice(-8)}@example.org`
    const p = await registerParticipant(t.deps, MANAGER, { fullName: name, joinedVia: 'phone', preferredChannel: 'email', email, ...over } as never)
    await changeConsents(t.deps, MANAGER, p.id, [{ purpose: 'contact_research', given: consent }])
    people[name] = { id: p.id, pseudonym: p.pseudonym }
    return { ...p, email }
  }
  const workshop = async (title: string) =>
    (
      await createActivity(t.deps, MANAGER, {
        roundId: null, kind: 'workshop', title, purpose: 'To hear what made applying hard.', audience: 'whole_panel',
        audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
    ).id
  const emailTo = async (address: string, subject: RegExp) => linkIn((await t.smtp.waitFor(m => m.to.includes(address) && subject.test(m.subject))).text)

  before(async () => {
    notify = await fakeNotify(SERVICE, SECRET)
    t = await createTestApp({
      env: {
        PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: '1000',
        TEXT_MESSAGE_NOTIFY_API_KEY: `charter_test-${SERVICE}-${SECRET}`,
        TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: 'f33517ff-2a88-4f6e-b855-c550268ce08a',
        TEXT_MESSAGE_NOTIFY_BASE_URL: notify.url,
      },
    })
    manager = await t.signInAs('panel_manager')
    workshopId = await workshop('Workshop: applying for help')
  })
  after(async () => {
    await t.close()
    await notify.close()
  })

  it('lets only the panel manager see, choose, preview, send and record replies', async () => {
    const a = `/engagement/activities/${workshopId}/invitations`
    assert.equal((await manager.get(a)).statusCode, 200)
    for (const role of ['analyst', 'panel_member', 'core_group_member', 'policy_official', 'scrutiny_body', 'admin'] as const) {
      const someone = await t.signInAs(role)
      for (const url of [a, `${a}/new`, `${a}/letters.pdf`]) assert.equal((await someone.get(url)).statusCode, 403, `${role} GET ${url}`)
      assert.equal((await someone.post(`${a}/preview`, { group: 'whole_panel' })).statusCode, 403, `${role} preview`)
      assert.equal((await someone.post(`${a}/send`, { group: 'whole_panel' })).statusCode, 403, `${role} send`)
    }
    const signedOut = await t.agent().get(a)
    assert.equal(signedOut.statusCode, 303, 'signed out: sent to sign in')
    assert.match(String(signedOut.headers.location), /^\/sign-in/)
    assert.equal((await manager.get(`/engagement/activities/${newId()}/invitations`)).statusCode, 404)
  })

  it('previews who is invited and who is left out (and why), sends by email and text, and lists them', async () => {
    const ann = await register('Ann', { supportNeeds: [{ need: 'bsl_interpreter' }, { need: 'travel' }] })
    await register('Bob', { preferredChannel: 'letter', preferredFormat: 'large_print', address: { line1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' } })
    await register('Cat', { preferredChannel: 'text', phone: '07700 900 982' })
    await register('Dan', { preferredChannel: 'text', phone: '07700 000000' })
    await register('Eve', {}, false)
    const fay = await register('Fay', {})
    await changeParticipantStatus(t.deps, MANAGER, { participantId: fay.id, status: 'withdrawn' })
    const a = `/engagement/activities/${workshopId}/invitations`

    const choose = await manager.get(`${a}/new`)
    assert.equal(choose.statusCode, 200)
    assert.match(choose.body, /value="whole_panel" checked/, 'the activity’s audience is chosen to start with')
    expectFormErrors(await manager.post(`${a}/preview`, { group: 'selection' }), [['selection', 'Select at least one answer or seldom-heard group to choose who to invite']])
    expectFormErrors(await manager.post(`${a}/preview`, {}), [['group', 'Select who to invite']])
    const kept = await manager.post(`${a}/preview`, { group: 'selection', tags: 'no_such_group' })
    expectFormErrors(kept, [['selection', 'Select answers and groups from the lists']])
    assert.match(kept.body, /value="selection" checked/, 'what was chosen is kept')

    const preview = await manager.post(`${a}/preview`, { group: 'whole_panel', sessionId: '' })
    assert.equal(preview.statusCode, 200)
    assert.equal(h1(preview.body), 'Check who will be invited')
    const invited = Object.fromEntries(tableRows(preview.body, 'to-invite').map(r => [r[0], r.slice(1)]))
    assert.deepEqual(invited[people.Ann!.pseudonym], ['Email', 'Standard'])
    assert.deepEqual(invited[people.Bob!.pseudonym], ['Letter', 'Large print'])
    assert.deepEqual(invited[people.Cat!.pseudonym], ['Text message', 'Standard'])
    const skipped = Object.fromEntries(tableRows(preview.body, 'skipped').map(r => [r[0], r[1]]))
    assert.equal(skipped[people.Eve!.pseudonym], 'Has not agreed to be contacted about research')
    assert.equal(skipped[people.Fay!.pseudonym], 'Has left the panel')
    assert.equal(invited[people.Eve!.pseudonym], undefined)
    const sendButton = /Send (\d+) invitations/.exec(preview.body)
    assert.ok(sendButton, 'the send button says how many')

    const sent = await manager.post(`${a}/send`, { group: 'whole_panel', sessionId: '' })
    assert.equal(sent.statusCode, 303)
    assert.equal(sent.headers.location, a)
    const list = await manager.get(a)
    assert.match(list.body, new RegExp(`Invitations sent: ${sendButton[1]} invited, \\d+ sent by email or text, 1 letter to print, 1 could not be sent`))
    const rows = Object.fromEntries(tableRows(list.body, 'invitations').map(r => [r[0], r]))
    assert.deepEqual(rows[people.Ann!.pseudonym]!.slice(2, 4), ['Email', 'Sent'])
    assert.deepEqual(rows[people.Bob!.pseudonym]!.slice(2, 4), ['Letter (Large print)', 'Letter to print'])
    assert.deepEqual(rows[people.Cat!.pseudonym]!.slice(2, 4), ['Text message', 'Sent'])
    assert.equal(rows[people.Dan!.pseudonym]![3], 'Not sent: The text message service refused it: phone_number Not a UK mobile number')

    // The text message went to the provider as its API wants, with the reply link.
    const text = notify.requests.find(r => r.body.phone_number === '07700 900 982')!
    assert.deepEqual(text.problems, [])
    assert.match(String((text.body.personalisation as Record<string, string>).reply_link), /^http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]{43}$/)
    // The email carries the link and the reference; the letters are one PDF.
    const link = await emailTo(ann.email, /^Invitation: Workshop: applying for help$/)
    assert.match(link, /\/invitations\/[A-Za-z0-9_-]{43}$/)
    const pdf = await manager.get(`${a}/letters.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')

    // Sending again invites no one new: everyone is already invited, or left out.
    const again = await manager.post(`${a}/preview`, { group: 'whole_panel', sessionId: '' })
    assert.equal(Object.fromEntries(tableRows(again.body, 'skipped').map(r => [r[0], r[1]]))[people.Ann!.pseudonym], 'Already invited to this activity')
  })

  it('takes the person’s reply through the link, lets them change it, and says when a link does not work', async () => {
    const gus = await register('Gus', { supportNeeds: [{ need: 'travel' }] })
    const activityId = await workshop('Workshop: what to change first')
    assert.equal((await manager.post(`/engagement/activities/${activityId}/invitations/send`, { group: 'whole_panel', sessionId: '' })).statusCode, 303)
    const url = pathOf(await emailTo(gus.email, /what to change first/))
    const person = t.agent()

    const page = await person.get(url)
    assert.equal(page.statusCode, 200)
    assert.equal(h1(page.body), 'Workshop: what to change first')
    assert.doesNotMatch(page.body, /You have already replied/)
    expectFormErrors(await person.post(url, {}), [['reply', 'Select yes if you can take part, or no if you cannot']])
    expectFormErrors(await person.post(url, { reply: 'accepted' }), [['needs', 'Select the support you need this time, or ‘None of these’']])
    expectFormErrors(await person.post(url, { reply: 'accepted', needs: ['travel', 'none'] }), [['needs', 'Select the support you need, or ‘None of these’, not both']])
    const ok = await person.post(url, { reply: 'accepted', needs: 'travel' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, `${url}/done`)
    const thanks = await person.get(`${url}/done`)
    assert.match(thanks.body, /Thank you for replying[\s\S]*Help with travel[\s\S]*Change your reply/)

    // A second visit: their answer is shown and can be changed (the last reply counts; each one is audited).
    const second = await person.get(url)
    assert.match(second.body, /You have already replied: you can take part\. If anything has changed, change your answer below/)
    assert.match(second.body, /value="accepted" checked/)
    assert.equal((await person.post(url, { reply: 'declined' })).statusCode, 303)
    assert.match((await person.get(`${url}/done`)).body, /You told us you cannot take part this time/)
    const audit = await t.deps.db
      .withTables<{ audit_event: { action: string; summary: string } }>()
      .selectFrom('audit_event')
      .select(['summary'])
      .where('action', '=', 'engagement.invitation_replied')
      .execute()
    const mine = audit.map(r => JSON.parse(r.summary) as { pseudonym: string; reply: string; before: string | null; channel: string }).filter(s => s.pseudonym === people.Gus!.pseudonym)
    assert.deepEqual(mine.map(s => [s.reply, s.before, s.channel]), [['accepted', null, 'online'], ['declined', 'accepted', 'online']])

    // A link that opens no invitation: its own page, with what to check and how to reach us.
    for (const bad of ['/invitations/not-a-real-token-abcdefghijklmnop', '/invitations/x', `${url.slice(0, -3)}/done`, '/invitations/not-a-real-token-abcdefghijklmnop/survey']) {
      const res = await person.get(bad)
      assert.equal(res.statusCode, 404, bad)
      assert.equal(h1(res.body), 'This invitation link does not work')
      assert.match(res.body, /check you copied all of it/)
    }
    assert.equal((await person.post('/invitations/not-a-real-token-abcdefghijklmnop', { reply: 'accepted' })).statusCode, 404)

    // Once the activity is cancelled, the link still shows the invitation but takes no more replies.
    await changeActivityStatus(t.deps, MANAGER, activityId, 'cancelled')
    const closed = await person.get(url)
    assert.match(closed.body, /no longer taking replies/)
    assert.doesNotMatch(closed.body, /Send reply/)
  })

  it('records a reply taken by phone, as a phone reply, with the GOV.UK error pattern', async () => {
    await register('Hal', { preferredChannel: 'phone', phone: '01632 960 001', supportNeeds: [{ need: 'carer_companion' }] })
    const activityId = await workshop('Workshop: letters')
    await manager.post(`/engagement/activities/${activityId}/invitations/send`, { group: 'whole_panel', sessionId: '' })
    const list = await manager.get(`/engagement/activities/${activityId}/invitations`)
    const hal = tableRows(list.body, 'invitations').find(r => r[0] === people.Hal!.pseudonym)!
    assert.deepEqual(hal.slice(2, 4), ['Phone call', 'To phone'])
    const link = new RegExp(`href="(/engagement/invitations/[^"]+/reply)">Record a phone reply<span class="govuk-visually-hidden"> for ${people.Hal!.pseudonym}<`).exec(list.body)![1]!
    const analyst = await t.signInAs('analyst')
    assert.equal((await analyst.get(link)).statusCode, 403)
    assert.equal((await analyst.post(link, { reply: 'declined' })).statusCode, 403)
    const form = await manager.get(link)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Record a reply taken by phone/)
    expectFormErrors(await manager.post(link, {}), [['reply', 'Select yes if you can take part, or no if you cannot']])
    const saved = await manager.post(link, { reply: 'accepted', needs: 'none' })
    assert.equal(saved.statusCode, 303)
    const after = tableRows((await manager.get(`/engagement/activities/${activityId}/invitations`)).body, 'invitations').find(r => r[0] === people.Hal!.pseudonym)!
    assert.deepEqual([after[5], after[6]], ['Accepted (by phone)', 'None'])
    assert.equal((await manager.get(`/engagement/invitations/${newId()}/reply`)).statusCode, 404)
  })

  it('lets an invited person answer a survey through the link, without signing in: one response, resumable, recorded as online', async () => {
    const ida = await register('Ida', {})
    const jon = await register('Jon', {})
    // A survey for a selection: people who are not invited cannot answer it online.
    const activityId = await surveyActivity(t.deps, { audience: 'selection', audienceDetail: 'People who applied by phone' })
    const s = await buildSmallSurvey(t.deps, activityId)
    await changeActivityStatus(t.deps, MANAGER, activityId, 'open')
    const ida2 = await t.signInAs('panel_member')
    assert.match((await ida2.get(`/surveys/${s.surveyId}`)).body, /If you were invited, use the link in your invitation/)

    const choice = { group: 'whole_panel', sessionId: '' }
    assert.equal((await manager.post(`/engagement/activities/${activityId}/invitations/send`, choice)).statusCode, 303)
    const mail = await t.smtp.waitFor(m => m.to.includes(ida.email) && /Applying for benefits/.test(m.subject))
    assert.match(mail.text, /You do not need to sign in/)
    const link = pathOf(linkIn(mail.text))
    assert.match(link, /^\/invitations\/[A-Za-z0-9_-]{43}\/survey$/)
    const token = link.split('/')[2]!
    const person = t.agent()
    // The invitation's own page sends them to the survey.
    assert.equal((await person.get(`/invitations/${token}`)).headers.location, link)

    const start = await person.get(link)
    assert.equal(start.statusCode, 200)
    assert.match(start.body, /Start now/)
    assert.match(start.body, /come back later through the same link/)
    const started = await person.post(`${link}/start`)
    assert.equal(started.headers.location, `${link}/questions/${s.q1}`)
    const q1 = await person.get(started.headers.location!)
    assert.match(q1.body, /Have you applied in the last year\?/)
    assert.equal((await person.post(`${link}/questions/${s.q1}`, {})).statusCode, 400)
    assert.equal((await person.post(`${link}/questions/${s.q1}`, { answer: 'o1' })).headers.location, `${link}/questions/${s.q2}`)
    assert.equal((await person.post(`${link}/questions/${s.q2}`, { answer: 'The form was long', action: 'save' })).headers.location, `${link}/saved`)
    assert.match((await person.get(`${link}/saved`)).body, /Use the link in your invitation to carry on/)

    // Later, on another device (no cookies): the same link carries on where they left off.
    const later = t.agent()
    assert.match((await later.get(link)).body, /Carry on where you left off/)
    assert.equal((await later.post(`${link}/start`)).headers.location, `${link}/questions/${s.q3}`)
    await later.post(`${link}/questions/${s.q3}`, { answer: '2' })
    assert.equal((await later.post(`${link}/questions/${s.q4}`, { answer: 'o2' })).headers.location, `${link}/check`)
    const check = await later.get(`${link}/check`)
    assert.match(check.body, /The form was long/)
    assert.equal((await later.post(`${link}/check`)).headers.location, `${link}/done`)
    const done = await later.get(`${link}/done`)
    assert.match(done.body, /Your answers have been sent/)
    assert.doesNotMatch(done.body, /See other surveys and polls/, 'no link to pages that need signing in')
    assert.match((await later.get(link)).body, /You have already answered/)
    assert.equal((await later.get(`${link}/questions/${s.q1}`)).headers.location, link)

    // One response, the invited person's, recorded as online and not entered by anyone else.
    const responses = await t.deps.db
      .withTables<{ engagement_survey_response: { survey_id: string; participant_id: string | null; channel: string; entered_by_user_id: string | null; status: string } }>()
      .selectFrom('engagement_survey_response')
      .selectAll()
      .where('survey_id', '=', s.surveyId)
      .execute()
    assert.deepEqual(responses.map(r => [r.participant_id, r.channel, r.entered_by_user_id, r.status]), [[ida.id, 'online', null, 'submitted']])

    // Another invited person's link opens their own response, not Ida's.
    const jonLink = pathOf(linkIn((await t.smtp.waitFor(m => m.to.includes(jon.email) && /Applying for benefits/.test(m.subject))).text))
    assert.notEqual(jonLink, link)
    const jonAgent = t.agent()
    assert.match((await jonAgent.get(jonLink)).body, /Start now/)
    assert.equal((await jonAgent.get(`${jonLink}/check`)).headers.location, jonLink, 'not started: back to the start page')

    // The panel manager sees who has sent their answers and who has not started.
    const list = await manager.get(`/engagement/activities/${activityId}/invitations`)
    const progress = tableRows(list.body, 'invitations').map(r => [r[0], r[7]])
    assert.deepEqual(progress.find(r => r[0] === ida.pseudonym), [ida.pseudonym, 'Answers sent'])
    assert.deepEqual(progress.find(r => r[0] === jon.pseudonym), [jon.pseudonym, 'Not started'])
    assert.match(list.body, /Answers sent\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*1\s*<\/dd>/)

    // Closed: the link says so and takes no answers.
    await changeActivityStatus(t.deps, MANAGER, activityId, 'closed')
    assert.match((await jonAgent.get(jonLink)).body, /This survey is not open/)
    assert.equal((await jonAgent.post(`${jonLink}/start`)).headers.location, jonLink)
    assert.equal((await jonAgent.post(`${jonLink}/questions/${s.q1}`, { answer: 'o1' })).headers.location, jonLink)
  })
})
