import type { DemographicRow, ParticipantRow, SeldomHeardTagRow, SupportNeedRow } from '../data/participant.repository.ts'
import type { Channel, Format, JoinRoute, ParticipantStatus } from './catalogue.ts'

export interface PostalAddress {
  line1: string
  line2?: string
  town: string
  postcode: string
}

/**
 * A participant as research sees them: pseudonym, demographics, needs and tags. Never a name, an email, a phone
 * number, an address or a language: those live only in the identity DTO, which only the panel manager can get.
 */
export interface ParticipantResearchDto {
  id: string
  pseudonym: string
  status: ParticipantStatus
  joinedAt: string
  joinedVia: JoinRoute
  /** The staff or partner account that entered the registration on the person's behalf (null: the system). */
  enteredByUserId: string | null
  enteredByRole: string
  maxInvitationsPerMonth: number
  /** Dimension key to the codes answered (one for most dimensions; several for multi-valued ones). */
  demographics: Record<string, string[]>
  supportNeeds: { need: string; detail: string | null }[]
  seldomHeardTags: string[]
}

/** Identity and contact details: decrypted only for the panel manager, and every read is audited. */
export interface ParticipantIdentityDto {
  participantId: string
  pseudonym: string
  fullName: string
  email: string | null
  phone: string | null
  address: PostalAddress | null
  preferredChannel: Channel
  preferredFormat: Format
  preferredLanguage: string | null
}

/** Field names that must never appear in research data (tests check every research DTO against this list). */
export const IDENTITY_FIELD_NAMES: readonly string[] = [
  'fullName',
  'name',
  'email',
  'phone',
  'address',
  'postcode',
  'preferredLanguage',
  'preferredChannel',
  'preferredFormat',
]

/** Research rows to the research DTO: built field by field, so nothing from the identity table can slip in. */
export function toResearchDto(
  row: ParticipantRow,
  demographics: readonly DemographicRow[],
  supportNeeds: readonly SupportNeedRow[],
  tags: readonly SeldomHeardTagRow[],
): ParticipantResearchDto {
  const answers: Record<string, string[]> = {}
  for (const d of demographics) {
    if (d.participant_id !== row.id) continue
    ;(answers[d.dimension] ??= []).push(d.value)
  }
  return {
    id: row.id,
    pseudonym: row.pseudonym,
    status: row.status,
    joinedAt: row.joined_at,
    joinedVia: row.joined_via,
    enteredByUserId: row.entered_by_user_id,
    enteredByRole: row.entered_by_role,
    maxInvitationsPerMonth: row.max_invitations_per_month,
    demographics: answers,
    supportNeeds: supportNeeds.filter(n => n.participant_id === row.id).map(n => ({ need: n.need, detail: n.detail })),
    seldomHeardTags: tags.filter(t => t.participant_id === row.id).map(t => t.tag),
  }
}

/** Where an encrypted identity value is stored: bound into its ciphertext so it cannot be moved elsewhere. */
export function identityContext(column: string, participantId: string): string {
  return `panel_identity.${column}:${participantId}`
}

/** Email addresses compare case-insensitively. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** Phone numbers compare by digits, with +44 written as a leading 0. */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (phone.trim().startsWith('+44')) return `0${digits.slice(2).replace(/^0/, '')}`
  if (digits.startsWith('0044')) return `0${digits.slice(4).replace(/^0/, '')}`
  return digits
}
