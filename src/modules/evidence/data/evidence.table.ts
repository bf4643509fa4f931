/**
 * The evidence store's table (migration 2026_11_23_1500). Not in the platform's `Database`: the repository widens
 * the type with `db.withTables<EvidenceTables>()`.
 */

export type EvidenceChannel =
  | 'survey'
  | 'poll'
  | 'workshop'
  | 'interview'
  | 'partner_session'
  | 'core_group_meeting'
  | 'stakeholder_submission'
  | 'public_input'
export type EvidenceKind = 'answer' | 'note' | 'transcript' | 'submission'
/** 'public': someone not known to be on the panel (an anonymous answer to a public poll). */
export type SourceRole = 'lived_experience' | 'stakeholder' | 'official' | 'advisor' | 'public'
export type ConsentToQuote = 'yes' | 'no' | 'not_asked'
export type EvidenceEntry = 'self' | 'staff_from_phone' | 'staff_from_paper' | 'staff_notes' | 'import'

export interface EvidenceItemTable {
  id: string
  channel: EvidenceChannel
  kind: EvidenceKind
  source_role: SourceRole
  activity_id: string | null
  session_id: string | null
  /** A survey answer's question, and its wording when answered. */
  question_id: string | null
  question_text: string | null
  /** The panel member (null: a group, an anonymous respondent, someone not on the panel, or erased). */
  participant_id: string | null
  pseudonym: string | null
  /** JSON { dimensionKey: code }: the person's panel answers when the item was captured (null: none). */
  demographic_snapshot_json: string | null
  consent_to_quote: ConsentToQuote
  entry: EvidenceEntry
  entered_by_user_id: string | null
  entered_by_role: string | null
  body: string
  /**
   * The organisation a stakeholder submission came from (migration 2026_11_23_1620); null for everything else.
   * Optional in this type so that code writing other kinds of item need not name it.
   */
  organisation?: string | null
  /** Where it came from, unique: `survey-answer:<responseId>:<questionId>`, `notes:<id>`, `import:...` (import-submissions.ts). */
  source_ref: string
  /** When it was said or written. */
  captured_at: string
  created_at: string
  updated_at: string
}

/** A panel member who was erased: their items were deleted, or kept with nothing linking them to the person. */
export interface EvidenceErasedParticipantTable {
  participant_id: string
  contributions: 'deleted' | 'unlinked'
  erased_at: string
}

export interface EvidenceTables {
  evidence_item: EvidenceItemTable
  evidence_erased_participant: EvidenceErasedParticipantTable
}
