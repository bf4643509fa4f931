// The "Draft a summary" page with the whole app, without JavaScript: with the language model off (the default) it
// says so and how to turn it on, with no button; with it on (pointed at a local fake server that checks each request)
// the analyst asks for a draft and sees the supported points with their quotes linked to the segments, the flagged
// points apart with why, the model's name, the reminder that it is a draft, and the past drafts.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { UserDto } from '../../accounts/index.ts'
import { addSession, createActivity } from '../../engagement/index.ts'
import { captureNotes } from '../../evidence/index.ts'
import { addCode } from '../domain/codebook.ts'
import { codeSegment, loadProjectSegments } from '../domain/coding.ts'
import { fakeLanguageModelServer } from '../domain/llm/llm-fake.test-support.ts'
import { createProject, takeInEvidence } from '../domain/projects.ts'

const SYSTEM = systemActor('draft page tests')
const actorOf = (u: UserDto): Actor => ({ userId: u.id, role: u.role as Actor['role'], displayName: u.displayName })

/** An analysis with a few notes (one with a phone number), coded "Forms" by the analyst. */
async function setUp(t: TestApp, analyst: UserDto) {
  const { id: activityId } = await createActivity(t.deps, SYSTEM, {
    roundId: null, kind: 'workshop', title: 'Workshop on forms', purpose: 'To hear what made the forms hard', audience: 'whole_panel',
    audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
  })
  const { id: sessionId } = await addSession(t.deps, SYSTEM, activityId, {
    mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 12, accessibility: '',
  })
  await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'Ring 07700 900123 if you need me. The form was far too long.', notToBeQuoted: false })
  await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'The letter made no sense to me.', notToBeQuoted: false })
  const me = actorOf(analyst)
  const { id: projectId } = await createProject(t.deps, me, { title: 'Forms and letters', purpose: 'What to fix first', channel: '', activityId: '', questionId: '' })
  await takeInEvidence(t.deps, me, projectId)
  const codeId = (await addCode(t.deps, me, projectId, { name: 'Forms', parentId: '', description: '', examples: '' })).id
  const segments = (await loadProjectSegments(t.deps, me, projectId, me.userId)).segments
  for (const s of segments) await codeSegment(t.deps, me, projectId, s.segmentId, [codeId])
  return { projectId, codeId, segments }
}

describe('the draft summary page, with the language model off', () => {
  let t: TestApp
  let analyst: Agent & { user: UserDto }
  let projectId = ''
  let codeId = ''
  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
    ;({ projectId, codeId } = await setUp(t, analyst.user))
  })
  after(() => t.close())

  it('says plainly that it is off and how to turn it on, with no button and no link from the codebook', async () => {
    const book = await analyst.get(`/analysis/${projectId}/codebook`)
    assert.equal(book.statusCode, 200)
    assert.doesNotMatch(book.body, /Draft summary/)
    const page = await analyst.get(`/analysis/${projectId}/codes/${codeId}/draft`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /id="model-off"/)
    assert.match(page.body, /The language model is turned off/)
    assert.match(page.body, /ANALYSIS_LLM_URL/)
    assert.doesNotMatch(page.body, /Draft a summary with the language model/)
    const post = await analyst.post(`/analysis/${projectId}/codes/${codeId}/draft`)
    assert.equal(post.statusCode, 400)
    assert.match(post.body, /class="govuk-error-summary"/)
    assert.match(post.body, /href="#draft"[^>]*>The language model is not turned on/)
  })
})

