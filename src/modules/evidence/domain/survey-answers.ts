// Free-text answers to surveys and polls, taken into the evidence store: one item per answer, with the person's
// pseudonym, panel answers and consent to quote as they stood when they sent their answers. Two ways in, both
// idempotent by `source_ref` (`survey-answer:<responseId>:<questionId>`, unique): the engagement module's domain event
// as each response is sent, and a scheduled job that catches up on anything the event missed (domain events are
// in-process and at-most-once). When both run at once, the unique index keeps exactly one item per answer.
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { domainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import type { JobDefinition } from '../../../platform/jobs/jobs.ts'
import {
  getActivity,
  listFreeTextAnswers,
  RESPONSE_SUBMITTED_EVENT,
  type FreeTextAnswer,
  type FreeTextCursor,
  type ResponseSubmittedEvent,
} from '../../engagement/index.ts'
import { getPseudonyms } from '../../panel/index.ts'
import type { EvidenceItemTable } from '../data/evidence.table.ts'
import { findErasures, findExistingSourceRefs, insertNewItems } from '../data/evidence.repository.ts'
import type { EvidenceChannel, EvidenceEntry, SourceRole } from './evidence-model.ts'
import { demographicSnapshot, quoteConsentAt } from './person-snapshot.ts'

export const IMPORT_SURVEY_ANSWERS_JOB = 'evidence.import_survey_answers'
const ACTOR: Actor = systemActor('evidence store')
const PAGE = 500

export function surveyAnswerRef(responseId: string, questionId: string): string {
  return `survey-answer:${responseId}:${questionId}`
}

const ENTRY_OF: Record<FreeTextAnswer['channel'], EvidenceEntry> = {
  online: 'self',
  phone: 'staff_from_phone',
  paper: 'staff_from_paper',
  partner: 'staff_notes',
}

/**
 * Where an answer came from. A public poll or survey's answers are anonymous public input (never counted as lived
 * experience); answers to a survey or poll for the panel (or part of it) are lived experience.
 */
export function provenanceOf(a: Pick<FreeTextAnswer, 'activityKind' | 'audience'>): { channel: EvidenceChannel; role: SourceRole } {
  if (a.audience === 'public') return { channel: 'public_input', role: 'public' }
  return { channel: a.activityKind === 'poll' ? 'poll' : 'survey', role: 'lived_experience' }
}

/**
 * Take in free-text answers (any number, of any responses): each answer not yet in the store becomes one item, one
 * transaction and one audit event per response. Answers of a panel member who has since been erased are dropped
 * (contributions deleted) or taken in unlinked (kept pseudonymised). Returns how many items were added.
 */
export async function takeInSurveyAnswers(deps: AppDeps, answers: readonly FreeTextAnswer[]): Promise<number> {
  if (answers.length === 0) return 0
  const existing = await findExistingSourceRefs(deps.db, answers.map(a => surveyAnswerRef(a.responseId, a.questionId)))
  const fresh = answers.filter(a => !existing.has(surveyAnswerRef(a.responseId, a.questionId)))
  if (fresh.length === 0) return 0
  const people = [...new Set(fresh.map(a => a.participantId).filter((p): p is string => p !== null))]
  const [erased, pseudonyms] = await Promise.all([findErasures(deps.db, people), getPseudonyms(deps, ACTOR, people)])
  const byResponse = new Map<string, FreeTextAnswer[]>()
  for (const a of fresh) byResponse.set(a.responseId, [...(byResponse.get(a.responseId) ?? []), a])

  let added = 0
  for (const [responseId, list] of byResponse) {
    const first = list[0]!
    const erasure = first.participantId ? erased.get(first.participantId) : undefined
    if (erasure === 'deleted') continue
    const linked = first.participantId !== null && erasure === undefined ? first.participantId : null
    const consent = linked ? await quoteConsentAt(deps, ACTOR, linked, first.submittedAt) : first.participantId ? 'no' : 'not_asked'
    const snapshot = linked ? await demographicSnapshot(deps, ACTOR, linked) : null
    const { channel, role } = provenanceOf(first)
    added += await inTransaction(deps, ACTOR, async uow => {
      const now = uow.now.toISOString()
      const rows: EvidenceItemTable[] = list.map(a => ({
        id: newId(uow.now.getTime()),
        channel,
        kind: 'answer',
        source_role: role,
        activity_id: a.activityId,
        session_id: null,
        question_id: a.questionId,
        question_text: a.question,
        participant_id: linked,
        pseudonym: linked ? (pseudonyms.get(linked) ?? null) : null,
        demographic_snapshot_json: snapshot,
        consent_to_quote: consent,
        entry: ENTRY_OF[a.channel],
        entered_by_user_id: a.enteredByUserId,
        entered_by_role: a.enteredByRole,
        body: a.text,
        source_ref: surveyAnswerRef(a.responseId, a.questionId),
        captured_at: a.submittedAt,
        created_at: now,
        updated_at: now,
      }))
      // In one order everywhere, so two transactions taking in the same answers wait for each other, never deadlock.
      rows.sort((x, y) => (x.source_ref < y.source_ref ? -1 : x.source_ref > y.source_ref ? 1 : 0))
      const inserted = await insertNewItems(uow.trx, rows)
      if (inserted.length > 0) {
        await uow.audit({
          action: 'evidence.survey_answers_taken_in',
          subjectType: 'engagement_survey_response',
          subjectId: responseId,
          summary: { surveyId: first.surveyId, activityId: first.activityId, items: inserted.length, channel, role, consentToQuote: consent },
        })
      }
      return inserted.length
    })
  }
  return added
}

/** The handler of 'engagement.response_submitted': the response's free-text answers into the store. */
export async function onResponseSubmitted(deps: AppDeps, e: ResponseSubmittedEvent): Promise<number> {
  if (e.freeText.length === 0) return 0
  const activity = await getActivity(deps, ACTOR, e.activityId)
  return takeInSurveyAnswers(
    deps,
    e.freeText
      .filter(f => f.text.trim() !== '')
      .map(f => ({
        responseId: e.responseId,
        questionId: f.questionId,
        question: f.question,
        text: f.text,
        surveyId: e.surveyId,
        activityId: e.activityId,
        activityKind: activity.kind,
        audience: activity.audience,
        participantId: e.participantId,
        channel: e.channel,
        enteredByUserId: e.enteredByUserId,
        enteredByRole: e.enteredByRole,
        submittedAt: e.submittedAt,
      })),
  )
}

/** Read every free-text answer of every submitted response, page by page, and take in those not yet in the store. */
export async function importSurveyAnswers(deps: AppDeps): Promise<{ checked: number; added: number }> {
  let after: FreeTextCursor | undefined
  let checked = 0
  let added = 0
  for (;;) {
    const page = await listFreeTextAnswers(deps, ACTOR, { after, limit: PAGE })
    checked += page.answers.length
    added += await takeInSurveyAnswers(deps, page.answers)
    if (!page.next) break
    after = page.next
  }
  return { checked, added }
}

export const importSurveyAnswersJob: JobDefinition = {
  name: IMPORT_SURVEY_ANSWERS_JOB,
  description: 'Take into the evidence store any free-text survey and poll answers it has not got yet',
  everyMinutes: 15,
  leaseMinutes: 30,
  run: deps => importSurveyAnswers(deps),
}

/** Subscribe to engagement's event (once per bus). Returns a function that unsubscribes. */
export function subscribeToSurveyAnswers(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  return bus.subscribe(RESPONSE_SUBMITTED_EVENT, async e => {
    await onResponseSubmitted(deps, e)
  })
}
