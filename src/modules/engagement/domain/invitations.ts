// Invitations to an activity (or one of its sessions) through each person's preferred channel, and their replies.
//
// Who: the activity's audience (the whole panel, the Core Group, or a selection by panel dimension answers and
// seldom-heard tags), and of them only the people we may contact now: active, with consent to be contacted about
// research, under their monthly contact limit, not already invited, and with the contact detail their channel needs.
// Everyone else is listed as skipped, by pseudonym, with the reason. Sending writes one invitation per person (with
// the hash of a single-purpose reply token) and the audit event in one transaction, then delivers each one and
// records what happened (with its own audit event). Replies: accept or decline, and which support needs apply this
// time, online through the link (no sign-in) or taken by phone by the panel manager.
import { createHash, randomBytes, randomInt } from 'node:crypto'
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { formatDate } from '../../../platform/views/nunjucks.ts'
import {
  CHANNELS,
  FORMATS,
  getInvitationContacts,
  getInvitationReach,
  listParticipants,
  panelCatalogue,
  type InvitationContact,
  type InvitationReach,
  type ParticipantFilter,
} from '../../panel/index.ts'
import { isCurrentCoreGroupMember } from '../../selection/index.ts'
import { findActivity, findSession, listSessions, type ActivityRow, type SessionRow } from '../data/activity.repository.ts'
import { findSurveyOfActivity, listParticipantResponseStatus } from '../data/survey.repository.ts'
import {
  countInvitationsSince,
  findInvitation,
  findInvitationByTokenHash,
  findInvitedParticipantIds,
  insertInvitations,
  listInvitationsOf,
  updateInvitation,
  type InvitationRow,
} from '../data/invitations.repository.ts'
import type { InvitationChannel, InvitationReply, InvitationStatus, ReplyChannel } from '../data/invitations.table.ts'
import { countUpdatesSince } from '../data/updates.repository.ts'
import { deliverRemote, deliveryCounts, deliverySummary, invitationText, phoneChannel, type InvitationChannelAdapter, type InvitationMessage } from './channels/channel.ts'
import { emailChannel } from './channels/email.ts'
import { letterChannel, renderLetters } from './channels/letter.ts'
import { textMessageChannel, textMessageSettings } from './channels/text-message.ts'
import { formatLondonTime, londonDate } from './local-time.ts'

export type { InvitationChannel, InvitationReply, InvitationStatus }
export { invitationText }

// ---- who may ----

export function mayInvite(actor: Actor): boolean {
  return actor.role !== 'system' && can(actor.role, 'engagement:invite')
}

