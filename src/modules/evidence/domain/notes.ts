// Notes and transcripts from workshops, interviews, partner sessions and Core Group meetings, entered by staff
// against a session: for the whole group, or for one panel member found by pseudonym. One person's item snapshots
// their pseudonym, panel answers and consent to quote (unless the facilitator records that they asked not to be quoted
// this time); group notes are never quotable ('not_asked'). Each change is one transaction with its audit event; the
// audit trail names no one (the item's id, the session, and whether it is about one person).
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { getActivity, getSession, type ActivityKind } from '../../engagement/index.ts'
import { findActiveParticipantByPseudonym } from '../../panel/index.ts'
import { deleteItem, findItem, insertItem, updateItem, type EvidenceItemRow } from '../data/evidence.repository.ts'
import {
  assertMay,
  isEditable,
  mayCaptureEvidence,
  NOTE_KINDS,
  toItemDto,
  validationFailed,
  type ConsentToQuote,
  type EvidenceChannel,
  type EvidenceItemDto,
} from './evidence-model.ts'
import { currentQuoteConsent, demographicSnapshot } from './person-snapshot.ts'

export const MAX_NOTES_LENGTH = 100_000
export const NOTES_FIELDS = ['kind', 'pseudonym', 'body', 'notToBeQuoted'] as const

export interface NotesInput {
  /** 'note' or 'transcript'. */
  kind: string
  /** A panel member's pseudonym, or '' for the whole group. */
  pseudonym: string
  body: string
  /** The person asked not to be quoted from this session (whatever their panel consent says). */
  notToBeQuoted: boolean
}

/** The evidence channel of an activity's sessions. */
export function channelOfActivity(kind: ActivityKind): EvidenceChannel {
  switch (kind) {
    case 'workshop':
      return 'workshop'
    case 'interview':
      return 'interview'
    case 'partner_session':
      return 'partner_session'
    case 'core_group_meeting':
      return 'core_group_meeting'
    case 'poll':
      return 'poll'
    case 'survey':
      return 'survey'
  }
}

type Problem = { field: string; message: string }
type Person = { participantId: string; pseudonym: string } | null

/** Check what was entered (every problem at once, in page order) and find the person. */
async function readNotes(deps: Pick<AppDeps, 'db'>, actor: Actor, input: NotesInput): Promise<{ kind: 'note' | 'transcript'; body: string; person: Person }> {
  const problems: Problem[] = []
  const kind = NOTE_KINDS.find(k => k.code === input.kind)?.code
  if (!kind) problems.push({ field: 'kind', message: 'Select whether these are notes or a transcript' })
  const typed = input.pseudonym.trim().toUpperCase().replace(/\s+/g, '')
  let person: Person = null
  if (typed) {
    person = await findActiveParticipantByPseudonym(deps, actor, typed)
    if (!person) problems.push({ field: 'pseudonym', message: `No active panel member has the pseudonym ${typed}` })
  }
  const body = input.body.replace(/\r\n/g, '\n').trim()
  if (!body) problems.push({ field: 'body', message: 'Enter the notes or transcript' })
  else if (body.length > MAX_NOTES_LENGTH) problems.push({ field: 'body', message: `The text must be ${MAX_NOTES_LENGTH.toLocaleString('en-GB')} characters or fewer` })
  if (problems.length > 0) throw validationFailed(problems)
  return { kind: kind!, body, person }
}

/** What one person (or a group) may be quoted as: their consent now, unless they asked not to be quoted this time. */
async function consentFor(deps: Pick<AppDeps, 'db'>, actor: Actor, person: Person, notToBeQuoted: boolean): Promise<ConsentToQuote> {
  if (!person) return 'not_asked'
  if (notToBeQuoted) return 'no'
  return currentQuoteConsent(deps, actor, person.participantId)
}

