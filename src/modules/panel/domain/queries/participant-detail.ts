import { getUser } from '../../../accounts/index.ts'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { findAuditEvents, type AuditEventView } from '../../../../platform/audit/audit.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import { ROLE_LABELS, isAccountRole } from '../../../../platform/auth/roles.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { findDemographicsOf, findParticipantById, findSeldomHeardTagsOf, findSupportNeedsOf } from '../../data/participant.repository.ts'
import { JOIN_ROUTES, PARTICIPANT_STATUSES, labelOf, panelCatalogue, type JoinRoute, type ParticipantStatus } from '../catalogue.ts'
import { mayEditParticipant, mayReadResearchData } from '../panel.policy.ts'
import { toResearchDto, type ParticipantResearchDto } from '../participant.ts'

/**
 * The research view of one panel member, by pseudonym: never a name, an email, a phone number, an address or a
 * language (those are only on the panel manager's contact page, and every read of them is audited).
 */

export interface ParticipantDetail {
  id: string
  pseudonym: string
  status: ParticipantStatus
  statusLabel: string
  joinedAt: string
  joinedVia: JoinRoute
  joinedViaLabel: string
  /** Who entered the registration: a member of staff or a partner (role, and their name), or nobody (they joined online). */
  enteredBy: { role: string; roleLabel: string; staffName: string | null } | null
  maxInvitationsPerMonth: number
  lastParticipatedAt: string | null
  /** They have their own account (to see their record and take part online). */
  hasAccount: boolean
  /** One row per dimension in the catalogue's order (no answer: an empty list), then any dimension no longer in it. */
  answers: { key: string; label: string; values: string[] }[]
  seldomHeardTags: { code: string; label: string }[]
  /** Null when the actor may not see support needs (special category data, for those who arrange activities). */
  supportNeeds: { code: string; label: string; detail: string | null }[] | null
}

type ReadDeps = Pick<AppDeps, 'db'>

/** Support needs are for those who arrange activities: 'panel:read_support_needs'. */
export function mayReadSupportNeeds(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:read_support_needs')
}

