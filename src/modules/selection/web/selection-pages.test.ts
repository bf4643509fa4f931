// The selection pages with the whole app: set up a selection, its quotas, work out the chances (in a worker thread),
// the downloads, the draw, confirming the Core Group, a member leaving, the top-up, discarding; forms follow the
// GOV.UK error pattern; and only the research roles get in. Runs on PostgreSQL when DATABASE_URL is set.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { systemActor } from '../../../platform/auth/actor.ts'
import { changeConsents, registerParticipants, setRepresentationTargets, type RegisterParticipantInput } from '../../panel/index.ts'
import { waitForComputations } from '../index.ts'

const SYSTEM = systemActor('test')
const AREAS = ['northshire_city', 'eastport', 'glenmoor', 'westhaven', 'the_isles'] as const
const AREA_LABELS: Record<(typeof AREAS)[number], string> = {
  northshire_city: 'Northshire City',
  eastport: 'Eastport',
  glenmoor: 'Glenmoor',
  westhaven: 'Westhaven',
  the_isles: 'The Isles',
}

/** 40 people: 8 per area, alternately women and men; the last one has not agreed to be contacted. */
function person(i: number): RegisterParticipantInput {
  return {
    fullName: `Ottoline Fairweather-${i}`,
    email: `ottoline.fairweather.${i}@example.org`,
    preferredChannel: 'email',
    joinedVia: 'online',
    demographics: { area: AREAS[i % 5]!, gender: i % 2 === 0 ? 'woman' : 'man' },
  }
}
const IDENTITY = ['Ottoline', 'Fairweather', 'example.org']

function noIdentity(text: string, what: string): void {
  for (const s of IDENTITY) assert.ok(!text.includes(s), `${what} contains ${s}`)
}

