// The engagement module's public API (re-exports only).
export { engagementModule, ENGAGEMENT_AUDIT_EVENTS } from './engagement.module.ts'
export {
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  AUDIENCES,
  COMMISSIONERS,
  SESSION_MODES,
  addSession,
  cancelSession,
  changeActivity,
  changeActivityStatus,
  changeRound,
  changeSession,
  createActivity,
  createRound,
  getActivities,
  getActivity,
  getRound,
  getRounds,
  getSession,
  nextStatuses,
  type ActivityDto,
  type ActivityKind,
  type ActivityInput,
  type ActivityStatus,
  type Audience,
  type RoundDto,
  type RoundInput,
  type SessionDto,
  type SessionInput,
} from './domain/activities.ts'
export { formatLondonTime, londonToUtc, parseTime } from './domain/local-time.ts'
export { recordAttendance } from './domain/attendance.ts'
export { addAccommodation } from './domain/accommodations.ts'
export { claimExpense } from './domain/expenses.ts'
export {
  RESPONSE_SUBMITTED_EVENT,
  type ResponseSubmittedEvent,
  type ResponseChannel,
} from './domain/survey-responses.ts'
export { getSurveyResults, type SurveyResults, type QuestionResult } from './domain/survey-results.ts'
export { QUESTION_TYPES, type QuestionType, type QuestionDto, type AnswerValue } from './domain/survey-questions.ts'
export { addSurveyQuestion, addSurveySection, getSurveyBuilder, saveSurveyIntro, setSurveyCondition } from './domain/survey-builder.ts'
export { getSurveyForAnswering, saveSurveyAnswer, startEntryOnBehalf, submitSurveyResponse } from './domain/survey-responses.ts'
export { sendInvitations, type AudienceChoice, type SendOutcome } from './domain/invitations.ts'
export { mayHandOverUpdates, queueUpdate, updateTextProblems, UPDATE_LIMITS, type HandOver, type UpdateInput } from './domain/updates.ts'
export type { QuestionInput } from './domain/survey-questions.ts'
export { listFreeTextAnswers, MAX_FREE_TEXT_PAGE, type FreeTextAnswer, type FreeTextCursor } from './domain/free-text-answers.ts'