function assertMayInvite(actor: Actor): void {
  if (!mayInvite(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the panel manager can send invitations and record replies' })
}

function validationFailed(problems: { field: string; message: string }[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: problems })
}

// ---- labels ----

export const INVITATION_GROUPS = [
  { code: 'whole_panel', label: 'The whole panel' },
  { code: 'core_group', label: 'The Core Group' },
  { code: 'selection', label: 'A selection of the panel', hint: 'By their answers (such as area) and seldom-heard groups' },
] as const
export type InvitationGroup = (typeof INVITATION_GROUPS)[number]['code']

export const INVITATION_STATUSES: readonly { code: InvitationStatus; label: string }[] = [
  { code: 'queued', label: 'Sending' },
  { code: 'sent', label: 'Sent' },
  { code: 'to_print', label: 'Letter to print' },
  { code: 'to_phone', label: 'To phone' },
  { code: 'failed', label: 'Not sent' },
]

export const REPLIES: readonly { code: InvitationReply; label: string }[] = [
  { code: 'accepted', label: 'Yes, I can take part' },
  { code: 'declined', label: 'No, I cannot take part' },
]

export const SKIP_REASONS = {
  left: 'Has left the panel',
  no_consent: 'Has not agreed to be contacted about research',
  erased: 'Name and contact details have been erased',
  already_invited: 'Already invited',
  limit: 'Contact limit reached this month',
  no_email: 'No email address',
  no_phone: 'No phone number',
  no_address: 'No address for letters',
  channel_not_ready: 'Channel not set up',
} as const
export type SkipReason = keyof typeof SKIP_REASONS

const labelOf = (list: readonly { code: string; label: string }[], code: string | null): string => list.find(x => x.code === code)?.label ?? ''

/** The person's default group for an activity's audience. */
export function defaultGroup(audience: ActivityRow['audience']): InvitationGroup {
  return audience === 'core_group' ? 'core_group' : audience === 'selection' || audience === 'sub_group' ? 'selection' : 'whole_panel'
}

// ---- choosing who ----

export interface AudienceChoice {
  group: InvitationGroup
  /** A session of the activity, or null for the activity as a whole. */
  sessionId: string | null
  /** For a selection: dimension key to the answers wanted (any of them); every dimension listed must match. */
  dimensions: Record<string, string[]>
  /** For a selection: any of these seldom-heard tags. */
  tags: string[]
}

/** The rules for a choice that need no database, every problem at once. */
export function choiceProblems(choice: AudienceChoice): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  if (!INVITATION_GROUPS.some(g => g.code === choice.group)) problems.push({ field: 'group', message: 'Select who to invite' })
  else if (choice.group === 'selection') {
    const catalogue = panelCatalogue()
    const anyValue = Object.values(choice.dimensions).some(v => v.length > 0) || choice.tags.length > 0
    if (!anyValue) problems.push({ field: 'selection', message: 'Select at least one answer or seldom-heard group to choose who to invite' })
    const known = Object.entries(choice.dimensions).every(([k, vs]) => {
      const d = catalogue.dimensions.find(x => x.key === k)
      return d && vs.every(v => d.options.some(o => o.code === v))
    })
    const tagsKnown = choice.tags.every(t => catalogue.seldomHeardTags.some(x => x.code === t))
    if (anyValue && (!known || !tagsKnown)) problems.push({ field: 'selection', message: 'Select answers and groups from the lists' })
  }
  return problems
}

export interface PlannedInvitation {
  participantId: string
  pseudonym: string
  channel: InvitationChannel
  channelLabel: string
  format: string
  formatLabel: string
  supportNeeds: string[]
}

export interface SkippedPerson {
  participantId: string
  pseudonym: string
  reason: SkipReason
  reasonText: string
}

/**
 * Who is invited and by which channel, and who is skipped and why: the pure rule. The reasons are tried in this
 * order: left the panel, no consent to contact, identity erased, already invited, contact limit reached this month,
 * the channel is not set up, no contact detail for the channel.
 */
export function planInvitations(
  people: readonly InvitationReach[],
  context: {
    sentThisMonth: ReadonlyMap<string, number>
    alreadyInvited: ReadonlySet<string>
    notReady: Partial<Record<InvitationChannel, string | null>>
    invitedTo: string
  },
): { toInvite: PlannedInvitation[]; skipped: SkippedPerson[] } {
  const toInvite: PlannedInvitation[] = []
  const skipped: SkippedPerson[] = []
  const sorted = [...people].sort((a, b) => a.pseudonym.localeCompare(b.pseudonym))
  for (const p of sorted) {
    const skip = (reason: SkipReason, text: string = SKIP_REASONS[reason]) => skipped.push({ participantId: p.participantId, pseudonym: p.pseudonym, reason, reasonText: text })
    const sent = context.sentThisMonth.get(p.participantId) ?? 0
    const channel = p.preferredChannel
    if (p.status !== 'active') skip('left')
    else if (!p.contactable) skip('no_consent')
    else if (channel === null) skip('erased')
    else if (context.alreadyInvited.has(p.participantId)) skip('already_invited', `Already invited to ${context.invitedTo}`)
    else if (sent >= p.maxInvitationsPerMonth) skip('limit', `Contact limit reached this month (${sent} of ${p.maxInvitationsPerMonth})`)
    else if (context.notReady[channel]) skip('channel_not_ready', context.notReady[channel]!)
    else if (channel === 'email' && !p.hasEmail) skip('no_email')
    else if ((channel === 'text' || channel === 'phone') && !p.hasPhone) skip('no_phone')
    else if (channel === 'letter' && !p.hasAddress) skip('no_address')
    else {
      toInvite.push({
        participantId: p.participantId,
        pseudonym: p.pseudonym,
        channel,
        channelLabel: labelOf(CHANNELS, channel),
        format: p.preferredFormat ?? 'standard',
        formatLabel: labelOf(FORMATS, p.preferredFormat),
        supportNeeds: p.supportNeeds,
      })
    }
  }
  return { toInvite, skipped }
}

