/**
 * The engagement module's invitation table (migration 2026_11_23_1430). Not in the platform's `Database`: the
 * repository widens the type with `db.withTables<InvitationTables>()`.
 */

export type InvitationChannel = 'email' | 'text' | 'letter' | 'phone'
/** queued: being sent; sent: email or text accepted by the provider; to_print: a letter to print; to_phone: staff call them; failed. */
export type InvitationStatus = 'queued' | 'sent' | 'to_print' | 'to_phone' | 'failed'
export type InvitationReply = 'accepted' | 'declined'
export type ReplyChannel = 'online' | 'phone'

export interface EngagementInvitationTable {
  id: string
  activity_id: string
  /** The session they are invited to; null: the activity as a whole (a survey, a poll, any session). */
  session_id: string | null
  participant_id: string
  pseudonym: string
  channel: InvitationChannel
  /** The person's preferred format when invited (standard, large_print, easy_read, ...). */
  format: string
  status: InvitationStatus
  failure_reason: string | null
  /** The provider's id for a text message or email, when it gives one. */
  provider_reference: string | null
  /** SHA-256 (hex) of the reply link's token; the token itself is only ever in the message. */
  token_hash: string
  /** A short reference (e.g. INV-7K3M-9QXT) printed on letters, to quote when replying by phone. */
  reference: string
  /** The support need codes the person had when invited (JSON array): the reply asks which apply this time. */
  needs_offered_json: string
  reply: InvitationReply | null
  /** JSON array of support need codes that apply this time. */
  reply_needs_json: string | null
  reply_channel: ReplyChannel | null
  replied_at: string | null
  reply_recorded_by_user_id: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface InvitationTables {
  engagement_invitation: EngagementInvitationTable
}
