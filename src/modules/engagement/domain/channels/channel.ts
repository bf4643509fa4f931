// The channels an invitation goes out through, behind one interface: email (the platform mailer), text message (a
// provider adapter), letter (printed from a mail-merged PDF) and phone (staff call the person). Each channel says
// whether it is set up, and delivers one invitation to one person.
import type { InvitationContact } from '../../../panel/index.ts'
import type { InvitationChannel, InvitationStatus } from '../../data/invitations.table.ts'

/** What every invitation says, whatever the channel. */
export interface InvitationMessage {
  activityTitle: string
  purpose: string
  /** "Tuesday 14 April 2027, 10:30am to 12:30pm, Eastport Community Centre", or null (no one session). */
  sessionText: string | null
  /** The reply link (with the single-purpose token); null on letters, which carry the reference only. */
  replyUrl: string | null
  /** A survey or poll: the link is for answering it (or they can answer by phone), not for saying yes or no. */
  isSurvey: boolean
  /** INV-7K3M-9QXT: quoted when replying by phone. */
  reference: string
  organisationName: string
  serviceName: string
  contactPhone: string
  contactEmail: string
}

export type DeliveryResult =
  | { status: Extract<InvitationStatus, 'sent' | 'to_print' | 'to_phone'>; providerReference?: string }
  | { status: 'failed'; reason: string }

export interface InvitationChannelAdapter {
  readonly channel: InvitationChannel
  /** Null when the channel can be used; otherwise why not, in plain English (shown as a reason a person is skipped). */
  notReadyReason(): string | null
  deliver(contact: InvitationContact, message: InvitationMessage): Promise<DeliveryResult>
}

/** The plain-text body used by email (and the basis of the letter). */
export function invitationText(contact: { fullName: string }, m: InvitationMessage): string {
  const lines = [
    `Dear ${contact.fullName},`,
    '',
    `You are invited to take part in: ${m.activityTitle}.`,
    '',
    m.purpose,
    '',
  ]
  if (m.sessionText) lines.push(`When and where: ${m.sessionText}`, '')
  if (m.replyUrl && m.isSurvey) lines.push('You can answer it here. You do not need to sign in, and your answers are saved as you go, so you can stop and come back to this link later:', m.replyUrl, '')
  else if (m.replyUrl) lines.push('Please tell us whether you can take part, and what support you need this time:', m.replyUrl, '')
  if (m.isSurvey) lines.push(`You can also answer by phone: call us on ${m.contactPhone} and quote your reference, ${m.reference}. We will go through the questions with you.`, '')
  else lines.push(`You can also reply by phone on ${m.contactPhone}. Quote your reference: ${m.reference}.`, '')
  lines.push('Taking part is your choice. You can ask us to contact you less often, or to stop, at any time.', '', m.organisationName)
  return lines.join('\n')
}

/** Phone calls: nothing is sent; the invitation is listed for the panel manager to ring the person and record the reply. */
export const phoneChannel: InvitationChannelAdapter = {
  channel: 'phone',
  notReadyReason: () => null,
  deliver: async () => ({ status: 'to_phone' }),
}