/** The first moment of the calendar month (UTC) that `now` is in: contact limits count from here. */
export function startOfMonth(now: Date): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString()
}

export interface ChannelSet {
  get(channel: InvitationChannel): InvitationChannelAdapter
}

/** The channels from the application's dependencies: email through the mailer, text through the configured provider. */
export function channelsFor(deps: AppDeps): ChannelSet {
  const all: Record<InvitationChannel, InvitationChannelAdapter> = {
    email: emailChannel(deps.mailer),
    text: textMessageChannel(textMessageSettings(deps.config), () => deps.clock.now()),
    letter: letterChannel,
    phone: phoneChannel,
  }
  return { get: channel => all[channel] }
}

export interface InvitationPlan {
  activity: { id: string; title: string; status: ActivityRow['status'] }
  session: { id: string; text: string } | null
  choice: AudienceChoice
  toInvite: PlannedInvitation[]
  skipped: SkippedPerson[]
  byChannel: { channel: InvitationChannel; label: string; count: number }[]
}

async function activityOrFail(deps: Pick<AppDeps, 'db'>, activityId: string): Promise<ActivityRow> {
  const activity = await findActivity(deps.db, activityId)
  if (!activity) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such activity' })
  return activity
}

/** "Tuesday 14 April 2027, 10:30am to 12:30pm, Eastport Community Centre" (UK time). */
export function sessionText(s: SessionRow): string {
  const where = s.mode === 'in_person' ? [s.location, s.address].filter(Boolean).join(', ') : s.mode === 'online' ? 'online' : 'by phone'
  return `${formatDate(londonDate(s.starts_at))}, ${formatLondonTime(s.starts_at)} to ${formatLondonTime(s.ends_at)}, ${where}`
}

async function membersOf(deps: AppDeps, actor: Actor, choice: AudienceChoice): Promise<string[]> {
  const filter: ParticipantFilter = choice.group === 'selection' ? { dimensions: choice.dimensions, tags: choice.tags } : {}
  const ids: string[] = []
  const limit = 500
  for (let offset = 0; ; offset += limit) {
    const page = await listParticipants(deps, actor, filter, { limit, offset })
    for (const p of page.participants) if (p.status !== 'erased') ids.push(p.id)
    if (page.participants.length < limit) break
  }
  if (choice.group !== 'core_group') return ids
  const members: string[] = []
  for (const id of ids) if (await isCurrentCoreGroupMember(deps, id)) members.push(id)
  return members
}

/** Who would be invited, by which channel, and who would be skipped and why. Panel manager only. */
export async function previewInvitations(deps: AppDeps, actor: Actor, activityId: string, choice: AudienceChoice, channels: ChannelSet = channelsFor(deps)): Promise<InvitationPlan> {
  assertMayInvite(actor)
  const activity = await activityOrFail(deps, activityId)
  const problems = choiceProblems(choice)
  let session: SessionRow | undefined
  if (choice.sessionId) {
    session = await findSession(deps.db, choice.sessionId)
    if (!session || session.activity_id !== activity.id || session.status === 'cancelled') problems.push({ field: 'sessionId', message: 'Select a session of this activity that is going ahead, or the activity as a whole' })
  }
  if (problems.length) throw validationFailed(problems)
  if (activity.status === 'closed' || activity.status === 'cancelled') {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: `You cannot invite people to an activity that is ${activity.status}` })
  }
  const ids = await membersOf(deps, actor, choice)
  const since = startOfMonth(deps.clock.now())
  const [reach, invitedThisMonth, updatedThisMonth, alreadyInvited] = await Promise.all([
    getInvitationReach(deps, actor, ids),
    countInvitationsSince(deps.db, ids, since),
    // "You said, we did" updates count as contacts too.
    countUpdatesSince(deps.db, ids, since),
    findInvitedParticipantIds(deps.db, activity.id, session?.id ?? null),
  ])
  const sentThisMonth = new Map(invitedThisMonth)
  for (const [id, n] of updatedThisMonth) sentThisMonth.set(id, (sentThisMonth.get(id) ?? 0) + n)
  const notReady = Object.fromEntries((['email', 'text', 'letter', 'phone'] as const).map(c => [c, channels.get(c).notReadyReason()]))
  const plan = planInvitations(reach, { sentThisMonth, alreadyInvited, notReady, invitedTo: session ? 'this session' : 'this activity' })
  const byChannel = CHANNELS.map(c => ({ channel: c.code, label: c.label, count: plan.toInvite.filter(i => i.channel === c.code).length })).filter(c => c.count > 0)
  return {
    activity: { id: activity.id, title: activity.title, status: activity.status },
    session: session ? { id: session.id, text: sessionText(session) } : null,
    choice,
    ...plan,
    byChannel,
  }
}

