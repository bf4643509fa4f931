// What the engagement module needs to invite people: for each participant, whether and how they can be reached
// (status, consent to contact, contact limit, preferred channel and format, which contact details exist, support
// needs), and, to send, their decrypted contact details. Panel manager only; the decrypting read is audited as ONE
// 'panel.identity_viewed' event per batch, in the same transaction as the read.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { findActiveWithConsent } from '../../data/consent.repository.ts'
import { findIdentity, findParticipantById, findSupportNeedsOf, type ParticipantRow } from '../../data/participant.repository.ts'
import type { Channel, Format, ParticipantStatus } from '../catalogue.ts'
import { CONTACT_PURPOSE } from '../consent.ts'
import { mayReadIdentity } from '../panel.policy.ts'
import { identityContext, type PostalAddress } from '../participant.ts'

const BATCH = 500

/** How a participant can be reached, without any contact detail itself. */
export interface InvitationReach {
  participantId: string
  pseudonym: string
  status: ParticipantStatus
  /** Active, and their latest 'contact_research' consent says yes (see isContactable). */
  contactable: boolean
  maxInvitationsPerMonth: number
  /** Null: their name and contact details have been erased. */
  preferredChannel: Channel | null
  preferredFormat: Format | null
  hasEmail: boolean
  hasPhone: boolean
  hasAddress: boolean
  /** Support need codes they told us about. */
  supportNeeds: string[]
}

/** The contact details an invitation is sent to (decrypted). */
export interface InvitationContact {
  participantId: string
  pseudonym: string
  fullName: string
  email: string | null
  phone: string | null
  address: PostalAddress | null
  preferredChannel: Channel
  preferredFormat: Format
}

function assertPanelManager(actor: Actor): void {
  if (!mayReadIdentity(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the panel manager can send invitations' })
}

async function participantsOf(deps: Pick<AppDeps, 'db'>, ids: readonly string[]): Promise<ParticipantRow[]> {
  const rows: ParticipantRow[] = []
  for (const id of ids) {
    const p = await findParticipantById(deps.db, id)
    if (p) rows.push(p)
  }
  return rows
}

/** For each participant (unknown ids are left out): how they can be reached. Reads no contact detail. Panel manager only. */
export async function getInvitationReach(deps: Pick<AppDeps, 'db'>, actor: Actor, participantIds: readonly string[]): Promise<InvitationReach[]> {
  assertPanelManager(actor)
  const unique = [...new Set(participantIds)]
  const participants = await participantsOf(deps, unique)
  const contactable = new Set<string>()
  const needs = new Map<string, string[]>()
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH)
    for (const id of await findActiveWithConsent(deps.db, batch, CONTACT_PURPOSE)) contactable.add(id)
    for (const n of await findSupportNeedsOf(deps.db, batch)) needs.set(n.participant_id, [...(needs.get(n.participant_id) ?? []), n.need])
  }
  const out: InvitationReach[] = []
  for (const p of participants) {
    const identity = await findIdentity(deps.db, p.id)
    out.push({
      participantId: p.id,
      pseudonym: p.pseudonym,
      status: p.status,
      contactable: contactable.has(p.id),
      maxInvitationsPerMonth: p.max_invitations_per_month,
      preferredChannel: identity?.preferred_channel ?? null,
      preferredFormat: identity?.preferred_format ?? null,
      hasEmail: !!identity?.email_enc,
      hasPhone: !!identity?.phone_enc,
      hasAddress: !!identity?.address_enc,
      supportNeeds: needs.get(p.id) ?? [],
    })
  }
  return out
}

/**
 * The decrypted contact details of these participants, for sending invitations or printing letters. Panel manager
 * only; recorded as one 'panel.identity_viewed' event for the whole batch (with the pseudonyms and the purpose).
 * Participants whose identity has been erased are left out.
 */
export async function getInvitationContacts(
  deps: AppDeps,
  actor: Actor,
  participantIds: readonly string[],
  reason: { purpose: string; subjectType: string; subjectId: string },
): Promise<InvitationContact[]> {
  assertPanelManager(actor)
  const unique = [...new Set(participantIds)]
  if (unique.length === 0) return []
  const cipher = fieldCipherFor(deps.config.identityKey)
  return inTransaction(deps, actor, async uow => {
    const out: InvitationContact[] = []
    for (const id of unique) {
      const participant = await findParticipantById(uow.trx, id)
      const row = participant ? await findIdentity(uow.trx, id) : undefined
      if (!participant || !row) continue
      const dec = (column: string, value: string | null) => (value === null ? null : cipher.decrypt(value, identityContext(column, id)))
      const address = dec('address', row.address_enc)
      out.push({
        participantId: id,
        pseudonym: participant.pseudonym,
        fullName: cipher.decrypt(row.full_name_enc, identityContext('full_name', id)),
        email: dec('email', row.email_enc),
        phone: dec('phone', row.phone_enc),
        address: address === null ? null : (JSON.parse(address) as PostalAddress),
        preferredChannel: row.preferred_channel,
        preferredFormat: row.preferred_format,
      })
    }
    await uow.audit({
      action: 'panel.identity_viewed',
      subjectType: reason.subjectType,
      subjectId: reason.subjectId,
      summary: { purpose: reason.purpose, count: out.length, pseudonyms: out.map(c => c.pseudonym) },
    })
    return out
  })
}
