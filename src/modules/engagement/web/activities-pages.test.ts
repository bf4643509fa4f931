// The activities pages with the whole app: the list grouped by round with its filters, rounds, activities (with the
// conditional questions), status changes, sessions at a place, online or by phone with times in UK time, cancelling;
// the GOV.UK error pattern on every form; only the research roles get in; every change audited.
// Runs on PostgreSQL when DATABASE_URL is set.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'

/** The error summary's links, as [href, text]; each must lead to a field on the page. */
function summaryOf(html: string): [string, string][] {
  const list = html.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? ''
  const links = [...list.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(m => [m[1]!, m[2]!.replace(/&ldquo;|&#8220;/g, '“').replace(/&rdquo;|&#8221;/g, '”')] as [string, string])
  for (const [href, text] of links) assert.ok(html.includes(`id="${href.slice(1)}"`), `"${text}" links to ${href}, which is not on the page`)
  return links
}

/** The GOV.UK error pattern: status 400, "Error: " in the title, the summary links each field in page order. */
function expectFormErrors(res: LightMyRequestResponse, title: string, expected: [field: string, message: string | RegExp][]): void {
  assert.equal(res.statusCode, 400, res.body.slice(0, 3000))
  assert.ok(res.body.includes(`<title>Error: ${title}`), `title: ${/<title>([^<]*)/.exec(res.body)?.[1]}`)
  const summary = summaryOf(res.body)
  assert.deepEqual(summary.map(s => s[0]), expected.map(e => `#${e[0]}`))
  for (const [i, [, message]] of expected.entries()) {
    if (typeof message === 'string') assert.equal(summary[i]![1], message)
    else assert.match(summary[i]![1], message)
    assert.ok(res.body.includes(`govuk-error-message">`), 'a message beside the field')
  }
}

function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0]
  return tag === undefined ? undefined : (/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '')
}
function textareaValue(html: string, name: string): string | undefined {
  return new RegExp(`<textarea[^>]*\\bname="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1]
}
function checked(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`, 'g'))].filter(m => /\bchecked\b/.test(m[0])).map(m => /\bvalue="([^"]*)"/.exec(m[0])![1]!)
}
function summaryValue(html: string, key: string): string | undefined {
  const m = new RegExp(`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`).exec(html)
  return m ? m[1]!.replace(/<br>/g, ' | ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').replace(/ \| /g, ' | ').trim() : undefined
}
/** The rows of the table with this id (or caption), each as its cells' text. */
function tableRows(html: string, id: string): string[][] {
  const table = new RegExp(`<table class="govuk-table"(?: id="${id}")?>[\\s\\S]*?</table>`).exec(html)?.[0] ?? ''
  const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? ''
  return (body.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []).map(tr => [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(c => c[1]!.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()))
}
/** The activities listed under a heading (a round's title or "Not in a round"). */
function listedUnder(html: string, heading: string): string[] {
  const start = html.indexOf(`>${heading}</h2>`)
  if (start < 0) return []
  const rest = html.slice(start)
  const end = rest.indexOf('</section>')
  return [...rest.slice(0, end).matchAll(/<a class="govuk-link" href="\/engagement\/activities\/[^"]+">([^<]+)<\/a>/g)].map(m => m[1]!)
}
const decode = (s: string) => s.replace(/&#39;/g, '’').replace(/&quot;/g, '"').replace(/&amp;/g, '&')

const WORKSHOP = {
  title: 'Workshop: applying for Adult Disability Payment',
  kind: 'workshop',
  roundId: '',
  purpose: 'To hear what made applying hard, so the charter can promise what will change.',
  audience: 'selection',
  audienceSelection: 'Members in Glenmoor and The Isles',
  audienceDetail: '',
  commissionedBy: 'core_group',
  commissioningDecision: 'Decision 14, 3 March 2027',
  'opensOn-day': '1',
  'opensOn-month': '3',
  'opensOn-year': '2027',
  'closesOn-day': '30',
  'closesOn-month': '4',
  'closesOn-year': '2027',
}

const IN_PERSON = {
  mode: 'in_person',
  location: 'Eastport Community Centre, Eastport',
  address: '1 Harbour Road, Eastport',
  'date-day': '14',
  'date-month': '4',
  'date-year': '2027',
  startTime: '10:30',
  endTime: '12:30pm',
  joiningDetails: '',
  capacity: '12',
  accessibility: 'Step-free access, hearing loop',
}

describe('the activities pages (/engagement)', () => {
  let t: TestApp
  let analyst: Agent
  let manager: Agent
  let roundId = ''
  let activityId = ''
  let sessionId = ''

  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
  })
  after(() => t.close())

  async function audited(action: string): Promise<{ subject_id: string | null; actor_role: string; summary: string }[]> {
    return t.database.db.selectFrom('audit_event').select(['subject_id', 'actor_role', 'summary']).where('action', '=', action).orderBy('seq').execute()
  }

  it('lets only analysts and panel managers in, and shows the empty plan with links to add', async () => {
    const empty = await analyst.get('/engagement')
    assert.equal(empty.statusCode, 200)
    assert.match(empty.body, /<h1 class="govuk-heading-l">Engagement<\/h1>/)
    assert.match(empty.body, /href="\/engagement\/activities\/new"/)
    assert.match(empty.body, /href="\/engagement\/rounds\/new"/)
    assert.match(empty.body, /There are no activities outside a round/)
    for (const role of ['core_group_member', 'stakeholder', 'policy_official', 'scrutiny_body'] as const) {
      const someone = await t.signInAs(role)
      assert.equal((await someone.get('/engagement')).statusCode, 403, role)
      assert.equal((await someone.post('/engagement/rounds/new', { title: 'x' })).statusCode, 403, role)
    }
    const signedOut = await t.agent().get('/engagement')
    assert.equal(signedOut.statusCode, 303)
    assert.equal(signedOut.headers.location, '/sign-in')
  })

  it('adds a round after showing what to fix, and changes it', async () => {
    const wrong = await analyst.post('/engagement/rounds/new', { title: '', description: 'About applying', 'startsOn-day': '31', 'startsOn-month': '2', 'startsOn-year': '2027', 'endsOn-day': '1', 'endsOn-month': '', 'endsOn-year': '2027' })
    expectFormErrors(wrong, 'Add a round', [
      ['title', 'Enter a name for the round, for example “First round of workshops”'],
      ['startsOn-day', 'The start date must be a real date, like 27 3 2027'],
      ['endsOn-month', 'The end date must include a month'],
    ])
    assert.equal(textareaValue(wrong.body, 'description')?.trim(), 'About applying', 'nothing typed is lost')
    assert.equal(inputValue(wrong.body, 'startsOn-day'), '31')

    const backwards = await analyst.post('/engagement/rounds/new', { title: 'First round', 'startsOn-day': '1', 'startsOn-month': '5', 'startsOn-year': '2027', 'endsOn-day': '1', 'endsOn-month': '4', 'endsOn-year': '2027' })
    expectFormErrors(backwards, 'Add a round', [['endsOn-day', 'The end date must be the same as or after the start date']])

    const ok = await analyst.post('/engagement/rounds/new', { title: 'First round: co-design workshops', description: '', 'startsOn-day': '1', 'startsOn-month': '3', 'startsOn-year': '2027', 'endsOn-day': '', 'endsOn-month': '', 'endsOn-year': '' })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 2000))
    assert.equal(ok.headers.location, '/engagement')
    const [event] = await audited('engagement.round_created')
    assert.ok(event)
    roundId = event.subject_id!
    assert.equal(event.actor_role, 'analyst')
    const list = await analyst.get('/engagement')
    assert.match(list.body, /Round “First round: co-design workshops” added/)
    assert.match(list.body, /From 1 March 2027/)

    const edit = await manager.get(`/engagement/rounds/${roundId}/edit`)
    assert.equal(edit.statusCode, 200)
    assert.equal(inputValue(edit.body, 'title'), 'First round: co-design workshops')
    assert.equal(inputValue(edit.body, 'startsOn-month'), '3')
    const changed = await manager.post(`/engagement/rounds/${roundId}/edit`, { title: 'First round: co-design workshops', description: 'Workshops in every area', 'startsOn-day': '1', 'startsOn-month': '3', 'startsOn-year': '2027', 'endsOn-day': '30', 'endsOn-month': '4', 'endsOn-year': '2027' })
    assert.equal(changed.statusCode, 303)
    const [change] = await audited('engagement.round_changed')
    assert.equal(JSON.parse(change!.summary).after.ends_on, '2027-04-30')
    assert.equal((await manager.get('/engagement/rounds/00000000-0000-7000-8000-000000000000/edit')).statusCode, 404)
  })

  it('adds an activity: every problem at once, in page order, with the conditional answers kept', async () => {
    const form = await analyst.get(`/engagement/activities/new?roundId=${roundId}`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, new RegExp(`<option value="${roundId}" selected>`))
    assert.match(form.body, /One to one, usually by phone/, 'the kinds have hints')
    assert.match(form.body, /id="conditional-audience-2"/, 'the sub-group box is revealed under its answer')
    assert.deepEqual(checked(form.body, 'commissionedBy'), ['research_team'])

    const wrong = await analyst.post('/engagement/activities/new', {
      ...WORKSHOP,
      title: '',
      kind: '',
      purpose: ' ',
      audience: 'sub_group',
      audienceDetail: '',
      audienceSelection: 'kept as typed',
      commissioningDecision: '',
      'closesOn-day': '1',
      'closesOn-month': '2',
    })
    expectFormErrors(wrong, 'Add an activity', [
      ['title', /^Enter a name for the activity/],
      ['kind', 'Select the kind of activity'],
      ['purpose', /^Enter the purpose/],
      ['audienceDetail', 'Say who is in the sub-group or selection'],
      ['commissioningDecision', /^Enter the Core Group decision that commissioned it/],
      ['closesOn-day', 'The end date must be the same as or after the start date'],
    ])
    assert.deepEqual(checked(wrong.body, 'audience'), ['sub_group'])
    assert.equal(textareaValue(wrong.body, 'audienceSelection')?.trim(), 'kept as typed')
    assert.deepEqual(checked(wrong.body, 'commissionedBy'), ['core_group'])

    const publicWorkshop = await analyst.post('/engagement/activities/new', { ...WORKSHOP, audience: 'public' })
    expectFormErrors(publicWorkshop, 'Add an activity', [['audience', 'Only a survey or a poll can be open to anyone']])
    const selectionWithout = await analyst.post('/engagement/activities/new', { ...WORKSHOP, audienceSelection: '' })
    expectFormErrors(selectionWithout, 'Add an activity', [['audienceSelection', 'Say who is in the sub-group or selection']])
    const noSuchRound = await analyst.post('/engagement/activities/new', { ...WORKSHOP, roundId: '00000000-0000-7000-8000-000000000000' })
    expectFormErrors(noSuchRound, 'Add an activity', [['roundId', 'Select a round from the list, or no round']])

    const ok = await analyst.post('/engagement/activities/new', { ...WORKSHOP, roundId, audienceDetail: 'ignored: not a sub-group' })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 3000))
    activityId = ok.headers.location!.split('/').pop()!
    const page = await analyst.get(`/engagement/activities/${activityId}`)
    assert.equal(page.statusCode, 200)
    assert.equal(summaryValue(page.body, 'Kind'), 'Co-design workshop')
    assert.equal(summaryValue(page.body, 'Round'), 'First round: co-design workshops')
    assert.equal(summaryValue(page.body, 'Who it is for'), 'A selection of the panel | Members in Glenmoor and The Isles')
    assert.equal(summaryValue(page.body, 'Who asked for it'), 'The Core Group | Decision 14, 3 March 2027')
    assert.equal(summaryValue(page.body, 'Dates'), '1 March 2027 to 30 April 2027')
    assert.equal(summaryValue(page.body, 'Status'), 'Planned')
    assert.match(page.body, /There are no sessions yet/)
    const [created] = await audited('engagement.activity_created')
    assert.equal(created!.subject_id, activityId)
    assert.equal(JSON.parse(created!.summary).audience_detail, 'Members in Glenmoor and The Isles')

    // A second activity, in no round, by the research team.
    const interviews = await manager.post('/engagement/activities/new', { ...WORKSHOP, title: 'Telephone interviews', kind: 'interview', audience: 'whole_panel', commissionedBy: 'research_team', commissioningDecision: 'dropped', 'opensOn-day': '', 'opensOn-month': '', 'opensOn-year': '', 'closesOn-day': '', 'closesOn-month': '', 'closesOn-year': '' })
    assert.equal(interviews.statusCode, 303, interviews.body.slice(0, 3000))
  })

  it('changes an activity, keeping what was stored in the form', async () => {
    const edit = await manager.get(`/engagement/activities/${activityId}/edit`)
    assert.equal(edit.statusCode, 200)
    assert.equal(inputValue(edit.body, 'title'), WORKSHOP.title)
    assert.deepEqual(checked(edit.body, 'audience'), ['selection'])
    assert.equal(textareaValue(edit.body, 'audienceSelection')?.trim(), 'Members in Glenmoor and The Isles')
    assert.equal(inputValue(edit.body, 'commissioningDecision'), 'Decision 14, 3 March 2027')
    assert.equal(inputValue(edit.body, 'closesOn-day'), '30')
    const wrong = await manager.post(`/engagement/activities/${activityId}/edit`, { ...WORKSHOP, roundId, 'opensOn-year': '27' })
    expectFormErrors(wrong, 'Change the activity: Workshop: applying for Adult Disability Payment', [['opensOn-day', 'The start date must be a real date, like 27 3 2027']])
    const ok = await manager.post(`/engagement/activities/${activityId}/edit`, { ...WORKSHOP, roundId, audience: 'sub_group', audienceDetail: 'Core Group members who care for someone' })
    assert.equal(ok.statusCode, 303)
    const [change] = await audited('engagement.activity_changed')
    assert.deepEqual(JSON.parse(change!.summary).after, { audience: 'sub_group', audience_detail: 'Core Group members who care for someone' })
  })

  it('adds sessions in UK time (GMT or BST), with strict times and clear errors', async () => {
    const form = await analyst.get(`/engagement/activities/${activityId}/sessions/new`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /id="conditional-mode"/, 'the venue is revealed under "In person"')

    const wrong = await analyst.post(`/engagement/activities/${activityId}/sessions/new`, { ...IN_PERSON, location: '', 'date-day': '', 'date-month': '', 'date-year': '', startTime: '25:00', endTime: 'half ten', capacity: 'twelve' })
    expectFormErrors(wrong, 'Add a session: Workshop: applying for Adult Disability Payment', [
      ['location', /^Enter the venue and town/],
      ['date-day', 'Enter the date of the session'],
      ['startTime', 'The start time must be a real time, like 10:30 or 2pm'],
      ['endTime', 'Enter the end time as a time, like 10:30 or 2pm'],
      ['capacity', 'Enter how many people can take part, a whole number from 1 to 10,000'],
    ])
    assert.equal(inputValue(wrong.body, 'endTime'), 'half ten')
    assert.equal(inputValue(wrong.body, 'capacity'), 'twelve')

    const backwards = await analyst.post(`/engagement/activities/${activityId}/sessions/new`, { ...IN_PERSON, startTime: '2pm', endTime: '11am' })
    expectFormErrors(backwards, 'Add a session: ', [['endTime', 'The end time must be after the start time']])
    const gap = await analyst.post(`/engagement/activities/${activityId}/sessions/new`, { ...IN_PERSON, 'date-day': '28', 'date-month': '3', startTime: '1:30am', endTime: '3am' })
    expectFormErrors(gap, 'Add a session: ', [['startTime', /^The start time does not exist on that day because the clocks go forward/]])

    const summer = await analyst.post(`/engagement/activities/${activityId}/sessions/new`, IN_PERSON)
    assert.equal(summer.statusCode, 303, summer.body.slice(0, 3000))
    const winter = await analyst.post(`/engagement/activities/${activityId}/sessions/new`, { ...IN_PERSON, mode: 'online', location: 'dropped', 'date-day': '3', 'date-month': '3', startTime: '6pm', endTime: '19:30', joiningDetails: 'Video call link sent by email', capacity: '1,000', accessibility: '' })
    assert.equal(winter.statusCode, 303, winter.body.slice(0, 3000))
    const phone = await analyst.post(`/engagement/activities/${activityId}/sessions/new`, { ...IN_PERSON, mode: 'phone', 'date-day': '20', startTime: 'noon', endTime: '12:45', joiningDetails: 'We will call you', capacity: '1' })
    assert.equal(phone.statusCode, 303)

    const added = await audited('engagement.session_added')
    assert.equal(added.length, 3)
    sessionId = added[0]!.subject_id!
    const stored = added.map(a => JSON.parse(a.summary) as { starts_at: string; ends_at: string; location: string | null; capacity: number })
    assert.deepEqual([stored[0]!.starts_at, stored[0]!.ends_at], ['2027-04-14T09:30:00.000Z', '2027-04-14T11:30:00.000Z'], 'BST: an hour behind UTC')
    assert.deepEqual([stored[1]!.starts_at, stored[1]!.ends_at], ['2027-03-03T18:00:00.000Z', '2027-03-03T19:30:00.000Z'], 'GMT')
    assert.equal(stored[1]!.location, null, 'a venue is not kept for an online session')
    assert.equal(stored[1]!.capacity, 1000)

    const page = await analyst.get(`/engagement/activities/${activityId}`)
    assert.deepEqual(tableRows(page.body, 'sessions').map(r => r.slice(0, 7)), [
      ['3 March 2027', '6pm to 7:30pm', 'Online', 'Video call link sent by email', '1,000', 'Not given', 'Going ahead'],
      ['14 April 2027', '10:30am to 12:30pm', 'In person', 'Eastport Community Centre, Eastport, 1 Harbour Road, Eastport', '12', 'Step-free access, hearing loop', 'Going ahead'],
      ['20 April 2027', '12pm to 12:45pm', 'By phone', 'We will call you', '1', 'Step-free access, hearing loop', 'Going ahead'],
    ])
    // Each session links to its attendance, what to arrange and expenses; invitations only for those who invite.
    const linksOf = (html: string) => tableRows(html, 'sessions').map(r => r[7])
    assert.deepEqual(linksOf(page.body), Array(3).fill(
      'Change the session on DATE at TIME Cancel the session on DATE at TIME Attendance for the session on DATE at TIME What to arrange for the session on DATE at TIME Notes and transcripts for the session on DATE at TIME Expenses for the session on DATE at TIME',
    ).map((text: string, i) => text.replaceAll('DATE', ['3 March 2027', '14 April 2027', '20 April 2027'][i]!).replaceAll('TIME', ['6pm to 7:30pm', '10:30am to 12:30pm', '12pm to 12:45pm'][i]!)))
    for (const kind of ['attendance', 'accommodations', 'notes', 'expenses']) assert.ok(page.body.includes(`href="/engagement/sessions/${sessionId}/${kind}"`), kind)
    assert.ok(!page.body.includes(`/engagement/activities/${activityId}/invitations`), 'analysts do not send invitations')
    assert.ok((await manager.get(`/engagement/activities/${activityId}`)).body.includes(`href="/engagement/activities/${activityId}/invitations"`), 'the panel manager does')
  })

  it('changes a session, showing its times back in UK time', async () => {
    const edit = await manager.get(`/engagement/sessions/${sessionId}/edit`)
    assert.equal(edit.statusCode, 200)
    assert.equal(inputValue(edit.body, 'startTime'), '10:30')
    assert.equal(inputValue(edit.body, 'endTime'), '12:30')
    assert.equal(inputValue(edit.body, 'date-day'), '14')
    assert.deepEqual(checked(edit.body, 'mode'), ['in_person'])
    const wrong = await manager.post(`/engagement/sessions/${sessionId}/edit`, { ...IN_PERSON, capacity: '0' })
    expectFormErrors(wrong, 'Change a session: ', [['capacity', 'Enter how many people can take part, a whole number from 1 to 10,000']])
    const ok = await manager.post(`/engagement/sessions/${sessionId}/edit`, { ...IN_PERSON, startTime: '11am', capacity: '15' })
    assert.equal(ok.statusCode, 303)
    const [change] = await audited('engagement.session_changed')
    assert.deepEqual(JSON.parse(change!.summary).after, { starts_at: '2027-04-14T10:00:00.000Z', capacity: 15 })
  })

  it('cancels a session after asking, and keeps it listed as cancelled', async () => {
    const ask = await manager.get(`/engagement/sessions/${sessionId}/cancel`)
    assert.equal(ask.statusCode, 200)
    assert.match(ask.body, /Are you sure you want to cancel this session\?/)
    assert.match(ask.body, /11am to 12:30pm/)
    const done = await manager.post(`/engagement/sessions/${sessionId}/cancel`)
    assert.equal(done.statusCode, 303)
    assert.equal(done.headers.location, `/engagement/activities/${activityId}`)
    const page = await manager.get(`/engagement/activities/${activityId}`)
    assert.match(page.body, /Session cancelled/)
    const row = tableRows(page.body, 'sessions').find(r => r[0] === '14 April 2027')
    assert.equal(row?.[6], 'Cancelled')
    assert.ok(!page.body.includes(`/engagement/sessions/${sessionId}/edit`), 'no change link for a cancelled session')
    assert.equal((await manager.get(`/engagement/sessions/${sessionId}/cancel`)).statusCode, 303, 'already cancelled: back to the activity')
    assert.equal((await audited('engagement.session_cancelled')).length, 1)
  })

  it('opens, closes, reopens and cancels an activity, offering only the allowed moves', async () => {
    const buttons = async () => [...(await analyst.get(`/engagement/activities/${activityId}`)).body.matchAll(/name="status" value="([a-z]+)"/g)].map(m => m[1])
    assert.deepEqual(await buttons(), ['open', 'cancelled'])
    assert.equal((await analyst.post(`/engagement/activities/${activityId}/status`, { status: 'open' })).statusCode, 303)
    assert.deepEqual(await buttons(), ['closed', 'cancelled'])
    assert.equal((await analyst.post(`/engagement/activities/${activityId}/status`, { status: 'closed' })).statusCode, 303)
    assert.deepEqual(await buttons(), ['open'])
    const stale = await analyst.post(`/engagement/activities/${activityId}/status`, { status: 'cancelled' })
    assert.equal(stale.statusCode, 409)
    assert.match(stale.body, /<title>Error: /)
    assert.deepEqual(summaryOf(stale.body), [['#status-actions', 'An activity that is closed cannot become cancelled']])
    const nonsense = await analyst.post(`/engagement/activities/${activityId}/status`, { status: 'finished' })
    assert.equal(nonsense.statusCode, 400)
    assert.equal((await analyst.post(`/engagement/activities/${activityId}/status`, { status: 'open' })).statusCode, 303)
    const page = await analyst.get(`/engagement/activities/${activityId}`)
    assert.match(page.body, /The activity is now open/)
    assert.equal(summaryValue(page.body, 'Status'), 'Open')
    const moves = (await audited('engagement.activity_status_changed')).map(e => JSON.parse(e.summary) as { before: string; after: string })
    assert.deepEqual(moves.map(m => `${m.before}>${m.after}`), ['planned>open', 'open>closed', 'closed>open'])
    const noCsrf = await analyst.post(`/engagement/activities/${activityId}/status`, { status: 'closed', _csrf: 'forged' })
    assert.equal(noCsrf.statusCode, 403)
  })

  it('lists activities grouped by round, and filters by kind and status without JavaScript', async () => {
    const all = await analyst.get('/engagement')
    assert.deepEqual(listedUnder(all.body, 'First round: co-design workshops').map(decode), [WORKSHOP.title])
    assert.deepEqual(listedUnder(all.body, 'Not in a round'), ['Telephone interviews'])
    const rows = tableRows(all.body, '')
    assert.deepEqual(rows[0], [WORKSHOP.title, 'Co-design workshop', 'A sub-group: Core Group members who care for someone', '1 March 2027 to 30 April 2027', 'Open', '2'])
    assert.match(all.body, /2 activities/)

    const interviews = await analyst.get('/engagement?kind=interview')
    assert.deepEqual(listedUnder(interviews.body, 'Not in a round'), ['Telephone interviews'])
    assert.ok(!interviews.body.includes('>First round: co-design workshops</h2>'), 'a round with nothing matching is left out')
    assert.match(interviews.body, /<option value="interview" selected>/)
    const open = await analyst.get('/engagement?status=open&kind=')
    assert.deepEqual(listedUnder(open.body, 'First round: co-design workshops').map(decode), [WORKSHOP.title])
    assert.ok(!open.body.includes('>Not in a round</h2>'))
    const none = await analyst.get('/engagement?status=cancelled')
    assert.match(none.body, /No activities match the filters/)
    const unknown = await analyst.get('/engagement?kind=party')
    assert.equal(unknown.statusCode, 200)
    assert.match(unknown.body, /2 activities/)
  })

  it('answers 404 for what does not exist', async () => {
    const missing = '00000000-0000-7000-8000-000000000000'
    for (const url of [`/engagement/activities/${missing}`, `/engagement/activities/${missing}/edit`, `/engagement/activities/${missing}/sessions/new`, `/engagement/sessions/${missing}/edit`, `/engagement/sessions/${missing}/cancel`]) {
      assert.equal((await analyst.get(url)).statusCode, 404, url)
    }
  })
})
