// The channels an invitation (or a "you said, we did" update) goes out through, behind one interface: email (the
// platform mailer), text message (a provider adapter), letter (printed from a mail-merged PDF) and phone (staff call
// the person). Each channel says whether it is set up, and delivers one message to one person.
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

/** One channel for one kind of message (an invitation, an update). */
export interface ChannelAdapter<M> {
  readonly channel: InvitationChannel
  /** Null when the channel can be used; otherwise why not, in plain English (shown as a reason a person is skipped). */
  notReadyReason(): string | null
  deliver(contact: InvitationContact, message: M): Promise<DeliveryResult>
}

export type InvitationChannelAdapter = ChannelAdapter<InvitationMessage>

/** What every "you said, we did" update says, whatever the channel. */
export interface UpdateMessage {
  title: string
  youSaid: string
  weDid: string
  /** The public page with the update (no sign-in): /updates/:id. */
  publicUrl: string
  /** Our reference for this one message (given to the text message provider). */
  reference: string
  organisationName: string
  serviceName: string
  contactPhone: string
  contactEmail: string
}

/** The plain-text body of an update by email (and the basis of the letter). */
export function updateText(contact: { fullName: string }, m: UpdateMessage): string {
  return [
    `Dear ${contact.fullName},`,
    '',
    `Thank you for taking part. This is what we heard, and what we did about it: ${m.title}.`,
    '',
    'You said:',
    m.youSaid,
    '',
    'We did:',
    m.weDid,
    '',
    `You can read this online: ${m.publicUrl}`,
    '',
    `If you have a question, phone us on ${m.contactPhone} or email ${m.contactEmail}.`,
    'You can ask us to contact you less often, or to stop, at any time.',
    '',
    m.organisationName,
  ].join('\n')
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

/** Phone calls: nothing is sent; the person is listed for the panel manager to ring (and record the reply, or mark them phoned). */
export const phoneChannel: ChannelAdapter<unknown> = {
  channel: 'phone',
  notReadyReason: () => null,
  deliver: async () => ({ status: 'to_phone' }),
}

/** What happened to one message sent through a remote channel (email, text message). */
export interface DeliveryRecord {
  id: string
  pseudonym: string
  status: DeliveryResult['status']
  reason: string | null
  providerReference: string | null
}

/**
 * Deliver each planned email and text message through its channel, one after another (letters wait to be printed
 * and phone calls to be made). A person whose contact details were erased meanwhile fails with `erasedReason`.
 */
export async function deliverRemote<M, P extends { id: string; plan: { participantId: string; pseudonym: string; channel: InvitationChannel } }>(
  planned: readonly P[],
  contacts: ReadonlyMap<string, InvitationContact>,
  channels: { get(channel: InvitationChannel): ChannelAdapter<M> },
  messageOf: (p: P) => M,
  erasedReason: string,
): Promise<DeliveryRecord[]> {
  const results: DeliveryRecord[] = []
  for (const p of planned) {
    if (p.plan.channel !== 'email' && p.plan.channel !== 'text') continue
    const contact = contacts.get(p.plan.participantId)
    const result = contact ? await channels.get(p.plan.channel).deliver(contact, messageOf(p)) : ({ status: 'failed', reason: erasedReason } as const)
    results.push({
      id: p.id,
      pseudonym: p.plan.pseudonym,
      status: result.status,
      reason: result.status === 'failed' ? result.reason : null,
      providerReference: result.status !== 'failed' ? (result.providerReference ?? null) : null,
    })
  }
  return results
}

/** The audit summary of a round of deliveries: how many were sent, and who failed and why (pseudonyms only). */
export function deliverySummary(results: readonly DeliveryRecord[]): { sent: number; failed: { pseudonym: string; reason: string | null }[] } {
  return { sent: results.filter(r => r.status === 'sent').length, failed: results.filter(r => r.status === 'failed').map(r => ({ pseudonym: r.pseudonym, reason: r.reason })) }
}

/** What a send did, by outcome: sent and failed remotely, letters to print, calls to make. */
export function deliveryCounts(planned: readonly { plan: { channel: InvitationChannel } }[], results: readonly DeliveryRecord[]): { sent: number; failed: number; toPrint: number; toPhone: number } {
  return {
    sent: results.filter(r => r.status === 'sent').length,
    failed: results.filter(r => r.status === 'failed').length,
    toPrint: planned.filter(p => p.plan.channel === 'letter').length,
    toPhone: planned.filter(p => p.plan.channel === 'phone').length,
  }
}
