import { countUsers } from '../platform/auth/user.repository.ts'
import { systemActor, type Actor } from '../platform/auth/actor.ts'
import { ROLE_LABELS, type AccountRole } from '../platform/auth/roles.ts'
import type { AppDeps } from '../platform/deps.ts'
import { createActiveUser, type UserDto } from '../modules/accounts/index.ts'
import { addPrinciple } from '../modules/charter/index.ts'
import {
  addAccommodation,
  addSession,
  addSurveyQuestion,
  addSurveySection,
  changeActivityStatus,
  claimExpense,
  createActivity,
  createRound,
  getSurveyBuilder,
  getSurveyForAnswering,
  londonToUtc,
  recordAttendance,
  saveSurveyAnswer,
  saveSurveyIntro,
  setSurveyCondition,
  startEntryOnBehalf,
  submitSurveyResponse,
  type AnswerValue,
  type QuestionInput,
  type SessionInput,
} from '../modules/engagement/index.ts'
import { changeConsents, panelCatalogue, registerParticipants, seededPseudonyms, setRepresentationTargets, type ParticipantResearchDto } from '../modules/panel/index.ts'
import { confirmSelection, createSelection, drawSelection, getCoreGroup, getRunView, startComputation, waitForComputations } from '../modules/selection/index.ts'
import { generateDemoPanel, DEMO_PANEL_SEED, type DemoEnteredBy } from './demo-panel.ts'
import { loadDemoAnalysis } from './demo-analysis.ts'
import { loadDemoCharter } from './demo-charter.ts'
import { loadDemoInvitations } from './demo-invitations.ts'
import { DEMO_PRINCIPLES } from './demo-principles.ts'
import { mulberry32 } from './prng.ts'

/** Every demonstration account uses this password. Demonstration data is refused in production. */
export const DEMO_PASSWORD = 'demo-charter-2026'

export const DEMO_STAFF: readonly { role: AccountRole; email: string; name: string }[] = [
  { role: 'admin', email: 'admin@demo.charter.example', name: 'Alex Morgan' },
  { role: 'analyst', email: 'analyst@demo.charter.example', name: 'Priya Shah' },
  { role: 'panel_manager', email: 'panel.manager@demo.charter.example', name: 'Jamie Reid' },
  { role: 'policy_official', email: 'policy@demo.charter.example', name: 'Morag Campbell' },
  { role: 'advisor', email: 'ombudsman@demo.charter.example', name: 'Dr Hannah Okafor' },
  { role: 'approver', email: 'approver@demo.charter.example', name: 'Committee Clerk' },
  { role: 'complaints_handler', email: 'complaints@demo.charter.example', name: 'Sam Hughes' },
  { role: 'scrutiny_body', email: 'scrutiny@demo.charter.example', name: 'Independent Commission' },
  { role: 'stakeholder', email: 'stakeholder@demo.charter.example', name: 'Welfare Rights Network' },
  { role: 'seldom_heard_partner', email: 'partner@demo.charter.example', name: 'Traveller Community Trust' },
  { role: 'core_group_member', email: 'core.member@demo.charter.example', name: 'Core Group member (demo)' },
  { role: 'panel_member', email: 'panel.member@demo.charter.example', name: 'Panel member (demo)' },
]

export async function hasAnyUsers(deps: AppDeps): Promise<boolean> {
  return (await countUsers(deps.db)) > 0
}

export interface DemoSummary {
  text: string
  users: number
  principles: number
  participants: number
}

/** Registrations per transaction: each is still validated, encrypted and audited one by one. */
const PANEL_BATCH = 100

