import { countUsers } from '../platform/auth/user.repository.ts'
import { systemActor, type Actor } from '../platform/auth/actor.ts'
import { ROLE_LABELS, type AccountRole } from '../platform/auth/roles.ts'
import type { AppDeps } from '../platform/deps.ts'
import { createActiveUser, type UserDto } from '../modules/accounts/index.ts'
import { addPrinciple } from '../modules/charter/index.ts'
import { changeConsents, panelCatalogue, registerParticipants, seededPseudonyms, setRepresentationTargets, type ParticipantResearchDto } from '../modules/panel/index.ts'
import { confirmSelection, createSelection, drawSelection, getRunView, startComputation, waitForComputations } from '../modules/selection/index.ts'
import { generateDemoPanel, DEMO_PANEL_SEED, type DemoEnteredBy } from './demo-panel.ts'
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
