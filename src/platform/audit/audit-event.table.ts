import type { Generated } from 'kysely'

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

/** An audit event written with its change but not yet sealed into the chain (docs/adr/0007). */
export interface AuditEventPendingTable {
  pending_seq: Generated<number>
  id: string
  occurred_at: string
  actor_user_id: string | null
  actor_role: string
  action: string
  subject_type: string | null
  subject_id: string | null
  summary: string
  request_id: string | null
}