describe('the draft summary page, with the language model on', () => {
  let t: TestApp
  let fake: Awaited<ReturnType<typeof fakeLanguageModelServer>>
  let analyst: Agent & { user: UserDto }
  let core: Agent
  let projectId = ''
  let codeId = ''
  let segments: { segmentId: string; text: string }[] = []
  before(async () => {
    fake = await fakeLanguageModelServer({ model: 'local-test-model' })
    t = await createTestApp({ env: { ANALYSIS_LLM_URL: fake.url, ANALYSIS_LLM_MODEL: 'local-test-model' } })
    analyst = await t.signInAs('analyst')
    core = await t.signInAs('core_group_member')
    ;({ projectId, codeId, segments } = await setUp(t, analyst.user))
  })
  after(async () => {
    await t.close()
    await fake.close()
  })

  it('links each code from the codebook and offers the button, saying what will be sent', async () => {
    const book = await analyst.get(`/analysis/${projectId}/codebook`)
    assert.match(book.body, new RegExp(`href="/analysis/${projectId}/codes/${codeId}/draft">Draft summary`))
    const page = await analyst.get(`/analysis/${projectId}/codes/${codeId}/draft`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /The language model is on: local-test-model/)
    assert.match(page.body, new RegExp(`You gave this code to ${segments.length} segments\\.\\s+${segments.length} of them will be sent, with personal details hidden`))
    assert.match(page.body, /Draft a summary with the language model/)
    assert.equal((await core.get(`/analysis/${projectId}/codes/${codeId}/draft`)).statusCode, 403)
    assert.equal((await analyst.get(`/analysis/${projectId}/codes/00000000-0000-7000-8000-000000000000/draft`)).statusCode, 404)
  })

  it('drafts, then shows the supported points with linked quotes, the flagged points apart, and past drafts', async () => {
    fake.answer(request => {
      const user = request.body.messages![1]!.content
      const id = /^(S\d+): The form was far too long\.$/m.exec(user)![1]
      return {
        content: JSON.stringify({
          points: [
            { text: 'People said the form was too long.', citations: [{ id, quote: 'The form was far too long.' }] },
            { text: 'People said the form was badly printed.', citations: [{ id, quote: 'The form was badly printed.' }] },
          ],
        }),
      }
    })
    const res = await analyst.post(`/analysis/${projectId}/codes/${codeId}/draft`)
    assert.equal(res.statusCode, 303)
    const location = String(res.headers.location)
    assert.match(location, new RegExp(`^/analysis/${projectId}/codes/${codeId}/draft\\?call=[0-9a-f-]{36}$`))
    const sent = fake.requests.at(-1)!
    assert.deepEqual(sent.problems, [])
    assert.ok(!sent.raw.includes('07700 900123'), 'the phone number never left')
    assert.match(sent.raw, /\[phone number\]/)

    const page = await analyst.get(location)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Draft made: 1 point is supported by the evidence, 1 not/)
    assert.match(page.body, /This is a draft from a language model/)
    assert.match(page.body, /From local-test-model, on the OpenAI-compatible server at http:\/\/127\.0\.0\.1:\d+/)
    const supported = /<ol class="govuk-list govuk-list--number" id="supported">([\s\S]*?)<\/ol>/.exec(page.body)![1]!
    assert.match(supported, /People said the form was too long\./)
    assert.match(supported, /“The form was far too long\.”/)
    const quoted = segments.find(s => s.text === 'The form was far too long.')!
    assert.match(supported, new RegExp(`href="/analysis/${projectId}/segments/${quoted.segmentId}"`))
    const flagged = /<div id="flagged">([\s\S]*?)<\/div>/.exec(page.body)![1]!
    assert.match(flagged, /Not supported by the evidence/)
    assert.match(flagged, /People said the form was badly printed\./)
    assert.match(flagged, /Why: The words quoted are not in S\d+\./)
    assert.doesNotMatch(supported, /badly printed/)
    assert.match(page.body, /<caption class="govuk-table__caption govuk-table__caption--m">Drafts for this code<\/caption>/)
  })

  it('shows a failed call plainly, and lists it with the others', async () => {
    fake.answer(() => ({ status: 500, raw: JSON.stringify({ error: { message: 'the model is loading' } }) }))
    const res = await analyst.post(`/analysis/${projectId}/codes/${codeId}/draft`)
    assert.equal(res.statusCode, 303)
    const page = await analyst.get(String(res.headers.location))
    assert.match(page.body, /id="draft-failed"/)
    assert.match(page.body, /The language model server answered with an error \(status 500\): the model is loading/)
    const rows = (page.body.match(/<tr class="govuk-table__row">/g) ?? []).length
    assert.equal(rows, 3, 'a header row and two drafts')
    assert.match(page.body, />Failed</)
    assert.match(page.body, />1 supported, 1 not supported</)
  })
})