/** Load the demonstration organisation. Deterministic: the same data every time. */
export async function loadDemo(deps: AppDeps): Promise<DemoSummary> {
  const actor = systemActor('charter demo')
  const lines: string[] = ['Loaded the demonstration organisation.', '', 'Accounts (password for all: ' + DEMO_PASSWORD + '):']
  let users = 0
  const staff = new Map<AccountRole, UserDto>()
  for (const s of DEMO_STAFF) {
    staff.set(s.role, await createActiveUser(deps, actor, { email: s.email, displayName: s.name, role: s.role, password: DEMO_PASSWORD }))
    users += 1
    lines.push(`  ${ROLE_LABELS[s.role].padEnd(26)} ${s.email}`)
  }

  const principles = await loadDemoPrinciples(deps, asActor(staff.get('policy_official'), 'charter demo: policy team'))
  lines.push('', `Charter principles: ${principles} (from the fictional Northshire Social Security Act 2025)`)

  const participants = await loadDemoPanel(deps, staff)
  const areaCounts = new Map<string, number>()
  for (const p of participants) for (const a of p.demographics.area ?? []) areaCounts.set(a, (areaCounts.get(a) ?? 0) + 1)
  const area = panelCatalogue().dimensions.find(d => d.key === 'area')
  lines.push(
    `Panel members: ${participants.length} (contact details encrypted; research data by pseudonym, e.g. ${participants[0]?.pseudonym ?? '-'})`,
    `  ${(area?.options ?? []).filter(o => areaCounts.has(o.code)).map(o => `${o.label} ${areaCounts.get(o.code)}`).join(', ')}`,
  )
  const consenting = await loadDemoConsents(deps, asActor(staff.get('panel_manager'), 'charter demo: panel manager'), participants)
  lines.push(`  ${consenting} agreed to be contacted for research; population targets set for area, gender and age`)

  const coreGroup = await loadDemoCoreGroup(deps, asActor(staff.get('analyst'), 'charter demo: research team'))
  lines.push(`Core Group: ${coreGroup.size} members drawn by LEXIMIN (smallest chance ${coreGroup.minimum}), from 1 September 2026`)

  const engagement = await loadDemoEngagement(deps, asActor(staff.get('analyst'), 'charter demo: research team'))
  lines.push(`Engagement: ${engagement.rounds} round, ${engagement.activities} activities, ${engagement.sessions} sessions (workshops in the five areas, online and by phone)`)
  const arrangements = await loadDemoArrangements(deps, asActor(staff.get('analyst'), 'charter demo: research team'), engagement, participants)
  lines.push(`  Attendance at the Northshire City workshop: ${arrangements.tookPart} took part (${arrangements.byPhone} by phone), ${arrangements.absent} did not attend; 2 accommodations for the December Core Group meeting (a BSL interpreter to arrange, an accessible room arranged); 1 expense claim waiting for approval`)

  const survey = await loadDemoSurvey(deps, asActor(staff.get('analyst'), 'charter demo: research team'), participants.slice(0, 60).map(p => p.pseudonym))
  lines.push(`Survey: “${DEMO_SURVEY_TITLE}”, open, with ${survey.responses} responses entered from phone calls and paper forms`)
  lines.push(await loadDemoInvitations(deps, asActor(staff.get('panel_manager'), 'charter demo: panel manager')))
  const analysis = await loadDemoAnalysis(deps, asActor(staff.get('analyst'), 'charter demo: research team'))
  lines.push(`Analysis: “What went wrong when people applied”, ${analysis.items} survey answers taken in and prepared, a codebook of 5 codes, ${analysis.coded} segments coded`)
  lines.push(
    ...(await loadDemoCharter(deps, {
      policyOfficial: asActor(staff.get('policy_official'), 'charter demo: policy team'),
      analyst: asActor(staff.get('analyst'), 'charter demo: research team'),
      panelManager: asActor(staff.get('panel_manager'), 'charter demo: panel manager'),
      coreGroupMember: asActor(staff.get('core_group_member'), 'charter demo: Core Group'),
      stakeholder: asActor(staff.get('stakeholder'), 'charter demo: stakeholder'),
      ombudsman: asActor(staff.get('advisor'), 'charter demo: ombudsman'),
    })),
  )
  return { text: lines.join('\n'), users, principles, participants: participants.length }
}

/**
 * Consents as the members gave them (deterministic): most agreed to be contacted for research, and most to us keeping
 * their answers on health, disability and ethnic group. And the organisation's population targets.
 */
