// The evidence store on every dialect in TEST_DIALECTS: notes captured against a session (group or one person, the
// consent to quote snapshot, every problem at once), change and remove with audit events, lists with filters and
// stakeholder input apart, survey free text taken in by the event handler and by the catch-up job (exactly one item
// per answer, even when both run at once), and erasure (delete, or unlink and never quote).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createEventBus, type EventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import {
  addSession,
  addSurveyQuestion,
  addSurveySection,
  changeActivityStatus,
  createActivity,
  getSurveyBuilder,
  getSurveyForAnswering,
  saveSurveyAnswer,
  saveSurveyIntro,
  startEntryOnBehalf,
  listFreeTextAnswers,
  submitSurveyResponse,
  type ActivityInput,
  type FreeTextCursor,
} from '../../engagement/index.ts'
import { changeConsents, eraseParticipant, registerParticipant } from '../../panel/index.ts'
import { insertItem } from '../data/evidence.repository.ts'
import { onParticipantErased, subscribeToErasure } from './erasure.ts'
import { captureNotes, changeNotes, removeNotes } from './notes.ts'
import { getEvidenceItem, getSessionEvidence, listEvidence } from './queries.ts'
import { importSurveyAnswers, onResponseSubmitted, provenanceOf, subscribeToSurveyAnswers, surveyAnswerRef, takeInSurveyAnswers } from './survey-answers.ts'

const SYSTEM = systemActor('evidence tests')
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const STAKEHOLDER: Actor = { userId: newId(), role: 'stakeholder', displayName: 'Stakeholder' }

let clock = new Date('2027-03-10T12:00:00.000Z')
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * 60_000)
}

function depsOf(database: TestDatabase): AppDeps {
  return {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: { now: () => new Date(clock) },
    mailer: { send: async () => {}, close: () => {} },
    logger: createLogger('silent'),
  }
}

const problems = (expected: [string, string | RegExp][]) => (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED', String(err))
  assert.deepEqual(err.fieldErrors.map(e => e.field), expected.map(e => e[0]))
  for (const [i, [, m]] of expected.entries()) {
    if (typeof m === 'string') assert.equal(err.fieldErrors[i]!.message, m)
    else assert.match(err.fieldErrors[i]!.message, m)
  }
  return true
}
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

let serial = 0
const activity = (over: Partial<ActivityInput>): ActivityInput => ({
  roundId: null,
  kind: 'workshop',
  title: `Activity ${++serial}`,
  purpose: 'To hear what made applying hard',
  audience: 'whole_panel',
  audienceDetail: '',
  commissionedBy: 'research_team',
  commissioningDecision: '',
  opensOn: null,
  closesOn: null,
  ...over,
})

async function workshopSession(deps: AppDeps, kind: ActivityInput['kind'] = 'workshop'): Promise<{ activityId: string; sessionId: string }> {
  const { id: activityId } = await createActivity(deps, SYSTEM, activity({ kind }))
  const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
    mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre',
    address: '', joiningDetails: '', capacity: 20, accessibility: '',
  })
  return { activityId, sessionId }
}

async function member(deps: AppDeps, quotes: boolean | null, demographics: Record<string, string> = { area: 'northshire_city', age_band: '25_34' }) {
  serial += 1
  const p = await registerParticipant(deps, SYSTEM, { fullName: `Evidence Person ${serial}`, phone: `07700 9${String(20000 + serial).slice(-5)}`, preferredChannel: 'phone', joinedVia: 'phone', demographics })
  const answers = [{ purpose: 'contact_research' as const, given: true }, ...(quotes === null ? [] : [{ purpose: 'quotes' as const, given: quotes }])]
  await changeConsents(deps, SYSTEM, p.id, answers, { channel: 'phone' })
  return { id: p.id, pseudonym: p.pseudonym }
}

