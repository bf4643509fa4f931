// "You said, we did": a plain-English update sent back to the people who took part, through each person's preferred
// channel and format, the same way as invitations (./invitations.ts).
//
// An analyst hands an update over from an analysis (queueUpdate, inside the analyst's own transaction): its title,
// what people told us, what we did, and the panel members whose evidence it came from; it is then "ready". The panel
// manager sees who it would reach and by which channel, and who is skipped and why (the same rule as invitations:
// left the panel, no consent to contact, erased, the monthly contact limit (updates count as contacts), the channel
// not set up, no contact detail), then sends it: one transaction records every recipient and the audit event, then
// each email and text message is delivered and the results recorded (with their own audit event). Letters wait to
// be printed from one tagged PDF; phone calls are listed, each marked "phoned" when done. Once sent, the update is
// public at /updates/:id (no names, no pseudonyms), linked from the emails and text messages.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { formatDate } from '../../../platform/views/nunjucks.ts'
import { CHANNELS, FORMATS, getInvitationContacts, getInvitationReach, type InvitationContact, type InvitationReach } from '../../panel/index.ts'
import { countInvitationsSince } from '../data/invitations.repository.ts'
import type { InvitationChannel } from '../data/invitations.table.ts'
import {
  countUpdatesSince,
  findRecipient,
  findUpdate,
  insertRecipients,
  insertUpdate,
  listRecipientsOf,
  listUpdates,
  updateRecipient,
  updateUpdate,
  type UpdateRecipientRow,
  type UpdateRow,
} from '../data/updates.repository.ts'
import type { UpdateRecipientStatus, UpdateStatus } from '../data/updates.table.ts'
import { deliverRemote, deliveryCounts, deliverySummary, phoneChannel, type ChannelAdapter, type UpdateMessage } from './channels/channel.ts'
import { updateEmailChannel } from './channels/email.ts'
import { letterChannel, renderUpdateLetters } from './channels/letter.ts'
import { textMessageSettings, updateTextMessageChannel } from './channels/text-message.ts'
import { mayInvite, planInvitations, SKIP_REASONS, startOfMonth, type PlannedInvitation, type SkippedPerson } from './invitations.ts'
import { londonDate } from './local-time.ts'

export type { UpdateRecipientStatus, UpdateStatus }

/** The longest title, and the longest "you said" and "we did" (checked when written and when handed over). */
export const UPDATE_LIMITS = { title: 120, part: 1500 } as const

// ---- who may ----

function assertMayInvite(actor: Actor): void {
  if (!mayInvite(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the panel manager can send updates to panel members' })
}

/** Analysts hand updates over from their analysis (the panel manager sends them). */
export function mayHandOverUpdates(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'analysis:code')
}

function validationFailed(problems: { field: string; message: string }[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: problems })
}

const notFound = () => new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such update' })
const labelOf = (list: readonly { code: string; label: string }[], code: string | null): string => list.find(x => x.code === code)?.label ?? ''

export const UPDATE_STATUSES: readonly { code: UpdateStatus; label: string }[] = [
  { code: 'draft', label: 'Draft' },
  { code: 'ready', label: 'Ready to send' },
  { code: 'sent', label: 'Sent' },
]

export const RECIPIENT_STATUSES: readonly { code: UpdateRecipientStatus; label: string }[] = [
  { code: 'queued', label: 'Sending' },
  { code: 'sent', label: 'Sent' },
  { code: 'to_print', label: 'Letter to print' },
  { code: 'to_phone', label: 'To phone' },
  { code: 'phoned', label: 'Phoned' },
  { code: 'failed', label: 'Not sent' },
]

// ---- handing over (from an analysis) ----

export interface UpdateInput {
  title: string
  youSaid: string
  weDid: string
}

