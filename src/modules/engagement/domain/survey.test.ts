import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { sealAuditEvents } from '../../../platform/audit/audit.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createEventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { changeSurveyQuestion, getSurveyBuilder, moveSurveyQuestion, removeSurveyQuestion } from './survey-builder.ts'
import { buildSmallSurvey, changeActivityStatus, linkAccount, panelMember, question, surveyActivity, SYSTEM } from './survey-fixtures.test-support.ts'
import { loadSurvey } from './survey-model.ts'
import {
  eligibilityOf,
  respondentHash,
  saveSurveyAnswer,
  startEntryOnBehalf,
  startOwnResponse,
  stateOf,
  submitSurveyResponse,
  type ResponseSubmittedEvent,
} from './survey-responses.ts'
import { getSurveyResults } from './survey-results.ts'

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const analyst: Actor = { userId: newId(), role: 'analyst', displayName: 'Test analyst' }

for (const dialect of TEST_DIALECTS) {
  describe(`surveys and polls (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    // Drafts (page saves, starts) do not wait for their events to be sealed into the chain: seal first (docs/adr/0007).
    const audit = async (action: string) => {
      await sealAuditEvents({ db: database.db, dialect: database.dialect })
      return database.db.selectFrom('audit_event').select(['subject_id', 'summary', 'actor_role']).where('action', '=', action).orderBy('seq').execute()
    }

    before(async () => {
      database = await createTestDatabase(dialect, { SMALL_NUMBER_THRESHOLD: '3' })
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    it('builds a survey in order, with a condition, audited; refuses a condition on a later question', async () => {
      const activityId = await surveyActivity(deps)
      const s = await buildSmallSurvey(deps, activityId)
      const view = await getSurveyBuilder(deps, analyst, activityId)
      assert.deepEqual(view.questions.map(q => q.text), ['Have you applied in the last year?', 'What went wrong?', 'How easy was it?', 'Which helped?'])
      assert.equal(view.questions[1]!.conditionText, 'Only if the answer to question 1 is “Yes”')
      assert.ok((await audit('engagement.survey_question_added')).length >= 4)
      // Moving Q2 above Q1 would make it depend on a later question.
      await assert.rejects(moveSurveyQuestion(deps, SYSTEM, activityId, s.q2, 'up'), hasCode('INVALID_STATE'))
      await assert.rejects(removeSurveyQuestion(deps, SYSTEM, activityId, s.q1), hasCode('INVALID_STATE'))
      await moveSurveyQuestion(deps, SYSTEM, activityId, s.q4, 'up')
      assert.deepEqual((await getSurveyBuilder(deps, analyst, activityId)).questions.map(q => q.id), [s.q1, s.q2, s.q4, s.q3])
      await assert.rejects(
        changeSurveyQuestion(deps, SYSTEM, activityId, s.q1, question({ sectionId: s.sectionId, text: 'Applied?', options: 'Maybe\nNo' })),
        hasCode('VALIDATION_FAILED'),
        'removing the option a condition depends on',
      )
      await assert.rejects(getSurveyBuilder(deps, { ...analyst, role: 'panel_member' }, activityId), hasCode('FORBIDDEN'))
    })

    it('lets a contactable panel member answer once, skips a condition not met, resumes, submits and publishes the free text', async () => {
      const activityId = await surveyActivity(deps)
      const s = await buildSmallSurvey(deps, activityId)
      const p = await panelMember(deps, { area: 'eastport' })
      const userId = newId()
      await linkAccount(deps, p.id, userId)
      const member: Actor = { userId, role: 'panel_member', displayName: 'Member' }
      const parts0 = await loadSurvey(deps.db, s.surveyId)
      assert.deepEqual(await eligibilityOf(deps, member, parts0.activity), { ok: false, reason: 'not_open' })
      await changeActivityStatus(deps, SYSTEM, activityId, 'open')
      const parts = await loadSurvey(deps.db, s.surveyId)
      assert.deepEqual(await eligibilityOf(deps, member, parts.activity), { ok: true, anonymous: false, participantId: p.id })
      assert.deepEqual(await eligibilityOf(deps, { ...member, userId: newId() }, parts.activity), { ok: false, reason: 'not_on_panel' })

      const r = await startOwnResponse(deps, member, s.surveyId, { participantId: p.id })
      assert.equal((await startOwnResponse(deps, member, s.surveyId, { participantId: p.id })).id, r.id, 'one response per person')
      const q = (id: string) => parts.questions.find(x => x.id === id)!
      await saveSurveyAnswer(deps, member, r, q(s.q1), 'o2')
      const state = await stateOf(deps, parts, r)
      assert.deepEqual(state.shown.map(x => x.id), [s.q1, s.q3, s.q4], 'No: "What went wrong?" is skipped')
      assert.equal(state.nextUnanswered?.id, s.q3, 'resumes at the first unanswered question')
      await saveSurveyAnswer(deps, member, r, q(s.q1), 'o1')
      await saveSurveyAnswer(deps, member, r, q(s.q2), 'The form timed out')
      await saveSurveyAnswer(deps, member, r, q(s.q3), 2)
      await assert.rejects(submitSurveyResponse(deps, member, r, createEventBus()), hasCode('INVALID_STATE'), 'Q4 not yet seen')
      await saveSurveyAnswer(deps, member, r, q(s.q4), null)
      const bus = createEventBus()
      const events: ResponseSubmittedEvent[] = []
      bus.subscribe('engagement.response_submitted', e => {
        events.push(e)
      })
      assert.equal(await submitSurveyResponse(deps, member, r, bus), true)
      assert.equal(await submitSurveyResponse(deps, member, r, bus), false, 'a second submit does nothing')
      assert.equal(events.length, 1)
      assert.deepEqual(events[0]!.freeText, [{ questionId: s.q2, question: 'What went wrong?', text: 'The form timed out' }])
      assert.equal(events[0]!.participantId, p.id)
      assert.equal((await audit('engagement.survey_answer_saved')).filter(a => a.subject_id === r.id).length, 5)
      assert.equal((await audit('engagement.survey_response_submitted')).filter(a => a.subject_id === r.id).length, 1)
      // Questions are fixed now; a hint can still be corrected.
      await assert.rejects(changeSurveyQuestion(deps, SYSTEM, activityId, s.q3, question({ sectionId: s.sectionId, type: 'scale', text: 'How hard was it?', scaleMinLabel: 'Very hard', scaleMaxLabel: 'Very easy' })), hasCode('INVALID_STATE'))
      await changeSurveyQuestion(deps, SYSTEM, activityId, s.q3, question({ sectionId: s.sectionId, type: 'scale', text: 'How easy was it?', hint: 'Think of the last time', scaleMinLabel: 'Very hard', scaleMaxLabel: 'Very easy' }))
      assert.equal((await getSurveyBuilder(deps, analyst, activityId)).locked, true)
    })

    it('takes anonymous answers to a public poll, one response per respondent, with no audit of page saves', async () => {
      const activityId = await surveyActivity(deps, { kind: 'poll', audience: 'public' })
      const s = await buildSmallSurvey(deps, activityId)
      await changeActivityStatus(deps, SYSTEM, activityId, 'open')
      const parts = await loadSurvey(deps.db, s.surveyId)
      const visitor: Actor = { userId: null, role: 'public', displayName: 'Public' }
      assert.deepEqual(await eligibilityOf(deps, visitor, parts.activity), { ok: true, anonymous: true })
      const hash = respondentHash(s.surveyId, 'token-one-abcdefghijklmnop')
      const r = await startOwnResponse(deps, visitor, s.surveyId, { respondentHash: hash })
      assert.equal(r.participant_id, null)
      assert.notEqual(respondentHash(s.surveyId, 'token-one-abcdefghijklmnop'), respondentHash(newId(), 'token-one-abcdefghijklmnop'), 'polls cannot be linked')
      await saveSurveyAnswer(deps, visitor, r, parts.questions[0]!, 'o2')
      assert.equal((await audit('engagement.survey_answer_saved')).filter(a => a.subject_id === r.id).length, 0)
      assert.equal((await audit('engagement.survey_response_started')).filter(a => a.subject_id === r.id).length, 1)
    })

    it('records staff entry on a member’s behalf, and refuses a second response', async () => {
      const activityId = await surveyActivity(deps, { audience: 'selection', audienceDetail: 'People who applied by phone' })
      const s = await buildSmallSurvey(deps, activityId)
      await changeActivityStatus(deps, SYSTEM, activityId, 'open')
      const p = await panelMember(deps)
      const parts = await loadSurvey(deps.db, s.surveyId)
      assert.deepEqual(await eligibilityOf(deps, { userId: newId(), role: 'panel_member', displayName: 'x' }, parts.activity), { ok: false, reason: 'staff_only' })
      await assert.rejects(startEntryOnBehalf(deps, analyst, s.surveyId, { pseudonym: 'P-ZZZZZZ', channel: 'phone' }), hasCode('VALIDATION_FAILED'))
      await assert.rejects(startEntryOnBehalf(deps, { ...analyst, role: 'panel_member' }, s.surveyId, { pseudonym: p.pseudonym, channel: 'phone' }), hasCode('FORBIDDEN'))
      const r = await startEntryOnBehalf(deps, analyst, s.surveyId, { pseudonym: p.pseudonym.toLowerCase(), channel: 'phone' })
      assert.equal(r.entered_by_user_id, analyst.userId)
      assert.equal(r.channel, 'phone')
      assert.equal((await startEntryOnBehalf(deps, analyst, s.surveyId, { pseudonym: p.pseudonym, channel: 'phone' })).id, r.id, 'carries on the same entry')
      await assert.rejects(startEntryOnBehalf(deps, { ...analyst, userId: newId() }, s.surveyId, { pseudonym: p.pseudonym, channel: 'paper' }), hasCode('VALIDATION_FAILED'))
      const q = parts.questions
      await saveSurveyAnswer(deps, analyst, r, q[0]!, 'o2')
      await saveSurveyAnswer(deps, analyst, r, q[2]!, 5)
      await saveSurveyAnswer(deps, analyst, r, q[3]!, ['o2'])
      await submitSurveyResponse(deps, analyst, r, createEventBus())
      const entered = await audit('engagement.survey_response_entered_on_behalf')
      assert.ok(entered.some(a => a.subject_id === r.id && JSON.parse(a.summary).onBehalfOf === p.id))
      await assert.rejects(startEntryOnBehalf(deps, analyst, s.surveyId, { pseudonym: p.pseudonym, channel: 'phone' }), /already answered/)
    })

    it('counts results with percentages, and suppresses small numbers in a breakdown (with secondary suppression)', async () => {
      const activityId = await surveyActivity(deps)
      const s = await buildSmallSurvey(deps, activityId)
      await changeActivityStatus(deps, SYSTEM, activityId, 'open')
      const parts = await loadSurvey(deps.db, s.surveyId)
      const q = parts.questions
      // 4 in Eastport (3 Yes, 1 No), 4 in Westport (all No). Threshold 3.
      const plan: [string, string][] = [['eastport', 'o1'], ['eastport', 'o1'], ['eastport', 'o1'], ['eastport', 'o2'], ['westhaven', 'o2'], ['westhaven', 'o2'], ['westhaven', 'o2'], ['westhaven', 'o2']]
      for (const [area, yesNo] of plan) {
        const p = await panelMember(deps, { area })
        const r = await startEntryOnBehalf(deps, analyst, s.surveyId, { pseudonym: p.pseudonym, channel: 'paper' })
        await saveSurveyAnswer(deps, analyst, r, q[0]!, yesNo)
        if (yesNo === 'o1') await saveSurveyAnswer(deps, analyst, r, q[1]!, `Story from ${area}`)
        await saveSurveyAnswer(deps, analyst, r, q[2]!, 4)
        await saveSurveyAnswer(deps, analyst, r, q[3]!, null)
        await submitSurveyResponse(deps, analyst, r, createEventBus())
      }
      const results = await getSurveyResults(deps, analyst, s.surveyId, 'area')
      assert.equal(results.responses, 8)
      const first = results.questions[0]!
      assert.equal(first.answered, 8)
      assert.deepEqual(first.rows.map(r => [r.label, r.count, r.percent]), [['Yes', 3, 37.5], ['No', 5, 62.5]])
      const b = first.breakdown!
      const col = (code: string) => b.columns.findIndex(c => c.code === code)
      const east = col('eastport')
      // Eastport "No" is 1 (hidden); then Eastport "Yes" (3) must go too, or 4 - 3 gives it away.
      assert.equal(b.rows[1]!.cells[east]!.count, null)
      assert.equal(b.rows[0]!.cells[east]!.count, null)
      assert.equal(b.suppressed, true)
      assert.equal(results.questions[1]!.texts.length, 3)
      assert.match(results.questions[1]!.texts[0]!.who, /^P-/)
      assert.equal(results.questions[2]!.mean, 4)
      await assert.rejects(getSurveyResults(deps, analyst, s.surveyId, 'benefits'), hasCode('VALIDATION_FAILED'), 'a multi-valued dimension')
    })
  })
}
