/**
 * The engagement module's arrangements tables (migration 2026_11_23_1420): attendance, accommodations and expense
 * claims, per session. Participants are held by id (the panel's); pages show their pseudonyms, asked of the panel.
 * Not in the platform's `Database`: the repository widens the type with `db.withTables<ArrangementTables>()`.
 */

export type AttendanceStatus = 'attended' | 'online' | 'by_phone' | 'did_not_attend' | 'cancelled_in_advance'
export type AccommodationKind = 'bsl_interpreter' | 'accessible_room' | 'travel_booking' | 'carer_or_companion' | 'quiet_room' | 'papers_format' | 'other'
export type AccommodationStatus = 'needed' | 'booked' | 'confirmed' | 'not_possible'
export type ExpenseKind = 'travel' | 'childcare' | 'care' | 'other'
export type ExpenseStatus = 'claimed' | 'approved' | 'rejected' | 'paid'

export interface EngagementAttendanceTable {
  id: string
  session_id: string
  participant_id: string
  status: AttendanceStatus
  recorded_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface EngagementAccommodationTable {
  id: string
  session_id: string
  kind: AccommodationKind
  /** Who it is for, when it is for one person. */
  participant_id: string | null
  status: AccommodationStatus
  note: string | null
  created_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface EngagementExpenseTable {
  id: string
  session_id: string
  participant_id: string
  kind: ExpenseKind
  amount_pence: number
  /** 1: a receipt was given; 0: none. */
  has_receipt: number
  note: string | null
  status: ExpenseStatus
  rejection_reason: string | null
  decided_by_user_id: string | null
  decided_at: string | null
  /** The payment export that paid it. */
  payment_batch_id: string | null
  paid_at: string | null
  claimed_by_user_id: string | null
  created_at: string
  updated_at: string
}

export interface ArrangementTables {
  engagement_attendance: EngagementAttendanceTable
  engagement_accommodation: EngagementAccommodationTable
  engagement_expense: EngagementExpenseTable
}
