import { ALL_ROLES, ROLES, type Role } from './roles.ts'

/**
 * THE permission table: for each role, the actions it may take. Every route names exactly one action
 * (route option `config.permission`); app start-up refuses a route without one, and a test walks every
 * route with every role against this table. To let a role do something new, add the action here.
 */
export const ACTIONS = [
  // Anyone, signed in or not
  'site:view',
  'auth:sign_in',
  'invitation:accept',
  // Any signed-in account
  'account:view',
  'account:sign_out',
  // Staff administration
  'users:manage',
  // The audit trail
  'audit:read',
  'audit:verify',
  // The panel: pseudonymised research data, and identity (names, contact details) for the panel manager only
  'panel:read_research',
  'panel:read_identity',
  'panel:register',
  'panel:join',
  'panel:own_record',
  'panel:edit',
  'panel:erase',
  'panel:import',
  'panel:export_research',
  'panel:read_support_needs',
  'panel:read_representation',
  'panel:configure',
  // Fair selection of the Core Group, and the Core Group's membership
  'selection:read',
  'selection:run',
  'selection:manage_core_group',
  // Engagement: activities, sessions, invitations, attendance, surveys and polls
  'engagement:read',
  'engagement:manage',
  'engagement:respond',
  'engagement:enter_on_behalf',
  'engagement:invite',
  'engagement:record_attendance',
  'engagement:manage_expenses',
  // The evidence store: items from every channel with their provenance, and notes captured from sessions
  'evidence:read',
  'evidence:capture',
  // Analysis: preparing evidence, the codebook, coding, suggestions, counts and findings; published findings
  'analysis:read',
  'analysis:code',
  'analysis:read_findings',
  // Core Group decisions: proposals, discussion, votes (by channel), outcomes; the public decision log
  'decisions:read',
  'decisions:read_published',
  'decisions:propose',
  'decisions:vote',
  'decisions:facilitate',
  'decisions:manage',
  'decisions:advise',
  'decisions:comment_stakeholder',
  // The charter: principles, drafting and versions, review rounds and comments, workflow, approval, publishing
  'charter:read_published',
  'charter:manage_principles',
  'charter:read_drafts',
  'charter:draft',
  'charter:review',
  'charter:read_reviews',
  'charter:manage_reviews',
  'charter:manage_workflow',
  'charter:approve',
  // Measurement: the framework (outcomes and measures per commitment) and measurements; what is published
  'measurement:read',
  'measurement:manage',
  'measurement:read_published',
  // Redress: complaints against the charter's commitments (anyone may complain), handling, complaints performance
  'redress:complain',
  'redress:handle',
  'redress:read_performance',
] as const
export type Action = (typeof ACTIONS)[number]

/** 'engagement:respond': anyone may answer a public poll; a survey for the panel also checks, per survey, who was invited. */
const EVERYONE: readonly Action[] = [
  'site:view',
  'auth:sign_in',
  'invitation:accept',
  'charter:read_published',
  'decisions:read_published',
  'panel:join',
  'engagement:respond',
  'measurement:read_published',
  'redress:complain',
]
const SIGNED_IN: readonly Action[] = [...EVERYONE, 'account:view', 'account:sign_out']
/** People with lived experience: their own record and consents. */
const PANEL_PERSON: readonly Action[] = [...SIGNED_IN, 'panel:own_record']
/**
 * The Core Group decides on findings the analysts publish to it: proposes, votes, runs its own decisions, reviews
 * and signs off charter drafts (sign-off is a decision).
 */
const CORE_GROUP_PERSON: readonly Action[] = [
  ...PANEL_PERSON,
  'analysis:read_findings',
  'decisions:read',
  'decisions:propose',
  'decisions:vote',
  'decisions:manage',
  'charter:read_drafts',
  'charter:review',
  'charter:read_reviews',
  'measurement:read',
]