/** The error summary's links, as [href, text]; each must lead to something on the page. */
function summaryOf(html: string): [string, string][] {
  const links = [...(html.match(/<ul class="govuk-list govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? '').matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(
    m => [m[1]!, m[2]!] as [string, string],
  )
  for (const [href, text] of links) assert.ok(html.includes(`id="${href.slice(1)}"`), `"${text}" links to ${href}, which is not on the page`)
  return links
}

/** The message shown beside a field (GOV.UK: `<p id="<field>-error" class="govuk-error-message">`). */
function messageBeside(html: string, id: string): string | undefined {
  const m = new RegExp(`<p id="${id}-error" class="govuk-error-message">([\\s\\S]*?)</p>`).exec(html)
  return m ? m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim().replace(/^Error: /, '') : undefined
}

/** Every GOV.UK form error: the title says so, the summary links each message to its field, shown beside it too. */
function expectFormErrors(res: LightMyRequestResponse, title: string, expected: [field: string, message: string | RegExp][]): void {
  assert.equal(res.statusCode, 400, res.body.slice(0, 2000))
  assert.match(res.body, new RegExp(`<title>Error: ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} - `))
  const summary = summaryOf(res.body)
  assert.deepEqual(
    summary.map(s => s[0]),
    expected.map(e => `#${e[0]}`),
    'the summary links to each field in page order',
  )
  for (const [i, [field, message]] of expected.entries()) {
    const text = summary[i]![1]!
    if (typeof message === 'string') assert.equal(text, message)
    else assert.match(text, message)
    assert.ok(new RegExp(`\\bid="${field}"`).test(res.body), `the field #${field} exists`)
  }
}

/** The `<input>` tag named `name`. */
function inputTag(html: string, name: string): string | undefined {
  return new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html)?.[0]
}

/** The value of the text box named `name`, as the page shows it ('' if none). */
function inputValue(html: string, name: string): string | undefined {
  const tag = inputTag(html, name)
  return tag === undefined ? undefined : (/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '')
}

/** The values of the radios or checkboxes named `name` that are checked. */
function checked(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`, 'g'))].filter(m => /\bchecked\b/.test(m[0])).map(m => /\bvalue="([^"]*)"/.exec(m[0])![1]!)
}

/** Every quota box on the quotas page, name to value. */
function quotaBoxes(html: string): Record<string, string> {
  return Object.fromEntries([...html.matchAll(/<input[^>]*\bname="(q-[^"]+)"[^>]*>/g)].map(m => [m[1]!, /\bvalue="([^"]*)"/.exec(m[0])?.[1] ?? '']))
}

/** The value beside a key in a summary list. */
function summaryValue(html: string, key: string): string | undefined {
  const m = new RegExp(`<dt class="govuk-summary-list__key">\\s*${key}\\s*</dt>\\s*<dd class="govuk-summary-list__value">([\\s\\S]*?)</dd>`).exec(html)
  return m ? m[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() : undefined
}

/** The rows of the table whose caption matches, each as its cells' text. */
function tableRows(html: string, caption: RegExp): string[][] {
  for (const table of html.match(/<table class="govuk-table">[\s\S]*?<\/table>/g) ?? []) {
    const cap = /<caption[^>]*>([\s\S]*?)<\/caption>/.exec(table)?.[1] ?? ''
    if (!caption.test(cap.replace(/<[^>]+>/g, '').trim())) continue
    const body = /<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? ''
    return (body.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []).map(tr => [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(c => c[1]!.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()))
  }
  return []
}

const NEW_SELECTION = { title: 'Core Group 2027', panelSize: '10', dimensions: ['area', 'gender'], seldomHeardMin: '', slack: '1', algorithm: 'leximin' }

describe('the selection pages (/selection)', () => {
  let t: TestApp
  let analyst: Agent
  let manager: Agent
  /** Pseudonym to [area, gender] for everyone registered; contactable: all but the last. */
  const people = new Map<string, [string, string]>()
  let uncontactable = ''
  let runId = ''
  let drawn: string[] = []

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    const registered = await registerParticipants(t.deps, SYSTEM, Array.from({ length: 40 }, (_, i) => person(i)))
    for (const [i, p] of registered.entries()) {
      people.set(p.pseudonym, [AREAS[i % 5]!, i % 2 === 0 ? 'woman' : 'man'])
      await changeConsents(t.deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: i !== 39 }])
    }
    uncontactable = registered[39]!.pseudonym
    await setRepresentationTargets(t.deps, SYSTEM, {
      targets: { area: { northshire_city: 40, eastport: 20, glenmoor: 20, westhaven: 10, the_isles: 10 }, gender: { woman: 50, man: 50 } },
      tolerance: 5,
      attritionMonths: 12,
    })
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
  })
  after(async () => {
    await waitForComputations()
    await t.close()
  })

  async function audited(action: string): Promise<number> {
    return (await t.deps.db.selectFrom('audit_event').select('id').where('action', '=', action).execute()).length
  }

  async function computeAndWait(agent: Agent, id: string): Promise<LightMyRequestResponse> {
    const res = await agent.post(`/selection/${id}/compute`)
    assert.equal(res.statusCode, 303, res.body.slice(0, 2000))
    assert.equal(res.headers.location, `/selection/${id}`)
    await waitForComputations()
    return agent.get(`/selection/${id}`)
  }

  it('shows the overview: no selections yet, the Core Group empty, a way to start', async () => {
    const res = await analyst.get('/selection')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<title>Fair selection - /)
    assert.match(res.body, /<h1 class="govuk-heading-l">Fair selection<\/h1>/)
    assert.match(res.body, /<a href="\/selection\/new" role="button"[^>]*>\s*Start a new selection/)
    assert.equal(summaryValue(res.body, 'Members now'), '0')
    assert.equal(summaryValue(res.body, 'Size of the group'), 'No selection confirmed yet')
    assert.match(res.body, /There are no selections yet/)
    assert.match(res.body, /<a class="govuk-service-navigation__link" href="\/selection" aria-current="page">/, 'the navigation links to it')
  })

  it('offers a new selection with sensible choices already made', async () => {
    const res = await analyst.get('/selection/new')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<title>Start a new selection - /)
    assert.equal(inputValue(res.body, 'panelSize'), '25')
    assert.deepEqual(checked(res.body, 'algorithm'), ['leximin'])
    assert.deepEqual(checked(res.body, 'slack'), ['1'])
    assert.deepEqual(checked(res.body, 'dimensions'), ['area', 'age_band', 'gender'])
    assert.ok(inputTag(res.body, 'dimensions') && !res.body.includes('value="long_term_condition"'), 'no quotas on questions with several answers')
  })

  it('shows every problem with the new selection, in page order, and keeps what was typed (400)', async () => {
    const res = await analyst.post('/selection/new', { title: '  ', panelSize: 'ten', dimensions: ['area', 'gender'], seldomHeardMin: 'lots', slack: '9' })
    expectFormErrors(res, 'Start a new selection', [
      ['title', 'Enter a name for this selection, for example “Core Group 2027”'],
      ['panelSize', 'Enter how many people to select, as a whole number from 2 to 200'],
      ['seldomHeardMin', 'Enter the smallest number of people from seldom-heard groups as a whole number, or leave it empty'],
      ['slack', 'Select how far the quotas may move from the targets'],
      ['algorithm', 'Select how to share out the chances'],
    ])
    assert.equal(messageBeside(res.body, 'panelSize'), 'Enter how many people to select, as a whole number from 2 to 200')
    assert.equal(messageBeside(res.body, 'algorithm'), 'Select how to share out the chances')
    assert.equal(inputValue(res.body, 'panelSize'), 'ten')
    assert.equal(inputValue(res.body, 'seldomHeardMin'), 'lots')
    assert.deepEqual(checked(res.body, 'dimensions'), ['area', 'gender'])
    assert.deepEqual(checked(res.body, 'algorithm'), [])

    const tooMany = await analyst.post('/selection/new', { ...NEW_SELECTION, title: 'x'.repeat(201), panelSize: '5', seldomHeardMin: '6', algorithm: 'maximin', slack: '0' })
    expectFormErrors(tooMany, 'Start a new selection', [
      ['title', 'The name must be 200 characters or fewer'],
      ['seldomHeardMin', 'The number from seldom-heard groups must be 5 or fewer, the size of the group'],
    ])
    assert.deepEqual([checked(tooMany.body, 'algorithm'), checked(tooMany.body, 'slack')], [['maximin'], ['0']])

    // A question the catalogue does not have (a form opened before the catalogue changed): the command says so.
    const unknown = await analyst.post('/selection/new', { ...NEW_SELECTION, dimensions: ['area', 'shoe_size'] })
    expectFormErrors(unknown, 'Start a new selection', [['dimensions', 'There is no dimension called shoe_size that quotas can be set on']])
    assert.equal(inputValue(unknown.body, 'title'), 'Core Group 2027')
    assert.equal(await audited('selection.created'), 0, 'nothing was set up')
  })

  it('refuses a form sent without its CSRF token', async () => {
    const res = await analyst.post('/selection/new', NEW_SELECTION, { csrf: false })
    assert.equal(res.statusCode, 403)
    assert.match(res.body, /Your form could not be sent/)
    assert.equal(await audited('selection.created'), 0)
  })

  it('sets up the selection and goes to its quotas, suggested from the population targets', async () => {
    const res = await analyst.post('/selection/new', NEW_SELECTION)
    assert.equal(res.statusCode, 303, res.body.slice(0, 2000))
    const m = /^\/selection\/([0-9a-f-]+)\/quotas$/.exec(res.headers.location as string)
    assert.ok(m, res.headers.location as string)
    runId = m[1]!
    assert.equal(await audited('selection.created'), 1)

    const page = await analyst.get(res.headers.location as string)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<title>Quotas: Core Group 2027 - /)
    assert.match(page.body, /Selection set up\. Check the quotas suggested from the population targets\./)
    // 40% of 10 places is 4, one place either side; 8 people in the pool; no target: any number.
    assert.deepEqual([inputValue(page.body, 'q-area-northshire_city-min'), inputValue(page.body, 'q-area-northshire_city-max')], ['3', '5'])
    assert.deepEqual([inputValue(page.body, 'q-area-the_isles-min'), inputValue(page.body, 'q-area-the_isles-max')], ['0', '2'])
    assert.deepEqual([inputValue(page.body, 'q-gender-woman-min'), inputValue(page.body, 'q-gender-woman-max')], ['4', '6'])
    assert.deepEqual([inputValue(page.body, 'q-area-prefer_not_to_say-min'), inputValue(page.body, 'q-area-prefer_not_to_say-max')], ['0', '10'])
    assert.deepEqual(tableRows(page.body, /^Area$/)[0]?.slice(0, 3), ['Northshire City', '40%', '8'])
    assert.match(page.body, /<label class="govuk-label govuk-visually-hidden" for="q-area-northshire_city-min">\s*Minimum for Area: Northshire City\s*<\/label>/)
    noIdentity(page.body, 'the quotas page')

    const overview = await analyst.get('/selection')
    assert.deepEqual(tableRows(overview.body, /Selections, newest first/)[0], ['Core Group 2027', 'Being set up', '10', 'Not counted yet', 'LEXIMIN', 'Not worked out yet', tableRows(overview.body, /Selections, newest first/)[0]![6]!])
  })

  it('shows quotas that are not whole numbers with every box kept as typed (400), and saves nothing', async () => {
    const boxes = quotaBoxes((await analyst.get(`/selection/${runId}/quotas`)).body)
    assert.equal(Object.keys(boxes).length, 2 * (7 + 6), 'a minimum and a maximum for each answer, "Prefer not to say" and "Not answered"')
    const res = await analyst.post(`/selection/${runId}/quotas`, { ...boxes, 'q-area-eastport-max': 'three', 'q-gender-woman-min': '', 'q-gender-man-max': '11' })
    expectFormErrors(res, 'Quotas: Core Group 2027', [
      ['q-area-eastport-max', 'Enter the maximum as a whole number from 0 to 10'],
      ['q-gender-woman-min', 'Enter the minimum as a whole number from 0 to 10'],
      ['q-gender-man-max', 'Enter the maximum as a whole number from 0 to 10'],
    ])
    assert.equal(messageBeside(res.body, 'q-gender-man-max'), 'Enter the maximum as a whole number from 0 to 10')
    assert.equal(inputValue(res.body, 'q-area-eastport-max'), 'three')
    assert.equal(inputValue(res.body, 'q-gender-woman-min'), '')
    assert.equal(inputValue(res.body, 'q-gender-man-max'), '11')
    assert.equal(inputValue(res.body, 'q-area-glenmoor-min'), boxes['q-area-glenmoor-min'])
    assert.equal(await audited('selection.quotas_changed'), 0)
  })

  it('refuses a minimum above its maximum, and minimums that add up to more than the places', async () => {
    const boxes = quotaBoxes((await analyst.get(`/selection/${runId}/quotas`)).body)
    const res = await analyst.post(`/selection/${runId}/quotas`, { ...boxes, 'q-gender-woman-min': '6', 'q-gender-woman-max': '5' })
    expectFormErrors(res, 'Quotas: Core Group 2027', [['q-gender-woman-min', 'Gender: Woman: the minimum (6) must not be more than the maximum (5)']])
    assert.equal(messageBeside(res.body, 'q-gender-woman-min'), 'Gender: Woman: the minimum (6) must not be more than the maximum (5)')
    assert.deepEqual([inputValue(res.body, 'q-gender-woman-min'), inputValue(res.body, 'q-gender-woman-max')], ['6', '5'])

    // Two problems on the same box: both are said, beside the box and in the summary, which links to it once.
    const both = await analyst.post(`/selection/${runId}/quotas`, { ...boxes, 'q-gender-woman-min': '7', 'q-gender-woman-max': '5' })
    assert.equal(both.statusCode, 400)
    assert.deepEqual(
      summaryOf(both.body).map(s => s[0]),
      ['#q-gender-woman-min'],
    )
    const beside = messageBeside(both.body, 'q-gender-woman-min') ?? ''
    assert.match(beside, /the minimum \(7\) must not be more than the maximum \(5\)/)
    assert.match(beside, /the minimums add up to 11, more than the 10 seats/)
    assert.equal(await audited('selection.quotas_changed'), 0)
  })

  it('saves changed quotas and goes back to the selection', async () => {
    const boxes = quotaBoxes((await analyst.get(`/selection/${runId}/quotas`)).body)
    const same = await analyst.post(`/selection/${runId}/quotas`, boxes)
    assert.equal(same.statusCode, 303)
    assert.match((await analyst.get(same.headers.location as string)).body, /You did not change any quotas/)

    const res = await analyst.post(`/selection/${runId}/quotas`, { ...boxes, 'q-area-northshire_city-max': ' 4 ' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/selection/${runId}`)
    const page = await analyst.get(`/selection/${runId}`)
    assert.match(page.body, /Quotas saved/)
    assert.deepEqual(tableRows(page.body, /Quotas for each group/)[0], ['Area: Northshire City', '40%', '8', '3', '4'])
    assert.equal(await audited('selection.quotas_changed'), 1)
    assert.match(page.body, /<button type="submit"[^>]*id="compute"[^>]*>\s*Work out everyone’s chances/)
  })

  it('has no record or chances to download before they are worked out', async () => {
    assert.equal((await analyst.get(`/selection/${runId}/record.json`)).statusCode, 404)
    assert.equal((await analyst.get(`/selection/${runId}/probabilities.csv`)).statusCode, 404)
    const progress = await analyst.get(`/selection/${runId}/progress`)
    assert.deepEqual(JSON.parse(progress.body), { status: 'draft', statusText: 'being set up', progress: null })
  })

  it('says so when the pool is too small to work out the chances', async () => {
    const created = await analyst.post('/selection/new', { ...NEW_SELECTION, title: 'Too big', panelSize: '50' })
    const id = /\/selection\/([0-9a-f-]+)\/quotas/.exec(created.headers.location as string)![1]!
    const res = await analyst.post(`/selection/${id}/compute`)
    assert.equal(res.statusCode, 409)
    assert.match(res.body, /<title>Error: Too big - /)
    assert.deepEqual(summaryOf(res.body), [['#compute', 'Only 39 people can be selected (active panel members who agreed to be contacted), fewer than the 50 places']])
    assert.match(res.body, /id="compute"/)

    // A selection being set up is discarded without a reason.
    const discard = await analyst.get(`/selection/${id}/discard`)
    assert.equal(discard.statusCode, 200)
    assert.match(discard.body, /Why are you discarding it\? \(optional\)/)
    const gone = await analyst.post(`/selection/${id}/discard`, { reason: '' })
    assert.equal(gone.statusCode, 303)
    assert.equal(gone.headers.location, '/selection')
    const overview = await analyst.get('/selection')
    assert.match(overview.body, /“Too big” has been discarded/)
    assert.equal(tableRows(overview.body, /Selections, newest first/).find(r => r[0] === 'Too big')?.[1], 'Discarded')
    const discarded = await analyst.post(`/selection/${id}/compute`)
    assert.equal(discarded.statusCode, 409, 'a discarded selection cannot be worked out')
    assert.equal(summaryOf(discarded.body)[0]?.[0], '#selection-heading', 'no button to link to')
  })

  it('works out the chances in the background, with progress, then shows the smallest chance', async () => {
    const res = await analyst.post(`/selection/${runId}/compute`)
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/selection/${runId}`)
    const progress = await analyst.get(`/selection/${runId}/progress`)
    assert.equal(progress.statusCode, 200)
    assert.match(progress.headers['content-type'] as string, /^application\/json/)
    assert.equal(progress.headers['cache-control'], 'no-store')
    const state = JSON.parse(progress.body) as { status: string; progress: { text: string; percent: number | null } | null }
    if (state.status === 'computing') {
      assert.equal(typeof state.progress?.text, 'string')
      const page = await analyst.get(`/selection/${runId}`)
      assert.match(page.body, /Working out everyone’s chances/)
      assert.match(page.body, /<a href="\/selection\/[^"]+" role="button"[^>]*>\s*Check progress/)
      assert.match(page.body, /data-url="\/selection\/[^"]+\/progress"/)
      const twice = await analyst.post(`/selection/${runId}/compute`)
      assert.equal(twice.statusCode, 409, 'one computation at a time')
      assert.deepEqual(summaryOf(twice.body), [['#selection-heading', 'The chances for “Core Group 2027” cannot be worked out now: it is not being set up']])
    } else assert.equal(state.status, 'computed')

    await waitForComputations()
    const done = JSON.parse((await analyst.get(`/selection/${runId}/progress`)).body) as { status: string; progress: unknown }
    assert.deepEqual([done.status, done.progress], ['computed', null])
    const page = await analyst.get(`/selection/${runId}`)
    assert.equal(page.statusCode, 200)
    // Northshire City must have 3 of its 8 people; the other 7 places are shared by the other 31 people: 7 in 31.
    assert.equal(summaryValue(page.body, 'Smallest chance of being selected'), '22.6% (about 1 in 4)')
    assert.equal(summaryValue(page.body, 'People who could be selected'), '39')
    assert.equal(summaryValue(page.body, 'People who cannot be selected'), '0')
    assert.equal(summaryValue(page.body, 'Fair share if there were no quotas'), '25.6%')
    assert.match(page.body, /<code>[0-9a-f]{64}<\/code>/)
    assert.match(page.body, /<a href="\/selection\/[^"]+\/draw" role="button"[^>]*>\s*Go to the draw/)
    assert.ok(!/id="compute"/.test(page.body), 'no second computation')
    noIdentity(page.body, 'the selection page')
    assert.equal(await audited('selection.computed'), 1)

    const overview = await analyst.get('/selection')
    const row = tableRows(overview.body, /Selections, newest first/).find(r => r[0] === 'Core Group 2027')!
    assert.deepEqual(row.slice(1, 6), ['Ready to draw', '10', '39', 'LEXIMIN', '22.6%'])
  })

  it('lets anyone who may read selections download the verification record and the chances, by pseudonym only', async () => {
    const record = await manager.get(`/selection/${runId}/record.json`)
    assert.equal(record.statusCode, 200)
    assert.match(record.headers['content-type'] as string, /^application\/json/)
    assert.equal(record.headers['content-disposition'], 'attachment; filename="core-group-2027-record.json"')
    noIdentity(record.body, 'the verification record')
    const json = JSON.parse(record.body) as { probabilities: { id: string; probability: number }[]; lottery: { hash: string } }
    assert.equal(json.probabilities.length, 39)
    assert.ok(json.probabilities.every(p => people.has(p.id)), 'people appear by pseudonym')
    assert.ok(!json.probabilities.some(p => p.id === uncontactable), 'not the person who did not agree to be contacted')

    const csv = await analyst.get(`/selection/${runId}/probabilities.csv`)
    assert.equal(csv.statusCode, 200)
    assert.match(csv.headers['content-type'] as string, /^text\/csv/)
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="core-group-2027-probabilities.csv"')
    noIdentity(csv.body, 'the chances')
    const lines = csv.body.trimEnd().split('\r\n')
    assert.equal(lines[0], 'pseudonym,probability')
    assert.equal(lines.length, 40)
    for (const line of lines.slice(1)) {
      const [pseudonym, p] = line.split(',')
      assert.ok(people.has(pseudonym!), line)
      assert.ok(Number(p) > 0.2 && Number(p) <= 0.5 + 1e-9, line)
    }
  })

  it('refuses a draw without a seed, keeping the witnesses typed', async () => {
    const page = await analyst.get(`/selection/${runId}/draw`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<title>The draw: Core Group 2027 - /)
    assert.match(page.body, /<code>[0-9a-f]{64}<\/code>/)
    const res = await analyst.post(`/selection/${runId}/draw`, { seed: '   ', witnesses: 'A. Witness (Ombudsman)' })
    expectFormErrors(res, 'The draw: Core Group 2027', [['seed', 'Enter the seed: the numbers or words announced for the draw']])
    assert.equal(messageBeside(res.body, 'seed'), 'Enter the seed: the numbers or words announced for the draw')
    assert.match(res.body, /<textarea[^>]*name="witnesses"[^>]*>A\. Witness \(Ombudsman\)<\/textarea>/)
    assert.equal(await audited('selection.drawn'), 0)
  })

  it('draws the group with the seed, in front of the witnesses, once', async () => {
    const res = await analyst.post(`/selection/${runId}/draw`, { seed: '4 12 19 33 41 52', witnesses: 'A. Witness (Ombudsman)' })
    assert.equal(res.statusCode, 303)
    assert.equal(res.headers.location, `/selection/${runId}`)
    const page = await analyst.get(`/selection/${runId}`)
    assert.match(page.body, /The group has been drawn/)
    assert.equal(summaryValue(page.body, 'Seed'), '4 12 19 33 41 52')
    assert.equal(summaryValue(page.body, 'Witnesses'), 'A. Witness (Ombudsman)')
    assert.match(summaryValue(page.body, 'Group drawn') ?? '', /^Number [\d,]+ of 1,000$/)
    const rows = tableRows(page.body, /^The people drawn \(10\)$/)
    assert.equal(rows.length, 10)
    drawn = rows.map(r => r[0]!)
    for (const r of rows) {
      const [area, gender] = people.get(r[0]!)!
      assert.deepEqual(r.slice(1, 3), [AREA_LABELS[area as keyof typeof AREA_LABELS], gender === 'woman' ? 'Woman' : 'Man'], r.join(' | '))
    }
    assert.equal(drawn.filter(p => people.get(p)![0] === 'northshire_city').length >= 3, true, 'the quotas hold')
    assert.match(page.body, /<a href="\/selection\/[^"]+\/confirm" role="button"[^>]*>\s*Confirm the Core Group/)
    noIdentity(page.body, 'the drawn selection')

    const again = await analyst.post(`/selection/${runId}/draw`, { seed: 'again', witnesses: '' })
    assert.equal(again.statusCode, 400)
    assert.deepEqual(summaryOf(again.body), [['#draw-heading', 'You cannot make the draw: “Core Group 2027” is drawn, not yet confirmed']])
    assert.match(again.body, /This selection cannot be drawn now: it is drawn, not yet confirmed\./, 'the page shows the selection as it is now')
    assert.equal(await audited('selection.drawn'), 1)
  })

  it('refuses a date to join that is missing, incomplete or not real, keeping what was typed', async () => {
    const page = await manager.get(`/selection/${runId}/confirm`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<title>Confirm the Core Group: Core Group 2027 - /)
    assert.match(page.body, /The 10 people drawn will become members of the Core Group/)

    const empty = await manager.post(`/selection/${runId}/confirm`, { 'startsOn-day': '', 'startsOn-month': '', 'startsOn-year': '' })
    expectFormErrors(empty, 'Confirm the Core Group: Core Group 2027', [['startsOn-day', 'Enter the date they join the Core Group']])
    const noMonth = await manager.post(`/selection/${runId}/confirm`, { 'startsOn-day': '12', 'startsOn-month': '', 'startsOn-year': '2026' })
    expectFormErrors(noMonth, 'Confirm the Core Group: Core Group 2027', [['startsOn-month', 'The date they join the Core Group must include a month']])
    const unreal = await manager.post(`/selection/${runId}/confirm`, { 'startsOn-day': '30', 'startsOn-month': '2', 'startsOn-year': '2026' })
    expectFormErrors(unreal, 'Confirm the Core Group: Core Group 2027', [['startsOn-day', 'The date they join the Core Group must be a real date, like 27 3 2027']])
    assert.equal(messageBeside(unreal.body, 'startsOn'), 'The date they join the Core Group must be a real date, like 27 3 2027')
    assert.deepEqual(['day', 'month', 'year'].map(p => inputValue(unreal.body, `startsOn-${p}`)), ['30', '2', '2026'])
    assert.match(inputTag(unreal.body, 'startsOn-day') ?? '', /govuk-input--error/)
    assert.equal(await audited('selection.core_group_confirmed'), 0)
  })

  it('confirms the Core Group, whose page lists the members by pseudonym', async () => {
    const res = await manager.post(`/selection/${runId}/confirm`, { 'startsOn-day': '12', 'startsOn-month': '1', 'startsOn-year': '2026' })
    assert.equal(res.statusCode, 303, res.body.slice(0, 2000))
    assert.equal(res.headers.location, '/selection/core-group')
    const page = await manager.get('/selection/core-group')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /10 people have joined the Core Group/)
    assert.match(page.body, /10 of 10 places are filled/)
    const members = tableRows(page.body, /^Members now$/)
    assert.deepEqual(members.map(r => r[0]).sort(), [...drawn].sort())
    assert.ok(members.every(r => r[3] === '12 January 2026'), members.map(r => r.join(' | ')).join('\n'))
    assert.ok(!page.body.includes('id="top-up"'), 'nobody has left: nothing to top up')
    noIdentity(page.body, 'the Core Group page (panel manager)')
    assert.ok(tableRows(page.body, /The group against its quotas/).every(r => r[3] === 'Within the quota'))

    const selection = await analyst.get(`/selection/${runId}`)
    assert.match(selection.body, /Confirmed: these people joined the Core Group on 12 January 2026\./)
    assert.ok(!selection.body.includes(`/selection/${runId}/discard`), 'a confirmed selection cannot be discarded')
    const again = await manager.post(`/selection/${runId}/confirm`, { 'startsOn-day': '13', 'startsOn-month': '1', 'startsOn-year': '2026' })
    assert.equal(again.statusCode, 400)
    assert.deepEqual(summaryOf(again.body), [['#confirm-heading', 'You cannot confirm “Core Group 2027”: it has not been drawn, or it has been confirmed or discarded already']])
    assert.match(again.body, /This selection cannot be confirmed: it is confirmed\./)
    const overview = await analyst.get('/selection')
    assert.equal(summaryValue(overview.body, 'Members now'), '10')
    assert.equal(summaryValue(overview.body, 'Size of the group'), '10')
    const nothing = await analyst.post('/selection/core-group/top-up')
    assert.equal(nothing.statusCode, 409, 'no places to fill')
    assert.deepEqual(summaryOf(nothing.body), [['#core-group-heading', 'Nobody has left the Core Group, so there are no places to fill']])
  })

  /**
   * A member whose place at least two people never selected, of the same area and gender, can fill: the top-up always
   * works, and the one not drawn is an alternate (only people with a chance are ranked).
   */
  function replaceableMember(html: string): { id: string; pseudonym: string } {
    const links = [...html.matchAll(/href="\/selection\/core-group\/([^/"]+)\/leave">Record that they left<span class="govuk-visually-hidden"> \(([^)]+)\)<\/span>/g)]
    for (const [, id, pseudonym] of links) {
      const [area, gender] = people.get(pseudonym!)!
      const free = [...people].filter(([p, v]) => p !== uncontactable && !drawn.includes(p) && v[0] === area && v[1] === gender)
      if (free.length >= 2) return { id: id!, pseudonym: pseudonym! }
    }
    throw new Error('no member can be replaced like for like')
  }

  let leaver = { id: '', pseudonym: '' }

  it('refuses to record a member leaving without a date and reason, or with dates that cannot be', async () => {
    leaver = replaceableMember((await analyst.get('/selection/core-group')).body)
    const url = `/selection/core-group/${leaver.id}/leave`
    const page = await analyst.get(url)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, new RegExp(`<h1 class="govuk-heading-l">Record that ${leaver.pseudonym} has left</h1>`))
    assert.match(page.body, /They joined on 12 January 2026\./)

    const title = `${leaver.pseudonym} has left the Core Group`
    expectFormErrors(await analyst.post(url, {}), title, [
      ['leftOn-day', 'Enter the date they left'],
      ['reason', 'Select why they left'],
    ])
    const other = await analyst.post(url, { 'leftOn-day': '1', 'leftOn-month': '3', 'leftOn-year': '2026', reason: 'other', detail: '  ' })
    expectFormErrors(other, title, [['detail', 'Say why they left']])
    assert.deepEqual(checked(other.body, 'reason'), ['other'])
    assert.equal(inputValue(other.body, 'leftOn-month'), '3')
    const early = await analyst.post(url, { 'leftOn-day': '1', 'leftOn-month': '1', 'leftOn-year': '2026', reason: 'chose_to_leave' })
    expectFormErrors(early, title, [['leftOn-day', 'The date they left must be on or after the date they joined (2026-01-12)']])
    assert.deepEqual(checked(early.body, 'reason'), ['chose_to_leave'])
    const future = new Date(Date.now() + 40 * 86_400_000)
    const late = await analyst.post(url, { 'leftOn-day': String(future.getUTCDate()), 'leftOn-month': String(future.getUTCMonth() + 1), 'leftOn-year': String(future.getUTCFullYear()), reason: 'chose_to_leave' })
    expectFormErrors(late, title, [['leftOn-day', 'The date they left must be today or in the past']])
    assert.equal(await audited('selection.member_left'), 0)
    assert.equal((await analyst.get('/selection/core-group/00000000-0000-7000-8000-000000000000/leave')).statusCode, 404)
  })

  it('records that a member left, and offers to fill the place', async () => {
    const res = await analyst.post(`/selection/core-group/${leaver.id}/leave`, { 'leftOn-day': '1', 'leftOn-month': '3', 'leftOn-year': '2026', reason: 'chose_to_leave', detail: '' })
    assert.equal(res.statusCode, 303, res.body.slice(0, 2000))
    assert.equal(res.headers.location, '/selection/core-group')
    const page = await analyst.get('/selection/core-group')
    assert.match(page.body, new RegExp(`${leaver.pseudonym} has left the Core Group\\. You can top up the group to fill the place\\.`))
    assert.match(page.body, /9 of 10 places are filled/)
    assert.match(page.body, /1 member has left and has not been replaced/)
    assert.deepEqual(tableRows(page.body, /^Past members$/), [[leaver.pseudonym, '12 January 2026', '1 March 2026', 'They chose to leave', 'Not yet']])
    assert.match(page.body, /<button type="submit"[^>]*id="top-up"[^>]*>\s*Top up the Core Group/)
    assert.equal((await analyst.get(`/selection/core-group/${leaver.id}/leave`)).statusCode, 404, 'a past member cannot leave again')
  })

  it('tops up the Core Group: works out the chances among people never in it, draws and confirms', async () => {
    const res = await analyst.post('/selection/core-group/top-up')
    assert.equal(res.statusCode, 303)
    const topUpId = /^\/selection\/([0-9a-f-]+)$/.exec(res.headers.location as string)![1]!
    const page = await analyst.get(`/selection/${topUpId}`)
    assert.match(page.body, /Top-up set up, with the quotas of the selection that made the group/)
    assert.match(page.body, /<span class="govuk-caption-l">Top-up of the Core Group<\/span>/)
    assert.match(page.body, /<h1 class="govuk-heading-l" id="selection-heading">Top-up: 1 place in Core Group 2027<\/h1>/)
    assert.equal(summaryValue(page.body, 'Replacing'), leaver.pseudonym)
    assert.equal(summaryValue(page.body, 'Places'), '1')

    const twice = await analyst.post('/selection/core-group/top-up')
    assert.equal(twice.statusCode, 409)
    assert.deepEqual(summaryOf(twice.body), [['#core-group-heading', 'A top-up is already under way (“Top-up: 1 place in Core Group 2027”): finish or discard it first']])
    assert.match((await analyst.get('/selection/core-group')).body, /A top-up is under way: <a class="govuk-link" href="\/selection\/[^"]+">Top-up: 1 place in Core Group 2027<\/a>/)

    const computed = await computeAndWait(analyst, topUpId)
    assert.equal(summaryValue(computed.body, 'People who could be selected'), '29', '39 contactable, less the 10 ever in the group')
    assert.match(summaryValue(computed.body, 'Smallest chance of being selected') ?? '', /^\d/)
    assert.equal((await analyst.post(`/selection/${topUpId}/draw`, { seed: 'dice: 3 5 1', witnesses: '' })).statusCode, 303)
    const drawnPage = await analyst.get(`/selection/${topUpId}`)
    const newcomer = tableRows(drawnPage.body, /^The people drawn \(1\)$/)
    assert.equal(newcomer.length, 1)
    assert.ok(!drawn.includes(newcomer[0]![0]!), 'someone never in the group')
    assert.ok(tableRows(drawnPage.body, /^Alternates, in order/).length > 0, 'alternates are ranked')
    assert.equal(summaryValue(drawnPage.body, 'Witnesses'), 'None recorded')

    const confirm = await analyst.get(`/selection/${topUpId}/confirm`)
    assert.match(confirm.body, new RegExp(`They fill the places of ${leaver.pseudonym}\\.`))
    const done = await analyst.post(`/selection/${topUpId}/confirm`, { 'startsOn-day': '2', 'startsOn-month': '3', 'startsOn-year': '2026' })
    assert.equal(done.statusCode, 303)
    const group = await analyst.get('/selection/core-group')
    assert.match(group.body, /1 person has joined the Core Group/)
    assert.match(group.body, /10 of 10 places are filled/)
    assert.ok(tableRows(group.body, /^Members now$/).some(r => r[0] === newcomer[0]![0]))
    assert.equal(tableRows(group.body, /^Past members$/)[0]?.[4], 'Yes', 'the place is filled')
    assert.ok(!group.body.includes('id="top-up"'))
  })

  it('keeps a discarded draw on record with its reason, which it needs', async () => {
    const created = await manager.post('/selection/new', { ...NEW_SELECTION, title: 'Trial draw', panelSize: '5', dimensions: ['gender'], algorithm: 'legacy' })
    const id = /\/selection\/([0-9a-f-]+)\/quotas/.exec(created.headers.location as string)![1]!
    await computeAndWait(manager, id)
    assert.equal((await manager.post(`/selection/${id}/draw`, { seed: '1', witnesses: '' })).statusCode, 303)
    const page = await manager.get(`/selection/${id}/discard`)
    assert.match(page.body, /A drawn selection needs a reason/)
    const res = await manager.post(`/selection/${id}/discard`, { reason: ' ' })
    expectFormErrors(res, 'Discard: Trial draw', [['reason', 'Say why you are discarding a selection that has been drawn']])
    const long = await manager.post(`/selection/${id}/discard`, { reason: 'x'.repeat(1001) })
    expectFormErrors(long, 'Discard: Trial draw', [['reason', 'The reason must be 1,000 characters or fewer']])
    assert.match(long.body, /<textarea[^>]*name="reason"[^>]*>x{1001}<\/textarea>/)
    const ok = await manager.post(`/selection/${id}/discard`, { reason: 'A trial of the draw' })
    assert.equal(ok.statusCode, 303)
    const view = await manager.get(`/selection/${id}`)
    assert.match(view.body, /Discarded: A trial of the draw\./)
    const confirmDiscarded = await manager.post(`/selection/${id}/confirm`, { 'startsOn-day': '2', 'startsOn-month': '3', 'startsOn-year': '2026' })
    assert.equal(confirmDiscarded.statusCode, 400)
    assert.equal(summaryOf(confirmDiscarded.body)[0]?.[0], '#confirm-heading')
    const discardAgain = await manager.post(`/selection/${id}/discard`, { reason: 'Twice' })
    assert.deepEqual(summaryOf(discardAgain.body), [['#discard-heading', 'You cannot discard it: “Trial draw” is discarded']])
    assert.match(discardAgain.body, /This selection cannot be discarded: it is discarded\./)
    assert.equal(await audited('selection.discarded'), 2)
  })

  it('is for the research roles only: others are refused, and the signed-out are sent to sign in', async () => {
    const urls = ['/selection', '/selection/new', '/selection/core-group', `/selection/${runId}`, `/selection/${runId}/record.json`, `/selection/${runId}/probabilities.csv`, `/selection/${runId}/progress`, `/selection/${runId}/draw`]
    for (const role of ['panel_member', 'core_group_member', 'stakeholder', 'scrutiny_body'] as const) {
      const agent = await t.signInAs(role)
      for (const url of urls) assert.equal((await agent.get(url)).statusCode, 403, `${role} GET ${url}`)
      assert.equal((await agent.post('/selection/new', NEW_SELECTION)).statusCode, 403, `${role} POST /selection/new`)
      assert.equal((await agent.post('/selection/core-group/top-up')).statusCode, 403, `${role} top-up`)
      assert.ok(!(await agent.get('/')).body.includes('href="/selection"'), `${role} has no link to it`)
    }
    const visitor = t.agent()
    for (const url of urls) {
      const res = await visitor.get(url)
      assert.deepEqual([res.statusCode, res.headers.location], [303, '/sign-in'], `public GET ${url}`)
    }
    assert.equal((await visitor.post(`/selection/${runId}/draw`, { seed: '1' })).statusCode, 401)
    assert.equal((await t.agent().get('/selection/00000000-0000-7000-8000-000000000000')).statusCode, 303)
    assert.equal((await analyst.get('/selection/00000000-0000-7000-8000-000000000000')).statusCode, 404)
  })
})
