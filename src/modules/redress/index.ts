// The redress module's public API (re-exports only): complaints against the charter's commitments (issue 8, item 4),
// the working-day calendar and deadlines, and the complaints indicators computed from plain case records.
export { redressModule, REDRESS_AUDIT_EVENTS } from './redress.module.ts'
export { submitComplaint, acknowledge, extend, respond, escalate, referToOmbudsman, addLearningAction, completeLearningAction, type ComplaintInput, type LearningInput } from './domain/complaints.ts'
export { listComplaints, getComplaint, getContactDetails, complaintCases, type ComplaintSummary, type ComplaintDetail, type ContactDetails } from './domain/queries.ts'
export { listMessagesToSend, markMessageDone, type WaitingMessage } from './domain/messages.ts'
export { calendarOf as redressCalendar, OUTCOME_LABELS } from './domain/model.ts'
export { addWorkingDays, createCalendar, londonDateOf, parseHolidayConfig, workingDaysBetween, type WorkingCalendar } from './domain/calendar/calendar.ts'
export { daysTaken, isOverdue, stageDeadlines, type StageDeadlines } from './domain/calendar/deadlines.ts'
export { complaintsKpis, kpisByCommitment, kpisForYear, type KpiCase, type Kpis } from './domain/kpi/kpi.ts'
