import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, type TestDatabase } from '../../test/support/dialects.ts'
import { getParticipantIdentity, listParticipants, type ParticipantResearchDto } from '../modules/panel/index.ts'
import { listPrinciples } from '../modules/charter/index.ts'
import { getActivities, getRounds } from '../modules/engagement/index.ts'
import { getCodebook, getProjectOverview, listAnalysisProjects } from '../modules/analysis/index.ts'
import { getCoreGroup, listCurrentCoreGroupMembers } from '../modules/selection/index.ts'
import { getWorkflowOverview, getWorkingDraft, listCommentsOfRound, listVersions, listVisibleRounds } from '../modules/charter/index.ts'
import { getDecisionLog, getProposalDetail, listDecisionProposals } from '../modules/decisions/index.ts'
import { findOwnParticipantId } from '../modules/panel/index.ts'
import { listUsers } from '../platform/auth/user.repository.ts'
import { systemActor, type Actor } from '../platform/auth/actor.ts'
import { verifyAuditChain } from '../platform/audit/audit.ts'
import { systemClock } from '../platform/clock.ts'
import type { AppDeps } from '../platform/deps.ts'
import { createLogger } from '../platform/logger.ts'
import { generateDemoPanel } from './demo-panel.ts'
import { DEMO_STAFF, loadDemo, type DemoSummary } from './load-demo.ts'

function depsOf(database: TestDatabase): AppDeps {
  return {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    mailer: { send: async () => {}, close: () => {} },
    logger: createLogger('silent'),
  }
}

const READER = systemActor('test')

async function everyone(deps: AppDeps): Promise<ParticipantResearchDto[]> {
  return (await listParticipants(deps, READER, {}, { limit: 10_000, offset: 0 })).participants
}

/** What must be the same between two loads: everything but database ids (random UUIDv7s). */
function comparable(p: ParticipantResearchDto) {
  const { id: _id, enteredByUserId, ...rest } = p
  return { ...rest, enteredBySomeone: enteredByUserId !== null }
}