/** The rules for an update's text, every problem at once (fields: title, youSaid, weDid). */
export function updateTextProblems(input: UpdateInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  const title = input.title.trim()
  if (!title) problems.push({ field: 'title', message: 'Enter a title' })
  else if (title.length > UPDATE_LIMITS.title) problems.push({ field: 'title', message: `Title must be ${UPDATE_LIMITS.title} characters or fewer` })
  if (!input.youSaid.trim()) problems.push({ field: 'youSaid', message: 'Enter what people told us' })
  else if (input.youSaid.trim().length > UPDATE_LIMITS.part) problems.push({ field: 'youSaid', message: `What people told us must be ${UPDATE_LIMITS.part.toLocaleString('en-GB')} characters or fewer` })
  if (!input.weDid.trim()) problems.push({ field: 'weDid', message: 'Enter what we did, or will do' })
  else if (input.weDid.trim().length > UPDATE_LIMITS.part) problems.push({ field: 'weDid', message: `What we did must be ${UPDATE_LIMITS.part.toLocaleString('en-GB')} characters or fewer` })
  return problems
}

export interface HandOver extends UpdateInput {
  /** Where it came from, e.g. 'analysis_feedback' and that summary's id. */
  sourceType: string
  sourceId: string
  /** The panel members it is for. */
  participantIds: readonly string[]
}

/**
 * Hand an update over to the panel manager (status "ready"), inside the caller's transaction, so that the caller's
 * own change (its summary marked sent) and this commit together. Audited as 'engagement.update_received' (counts,
 * never names).
 */