// ---- sending ----

const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'

export function newReference(): string {
  const part = () => Array.from({ length: 4 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')
  return `INV-${part()}-${part()}`
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

function messageFor(deps: AppDeps, activity: ActivityRow, session: { text: string } | null, reference: string, token: string | null): InvitationMessage {
  const org = deps.config.organisation
  return {
    activityTitle: activity.title,
    purpose: activity.purpose,
    sessionText: session?.text ?? null,
    replyUrl: token ? `${deps.config.server.baseUrl}/invitations/${token}${isSurveyKind(activity.kind) ? '/survey' : ''}` : null,
    isSurvey: isSurveyKind(activity.kind),
    reference,
    organisationName: org.name,
    serviceName: org.serviceName,
    contactPhone: org.contactPhone,
    contactEmail: org.contactEmail,
  }
}

export interface SendOutcome {
  invited: number
  sent: number
  toPrint: number
  toPhone: number
  failed: number
  skipped: number
}

/**
 * Send the invitations the preview shows (worked out again now). One transaction writes every invitation and the
 * 'engagement.invitations_sent' event; then each is delivered through its channel, and the results are written with
 * the 'engagement.invitations_delivered' event.
 */
export async function sendInvitations(deps: AppDeps, actor: Actor, activityId: string, choice: AudienceChoice, channels: ChannelSet = channelsFor(deps)): Promise<SendOutcome> {
  const plan = await previewInvitations(deps, actor, activityId, choice, channels)
  if (plan.toInvite.length === 0) throw validationFailed([{ field: 'group', message: 'There is no one to invite: everyone in this group was skipped. Choose another group.' }])
  const activity = await activityOrFail(deps, activityId)
  const remote = plan.toInvite.filter(i => i.channel === 'email' || i.channel === 'text')
  const contacts = new Map<string, InvitationContact>()
  if (remote.length > 0) {
    const found = await getInvitationContacts(deps, actor, remote.map(i => i.participantId), { purpose: 'send invitations', subjectType: 'engagement_activity', subjectId: activity.id })
    for (const c of found) contacts.set(c.participantId, c)
  }
  const now = deps.clock.now()
  const planned = plan.toInvite.map(i => {
    const token = randomBytes(32).toString('base64url')
    return { plan: i, token, id: newId(now.getTime()), reference: newReference() }
  })
  await inTransaction(deps, actor, async uow => {
    const at = uow.now.toISOString()
    await insertInvitations(
      uow.trx,
      planned.map(p => ({
        id: p.id,
        activity_id: activity.id,
        session_id: plan.session?.id ?? null,
        participant_id: p.plan.participantId,
        pseudonym: p.plan.pseudonym,
        channel: p.plan.channel,
        format: p.plan.format,
        status: p.plan.channel === 'letter' ? 'to_print' : p.plan.channel === 'phone' ? 'to_phone' : 'queued',
        failure_reason: null,
        provider_reference: null,
        token_hash: hashToken(p.token),
        reference: p.reference,
        needs_offered_json: JSON.stringify(p.plan.supportNeeds),
        reply: null,
        reply_needs_json: null,
        reply_channel: null,
        replied_at: null,
        reply_recorded_by_user_id: null,
        created_by_user_id: actor.userId,
        created_at: at,
        updated_at: at,
      })),
    )
    await uow.audit({
      action: 'engagement.invitations_sent',
      subjectType: 'engagement_activity',
      subjectId: activity.id,
      summary: {
        sessionId: plan.session?.id ?? null,
        group: choice.group,
        dimensions: choice.dimensions,
        tags: choice.tags,
        byChannel: Object.fromEntries(plan.byChannel.map(c => [c.channel, c.count])),
        invited: planned.map(p => p.plan.pseudonym),
        skipped: plan.skipped.map(s => ({ pseudonym: s.pseudonym, reason: s.reason })),
      },
    })
  })

  const results = await deliverRemote(planned, contacts, channels, p => messageFor(deps, activity, plan.session, p.reference, p.token), 'Name and contact details have been erased')
  if (results.length > 0) {
    await inTransaction(deps, actor, async uow => {
      for (const r of results) await updateInvitation(uow.trx, r.id, { status: r.status, failure_reason: r.reason, provider_reference: r.providerReference, updated_at: uow.now.toISOString() })
      await uow.audit({
        action: 'engagement.invitations_delivered',
        subjectType: 'engagement_activity',
        subjectId: activity.id,
        summary: deliverySummary(results),
      })
    })
  }
  return { invited: planned.length, ...deliveryCounts(planned, results), skipped: plan.skipped.length }
}

/** Every letter of the activity's letter invitations, mail-merged into one tagged PDF (large print for those who asked). */
export async function getLetters(deps: AppDeps, actor: Actor, activityId: string): Promise<{ pdf: Buffer; count: number }> {
  assertMayInvite(actor)
  const activity = await activityOrFail(deps, activityId)
  const rows = (await listInvitationsOf(deps.db, activity.id)).filter(r => r.channel === 'letter' && r.status === 'to_print')
  const contacts = new Map((await getInvitationContacts(deps, actor, rows.map(r => r.participant_id), { purpose: 'print invitation letters', subjectType: 'engagement_activity', subjectId: activity.id })).map(c => [c.participantId, c]))
  const sessions = new Map((await listSessions(deps.db, [activity.id])).map(s => [s.id, s]))
  const dateText = formatDate(londonDate(deps.clock.now().toISOString()))
  const letters = rows
    .filter(r => contacts.get(r.participant_id)?.address)
    .map(r => {
      const s = r.session_id ? sessions.get(r.session_id) : undefined
      return {
        contact: contacts.get(r.participant_id)!,
        message: messageFor(deps, activity, s ? { text: sessionText(s) } : null, r.reference, null),
        largePrint: r.format === 'large_print',
        dateText,
      }
    })
  return { pdf: await renderLetters(letters, `Invitation letters: ${activity.title}`), count: letters.length }
}

// ---- the list ----

export interface InvitationDto {
  id: string
  pseudonym: string
  sessionText: string | null
  channel: InvitationChannel
  channelLabel: string
  format: string
  formatLabel: string
  status: InvitationStatus
  statusLabel: string
  failureReason: string | null
  reference: string
  reply: InvitationReply | null
  replyLabel: string
  replyNeeds: string[]
  replyChannel: ReplyChannel | null
  repliedAt: string | null
  sentAt: string
}

const needLabel = (code: string) => panelCatalogue().supportNeeds.find(n => n.code === code)?.label ?? code

function toDto(r: InvitationRow, sessions: ReadonlyMap<string, SessionRow>): InvitationDto {
  const s = r.session_id ? sessions.get(r.session_id) : undefined
  return {
    id: r.id,
    pseudonym: r.pseudonym,
    sessionText: s ? sessionText(s) : null,
    channel: r.channel,
    channelLabel: labelOf(CHANNELS, r.channel),
    format: r.format,
    formatLabel: labelOf(FORMATS, r.format),
    status: r.status,
    statusLabel: labelOf(INVITATION_STATUSES, r.status),
    failureReason: r.failure_reason,
    reference: r.reference,
    reply: r.reply,
    replyLabel: r.reply === 'accepted' ? 'Accepted' : r.reply === 'declined' ? 'Declined' : 'No reply yet',
    replyNeeds: r.reply_needs_json ? (JSON.parse(r.reply_needs_json) as string[]).map(needLabel) : [],
    replyChannel: r.reply_channel,
    repliedAt: r.replied_at,
    sentAt: r.created_at,
  }
}

export type SurveyProgress = 'sent' | 'started' | 'not_started'

const SURVEY_PROGRESS_LABELS: Record<SurveyProgress, string> = { sent: 'Answers sent', started: 'Started, not sent yet', not_started: 'Not started' }

/**
 * The activity's invitations. For a survey or poll, each also says how far the person has got with their answers
 * (sent, started, not started), whether they answered online, by phone or on paper.
 */
export async function getInvitations(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  activityId: string,
): Promise<{ activity: { id: string; title: string; isSurvey: boolean }; invitations: (InvitationDto & { surveyProgress: SurveyProgress | null; surveyProgressLabel: string })[] }> {
  assertMayInvite(actor)
  const activity = await activityOrFail(deps, activityId)
  const [rows, sessions] = await Promise.all([listInvitationsOf(deps.db, activity.id), listSessions(deps.db, [activity.id])])
  const byId = new Map(sessions.map(s => [s.id, s]))
  const isSurvey = isSurveyKind(activity.kind)
  const survey = isSurvey ? await findSurveyOfActivity(deps.db, activity.id) : undefined
  const progress = new Map<string, SurveyProgress>()
  if (survey) for (const r of await listParticipantResponseStatus(deps.db, survey.id)) progress.set(r.participant_id!, r.status === 'submitted' ? 'sent' : 'started')
  return {
    activity: { id: activity.id, title: activity.title, isSurvey },
    invitations: rows.map(r => {
      const p = isSurvey ? (progress.get(r.participant_id) ?? 'not_started') : null
      return { ...toDto(r, byId), surveyProgress: p, surveyProgressLabel: p ? SURVEY_PROGRESS_LABELS[p] : '' }
    }),
  }
}

export async function getInvitation(deps: Pick<AppDeps, 'db'>, actor: Actor, invitationId: string): Promise<InvitationDto & { activityId: string; activityTitle: string; needsOffered: { code: string; label: string }[] }> {
  assertMayInvite(actor)
  const r = await findInvitation(deps.db, invitationId)
  if (!r) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such invitation' })
  const activity = await activityOrFail(deps, r.activity_id)
  const sessions = new Map((await listSessions(deps.db, [activity.id])).map(s => [s.id, s]))
  return { ...toDto(r, sessions), activityId: activity.id, activityTitle: activity.title, needsOffered: needsOffered(r) }
}

// ---- replies ----

export interface ReplyInput {
  reply: string
  needs: string[]
}

export const NO_NEEDS = 'none'

function needsOffered(r: InvitationRow): { code: string; label: string }[] {
  return (JSON.parse(r.needs_offered_json) as string[]).map(code => ({ code, label: needLabel(code) }))
}

/** The rules for a reply, every problem at once. */
export function replyProblems(input: ReplyInput, offered: readonly string[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  if (input.reply !== 'accepted' && input.reply !== 'declined') problems.push({ field: 'reply', message: 'Select yes if you can take part, or no if you cannot' })
  if (input.reply === 'accepted' && offered.length > 0) {
    const picked = input.needs.filter(n => n !== NO_NEEDS)
    if (input.needs.length === 0) problems.push({ field: 'needs', message: 'Select the support you need this time, or ‘None of these’' })
    else if (picked.length > 0 && input.needs.includes(NO_NEEDS)) problems.push({ field: 'needs', message: 'Select the support you need, or ‘None of these’, not both' })
    else if (!picked.every(n => offered.includes(n))) problems.push({ field: 'needs', message: 'Select support from the list' })
  }
  return problems
}

export interface InvitationForReply {
  activityTitle: string
  purpose: string
  sessionText: string | null
  reference: string
  open: boolean
  /** A survey or poll: the link is for answering it (/invitations/:token/survey), not for saying yes or no. */
  isSurvey: boolean
  needsOffered: { code: string; label: string }[]
  reply: InvitationReply | null
  replyNeeds: string[]
}

/** The message of the error a link with an unknown (or mistyped, or failed) invitation token gets. */
export const INVALID_LINK_MESSAGE = 'This invitation link is not valid. Check you copied the whole link, or phone us.'

/** Whether an error is "this invitation link is not valid" (the pages show their own page for it). */
export function isInvalidInvitationLink(err: unknown): boolean {
  return err instanceof AppError && err.code === AppErrorCode.NOT_FOUND && err.message === INVALID_LINK_MESSAGE
}

async function findByToken(deps: Pick<AppDeps, 'db'>, token: string): Promise<InvitationRow | undefined> {
  const row = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findInvitationByTokenHash(deps.db, hashToken(token)) : undefined
  return row && row.status !== 'failed' ? row : undefined
}

async function byToken(deps: Pick<AppDeps, 'db'>, token: string): Promise<InvitationRow> {
  const row = await findByToken(deps, token)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: INVALID_LINK_MESSAGE })
  return row
}

/** Whether a token opens an invitation (used to let invited people through the public forms' rate limit). */
export async function isInvitationToken(deps: Pick<AppDeps, 'db'>, token: string): Promise<boolean> {
  return (await findByToken(deps, token)) !== undefined
}

/**
 * Who an invitation's link is for, and to what: used to answer a survey or poll through the link without signing
 * in (the response is the invited panel member's, as if they had signed in).
 */
export async function findInvitedRespondent(deps: Pick<AppDeps, 'db'>, token: string): Promise<{ participantId: string; activityId: string; reference: string }> {
  const row = await byToken(deps, token)
  return { participantId: row.participant_id, activityId: row.activity_id, reference: row.reference }
}

const isSurveyKind = (kind: ActivityRow['kind']) => kind === 'survey' || kind === 'poll'

/** What the reply page shows, from the link's token (no sign-in: the token only opens this one invitation). */
export async function getInvitationForReply(deps: Pick<AppDeps, 'db'>, token: string): Promise<InvitationForReply> {
  const row = await byToken(deps, token)
  const activity = await activityOrFail(deps, row.activity_id)
  const session = row.session_id ? await findSession(deps.db, row.session_id) : undefined
  return {
    activityTitle: activity.title,
    purpose: activity.purpose,
    sessionText: session ? sessionText(session) : null,
    reference: row.reference,
    open: activity.status !== 'closed' && activity.status !== 'cancelled' && session?.status !== 'cancelled',
    isSurvey: isSurveyKind(activity.kind),
    needsOffered: needsOffered(row),
    reply: row.reply,
    replyNeeds: row.reply_needs_json ? (JSON.parse(row.reply_needs_json) as string[]) : [],
  }
}

async function saveReply(deps: AppDeps, actor: Actor, row: InvitationRow, input: ReplyInput, channel: ReplyChannel): Promise<void> {
  const offered = JSON.parse(row.needs_offered_json) as string[]
  const problems = replyProblems(input, offered)
  if (problems.length) throw validationFailed(problems)
  const activity = await activityOrFail(deps, row.activity_id)
  if (activity.status === 'closed' || activity.status === 'cancelled') throw new AppError(AppErrorCode.INVALID_STATE, { message: `This activity is ${activity.status}: replies are no longer taken` })
  const reply = input.reply as InvitationReply
  const needs = reply === 'accepted' ? input.needs.filter(n => n !== NO_NEEDS) : []
  await inTransaction(deps, actor, async uow => {
    const at = uow.now.toISOString()
    await updateInvitation(uow.trx, row.id, {
      reply,
      reply_needs_json: JSON.stringify(needs),
      reply_channel: channel,
      replied_at: at,
      reply_recorded_by_user_id: channel === 'phone' ? actor.userId : null,
      updated_at: at,
    })
    await uow.audit({
      action: 'engagement.invitation_replied',
      subjectType: 'engagement_invitation',
      subjectId: row.id,
      summary: { activityId: row.activity_id, pseudonym: row.pseudonym, reply, needs, channel, before: row.reply },
    })
  })
}

/** The person's own reply through the link (accept or decline, and which support needs apply this time). */
export async function replyToInvitation(deps: AppDeps, actor: Actor, token: string, input: ReplyInput): Promise<void> {
  await saveReply(deps, actor, await byToken(deps, token), input, 'online')
}

/** A reply the panel manager took by phone (the person quoted their reference, or was called). */
export async function recordPhoneReply(deps: AppDeps, actor: Actor, invitationId: string, input: ReplyInput): Promise<void> {
  assertMayInvite(actor)
  const row = await findInvitation(deps.db, invitationId)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such invitation' })
  await saveReply(deps, actor, row, input, 'phone')
}
