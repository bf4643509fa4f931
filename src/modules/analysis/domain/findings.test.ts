// Counts, agreement samples, findings and REFI-QDA exchange on every dialect in TEST_DIALECTS: people are counted
// once however often they spoke, parent codes count their sub-codes, stakeholders are counted apart, small numbers
// are hidden; samples are reproducible and give kappa per code; quotes are refused without consent and drop out
// when a person is erased; the codebook and the project go out and come back in.
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
import { captureNotes, importSubmissions } from '../../evidence/index.ts'
import { changeConsents, registerParticipant } from '../../panel/index.ts'
import { agreementByCode } from './agreement/kappa.ts'
import { addCode } from './codebook.ts'
import { codeSegment, loadProjectSegments } from './coding.ts'
import { onParticipantErased } from './erasure.ts'
import { exportCodebook, exportProject, importCodebook } from './exchange.ts'
import { changeFinding, createFinding, getFindingForm, listPublishedFindings, publishFinding, quoteCandidates } from './findings.ts'
import { createProject, takeInEvidence } from './projects.ts'
import { readQdc, RefiError } from './refi/codebook.ts'
import { readQdpx } from './refi/project.ts'
import { createSample, drawSample, getSample, nextInSample } from './samples.ts'
import { getTallies, talliesCsv } from './tallies.ts'

const SYSTEM = systemActor('findings tests')
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst A' }
const SECOND: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst B' }
const CORE: Actor = { userId: newId(), role: 'core_group_member', displayName: 'Core member' }
const MEMBER: Actor = { userId: newId(), role: 'panel_member', displayName: 'Member' }

let clock = new Date('2027-05-01T09:00:00.000Z')
const later = () => {
  clock = new Date(clock.getTime() + 60_000)
}

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date(clock) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
}

