import { countUsers } from '../platform/auth/user.repository.ts'
import { systemActor } from '../platform/auth/actor.ts'
import { ROLE_LABELS, type AccountRole } from '../platform/auth/roles.ts'
import type { AppDeps } from '../platform/deps.ts'
import { createActiveUser } from '../modules/accounts/index.ts'

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
}

/** Load the demonstration organisation. Deterministic: the same data every time. */
export async function loadDemo(deps: AppDeps): Promise<DemoSummary> {
  const actor = systemActor('charter demo')
  const lines: string[] = ['Loaded the demonstration organisation.', '', 'Accounts (password for all: ' + DEMO_PASSWORD + '):']
  let users = 0
  for (const s of DEMO_STAFF) {
    await createActiveUser(deps, actor, { email: s.email, displayName: s.name, role: s.role, password: DEMO_PASSWORD })
    users += 1
    lines.push(`  ${ROLE_LABELS[s.role].padEnd(26)} ${s.email}`)
  }
  return { text: lines.join('\n'), users }
}