describe('the demonstration organisation', () => {
  let one: TestDatabase
  let oneOpen = false
  let summary: DemoSummary
  before(async () => {
    one = await createTestDatabase()
    oneOpen = true
    summary = await loadDemo(depsOf(one))
  })
  after(async () => {
    if (oneOpen) await one.close()
  })

  it('keeps the staff accounts and the summary format, with lines for the principles and the panel', () => {
    assert.equal(summary.users, DEMO_STAFF.length)
    assert.equal(summary.principles, 8)
    assert.equal(summary.participants, 300)
    const lines = summary.text.split('\n')
    assert.equal(lines[0], 'Loaded the demonstration organisation.')
    assert.match(summary.text, /Accounts \(password for all: demo-charter-2026\):\n {2}Administrator {14}admin@demo\.charter\.example/)
    assert.match(summary.text, /Charter principles: 8 /)
    assert.match(summary.text, /Panel members: 300 /)
    assert.match(summary.text, /Survey: “Applying for a benefit: your experience”, open, with 40 responses entered from phone calls and paper forms/)
    assert.match(summary.text, /Northshire City \d+, Eastport \d+, Glenmoor \d+, Westhaven \d+, The Isles \d+/)
  })

  it('has an analysis of the survey’s free text: taken in, prepared, a published codebook and half of it coded', async () => {
    const analyst: Actor = { userId: null, role: 'analyst', displayName: 'Analyst' }
    const [project] = await listAnalysisProjects(depsOf(one), analyst)
    assert.equal(project?.title, 'What went wrong when people applied')
    const overview = await getProjectOverview(depsOf(one), analyst, project!.id)
    assert.ok(overview.items > 5, `${overview.items} answers taken in`)
    assert.ok(overview.segments >= overview.items)
    const book = await getCodebook(depsOf(one), analyst, project!.id)
    assert.deepEqual([book.codes.length, book.version], [5, 1])
    const coded = await one.db.selectFrom('analysis_review' as never).select(eb => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    assert.equal(Number((coded as { n: number }).n), Math.ceil(overview.segments / 2))
    assert.match(summary.text, new RegExp(`Analysis: “What went wrong when people applied”, ${overview.items} survey answers taken in and prepared`))
  })

  it('has the eight principles, in order', async () => {
    const principles = await listPrinciples(depsOf(one))
    assert.deepEqual(principles.map(p => p.position), [1, 2, 3, 4, 5, 6, 7, 8])
    assert.ok(principles.every(p => p.body.length > 50 && p.sourceReference?.startsWith('Northshire Social Security Act 2025')))
    assert.match(principles.map(p => p.title).join(' | '), /investment in people.*human right.*Dignity.*poverty.*Designed with the people.*improving.*public money/)
  })

  it('registers everyone through the command: encrypted, audited one by one, and the audit chain holds', async () => {
    const db = one.db
    const registered = await db.selectFrom('audit_event').select(['subject_id', 'actor_role']).where('action', '=', 'panel.participant_registered').execute()
    assert.equal(registered.length, 300)
    assert.deepEqual([...new Set(registered.map(r => r.actor_role))].sort(), ['panel_manager', 'seldom_heard_partner', 'system'])
    const raw = await db
      .withTables<{ panel_identity: { full_name_enc: string; email_enc: string | null } }>()
      .selectFrom('panel_identity')
      .select(['full_name_enc', 'email_enc'])
      .execute()
    assert.equal(raw.length, 300)
    assert.ok(raw.every(r => r.full_name_enc.startsWith('v1.') && (r.email_enc === null || r.email_enc.startsWith('v1.'))))
    const chain = await verifyAuditChain(db)
    assert.equal(chain.ok, true)
    assert.ok(chain.checked > DEMO_STAFF.length + 8 + 300, 'consents, targets and the selection are audited too')
  })

  it('uses only fictional contact details: example.org emails and Ofcom drama-range phone numbers', async () => {
    const deps = depsOf(one)
    const manager: Actor = { userId: null, role: 'panel_manager', displayName: 'Test panel manager' }
    const people = await everyone(deps)
    const identities = await Promise.all(people.map(p => getParticipantIdentity(deps, manager, p.id)))
    for (const who of identities) {
      if (who.email) assert.match(who.email, /^[a-z.]+\.\d+@example\.org$/)
      if (who.phone) assert.match(who.phone, /^07700 900\d{3}$/)
      assert.ok(who.email || who.phone || who.address, 'everyone can be reached somehow')
    }
    const emails = identities.flatMap(i => (i.email ? [i.email] : []))
    assert.equal(new Set(emails).size, emails.length)
    const letterOnly = identities.filter(i => i.preferredChannel === 'letter' && !i.email)
    const phoneOnly = identities.filter(i => i.preferredChannel === 'phone' && !i.email)
    assert.ok(letterOnly.length >= 20, `letter and no email: ${letterOnly.length}`)
    assert.ok(phoneOnly.length >= 20, `phone and no email: ${phoneOnly.length}`)
    assert.ok(identities.some(i => i.preferredFormat === 'bsl') && identities.some(i => i.preferredFormat === 'easy_read'))
  })

  it('is varied: five locations, all age bands, conditions, caring, needs and seldom-heard groups', async () => {
    const people = await everyone(depsOf(one))
    const values = (key: string) => new Set(people.flatMap(p => p.demographics[key] ?? []))
    assert.deepEqual([...values('area')].sort(), ['eastport', 'glenmoor', 'northshire_city', 'the_isles', 'westhaven'])
    for (const band of ['16_24', '25_34', '35_44', '45_54', '55_64', '65_74', '75_plus']) assert.ok(values('age_band').has(band), band)
    for (const c of ['mental_health', 'mobility', 'chronic_pain', 'learning_disability']) assert.ok(values('long_term_condition').has(c), c)
    assert.ok(values('caring').has('50_plus_hours'))
    assert.ok(values('benefits').size >= 8)
    const needs = new Set(people.flatMap(p => p.supportNeeds.map(n => n.need)))
    for (const n of ['bsl_interpreter', 'travel', 'carer_companion', 'quiet_room', 'accessible_venue']) assert.ok(needs.has(n), n)
    const tags = new Set(people.flatMap(p => p.seldomHeardTags))
    for (const tag of ['gypsy_traveller', 'minority_ethnic', 'remote_rural', 'care_experienced', 'homeless_or_insecurely_housed']) assert.ok(tags.has(tag), tag)
    const joined = new Set(people.map(p => p.joinedVia))
    assert.deepEqual([...joined].sort(), ['online', 'partner', 'phone', 'post'])
  })

  it('has a Core Group of 24, drawn by LEXIMIN through the real steps, meeting its quotas', async () => {
    const deps = depsOf(one)
    const analyst: Actor = { userId: null, role: 'analyst', displayName: 'Test analyst' }
    const group = await getCoreGroup(deps, analyst)
    assert.equal(group.current.length, 24)
    assert.equal(group.groupSize, 24)
    assert.deepEqual(group.balance.filter(b => b.problem), [])
    assert.ok(group.current.every(m => m.joinedOn === '2026-09-01'))
    assert.match(summary.text, /Core Group: 24 members drawn by LEXIMIN \(smallest chance [\d.]+%\), from 1 September 2026/)
  })

  it('has the first round of engagement: workshops in the five areas, online and by phone, Core Group meetings and interviews', async () => {
    const deps = depsOf(one)
    const analyst: Actor = { userId: null, role: 'analyst', displayName: 'Test analyst' }
    const [round, ...others] = await getRounds(deps, analyst)
    assert.equal(round?.title, 'First round: co-design workshops')
    assert.equal(others.length, 0)
    const activities = await getActivities(deps, analyst, { roundId: round.id })
    assert.deepEqual(activities.map(a => a.kind).sort(), ['core_group_meeting', 'interview', 'workshop'])
    assert.ok(activities.every(a => a.kind !== 'survey' && a.kind !== 'poll'))
    const workshops = activities.find(a => a.kind === 'workshop')!
    const places = workshops.sessions.filter(s => s.mode === 'in_person').map(s => s.location ?? '')
    for (const area of ['Northshire City', 'Eastport', 'Glenmoor', 'Westhaven', 'The Isles']) assert.ok(places.some(p => p.includes(area)), area)
    assert.deepEqual(workshops.sessions.filter(s => s.mode !== 'in_person').map(s => s.mode), ['online', 'phone'])
    assert.equal(workshops.sessions[0]!.startsAt, '2026-10-12T09:30:00.000Z', '10:30 in summer time')
    assert.equal(workshops.sessions.at(-1)!.startsAt, '2026-11-06T14:00:00.000Z', '2pm in winter time')
    assert.match(summary.text, /Engagement: 1 round, 3 activities, 12 sessions/)
  })

  it('links the Core Group account and has two decisions: one decided by majority (in the public log), one open by consent', async () => {
    const deps = depsOf(one)
    const { rows } = await listUsers(one.db, { role: 'core_group_member' }, { limit: 10, offset: 0 })
    const account = rows.find(r => r.email === 'core.member@demo.charter.example')!
    const own = await findOwnParticipantId(deps, { userId: account.id, role: 'core_group_member', displayName: account.display_name })
    assert.ok((await listCurrentCoreGroupMembers(deps)).some(m => m.participantId === own), 'linked to a current Core Group member')

    const log = await getDecisionLog(deps, { userId: null, role: 'public', displayName: 'Public' })
    assert.equal(log.length, 1)
    assert.deepEqual([log[0]!.title, log[0]!.outcome, log[0]!.tookPart, log[0]!.eligible], ['Commission a poll on phone opening hours', 'adopted', 14, 24])
    const channels = Object.fromEntries(log[0]!.byChannel.map(c => [c.channel, c.count]))
    assert.deepEqual(channels, { meeting: 9, online: 1, phone_facilitated: 4 })
    assert.ok(log[0]!.rationale.length > 50 && log[0]!.reviewOn !== null)

    const analyst: Actor = { userId: null, role: 'analyst', displayName: 'Test analyst' }
    const proposals = await listDecisionProposals(deps, analyst)
    const open = proposals.find(p => p.status === 'open')!
    assert.deepEqual([proposals.length, open.title, open.method], [2, 'Make our phone line free to call', 'consent'])
    const detail = await getProposalDetail(deps, analyst, open.id)
    assert.equal(detail.advice.length, 1)
    assert.match(detail.advice[0]!.authorLabel, /policy official/)
    assert.deepEqual(detail.stakeholderComments.map(c => c.authorLabel), ['Stakeholder: Welfare Rights Network'])
    assert.equal(detail.tookPart, 3)
    assert.match(summary.text, /Decisions: “Commission a poll on phone opening hours” adopted by majority \(14 of 24 took part/)
  })

  it('has a charter draft, two versions, two review rounds and the workflow at advice on version 2', async () => {
    const deps = depsOf(one)
    const official: Actor = { userId: null, role: 'policy_official', displayName: 'Test official' }
    const draft = await getWorkingDraft(deps, official)
    assert.equal(draft.title, 'The Northshire Social Security Charter')
    assert.deepEqual(draft.sections.map(s => s.title), ['Applying', 'Decisions and payments', 'Talking to us', 'When things go wrong'])
    const commitments = draft.sections.flatMap(s => s.commitments)
    assert.equal(commitments.length, 15)
    assert.equal(draft.sections.flatMap(s => s.asks).length, 4)
    assert.ok(commitments.every(c => c.text.startsWith('We will') && c.principles.length > 0))
    assert.deepEqual(new Set(commitments.flatMap(c => c.principles.map(p => p.id))).size, 8, 'every principle is delivered by a commitment')
    assert.ok(commitments.find(c => c.key === 'c-full-entitlement')!.report.jargon.length >= 2, 'jargon for the checker')
    assert.equal(commitments.find(c => c.key === 'c-paid-too-little')!.report.longSentences.length, 1, 'a long sentence for the checker')
    assert.deepEqual(commitments.find(c => c.key === 'c-answer-the-phone')!.links.map(l => [l.kind, l.label]), [['decision', 'Commission a poll on phone opening hours']])
    assert.equal(draft.changedSinceLatest, false)

    const versions = await listVersions(deps, official)
    assert.deepEqual(versions.map(v => [v.number, v.note]).sort(), [[1, 'First draft for the Core Group'], [2, 'Changes after the Core Group’s review']])

    const analyst: Actor = { userId: null, role: 'analyst', displayName: 'Test analyst' }
    const rounds = await listVisibleRounds(deps, analyst)
    const first = rounds.find(r => r.versionNumber === 1)!
    const second = rounds.find(r => r.versionNumber === 2)!
    assert.equal(rounds.length, 2)
    assert.deepEqual([first.status, [...first.audiences].sort()], ['closed', ['core_group', 'stakeholders']])
    assert.deepEqual([second.status, second.acceptingComments, [...second.audiences].sort(), second.stage], ['open', true, ['ombudsman', 'staff'], 'advice'])
    const comments = await listCommentsOfRound(deps, analyst, first.id)
    assert.equal(comments.length, 4)
    assert.deepEqual(comments.map(c => c.label).sort(), [
      'Core Group member — at a meeting, entered by staff',
      'Core Group member — by phone, entered by staff',
      'Core Group member — online',
      'Stakeholder: Welfare Rights Network — online',
    ])
    const answered = comments.filter(c => c.responses.length > 0)
    assert.deepEqual(answered.map(c => [c.label, c.status]), [['Core Group member — online', 'resolved']])
    assert.equal(comments.filter(c => c.status === 'resolved').length, 1)
    assert.deepEqual((await listCommentsOfRound(deps, analyst, second.id)).map(c => c.label), ['Ombudsman — online'])

    const workflow = await getWorkflowOverview(deps, official)
    assert.deepEqual([workflow.stage, workflow.version?.number], ['advice', 2])
    assert.deepEqual(workflow.history.map(h => h.to).sort(), ['Advice from the ombudsman and staff', 'Advice from the ombudsman and staff', 'Core Group review', 'Stakeholder sense-check'])
    assert.match(summary.text, /Charter draft: “The Northshire Social Security Charter”, 4 sections, 15 commitments and 4 /)
    assert.match(summary.text, /Workflow: at “Advice”, on version 2/)
  })

  // Last: it closes the first database before opening the second. (Kysely's migrator looks for its own tables in
  // every PostgreSQL schema, so two test schemas alive at once would confuse it.)
  it('is deterministic: two loads into two fresh databases give the same pseudonyms and the same people', async () => {
    const a = await everyone(depsOf(one))
    const groupA = (await getCoreGroup(depsOf(one), READER)).current.map(m => m.pseudonym)
    const official: Actor = { userId: null, role: 'policy_official', displayName: 'Test official' }
    const draftText = async (db: TestDatabase) => (await getWorkingDraft(depsOf(db), official)).sections.flatMap(s => [s.key, ...s.commitments.map(c => `${c.key}: ${c.text}`), ...s.asks.map(a => a.key)])
    const draftA = await draftText(one)
    await one.close()
    oneOpen = false
    const two = await createTestDatabase()
    try {
      await loadDemo(depsOf(two))
      const b = await everyone(depsOf(two))
      assert.equal(a.length, 300)
      assert.deepEqual(a.map(p => p.pseudonym), b.map(p => p.pseudonym))
      assert.deepEqual(a.map(comparable), b.map(comparable))
      assert.equal(new Set(a.map(p => p.pseudonym)).size, 300)
      assert.deepEqual(generateDemoPanel(), generateDemoPanel(), 'the generator itself repeats exactly')
      assert.deepEqual((await getCoreGroup(depsOf(two), READER)).current.map(m => m.pseudonym), groupA, 'the same Core Group')
      assert.deepEqual(await draftText(two), draftA, 'the same charter draft')
    } finally {
      await two.close()
    }
  })
})
