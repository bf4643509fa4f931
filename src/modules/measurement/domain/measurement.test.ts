// The measurement framework and measurements on every dialect in TEST_DIALECTS: outcomes and measures per charter
// commitment with their checks, the framework submitted to the Core Group and agreed only when adopted (then locked,
// and copied into a new version), measurements entered and replaced (audited), Wilson intervals, small numbers
// hidden with secondary suppression, change and significance, and the CSV / XLSX import (bad rows reported, good
// rows kept or none, dry run, re-import harmless).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fieldProblem as problem } from '../../../../test/support/app-errors.ts'
import ExcelJS from 'exceljs'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { sealAuditEvents } from '../../../platform/audit/audit.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { addItem, addSection } from '../../charter/index.ts'
import { addSurveyQuestion, addSurveySection, changeActivityStatus, createActivity, getSurveyBuilder, getSurveyForAnswering, saveSurveyAnswer, startEntryOnBehalf, submitSurveyResponse } from '../../engagement/index.ts'
import { changeConsents, registerParticipant } from '../../panel/index.ts'
import { createEventBus } from '../../../platform/events/event-bus.ts'
import { addOutcome, agreedFramework, changeOutcome, getFrameworkOverview, startFramework, submitFramework } from './framework/framework.ts'
import { addMeasure, changeMeasure, EMPTY_MEASURE, type MeasureInput } from './framework/measures.ts'
import { EMPTY_MEASUREMENT } from './measurements/check.ts'
import { importMeasurements } from './measurements/import.ts'
import { getMeasureDetail, recordMeasurement, refreshFromSurvey } from './measurements/measurements.ts'
import { parsePeriod, previousPeriod } from './model.ts'

