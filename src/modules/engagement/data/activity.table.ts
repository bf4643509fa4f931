/**
 * The engagement module's activity tables (migration 2026_11_23_1400). Not in the platform's `Database`: the
 * repository widens the type with `db.withTables<ActivityTables>()`.
 */

export type ActivityKind = 'core_group_meeting' | 'workshop' | 'interview' | 'survey' | 'poll' | 'partner_session'
export type Audience = 'core_group' | 'sub_group' | 'whole_panel' | 'selection' | 'public'
export type CommissionedBy = 'research_team' | 'core_group' | 'partner'
export type ActivityStatus = 'planned' | 'open' | 'closed' | 'cancelled'
export type SessionMode = 'in_person' | 'online' | 'phone'
export type SessionStatus = 'scheduled' | 'cancelled'

export interface EngagementRoundTable {
  id: string
  title: string
  description: string | null
  starts_on: string | null
  ends_on: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface EngagementActivityTable {
  id: string
  round_id: string | null
  kind: ActivityKind
  title: string
  purpose: string
  audience: Audience
  /** For a sub-group: who (in words). */
  audience_detail: string | null
  /** For a filtered selection of the panel: JSON { dimension: [codes] } and seldom-heard tags. */
  audience_filter_json: string | null
  commissioned_by: CommissionedBy
  /** The Core Group decision that commissioned it (a reference, until decisions are recorded here). */
  commissioning_decision: string | null
  opens_on: string | null
  closes_on: string | null
  status: ActivityStatus
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface EngagementSessionTable {
  id: string
  activity_id: string
  mode: SessionMode
  starts_at: string
  ends_at: string
  /** In person: the venue's name and town. */
  location: string | null
  address: string | null
  /** Online or by phone: how to join (a link, a number); shown only to those invited. */
  joining_details: string | null
  capacity: number
  /** What the venue or call offers: step-free access, hearing loop, quiet room, ... */
  accessibility: string | null
  status: SessionStatus
  created_at: string
  updated_at: string
}

export interface ActivityTables {
  engagement_round: EngagementRoundTable
  engagement_activity: EngagementActivityTable
  engagement_session: EngagementSessionTable
}
