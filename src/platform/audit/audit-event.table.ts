export interface AuditEventTable {
  seq: number
  id: string
  occurred_at: string
  actor_user_id: string | null
  actor_role: string
  action: string
  subject_type: string | null
  subject_id: string | null
  summary: string
  request_id: string | null
  prev_hash: string
  hash: string
}
