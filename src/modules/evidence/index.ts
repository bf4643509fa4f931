// The evidence module's public API (re-exports only).
export { evidenceModule, EVIDENCE_AUDIT_EVENTS } from './evidence.module.ts'
export {
  CONSENT_TO_QUOTE,
  ENTRIES,
  EVIDENCE_CHANNELS,
  EVIDENCE_KINDS,
  SOURCE_ROLES,
  type ConsentToQuote,
  type EvidenceChannel,
  type EvidenceEntry,
  type EvidenceItemDto,
  type EvidenceKind,
  type SourceRole,
} from './domain/evidence-model.ts'
export { captureNotes, changeNotes, removeNotes, type NotesInput } from './domain/notes.ts'
export { countEvidence, getEvidenceItem, getSessionEvidence, listEvidence, type EvidenceFilter, type EvidencePage } from './domain/queries.ts'
export { importSurveyAnswers, IMPORT_SURVEY_ANSWERS_JOB } from './domain/survey-answers.ts'
export { getEvidenceItems, listEvidenceInScope, type EvidenceScope } from './domain/for-analysis.ts'
export {
  importSubmissions,
  describeImportProblem,
  SUBMISSION_COLUMNS,
  MAX_IMPORT_FILE_TEXT as MAX_SUBMISSIONS_FILE_TEXT,
  type SubmissionImportOptions,
  type SubmissionImportProblem,
  type SubmissionImportResult,
} from './domain/import-submissions.ts'