async function person(deps: AppDeps, name: string, area: string, quotes: boolean) {
  const p = await registerParticipant(deps, SYSTEM, { fullName: name, phone: '07700 900111', preferredChannel: 'phone', joinedVia: 'phone', demographics: { area } })
  await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }, { purpose: 'quotes', given: quotes }], { channel: 'phone' })
  return p
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: counts, agreement, findings and exchange`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let projectId: string
    let staff: string
    let kind: string
    let waiting: string
    let quoter: { id: string; pseudonym: string }
    let silent: { id: string; pseudonym: string }

    before(async () => {
      d = await createTestDatabase(dialect)
      deps = depsOf(d)
      const { id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'workshop', title: 'Workshop on applying', purpose: 'To hear what made applying hard', audience: 'whole_panel', audienceDetail: '',
        commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      const { id: sessionId } = await addSession(deps, SYSTEM, activityId, {
        mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 20, accessibility: '',
      })
      quoter = await person(deps, 'Quoted Person', 'northshire_city', true)
      silent = await person(deps, 'Unquoted Person', 'the_isles', false)
      // The same person says the staff were kind twice: one person, two mentions.
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: quoter.pseudonym, body: 'The staff were kind to me. Call 07700 900123 any time.', notToBeQuoted: false })
      later()
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: quoter.pseudonym, body: 'Again the staff were kind when I rang.', notToBeQuoted: false })
      later()
      await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: silent.pseudonym, body: 'The staff were kind but I waited months.', notToBeQuoted: false })
      for (let i = 0; i < 10; i++) {
        later()
        await captureNotes(deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: `The group said the wait was too long, point ${i + 1}.`, notToBeQuoted: false })
      }
      const csv = 'text,organisation,consent_to_quote\r\n"Our clients say staff were kind.",Eastport Advice,Yes\r\n"Staff were kind, but the wait was long.",Northshire Carers,Yes\r\n'
      const r = await importSubmissions(deps, SYSTEM, { name: 'submissions.csv', bytes: new TextEncoder().encode(csv) }, { allOrNothing: true, dryRun: false })
      assert.equal(r.imported, 2, JSON.stringify(r))
      ;({ id: projectId } = await createProject(deps, ANALYST, { title: 'Applying', purpose: 'What made applying hard?', channel: '', activityId: '', questionId: '' }))
      await takeInEvidence(deps, ANALYST, projectId)
      ;({ id: staff } = await addCode(deps, ANALYST, projectId, { name: 'Staff', parentId: '', description: 'About the people', examples: '' }))
      ;({ id: kind } = await addCode(deps, ANALYST, projectId, { name: 'Kind staff', parentId: staff, description: '', examples: '' }))
      ;({ id: waiting } = await addCode(deps, ANALYST, projectId, { name: 'Waiting', parentId: '', description: 'Delays', examples: '' }))
      const { segments } = await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)
      for (const s of segments) {
        later()
        await codeSegment(deps, ANALYST, projectId, s.segmentId, [...(/kind/i.test(s.text) ? [kind] : []), ...(/wait/i.test(s.text) ? [waiting] : [])])
      }
    })
    after(() => d.close())

    it('counts people, not mentions; parent codes count their sub-codes; stakeholders apart', async () => {
      const t = await getTallies(deps, ANALYST, projectId)
      assert.equal(t.coder.id, ANALYST.userId)
      assert.deepEqual(t.groups.map(g => [g.role, g.people]), [['lived_experience', 12], ['stakeholder', 2]])
      const lived = t.groups[0]!
      const row = (g: typeof lived, id: string) => g.rows.find(r => r.codeId === id)!
      assert.equal(row(lived, kind).people, 2, 'the person who said it twice counts once')
      assert.equal(row(lived, staff).people, 2, 'the parent counts everyone with a sub-code')
      assert.equal(row(lived, waiting).people, 11)
      assert.ok(row(lived, kind).low < 2 / 12 && row(lived, kind).high > 2 / 12, 'the interval contains the share')
      const stakeholders = t.groups[1]!
      assert.equal(row(stakeholders, kind).people, 2)
      assert.equal(row(stakeholders, waiting).people, 1)
      // Another analyst's coding is theirs: nothing coded yet.
      const other = await getTallies(deps, SECOND, projectId)
      assert.equal(other.coder.id, SECOND.userId)
      assert.equal(other.groups[0]!.rows.reduce((s, r) => s + r.people, 0), 0)
      await assert.rejects(getTallies(deps, MEMBER, projectId), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
    })

    it('hides small numbers in the cross-tab, and in its CSV', async () => {
      const t = await getTallies(deps, ANALYST, projectId, { by: 'area' })
      assert.ok(t.dimensions.some(d => d.key === 'area'))
      assert.ok(t.cross)
      const cells = t.cross.table.rows.flatMap(r => r.cells)
      const groups = t.cross.table.groups.map(g => g.group).sort()
      assert.deepEqual(groups, ['Not known', 'Northshire City', 'The Isles'].sort())
      // The two areas have one person each: hidden. The ten people whose area is not known are shown.
      const small = cells.filter(c => c.group !== 'Not known')
      assert.ok(small.length > 0 && small.every(c => c.suppressed && c.people === null))
      assert.equal(cells.find(c => c.group === 'Not known' && c.code === waiting)!.people, 10)
      assert.ok(cells.find(c => c.group === 'Not known' && c.code === kind)!.suppressed, 'none of them: fewer than 10')
      const csv = talliesCsv(t)
      assert.match(csv, /Lived experience by area,The Isles,Staff,,,,,,fewer than 10/)
      assert.match(csv, /Lived experience by area,Not known,Waiting,10,10,100\.0/)
      assert.doesNotMatch(csv.split('\r\n').filter(l => /^Lived experience by area,(The Isles|Northshire City)/.test(l)).join('\n'), /,\d+,/)
      assert.match(csv, /Counts,Stakeholder organisations \(counted apart\),Staff › Kind staff,2,2,100\.0/)
      const byChannel = await getTallies(deps, ANALYST, projectId, { by: 'channel' })
      assert.equal(byChannel.cross!.table.groups.length, 1, 'lived experience came only from the workshop')
      assert.equal(byChannel.cross!.table.groups[0]!.people, 12)
    })

    let sampleId: string
    it('draws a reproducible named sample and measures agreement per code', async () => {
      await assert.rejects(createSample(deps, ANALYST, projectId, { name: '', size: '5', seed: '' }), (err: unknown) => problem('name', /Enter a name/)(err) && problem('size', /between 10 and 500/)(err))
      await assert.rejects(createSample(deps, ANALYST, projectId, { name: 'Too big', size: '400', seed: '' }), problem('size', /only \d+ segments/))
      const ids = (await loadProjectSegments(deps, ANALYST, projectId, null)).segments.map(s => s.segmentId)
      assert.deepEqual(drawSample(ids, 10, 'abc'), drawSample([...ids].reverse(), 10, 'abc'), 'the same seed draws the same sample')
      assert.notDeepEqual(drawSample(ids, 10, 'abc'), drawSample(ids, 10, 'xyz'))
      const s = await createSample(deps, ANALYST, projectId, { name: 'First check', size: '10', seed: 'abc' })
      sampleId = s.id
      assert.deepEqual(s, { id: sampleId, seed: 'abc', size: 10 })
      await assert.rejects(createSample(deps, ANALYST, projectId, { name: 'first check', size: '10', seed: '' }), problem('name', /already a sample/))
      const audit = await d.db.selectFrom('audit_event').select('summary').where('action', '=', 'analysis.sample_created').execute()
      assert.match(audit[0]!.summary, /"seed":"abc"/)

      const alone = await getSample(deps, ANALYST, projectId, sampleId)
      assert.equal(alone.agreement, null)
      assert.match(alone.noAgreement!, /two analysts/)
      // The second analyst codes the sample: waiting as the first did, but never "Kind staff".
      const { segments } = await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)
      const text = new Map(segments.map(x => [x.segmentId, x]))
      let next = await nextInSample(deps, SECOND, projectId, sampleId)
      let n = 0
      while (next) {
        await codeSegment(deps, SECOND, projectId, next, /wait/i.test(text.get(next)!.text) ? [waiting] : [])
        next = await nextInSample(deps, SECOND, projectId, sampleId, next)
        n++
      }
      assert.equal(n, 10)
      const view = await getSample(deps, ANALYST, projectId, sampleId, { a: ANALYST.userId!, b: SECOND.userId! })
      assert.ok(view.agreement)
      assert.equal(view.agreement.units, 10)
      const expected = agreementByCode(
        view.segmentIds,
        new Map(view.segmentIds.map(id => [id, new Set(text.get(id)!.codeIds)])),
        new Map(view.segmentIds.map(id => [id, new Set(/wait/i.test(text.get(id)!.text) ? [waiting] : [])])),
        [staff, kind, waiting],
      )
      assert.deepEqual(view.agreement.byCode.map(r => [r.code, r.kappa]), expected.map(r => [r.code, r.kappa]))
      const w = view.agreement.byCode.find(r => r.code === waiting)!
      assert.ok(w.kappa === null || w.kappa === 1, 'they agree on every waiting decision')
      assert.equal(w.onlyA + w.onlyB, 0)
      assert.ok(view.agreement.overall.pooledKappa === null || view.agreement.overall.pooledKappa <= 1)
    })

    let findingId: string
    it('refuses quotes from people who did not agree to be quoted; labels stakeholders', async () => {
      const { quotable, refused } = await quoteCandidates(deps, ANALYST, projectId, ANALYST.userId!, [staff])
      assert.ok(quotable.length >= 3, 'two from the person who agreed, and the stakeholders')
      assert.ok(quotable.every(q => !q.text.includes('07700')), 'quotes are redacted')
      assert.ok(quotable.some(q => q.label === 'Stakeholder: Eastport Advice'))
      assert.ok(quotable.some(q => q.label === 'A panel member'))
      assert.ok(quotable.every(q => !q.label.includes(quoter.pseudonym)))
      const unquotable = [...refused].find(([, why]) => /did not agree/.test(why))
      assert.ok(unquotable, 'the person who did not agree')
      await assert.rejects(
        createFinding(deps, ANALYST, projectId, { title: 'Staff were kind', body: 'Most said so.', codeIds: [staff], quoteIds: [unquotable[0]] }),
        problem('quotes', /did not agree to be quoted/),
      )
      await assert.rejects(createFinding(deps, ANALYST, projectId, { title: '', body: '', codeIds: [], quoteIds: [] }), (err: unknown) => problem('title', /Enter a title/)(err) && problem('codes', /at least one code/)(err))
      const panelQuote = quotable.find(q => q.label === 'A panel member')!
      const stakeholderQuote = quotable.find(q => q.label === 'Stakeholder: Eastport Advice')!
      ;({ id: findingId } = await createFinding(deps, ANALYST, projectId, { title: 'Staff were kind', body: 'People said the staff were kind.', codeIds: [staff], quoteIds: [panelQuote.segmentId] }))
      await changeFinding(deps, ANALYST, projectId, findingId, { title: 'Staff were kind', body: 'People said the staff were kind.', codeIds: [staff], quoteIds: [panelQuote.segmentId, stakeholderQuote.segmentId] })
      const form = await getFindingForm(deps, ANALYST, projectId, [staff], [panelQuote.segmentId])
      assert.equal(form.candidates[0]!.segmentId, panelQuote.segmentId, 'chosen quotes come first')
      const audit = await d.db.selectFrom('audit_event').select(['action', 'summary']).where('action', 'in', ['analysis.finding_created', 'analysis.finding_changed']).execute()
      assert.equal(audit.length, 2)
      for (const a of audit) assert.ok(!a.summary.includes('kind'), 'no quote text or body in the audit')
    })

    it('publishes to the Core Group: counts apart, quotes without pseudonyms; an erased person is not quoted', async () => {
      assert.deepEqual(await listPublishedFindings(deps, CORE), [])
      await publishFinding(deps, ANALYST, projectId, findingId)
      await assert.rejects(publishFinding(deps, ANALYST, projectId, findingId), problem('publish', /already published/))
      await assert.rejects(listPublishedFindings(deps, MEMBER), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
      const [f] = await listPublishedFindings(deps, CORE)
      assert.ok(f)
      assert.equal(f.title, 'Staff were kind')
      assert.deepEqual(f.codes[0]!.figures, [
        { title: 'People with lived experience', words: 'fewer than 10 of 12' },
        { title: 'Stakeholder organisations (counted apart)', words: 'fewer than 10 of 2' },
      ])
      assert.deepEqual(f.quotes.map(q => q.label).sort(), ['A panel member', 'Stakeholder: Eastport Advice'])
      assert.ok(!JSON.stringify(f).includes(quoter.pseudonym) && !JSON.stringify(f).includes(silent.pseudonym))
      await onParticipantErased(deps, { participantId: quoter.id, deleteContributions: false })
      const [again] = await listPublishedFindings(deps, CORE)
      assert.deepEqual(again!.quotes.map(q => q.label), ['Stakeholder: Eastport Advice'])
    })

    it('exports the codebook and imports it into another analysis, adding only what is new', async () => {
      const { fileName, xml } = await exportCodebook(deps, ANALYST, projectId)
      assert.equal(fileName, 'applying-codebook.qdc')
      const book = readQdc(xml)
      assert.deepEqual(book.codes.map(c => [c.name, c.children.map(k => k.name)]), [['Staff', ['Kind staff']], ['Waiting', []]])
      const { id: other } = await createProject(deps, ANALYST, { title: 'Other', purpose: 'Another look', channel: '', activityId: '', questionId: '' })
      await addCode(deps, ANALYST, other, { name: 'staff', parentId: '', description: '', examples: '' })
      const report = await importCodebook(deps, ANALYST, other, new TextEncoder().encode(xml))
      assert.deepEqual(report.added, ['Staff › Kind staff', 'Waiting'])
      assert.deepEqual(report.skipped, [{ path: 'Staff', reason: 'there is already a code with this name' }])
      const again = await importCodebook(deps, ANALYST, other, new TextEncoder().encode(xml))
      assert.deepEqual(again.added, [])
      assert.equal(again.skipped.length, 3)
      await assert.rejects(importCodebook(deps, ANALYST, other, new TextEncoder().encode('<Project/>')), (err: unknown) => err instanceof RefiError && /not a REFI-QDA codebook/.test(err.message))
      await assert.rejects(importCodebook(deps, MEMBER, other, new TextEncoder().encode(xml)), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
      const audit = await d.db.selectFrom('audit_event').select('summary').where('action', '=', 'analysis.codebook_imported').execute()
      assert.equal(audit.length, 2)
    })

    it('exports the project as .qdpx: redacted sources, this analyst’s coding, read back the same', async () => {
      const out = await exportProject(deps, ANALYST, projectId)
      assert.equal(out.fileName, 'applying.qdpx')
      const p = readQdpx(out.bytes)
      assert.deepEqual(p.users.map(u => u.name), ['Analyst A'])
      const { segments } = await loadProjectSegments(deps, ANALYST, projectId, ANALYST.userId)
      assert.equal(p.sources.length, new Set(segments.map(s => s.itemId)).size)
      const all = p.sources.map(s => s.text).join('\n')
      assert.ok(!all.includes('07700 900123'), 'the text is redacted')
      const coded = segments.filter(s => s.codeIds.length)
      const selections = p.sources.flatMap(s => s.selections.map(x => ({ text: s.text.slice(x.start, x.end), codes: x.codings.map(c => c.codeGuid).sort() })))
      assert.equal(selections.length, coded.length)
      for (const s of coded) assert.ok(selections.some(x => x.text === s.text && x.codes.join() === [...s.codeIds].sort().join()), s.text)
      assert.ok(p.sources.some(s => s.name.includes('Stakeholder: Eastport Advice')))
      const audit = await d.db.selectFrom('audit_event').select('summary').where('action', '=', 'analysis.project_exported').execute()
      assert.equal(audit.length, 1)
    })
  })
}