const POLICY: Actor = { userId: newId(), role: 'policy_official', displayName: 'Policy official' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const MEMBER: Actor = { userId: newId(), role: 'panel_member', displayName: 'Member' }
const SCRUTINY: Actor = { userId: newId(), role: 'scrutiny_body', displayName: 'Scrutiny' }

let clock = new Date('2027-05-01T09:00:00.000Z')
const later = () => {
  clock = new Date(clock.getTime() + 60_000)
}

const code = (c: string) => (err: unknown) => err instanceof AppError && err.code === c

const survey = (over: Partial<MeasureInput> = {}): MeasureInput => ({
  ...EMPTY_MEASURE,
  code: 'm1',
  title: 'People satisfied with how quickly we decided',
  kind: 'survey_percentage',
  definition: 'Those answering “satisfied” or “very satisfied”, of those who answered',
  dataSource: 'Client survey, question 4',
  frequency: 'quarterly',
  targetValue: '80',
  targetComparison: 'at_least',
  owner: 'Client experience team',
  ...over,
})

/** The Core Group's decision, set directly (the decisions module's own tests cover voting and deciding). */
type ProposalTable = { decision_proposal: { id: string; status: string; result: string | null; decided_at: string | null; subject_type: string | null } }
const proposals = (d: TestDatabase) => d.db.withTables<ProposalTable>()

const file = (lines: string[]) => ({ name: 'measurements.csv', bytes: new TextEncoder().encode(lines.join('\r\n')) })

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: the measurement framework and measurements`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let commitmentKey = ''
    let outcomeId = ''
    let m1 = ''
    let m2 = ''
    const audit = async (action: string) => {
      await sealAuditEvents({ db: d.db, dialect: d.dialect })
      return d.db.selectFrom('audit_event').select(['subject_id', 'summary']).where('action', '=', action).orderBy('seq').execute()
    }

    before(async () => {
      d = await createTestDatabase(dialect, { SMALL_NUMBER_THRESHOLD: '10' })
      deps = { config: d.config, db: d.db, dialect: d.dialect, clock: { now: () => new Date(clock) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      const section = await addSection(deps, POLICY, { title: 'Decisions', introduction: '' })
      ;({ key: commitmentKey } = await addItem(deps, POLICY, section.id, 'commitment', { text: 'We will decide quickly.' }))
    })
    after(() => d.close())

    it('builds the framework: outcomes per commitment, measures of each kind, every problem named', async () => {
      await assert.rejects(startFramework(deps, MEMBER), code('FORBIDDEN'))
      await assert.rejects(addOutcome(deps, POLICY, { commitmentKey, title: 'x', description: '' }), code('INVALID_STATE'), 'no framework yet')
      const { version } = await startFramework(deps, POLICY)
      assert.equal(version, 1)
      await assert.rejects(startFramework(deps, POLICY), code('INVALID_STATE'), 'a draft is already open')
      await assert.rejects(addOutcome(deps, POLICY, { commitmentKey: 'nope', title: ' ', description: '' }), problem('commitmentKey', /not in the charter/))
      await assert.rejects(addOutcome(deps, POLICY, { commitmentKey, title: ' ', description: '' }), problem('title', /Enter the outcome/))
      ;({ id: outcomeId } = await addOutcome(deps, ANALYST, { commitmentKey, title: 'People get the right money at the right time', description: '' }))
      later()
      await changeOutcome(deps, POLICY, outcomeId, { commitmentKey, title: 'People get the right money at the right time', description: 'Paid on time.' })

      await assert.rejects(addMeasure(deps, MEMBER, outcomeId, survey()), code('FORBIDDEN'))
      await assert.rejects(addMeasure(deps, POLICY, outcomeId, survey({ code: 'bad code!', targetValue: '120' })), (err: unknown) => problem('code', /letters, numbers/)(err) && problem('targetValue', /0 to 100/)(err))
      await assert.rejects(addMeasure(deps, POLICY, outcomeId, survey({ surveyId: 'S1' })), problem('questionId', /question’s id/))
      await assert.rejects(
        addMeasure(deps, POLICY, outcomeId, survey({ kind: 'management_information', code: 'M2', targetValue: '' })),
        (err: unknown) => problem('unit', /unit/)(err) && problem('direction', /higher or a lower/)(err),
      )
      await assert.rejects(addMeasure(deps, POLICY, outcomeId, survey({ kind: 'complaints_count', code: 'M3' })), problem('complaintsKind', /Select which complaints/))
      ;({ id: m1 } = await addMeasure(deps, POLICY, outcomeId, survey()))
      await assert.rejects(addMeasure(deps, POLICY, outcomeId, survey({ title: 'Again' })), problem('code', /already has the code M1/))
      ;({ id: m2 } = await addMeasure(deps, POLICY, outcomeId, survey({ code: 'M2', kind: 'management_information', title: 'Average days to decide', unit: 'days', direction: 'lower', targetValue: '10', targetComparison: 'at_most', frequency: 'monthly' })))
      await addMeasure(deps, POLICY, outcomeId, survey({ code: 'M3', kind: 'written_evidence', title: 'You said, we did', targetValue: '', frequency: 'annual' }))
      await changeMeasure(deps, POLICY, m1, survey({ owner: 'Head of client experience' }))
      assert.equal((await audit('measurement.measure_changed'))[0]!.subject_id, m1)

      const overview = await getFrameworkOverview(deps, SCRUTINY)
      assert.equal(overview.framework!.status, 'draft')
      const commitment = overview.sections[0]!.commitments[0]!
      assert.equal(commitment.key, commitmentKey)
      assert.deepEqual(commitment.outcomes[0]!.measures.map(m => m.code), ['M1', 'M2', 'M3'])
      assert.equal(commitment.outcomes[0]!.measures[0]!.targetLabel, 'At least 80%')
      await assert.rejects(getFrameworkOverview(deps, MEMBER), code('FORBIDDEN'))
    })

    it('submits the framework to the Core Group, locks it, and agrees it only when adopted; a new version copies it', async () => {
      await assert.rejects(submitFramework(deps, ANALYST), code('FORBIDDEN'), 'raising a Core Group decision needs a policy official')
      const { proposalId } = await submitFramework(deps, POLICY)
      let overview = await getFrameworkOverview(deps, POLICY)
      assert.equal(overview.framework!.status, 'submitted')
      assert.equal(overview.decisions[0]!.id, proposalId)
      assert.equal((await proposals(d).selectFrom('decision_proposal').select('subject_type').where('id', '=', proposalId).executeTakeFirst())!.subject_type, 'measurement_framework')
      await assert.rejects(addOutcome(deps, POLICY, { commitmentKey, title: 'Another', description: '' }), code('INVALID_STATE'))
      assert.equal(await agreedFramework(deps), null)
      // The Core Group adopts it (the decisions module's own tests cover voting).
      later()
      await proposals(d).updateTable('decision_proposal').set({ status: 'decided', result: 'adopted', decided_at: clock.toISOString() }).where('id', '=', proposalId).execute()
      overview = await getFrameworkOverview(deps, POLICY)
      assert.equal(overview.framework!.status, 'agreed')
      assert.equal((await agreedFramework(deps))!.version, 1)
      assert.equal((await audit('measurement.framework_agreed')).length, 1)
      later()
      const { version } = await startFramework(deps, POLICY)
      assert.equal(version, 2)
      overview = await getFrameworkOverview(deps, POLICY)
      assert.equal(overview.framework!.status, 'draft')
      assert.deepEqual(overview.sections[0]!.commitments[0]!.outcomes[0]!.measures.map(m => m.code), ['M1', 'M2', 'M3'], 'codes carry over')
      assert.equal((await agreedFramework(deps))!.version, 1, 'version 1 stays in force until version 2 is agreed')
    })

    it('records measurements with intervals, hides small numbers, and says whether a change is more than chance', async () => {
      assert.equal(parsePeriod('2027-q1', 'quarterly'), '2027-Q1')
      assert.equal(parsePeriod('2026/28', 'annual'), null)
      assert.equal(previousPeriod('2027-Q1'), '2026-Q4')
      assert.equal(previousPeriod('2027-01'), '2026-12')
      assert.equal(previousPeriod('2026/27'), '2025/26')
      await assert.rejects(recordMeasurement(deps, MEMBER, m1, { ...EMPTY_MEASUREMENT, period: '2026-Q4', numerator: '1', denominator: '2' }), code('FORBIDDEN'))
      await assert.rejects(recordMeasurement(deps, POLICY, m1, { ...EMPTY_MEASUREMENT, period: '2026-10', numerator: '9', denominator: '5' }), (err: unknown) => problem('period', /2027-Q1/)(err) && problem('numerator', /cannot be more/)(err))
      assert.equal((await recordMeasurement(deps, POLICY, m1, { ...EMPTY_MEASUREMENT, period: '2026-Q4', numerator: '120', denominator: '200', respondents: '220' })).result, 'added')
      later()
      assert.equal((await recordMeasurement(deps, ANALYST, m1, { ...EMPTY_MEASUREMENT, period: '2027-Q1', numerator: '150', denominator: '200' })).result, 'added')
      let detail = await getMeasureDetail(deps, SCRUTINY, m1)
      const [q1, q4] = detail.figures
      assert.equal(q1!.period, '2027-Q1', 'newest first')
      assert.equal(q1!.figure, '75%')
      assert.equal(q1!.n, 200)
      assert.ok(q1!.interval!.low > 0.68 && q1!.interval!.low < 0.7 && q1!.interval!.high > 0.8 && q1!.interval!.high < 0.81, JSON.stringify(q1!.interval))
      assert.equal(q1!.significant, true)
      assert.match(q1!.change!, /Up 15 points since October to December 2026; this is more than chance/)
      assert.equal(q1!.targetMet, false)
      assert.equal(q4!.change, null)

      // Replacing is audited with the figures before; the same figures again change nothing.
      later()
      assert.equal((await recordMeasurement(deps, POLICY, m1, { ...EMPTY_MEASUREMENT, period: '2027-Q1', numerator: '126', denominator: '200' })).result, 'replaced')
      assert.equal((await recordMeasurement(deps, POLICY, m1, { ...EMPTY_MEASUREMENT, period: '2027-Q1', numerator: '126', denominator: '200' })).result, 'unchanged')
      const replaced = await audit('measurement.measurement_replaced')
      assert.equal(replaced.length, 1)
      assert.match(String(replaced[0]!.summary), /"numerator":150/)
      detail = await getMeasureDetail(deps, SCRUTINY, m1)
      assert.equal(detail.figures[0]!.significant, false)
      assert.match(detail.figures[0]!.change!, /no real change/)

      // 4 of 200 gave the answer: 4 is hidden, and so is 196 (it would give 4 away); 5 answered at all: all hidden.
      later()
      await recordMeasurement(deps, POLICY, m1, { ...EMPTY_MEASUREMENT, period: '2027-Q2', numerator: '4', denominator: '200' })
      await recordMeasurement(deps, POLICY, m1, { ...EMPTY_MEASUREMENT, period: '2027-Q3', numerator: '5', denominator: '5' })
      detail = await getMeasureDetail(deps, SCRUTINY, m1)
      const [q3, q2] = detail.figures
      assert.equal(q2!.suppressed, true)
      assert.equal(q2!.percent, null)
      assert.equal(q2!.intervalText, null)
      assert.match(q2!.suppressedReason!, /total would give it away/)
      assert.equal(q3!.suppressed, true)
      assert.match(q3!.suppressedReason!, /total is fewer than 10/)
      assert.match(q3!.change!, /small numbers/)

      // A figure from management information: lower is better, against a target.
      await recordMeasurement(deps, POLICY, m2, { ...EMPTY_MEASUREMENT, period: '2027-03', value: '14' })
      await recordMeasurement(deps, POLICY, m2, { ...EMPTY_MEASUREMENT, period: '2027-04', value: '9.5' })
      const mi = (await getMeasureDetail(deps, SCRUTINY, m2)).figures[0]!
      assert.equal(mi.figure, '9.5 days')
      assert.match(mi.change!, /Down by 4.5 days since March 2027 \(better\)/)
      assert.equal(mi.targetMet, true)

      await assert.rejects(refreshFromSurvey(deps, POLICY, m2, '2027-04'), code('INVALID_STATE'), 'not linked to a survey')
    })

    it('imports a CSV: every bad row reported, good rows kept or none, dry run, and importing again changes nothing', async () => {
      const lines = ['Measure,Period,Numerator,Denominator,Respondents,Value,You said,We did,Note', 'M1,2027-Q4,160,200,,,,,', 'M2,2027-05,,,,8,,,', 'M9,2027-05,,,,8,,,', 'M2,May 2027,,,,x,,,', 'M3,2026/27,,,,,The letters were hard to read,We rewrote them with the panel,']
      const dry = await importMeasurements(deps, POLICY, file(lines), { dryRun: true, allOrNothing: false })
      assert.equal(dry.written, false)
      assert.equal(dry.rowsRead, 5)
      assert.equal(dry.goodRows, 3)
      assert.deepEqual(dry.problems.map(p => [p.row, p.column]), [[4, 'measure'], [5, 'period'], [5, 'value']])
      assert.match(dry.problems[0]!.message, /no measure with the code M9/)
      assert.equal((await getMeasureDetail(deps, POLICY, m1)).figures.some(f => f.period === '2027-Q4'), false)

      const none = await importMeasurements(deps, POLICY, file(lines), { dryRun: false, allOrNothing: true })
      assert.equal(none.written, false)
      assert.equal((await getMeasureDetail(deps, POLICY, m1)).figures.some(f => f.period === '2027-Q4'), false)

      const some = await importMeasurements(deps, POLICY, file(lines), { dryRun: false, allOrNothing: false })
      assert.deepEqual([some.written, some.added, some.replaced, some.unchanged], [true, 3, 0, 0])
      const again = await importMeasurements(deps, POLICY, file(lines), { dryRun: false, allOrNothing: false })
      assert.deepEqual([again.added, again.replaced, again.unchanged], [0, 0, 3])
      const changed = await importMeasurements(deps, POLICY, file(['measure,period,value', 'M2,2027-05,7']), { dryRun: false, allOrNothing: true })
      assert.deepEqual([changed.added, changed.replaced], [0, 1])
      assert.equal((await audit('measurement.measurements_imported')).length, 3)
      assert.equal((await getMeasureDetail(deps, POLICY, m1)).figures.find(f => f.period === '2027-Q4')!.source, 'imported')

      const missing = await importMeasurements(deps, POLICY, file(['code,when', 'M1,2027-Q4']), { dryRun: true, allOrNothing: false })
      assert.match(missing.problems[0]!.message, /column called “period”/)
      const notCsv = await importMeasurements(deps, POLICY, { name: 'x.csv', bytes: new Uint8Array([0xff, 0xfe, 0, 0]) }, { dryRun: true, allOrNothing: false })
      assert.equal(notCsv.problems[0]!.row, 0)
    })

    it('imports the first sheet of an Excel workbook', async () => {
      const wb = new ExcelJS.Workbook()
      const sheet = wb.addWorksheet('Measurements')
      sheet.addRow(['measure', 'period', 'value'])
      sheet.addRow(['M2', '2027-06', 6])
      sheet.addRow(['M2', '2027-07', 'soon'])
      const bytes = new Uint8Array(await wb.xlsx.writeBuffer())
      const r = await importMeasurements(deps, POLICY, { name: 'm.xlsx', bytes }, { dryRun: false, allOrNothing: false })
      assert.equal(r.format, 'xlsx')
      assert.equal(r.added, 1)
      assert.deepEqual(r.problems.map(p => [p.row, p.column]), [[3, 'value']])
    })

    it('works a linked survey percentage out from the engagement module’s results', async () => {
      const SYSTEM = systemActor('measurement tests')
      const { id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'survey', title: 'How quickly we decided', purpose: 'To hear whether decisions come in time', audience: 'selection',
        audienceDetail: 'People who had a decision', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      const { id: sectionId } = await addSurveySection(deps, SYSTEM, activityId, { title: 'Decisions', description: '' })
      const q = await addSurveyQuestion(deps, SYSTEM, activityId, {
        sectionId, type: 'single_choice', text: 'Were you satisfied with how quickly we decided?', hint: '', easyRead: '', required: true, options: 'Yes\nNo',
        rows: '', scaleMin: '1', scaleMax: '5', scaleMinLabel: '', scaleMaxLabel: '',
      })
      await changeActivityStatus(deps, SYSTEM, activityId, 'open')
      const surveyId = (await getSurveyBuilder(deps, SYSTEM, activityId)).surveyId!
      const question = (await getSurveyForAnswering(deps, surveyId)).questions[0]!
      for (const [i, answer] of ['o1', 'o1', 'o2'].entries()) {
        const p = await registerParticipant(deps, SYSTEM, { fullName: `Survey Person ${i}`, phone: `07700 90030${i}`, preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
        await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }], { channel: 'phone' })
        const r = await startEntryOnBehalf(deps, ANALYST, surveyId, { pseudonym: p.pseudonym, channel: 'phone' })
        await saveSurveyAnswer(deps, ANALYST, r, question, answer)
        await submitSurveyResponse(deps, ANALYST, r, createEventBus())
      }
      const draftOutcome = (await getFrameworkOverview(deps, POLICY)).sections[0]!.commitments[0]!.outcomes[0]!.id
      assert.notEqual(draftOutcome, outcomeId, 'version 2 has its own copy of the outcome')
      const { id: m4 } = await addMeasure(deps, POLICY, draftOutcome, survey({ code: 'M4', surveyId, questionId: q.id, successOptions: 'yes' }))
      await assert.rejects(refreshFromSurvey(deps, POLICY, m4, 'spring'), problem('surveyPeriod', /2027-Q1/))
      const r = await refreshFromSurvey(deps, ANALYST, m4, '2027-Q2')
      assert.deepEqual([r.period, r.numerator, r.denominator, r.result], ['2027-Q2', 2, 3, 'added'])
      const figure = (await getMeasureDetail(deps, SCRUTINY, m4)).figures[0]!
      assert.deepEqual([figure.source, figure.n, figure.respondents, figure.suppressed], ['survey', 3, 3, true], 'fewer than 10 answered: hidden')
      assert.equal((await refreshFromSurvey(deps, ANALYST, m4, '2027-Q2')).result, 'unchanged')
      assert.equal((await audit('measurement.survey_refreshed')).length, 2)
    })
  })
}
