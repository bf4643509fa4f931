/**
 * The log of calls to the optional language model (migration 2026_11_23_1640). Not in the platform's `Database`:
 * the repository widens the type with `db.withTables<LlmTables>()`.
 */

export type LlmCallStatus = 'succeeded' | 'failed' | 'unparseable'

export interface AnalysisLlmCallTable {
  id: string
  project_id: string
  code_id: string
  requested_by_user_id: string | null
  /** The provider's name, e.g. "OpenAI-compatible server at http://127.0.0.1:8080". */
  provider: string
  /** The model asked for, or the one the server said answered. */
  model: string
  /** JSON array of the analysis segment ids sent, in the order of their short ids (S1 is the first). */
  sent_segment_ids_json: string
  prompt_sha256: string
  request_characters: number
  /** The model's answer as it came, or null when there was none. */
  response_text: string | null
  status: LlmCallStatus
  points_kept: number
  points_flagged: number
  citations_ok: number
  citations_failed: number
  /** What went wrong, in plain English (never the key). */
  error: string | null
  created_at: string
}

export interface LlmTables {
  analysis_llm_call: AnalysisLlmCallTable
}