async function loadDemoConsents(deps: AppDeps, actor: Actor, participants: readonly ParticipantResearchDto[]): Promise<number> {
  const random = mulberry32(DEMO_PANEL_SEED + 2)
  let consenting = 0
  for (const p of participants) {
    const contact = random() < 0.93
    const special = random() < 0.85
    if (contact) consenting++
    await changeConsents(deps, actor, p.id, [
      { purpose: 'contact_research', given: contact },
      { purpose: 'special_category', given: special },
      { purpose: 'quotes', given: random() < 0.7 },
    ])
  }
  await setRepresentationTargets(deps, actor, {
    targets: {
      area: { northshire_city: 38, eastport: 20, westhaven: 18, glenmoor: 14, the_isles: 10 },
      gender: { woman: 51, man: 47, non_binary: 1, another_way: 1 },
      age_band: { '16_24': 12, '25_34': 17, '35_44': 17, '45_54': 18, '55_64': 17, '65_74': 12, '75_plus': 7 },
    },
    tolerance: 5,
    attritionMonths: 12,
  })
  return consenting
}

/** The Core Group, selected through the real steps: quotas from the targets, LEXIMIN, a seeded draw, confirmation. */
async function loadDemoCoreGroup(deps: AppDeps, actor: Actor): Promise<{ size: number; minimum: string }> {
  const { id } = await createSelection(deps, actor, {
    title: 'Core Group 2026',
    panelSize: 24,
    algorithm: 'leximin',
    dimensions: ['area', 'gender', 'age_band'],
    seldomHeardMin: 3,
    slack: 1,
  })
  await startComputation(deps, actor, id)
  await waitForComputations()
  const computed = await getRunView(deps, actor, id)
  if (computed.status !== 'computed') throw new Error(`The demonstration Core Group could not be selected: ${computed.error ?? computed.status}`)
  await drawSelection(deps, actor, id, { seed: '7 14 21 28 35 42 (demonstration seed)', witnesses: 'Demonstration: no witnesses' })
  const { joined } = await confirmSelection(deps, actor, id, { startsOn: '2026-09-01' })
  return { size: joined.length, minimum: computed.result?.minimum ?? '' }
}

/** A demonstration staff account as the actor, so the audit trail shows who did what. */
function asActor(user: UserDto | undefined, fallback: string): Actor {
  return user ? { userId: user.id, role: user.role, displayName: user.displayName } : systemActor(fallback)
}

async function loadDemoPrinciples(deps: AppDeps, actor: Actor): Promise<number> {
  for (const p of DEMO_PRINCIPLES) await addPrinciple(deps, actor, p)
  return DEMO_PRINCIPLES.length
}

/**
 * The demonstration panel, registered through the real command (validated, encrypted, audited one by one), with
 * repeatable pseudonyms. Online sign-ups are entered by the system; phone and post by the panel manager; partner
 * referrals by the partner organisation, so the audit trail shows who entered what.
 */
async function loadDemoPanel(deps: AppDeps, staff: ReadonlyMap<AccountRole, UserDto>): Promise<ParticipantResearchDto[]> {
  const actors: Record<DemoEnteredBy, Actor> = {
    self: systemActor('charter demo: online sign-ups'),
    panel_manager: asActor(staff.get('panel_manager'), 'charter demo: panel manager'),
    partner: asActor(staff.get('seldom_heard_partner'), 'charter demo: partner'),
  }
  const pseudonyms = seededPseudonyms(mulberry32(DEMO_PANEL_SEED + 1))
  const members = generateDemoPanel()
  const registered: ParticipantResearchDto[] = []
  for (const enteredBy of ['self', 'panel_manager', 'partner'] as const) {
    const inputs = members.filter(m => m.enteredBy === enteredBy).map(m => m.input)
    for (let i = 0; i < inputs.length; i += PANEL_BATCH) {
      registered.push(...(await registerParticipants(deps, actors[enteredBy], inputs.slice(i, i + PANEL_BATCH), { pseudonyms })))
    }
  }
  return registered
}

/** A session on a date (YYYY-MM-DD) from one UK time to another ("10:30"), stored in UTC. */
function demoSession(date: string, from: string, to: string, rest: Omit<SessionInput, 'startsAt' | 'endsAt'>): SessionInput {
  const at = (time: string) => {
    const [hours, minutes] = time.split(':').map(Number) as [number, number]
    const iso = londonToUtc(date, { hours, minutes })
    if (!iso) throw new Error(`demo session: ${date} ${time} is not a time in the UK`)
    return iso
  }
  return { ...rest, startsAt: at(from), endsAt: at(to) }
}

