// The drafting pages with the whole app, without JavaScript: the editor's forms (every error state re-renders what
// was typed), "Check plain English" without saving, the working draft with the check beside each item, moving and
// removing, links, settings, and versions: save, list, read, compare (HTML and plain text).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { addSession, createActivity } from '../../../../engagement/index.ts'
import { captureNotes } from '../../../../evidence/index.ts'
import { addPrinciple } from '../../../domain/add-principle.ts'

const SYSTEM = systemActor('drafting page tests')
const locationOf = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '')

describe('the drafting pages', () => {
  let t: TestApp
  let official: Agent
  let core: Agent
  let analyst: Agent
  let principleId = ''
  let sectionId = ''
  let itemId = ''
  let itemKey = ''

  before(async () => {
    t = await createTestApp()
    official = await t.signInAs('policy_official')
    core = await t.signInAs('core_group_member')
    analyst = await t.signInAs('analyst')
    principleId = (await addPrinciple(t.deps, SYSTEM, { title: 'Dignity', body: 'We treat you with dignity.' })).id
  })
  after(() => t.close())

  it('adds a section: errors keep what was typed; "Check plain English" shows the findings without saving', async () => {
    const empty = await official.get('/charter/draft')
    assert.equal(empty.statusCode, 200)
    // The menu marks the most specific section the page is in: "Draft charter", not "Our charter" (/charter).
    assert.match(empty.body, /<a class="govuk-service-navigation__link" href="\/charter\/draft" aria-current="page">/)
    assert.match(empty.body, /<a class="govuk-service-navigation__link" href="\/charter">/)
    assert.match(empty.body, /The draft has no sections yet/)
    // An empty draft cannot be a version: each problem is listed and linked from the error summary.
    const nothing = await official.post('/charter/draft/save-version', { note: '' })
    expectFormErrors(nothing, 'Save a version', [
      ['problem-0', 'The charter must have at least one section'],
      ['note', 'Say what changed in this version'],
    ])
    // The title and introduction: an error keeps what was typed.
    const about = await official.post('/charter/draft/about', { title: ' ', introduction: 'What you can expect from us.' })
    expectFormErrors(about, 'Change the charter’s title and introduction', [['title', 'Enter a title for the charter']])
    assert.equal(textareaValue(about.body, 'introduction'), 'What you can expect from us.')

    const bad = await official.post('/charter/draft/sections/new', { title: '', introduction: 'Applications are processed by staff.', key: 'no spaces please' })
    expectFormErrors(bad, 'Add a section', [
      ['title', 'Enter a title for the section'],
      ['key', /The key must be letters, numbers/],
    ])
    assert.equal(textareaValue(bad.body, 'introduction'), 'Applications are processed by staff.')
    assert.equal(inputValue(bad.body, 'key'), 'no spaces please')

    const checked = await official.post('/charter/draft/sections/new', { title: 'Applying', introduction: 'Applications are processed by staff.', action: 'check' })
    assert.equal(checked.statusCode, 200)
    assert.match(checked.body, /Plain English check of the introduction/)
    assert.match(checked.body, /“are processed”|&quot;are processed&quot;|"are processed"/)
    assert.match(checked.body, /<mark class="app-plain-english__mark">are processed<\/mark>/)
    assert.match(checked.body, /Checked, not saved yet/)
    assert.equal((await official.get('/charter/draft')).body.includes('Applying'), false)

    const saved = await official.post('/charter/draft/sections/new', { title: 'Applying', introduction: 'We read what you send us.' })
    assert.equal(saved.statusCode, 303)
    sectionId = locationOf(saved).split('/').pop()!
    const page = await official.get(locationOf(saved))
    assert.match(page.body, /Section added/)
    assert.match(page.body, /Plain English check of the introduction: No problems found/)
  })

  it('adds a commitment with jargon, shows the checker, and fixes it; errors keep the text and the ticks', async () => {
    const url = `/charter/draft/sections/${sectionId}/items/new?kind=commitment`
    const form = await official.get(url)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /Principles this commitment delivers/)

    const bad = await official.post(url, { text: '', principles: principleId, key: 'c-phone' })
    expectFormErrors(bad, 'Add a commitment', [['text', 'Enter what we will do']])
    assert.match(bad.body, new RegExp(`value="${principleId}" checked`))
    assert.equal(inputValue(bad.body, 'key'), 'c-phone')

    const jargon = 'We will tell you what you are eligible for.'
    const saved = await official.post(url, { text: jargon, principles: principleId, key: 'c-phone' })
    assert.equal(saved.statusCode, 303)
    itemId = locationOf(saved).split('/').pop()!
    itemKey = 'c-phone'
    const edit = await official.get(locationOf(saved))
    assert.match(edit.body, /Commitment added/)
    assert.match(edit.body, /&quot;eligible&quot; may be hard to understand. Try &quot;can get&quot;/)
    assert.match(edit.body, /<mark class="app-plain-english__mark">eligible<\/mark>/)

    const draft = await official.get('/charter/draft')
    assert.match(draft.body, /1 thing to look at/)
    assert.match(draft.body, /Delivers:/)

    const blank = await official.post(`/charter/draft/items/${itemId}`, { text: '   ', section: sectionId })
    expectFormErrors(blank, 'Change commitment', [['text', 'Enter what we will do']])
    assert.match(blank.body, new RegExp(`value="${principleId}"(?! checked)`))

    const fixed = await official.post(`/charter/draft/items/${itemId}`, { text: 'We will tell you what you can get.', section: sectionId, principles: principleId })
    assert.equal(fixed.statusCode, 303)
    const after = await official.get(`/charter/draft/items/${itemId}`)
    assert.match(after.body, /Plain English check: No problems found/)
  })

  it('moves and removes, with a confirmation page and an error when a section still has items', async () => {
    const second = await official.post(`/charter/draft/sections/${sectionId}/items/new?kind=commitment`, { text: 'We will answer the phone.' })
    const secondId = locationOf(second).split('/').pop()!
    const up = await official.post(`/charter/draft/items/${secondId}/move`, { direction: 'up' })
    assert.equal(up.statusCode, 303)
    const draft = await official.get('/charter/draft')
    assert.ok(draft.body.indexOf('We will answer the phone.') < draft.body.indexOf('We will tell you what you can get.'))

    const confirm = await official.get(`/charter/draft/sections/${sectionId}/remove`)
    assert.match(confirm.body, /Are you sure you want to remove this section/)
    const refused = await official.post(`/charter/draft/sections/${sectionId}/remove`)
    expectFormErrors(refused, 'Remove this section', [['remove', 'The section still has 2 items in it. Move them to another section or remove them first']])

    assert.equal((await official.post(`/charter/draft/items/${secondId}/remove`)).statusCode, 303)
    assert.equal((await official.get('/charter/draft')).body.includes('We will answer the phone.'), false)
  })

  it('links a commitment: an unknown evidence reference is refused with the input kept', async () => {
    const page = await analyst.get(`/charter/draft/links/${itemKey}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /The Core Group has not decided anything yet|Decisions behind this commitment/)
    const bad = await analyst.post(`/charter/draft/links/${itemKey}`, { action: 'evidence', evidenceId: 'no-such-item' })
    expectFormErrors(bad, 'What this commitment rests on', [['evidenceId', 'There is no evidence item with that reference. Check it and try again']])
    assert.equal(inputValue(bad.body, 'evidenceId'), 'no-such-item')

    // A real evidence item: linked with a label that quotes it only because it may be quoted; then removed.
    const { id: activityId } = await createActivity(t.deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop in Eastport', purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const { id: sessionId } = await addSession(t.deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport', address: '', joiningDetails: '', capacity: 12, accessibility: '',
    })
    const { id: evidenceId } = await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'Nobody told us what we could get.', notToBeQuoted: true })
    assert.equal((await analyst.post(`/charter/draft/links/${itemKey}`, { action: 'evidence', evidenceId })).statusCode, 303)
    const linked = await analyst.get(`/charter/draft/links/${itemKey}`)
    const rows = tableRows(linked.body, 'links')
    assert.equal(rows.length, 1)
    assert.equal(rows[0]![0], 'Evidence')
    assert.match(rows[0]![1]!, /not for quoting/)
    assert.equal(rows[0]![1]!.includes('Nobody told us'), false)
    const again = await analyst.post(`/charter/draft/links/${itemKey}`, { action: 'evidence', evidenceId })
    expectFormErrors(again, 'What this commitment rests on', [['evidenceId', 'The commitment is already linked to that evidence item']])
    assert.match((await official.get('/charter/draft')).body, /Rests on:/)
    const linkId = /name="link" value="([^"]+)"/.exec(linked.body)![1]!
    assert.equal((await analyst.post(`/charter/draft/links/${itemKey}`, { action: 'unlink', link: linkId })).statusCode, 303)
    assert.equal(tableRows((await analyst.get(`/charter/draft/links/${itemKey}`)).body, 'links').length, 0)

    const official_ = await official.get(`/charter/draft/links/${itemKey}`)
    assert.match(official_.body, /Only people who can see the evidence/)
    assert.equal((await official.get('/charter/draft/links/no-such-key')).statusCode, 404)
  })

  it('changes the settings: line-numbered jargon errors keep the text', async () => {
    const page = await official.get('/charter/draft/settings')
    assert.match(textareaValue(page.body, 'jargon') ?? '', /in receipt of =&gt; getting/)
    const bad = await official.post('/charter/draft/settings', { jargon: 'utilise => use\nfacilitate', targetReadingAge: '4' })
    expectFormErrors(bad, 'Plain English settings', [
      ['jargon', /^Line 2: put &quot;=&gt;&quot; between the word and the plainer words/],
      ['targetReadingAge', 'The reading age must be between 7 and 18'],
    ])
    assert.equal(textareaValue(bad.body, 'jargon'), 'utilise =&gt; use\nfacilitate')
    assert.equal(inputValue(bad.body, 'targetReadingAge'), '4')
    const ok = await official.post('/charter/draft/settings', { jargon: 'utilise => use\nfacilitate => help', targetReadingAge: '9' })
    assert.equal(ok.statusCode, 303)
  })

  it('saves versions, lists, shows and compares them; errors name what to fix', async () => {
    const noNote = await official.post('/charter/draft/save-version', { note: '' })
    expectFormErrors(noNote, 'Save a version', [['note', 'Say what changed in this version']])

    assert.equal((await official.post('/charter/draft/save-version', { note: 'First draft' })).statusCode, 303)
    const same = await official.post('/charter/draft/save-version', { note: 'Again' })
    expectFormErrors(same, 'Save a version', [['unchanged', 'Nothing has changed since version 1. Change the draft before you save a new version']])
    assert.equal(textareaValue(same.body, 'note'), 'Again')

    await official.post(`/charter/draft/items/${itemId}`, { text: 'We will tell you what you can get, in writing.', section: sectionId, principles: principleId })
    const save = await official.get('/charter/draft/save-version')
    assert.match(save.body, /1 commitment changed/)
    assert.equal((await official.post('/charter/draft/save-version', { note: 'In writing' })).statusCode, 303)

    const list = await core.get('/charter/versions')
    assert.equal(list.statusCode, 200)
    const rows = tableRows(list.body, 'versions')
    assert.deepEqual(rows.map(r => [r[0], r[2], r[3]]), [
      ['Version 2', 'In writing', 'Policy official'],
      ['Version 1', 'First draft', 'Policy official'],
    ])
    const v1 = await core.get('/charter/versions/1')
    assert.match(v1.body, /The text below is exactly what was saved/)
    assert.match(v1.body, /<code class="app-hash">[0-9a-f]{64}<\/code>/)
    assert.equal((await core.get('/charter/versions/99')).statusCode, 404)

    const compared = await core.get('/charter/versions/compare?from=1&to=2')
    assert.equal(compared.statusCode, 200)
    assert.match(compared.body, /Changes from version 1 to version 2/)
    assert.match(compared.body, /<ins/)
    const bad = await core.get('/charter/versions/compare?from=2&to=2')
    expectFormErrors(bad, 'Compare two versions', [['to', 'Choose two different versions']])
    const text = await core.get('/charter/versions/compare.txt?from=1&to=2')
    assert.equal(text.statusCode, 200)
    assert.match(String(text.headers['content-type']), /text\/plain/)
    assert.match(text.body, /\[added: , in writing\]|added: /)
  })

  it('lets the Core Group read the draft but not change it', async () => {
    const draft = await core.get('/charter/draft')
    assert.equal(draft.statusCode, 200)
    assert.match(draft.body, /We will tell you what you can get, in writing\./)
    assert.equal(draft.body.includes('Add a section'), false)
    assert.equal((await core.get('/charter/draft/sections/new')).statusCode, 403)
    assert.equal((await core.post(`/charter/draft/items/${itemId}`, { text: 'x' })).statusCode, 403)
  })
})
