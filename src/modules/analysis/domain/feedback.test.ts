// "You said, we did" summaries on every dialect in TEST_DIALECTS: the reading-age hint; writing a summary (both parts,
// length limits, analysts only); who took part (panel members whose evidence is in the analysis, never anonymous
// notes); sending it to engagement as a "ready" update with those people, in one transaction with the summary marked
// sent; a sent summary is final; audited without its text.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { addSession, createActivity } from '../../engagement/index.ts'
import { captureNotes } from '../../evidence/index.ts'
import { changeConsents, registerParticipant } from '../../panel/index.ts'
import { changeFeedback, createFeedback, getFeedback, listProjectFeedback, peopleWhoTookPart, readingHint, sendFeedback, syllables } from './feedback.ts'
import { createProject, takeInEvidence } from './projects.ts'

const SYSTEM = systemActor('feedback tests')
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const MEMBER: Actor = { userId: newId(), role: 'panel_member', displayName: 'Member' }

const problems = (fields: string[]) => (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED', String(err))
  assert.deepEqual(err.fieldErrors.map(e => e.field), fields)
  return true
}
const code = (c: string) => (err: unknown) => err instanceof AppError && err.code === c

describe('the reading-age hint', () => {
  it('counts syllables roughly, and gives plain text a lower reading age than long, formal text', () => {
    assert.deepEqual(['form', 'waited', 'application', 'the', 'people'].map(syllables), [1, 2, 4, 1, 2])
    const plain = readingHint('You told us the form was too long. We cut it to four pages. You can now apply by phone.')
    const formal = readingHint(
      'Respondents consistently indicated that the administrative documentation associated with the application procedure was excessively lengthy and insufficiently comprehensible, necessitating considerable organisational intervention.',
    )
    assert.equal(plain.sentences, 3)
    assert.ok(plain.readingAge! <= 11, `plain: ${plain.readingAge}`)
    assert.match(plain.message, /most people can read this easily/)
    assert.ok(formal.readingAge! > plain.readingAge!)
    assert.match(formal.message, /aim for 11 or under, so use shorter sentences \(15 words or fewer\) and use shorter, everyday words/)
    assert.equal(readingHint('  ').readingAge, null)
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: you said, we did summaries`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let projectId = ''
    let emptyProjectId = ''
    let feedbackId = ''
    const people: string[] = []

    before(async () => {
      d = await createTestDatabase(dialect)
      deps = { config: d.config, db: d.db, dialect: d.dialect, clock: { now: () => new Date() }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      const { id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'workshop', title: 'Workshop: applying', purpose: 'To hear what made applying hard', audience: 'whole_panel', audienceDetail: '',
        commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
        mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 20, accessibility: '',
      })
      for (const name of ['Ann Person', 'Bob Person']) {
        const p = await registerParticipant(deps, SYSTEM, { fullName: name, phone: '07700 900555', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
        await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }], { channel: 'phone' })
        people.push(p.id)
        // Two notes from Ann: she is one person who took part.
        for (let i = 0; i < (name === 'Ann Person' ? 2 : 1); i++) {
          await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: p.pseudonym, body: `The form was too long, note ${i + 1}.`, notToBeQuoted: false })
        }
      }
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: 'Someone said the wait was too long.', notToBeQuoted: false })
      ;({ id: projectId } = await createProject(deps, ANALYST, { title: 'Applying', purpose: 'What made applying hard?', channel: 'workshop', activityId, questionId: '' }))
      await takeInEvidence(deps, ANALYST, projectId)
      ;({ id: emptyProjectId } = await createProject(deps, ANALYST, { title: 'Nothing yet', purpose: 'An analysis with no evidence', channel: '', activityId: '', questionId: '' }))
    })
    after(() => d.close())

    it('writes a summary only for analysts, with both parts, within the limits', async () => {
      await assert.rejects(createFeedback(deps, MEMBER, projectId, { title: 'T', youSaid: 'a', weDid: 'b' }), code('FORBIDDEN'))
      await assert.rejects(createFeedback(deps, MANAGER, projectId, { title: 'T', youSaid: 'a', weDid: 'b' }), code('FORBIDDEN'))
      await assert.rejects(createFeedback(deps, ANALYST, projectId, { title: '', youSaid: ' ', weDid: '' }), problems(['title', 'youSaid', 'weDid']))
      await assert.rejects(createFeedback(deps, ANALYST, projectId, { title: 'x'.repeat(121), youSaid: 'y'.repeat(1501), weDid: 'ok' }), problems(['title', 'youSaid']))
      await assert.rejects(createFeedback(deps, ANALYST, newId(), { title: 'T', youSaid: 'a', weDid: 'b' }), code('NOT_FOUND'))
      ;({ id: feedbackId } = await createFeedback(deps, ANALYST, projectId, { title: ' Applying for help ', youSaid: 'The form was too long.', weDid: 'We will cut it.' }))
      await changeFeedback(deps, ANALYST, projectId, feedbackId, { title: 'Applying for help', youSaid: 'The form was too long.', weDid: 'We cut it to four pages.' })
      const f = await getFeedback(deps, ANALYST, projectId, feedbackId)
      assert.deepEqual([f.title, f.weDid, f.status], ['Applying for help', 'We cut it to four pages.', 'draft'])
      assert.equal((await listProjectFeedback(deps, ANALYST, projectId)).length, 1)
      await assert.rejects(getFeedback(deps, ANALYST, emptyProjectId, feedbackId), code('NOT_FOUND'))
    })

    it('knows who took part: the panel members whose evidence is in the analysis, never anonymous notes', async () => {
      assert.deepEqual((await peopleWhoTookPart(deps, ANALYST, projectId)).sort(), [...people].sort())
      assert.deepEqual(await peopleWhoTookPart(deps, ANALYST, emptyProjectId), [])
    })

    it('sends it to engagement as a ready update for those people, marked sent in the same transaction', async () => {
      await assert.rejects(sendFeedback(deps, MANAGER, projectId, feedbackId), code('FORBIDDEN'))
      const report = await sendFeedback(deps, ANALYST, projectId, feedbackId)
      assert.equal(report.people, 2)
      const rows = await sql<{ status: string; title: string; source_type: string; source_id: string; participant_ids_json: string }>`select status, title, source_type, source_id, participant_ids_json from engagement_update where id = ${report.updateId}`.execute(d.db)
      const update = rows.rows[0]!
      assert.deepEqual([update.status, update.title, update.source_type, update.source_id], ['ready', 'Applying for help', 'analysis_feedback', feedbackId])
      assert.deepEqual((JSON.parse(update.participant_ids_json) as string[]).sort(), [...people].sort())
      const f = await getFeedback(deps, ANALYST, projectId, feedbackId)
      assert.equal(f.status, 'sent')
      assert.deepEqual(f.sentReport, report)
      await assert.rejects(sendFeedback(deps, ANALYST, projectId, feedbackId), problems(['send']))
      await assert.rejects(changeFeedback(deps, ANALYST, projectId, feedbackId, { title: 'T', youSaid: 'a', weDid: 'b' }), code('INVALID_STATE'))
      const events = await d.db.selectFrom('audit_event').select(['action', 'summary']).where('action', 'in', ['analysis.feedback_created', 'analysis.feedback_changed', 'analysis.feedback_sent', 'engagement.update_received']).execute()
      assert.deepEqual(events.map(e => e.action).sort(), ['analysis.feedback_changed', 'analysis.feedback_created', 'analysis.feedback_sent', 'engagement.update_received'])
      assert.doesNotMatch(events.map(e => e.summary).join(' '), /form was too long|Ann Person/)
    })

    it('will not send a summary when no panel member took part', async () => {
      const { id } = await createFeedback(deps, ANALYST, emptyProjectId, { title: 'Nothing', youSaid: 'Nothing yet.', weDid: 'Nothing yet.' })
      await assert.rejects(sendFeedback(deps, ANALYST, emptyProjectId, id), problems(['send']))
      assert.equal((await getFeedback(deps, ANALYST, emptyProjectId, id)).status, 'draft')
    })
  })
}
