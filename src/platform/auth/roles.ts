/** Every role of DESIGN.md. `public` is the signed-out visitor; no account ever holds it. */
export const ROLES = [
  'panel_member',
  'core_group_member',
  'seldom_heard_partner',
  'stakeholder',
  'analyst',
  'panel_manager',
  'policy_official',
  'advisor',
  'approver',
  'complaints_handler',
  'scrutiny_body',
  'admin',
] as const
export type AccountRole = (typeof ROLES)[number]
export type Role = AccountRole | 'public'
export const ALL_ROLES: readonly Role[] = ['public', ...ROLES]

export const ROLE_LABELS: Record<Role, string> = {
  public: 'Member of the public',
  panel_member: 'Panel member',
  core_group_member: 'Core Group member',
  seldom_heard_partner: 'Seldom-heard partner',
  stakeholder: 'Stakeholder organisation',
  analyst: 'Analyst',
  panel_manager: 'Panel manager',
  policy_official: 'Policy official',
  advisor: 'Advisor',
  approver: 'Approver',
  complaints_handler: 'Complaints handler',
  scrutiny_body: 'Scrutiny body',
  admin: 'Administrator',
}

export const ROLE_DESCRIPTIONS: Record<AccountRole, string> = {
  panel_member: 'A person with lived experience who takes part in research',
  core_group_member: 'A panel member selected into the Core Group, who makes the key decisions',
  seldom_heard_partner: 'An organisation that runs sessions with groups missing from the panel',
  stakeholder: 'A representative organisation that sense-checks drafts but never signs off',
  analyst: 'The research team: runs activities and analyses evidence',
  panel_manager: 'Staff who hold contact details and run recruitment, invitations and expenses',
  policy_official: 'Drafts charter text with the Core Group and records advice',
  advisor: 'An ombudsman, expert advisory group or staff sounding board',
  approver: 'Ministers, parliament or a board, who approve one frozen version',
  complaints_handler: 'Staff who handle complaints against charter commitments',
  scrutiny_body: 'An independent body that reads everything except personal data',
  admin: 'Operates the platform: organisation settings, users and roles',
}

export function isAccountRole(value: string): value is AccountRole {
  return (ROLES as readonly string[]).includes(value)
}
