// Drafting a summary of one code with the language model: what is chosen and sent (only redacted text, short ids,
// within the limits), how the answer is read (strictly) and checked (verbatim quotes from segments that were sent),
// and the log of every call with its audit event, on every dialect in TEST_DIALECTS. The model is a fake that records
// what it was sent; no network.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { addSession, createActivity } from '../../../engagement/index.ts'
import { captureNotes } from '../../../evidence/index.ts'
import { changeConsents, registerParticipant } from '../../../panel/index.ts'
import { onParticipantErased } from '../erasure.ts'
import { addCode } from '../codebook.ts'
import { codeSegment, loadProjectSegments } from '../coding.ts'
import { createProject, takeInEvidence } from '../projects.ts'
import { getRedactionQueue, getRedactionReview, reviewRedactions } from '../redactions.ts'
import { LanguageModelError, type LanguageModel, type LanguageModelReply, type LanguageModelRequest } from './provider.ts'
import { checkDraft, chooseSegments, draftCodeSummary, getDraft, listDrafts, MAX_CHARACTERS, MAX_SEGMENTS, normaliseForQuote, parseDraft, UnparseableDraft } from './summarise.ts'

const SYSTEM = systemActor('language model tests')
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const MEMBER: Actor = { userId: newId(), role: 'panel_member', displayName: 'Member' }

/** A fake language model: records each request and answers with what the test sets (from the extracts it was sent). */
function fakeModel() {
  const requests: LanguageModelRequest[] = []
  let answer: (extracts: Map<string, string>) => LanguageModelReply | Error = () => ({ text: '{"points": []}', model: 'fake-1' })
  const model: LanguageModel = {
    name: 'Fake server at http://127.0.0.1:1',
    model: 'fake-1',
    async complete(request) {
      requests.push(request)
      const extracts = new Map([...request.user.matchAll(/^(S\d+): (.*)$/gm)].map(m => [m[1]!, m[2]!]))
      const a = answer(extracts)
      if (a instanceof Error) throw a
      return a
    },
  }
  return { model, requests, answer: (f: typeof answer) => (answer = f) }
}

const validation = (pattern: RegExp) => (err: unknown) => err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.fieldErrors.some(e => pattern.test(e.message))

