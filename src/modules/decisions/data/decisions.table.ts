/**
 * The decisions module's tables (migration 2026_11_23_1650). Not in the platform's `Database`: the repository widens
 * the type with `db.withTables<DecisionTables>()`. Booleans are integers 0/1 on both databases.
 */

export type ProposalStatus = 'draft' | 'open' | 'decided' | 'withdrawn'
export type PostKind = 'core_group' | 'official_advice' | 'advisor_advice' | 'stakeholder' | 'facilitator_note'
export type LinkKind = 'finding' | 'evidence'

export interface DecisionProposalTable {
  id: string
  title: string
  background: string
  method: string
  settings_json: string
  status: ProposalStatus
  voting_opens_on: string | null
  voting_closes_on: string | null
  eligible_json: string | null
  raised_by_user_id: string | null
  raised_by_role: string
  raised_by_label: string
  subject_type: string | null
  subject_id: string | null
  subject_label: string | null
  open_to_stakeholders: number
  result: string | null
  outcome_json: string | null
  rationale: string | null
  review_on: string | null
  decided_at: string | null
  decided_by_user_id: string | null
  withdrawn_reason: string | null
  created_at: string
  updated_at: string
}

export interface DecisionOptionTable {
  id: string
  proposal_id: string
  position: number
  label: string
  description: string
  created_at: string
}

export interface DecisionLinkTable {
  id: string
  proposal_id: string
  kind: LinkKind
  target_id: string
  label: string
  created_by_user_id: string | null
  created_at: string
}

export interface DecisionPostTable {
  id: string
  proposal_id: string
  seq: number
  kind: PostKind
  author_user_id: string | null
  author_label: string
  body: string
  created_at: string
}

export interface DecisionBallotTable {
  id: string
  proposal_id: string
  seq: number
  voter_participant_id: string
  channel: string
  cast_json: string
  entered_by_user_id: string | null
  created_at: string
}

export interface DecisionTables {
  decision_proposal: DecisionProposalTable
  decision_option: DecisionOptionTable
  decision_link: DecisionLinkTable
  decision_post: DecisionPostTable
  decision_ballot: DecisionBallotTable
}
