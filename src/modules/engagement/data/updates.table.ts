/**
 * The engagement module's "you said, we did" update tables (migration 2026_11_23_1630). Not in the platform's
 * `Database`: the repository widens the type with `db.withTables<UpdateTables>()`.
 */
import type { InvitationChannel } from './invitations.table.ts'

export type UpdateStatus = 'draft' | 'ready' | 'sent'
/** queued: being sent; sent: email or text accepted; to_print: a letter to print; to_phone: to call; phoned: called; failed. */
export type UpdateRecipientStatus = 'queued' | 'sent' | 'to_print' | 'to_phone' | 'phoned' | 'failed'

export interface EngagementUpdateTable {
  id: string
  title: string
  you_said: string
  we_did: string
  /** Where it came from: 'analysis_feedback' and that summary's id. */
  source_type: string
  source_id: string
  /** JSON array of the participant ids it is for. */
  participant_ids_json: string
  status: UpdateStatus
  created_by_user_id: string | null
  created_at: string
  updated_by_user_id: string | null
  updated_at: string
  sent_by_user_id: string | null
  sent_at: string | null
}

export interface EngagementUpdateRecipientTable {
  id: string
  update_id: string
  participant_id: string
  pseudonym: string
  channel: InvitationChannel
  /** The person's preferred format when sent (standard, large_print, easy_read, ...). */
  format: string
  status: UpdateRecipientStatus
  failure_reason: string | null
  provider_reference: string | null
  created_at: string
  updated_at: string
  phoned_by_user_id: string | null
  phoned_at: string | null
}

export interface UpdateTables {
  engagement_update: EngagementUpdateTable
  engagement_update_recipient: EngagementUpdateRecipientTable
}