const IN_PERSON = { mode: 'in_person', joiningDetails: '', capacity: 14 } as const

/**
 * The first round of engagement, through the real commands: co-design workshops in the five areas (in person, one
 * online and one by phone), the Core Group's meetings, and telephone interviews for people who cannot come to a
 * workshop. (No surveys: they have their own demonstration.) The round spans the end of summer time on 25 October
 * 2026, so times show in GMT and BST.
 */
async function loadDemoEngagement(deps: AppDeps, actor: Actor): Promise<{ rounds: number; activities: number; sessions: number; northshireWorkshopId: string; decemberMeetingId: string }> {
  const round = await createRound(deps, actor, {
    title: 'First round: co-design workshops',
    description: 'What a good experience of applying for and getting support looks like, in each area, to shape the first draft of the charter.',
    startsOn: '2026-10-05',
    endsOn: '2026-11-27',
  })
  let sessions = 0
  const workshops = await createActivity(deps, actor, {
    roundId: round.id,
    kind: 'workshop',
    title: 'Workshops: applying for and getting support',
    purpose: 'To hear what helped and what got in the way when people applied for support, so the charter can promise what should always happen. What people say is written up without names and shared with the Core Group.',
    audience: 'whole_panel',
    audienceDetail: '',
    commissionedBy: 'core_group',
    commissioningDecision: 'Core Group decision 3, 22 September 2026',
    opensOn: '2026-10-12',
    closesOn: '2026-11-06',
  })
  const workshopSessions: SessionInput[] = [
    demoSession('2026-10-12', '10:30', '13:00', { ...IN_PERSON, location: 'Northshire City Library, Northshire City', address: '2 Castle Street, Northshire City', accessibility: 'Step-free access, hearing loop, quiet room, BSL interpreter booked' }),
    demoSession('2026-10-15', '13:30', '16:00', { ...IN_PERSON, location: 'Eastport Community Centre, Eastport', address: '14 Harbour Road, Eastport', accessibility: 'Step-free access, hearing loop, accessible toilet' }),
    demoSession('2026-10-21', '10:30', '13:00', { ...IN_PERSON, location: 'Glenmoor Village Hall, Glenmoor', address: 'Main Street, Glenmoor', accessibility: 'Step-free access; travel costs paid, including taxis' }),
    demoSession('2026-10-28', '10:30', '13:00', { ...IN_PERSON, location: 'Westhaven Family Centre, Westhaven', address: '8 Mill Lane, Westhaven', accessibility: 'Step-free access, crèche, quiet room' }),
    demoSession('2026-11-03', '11:00', '13:30', { ...IN_PERSON, capacity: 10, location: 'The Isles Community Hub, Kirkhaven', address: 'Pier Road, Kirkhaven', accessibility: 'Step-free access; ferry costs paid' }),
    demoSession('2026-11-04', '18:00', '19:30', { mode: 'online', location: '', address: '', joiningDetails: 'A video call link is emailed the day before. You can join by video or just listen.', capacity: 20, accessibility: 'Live captions; breaks every 30 minutes' }),
    demoSession('2026-11-06', '14:00', '15:00', { mode: 'phone', location: '', address: '', joiningDetails: 'A conference call: we send the number and a PIN by text or letter.', capacity: 6, accessibility: 'Papers sent by post beforehand, in large print or Easy Read if asked' }),
  ]
  const workshopIds: string[] = []
  for (const s of workshopSessions) workshopIds.push((await addSession(deps, actor, workshops.id, s)).id)
  sessions += workshopSessions.length
  await changeActivityStatus(deps, actor, workshops.id, 'open')

  const meetings = await createActivity(deps, actor, {
    roundId: round.id,
    kind: 'core_group_meeting',
    title: 'Core Group meetings, autumn 2026',
    purpose: 'The Core Group meets every month to look at what the workshops found and decide what the first draft of the charter should say.',
    audience: 'core_group',
    audienceDetail: '',
    commissionedBy: 'research_team',
    commissioningDecision: '',
    opensOn: '2026-10-01',
    closesOn: '2026-12-10',
  })
  const meetingIds: string[] = []
  for (const date of ['2026-10-01', '2026-11-05', '2026-12-10']) {
    meetingIds.push((await addSession(deps, actor, meetings.id, demoSession(date, '10:00', '15:00', { ...IN_PERSON, capacity: 30, location: 'Northshire City Chambers, Northshire City', address: '1 Market Square, Northshire City', accessibility: 'Step-free access, hearing loop, quiet room, lunch provided; travel and care costs paid' }))).id)
    sessions += 1
  }
  await changeActivityStatus(deps, actor, meetings.id, 'open')

  const interviews = await createActivity(deps, actor, {
    roundId: round.id,
    kind: 'interview',
    title: 'Telephone interviews: people who cannot come to a workshop',
    purpose: 'One-to-one conversations by phone with people who told us they cannot travel or find groups hard, so that their views are in the first draft too.',
    audience: 'selection',
    audienceDetail: 'Panel members who prefer phone contact and said they cannot come to a workshop',
    commissionedBy: 'research_team',
    commissioningDecision: '',
    opensOn: '2026-10-19',
    closesOn: '2026-11-13',
  })
  for (const [date, from, to] of [['2026-10-19', '10:00', '16:00'], ['2026-11-09', '10:00', '16:00']] as const) {
    await addSession(deps, actor, interviews.id, demoSession(date, from, to, { mode: 'phone', location: '', address: '', joiningDetails: 'We call you at the time you chose. Each interview takes about 45 minutes.', capacity: 6, accessibility: 'A support worker or family member can join the call' }))
    sessions += 1
  }
  return { rounds: 1, activities: 3, sessions, northshireWorkshopId: workshopIds[0]!, decemberMeetingId: meetingIds[2]! }
}