/** Notes or a transcript against a session (audited). Returns the new item's id. */
export async function captureNotes(deps: AppDeps, actor: Actor, sessionId: string, input: NotesInput): Promise<{ id: string }> {
  assertMay(mayCaptureEvidence(actor), 'add notes')
  const session = await getSession(deps, actor, sessionId)
  const activity = await getActivity(deps, actor, session.activityId)
  const { kind, body, person } = await readNotes(deps, actor, input)
  const consent = await consentFor(deps, actor, person, input.notToBeQuoted)
  const snapshot = person ? await demographicSnapshot(deps, actor, person.participantId) : null
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    await insertItem(uow.trx, {
      id,
      channel: channelOfActivity(activity.kind),
      kind,
      source_role: 'lived_experience',
      activity_id: activity.id,
      session_id: session.id,
      question_id: null,
      question_text: null,
      participant_id: person?.participantId ?? null,
      pseudonym: person?.pseudonym ?? null,
      demographic_snapshot_json: snapshot,
      consent_to_quote: consent,
      entry: 'staff_notes',
      entered_by_user_id: actor.userId,
      entered_by_role: actor.role,
      body,
      source_ref: `notes:${id}`,
      captured_at: session.startsAt,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({
      action: 'evidence.notes_captured',
      subjectType: 'evidence_item',
      subjectId: id,
      summary: { sessionId: session.id, activityId: activity.id, kind, aboutOnePerson: person !== null, consentToQuote: consent, characters: body.length },
    })
    return { id }
  })
}

async function editableItem(deps: Pick<AppDeps, 'db'>, id: string): Promise<EvidenceItemRow> {
  const row = await findItem(deps.db, id)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such evidence item' })
  if (!isEditable(row)) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Only notes and transcripts entered by staff can be changed or removed' })
  return row
}

/** An item for its change or remove page: only notes and transcripts staff entered. */
export async function getEditableNotes(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<EvidenceItemDto> {
  assertMay(mayCaptureEvidence(actor), 'change notes')
  return toItemDto(await editableItem(deps, id))
}

/**
 * Change notes or a transcript (audited). A changed pseudonym takes that person's answers and consent now; the same
 * person keeps their snapshot, and their consent is read again only if the "asked not to be quoted" choice changed.
 */
export async function changeNotes(deps: AppDeps, actor: Actor, id: string, input: NotesInput): Promise<void> {
  assertMay(mayCaptureEvidence(actor), 'change notes')
  const before = await editableItem(deps, id)
  const { kind, body, person } = await readNotes(deps, actor, input)
  const samePerson = (person?.participantId ?? null) === before.participant_id
  const wasNotToBeQuoted = before.participant_id !== null && before.consent_to_quote === 'no'
  const consent = samePerson && input.notToBeQuoted === wasNotToBeQuoted ? before.consent_to_quote : await consentFor(deps, actor, person, input.notToBeQuoted)
  const snapshot = samePerson ? before.demographic_snapshot_json : person ? await demographicSnapshot(deps, actor, person.participantId) : null
  await inTransaction(deps, actor, async uow => {
    const current = await findItem(uow.trx, id)
    if (!current) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such evidence item' })
    await updateItem(uow.trx, id, {
      kind,
      body,
      participant_id: person?.participantId ?? null,
      pseudonym: person?.pseudonym ?? null,
      demographic_snapshot_json: snapshot,
      consent_to_quote: consent,
      updated_at: uow.now.toISOString(),
    })
    await uow.audit({
      action: 'evidence.item_changed',
      subjectType: 'evidence_item',
      subjectId: id,
      summary: {
        before: { kind: current.kind, aboutOnePerson: current.participant_id !== null, consentToQuote: current.consent_to_quote, characters: current.body.length },
        after: { kind, aboutOnePerson: person !== null, consentToQuote: consent, characters: body.length },
      },
    })
  })
}

/** Remove notes or a transcript entered in error (audited). */
export async function removeNotes(deps: AppDeps, actor: Actor, id: string): Promise<{ sessionId: string | null }> {
  assertMay(mayCaptureEvidence(actor), 'remove notes')
  const row = await editableItem(deps, id)
  await inTransaction(deps, actor, async uow => {
    if ((await deleteItem(uow.trx, id)) === 0) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such evidence item' })
    await uow.audit({
      action: 'evidence.item_removed',
      subjectType: 'evidence_item',
      subjectId: id,
      summary: { sessionId: row.session_id, activityId: row.activity_id, channel: row.channel, kind: row.kind },
    })
  })
  return { sessionId: row.session_id }
}
