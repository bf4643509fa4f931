// The analysis pages with the whole app, without JavaScript: start an analysis (errors named, what was typed kept),
// take in evidence, review hidden details, build and publish the codebook, code segments one after another, ask for
// suggestions (refused with a reason until 20 are coded). Only analysts get in; panel members are refused.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { systemActor } from '../../../platform/auth/actor.ts'
import { addSession, createActivity } from '../../engagement/index.ts'
import { captureNotes } from '../../evidence/index.ts'

const SYSTEM = systemActor('analysis page tests')

describe('the analysis pages', () => {
  let t: TestApp
  let analyst: Agent
  let member: Agent
  let projectId = ''

  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
    member = await t.signInAs('panel_member')
    const { id: activityId } = await createActivity(t.deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop in Eastport', purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const { id: sessionId } = await addSession(t.deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 12, accessibility: '',
    })
    await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'Call me on 07700 900456 if you need to. The staff were kind. The wait was far too long.', notToBeQuoted: false })
    await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'The forms were long and confusing.', notToBeQuoted: false })
  })
  after(() => t.close())

  it('refuses panel members', async () => {
    assert.equal((await member.get('/analysis')).statusCode, 403)
    assert.equal((await member.post('/analysis/new', { title: 'x', purpose: 'y' })).statusCode, 403)
  })

  it('starts an analysis after naming every problem, keeping what was typed', async () => {
    const list = await analyst.get('/analysis')
    assert.equal(list.statusCode, 200)
    assert.match(list.body, /There are no analyses yet/)
    const bad = await analyst.post('/analysis/new', { title: '', purpose: '', channel: 'workshop', activityId: 'not-an-id', questionId: '' })
    expectFormErrors(bad, 'Start an analysis', [
      ['title', 'Enter a title for the analysis'],
      ['purpose', /Enter what this analysis is for/],
      ['activityId', /Choose an activity/],
    ])
    assert.equal(inputValue(bad.body, 'activityId'), 'not-an-id')
    assert.match(bad.body, /<option value="workshop" selected>/)
    const ok = await analyst.post('/analysis/new', { title: 'What made applying hard', purpose: 'To find what to fix first', channel: 'workshop', activityId: '', questionId: '' })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 1500))
    projectId = /\/analysis\/([0-9a-f-]{36})$/.exec(String(ok.headers.location))![1]!
    const overview = await analyst.get(`/analysis/${projectId}`)
    assert.match(overview.body, /Analysis started/)
  })

  it('takes in evidence and shows hidden details for review', async () => {
    const r = await analyst.post(`/analysis/${projectId}/take-in`, {})
    assert.equal(r.statusCode, 303)
    const overview = await analyst.get(`/analysis/${projectId}`)
    assert.match(overview.body, /2 new items taken in/)
    const queue = await analyst.get(`/analysis/${projectId}/redactions`)
    const link = /href="(\/analysis\/[^"]+\/items\/[^"]+\/redactions)"/.exec(queue.body)?.[1]
    assert.ok(link, queue.body.slice(0, 3000))
    const item = await analyst.get(link)
    assert.equal(item.statusCode, 200)
    assert.match(item.body, /Phone number: &quot;07700 900456&quot;/)
    assert.doesNotMatch(/id="redacted-text">([\s\S]*?)<\/p>/.exec(item.body)?.[1] ?? '', /07700/)
    const radio = /name="(keep-[0-9a-f-]{36})"/.exec(item.body)![1]!
    const bad = await analyst.post(link, { [radio]: 'yes', add: 'Not there', addKind: 'name' })
    expectFormErrors(bad, 'Review hidden details: What made applying hard', [['add', /&quot;Not there&quot; is not in the text/]])
    assert.equal(textareaValue(bad.body, 'add'), 'Not there')
    const saved = await analyst.post(link, { [radio]: 'yes', add: '', addKind: 'name' })
    assert.equal(saved.statusCode, 303)
    assert.match((await analyst.get(`/analysis/${projectId}/redactions`)).body, /0 items to review, 1 reviewed/)
  })

  it('builds and publishes the codebook', async () => {
    const bad = await analyst.post(`/analysis/${projectId}/codebook`, { name: '', parentId: '', description: 'No name given', examples: '' })
    expectFormErrors(bad, 'Codebook: What made applying hard', [['name', 'Enter a name for the code']])
    assert.equal(textareaValue(bad.body, 'description'), 'No name given')
    assert.equal((await analyst.post(`/analysis/${projectId}/codebook`, { name: 'Staff', parentId: '', description: 'About the people', examples: '' })).statusCode, 303)
    const book = await analyst.get(`/analysis/${projectId}/codebook`)
    const staffId = new RegExp(`<option value="([0-9a-f-]{36})">Staff</option>`).exec(book.body)![1]!
    assert.equal((await analyst.post(`/analysis/${projectId}/codebook`, { name: 'Kind staff', parentId: staffId, description: '', examples: 'They were kind' })).statusCode, 303)
    assert.equal((await analyst.post(`/analysis/${projectId}/codebook`, { name: 'Waiting', parentId: '', description: '', examples: '' })).statusCode, 303)
    const noNote = await analyst.post(`/analysis/${projectId}/codebook/publish`, { note: '' })
    expectFormErrors(noNote, 'Codebook: What made applying hard', [['note', /Say what changed/]])
    assert.equal((await analyst.post(`/analysis/${projectId}/codebook/publish`, { note: 'First version' })).statusCode, 303)
    const after = await analyst.get(`/analysis/${projectId}/codebook`)
    assert.deepEqual(tableRows(after.body, 'codes').map(r => r[0]!.replace(/\s+/g, ' ').trim()), ['Staff', '— Staff › Kind staff Kind staff', 'Waiting'])
    assert.match(after.body, /Version 1, .*3 codes: First version/)
  })

  it('codes segments one after another, by keyboard and without JavaScript', async () => {
    const next = await analyst.get(`/analysis/${projectId}/code`)
    assert.equal(next.statusCode, 303)
    const url = String(next.headers.location)
    const page = await analyst.get(url)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Which codes apply\?/)
    const kind = /<input class="govuk-checkboxes__input" id="[^"]+" name="codes" type="checkbox" value="([0-9a-f-]{36})"[^>]*>\s*<label[^>]*>\s*<span aria-hidden="true">— <\/span>Staff › Kind staff/.exec(page.body)?.[1]
    assert.ok(kind, page.body.slice(page.body.indexOf('Which codes'), page.body.indexOf('Which codes') + 2000))
    const saved = await analyst.post(url, { action: 'save', codes: kind })
    assert.equal(saved.statusCode, 303)
    assert.notEqual(saved.headers.location, url, 'on to the next segment')
    const back = await analyst.get(url)
    assert.match(back.body, new RegExp(`value="${kind}" checked`))
    const skipped = await analyst.post(String(saved.headers.location), { action: 'skip' })
    assert.equal(skipped.statusCode, 303)
  })

  it('codes a whole item at once when asked', async () => {
    const done = async () => Number(/(\d+) of 4 done/.exec((await analyst.get(`/analysis/${projectId}`)).body)![1])
    const before = await done()
    // The first note has three sentences: find one of its segments (the order items come in is not fixed).
    let url = String((await analyst.get(`/analysis/${projectId}/code`)).headers.location)
    let page = await analyst.get(url)
    for (let i = 0; i < 4 && !page.body.includes('name="scope"'); i++) {
      url = String((await analyst.post(url, { action: 'skip' })).headers.location)
      page = await analyst.get(url)
    }
    assert.match(page.body, /The whole item \(all 3 segments\)/)
    const itemTexts = /id="item-context">([\s\S]*?)<\/p>/.exec(page.body)![1]!
    const waiting = /value="([0-9a-f-]{36})"[^>]*>\s*<label[^>]*>\s*Waiting/.exec(page.body)![1]!
    const saved = await analyst.post(url, { action: 'save', codes: waiting, scope: 'item' })
    assert.equal(saved.statusCode, 303)
    // All three segments of that item are done (one of them may have been done already by the test before).
    const after = await done()
    assert.ok(after >= before + 2 && after <= 4, `${before} -> ${after}`)
    const next = await analyst.get(`/analysis/${projectId}/code`)
    if (after < 4) {
      const text = /id="segment-text">([^<]*)</.exec((await analyst.get(String(next.headers.location))).body)![1]!
      assert.ok(!itemTexts.includes(text), 'what is left is from the other item')
    } else assert.match(next.body, /You have coded every segment/)
  })

  it('explores by shared words only once there are enough segments, and never calls the groups themes', async () => {
    const page = await analyst.get(`/analysis/${projectId}/explore`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /They are not themes or findings/)
    assert.match(page.body, /There are 4 segments. Grouping needs at least 20/)
  })

  it('refuses suggestions until enough is coded, saying why', async () => {
    const r = await analyst.post(`/analysis/${projectId}/suggestions`, {})
    expectFormErrors(r, 'Suggestions: What made applying hard', [['run', /Code at least 20 segments yourself first \(you have coded [34]\)/]])
  })
})