describe('choosing, reading and checking a draft (pure)', () => {
  it('sends segments in order with short ids, within the segment and character limits, and says how many are left out', () => {
    const many = Array.from({ length: MAX_SEGMENTS + 5 }, (_, i) => ({ segmentId: `seg-${i}`, text: `Segment number ${i}.` }))
    const r = chooseSegments([{ segmentId: 'blank', text: '   ' }, ...many])
    assert.equal(r.sent.length, MAX_SEGMENTS)
    assert.equal(r.leftOut, 5)
    assert.deepEqual(r.sent.slice(0, 2), [{ shortId: 'S1', segmentId: 'seg-0', text: 'Segment number 0.' }, { shortId: 'S2', segmentId: 'seg-1', text: 'Segment number 1.' }])
    const long = Array.from({ length: 10 }, (_, i) => ({ segmentId: `l${i}`, text: 'x'.repeat(MAX_CHARACTERS / 4) }))
    const l = chooseSegments(long)
    assert.equal(l.sent.length, 4)
    assert.equal(l.leftOut, 6)
    assert.ok(l.sent.reduce((n, s) => n + s.text.length, 0) <= MAX_CHARACTERS)
  })

  it('reads only JSON in the form asked for (a ```json fence allowed), saying what was wrong otherwise', () => {
    const good = '{"points": [{"text": "People found the form long.", "citations": [{"id": "S1", "quote": "too long"}]}]}'
    assert.deepEqual(parseDraft(good), [{ text: 'People found the form long.', citations: [{ id: 'S1', quote: 'too long' }] }])
    assert.deepEqual(parseDraft('```json\n' + good + '\n```'), parseDraft(good))
    const bad: [string, RegExp][] = [
      ['Here is your summary: ' + good, /not JSON/],
      ['{"summary": "x"}', /no list of points/],
      ['{"points": []}', /no points/],
      ['{"points": [{"text": "", "citations": []}]}', /Point 1 had no text/],
      ['{"points": [{"text": "A point"}]}', /Point 1 had no list of citations/],
      ['{"points": [{"text": "A point", "citations": [{"id": 1, "quote": "x"}]}]}', /Citation 1 of point 1 needs an id and a quote/],
    ]
    for (const [answer, why] of bad) assert.throws(() => parseDraft(answer), (err: unknown) => err instanceof UnparseableDraft && why.test(err.message), answer)
  })

  it('evens out spaces, curly quotes and apostrophes, and nothing else', () => {
    assert.equal(normaliseForQuote('  It didn\u2019t  make\nsense, \u201Creally\u201D '), 'It didn\'t make sense, "really"')
    assert.notEqual(normaliseForQuote('The Form'), normaliseForQuote('the form'))
  })

  it('keeps a point only when every citation is a verbatim quote from a segment that was sent', () => {
    const sent = [{ shortId: 'S1', segmentId: 'a' }, { shortId: 'S2', segmentId: 'b' }, { shortId: 'S3', segmentId: 'gone' }]
    const current = new Map<string, string | null>([['a', 'The form was far too long.'], ['b', 'I didn\'t understand the letter.']])
    const r = checkDraft(
      [
        { text: 'Too long.', citations: [{ id: 'S1', quote: 'far  too long' }, { id: 's2', quote: 'didn\u2019t understand' }] },
        { text: 'Altered.', citations: [{ id: 'S1', quote: 'much too long' }] },
        { text: 'Unknown.', citations: [{ id: 'S9', quote: 'far too long' }] },
        { text: 'Bare.', citations: [] },
        { text: 'Empty.', citations: [{ id: 'S1', quote: '  ' }] },
        { text: 'Left.', citations: [{ id: 'S3', quote: 'anything' }] },
      ],
      sent,
      current,
    )
    assert.deepEqual(r.supported.map(p => p.text), ['Too long.'])
    assert.deepEqual(r.supported[0]!.citations.map(c => c.segmentId), ['a', 'b'])
    assert.deepEqual(r.flagged.map(p => [p.text, p.problems]), [
      ['Altered.', ['The words quoted are not in S1']],
      ['Unknown.', ['S9 is not one of the extracts sent to the model']],
      ['Bare.', ['It cites no evidence']],
      ['Empty.', ['The quote from S1 is empty']],
      ['Left.', ['S3 is no longer in the analysis']],
    ])
    assert.equal(r.flagged.at(-1)!.citations[0]!.showQuote, false, 'words of a segment that has left are never shown')
    assert.deepEqual(r.counts, { pointsKept: 1, pointsFlagged: 5, citationsOk: 2, citationsFailed: 4 })
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: drafting a summary with the language model`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let projectId = ''
    let forms = ''
    let staff = ''
    let unused = ''
    let pseudonym = ''
    let formSegments: { segmentId: string; text: string }[] = []
    let tick = Date.parse('2027-05-01T09:00:00.000Z')
    const fake = fakeModel()

    before(async () => {
      d = await createTestDatabase(dialect)
      deps = { config: d.config, db: d.db, dialect: d.dialect, clock: { now: () => new Date((tick += 1000)) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      const { id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'workshop', title: 'Workshop: forms', purpose: 'To hear what made the forms hard', audience: 'whole_panel', audienceDetail: '',
        commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
        mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 20, accessibility: '',
      })
      const p = await registerParticipant(deps, SYSTEM, { fullName: 'Forms Person', phone: '07700 900555', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
      await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }], { channel: 'phone' })
      pseudonym = p.pseudonym
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym, body: 'Call me on 07700 900123 about it. The forms were far too long for me. I gave up on the form twice.', notToBeQuoted: false })
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'The form asked the same thing three times. It didn\'t make sense to me.', notToBeQuoted: false })
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'Staff on the phone were kind.', notToBeQuoted: false })
      ;({ id: projectId } = await createProject(deps, ANALYST, { title: 'Forms', purpose: 'What made the forms hard?', channel: 'workshop', activityId, questionId: '' }))
      await takeInEvidence(deps, ANALYST, projectId)
      forms = (await addCode(deps, ANALYST, projectId, { name: 'Forms', parentId: '', description: 'Anything about forms and letters', examples: '' })).id
      staff = (await addCode(deps, ANALYST, projectId, { name: 'Staff', parentId: '', description: '', examples: '' })).id
      unused = (await addCode(deps, ANALYST, projectId, { name: 'Unused', parentId: '', description: '', examples: '' })).id
      const { segments } = await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)
      for (const s of segments) await codeSegment(deps, ANALYST, projectId, s.segmentId, /Staff/.test(s.text) ? [staff] : [forms])
      formSegments = (await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)).segments.filter(s => s.codeIds.includes(forms)).map(s => ({ segmentId: s.segmentId, text: s.text }))
    })
    after(() => d.close())

    const calls = () => d.db.withTables<{ analysis_llm_call: { id: string; status: string } }>().selectFrom('analysis_llm_call').select(['id', 'status']).execute()

    it('refuses when the model is off, when nothing has the code, and to anyone who cannot code; nothing is sent or logged', async () => {
      await assert.rejects(draftCodeSummary(deps, ANALYST, projectId, forms, null), validation(/not turned on: ask whoever runs this service to set ANALYSIS_LLM_URL/))
      await assert.rejects(draftCodeSummary(deps, ANALYST, projectId, unused, fake.model), validation(/You have not given the code "Unused" to any segments yet/))
      await assert.rejects(draftCodeSummary(deps, MEMBER, projectId, forms, fake.model), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
      await assert.rejects(draftCodeSummary(deps, ANALYST, projectId, newId(), fake.model), (err: unknown) => err instanceof AppError && err.code === 'NOT_FOUND')
      assert.equal(fake.requests.length, 0)
      assert.deepEqual(await calls(), [])
    })

    let firstId = ''
    it('sends only the redacted text of the segments given the code, under short ids, and checks every quote', async () => {
      fake.answer(extracts => {
        const find = (words: string) => [...extracts].find(([, t]) => t.includes(words))![0]
        return {
          model: 'fake-1-q4',
          text: JSON.stringify({
            points: [
              { text: 'People found the forms too long and confusing.', citations: [{ id: find('far too long'), quote: 'The forms were far  too long' }, { id: find('make sense'), quote: 'It didn\u2019t make sense' }] },
              { text: 'Forms were much too long.', citations: [{ id: find('far too long'), quote: 'The forms were much too long' }] },
              { text: 'Some gave up.', citations: [{ id: 'S99', quote: 'I gave up on the form twice.' }] },
            ],
          }),
        }
      })
      const draft = await draftCodeSummary(deps, ANALYST, projectId, forms, fake.model)
      firstId = draft.id
      assert.equal(fake.requests.length, 1)
      const sent = fake.requests[0]!
      const all = sent.system + sent.user
      assert.ok(!all.includes('07700 900123'), 'the planted phone number never leaves')
      assert.match(sent.user, /\[phone number\]/)
      assert.ok(!all.includes(pseudonym), 'no pseudonym')
      for (const s of formSegments) assert.ok(!all.includes(s.segmentId), 'no database ids')
      assert.ok(!all.includes('Staff on the phone'), 'only segments given this code')
      assert.match(sent.user, /^The code: Forms\nWhat the code means: Anything about forms and letters\n/)
      assert.deepEqual([...sent.user.matchAll(/^(S\d+): /gm)].map(m => m[1]), formSegments.map((_, i) => `S${i + 1}`))

      assert.equal(draft.status, 'succeeded')
      assert.equal(draft.model, 'fake-1-q4')
      assert.equal(draft.segmentsSent, formSegments.length)
      assert.deepEqual(draft.checked!.supported.map(p => p.text), ['People found the forms too long and confusing.'])
      assert.deepEqual(draft.checked!.flagged.map(p => [p.text, p.problems]), [
        ['Forms were much too long.', [`The words quoted are not in ${draft.checked!.flagged[0]!.citations[0]!.id}`]],
        ['Some gave up.', ['S99 is not one of the extracts sent to the model']],
      ])
      assert.deepEqual(draft.recorded, { pointsKept: 1, pointsFlagged: 2, citationsOk: 2, citationsFailed: 2 })
      assert.ok(draft.checked!.supported[0]!.citations.every(c => formSegments.some(s => s.segmentId === c.segmentId)))

      const row = await d.db.withTables<{ analysis_llm_call: Record<string, unknown> }>().selectFrom('analysis_llm_call').selectAll().where('id', '=', draft.id).executeTakeFirstOrThrow()
      assert.equal(row.status, 'succeeded')
      assert.equal(row.requested_by_user_id, ANALYST.userId)
      assert.equal(row.code_id, forms)
      assert.equal(row.provider, 'Fake server at http://127.0.0.1:1')
      assert.deepEqual(JSON.parse(String(row.sent_segment_ids_json)), formSegments.map(s => s.segmentId))
      assert.equal(row.prompt_sha256, createHash('sha256').update(JSON.stringify({ system: sent.system, user: sent.user })).digest('hex'))
      assert.equal(Number(row.request_characters), sent.system.length + sent.user.length)
      assert.match(String(row.response_text), /much too long/)
      assert.equal(row.error, null)

      const audit = await d.db.selectFrom('audit_event').select(['summary', 'subject_id']).where('action', '=', 'analysis.language_model_called').execute()
      assert.equal(audit.length, 1)
      assert.equal(audit[0]!.subject_id, draft.id)
      const summary = typeof audit[0]!.summary === 'string' ? JSON.parse(audit[0]!.summary) : audit[0]!.summary
      assert.deepEqual(summary, { projectId, codeId: forms, status: 'succeeded', model: 'fake-1-q4', segmentsSent: formSegments.length, pointsKept: 1, pointsFlagged: 2, citationsOk: 2, citationsFailed: 2 })
      assert.ok(!JSON.stringify(summary).includes('forms were'), 'no words in the audit trail')
    })

    it('records an answer that is not the JSON asked for as unparseable, and a failed call as failed, each audited', async () => {
      fake.answer(() => ({ text: 'Sure! People said the forms were long.', model: 'fake-1' }))
      const unreadable = await draftCodeSummary(deps, ANALYST, projectId, forms, fake.model)
      assert.equal(unreadable.status, 'unparseable')
      assert.equal(unreadable.checked, null)
      assert.match(unreadable.error!, /^The answer was not JSON, so it cannot be checked and is not shown as a summary$/)
      fake.answer(() => ({ text: '{"points": [{"text": "cut', model: 'fake-1', finishReason: 'length' }))
      const cut = await draftCodeSummary(deps, ANALYST, projectId, forms, fake.model)
      assert.match(cut.error!, /the model stopped early/)
      fake.answer(() => new LanguageModelError('The language model did not answer within 60 seconds. Try again later, or ask whoever runs it to check it.'))
      const failed = await draftCodeSummary(deps, ANALYST, projectId, forms, fake.model)
      assert.equal(failed.status, 'failed')
      assert.match(failed.error!, /did not answer within 60 seconds/)
      assert.equal(failed.model, 'fake-1')
      fake.answer(() => new TypeError('socket hang up'))
      const broken = await draftCodeSummary(deps, ANALYST, projectId, forms, fake.model)
      assert.equal(broken.status, 'failed')
      assert.match(broken.error!, /^The call to the language model failed unexpectedly: socket hang up$/)
      assert.deepEqual((await calls()).map(c => c.status).sort(), ['failed', 'failed', 'succeeded', 'unparseable', 'unparseable'])
      const audit = await d.db.selectFrom('audit_event').select('id').where('action', '=', 'analysis.language_model_called').execute()
      assert.equal(audit.length, 5, 'every call audited')
    })

    it('lists the drafts of a code newest first, and checks an old draft against the evidence as it is now', async () => {
      const drafts = await listDrafts(deps, ANALYST, projectId, forms)
      assert.deepEqual(drafts.map(x => x.status), ['failed', 'failed', 'unparseable', 'unparseable', 'succeeded'])
      assert.deepEqual(await listDrafts(deps, ANALYST, projectId, staff), [])
      assert.equal(await getDraft(deps, ANALYST, projectId, staff, firstId), undefined, 'a draft is found only under its own code')
      // A reviewer hides words the detector missed: the quote that held them no longer checks out, and is not kept.
      // The one item with a detail found (the phone number) is the one that says "far too long".
      const q = await getRedactionQueue(deps, ANALYST, projectId)
      assert.equal(q.items.length, 1)
      const itemId = q.items[0]!.itemId
      const review = await getRedactionReview(deps, ANALYST, projectId, itemId)
      assert.ok(review.redactedText.includes('far too long'))
      await reviewRedactions(deps, ANALYST, projectId, itemId, { keep: Object.fromEntries(review.redactions.map(r => [r.id, true])), add: 'far too long', addKind: 'name' })
      const again = (await getDraft(deps, ANALYST, projectId, forms, firstId))!
      assert.deepEqual(again.checked!.supported, [])
      assert.match(again.checked!.flagged.map(p => p.problems.join()).join(), /The words quoted are not in S\d/)
      assert.deepEqual(again.recorded, { pointsKept: 1, pointsFlagged: 2, citationsOk: 2, citationsFailed: 2 }, 'what was recorded at the time stays')
    })

    it('blanks the logged answers that were given the words of a person who is then erased', async () => {
      const answers = () => d.db.withTables<{ analysis_llm_call: { id: string; response_text: string | null } }>().selectFrom('analysis_llm_call').select(['id', 'response_text']).execute()
      const before = (await answers()).filter(a => a.response_text !== null && !a.response_text.startsWith('[Removed'))
      assert.ok(before.length > 0)
      const person = await d.db.withTables<{ panel_participant: { id: string; pseudonym: string } }>().selectFrom('panel_participant').select('id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()
      await onParticipantErased(deps, { participantId: person.id, deleteContributions: false })
      const after = await answers()
      assert.ok(after.every(a => a.response_text === null || a.response_text.startsWith('[Removed')), 'every answer given the forms segments is blanked')
      const audit = await d.db.selectFrom('audit_event').select('summary').where('action', '=', 'analysis.contributions_unlinked').execute()
      assert.match(audit[0]!.summary, new RegExp(`"draftsBlanked":${before.length}`))
    })
  })
}
