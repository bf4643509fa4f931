// The analysis workflow on every dialect in TEST_DIALECTS: a project takes in the evidence in its scope and prepares
// it (personal details hidden until reviewed, segments, duplicates), the codebook (hierarchy, checks, versions,
// retiring), coding a segment (replace, reviewed, audited), the next segment, redaction review (keep, show, add),
// suggestions learnt from the analyst's own coding and accepted in bulk, re-preparing changed evidence, erasure.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fieldProblem as problem } from '../../../../test/support/app-errors.ts'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { addSession, createActivity } from '../../engagement/index.ts'
import { captureNotes, changeNotes } from '../../evidence/index.ts'
import { changeConsents, registerParticipant } from '../../panel/index.ts'
import { addCode, changeCode, getCodebook, publishCodebook, setCodeRetired } from './codebook.ts'
import { codeSegment, getCodingPage, loadProjectSegments, nextSegmentToCode } from './coding.ts'
import { onParticipantErased } from './erasure.ts'
import { exploreByWords } from './explore.ts'
import { createProject, getProjectOverview, takeInEvidence } from './projects.ts'
import { getRedactionQueue, getRedactionReview, reviewRedactions } from './redactions.ts'
import { acceptBulkSuggestions, bulkOffersForCode, getSuggestionOverview, runSuggestions } from './suggestions.ts'

const SYSTEM = systemActor('analysis tests')
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst A' }
const SECOND: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst B' }
const MEMBER: Actor = { userId: newId(), role: 'panel_member', displayName: 'Member' }

let clock = new Date('2027-04-01T09:00:00.000Z')
const later = () => {
  clock = new Date(clock.getTime() + 60_000)
}

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date(clock) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
}

async function workshop(deps: AppDeps) {
  const { id: activityId } = await createActivity(deps, SYSTEM, {
    roundId: null, kind: 'workshop', title: `Workshop ${newId().slice(-4)}`, purpose: 'To hear what made applying hard', audience: 'whole_panel', audienceDetail: '',
    commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
  })
  const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
    mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 20, accessibility: '',
  })
  return { activityId, sessionId }
}

