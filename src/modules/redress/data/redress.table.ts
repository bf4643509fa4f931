/**
 * The redress module's tables (migration 2026_11_23_1810). Not in the platform's `Database`: the repository widens the
 * type with `db.withTables<RedressTables>()`.
 */

export type ComplaintChannel = 'online' | 'phone' | 'letter' | 'email' | 'in_person'
export type ComplaintStatus = 'open' | 'responded' | 'referred'
export type OutcomeValue = 'upheld' | 'partly_upheld' | 'not_upheld' | 'resolved'
export type ContactChannel = 'email' | 'phone' | 'letter'
export type ContactFormat = 'standard' | 'large_print' | 'easy_read' | 'braille' | 'audio' | 'other'
export type MessageKind = 'received' | 'acknowledged' | 'extended' | 'responded' | 'escalated'
export type MessageStatus = 'queued' | 'sent' | 'failed' | 'done'

export interface RedressComplaintTable {
  id: string
  reference: string
  received_on: string
  channel: ComplaintChannel
  entered_by_user_id: string | null
  submitted_by_user_id: string | null
  commitment_keys_json: string
  charter_version: number | null
  what_happened: string
  what_wanted: string
  stage: number
  status: ComplaintStatus
  stage1_acknowledged_on: string | null
  stage1_extended_to: string | null
  stage1_extension_reason: string | null
  stage1_responded_on: string | null
  stage1_outcome: OutcomeValue | null
  stage1_response: string | null
  escalated_on: string | null
  escalation_reason: string | null
  stage2_acknowledged_on: string | null
  stage2_extended_to: string | null
  stage2_extension_reason: string | null
  stage2_responded_on: string | null
  stage2_outcome: OutcomeValue | null
  stage2_response: string | null
  ombudsman_referred_on: string | null
  ombudsman_reference: string | null
  created_at: string
  updated_at: string
}

export interface RedressContactTable {
  complaint_id: string
  name_enc: string
  email_enc: string | null
  phone_enc: string | null
  address_enc: string | null
  preferred_channel: ContactChannel
  preferred_format: ContactFormat
  created_at: string
}

export interface RedressEventTable {
  id: string
  complaint_id: string
  seq: number
  on_date: string
  what: string
  by_label: string
  created_at: string
}

export interface RedressMessageTable {
  id: string
  complaint_id: string
  kind: MessageKind
  channel: ContactChannel
  format: ContactFormat
  subject: string
  body: string
  status: MessageStatus
  created_at: string
  done_at: string | null
  done_by_user_id: string | null
}

export interface RedressLearningActionTable {
  id: string
  complaint_id: string
  commitment_key: string | null
  action: string
  owner: string
  due_on: string
  done_on: string | null
  created_by_user_id: string | null
  created_at: string
}

export interface RedressTables {
  redress_complaint: RedressComplaintTable
  redress_contact: RedressContactTable
  redress_event: RedressEventTable
  redress_message: RedressMessageTable
  redress_learning_action: RedressLearningActionTable
}
