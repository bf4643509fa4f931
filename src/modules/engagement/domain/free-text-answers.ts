// The free-text answers of submitted survey and poll responses, in pages: what the evidence store takes in. The
// domain event 'engagement.response_submitted' carries them as each response is sent; this query lets the evidence
// store catch up on any it missed (events are in-process and at-most-once). Read-only.
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { listSubmittedFreeTextAnswers } from '../data/free-text.repository.ts'
import type { ActivityKind, Audience } from '../data/activity.table.ts'
import type { ResponseChannel } from '../data/survey.table.ts'
import { mayReadEngagement } from './activities.ts'
import { decodeAnswer } from './survey-questions.ts'

export interface FreeTextAnswer {
  responseId: string
  questionId: string
  /** The question as it was worded. */
  question: string
  text: string
  surveyId: string
  activityId: string
  activityKind: ActivityKind
  audience: Audience
  /** The panel member (null: an anonymous respondent of a public survey or poll). */
  participantId: string | null
  channel: ResponseChannel
  enteredByUserId: string | null
  enteredByRole: string | null
  submittedAt: string
}

export interface FreeTextCursor {
  responseId: string
  questionId: string
}

export const MAX_FREE_TEXT_PAGE = 1000

/**
 * One page of free-text answers (not empty, not skipped) of submitted responses, in a stable order; `next` is the
 * cursor for the following page (null: this was the last). The system actor (a scheduled job) and roles that read
 * engagement may ask.
 */
export async function listFreeTextAnswers(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  opts: { after?: FreeTextCursor; limit?: number } = {},
): Promise<{ answers: FreeTextAnswer[]; next: FreeTextCursor | null }> {
  if (!mayReadEngagement(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see survey answers' })
  const limit = Math.min(Math.max(1, opts.limit ?? 500), MAX_FREE_TEXT_PAGE)
  const rows = await listSubmittedFreeTextAnswers(deps.db, { after: opts.after, limit })
  const answers: FreeTextAnswer[] = []
  for (const r of rows) {
    const value = decodeAnswer(r.value_json)
    if (typeof value !== 'string' || value.trim() === '') continue
    answers.push({
      responseId: r.response_id,
      questionId: r.question_id,
      question: r.question_text,
      text: value,
      surveyId: r.survey_id,
      activityId: r.activity_id,
      activityKind: r.activity_kind as ActivityKind,
      audience: r.audience as Audience,
      participantId: r.participant_id,
      channel: r.channel as ResponseChannel,
      enteredByUserId: r.entered_by_user_id,
      enteredByRole: r.entered_by_role,
      submittedAt: r.submitted_at,
    })
  }
  const last = rows.at(-1)
  return { answers, next: rows.length === limit && last ? { responseId: last.response_id, questionId: last.question_id } : null }
}
