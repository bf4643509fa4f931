/**
 * The panel at a glance: the organisation's population targets and the representation page's settings. Shares and
 * tolerances are whole tenths of a per cent (12.5% is 125), so they stay exact on both databases.
 */

export interface PanelRepresentationTargetTable {
  dimension: string
  value: string
  target_tenths: number
  updated_at: string
  updated_by_user_id: string | null
}

/** One row, id 'default'. No row: the defaults. */
export interface PanelRepresentationSettingTable {
  id: string
  gap_tolerance_tenths: number
  attrition_months: number
  updated_at: string
  updated_by_user_id: string | null
}

export interface RepresentationTables {
  panel_representation_target: PanelRepresentationTargetTable
  panel_representation_setting: PanelRepresentationSettingTable
}
