/**
 * The panel's tables. They are not in the platform's `Database`: the repository widens the type with
 * `db.withTables<PanelTables>()`.
 *
 * Research data (everything but `panel_identity`) is keyed by participant id and shown by pseudonym.
 * `panel_identity` holds names and contact details, encrypted value by value; only the panel manager reads it.
 */

export interface PanelParticipantTable {
  id: string
  /** Stable, random, unique (e.g. P-7K3M9Q); never derived from identity. */
  pseudonym: string
  status: 'active' | 'withdrawn' | 'erased'
  joined_at: string
  joined_via: 'online' | 'phone' | 'post' | 'partner'
  /** The account that entered the registration (staff or partner on the person's behalf); null for the system. */
  entered_by_user_id: string | null
  entered_by_role: string
  max_invitations_per_month: number
  /** The person's own account, if they have one (to see their record, consents, and take part online). */
  user_id: string | null
  /** When they last took part in an activity (attendance, a survey response); null if never. */
  last_participated_at: string | null
  created_at: string
  updated_at: string
}

export interface PanelIdentityTable {
  participant_id: string
  /** Each *_enc column is "v1.<key id>.<iv>.<ciphertext>.<tag>" (see platform/crypto/field-cipher.ts). */
  full_name_enc: string
  email_enc: string | null
  /** Keyed fingerprint of the normalised email, for duplicate checks without decrypting. */
  email_index: string | null
  phone_enc: string | null
  phone_index: string | null
  /** The postal address as encrypted JSON. */
  address_enc: string | null
  preferred_channel: 'email' | 'text' | 'phone' | 'letter'
  preferred_format: 'standard' | 'easy_read' | 'large_print' | 'bsl' | 'another_language'
  preferred_language_enc: string | null
  created_at: string
  updated_at: string
}

/** One row per answer; a multi-valued dimension (e.g. benefits experienced) has several rows. No row: not answered. */
export interface PanelDemographicTable {
  participant_id: string
  dimension: string
  value: string
}

export interface PanelSupportNeedTable {
  participant_id: string
  need: string
  detail: string | null
}

export interface PanelSeldomHeardTagTable {
  participant_id: string
  tag: string
}

export interface PanelTables {
  panel_participant: PanelParticipantTable
  panel_identity: PanelIdentityTable
  panel_demographic: PanelDemographicTable
  panel_support_need: PanelSupportNeedTable
  panel_seldom_heard_tag: PanelSeldomHeardTagTable
}
