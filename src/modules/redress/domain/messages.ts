// Keeping the person informed: each step they should hear about queues one message by their preferred channel and
// format, in the same transaction as the step. After the commit, emails are sent through the platform mailer and
// marked sent (or failed, to be sent by hand); letters and phone calls wait on the staff list (/redress/messages),
// each marked done when posted or phoned, as the engagement module's updates do. Messages hold no contact details:
// those are decrypted only to send an email.
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { findComplaint, findContact, findMessage, insertMessage, listMessagesOf, listWaitingMessages, setMessageStatus, type ComplaintRow, type MessageRow } from '../data/redress.repository.ts'
import type { ContactChannel, ContactFormat, MessageKind } from '../data/redress.table.ts'
import { assertMayHandle, contactContext } from './model.ts'

const SENDER = systemActor('redress: messages')

export async function queueMessage(
  uow: UnitOfWork,
  c: Pick<ComplaintRow, 'id'>,
  channel: ContactChannel | null,
  format: ContactFormat | null,
  kind: MessageKind,
  text: { subject: string; body: string },
): Promise<void> {
  let ch = channel
  let fmt = format
  if (!ch || !fmt) {
    const contact = await findContact(uow.trx, c.id)
    ch = ch ?? contact?.preferred_channel ?? 'letter'
    fmt = fmt ?? contact?.preferred_format ?? 'standard'
  }
  await insertMessage(uow.trx, {
    id: newId(uow.now.getTime()),
    complaint_id: c.id,
    kind,
    channel: ch,
    format: fmt,
    subject: text.subject,
    body: text.body,
    status: 'queued',
    created_at: uow.now.toISOString(),
  })
}

/** Send the complaint's queued emails (after the step's commit). A failure leaves the message for staff to send. */
export async function deliverQueuedEmails(deps: AppDeps, complaintId: string): Promise<void> {
  const waiting = (await listMessagesOf(deps.db, complaintId)).filter(m => m.channel === 'email' && m.status === 'queued')
  if (!waiting.length) return
  const contact = await findContact(deps.db, complaintId)
  const email = contact?.email_enc ? fieldCipherFor(deps.config.identityKey).decrypt(contact.email_enc, contactContext('email', complaintId)) : null
  for (const m of waiting) {
    let ok = false
    if (email) {
      try {
        await deps.mailer.send({ to: email, subject: m.subject, text: m.body })
        ok = true
      } catch (err) {
        deps.logger.error({ err, messageId: m.id }, 'redress: email failed')
      }
    }
    await inTransaction(deps, SENDER, async uow => {
      if (!(await setMessageStatus(uow.trx, m.id, ['queued'], { status: ok ? 'sent' : 'failed', done_at: uow.now.toISOString() }))) return
      await uow.audit({ action: ok ? 'redress.message_sent' : 'redress.message_failed', subjectType: 'complaint', subjectId: complaintId, summary: { messageId: m.id, kind: m.kind, channel: 'email' } })
    })
  }
}

export interface WaitingMessage {
  id: string
  complaintId: string
  reference: string
  kind: MessageKind
  channel: ContactChannel
  format: ContactFormat
  subject: string
  body: string
  failedEmail: boolean
  createdAt: string
}

/** Letters to post, calls to make, and emails that failed: for the complaints handler. */
export async function listMessagesToSend(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<WaitingMessage[]> {
  assertMayHandle(actor)
  const rows = (await listWaitingMessages(deps.db, ['letter', 'phone', 'email'])).filter(m => m.channel !== 'email' || m.status === 'failed')
  const refs = new Map<string, string>()
  for (const m of rows) if (!refs.has(m.complaint_id)) refs.set(m.complaint_id, (await findComplaint(deps.db, m.complaint_id))?.reference ?? '')
  return rows.map(m => toWaiting(m, refs.get(m.complaint_id) ?? ''))
}

function toWaiting(m: MessageRow, reference: string): WaitingMessage {
  return { id: m.id, complaintId: m.complaint_id, reference, kind: m.kind, channel: m.channel, format: m.format, subject: m.subject, body: m.body, failedEmail: m.channel === 'email' && m.status === 'failed', createdAt: m.created_at }
}

/** Mark a letter posted, a call made or a failed email sent by hand. */
export async function markMessageDone(deps: AppDeps, actor: Actor, messageId: string): Promise<void> {
  assertMayHandle(actor)
  await inTransaction(deps, actor, async uow => {
    const m = await findMessage(uow.trx, messageId)
    if (!m) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such message' })
    if (!(await setMessageStatus(uow.trx, m.id, ['queued', 'failed'], { status: 'done', done_at: uow.now.toISOString(), done_by_user_id: actor.userId }))) {
      throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This message has already been sent' })
    }
    await uow.audit({ action: 'redress.message_done', subjectType: 'complaint', subjectId: m.complaint_id, summary: { messageId: m.id, kind: m.kind, channel: m.channel } })
  })
}
