// What an evidence item is, in words: channels, kinds, roles, consent to quote and how it was entered; who may read
// and capture evidence; an item as pages and other modules see it.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { panelCatalogue } from '../../panel/index.ts'
import type { EvidenceItemRow } from '../data/evidence.repository.ts'
import type { ConsentToQuote, EvidenceChannel, EvidenceEntry, EvidenceKind, SourceRole } from '../data/evidence.table.ts'

export type { ConsentToQuote, EvidenceChannel, EvidenceEntry, EvidenceKind, SourceRole }

export const EVIDENCE_CHANNELS: readonly { code: EvidenceChannel; label: string }[] = [
  { code: 'survey', label: 'Survey' },
  { code: 'poll', label: 'Poll' },
  { code: 'workshop', label: 'Workshop' },
  { code: 'interview', label: 'Interview' },
  { code: 'partner_session', label: 'Partner session' },
  { code: 'core_group_meeting', label: 'Core Group meeting' },
  { code: 'stakeholder_submission', label: 'Stakeholder submission' },
  { code: 'public_input', label: 'Public input' },
]

export const EVIDENCE_KINDS: readonly { code: EvidenceKind; label: string }[] = [
  { code: 'answer', label: 'Survey answer' },
  { code: 'note', label: 'Notes' },
  { code: 'transcript', label: 'Transcript' },
  { code: 'submission', label: 'Submission' },
]

/** The kinds staff capture against a session. */
export const NOTE_KINDS: readonly { code: 'note' | 'transcript'; label: string; hint: string }[] = [
  { code: 'note', label: 'Notes', hint: 'What was said, written up by a facilitator or note-taker' },
  { code: 'transcript', label: 'Transcript', hint: 'Word for word, from a recording or typed during the session' },
]

export const SOURCE_ROLES: readonly { code: SourceRole; label: string }[] = [
  { code: 'lived_experience', label: 'Lived experience' },
  { code: 'stakeholder', label: 'Stakeholder' },
  { code: 'official', label: 'Official' },
  { code: 'advisor', label: 'Advisor' },
  { code: 'public', label: 'Member of the public' },
]

export const CONSENT_TO_QUOTE: readonly { code: ConsentToQuote; label: string }[] = [
  { code: 'yes', label: 'Yes, may be quoted' },
  { code: 'no', label: 'No, must not be quoted' },
  { code: 'not_asked', label: 'Not asked: must not be quoted' },
]

export const ENTRIES: readonly { code: EvidenceEntry; label: string }[] = [
  { code: 'self', label: 'By the person themselves, online' },
  { code: 'staff_from_phone', label: 'By staff, from a phone call' },
  { code: 'staff_from_paper', label: 'By staff, from a paper form' },
  { code: 'staff_notes', label: 'By staff or a partner, from a session' },
  { code: 'import', label: 'Imported from a file' },
]

export const labelOf = <C extends string>(list: readonly { code: C; label: string }[], code: string | null): string => list.find(x => x.code === code)?.label ?? ''

export function mayReadEvidence(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'evidence:read')
}

export function mayCaptureEvidence(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'evidence:capture')
}

export function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export function validationFailed(problems: { field: string; message: string }[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: problems })
}

export interface EvidenceItemDto {
  id: string
  channel: EvidenceChannel
  channelLabel: string
  kind: EvidenceKind
  kindLabel: string
  sourceRole: SourceRole
  sourceRoleLabel: string
  /** Stakeholder input: always labelled, and counted apart from lived experience. */
  isStakeholder: boolean
  /** The organisation a stakeholder submission came from (null: none recorded). */
  organisation: string | null
  /** How the item is labelled wherever it is shown: "Stakeholder: <organisation>" for stakeholder input. */
  stakeholderLabel: string | null
  activityId: string | null
  sessionId: string | null
  questionId: string | null
  questionText: string | null
  participantId: string | null
  pseudonym: string | null
  /** The person's panel answers when it was captured, in words. */
  demographics: { key: string; label: string; value: string }[]
  consentToQuote: ConsentToQuote
  consentLabel: string
  quotable: boolean
  entry: EvidenceEntry
  entryLabel: string
  enteredByUserId: string | null
  enteredByRole: string | null
  body: string
  sourceRef: string
  capturedAt: string
  createdAt: string
  updatedAt: string
  /** Notes and transcripts entered by staff can be changed and removed; answers people gave cannot. */
  editable: boolean
}

/** The snapshot's codes in words, in the catalogue's order (answers to questions no longer asked come last). */
function demographicsOf(json: string | null): EvidenceItemDto['demographics'] {
  if (!json) return []
  let snapshot: Record<string, string>
  try {
    snapshot = JSON.parse(json) as Record<string, string>
  } catch {
    return []
  }
  const catalogue = panelCatalogue()
  const out: EvidenceItemDto['demographics'] = []
  for (const d of catalogue.dimensions) {
    const code = snapshot[d.key]
    if (code !== undefined) out.push({ key: d.key, label: d.label, value: d.options.find(o => o.code === code)?.label ?? code })
  }
  for (const [key, code] of Object.entries(snapshot)) if (!catalogue.dimensions.some(d => d.key === key)) out.push({ key, label: key, value: code })
  return out
}

export function isEditable(row: Pick<EvidenceItemRow, 'entry' | 'kind'>): boolean {
  return row.entry === 'staff_notes' && (row.kind === 'note' || row.kind === 'transcript')
}

export function toItemDto(r: EvidenceItemRow): EvidenceItemDto {
  return {
    id: r.id,
    channel: r.channel,
    channelLabel: labelOf(EVIDENCE_CHANNELS, r.channel),
    kind: r.kind,
    kindLabel: labelOf(EVIDENCE_KINDS, r.kind),
    sourceRole: r.source_role,
    sourceRoleLabel: labelOf(SOURCE_ROLES, r.source_role),
    isStakeholder: r.source_role === 'stakeholder',
    organisation: r.organisation ?? null,
    stakeholderLabel: r.source_role === 'stakeholder' ? (r.organisation ? `Stakeholder: ${r.organisation}` : 'Stakeholder') : null,
    activityId: r.activity_id,
    sessionId: r.session_id,
    questionId: r.question_id,
    questionText: r.question_text,
    participantId: r.participant_id,
    pseudonym: r.pseudonym,
    demographics: demographicsOf(r.demographic_snapshot_json),
    consentToQuote: r.consent_to_quote,
    consentLabel: labelOf(CONSENT_TO_QUOTE, r.consent_to_quote),
    quotable: r.consent_to_quote === 'yes',
    entry: r.entry,
    entryLabel: labelOf(ENTRIES, r.entry),
    enteredByUserId: r.entered_by_user_id,
    enteredByRole: r.entered_by_role,
    body: r.body,
    sourceRef: r.source_ref,
    capturedAt: r.captured_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editable: isEditable(r),
  }
}