const STAFF_POSITIVE = ['The staff were kind and helpful.', 'Staff listened and were friendly to me.', 'Really helpful staff on the phone.', 'The adviser was kind and patient with me.']
const WAITING = ['I waited months for a decision.', 'The wait for an answer was far too long.', 'Waiting times on the phone are terrible.', 'It took ages to hear back about my claim.']

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: analysis`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let activityId: string
    let sessionId: string
    let projectId: string
    let person: { id: string; pseudonym: string }

    before(async () => {
      d = await createTestDatabase(dialect)
      deps = depsOf(d)
      ;({ activityId, sessionId } = await workshop(deps))
      const p = await registerParticipant(deps, SYSTEM, { fullName: 'Analysis Person', phone: '07700 900555', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
      await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }, { purpose: 'quotes', given: true }], { channel: 'phone' })
      person = { id: p.id, pseudonym: p.pseudonym }
      // One person's notes with personal details; group notes about staff and waiting, some of them the same text.
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: person.pseudonym, body: 'My name is Jamie Rivers and my number is 07700 900123. The staff were kind and helpful. I waited months for a decision.', notToBeQuoted: false })
      for (let i = 0; i < 24; i++) {
        later()
        const body = `${STAFF_POSITIVE[i % 4]} ${i % 3 === 0 ? WAITING[i % 4] : ''}`.trim()
        await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body, notToBeQuoted: false })
      }
      for (let i = 0; i < 3; i++) await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'I waited months for a decision and nobody told me why.', notToBeQuoted: false })
    })
    after(() => d.close())

    it('starts an analysis only with a title and a purpose, and only for analysts', async () => {
      await assert.rejects(createProject(deps, ANALYST, { title: ' ', purpose: '', channel: 'nonsense', activityId: '', questionId: 'x' }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['title', 'purpose', 'channel', 'questionId'])
        return true
      })
      await assert.rejects(createProject(deps, MEMBER, { title: 'T', purpose: 'P', channel: '', activityId: '', questionId: '' }), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
      ;({ id: projectId } = await createProject(deps, ANALYST, { title: 'Applying: what was hard', purpose: 'What made applying hard?', channel: 'workshop', activityId, questionId: '' }))
      const events = await d.db.selectFrom('audit_event').select(['action', 'subject_id']).where('action', '=', 'analysis.project_created').execute()
      assert.deepEqual(events.map(e => e.subject_id), [projectId])
    })

    it('takes in the evidence in scope, prepared: personal details hidden, segments, duplicates grouped', async () => {
      const report = await takeInEvidence(deps, ANALYST, projectId)
      assert.equal(report.added, 28)
      assert.ok(report.segments > 28, 'long items are split into sentences')
      assert.ok(report.redactionsFound >= 2, 'the name and the phone number')
      assert.ok(report.duplicateGroups >= 1, 'the three identical notes')
      const again = await takeInEvidence(deps, ANALYST, projectId)
      assert.deepEqual([again.added, again.preparedAgain, again.removed], [0, 0, 0], 'taking in again adds nothing twice')
      const o = await getProjectOverview(deps, ANALYST, projectId)
      assert.equal(o.items, 28)
      assert.equal(o.redactionsToReview, 1)
      // Downstream, the analysis sees the redacted text only.
      const { segments } = await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)
      const all = segments.map(s => s.text).join(' ')
      assert.ok(!all.includes('07700 900123') && !all.includes('Jamie Rivers'), all.slice(0, 300))
      assert.match(all, /\[phone number\]/)
    })

    it('groups the segments by shared words (in a worker thread), on redacted text, labelled by their words', async () => {
      const e = await exploreByWords(deps, ANALYST, projectId, 4)
      assert.ok(e.segments > 28)
      assert.ok(e.groups.length >= 2 && e.groups.length <= 4, JSON.stringify(e.groups.map(g => g.label)))
      assert.equal(e.groups.reduce((n, g) => n + g.size, 0) + e.ungrouped, e.segments)
      const all = e.groups.flatMap(g => [g.label, ...g.words, ...g.typical.map(t => t.text)]).join(' ')
      assert.match(all, /staff|wait/i)
      assert.doesNotMatch(all, /07700 900123/, 'only redacted text is grouped')
      assert.deepEqual(await exploreByWords(deps, ANALYST, projectId, 4), e, 'the same groups every time')
    })

    it('shows the hidden details for review; the reviewer keeps, shows again, or hides more', async () => {
      const q = await getRedactionQueue(deps, ANALYST, projectId)
      assert.equal(q.toReview, 1)
      const itemId = q.items[0]!.itemId
      const review = await getRedactionReview(deps, ANALYST, projectId, itemId)
      const phone = review.redactions.find(r => r.kind === 'phone')!
      assert.equal(phone.hidden, '07700 900123')
      await assert.rejects(reviewRedactions(deps, ANALYST, projectId, itemId, { keep: {}, add: 'not in the text', addKind: 'name' }), problem('add', /not in the text/))
      const keep = Object.fromEntries(review.redactions.map(r => [r.id, r.kind === 'phone']))
      const r = await reviewRedactions(deps, ANALYST, projectId, itemId, { keep, add: 'decision', addKind: 'name' })
      assert.equal(r.added, 1)
      const after = await getRedactionReview(deps, ANALYST, projectId, itemId)
      assert.equal(after.reviewed, true)
      assert.match(after.redactedText, /\[phone number\]/)
      assert.doesNotMatch(after.redactedText, /decision/)
      assert.equal((await getRedactionQueue(deps, ANALYST, projectId)).toReview, 0)
      const audit = await d.db.selectFrom('audit_event').select('summary').where('action', '=', 'analysis.redactions_reviewed').execute()
      assert.equal(audit.length, 1)
      assert.doesNotMatch(audit[0]!.summary, /07700|Jamie/, 'the audit trail never holds the hidden words')
    })

    let staff: string
    let kind: string
    let waiting: string
    it('keeps a hierarchical codebook with checks, versions and retired codes', async () => {
      ;({ id: staff } = await addCode(deps, ANALYST, projectId, { name: 'Staff', parentId: '', description: 'About the people', examples: '' }))
      ;({ id: kind } = await addCode(deps, ANALYST, projectId, { name: 'Kind staff', parentId: staff, description: 'Staff were kind or helpful', examples: 'The staff were kind\nHelpful adviser' }))
      ;({ id: waiting } = await addCode(deps, ANALYST, projectId, { name: 'Waiting', parentId: '', description: 'Delays', examples: '' }))
      await assert.rejects(addCode(deps, ANALYST, projectId, { name: 'waiting', parentId: '', description: '', examples: '' }), problem('name', /already a code called/))
      await assert.rejects(changeCode(deps, ANALYST, staff, { name: 'Staff', parentId: kind, description: '', examples: '' }), problem('parentId', /under itself/))
      await assert.rejects(publishCodebook(deps, ANALYST, projectId, ''), problem('note', /what changed/))
      assert.deepEqual(await publishCodebook(deps, ANALYST, projectId, 'First version'), { version: 1 })
      const { id: spare } = await addCode(deps, ANALYST, projectId, { name: 'Spare', parentId: '', description: '', examples: '' })
      await setCodeRetired(deps, ANALYST, spare, true)
      const book = await getCodebook(deps, ANALYST, projectId)
      assert.deepEqual(book.codes.map(c => [c.path, c.depth, c.retired]), [['Staff', 0, false], ['Staff › Kind staff', 1, false], ['Waiting', 0, false], ['Spare', 0, true]])
      assert.equal(book.version, 1)
      assert.equal(book.changedSinceVersion, true)
      assert.deepEqual(book.codes[1]!.examples, ['The staff were kind', 'Helpful adviser'])
    })

    it('codes a segment for one analyst at a time, replacing their codes and marking it reviewed', async () => {
      const first = (await nextSegmentToCode(deps, ANALYST, projectId))!
      const page = await getCodingPage(deps, ANALYST, projectId, first)
      assert.equal(page.reviewed, false)
      assert.ok(page.context.some(s => s.current))
      await codeSegment(deps, ANALYST, projectId, first, [kind, waiting])
      const r = await codeSegment(deps, ANALYST, projectId, first, [kind])
      assert.deepEqual(r, { added: [], removed: [waiting], segments: 1 })
      const again = await getCodingPage(deps, ANALYST, projectId, first)
      assert.deepEqual(again.codes.filter(c => c.checked).map(c => c.id), [kind])
      assert.equal(again.reviewed, true)
      assert.notEqual(await nextSegmentToCode(deps, ANALYST, projectId), first)
      // A whole item at once: every one of its segments gets the codes and counts as done.
      const { segments: all } = await loadProjectSegments(deps, SECOND, projectId, SECOND.userId)
      const longItem = all.find(s => all.filter(o => o.itemId === s.itemId).length > 1)!
      const whole = await codeSegment(deps, SECOND, projectId, longItem.segmentId, [waiting], 'analyst', 'item')
      const ofItem = all.filter(o => o.itemId === longItem.itemId)
      assert.equal(whole.segments, ofItem.length)
      for (const s of ofItem) {
        const p = await getCodingPage(deps, SECOND, projectId, s.segmentId)
        assert.deepEqual([p.reviewed, p.codes.filter(c => c.checked).map(c => c.id)], [true, [waiting]])
      }
      await d.db.deleteFrom('analysis_review' as never).where('coder_user_id' as never, '=', SECOND.userId as never).execute()
      await d.db.deleteFrom('analysis_coding' as never).where('coder_user_id' as never, '=', SECOND.userId as never).execute()
      // The second analyst's coding is their own.
      assert.equal(await nextSegmentToCode(deps, SECOND, projectId), first)
      const retired = (await getCodebook(deps, ANALYST, projectId)).codes.find(c => c.retired)!.id
      await assert.rejects(codeSegment(deps, ANALYST, projectId, first, [kind, retired]), problem('codes', /retired/))
      await assert.rejects(codeSegment(deps, MEMBER, projectId, first, []), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
    })

    it('suggests codes learnt from the analyst’s own coding, explains them, and accepts them in bulk', async () => {
      await assert.rejects(runSuggestions(deps, ANALYST, projectId), problem('run', /at least 20/))
      const { segments } = await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)
      // Code segments by what they say, as an analyst would, leaving the rest for suggestions.
      const toCode = segments.filter(s => !s.reviewed).slice(0, 30)
      for (const s of toCode) {
        const codes = [...(/staff|adviser/i.test(s.text) ? [kind] : []), ...(/wait|ages|long/i.test(s.text) ? [waiting] : [])]
        await codeSegment(deps, ANALYST, projectId, s.segmentId, codes)
      }
      const run = await runSuggestions(deps, ANALYST, projectId)
      assert.ok(run.trainedOn >= 20)
      const overview = await getSuggestionOverview(deps, ANALYST, projectId)
      assert.ok(overview.run)
      const remaining = segments.filter(s => !s.reviewed && !toCode.includes(s))
      if (remaining.length > 0) assert.ok(run.suggested > 0, 'suggestions for segments not yet coded')
      for (const b of overview.bulkByCode) {
        const offers = await bulkOffersForCode(deps, ANALYST, projectId, b.codeId)
        assert.equal(offers.length, b.count)
        assert.ok(offers.every(o => o.bulk && o.why.words.length >= 0))
      }
      const someCode = overview.bulkByCode[0]
      if (someCode) {
        const offers = await bulkOffersForCode(deps, ANALYST, projectId, someCode.codeId)
        const { accepted } = await acceptBulkSuggestions(deps, ANALYST, projectId, someCode.codeId, [offers[0]!.segmentId, 'not-offered'])
        assert.equal(accepted, 1)
        const coded = await d.db.selectFrom('analysis_coding' as never).selectAll().where('origin' as never, '=', 'bulk' as never).execute()
        assert.equal(coded.length, 1)
        await assert.rejects(acceptBulkSuggestions(deps, ANALYST, projectId, someCode.codeId, [offers[0]!.segmentId]), problem('segments', /already been dealt with/))
      }
    })

    it('prepares an item again when its evidence text changed, and drops its old coding', async () => {
      const evidence = await d.db.selectFrom('evidence_item' as never).select(['id' as never]).where('body' as never, 'like' as never, 'I waited months for a decision and nobody%' as never).execute()
      const target = (evidence[0] as { id: string }).id
      later()
      await changeNotes(deps, SYSTEM, target, { kind: 'note', pseudonym: '', body: 'I waited a year. Nobody called me back at all.', notToBeQuoted: false })
      const r = await takeInEvidence(deps, ANALYST, projectId)
      assert.equal(r.preparedAgain, 1)
      assert.equal(r.added, 0)
    })

    it('removes an erased person’s items (or unlinks them), with their quotes', async () => {
      const before = await getProjectOverview(deps, ANALYST, projectId)
      assert.equal(await onParticipantErased(deps, { participantId: person.id, deleteContributions: true }), 1)
      const after = await getProjectOverview(deps, ANALYST, projectId)
      assert.equal(after.items, before.items - 1)
      const audit = await d.db.selectFrom('audit_event').select(['subject_id', 'summary']).where('action', '=', 'analysis.contributions_deleted').execute()
      assert.deepEqual(audit.map(a => a.subject_id), [person.id])
      assert.equal(await onParticipantErased(deps, { participantId: person.id, deleteContributions: true }), 0, 'a second run changes nothing')
    })
  })
}
