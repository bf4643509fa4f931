/**
 * The measurement module's tables (migration 2026_11_23_1800). Not in the platform's `Database`: the repository
 * widens the type with `db.withTables<MeasurementTables>()`. Other modules (and the dashboards) read them through
 * the repository in this folder.
 */

export type FrameworkStatus = 'draft' | 'submitted' | 'agreed' | 'not_agreed' | 'superseded'
export type MeasureKind = 'survey_percentage' | 'management_information' | 'complaints_count' | 'written_evidence'
export type Frequency = 'monthly' | 'quarterly' | 'annual'
export type Direction = 'higher' | 'lower'
export type TargetComparison = 'at_least' | 'at_most'
export type MeasurementSource = 'entered' | 'imported' | 'survey'

export interface MeasurementFrameworkTable {
  id: string
  version: number
  status: FrameworkStatus
  proposal_id: string | null
  submitted_at: string | null
  agreed_at: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface MeasurementOutcomeTable {
  id: string
  framework_id: string
  commitment_key: string
  title: string
  description: string
  position: number
  created_at: string
  updated_at: string
}

export interface MeasurementMeasureTable {
  id: string
  framework_id: string
  outcome_id: string
  code: string
  title: string
  kind: MeasureKind
  definition: string
  data_source: string
  frequency: Frequency
  unit: string | null
  direction: Direction | null
  target_value: number | null
  target_comparison: TargetComparison | null
  owner: string
  survey_id: string | null
  question_id: string | null
  success_options_json: string | null
  complaints_kind: string | null
  position: number
  created_at: string
  updated_at: string
}

export interface MeasurementValueTable {
  id: string
  measure_code: string
  period: string
  numerator: number | null
  denominator: number | null
  respondents: number | null
  value: number | null
  you_said: string | null
  we_did: string | null
  note: string | null
  source: MeasurementSource
  entered_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface MeasurementTables {
  measurement_framework: MeasurementFrameworkTable
  measurement_outcome: MeasurementOutcomeTable
  measurement_measure: MeasurementMeasureTable
  measurement_value: MeasurementValueTable
}