export const PERMISSION_TABLE: Readonly<Record<Role, readonly Action[]>> = {
  public: EVERYONE,
  panel_member: PANEL_PERSON,
  core_group_member: CORE_GROUP_PERSON,
  seldom_heard_partner: [...SIGNED_IN, 'panel:register', 'engagement:enter_on_behalf'],
  /** Sense-check drafts in the rounds opened to them and comment on proposals; never vote, never sign off. */
  stakeholder: [...SIGNED_IN, 'decisions:comment_stakeholder', 'charter:review', 'charter:read_reviews'],
  analyst: [
    ...SIGNED_IN,
    'panel:read_research',
    'panel:export_research',
    'panel:read_support_needs',
    'panel:read_representation',
    'selection:read',
    'selection:run',
    'selection:manage_core_group',
    'engagement:read',
    'engagement:manage',
    'engagement:enter_on_behalf',
    'engagement:record_attendance',
    'evidence:read',
    'evidence:capture',
    'analysis:read',
    'analysis:code',
    'analysis:read_findings',
    'decisions:read',
    'decisions:facilitate',
    'decisions:manage',
    'charter:read_drafts',
    'charter:draft',
    'charter:read_reviews',
    'charter:manage_reviews',
    'measurement:read',
    'measurement:manage',
  ],
  panel_manager: [
    ...SIGNED_IN,
    'panel:read_research',
    'panel:read_identity',
    'panel:register',
    'panel:edit',
    'panel:erase',
    'panel:import',
    'panel:export_research',
    'panel:read_support_needs',
    'panel:read_representation',
    'panel:configure',
    'selection:read',
    'selection:run',
    'selection:manage_core_group',
    'engagement:read',
    'engagement:manage',
    'engagement:enter_on_behalf',
    'engagement:invite',
    'engagement:record_attendance',
    'engagement:manage_expenses',
    'evidence:read',
    'evidence:capture',
    'decisions:facilitate',
    'charter:read_reviews',
    'charter:manage_reviews',
  ],
  /** Officials draft with the Core Group and advise on proposals; they never vote. */
  policy_official: [
    ...SIGNED_IN,
    'charter:manage_principles',
    'analysis:read_findings',
    'decisions:read',
    'decisions:propose',
    'decisions:advise',
    'charter:read_drafts',
    'charter:draft',
    'charter:read_reviews',
    'charter:manage_reviews',
    'charter:manage_workflow',
    'measurement:read',
    'measurement:manage',
    'redress:read_performance',
  ],
  /** The ombudsman, the expert advisory group and the staff sounding board: advise and comment in their own channel. */
  advisor: [...SIGNED_IN, 'analysis:read_findings', 'decisions:read', 'decisions:advise', 'charter:review', 'charter:read_reviews', 'measurement:read'],
  /** Approves one frozen version; reads the drafts and the decisions behind them. */
  approver: [...SIGNED_IN, 'decisions:read', 'charter:read_drafts', 'charter:read_reviews', 'charter:approve', 'measurement:read'],
  complaints_handler: [...SIGNED_IN, 'redress:handle', 'redress:read_performance'],
  scrutiny_body: [...SIGNED_IN, 'audit:read', 'audit:verify', 'panel:read_representation', 'decisions:read', 'charter:read_drafts', 'charter:read_reviews', 'measurement:read', 'redress:read_performance'],
  admin: [
    ...SIGNED_IN,
    'users:manage',
    'audit:read',
    'audit:verify',
    'panel:read_research',
    'panel:read_representation',
    'panel:configure',
    'charter:manage_principles',
  ],
}

const LOOKUP: ReadonlyMap<Role, ReadonlySet<Action>> = new Map(
  ALL_ROLES.map(r => [r, new Set(PERMISSION_TABLE[r])] as const),
)

export function can(role: Role, action: Action): boolean {
  return LOOKUP.get(role)?.has(action) ?? false
}

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value)
}

/** Roles (with accounts) that may take an action: used for "who can do this" help and tests. */
export function rolesThatCan(action: Action): Role[] {
  return ALL_ROLES.filter(r => can(r, action))
}

export { ROLES }
