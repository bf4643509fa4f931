// Invitations and updates by email, through the platform mailer (SMTP).
import type { Mailer } from '../../../../platform/mail/mailer.ts'
import { invitationText, updateText, type ChannelAdapter, type DeliveryResult, type InvitationChannelAdapter, type UpdateMessage } from './channel.ts'

/** Send one email, giving up after `timeoutMs` (the result says why it failed, in plain English). */
async function sendWithin(mailer: Mailer, mail: { to: string; subject: string; text: string }, timeoutMs: number): Promise<DeliveryResult> {
  let timer: NodeJS.Timeout | undefined
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the mail server did not answer within ${Math.round(timeoutMs / 1000)} seconds`)), timeoutMs)
  })
  try {
    await Promise.race([mailer.send(mail), gaveUp])
    return { status: 'sent' }
  } catch (err) {
    return { status: 'failed', reason: `The email could not be sent: ${(err as Error).message}`.slice(0, 500) }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Email through the mailer. A mail server that does not answer within `timeoutMs` (default 20 s) fails that
 * invitation (shown as "Not sent" with the reason) rather than holding up the rest.
 */
export function emailChannel(mailer: Mailer, opts: { timeoutMs?: number } = {}): InvitationChannelAdapter {
  const timeoutMs = opts.timeoutMs ?? 20_000
  return {
    channel: 'email',
    notReadyReason: () => null,
    async deliver(contact, message) {
      if (!contact.email) return { status: 'failed', reason: 'No email address' }
      return sendWithin(mailer, { to: contact.email, subject: `Invitation: ${message.activityTitle}`, text: invitationText(contact, message) }, timeoutMs)
    },
  }
}

/** A "you said, we did" update by email: the subject is its title. Same time limit as invitations. */
export function updateEmailChannel(mailer: Mailer, opts: { timeoutMs?: number } = {}): ChannelAdapter<UpdateMessage> {
  const timeoutMs = opts.timeoutMs ?? 20_000
  return {
    channel: 'email',
    notReadyReason: () => null,
    async deliver(contact, message) {
      if (!contact.email) return { status: 'failed', reason: 'No email address' }
      return sendWithin(mailer, { to: contact.email, subject: message.title, text: updateText(contact, message) }, timeoutMs)
    },
  }
}
