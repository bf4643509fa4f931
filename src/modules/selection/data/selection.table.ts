/**
 * The selection module's tables (migration 2026_11_23_1300). Not in the platform's `Database`: the repository widens
 * the type with `db.withTables<SelectionTables>()`.
 */

export type RunKind = 'core_group' | 'top_up'
export type RunStatus = 'draft' | 'computing' | 'computed' | 'failed' | 'drawn' | 'confirmed' | 'discarded'

export interface SelectionRunTable {
  id: string
  kind: RunKind
  title: string
  status: RunStatus
  panel_size: number
  algorithm: 'leximin' | 'maximin' | 'legacy'
  /** M, the number of equally likely panels in the lottery. */
  panels: number
  /** JSON: RunSettings (which dimensions have quotas, seldom-heard minimum, slack). */
  settings_json: string
  /** JSON: Feature[] (min/max per value), the quotas as the analyst set them. */
  quotas_json: string
  /** Top-up: the selection whose Core Group members are being replaced. */
  parent_run_id: string | null
  /** Top-up: JSON array of the membership ids being replaced. */
  leaving_json: string | null
  pool_size: number | null
  /** JSON: the SelectionInstance computed on (people identified by pseudonym). */
  instance_json: string | null
  /** JSON: [pseudonym, participantId][] in pool order. */
  pool_json: string | null
  input_hash: string | null
  /** JSON: the latest progress report while computing. */
  progress_json: string | null
  /** Written by the computing instance every few seconds; a stale heartbeat means the computation died. */
  heartbeat_at: string | null
  started_at: string | null
  finished_at: string | null
  error: string | null
  /** JSON: QuotaRelaxation when the quotas could not all be met. */
  relaxation_json: string | null
  /** JSON: the SelectionRecord (verification record), including the draw once made. */
  record_json: string | null
  method: string | null
  minimum_probability: number | null
  at_minimum: number | null
  excluded_count: number | null
  lottery_hash: string | null
  seed: string | null
  draw_index: number | null
  witnesses: string | null
  /** Top-up: JSON [pseudonym, probability][] of the people who could replace further leavers, best first. */
  alternates_json: string | null
  discard_reason: string | null
  drawn_at: string | null
  drawn_by_user_id: string | null
  confirmed_at: string | null
  confirmed_by_user_id: string | null
  /** ISO date the selected people join the Core Group. */
  starts_on: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export type LeaveReason = 'chose_to_leave' | 'not_contactable' | 'no_longer_eligible' | 'term_ended' | 'withdrew_from_panel' | 'erased' | 'other'

export interface SelectionCoreGroupMemberTable {
  id: string
  participant_id: string
  pseudonym: string
  run_id: string
  joined_on: string
  left_on: string | null
  leave_reason: LeaveReason | null
  leave_detail: string | null
  replaced_by_run_id: string | null
  created_at: string
  updated_at: string
}

export interface SelectionTables {
  selection_run: SelectionRunTable
  selection_core_group_member: SelectionCoreGroupMemberTable
}
