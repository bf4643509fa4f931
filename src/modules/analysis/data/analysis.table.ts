/**
 * The analysis module's tables (migration 2026_11_23_1610). Not in the platform's `Database`: the repository widens
 * the type with `db.withTables<AnalysisTables>()`. Booleans are integers 0/1 on both databases.
 */

export type ProjectStatus = 'open' | 'closed'
export type RedactionStatus = 'proposed' | 'confirmed' | 'rejected' | 'added'
export type CodingOrigin = 'analyst' | 'suggestion' | 'bulk'
export type FindingStatus = 'draft' | 'published'
export type FeedbackStatus = 'draft' | 'sent'

export interface AnalysisProjectTable {
  id: string
  title: string
  purpose: string
  scope_channel: string | null
  scope_activity_id: string | null
  scope_question_id: string | null
  status: ProjectStatus
  codebook_version: number
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface AnalysisItemTable {
  id: string
  project_id: string
  evidence_item_id: string
  source_role: string
  /** The person to count once: `p:<participantId>`, or `i:<evidenceItemId>` when no person is known. */
  person_key: string
  /** SHA-256 of the evidence text that was prepared: offsets below index into that text. */
  body_hash: string
  prepared_at: string
  redactions_reviewed_at: string | null
  redactions_reviewed_by: string | null
  duplicate_group: string | null
  duplicate_kind: string | null
  duplicate_representative: number
}

export interface AnalysisRedactionTable {
  id: string
  item_id: string
  start_pos: number
  end_pos: number
  kind: string
  status: RedactionStatus
  decided_by_user_id: string | null
  decided_at: string | null
}

export interface AnalysisSegmentTable {
  id: string
  item_id: string
  project_id: string
  ordinal: number
  start_pos: number
  end_pos: number
}

export interface AnalysisCodeTable {
  id: string
  project_id: string
  parent_id: string | null
  name: string
  description: string
  examples: string
  position: number
  retired_at: string | null
  created_at: string
  updated_at: string
}

export interface AnalysisCodebookVersionTable {
  project_id: string
  version: number
  note: string
  snapshot_json: string
  published_at: string
  published_by_user_id: string | null
}

export interface AnalysisCodingTable {
  id: string
  project_id: string
  segment_id: string
  code_id: string
  coder_user_id: string
  origin: CodingOrigin
  confidence: number | null
  codebook_version: number
  created_at: string
}

export interface AnalysisReviewTable {
  segment_id: string
  coder_user_id: string
  project_id: string
  reviewed_at: string
}

export interface AnalysisSampleTable {
  id: string
  project_id: string
  name: string
  created_by_user_id: string | null
  created_at: string
}

export interface AnalysisSampleSegmentTable {
  sample_id: string
  segment_id: string
}

export interface AnalysisSuggestionRunTable {
  id: string
  project_id: string
  coder_user_id: string
  trained_on: number
  metrics_json: string
  created_at: string
}

export interface AnalysisSuggestionTable {
  run_id: string
  segment_id: string
  code_id: string
  confidence: number
  bulk: number
  explanation_json: string
}

export interface AnalysisFindingTable {
  id: string
  project_id: string
  title: string
  body: string
  position: number
  status: FindingStatus
  published_at: string | null
  published_by_user_id: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface AnalysisFindingCodeTable {
  finding_id: string
  code_id: string
}

export interface AnalysisFindingQuoteTable {
  finding_id: string
  segment_id: string
  position: number
}

export interface AnalysisFeedbackTable {
  id: string
  project_id: string
  title: string
  you_said: string
  we_did: string
  status: FeedbackStatus
  sent_at: string | null
  sent_by_user_id: string | null
  sent_report_json: string | null
  created_at: string
  updated_at: string
}

export interface AnalysisTables {
  analysis_project: AnalysisProjectTable
  analysis_item: AnalysisItemTable
  analysis_redaction: AnalysisRedactionTable
  analysis_segment: AnalysisSegmentTable
  analysis_code: AnalysisCodeTable
  analysis_codebook_version: AnalysisCodebookVersionTable
  analysis_coding: AnalysisCodingTable
  analysis_review: AnalysisReviewTable
  analysis_sample: AnalysisSampleTable
  analysis_sample_segment: AnalysisSampleSegmentTable
  analysis_suggestion_run: AnalysisSuggestionRunTable
  analysis_suggestion: AnalysisSuggestionTable
  analysis_finding: AnalysisFindingTable
  analysis_finding_code: AnalysisFindingCodeTable
  analysis_finding_quote: AnalysisFindingQuoteTable
  analysis_feedback: AnalysisFeedbackTable
}
