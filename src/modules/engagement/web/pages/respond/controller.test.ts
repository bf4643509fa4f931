import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../test/support/test-app.ts'
import { domainEvents } from '../../../../../platform/events/event-bus.ts'
import { buildSmallSurvey, changeActivityStatus, linkAccount, panelMember, surveyActivity, SYSTEM } from '../../../domain/survey-fixtures.test-support.ts'
import type { ResponseSubmittedEvent } from '../../../domain/survey-responses.ts'

describe('survey pages: answering, staff entry, the builder and results', () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp({ env: { PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: '1000', SMALL_NUMBER_THRESHOLD: '2' } })
  })
  after(() => t.close())

  it('takes a panel member through the questions with errors, skips a condition, resumes, checks and submits', async () => {
    const activityId = await surveyActivity(t.deps)
    const s = await buildSmallSurvey(t.deps, activityId)
    await changeActivityStatus(t.deps, SYSTEM, activityId, 'open')
    const p = await panelMember(t.deps)
    const agent = await t.signInAs('panel_member')
    await linkAccount(t.deps, p.id, agent.user.id)
    const events: ResponseSubmittedEvent[] = []
    const off = domainEvents.subscribe('engagement.response_submitted', e => {
      events.push(e)
    })
    try {
      const list = await agent.get('/surveys')
      assert.equal(list.statusCode, 200)
      assert.match(list.body, new RegExp(`href="/surveys/${s.surveyId}"`))
      const start = await agent.get(`/surveys/${s.surveyId}`)
      assert.match(start.body, /Start now/)
      const started = await agent.post(`/surveys/${s.surveyId}/start`)
      assert.equal(started.headers.location, `/surveys/${s.surveyId}/questions/${s.q1}`)
      const page = await agent.get(started.headers.location)
      assert.match(page.body, /<h1 class="govuk-fieldset__heading">\s*Have you applied in the last year\?/)
      assert.match(page.body, /Help with this question in Easy Read/)
      const empty = await agent.post(`/surveys/${s.surveyId}/questions/${s.q1}`, {})
      assert.equal(empty.statusCode, 400)
      assert.match(empty.body, /<title>Error: /)
      assert.match(empty.body, /href="#answer">Select an answer/)
      const yes = await agent.post(`/surveys/${s.surveyId}/questions/${s.q1}`, { answer: 'o1' })
      assert.equal(yes.headers.location, `/surveys/${s.surveyId}/questions/${s.q2}`, 'Yes: the conditional question follows')
      // Leave and come back: the start page offers to carry on, and carrying on goes to the first unanswered question.
      assert.match((await agent.get(`/surveys/${s.surveyId}`)).body, /Carry on where you left off/)
      assert.equal((await agent.post(`/surveys/${s.surveyId}/start`)).headers.location, `/surveys/${s.surveyId}/questions/${s.q2}`)
      assert.equal((await agent.post(`/surveys/${s.surveyId}/questions/${s.q2}`, { answer: 'The letter was <b>late</b>', action: 'save' })).headers.location, `/surveys/${s.surveyId}/saved`)
      assert.equal((await agent.post(`/surveys/${s.surveyId}/start`)).headers.location, `/surveys/${s.surveyId}/questions/${s.q3}`)
      const badScale = await agent.post(`/surveys/${s.surveyId}/questions/${s.q3}`, { answer: '9' })
      assert.equal(badScale.statusCode, 400)
      assert.match(badScale.body, /Select a number from 1 to 5/)
      await agent.post(`/surveys/${s.surveyId}/questions/${s.q3}`, { answer: '4' })
      assert.equal((await agent.post(`/surveys/${s.surveyId}/questions/${s.q4}`, { answer: ['o1', 'o3'] })).headers.location, `/surveys/${s.surveyId}/check`)
      const check = await agent.get(`/surveys/${s.surveyId}/check`)
      assert.equal(check.statusCode, 200)
      assert.match(check.body, /The letter was &lt;b&gt;late&lt;\/b&gt;/, 'escaped')
      assert.match(check.body, /4 out of 5/)
      assert.match(check.body, /A friend<br>The website/)
      // Change an answer from the check page: back to the check page.
      assert.equal((await agent.post(`/surveys/${s.surveyId}/questions/${s.q3}?change=1`, { answer: '5' })).headers.location, `/surveys/${s.surveyId}/check`)
      assert.equal((await agent.post(`/surveys/${s.surveyId}/check`)).headers.location, `/surveys/${s.surveyId}/done`)
      assert.match((await agent.get(`/surveys/${s.surveyId}/done`)).body, /Your answers have been sent/)
      assert.match((await agent.get(`/surveys/${s.surveyId}`)).body, /You have already answered/)
      assert.equal((await agent.get(`/surveys/${s.surveyId}/questions/${s.q1}`)).headers.location, `/surveys/${s.surveyId}`)
      // The page does not wait for the response's reactions (they run just after): wait for the event to arrive.
      for (let i = 0; i < 100 && events.length === 0; i++) await new Promise(resolve => setTimeout(resolve, 20))
      assert.equal(events.length, 1)
      assert.equal(events[0]!.freeText[0]!.text, 'The letter was <b>late</b>')
    } finally {
      off()
    }
  })

  it('refuses people the survey is not for, and explains why', async () => {
    const activityId = await surveyActivity(t.deps, { audience: 'core_group' })
    const s = await buildSmallSurvey(t.deps, activityId)
    await changeActivityStatus(t.deps, SYSTEM, activityId, 'open')
    const signedOut = t.agent()
    assert.match((await signedOut.get(`/surveys/${s.surveyId}`)).body, /Sign in to answer it/)
    const p = await panelMember(t.deps)
    const agent = await t.signInAs('panel_member')
    await linkAccount(t.deps, p.id, agent.user.id)
    assert.match((await agent.get(`/surveys/${s.surveyId}`)).body, /only for the people it was sent to/)
    assert.equal((await agent.post(`/surveys/${s.surveyId}/start`)).headers.location, `/surveys/${s.surveyId}`)
    assert.doesNotMatch((await agent.get('/surveys')).body, new RegExp(s.surveyId))
  })

  it('lets anyone answer a public poll anonymously, one response per browser', async () => {
    const activityId = await surveyActivity(t.deps, { kind: 'poll', audience: 'public' })
    const s = await buildSmallSurvey(t.deps, activityId)
    await changeActivityStatus(t.deps, SYSTEM, activityId, 'open')
    const a = t.agent()
    const started = await a.post(`/surveys/${s.surveyId}/start`)
    assert.ok(started.cookies.some(c => c.name === 'charter_respondent' && c.httpOnly), 'a respondent cookie')
    await a.post(`/surveys/${s.surveyId}/questions/${s.q1}`, { answer: 'o2' })
    await a.post(`/surveys/${s.surveyId}/questions/${s.q3}`, { answer: '1' })
    await a.post(`/surveys/${s.surveyId}/questions/${s.q4}`, {})
    assert.equal((await a.post(`/surveys/${s.surveyId}/check`)).headers.location, `/surveys/${s.surveyId}/done`)
    assert.match((await a.get(`/surveys/${s.surveyId}`)).body, /You have already answered/)
    const b = t.agent()
    assert.equal((await b.post(`/surveys/${s.surveyId}/start`)).headers.location, `/surveys/${s.surveyId}/questions/${s.q1}`, 'another browser is another respondent')
  })

  it('lets staff enter a phone response on a member’s behalf, and shows results with a breakdown', async () => {
    const activityId = await surveyActivity(t.deps, { audience: 'selection', audienceDetail: 'Phone applicants' })
    const s = await buildSmallSurvey(t.deps, activityId)
    await changeActivityStatus(t.deps, SYSTEM, activityId, 'open')
    const p = await panelMember(t.deps, { area: 'glenmoor' })
    const analyst = await t.signInAs('analyst')
    const form = await analyst.get(`/engagement/surveys/${activityId}/entries/new`)
    assert.equal(form.statusCode, 200)
    const bad = await analyst.post(`/engagement/surveys/${activityId}/entries/new`, { pseudonym: '' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#pseudonym"/)
    assert.match(bad.body, /href="#channel"/)
    const ok = await analyst.post(`/engagement/surveys/${activityId}/entries/new`, { pseudonym: p.pseudonym, channel: 'phone' })
    assert.equal(ok.statusCode, 303)
    const base = ok.headers.location!.replace(/\/questions\/.*$/, '')
    const q1 = await analyst.get(ok.headers.location!)
    assert.match(q1.body, /entered for them: phone call/)
    await analyst.post(`${base}/questions/${s.q1}`, { answer: 'o1' })
    const req = await analyst.post(`${base}/questions/${s.q2}`, { answer: '' })
    assert.equal(req.statusCode, 303, 'optional question skipped')
    await analyst.post(`${base}/questions/${s.q3}`, { answer: '3' })
    await analyst.post(`${base}/questions/${s.q4}`, { answer: 'o2' })
    assert.match((await analyst.get(`${base}/check`)).body, /Check their answers/)
    assert.equal((await analyst.post(`${base}/check`)).headers.location, `${base}/done`)
    // Another account cannot reach this entry.
    const other = await t.signInAs('panel_manager')
    assert.equal((await other.get(`${base}/check`)).statusCode, 404)

    const results = await analyst.get(`/engagement/surveys/${activityId}/results?dimension=area`)
    assert.equal(results.statusCode, 200)
    assert.match(results.body, /1 response sent \(phone call: 1\)/)
    assert.match(results.body, /\[c\]/, 'one person in Glenmoor is hidden')
    assert.equal((await analyst.get(`/engagement/surveys/${activityId}/results?dimension=benefits`)).statusCode, 400)
    const list = await analyst.get('/engagement/surveys')
    assert.match(list.body, new RegExp(`/engagement/surveys/${activityId}/build`))
  })

  it('builds a survey through the pages, and locks its questions once answered', async () => {
    const activityId = await surveyActivity(t.deps)
    const manager = await t.signInAs('panel_manager')
    const b = `/engagement/surveys/${activityId}/build`
    assert.equal((await manager.get(b)).statusCode, 200)
    assert.equal((await manager.get(`${b}/questions/new`)).headers.location, `${b}/sections/new`, 'a section first')
    assert.equal((await manager.post(`${b}/sections/new`, { title: '' })).statusCode, 400)
    assert.equal((await manager.post(`${b}/sections/new`, { title: 'About you' })).statusCode, 303)
    const bad = await manager.post(`${b}/questions/new`, { type: 'single_choice', text: '', options: 'Only one' })
    assert.equal(bad.statusCode, 400)
    assert.match(bad.body, /href="#text">Enter the question/)
    assert.match(bad.body, /href="#options">Enter at least 2 options/)
    const sectionId = /name="sectionId"[\s\S]*?<option value="([^"]+)"/.exec(bad.body)![1]!
    const added = await manager.post(`${b}/questions/new`, { sectionId, type: 'single_choice', text: 'Do you drive?', options: 'Yes\nNo', required: 'yes' })
    assert.equal(added.statusCode, 303)
    const q1 = /#question-(.+)$/.exec(added.headers.location!)![1]!
    const q2 = /#question-(.+)$/.exec((await manager.post(`${b}/questions/new`, { sectionId, type: 'free_text', text: 'Where to?', required: 'no' })).headers.location!)![1]!
    const cond = await manager.get(`${b}/questions/${q2}/condition`)
    assert.match(cond.body, /Only if: Question 1: Do you drive\?/)
    assert.equal((await manager.post(`${b}/questions/${q2}/condition`, { dependsOn: q1 })).statusCode, 400, 'no option chosen')
    assert.equal((await manager.post(`${b}/questions/${q2}/condition`, { dependsOn: q1, [`options-${q1}`]: 'o1' })).statusCode, 303)
    const up = await manager.post(`${b}/questions/${q2}/move`, { direction: 'up' })
    assert.equal(up.statusCode, 409)
    assert.match(up.body, /can only depend on the answer to an earlier question/)
    assert.equal((await manager.get(`${b}/preview`)).statusCode, 200)
    const overview = await manager.get(b)
    assert.match(overview.body, /Only if the answer to question 1 is “Yes”/)

    await changeActivityStatus(t.deps, SYSTEM, activityId, 'open')
    const p = await panelMember(t.deps)
    const member = await t.signInAs('panel_member')
    await linkAccount(t.deps, p.id, member.user.id)
    const surveyId = /\/surveys\/([0-9a-f-]{36})"/.exec(overview.body)![1]!
    await member.post(`/surveys/${surveyId}/start`)
    await member.post(`/surveys/${surveyId}/questions/${q1}`, { answer: 'o2' })
    const locked = await manager.get(`${b}/questions/${q1}`)
    assert.match(locked.body, /cannot change/)
    assert.doesNotMatch(locked.body, /name="text"/)
    assert.equal((await manager.post(`${b}/questions/${q1}`, { hint: 'Any car or van' })).statusCode, 303, 'a hint can still be corrected')
    assert.match((await manager.get(b)).body, /Any car or van/)
    assert.equal((await manager.post(`${b}/questions/${q1}/remove`)).statusCode, 409)
  })
})