/**
 * Arrangements, through the real commands: who came to the first workshop (in Northshire City, 12 October 2026;
 * one took part by phone, which feeds the panel's "last took part"), what must be arranged for the Core Group's
 * December meeting, and a travel claim waiting for the panel manager's approval.
 */
async function loadDemoArrangements(
  deps: AppDeps,
  actor: Actor,
  sessions: { northshireWorkshopId: string; decemberMeetingId: string },
  participants: readonly ParticipantResearchDto[],
): Promise<{ tookPart: number; byPhone: number; absent: number }> {
  const local = participants.filter(p => p.status === 'active' && (p.demographics.area ?? []).includes('northshire_city')).map(p => p.pseudonym)
  const [attended, byPhone, absent] = [local.slice(0, 6), local.slice(6, 7), local.slice(7, 8)]
  await recordAttendance(deps, actor, sessions.northshireWorkshopId, { pseudonyms: attended.join('\n'), status: 'attended' })
  await recordAttendance(deps, actor, sessions.northshireWorkshopId, { pseudonyms: byPhone.join('\n'), status: 'by_phone' })
  await recordAttendance(deps, actor, sessions.northshireWorkshopId, { pseudonyms: absent.join('\n'), status: 'did_not_attend' })

  const [first, second] = (await getCoreGroup(deps, actor)).current.map(m => m.pseudonym)
  await addAccommodation(deps, actor, sessions.decemberMeetingId, { kind: 'bsl_interpreter', pseudonym: first ?? '', status: 'needed', note: 'Two interpreters for the whole day (10am to 3pm): ask the agency used in October' })
  await addAccommodation(deps, actor, sessions.decemberMeetingId, { kind: 'accessible_room', pseudonym: second ?? '', status: 'confirmed', note: 'Ground-floor committee room with a hoist-accessible toilet, booked with the City Chambers' })

  await claimExpense(deps, actor, sessions.northshireWorkshopId, { pseudonym: attended[0]!, kind: 'travel', amount: '8.40', hasReceipt: true, note: 'Return bus fare to the library' })
  return { tookPart: attended.length + byPhone.length, byPhone: byPhone.length, absent: absent.length }
}

export const DEMO_SURVEY_TITLE = 'Applying for a benefit: your experience'

