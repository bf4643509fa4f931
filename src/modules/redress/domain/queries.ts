// Reading complaints: the handler's list with due dates on the working-day calendar, one case with its timeline,
// the person's contact details (decrypted for the complaints handler only, each read audited), and the plain case
// records the complaints indicators are computed from (no personal data).
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findComplaint, findContact, listComplaintRows, listEvents, listLearning, listMessagesOf, type ComplaintRow, type LearningRow } from '../data/redress.repository.ts'
import type { ContactChannel, ContactFormat } from '../data/redress.table.ts'
import { isOverdue, stageDeadlines, type StageDeadlines } from './calendar/deadlines.ts'
import type { KpiCase } from './kpi/kpi.ts'
import { stageStart } from './complaints.ts'
import { assertMayHandle, calendarOf, contactContext, notFound, publishedCommitments, todayOf } from './model.ts'

export interface ComplaintSummary {
  id: string
  reference: string
  receivedOn: string
  channel: ComplaintRow['channel']
  stage: 1 | 2
  status: ComplaintRow['status']
  commitmentKeys: string[]
  deadlines: StageDeadlines
  overdue: boolean
}

function deadlinesOf(deps: Pick<AppDeps, 'config'>, c: ComplaintRow): StageDeadlines {
  return stageDeadlines(calendarOf(deps), { stage: c.stage as 1 | 2, receivedOn: stageStart(c), extendedTo: c.stage === 2 ? c.stage2_extended_to : c.stage1_extended_to })
}

function summaryOf(deps: Pick<AppDeps, 'config'>, c: ComplaintRow, today: string): ComplaintSummary {
  const stage = c.stage as 1 | 2
  return {
    id: c.id,
    reference: c.reference,
    receivedOn: c.received_on,
    channel: c.channel,
    stage,
    status: c.status,
    commitmentKeys: JSON.parse(c.commitment_keys_json) as string[],
    deadlines: deadlinesOf(deps, c),
    overdue: c.status === 'open' && isOverdue(calendarOf(deps), { stage, receivedOn: stageStart(c), extendedTo: stage === 2 ? c.stage2_extended_to : c.stage1_extended_to }, today),
  }
}

export interface ComplaintFilters {
  stage?: string
  status?: string
  overdue?: boolean
  commitment?: string
}

export async function listComplaints(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>, actor: Actor, filters: ComplaintFilters = {}): Promise<ComplaintSummary[]> {
  assertMayHandle(actor)
  const stage = filters.stage === '1' || filters.stage === '2' ? Number(filters.stage) : undefined
  const status = ['open', 'responded', 'referred'].includes(filters.status ?? '') ? filters.status : undefined
  const today = todayOf(deps)
  return (await listComplaintRows(deps.db, { stage, status }))
    .map(c => summaryOf(deps, c, today))
    .filter(c => (!filters.overdue || c.overdue) && (!filters.commitment || (filters.commitment === 'not_sure' ? c.commitmentKeys.length === 0 : c.commitmentKeys.includes(filters.commitment))))
}

export interface ComplaintDetail extends ComplaintSummary {
  row: ComplaintRow
  commitments: { key: string; text: string }[]
  preferredChannel: ContactChannel | null
  preferredFormat: ContactFormat | null
  timeline: { onDate: string; what: string; by: string }[]
  messages: { kind: string; channel: string; subject: string; status: string; createdAt: string }[]
  learning: LearningRow[]
  stage1Deadlines: StageDeadlines
  stage2Deadlines: StageDeadlines | null
}

export async function getComplaint(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>, actor: Actor, id: string): Promise<ComplaintDetail> {
  assertMayHandle(actor)
  const c = await findComplaint(deps.db, id)
  if (!c) throw notFound()
  const [events, messages, learning, contact, published] = await Promise.all([listEvents(deps.db, id), listMessagesOf(deps.db, id), listLearning(deps.db, [id]), findContact(deps.db, id), publishedCommitments(deps)])
  const text = new Map(published.commitments.map(p => [p.key, p.text]))
  const summary = summaryOf(deps, c, todayOf(deps))
  const calendar = calendarOf(deps)
  return {
    ...summary,
    row: c,
    commitments: summary.commitmentKeys.map(k => ({ key: k, text: text.get(k) ?? 'A commitment no longer in the published charter' })),
    preferredChannel: contact?.preferred_channel ?? null,
    preferredFormat: contact?.preferred_format ?? null,
    timeline: events.map(e => ({ onDate: e.on_date, what: e.what, by: e.by_label })),
    messages: messages.map(m => ({ kind: m.kind, channel: m.channel, subject: m.subject, status: m.status, createdAt: m.created_at })),
    learning,
    stage1Deadlines: stageDeadlines(calendar, { stage: 1, receivedOn: c.received_on, extendedTo: c.stage1_extended_to }),
    stage2Deadlines: c.escalated_on ? stageDeadlines(calendar, { stage: 2, receivedOn: c.escalated_on, extendedTo: c.stage2_extended_to }) : null,
  }
}

export interface ContactDetails {
  name: string
  email: string | null
  phone: string | null
  address: string | null
  preferredChannel: ContactChannel
  preferredFormat: ContactFormat
}

/** The person's name and contact details, for the complaints handler only; the read is audited in the same transaction. */
export async function getContactDetails(deps: AppDeps, actor: Actor, id: string): Promise<ContactDetails> {
  if (!(actor.role === 'system' || can(actor.role, 'redress:handle'))) {
    await inTransaction(deps, actor, uow => uow.audit({ action: 'redress.contact_view_refused', subjectType: 'complaint', subjectId: id, summary: { role: actor.role } }))
    throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the complaints handler can see the person’s contact details' })
  }
  return inTransaction(deps, actor, async uow => {
    const c = await findComplaint(uow.trx, id)
    if (!c) throw notFound()
    const row = await findContact(uow.trx, id)
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'This person’s contact details have been removed' })
    const cipher = fieldCipherFor(deps.config.identityKey)
    const dec = (column: string, v: string | null) => (v === null ? null : cipher.decrypt(v, contactContext(column, id)))
    const details: ContactDetails = {
      name: cipher.decrypt(row.name_enc, contactContext('name', id)),
      email: dec('email', row.email_enc),
      phone: dec('phone', row.phone_enc),
      address: dec('address', row.address_enc),
      preferredChannel: row.preferred_channel,
      preferredFormat: row.preferred_format,
    }
    await uow.audit({ action: 'redress.contact_viewed', subjectType: 'complaint', subjectId: id, summary: { reference: c.reference } })
    return details
  })
}

/** Every complaint as a plain case record for the complaints indicators (kpi/kpi.ts): no personal data. */
export async function complaintCases(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<KpiCase[]> {
  if (!(actor.role === 'system' || can(actor.role, 'redress:read_performance'))) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see complaints figures' })
  const rows = await listComplaintRows(deps.db)
  const learning = await listLearning(deps.db)
  return rows.map(c => ({
    id: c.id,
    receivedOn: c.received_on,
    stage1ClosedOn: c.stage1_responded_on,
    escalatedOn: c.escalated_on,
    stage2ClosedOn: c.stage2_responded_on,
    directToStage2: false,
    stage1Extended: Boolean(c.stage1_extended_to),
    stage2Extended: Boolean(c.stage2_extended_to),
    outcomeStage1: c.stage1_outcome,
    outcomeStage2: c.stage2_outcome,
    commitmentKeys: JSON.parse(c.commitment_keys_json) as string[],
    learningActions: learning.filter(l => l.complaint_id === c.id).length,
  }))
}