function assertMayRead(actor: Actor): void {
  if (!mayReadResearchData(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see panel research data' })
}

const PANEL_PERSON_ROLES = new Set(['panel_member', 'core_group_member', 'public'])

async function enteredBy(deps: ReadDeps, userId: string | null, role: string): Promise<ParticipantDetail['enteredBy']> {
  // Joined online by themselves: nobody entered it for them.
  if (PANEL_PERSON_ROLES.has(role)) return null
  const roleLabel = role === 'system' ? 'The system (an import or demonstration data)' : isAccountRole(role) ? ROLE_LABELS[role] : role
  let staffName: string | null = null
  if (userId) {
    try {
      staffName = (await getUser(deps, userId)).displayName
    } catch (err) {
      if (!(err instanceof AppError && err.code === AppErrorCode.NOT_FOUND)) throw err
    }
  }
  return { role, roleLabel, staffName }
}

/** One member's research record. Unknown id: NOT_FOUND. */
export async function getParticipantDetail(deps: ReadDeps, actor: Actor, participantId: string): Promise<ParticipantDetail> {
  assertMayRead(actor)
  const row = await findParticipantById(deps.db, participantId)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
  const catalogue = panelCatalogue()
  const withNeeds = mayReadSupportNeeds(actor)
  const [demographics, tags, needs] = await Promise.all([
    findDemographicsOf(deps.db, [row.id]),
    findSeldomHeardTagsOf(deps.db, [row.id]),
    withNeeds ? findSupportNeedsOf(deps.db, [row.id]) : Promise.resolve([]),
  ])
  const answers = catalogue.dimensions.map(d => ({
    key: d.key,
    label: d.label,
    values: demographics.filter(a => a.dimension === d.key).map(a => labelOf(d.options, a.value)),
  }))
  for (const a of demographics) {
    if (catalogue.dimensions.some(d => d.key === a.dimension)) continue
    const existing = answers.find(x => x.key === a.dimension)
    if (existing) existing.values.push(a.value)
    else answers.push({ key: a.dimension, label: a.dimension, values: [a.value] })
  }
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    status: row.status,
    statusLabel: labelOf(PARTICIPANT_STATUSES, row.status),
    joinedAt: row.joined_at,
    joinedVia: row.joined_via,
    joinedViaLabel: labelOf(JOIN_ROUTES, row.joined_via),
    enteredBy: await enteredBy(deps, row.entered_by_user_id, row.entered_by_role),
    maxInvitationsPerMonth: row.max_invitations_per_month,
    lastParticipatedAt: row.last_participated_at,
    hasAccount: row.user_id !== null,
    answers,
    seldomHeardTags: tags.map(t => ({ code: t.tag, label: labelOf(catalogue.seldomHeardTags, t.tag) })),
    supportNeeds: withNeeds ? needs.map(n => ({ code: n.need, label: labelOf(catalogue.supportNeeds, n.need), detail: n.detail })) : null,
  }
}

export interface HistoryEntry {
  occurredAt: string
  action: string
  /** What happened, in plain words. */
  text: string
  /** Who did it: a role, never a name. */
  by: string
  /** Extra facts from the audit summary (never identity: summaries hold none). */
  details: string[]
}

const ACTION_TEXT: Record<string, string> = {
  'panel.participant_registered': 'Joined the panel',
  'panel.identity_viewed': 'Name and contact details seen',
  'panel.identity_view_refused': 'Refused a request to see name and contact details',
  'panel.participant_withdrawn': 'Left the panel',
  'panel.participant_reinstated': 'Came back to the panel',
  'panel.participant_erased': 'Record erased',
}

const FIELD_TEXT: Record<string, string> = {
  fullName: 'name',
  email: 'email address',
  phone: 'phone number',
  address: 'postal address',
  preferredChannel: 'how to contact them',
  preferredFormat: 'format',
  preferredLanguage: 'language',
  supportNeeds: 'support needs',
  seldomHeardTags: 'seldom-heard groups',
  maxInvitationsPerMonth: 'invitations a month',
}

/** A changed field (or a dimension key) in words. */
function fieldText(field: string): string {
  return FIELD_TEXT[field] ?? panelCatalogue().dimensions.find(d => d.key === field)?.label.toLowerCase() ?? field
}

/** 'panel.consent_withdrawn' -> 'Consent withdrawn', for events this page has no words for yet. */
export function actionText(action: string): string {
  const known = ACTION_TEXT[action]
  if (known) return known
  const verb = (action.split('.').slice(1).join(' ') || action).replace(/_/g, ' ')
  return verb.charAt(0).toUpperCase() + verb.slice(1)
}

function whoText(role: string): string {
  if (role === 'system') return 'The system'
  // A panel member acts only on their own record, and the public only joins (online, by themselves).
  if (role === 'panel_member' || role === 'core_group_member' || role === 'public') return 'The member themselves'
  return isAccountRole(role) ? ROLE_LABELS[role] : role
}

function detailsOf(e: AuditEventView): string[] {
  const s = e.summary
  const out: string[] = []
  if (e.action === 'panel.participant_registered') {
    const after = s.after as { joinedVia?: string } | undefined
    if (after?.joinedVia) out.push(`How: ${labelOf(JOIN_ROUTES, after.joinedVia).toLowerCase()}`)
  }
  if (e.action === 'panel.participant_erased') {
    if (s.contributions === 'deleted') out.push('What they said was deleted too')
    if (s.contributions === 'kept_pseudonymised') out.push('What they said was kept, without their name')
    if (s.requestedBy === 'self') out.push('They asked for it themselves')
    if (s.requestedBy === 'retention') out.push('They had not taken part for longer than the retention period')
  }
  if (Array.isArray(s.changed) && s.changed.length > 0 && s.changed.every(c => typeof c === 'string')) {
    out.push(`Changed: ${(s.changed as string[]).map(fieldText).join(', ')}`)
  }
  return out
}

/** The member's history from the audit trail, newest first, a page at a time. */
export async function getParticipantHistory(
  deps: ReadDeps,
  actor: Actor,
  participantId: string,
  page: { limit: number; offset: number },
): Promise<{ entries: HistoryEntry[]; total: number }> {
  assertMayRead(actor)
  const { events, total } = await findAuditEvents(deps.db, { subjectType: 'participant', subjectId: participantId }, page)
  return {
    total,
    entries: events.map(e => ({ occurredAt: e.occurredAt, action: e.action, text: actionText(e.action), by: whoText(e.actorRole), details: detailsOf(e) })),
  }
}

/**
 * A member's research record as stored codes, to fill in the panel manager's change forms ('panel:edit'). Unknown id:
 * NOT_FOUND. An erased member comes back too (status 'erased'): the pages say there is nothing left to change.
 */
export async function getParticipantForEditing(deps: ReadDeps, actor: Actor, participantId: string): Promise<ParticipantResearchDto> {
  if (actor.role === 'system' || !mayEditParticipant(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: "You cannot change panel members' records" })
  const row = await findParticipantById(deps.db, participantId)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
  const [demographics, needs, tags] = await Promise.all([
    findDemographicsOf(deps.db, [row.id]),
    findSupportNeedsOf(deps.db, [row.id]),
    findSeldomHeardTagsOf(deps.db, [row.id]),
  ])
  return toResearchDto(row, demographics, needs, tags)
}