/**
 * A whole-panel survey the Core Group commissioned, open, with answers staff entered from phone calls and paper forms
 * (the demonstration members have no accounts): single and multiple choice, a scale, and a free-text follow-up asked
 * only of those who said something went wrong.
 */
async function loadDemoSurvey(deps: AppDeps, actor: Actor, pseudonyms: readonly string[]): Promise<{ responses: number }> {
  const { id: activityId } = await createActivity(deps, actor, {
    roundId: null,
    kind: 'survey',
    title: DEMO_SURVEY_TITLE,
    purpose: 'To hear how applying for a benefit went, so the charter’s commitments on applying reflect it.',
    audience: 'whole_panel',
    audienceDetail: '',
    commissionedBy: 'core_group',
    commissioningDecision: 'Core Group decision 3, 14 October 2026',
    opensOn: '2026-10-20',
    closesOn: '2026-12-18',
  })
  await saveSurveyIntro(deps, actor, activityId, 'We would like to hear how applying for a benefit went for you. It takes about 5 minutes. You can skip any question that is not required.')
  const { id: sectionId } = await addSurveySection(deps, actor, activityId, { title: 'Applying', description: '' })
  const q = (over: Partial<QuestionInput>): QuestionInput => ({
    sectionId,
    type: 'single_choice',
    text: '',
    hint: '',
    easyRead: '',
    required: true,
    options: '',
    rows: '',
    scaleMin: '1',
    scaleMax: '5',
    scaleMinLabel: '',
    scaleMaxLabel: '',
    ...over,
  })
  const applied = await addSurveyQuestion(deps, actor, activityId, q({ text: 'Did something go wrong when you applied?', options: 'Yes\nNo\nI am not sure', easyRead: 'Was there a problem when you asked us for money?' }))
  const wrong = await addSurveyQuestion(deps, actor, activityId, q({ type: 'free_text', text: 'What went wrong?', required: false, hint: 'Do not include your name or anyone else’s.' }))
  const easy = await addSurveyQuestion(deps, actor, activityId, q({ type: 'scale', text: 'How easy was it to apply?', scaleMinLabel: 'Very hard', scaleMaxLabel: 'Very easy' }))
  const helped = await addSurveyQuestion(deps, actor, activityId, q({ type: 'multiple_choice', text: 'What helped you apply?', options: 'A friend or family member\nAn adviser\nThe phone line\nThe website', required: false }))
  await setSurveyCondition(deps, actor, activityId, wrong.id, { questionId: applied.id, options: ['o1'] })
  await changeActivityStatus(deps, actor, activityId, 'open')

  const parts = await getSurveyForAnswering(deps, (await getSurveyBuilder(deps, actor, activityId)).surveyId!)
  const question = (id: string) => parts.questions.find(x => x.id === id)!
  const random = mulberry32(DEMO_PANEL_SEED + 3)
  const problems = [
    'I was on hold for over an hour and then cut off.',
    'The form asked the same thing three times.',
    'Nobody told me what evidence to send, so it was sent back.',
    'The letter was not in large print, so I could not read it.',
    'I had to travel to an assessment I could not get to.',
  ]
  let responses = 0
  for (const pseudonym of pseudonyms.slice(0, 40)) {
    const response = await startEntryOnBehalf(deps, actor, parts.survey.id, { pseudonym, channel: random() < 0.7 ? 'phone' : 'paper' })
    const wentWrong = random() < 0.45 ? 'o1' : random() < 0.85 ? 'o2' : 'o3'
    const answers: [string, AnswerValue][] = [
      [applied.id, wentWrong],
      ...(wentWrong === 'o1' ? [[wrong.id, problems[Math.floor(random() * problems.length)]!] as [string, AnswerValue]] : []),
      [easy.id, 1 + Math.floor(random() * 5)],
      [helped.id, ['o1', 'o2', 'o3', 'o4'].filter(() => random() < 0.35)],
    ]
    for (const [id, value] of answers) await saveSurveyAnswer(deps, actor, response, question(id), value)
    if (await submitSurveyResponse(deps, actor, response)) responses++
  }
  return { responses }
}
