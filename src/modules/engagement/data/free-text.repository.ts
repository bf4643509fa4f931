// Free-text answers of submitted survey and poll responses, read in pages (for the evidence store's catch-up job).
// Read-only; the only SQL of free-text-answers.ts.
import type { Db } from '../../../platform/db/database.ts'
import type { ActivityTables } from './activity.table.ts'
import type { SurveyTables } from './survey.table.ts'

type Tables = { [K in keyof (SurveyTables & ActivityTables)]: (SurveyTables & ActivityTables)[K] }
const t = (db: Db) => db.withTables<Tables>()

export interface FreeTextAnswerRow {
  response_id: string
  question_id: string
  question_text: string
  value_json: string
  survey_id: string
  activity_id: string
  activity_kind: string
  audience: string
  participant_id: string | null
  channel: string
  entered_by_user_id: string | null
  entered_by_role: string | null
  submitted_at: string
}

/**
 * Answers to free-text questions of submitted responses, in a stable order (response id, then question id), the
 * first `limit` after the cursor `after` (the last row of the page before; undefined: from the start).
 */
export function listSubmittedFreeTextAnswers(db: Db, opts: { after?: { responseId: string; questionId: string }; limit: number }): Promise<FreeTextAnswerRow[]> {
  let q = t(db)
    .selectFrom('engagement_survey_answer as a')
    .innerJoin('engagement_survey_response as r', 'r.id', 'a.response_id')
    .innerJoin('engagement_survey_question as q', 'q.id', 'a.question_id')
    .innerJoin('engagement_survey as s', 's.id', 'r.survey_id')
    .innerJoin('engagement_activity as act', 'act.id', 's.activity_id')
    .select([
      'a.response_id',
      'a.question_id',
      'q.text as question_text',
      'a.value_json',
      'r.survey_id',
      's.activity_id',
      'act.kind as activity_kind',
      'act.audience',
      'r.participant_id',
      'r.channel',
      'r.entered_by_user_id',
      'r.entered_by_role',
      'r.submitted_at',
    ])
    .where('r.status', '=', 'submitted')
    .where('q.type', '=', 'free_text')
  const after = opts.after
  if (after) {
    q = q.where(eb => eb.or([eb('a.response_id', '>', after.responseId), eb.and([eb('a.response_id', '=', after.responseId), eb('a.question_id', '>', after.questionId)])]))
  }
  return q
    .orderBy('a.response_id')
    .orderBy('a.question_id')
    .limit(opts.limit)
    .execute() as Promise<FreeTextAnswerRow[]>
}