/** An open survey (or poll) with a free-text question and a choice question. */
async function openSurvey(deps: AppDeps, over: Partial<ActivityInput> = {}) {
  const { id: activityId } = await createActivity(deps, SYSTEM, activity({ kind: 'survey', ...over }))
  await saveSurveyIntro(deps, SYSTEM, activityId, 'Tell us about applying.')
  const { id: sectionId } = await addSurveySection(deps, SYSTEM, activityId, { title: 'Applying', description: '' })
  const base = { hint: '', easyRead: '', options: '', rows: '', scaleMin: '1', scaleMax: '5', scaleMinLabel: '', scaleMaxLabel: '' }
  await addSurveyQuestion(deps, SYSTEM, activityId, { ...base, sectionId, type: 'single_choice', text: 'Did you apply?', required: true, options: 'Yes\nNo' })
  await addSurveyQuestion(deps, SYSTEM, activityId, { ...base, sectionId, type: 'free_text', text: 'What went wrong?', required: false })
  await addSurveyQuestion(deps, SYSTEM, activityId, { ...base, sectionId, type: 'free_text', text: 'What would help?', required: false })
  await changeActivityStatus(deps, SYSTEM, activityId, 'open')
  const surveyId = (await getSurveyBuilder(deps, SYSTEM, activityId)).surveyId!
  return { activityId, surveyId }
}

/** Staff enter a member's answers from a phone call and send them, on `bus`. Returns the response id. */
async function answerByPhone(deps: AppDeps, surveyId: string, pseudonym: string, texts: [string, string], bus: EventBus): Promise<string> {
  const parts = await getSurveyForAnswering(deps, surveyId)
  const response = await startEntryOnBehalf(deps, ANALYST, surveyId, { pseudonym, channel: 'phone' })
  await saveSurveyAnswer(deps, ANALYST, response, parts.questions[0]!, 'o1')
  await saveSurveyAnswer(deps, ANALYST, response, parts.questions[1]!, texts[0])
  await saveSurveyAnswer(deps, ANALYST, response, parts.questions[2]!, texts[1])
  await submitSurveyResponse(deps, ANALYST, response, bus)
  return response.id
}

