// The analysis module's public API (re-exports only). For now: code suggestions (issue 6, item 4) — a classifier
// trained on the analyst's own coding that suggests codes for the rest, with confidences and explanations.
// Suggestions are never called themes: the analyst owns the codebook and the codes.
export { analysisModule, ANALYSIS_AUDIT_EVENTS } from './analysis.module.ts'
export { createProject, getProject, getProjectOverview, listAnalysisProjects, takeInEvidence, type ProjectDto, type ProjectInput } from './domain/projects.ts'
export { addCode, changeCode, getCodebook, publishCodebook, setCodeRetired, type CodeDto, type CodebookDto, type CodeInput } from './domain/codebook.ts'
export { codeSegment, getCodingPage, loadProjectSegments, nextSegmentToCode } from './domain/coding.ts'
export { getRedactionQueue, getRedactionReview, reviewRedactions } from './domain/redactions.ts'
export { acceptBulkSuggestions, bulkOffersForCode, getSuggestionOverview, runSuggestions, MIN_CODED_FOR_SUGGESTIONS } from './domain/suggestions.ts'
export { isStopWord, stem, tokenise, words } from './domain/suggest/tokenise.ts'
export {
  DEFAULT_FEATURE_OPTIONS,
  prepareCorpus,
  selectRows,
  vectorise,
  type Corpus,
  type FeatureOptions,
  type SparseMatrix,
  type Vocabulary,
} from './domain/suggest/features.ts'
export {
  DEFAULT_SUGGESTER_OPTIONS,
  confidences,
  explainSuggestion,
  samplesF1,
  suggestCodes,
  trainSuggester,
  type CodedRow,
  type CrossValidation,
  type Explanation,
  type Suggestion,
  type SuggesterOptions,
  type SuggestionModel,
} from './domain/suggest/classifier.ts'
// REFI-QDA exchange (.qdc codebooks, .qdpx projects), coder agreement, people counts and disclosure control (issue 6,
// items 3 and 5): pure functions, see docs/analysis/exchange-and-counts.md.
export {
  RefiError,
  readQdc,
  writeQdc,
  type Codebook,
  type CodebookCode,
} from './domain/refi/codebook.ts'
export {
  QDPX_LIMITS,
  readQdpx,
  writeQdpx,
  xmlTextFromBytes,
  type QdpxCoding,
  type QdpxLimits,
  type QdpxProject,
  type QdpxSelection,
  type QdpxSource,
  type QdpxUser,
} from './domain/refi/project.ts'
export { toCodePointOffset, toUtf16Index } from './domain/refi/offsets.ts'
export {
  agreementByCode,
  interpretKappa,
  overallAgreement,
  type AgreementBand,
  type CodeAgreement,
  type OverallAgreement,
} from './domain/agreement/kappa.ts'
export { countPeople, personKeyFor, wilsonInterval, type CountOptions, type PersonCount } from './domain/counts/people.ts'
export {
  crossTab,
  type CrossTab,
  type CrossTabCell,
  type CrossTabFigure,
  type CrossTabGroup,
  type CrossTabOptions,
  type CrossTabRow,
} from './domain/counts/crosstab.ts'
// Preparing free text for analysis (issue 6, item 2): redaction spans, segments, duplicates and campaigns.
export { applyRedactions, findRedactions, REDACTION_LABELS, REDACTION_PLACEHOLDERS, type Redaction, type RedactionKind, type RedactionOptions } from './domain/prepare/redact.ts'
export { splitSegments, type Segment, type SegmentOptions } from './domain/prepare/segments.ts'
export { DEFAULT_DUPLICATE_OPTIONS, groupDuplicates, normaliseForDuplicates, type DuplicateGroup, type DuplicateOptions } from './domain/prepare/duplicates.ts'
// Keyword clusters (issue 6, item 4): an exploration aid that groups items by shared words. Never themes.
export { clusterByKeywords, defaultClusterCount, type ClusterOptions, type KeywordCluster } from './domain/explore/clusters.ts'
// Counts, agreement samples, findings and REFI-QDA exchange with the database (issue 6, items 3 and 5), see
// docs/analysis/findings.md.
export { getTallies, talliesCsv, type Tallies, type TallyGroup, type TallyRow } from './domain/tallies.ts'
export { createSample, drawSample, getSample, listProjectSamples, nextInSample, type SampleInput, type SampleView } from './domain/samples.ts'
export {
  changeFinding,
  createFinding,
  getFinding,
  listProjectFindings,
  listPublishedFindings,
  publishFinding,
  type FindingDto,
  type FindingInput,
  type PublishedFinding,
} from './domain/findings.ts'
export { exportCodebook, exportProject, importCodebook, type ImportReport } from './domain/exchange.ts'
// "You said, we did" summaries for the people who took part (issue 6, item 5): see docs/engagement/updates.md.
export {
  changeFeedback,
  createFeedback,
  FEEDBACK_LIMITS,
  feedbackProblems,
  getFeedback,
  listProjectFeedback,
  peopleWhoTookPart,
  readingHint,
  sendFeedback,
  type FeedbackDto,
  type FeedbackInput,
  type ReadingHint,
} from './domain/feedback.ts'