export async function queueUpdate(uow: UnitOfWork, input: HandOver): Promise<{ id: string }> {
  if (!mayHandOverUpdates(uow.actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only analysts can hand over an update for the people who took part' })
  const problems = updateTextProblems(input)
  const ids = [...new Set(input.participantIds)]
  if (ids.length === 0) problems.push({ field: 'people', message: 'No panel member took part in this: there is no one to send it to' })
  if (problems.length) throw validationFailed(problems)
  const id = newId(uow.now.getTime())
  const at = uow.now.toISOString()
  await insertUpdate(uow.trx, {
    id,
    title: input.title.trim(),
    you_said: input.youSaid.trim(),
    we_did: input.weDid.trim(),
    source_type: input.sourceType,
    source_id: input.sourceId,
    participant_ids_json: JSON.stringify(ids),
    status: 'ready',
    created_by_user_id: uow.actor.userId,
    created_at: at,
    updated_by_user_id: uow.actor.userId,
    updated_at: at,
    sent_by_user_id: null,
    sent_at: null,
  })
  await uow.audit({ action: 'engagement.update_received', subjectType: 'engagement_update', subjectId: id, summary: { sourceType: input.sourceType, sourceId: input.sourceId, people: ids.length } })
  return { id }
}

// ---- channels ----

export interface UpdateChannelSet {
  get(channel: InvitationChannel): ChannelAdapter<UpdateMessage>
}

/** The channels for updates: email through the mailer, text through the configured provider (with the updates template). */
export function updateChannelsFor(deps: AppDeps): UpdateChannelSet {
  const all: Record<InvitationChannel, ChannelAdapter<UpdateMessage>> = {
    email: updateEmailChannel(deps.mailer),
    text: updateTextMessageChannel(textMessageSettings(deps.config), () => deps.clock.now()),
    letter: letterChannel,
    phone: phoneChannel,
  }
  return { get: channel => all[channel] }
}

// ---- planning ----

/**
 * Who an update reaches by which channel, and who is skipped and why: the invitations' rule (planInvitations), with
 * erased people (and people no longer on the panel's records at all) given their own reason first.
 */
export function planUpdate(
  participantIds: readonly string[],
  people: readonly InvitationReach[],
  context: { sentThisMonth: ReadonlyMap<string, number>; notReady: Partial<Record<InvitationChannel, string | null>> },
): { toSend: PlannedInvitation[]; skipped: SkippedPerson[] } {
  const known = new Map(people.map(p => [p.participantId, p]))
  const erased: SkippedPerson[] = []
  for (const id of participantIds) {
    const p = known.get(id)
    if (!p || p.status === 'erased') erased.push({ participantId: id, pseudonym: p?.pseudonym ?? 'Removed', reason: 'erased', reasonText: SKIP_REASONS.erased })
  }
  const erasedIds = new Set(erased.map(e => e.participantId))
  const plan = planInvitations(
    people.filter(p => !erasedIds.has(p.participantId)),
    { sentThisMonth: context.sentThisMonth, alreadyInvited: new Set(), notReady: context.notReady, invitedTo: 'this update' },
  )
  const skipped = [...plan.skipped, ...erased].sort((a, b) => a.pseudonym.localeCompare(b.pseudonym))
  return { toSend: plan.toInvite, skipped }
}

export interface UpdateDto {
  id: string
  title: string
  youSaid: string
  weDid: string
  status: UpdateStatus
  statusLabel: string
  people: number
  sourceType: string
  sourceId: string
  createdAt: string
  sentAt: string | null
}

function toDto(r: UpdateRow): UpdateDto {
  return {
    id: r.id,
    title: r.title,
    youSaid: r.you_said,
    weDid: r.we_did,
    status: r.status,
    statusLabel: labelOf(UPDATE_STATUSES, r.status),
    people: participantIdsOf(r).length,
    sourceType: r.source_type,
    sourceId: r.source_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }
}

const participantIdsOf = (r: UpdateRow): string[] => JSON.parse(r.participant_ids_json) as string[]

export interface UpdatePlan {
  update: UpdateDto
  toSend: PlannedInvitation[]
  skipped: SkippedPerson[]
  byChannel: { channel: InvitationChannel; label: string; count: number }[]
}

async function updateOrFail(deps: Pick<AppDeps, 'db'>, id: string): Promise<UpdateRow> {
  const row = await findUpdate(deps.db, id)
  if (!row) throw notFound()
  return row
}

/** Invitations and updates each person was sent this calendar month (failed ones not counted). */
async function contactsThisMonth(deps: Pick<AppDeps, 'db' | 'clock'>, ids: readonly string[]): Promise<Map<string, number>> {
  const since = startOfMonth(deps.clock.now())
  const [invitations, updates] = await Promise.all([countInvitationsSince(deps.db, ids, since), countUpdatesSince(deps.db, ids, since)])
  const out = new Map(invitations)
  for (const [id, n] of updates) out.set(id, (out.get(id) ?? 0) + n)
  return out
}

/** Who a ready update would reach, by which channel, and who would be skipped and why. Panel manager only. */
export async function previewUpdate(deps: AppDeps, actor: Actor, updateId: string, channels: UpdateChannelSet = updateChannelsFor(deps)): Promise<UpdatePlan> {
  assertMayInvite(actor)
  const row = await updateOrFail(deps, updateId)
  const ids = participantIdsOf(row)
  const [reach, sentThisMonth] = await Promise.all([getInvitationReach(deps, actor, ids), contactsThisMonth(deps, ids)])
  const notReady = Object.fromEntries((['email', 'text', 'letter', 'phone'] as const).map(c => [c, channels.get(c).notReadyReason()]))
  const plan = planUpdate(ids, reach, { sentThisMonth, notReady })
  const byChannel = CHANNELS.map(c => ({ channel: c.code, label: c.label, count: plan.toSend.filter(i => i.channel === c.code).length })).filter(c => c.count > 0)
  return { update: toDto(row), ...plan, byChannel }
}

// ---- sending ----

function messageFor(deps: Pick<AppDeps, 'config'>, row: UpdateRow, reference: string): UpdateMessage {
  const org = deps.config.organisation
  return {
    title: row.title,
    youSaid: row.you_said,
    weDid: row.we_did,
    publicUrl: `${deps.config.server.baseUrl}/updates/${row.id}`,
    reference,
    organisationName: org.name,
    serviceName: org.serviceName,
    contactPhone: org.contactPhone,
    contactEmail: org.contactEmail,
  }
}

export interface UpdateSendOutcome {
  recipients: number
  sent: number
  toPrint: number
  toPhone: number
  failed: number
  skipped: number
}

/**
 * Send a ready update to the people the preview shows (worked out again now). One transaction writes every
 * recipient, marks the update sent and records 'engagement.update_sent'; then each email and text message is
 * delivered, and the results are written with 'engagement.update_delivered'.
 */
export async function sendUpdate(deps: AppDeps, actor: Actor, updateId: string, channels: UpdateChannelSet = updateChannelsFor(deps)): Promise<UpdateSendOutcome> {
  const plan = await previewUpdate(deps, actor, updateId, channels)
  if (plan.update.status !== 'ready') throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This update has already been sent' })
  if (plan.toSend.length === 0) throw validationFailed([{ field: 'send', message: 'There is no one to send this update to: everyone was left out. Check the reasons below.' }])
  const row = await updateOrFail(deps, updateId)
  const remote = plan.toSend.filter(i => i.channel === 'email' || i.channel === 'text')
  const contacts = new Map<string, InvitationContact>()
  if (remote.length > 0) {
    const found = await getInvitationContacts(deps, actor, remote.map(i => i.participantId), { purpose: 'send a you said, we did update', subjectType: 'engagement_update', subjectId: row.id })
    for (const c of found) contacts.set(c.participantId, c)
  }
  const now = deps.clock.now()
  const planned = plan.toSend.map(p => ({ plan: p, id: newId(now.getTime()) }))
  await inTransaction(deps, actor, async uow => {
    const current = await findUpdate(uow.trx, row.id)
    if (current?.status !== 'ready') throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This update has already been sent' })
    const at = uow.now.toISOString()
    await insertRecipients(
      uow.trx,
      planned.map(p => ({
        id: p.id,
        update_id: row.id,
        participant_id: p.plan.participantId,
        pseudonym: p.plan.pseudonym,
        channel: p.plan.channel,
        format: p.plan.format,
        status: p.plan.channel === 'letter' ? 'to_print' : p.plan.channel === 'phone' ? 'to_phone' : 'queued',
        failure_reason: null,
        provider_reference: null,
        created_at: at,
        updated_at: at,
        phoned_by_user_id: null,
        phoned_at: null,
      })),
    )
    await updateUpdate(uow.trx, row.id, { status: 'sent', sent_at: at, sent_by_user_id: actor.userId, updated_at: at, updated_by_user_id: actor.userId })
    await uow.audit({
      action: 'engagement.update_sent',
      subjectType: 'engagement_update',
      subjectId: row.id,
      summary: {
        byChannel: Object.fromEntries(plan.byChannel.map(c => [c.channel, c.count])),
        sentTo: planned.map(p => p.plan.pseudonym),
        skipped: plan.skipped.map(s => ({ pseudonym: s.pseudonym, reason: s.reason })),
      },
    })
  })

  const results = await deliverRemote(planned, contacts, channels, p => messageFor(deps, row, p.id), SKIP_REASONS.erased)
  if (results.length > 0) {
    await inTransaction(deps, actor, async uow => {
      for (const r of results) await updateRecipient(uow.trx, r.id, { status: r.status, failure_reason: r.reason, provider_reference: r.providerReference, updated_at: uow.now.toISOString() })
      await uow.audit({
        action: 'engagement.update_delivered',
        subjectType: 'engagement_update',
        subjectId: row.id,
        summary: deliverySummary(results),
      })
    })
  }
  return { recipients: planned.length, ...deliveryCounts(planned, results), skipped: plan.skipped.length }
}

/** Every letter of a sent update, mail-merged into one tagged PDF (large print and Easy Read noted for those who asked). */
export async function getUpdateLetters(deps: AppDeps, actor: Actor, updateId: string): Promise<{ pdf: Buffer; count: number }> {
  assertMayInvite(actor)
  const row = await updateOrFail(deps, updateId)
  const rows = (await listRecipientsOf(deps.db, row.id)).filter(r => r.channel === 'letter' && r.status === 'to_print')
  const contacts = new Map((await getInvitationContacts(deps, actor, rows.map(r => r.participant_id), { purpose: 'print update letters', subjectType: 'engagement_update', subjectId: row.id })).map(c => [c.participantId, c]))
  const dateText = formatDate(londonDate(deps.clock.now().toISOString()))
  const letters = rows
    .filter(r => contacts.get(r.participant_id)?.address)
    .map(r => ({ contact: contacts.get(r.participant_id)!, message: messageFor(deps, row, r.id), largePrint: r.format === 'large_print', easyRead: r.format === 'easy_read', dateText }))
  return { pdf: await renderUpdateLetters(letters, `Update letters: ${row.title}`), count: letters.length }
}

/** Mark a person on the phone list as phoned (audited, by pseudonym). */
export async function markPhoned(deps: AppDeps, actor: Actor, updateId: string, recipientId: string): Promise<void> {
  assertMayInvite(actor)
  const r = await findRecipient(deps.db, recipientId)
  if (!r || r.update_id !== updateId) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such person on this update' })
  if (r.status !== 'to_phone') throw new AppError(AppErrorCode.INVALID_STATE, { message: r.status === 'phoned' ? 'This person has already been phoned' : 'This person is not on the list to phone' })
  await inTransaction(deps, actor, async uow => {
    const at = uow.now.toISOString()
    await updateRecipient(uow.trx, r.id, { status: 'phoned', phoned_at: at, phoned_by_user_id: actor.userId, updated_at: at })
    await uow.audit({ action: 'engagement.update_phoned', subjectType: 'engagement_update', subjectId: updateId, summary: { pseudonym: r.pseudonym } })
  })
}

// ---- reading ----

export interface RecipientDto {
  id: string
  participantId: string
  pseudonym: string
  channel: InvitationChannel
  channelLabel: string
  format: string
  formatLabel: string
  status: UpdateRecipientStatus
  statusLabel: string
  failureReason: string | null
  phonedAt: string | null
}

function toRecipientDto(r: UpdateRecipientRow): RecipientDto {
  return {
    id: r.id,
    participantId: r.participant_id,
    pseudonym: r.pseudonym,
    channel: r.channel,
    channelLabel: labelOf(CHANNELS, r.channel),
    format: r.format,
    formatLabel: labelOf(FORMATS, r.format),
    status: r.status,
    statusLabel: labelOf(RECIPIENT_STATUSES, r.status),
    failureReason: r.failure_reason,
    phonedAt: r.phoned_at,
  }
}

/** The updates ready to send and those sent, the most recent first. Panel manager only. */
export async function getUpdates(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<UpdateDto[]> {
  assertMayInvite(actor)
  return (await listUpdates(deps.db, ['ready', 'sent'])).map(toDto)
}

/** One update with who it was sent to (none yet while ready). Panel manager only. */
export async function getUpdate(deps: Pick<AppDeps, 'db'>, actor: Actor, updateId: string): Promise<UpdateDto & { recipients: RecipientDto[] }> {
  assertMayInvite(actor)
  const row = await updateOrFail(deps, updateId)
  return { ...toDto(row), recipients: (await listRecipientsOf(deps.db, row.id)).map(toRecipientDto) }
}

export interface PublicUpdate {
  id: string
  title: string
  youSaid: string[]
  weDid: string[]
  sentAt: string
}

/** A sent update, for anyone (no names, no pseudonyms): paragraphs of what people told us and what we did. */
export async function getPublicUpdate(deps: Pick<AppDeps, 'db'>, updateId: string): Promise<PublicUpdate> {
  const row = /^[0-9a-f-]{36}$/i.test(updateId) ? await findUpdate(deps.db, updateId) : undefined
  if (!row || row.status !== 'sent' || !row.sent_at) throw notFound()
  const paras = (s: string) => s.split(/\n\s*\n/).map(p => p.trim()).filter(Boolean)
  return { id: row.id, title: row.title, youSaid: paras(row.you_said), weDid: paras(row.we_did), sentAt: row.sent_at }
}
