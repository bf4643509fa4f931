/**
 * The charter's drafting, versions, review, workflow and publishing tables (migration 2026_11_23_1700). Each slice's
 * repository widens the database type with `db.withTables<CharterDraftingTables>()`.
 */
import type { CharterPrincipleTable } from './principle.table.ts'

export type ItemKind = 'commitment' | 'ask'
export type LinkKind = 'decision' | 'finding' | 'evidence'
export type ReviewAudience = 'core_group' | 'stakeholders' | 'ombudsman' | 'advisory_group' | 'staff'
/** The audiences a reviewer account can be registered for (Core Group members need no registration). */
export type ReviewerAudience = Exclude<ReviewAudience, 'core_group'>
export type CommentChannel = 'online' | 'paper' | 'phone' | 'meeting' | 'email'
export type WorkflowStage =
  | 'draft'
  | 'core_group_review'
  | 'stakeholder_sense_check'
  | 'advice'
  | 'core_group_sign_off'
  | 'submitted'
  | 'approved'
  | 'published'

export interface CharterSectionTable {
  id: string
  key: string
  position: number
  title: string
  introduction: string
  created_at: string
  updated_at: string
}

export interface CharterItemTable {
  id: string
  key: string
  section_id: string
  kind: ItemKind
  position: number
  text: string
  created_at: string
  updated_at: string
}

export interface CharterItemPrincipleTable {
  item_id: string
  principle_id: string
}

export interface CharterCommitmentLinkTable {
  id: string
  commitment_key: string
  kind: LinkKind
  target_id: string
  label: string
  created_by_user_id: string | null
  created_at: string
}

export interface CharterSettingTable {
  key: string
  value: string
  updated_by_user_id: string | null
  updated_at: string
}

export interface CharterVersionTable {
  id: string
  number: number
  content_json: string
  content_hash: string
  note: string
  created_by_user_id: string | null
  created_at: string
}

export interface CharterReviewerTable {
  user_id: string
  audience: ReviewerAudience
  organisation: string | null
  updated_by_user_id: string | null
  updated_at: string
}

export interface CharterReviewRoundTable {
  id: string
  version_id: string
  title: string
  request: string
  closes_on: string
  status: 'open' | 'closed'
  stage: WorkflowStage | null
  created_by_user_id: string | null
  created_at: string
  closed_by_user_id: string | null
  closed_at: string | null
}

export interface CharterReviewAudienceTable {
  round_id: string
  audience: ReviewAudience
}

export interface CharterCommentTable {
  id: string
  round_id: string
  target_key: string
  body: string
  audience: ReviewAudience
  commenter_label: string
  channel: CommentChannel
  commenter_user_id: string | null
  commenter_participant_id: string | null
  entered_by_user_id: string | null
  status: 'open' | 'resolved'
  created_at: string
  resolved_by_user_id: string | null
  resolved_at: string | null
}

export interface CharterCommentResponseTable {
  id: string
  comment_id: string
  body: string
  responder_user_id: string | null
  responder_label: string
  created_at: string
}

export interface CharterWorkflowTable {
  id: string
  stage: WorkflowStage
  version_id: string | null
  decision_id: string | null
  updated_by_user_id: string | null
  updated_at: string
}

export interface CharterWorkflowStepTable {
  id: string
  from_stage: WorkflowStage | null
  to_stage: WorkflowStage
  version_id: string | null
  note: string
  actor_user_id: string | null
  created_at: string
}

export interface CharterApprovalTable {
  id: string
  version_id: string
  content_hash: string
  body: string
  approved_on: string
  reference: string | null
  recorded_by_user_id: string | null
  recorded_at: string
}

export interface CharterPublicationTable {
  id: string
  version_id: string
  published_at: string
  review_due_on: string
  published_by_user_id: string | null
}

export interface CharterEasyReadTable {
  id: string
  version_id: string
  target_key: string
  text: string
  picture_mime: string | null
  picture_base64: string | null
  picture_alt: string | null
  updated_by_user_id: string | null
  updated_at: string
}

export interface CharterTranslationTable {
  id: string
  version_id: string
  language_code: string
  language_name: string
  content_json: string
  status: 'draft' | 'published'
  updated_by_user_id: string | null
  updated_at: string
  published_at: string | null
}

/** A type (not an interface) so that `withTables` accepts it. Includes the principles table for joins. */
export type CharterDraftingTables = {
  charter_principle: CharterPrincipleTable
  charter_section: CharterSectionTable
  charter_item: CharterItemTable
  charter_item_principle: CharterItemPrincipleTable
  charter_commitment_link: CharterCommitmentLinkTable
  charter_setting: CharterSettingTable
  charter_version: CharterVersionTable
  charter_reviewer: CharterReviewerTable
  charter_review_round: CharterReviewRoundTable
  charter_review_audience: CharterReviewAudienceTable
  charter_comment: CharterCommentTable
  charter_comment_response: CharterCommentResponseTable
  charter_workflow: CharterWorkflowTable
  charter_workflow_step: CharterWorkflowStepTable
  charter_approval: CharterApprovalTable
  charter_publication: CharterPublicationTable
  charter_easy_read: CharterEasyReadTable
  charter_translation: CharterTranslationTable
}