describe('survey answer provenance (no database)', () => {
  it('makes a public poll’s answers public input, and a panel survey’s or poll’s lived experience', () => {
    assert.deepEqual(provenanceOf({ activityKind: 'poll', audience: 'public' }), { channel: 'public_input', role: 'public' })
    assert.deepEqual(provenanceOf({ activityKind: 'poll', audience: 'whole_panel' }), { channel: 'poll', role: 'lived_experience' })
    assert.deepEqual(provenanceOf({ activityKind: 'survey', audience: 'core_group' }), { channel: 'survey', role: 'lived_experience' })
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`evidence store (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const auditOf = (action: string) => database.db.selectFrom('audit_event').select(['subject_id', 'summary', 'actor_role']).where('action', '=', action).orderBy('seq').execute()
    const itemsOf = (participantId: string) => database.db.withTables<{ evidence_item: { participant_id: string | null; id: string } }>().selectFrom('evidence_item').select('id').where('participant_id', '=', participantId).execute()

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())

    it('captures group notes against a session: lived experience, never quotable, said when the session was', async () => {
      const { activityId, sessionId } = await workshopSession(deps)
      const { id } = await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: '', body: '  People said the forms were long.\r\nSome gave up.  ', notToBeQuoted: false })
      const item = await getEvidenceItem(deps, ANALYST, id)
      assert.equal(item.channel, 'workshop')
      assert.equal(item.kind, 'note')
      assert.equal(item.sourceRole, 'lived_experience')
      assert.equal(item.consentToQuote, 'not_asked')
      assert.equal(item.quotable, false)
      assert.equal(item.participantId, null)
      assert.equal(item.entry, 'staff_notes')
      assert.equal(item.enteredByUserId, ANALYST.userId)
      assert.equal(item.body, 'People said the forms were long.\nSome gave up.')
      assert.equal(item.activityId, activityId)
      assert.equal(item.capturedAt, '2027-03-01T10:00:00.000Z')
      assert.equal(item.sourceRef, `notes:${id}`)
      const audit = (await auditOf('evidence.notes_captured')).filter(a => a.subject_id === id)
      assert.equal(audit.length, 1)
      assert.doesNotMatch(String(audit[0]!.summary), /forms were long/)
    })

    it('takes an interview participant’s consent to quote and panel answers at the time, unless they asked not to be quoted', async () => {
      const { sessionId } = await workshopSession(deps, 'interview')
      const yes = await member(deps, true)
      const no = await member(deps, false)
      const never = await member(deps, null, {})
      const a = await captureNotes(deps, MANAGER, sessionId, { kind: 'transcript', pseudonym: yes.pseudonym.toLowerCase(), body: 'I waited six weeks.', notToBeQuoted: false })
      const b = await captureNotes(deps, MANAGER, sessionId, { kind: 'note', pseudonym: yes.pseudonym, body: 'Asked us not to quote this.', notToBeQuoted: true })
      const c = await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: no.pseudonym, body: 'Said the letters were unclear.', notToBeQuoted: false })
      const d = await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: never.pseudonym, body: 'Talked about the phone line.', notToBeQuoted: false })
      const [ia, ib, ic, id] = await Promise.all([a, b, c, d].map(x => getEvidenceItem(deps, ANALYST, x.id)))
      assert.equal(ia!.channel, 'interview')
      assert.equal(ia!.pseudonym, yes.pseudonym)
      assert.equal(ia!.consentToQuote, 'yes')
      assert.deepEqual(ia!.demographics.map(x => `${x.key}=${x.value}`), ['area=Northshire City', 'age_band=25 to 34'])
      assert.equal(ib!.consentToQuote, 'no')
      assert.equal(ic!.consentToQuote, 'no')
      assert.equal(id!.consentToQuote, 'not_asked')
      assert.deepEqual(id!.demographics, [])
      // A snapshot: a later change of consent does not rewrite the item.
      later(1)
      await changeConsents(deps, SYSTEM, yes.id, [{ purpose: 'quotes', given: false }], { channel: 'phone' })
      assert.equal((await getEvidenceItem(deps, ANALYST, a.id)).consentToQuote, 'yes')
    })

    it('refuses notes with every problem at once, in page order, naming the unknown pseudonym', async () => {
      const { sessionId } = await workshopSession(deps)
      await assert.rejects(
        captureNotes(deps, ANALYST, sessionId, { kind: 'video', pseudonym: 'p-zzzz99', body: '   ', notToBeQuoted: false }),
        problems([
          ['kind', 'Select whether these are notes or a transcript'],
          ['pseudonym', 'No active panel member has the pseudonym P-ZZZZ99'],
          ['body', 'Enter the notes or transcript'],
        ]),
      )
      await assert.rejects(captureNotes(deps, STAKEHOLDER, sessionId, { kind: 'note', pseudonym: '', body: 'x', notToBeQuoted: false }), hasCode('FORBIDDEN'))
      await assert.rejects(captureNotes(deps, ANALYST, newId(), { kind: 'note', pseudonym: '', body: 'x', notToBeQuoted: false }), hasCode('NOT_FOUND'))
      assert.equal((await getSessionEvidence(deps, ANALYST, sessionId)).total, 0)
    })

    it('changes and removes notes with audit events; survey answers cannot be changed', async () => {
      const { sessionId } = await workshopSession(deps)
      const person = await member(deps, true)
      const { id } = await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: '', body: 'First draft', notToBeQuoted: false })
      await changeNotes(deps, ANALYST, id, { kind: 'transcript', pseudonym: person.pseudonym, body: 'Second draft', notToBeQuoted: false })
      let item = await getEvidenceItem(deps, ANALYST, id)
      assert.deepEqual([item.kind, item.body, item.pseudonym, item.consentToQuote], ['transcript', 'Second draft', person.pseudonym, 'yes'])
      await changeNotes(deps, ANALYST, id, { kind: 'transcript', pseudonym: person.pseudonym, body: 'Second draft', notToBeQuoted: true })
      item = await getEvidenceItem(deps, ANALYST, id)
      assert.equal(item.consentToQuote, 'no')
      const changed = (await auditOf('evidence.item_changed')).filter(a => a.subject_id === id)
      assert.equal(changed.length, 2)
      await assert.rejects(changeNotes(deps, ANALYST, id, { kind: 'note', pseudonym: 'P-ZZZZ99', body: '', notToBeQuoted: false }), problems([['pseudonym', /P-ZZZZ99/], ['body', /Enter/]]))

      const { sessionId: removedFrom } = await removeNotes(deps, ANALYST, id)
      assert.equal(removedFrom, sessionId)
      await assert.rejects(getEvidenceItem(deps, ANALYST, id), hasCode('NOT_FOUND'))
      assert.equal((await auditOf('evidence.item_removed')).filter(a => a.subject_id === id).length, 1)

      const answerId = newId()
      await insertItem(database.db, {
        id: answerId, channel: 'survey', kind: 'answer', source_role: 'lived_experience', activity_id: null, session_id: null, question_id: null, question_text: 'Q',
        participant_id: null, pseudonym: null, demographic_snapshot_json: null, consent_to_quote: 'not_asked', entry: 'self', entered_by_user_id: null, entered_by_role: null,
        body: 'An answer', source_ref: `test:${answerId}`, captured_at: clock.toISOString(), created_at: clock.toISOString(), updated_at: clock.toISOString(),
      })
      await assert.rejects(removeNotes(deps, ANALYST, answerId), hasCode('INVALID_STATE'))
    })

    it('lists with filters and a count, with stakeholder input apart and counted separately', async () => {
      const { activityId, sessionId } = await workshopSession(deps)
      const quotable = await member(deps, true)
      await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: '', body: 'Group notes', notToBeQuoted: false })
      await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: quotable.pseudonym, body: 'May be quoted', notToBeQuoted: false })
      for (const n of [1, 2]) {
        const id = newId()
        await insertItem(database.db, {
          id, channel: 'stakeholder_submission', kind: 'submission', source_role: 'stakeholder', activity_id: activityId, session_id: null, question_id: null, question_text: null,
          participant_id: null, pseudonym: null, demographic_snapshot_json: null, consent_to_quote: 'yes', entry: 'import', entered_by_user_id: null, entered_by_role: null,
          body: `Submission ${n}`, source_ref: `test:${id}`, captured_at: clock.toISOString(), created_at: clock.toISOString(), updated_at: clock.toISOString(),
        })
      }
      const page = { limit: 10, offset: 0 }
      const all = await listEvidence(deps, ANALYST, { activityId }, page)
      assert.equal(all.total, 2)
      assert.deepEqual(all.items.map(i => i.sourceRole), ['lived_experience', 'lived_experience'])
      assert.equal(all.stakeholderTotal, 2)
      assert.ok(all.stakeholder.every(i => i.isStakeholder))
      assert.equal(all.byRole.find(r => r.role === 'stakeholder')!.count, 2)
      assert.equal(all.byRole.find(r => r.role === 'lived_experience')!.count, 2)

      const quotes = await listEvidence(deps, ANALYST, { activityId, quotableOnly: true }, page)
      assert.deepEqual(quotes.items.map(i => i.body), ['May be quoted'])
      assert.equal(quotes.stakeholderTotal, 2)
      const onlyStakeholder = await listEvidence(deps, ANALYST, { activityId, role: 'stakeholder' }, page)
      assert.equal(onlyStakeholder.total, 2)
      assert.equal(onlyStakeholder.stakeholderTotal, 0)
      assert.equal((await listEvidence(deps, ANALYST, { sessionId }, page)).total, 2)
      assert.equal((await listEvidence(deps, ANALYST, { activityId, channel: 'interview' }, page)).total, 0)
      assert.equal((await listEvidence(deps, ANALYST, { activityId, role: 'lived_experience' }, { limit: 1, offset: 1 })).items.length, 1)
      await assert.rejects(listEvidence(deps, STAKEHOLDER, {}, page), hasCode('FORBIDDEN'))
    })

    it('takes in free-text survey answers from the event, with consent at submission, and the job adds nothing more', async () => {
      const bus = createEventBus()
      const off = subscribeToSurveyAnswers(deps, bus)
      const { activityId, surveyId } = await openSurvey(deps)
      const person = await member(deps, true, { area: 'northshire_city' })
      later(1)
      const responseId = await answerByPhone(deps, surveyId, person.pseudonym, ['The form was long', 'A named contact'], bus)
      off()
      // Consent withdrawn after submission: the items keep what stood when they answered.
      later(1)
      await changeConsents(deps, SYSTEM, person.id, [{ purpose: 'quotes', given: false }], { channel: 'phone' })

      const { items } = await listEvidence(deps, ANALYST, { activityId }, { limit: 10, offset: 0 })
      assert.deepEqual(items.map(i => i.body).sort(), ['A named contact', 'The form was long'])
      for (const i of items) {
        assert.equal(i.channel, 'survey')
        assert.equal(i.kind, 'answer')
        assert.equal(i.entry, 'staff_from_phone')
        assert.equal(i.enteredByUserId, ANALYST.userId)
        assert.equal(i.participantId, person.id)
        assert.equal(i.pseudonym, person.pseudonym)
        assert.equal(i.consentToQuote, 'yes')
        assert.deepEqual(i.demographics.map(d => d.key), ['area'])
        assert.ok(i.sourceRef.startsWith(`survey-answer:${responseId}:`))
      }
      assert.deepEqual(items.map(i => i.questionText).sort(), ['What went wrong?', 'What would help?'])
      assert.equal((await auditOf('evidence.survey_answers_taken_in')).filter(a => a.subject_id === responseId).length, 1)

      const report = await importSurveyAnswers(deps)
      assert.equal(report.added, 0)
      assert.ok(report.checked >= 2)
      assert.equal((await listEvidence(deps, ANALYST, { activityId }, { limit: 10, offset: 0 })).total, 2)
    })

    it('catches up with the job on answers the event missed, once, even when handler and job run at once', async () => {
      const silent = createEventBus()
      const { activityId, surveyId } = await openSurvey(deps)
      const a = await member(deps, null)
      const b = await member(deps, false)
      await answerByPhone(deps, surveyId, a.pseudonym, ['Missed one', 'Missed two'], silent)
      const first = await importSurveyAnswers(deps)
      assert.ok(first.added >= 2)
      let items = (await listEvidence(deps, ANALYST, { activityId }, { limit: 10, offset: 0 })).items
      assert.deepEqual(items.map(i => i.consentToQuote), ['not_asked', 'not_asked'])

      // Both at once: the event's handler and the job, started together as the response is sent.
      const bus = createEventBus()
      let raced: [number, { added: number }] | undefined
      bus.subscribe('engagement.response_submitted', async e => {
        raced = await Promise.all([onResponseSubmitted(deps, e), importSurveyAnswers(deps)])
      })
      await answerByPhone(deps, surveyId, b.pseudonym, ['Raced one', 'Raced two'], bus)
      assert.equal(raced![0] + raced![1].added, 2)
      await importSurveyAnswers(deps)
      items = (await listEvidence(deps, ANALYST, { activityId }, { limit: 10, offset: 0 })).items
      assert.equal(items.length, 4)
      assert.equal(new Set(items.map(i => i.sourceRef)).size, 4)
      assert.deepEqual(items.filter(i => i.participantId === b.id).map(i => i.consentToQuote), ['no', 'no'])

      // The engagement query the job reads, one answer a page: the same answers as one big page, each once.
      const big = await listFreeTextAnswers(deps, SYSTEM, { limit: 1000 })
      const paged: string[] = []
      let after: FreeTextCursor | undefined
      for (;;) {
        const page = await listFreeTextAnswers(deps, SYSTEM, { after, limit: 1 })
        paged.push(...page.answers.map(x => surveyAnswerRef(x.responseId, x.questionId)))
        if (!page.next) break
        after = page.next
      }
      assert.deepEqual(paged, big.answers.map(x => surveyAnswerRef(x.responseId, x.questionId)))
      assert.equal(new Set(paged).size, paged.length)
      assert.ok(paged.length >= 4)
    })

    it('takes in anonymous public poll answers as public input, never quotable', async () => {
      const added = await takeInSurveyAnswers(deps, [
        { responseId: newId(), questionId: newId(), question: 'Anything else?', text: 'Open on Saturdays', surveyId: newId(), activityId: newId(), activityKind: 'poll', audience: 'public', participantId: null, channel: 'online', enteredByUserId: null, enteredByRole: null, submittedAt: clock.toISOString() },
      ])
      assert.equal(added, 1)
      const { items } = await listEvidence(deps, ANALYST, { channel: 'public_input' }, { limit: 10, offset: 0 })
      const item = items.find(i => i.body === 'Open on Saturdays')!
      assert.deepEqual([item.sourceRole, item.consentToQuote, item.entry, item.participantId], ['public', 'not_asked', 'self', null])
      assert.ok(item.sourceRef.startsWith('survey-answer:'))
      assert.equal(surveyAnswerRef('r', 'q'), 'survey-answer:r:q')
    })

    it('unlinks an erased member’s items (kept pseudonymised), or deletes them; the job does not bring them back', async () => {
      const bus = createEventBus()
      const offs = [subscribeToSurveyAnswers(deps, bus), subscribeToErasure(deps, bus)]
      const { sessionId } = await workshopSession(deps)
      const { surveyId } = await openSurvey(deps)
      const keep = await member(deps, true)
      const gone = await member(deps, true)
      for (const p of [keep, gone]) {
        await captureNotes(deps, ANALYST, sessionId, { kind: 'note', pseudonym: p.pseudonym, body: `Said by ${p.pseudonym}`, notToBeQuoted: false })
        await answerByPhone(deps, surveyId, p.pseudonym, ['One', 'Two'], bus)
      }
      assert.equal((await itemsOf(keep.id)).length, 3)
      const kept = (await itemsOf(keep.id)).map(r => r.id)

      await eraseParticipant(deps, MANAGER, { participantId: keep.id, deleteContributions: false }, { events: bus })
      await eraseParticipant(deps, MANAGER, { participantId: gone.id, deleteContributions: true }, { events: bus })
      offs.forEach(off => off())
      assert.equal((await itemsOf(keep.id)).length, 0)
      for (const id of kept) {
        const item = await getEvidenceItem(deps, ANALYST, id)
        assert.deepEqual([item.participantId, item.pseudonym, item.demographics, item.consentToQuote], [null, null, [], 'no'])
      }
      assert.equal((await itemsOf(gone.id)).length, 0)
      assert.equal((await getSessionEvidence(deps, ANALYST, sessionId)).items.filter(i => i.body === `Said by ${gone.pseudonym}`).length, 0)
      const unlinked = (await auditOf('evidence.contributions_unlinked')).filter(a => a.subject_id === keep.id)
      assert.equal(unlinked.length, 1)
      assert.doesNotMatch(String(unlinked[0]!.summary), new RegExp(keep.pseudonym))
      assert.equal((await auditOf('evidence.contributions_deleted')).filter(a => a.subject_id === gone.id).length, 1)

      // The catch-up job: the deleted person's answers stay out; nothing is added twice.
      const before = (await listEvidence(deps, ANALYST, {}, { limit: 1, offset: 0 })).total
      await importSurveyAnswers(deps)
      assert.equal((await listEvidence(deps, ANALYST, {}, { limit: 1, offset: 0 })).total, before)
      // Running the handler again changes nothing and writes no second audit event.
      assert.equal(await onParticipantErased(deps, { participantId: keep.id, deleteContributions: false }), 0)
      assert.equal((await auditOf('evidence.contributions_unlinked')).filter(a => a.subject_id === keep.id).length, 1)
    })
  })
}
