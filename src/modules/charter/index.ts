export { charterModule, CHARTER_AUDIT_EVENTS } from './charter.module.ts'
export { addPrinciple, type AddPrincipleInput } from './domain/add-principle.ts'
export { listPrinciples } from './domain/queries/list-principles.ts'
export type { PrincipleDto } from './domain/principle.ts'
export {
  canonicalJson,
  contentHash,
  contentMatchesHash,
  normaliseContent,
  parseContent,
  validateContent,
  type CharterAsk,
  type CharterCommitment,
  type CharterContent,
  type CharterSection,
  type ContentProblem,
} from './domain/versions/content.ts'
export { diffContent, type ContentDiff, type ItemDiff, type SectionDiff, type TextChange, type TextPart } from './domain/versions/diff.ts'
export { renderDiffHtml, renderDiffText, type RenderDiffOptions } from './domain/versions/render-diff.ts'
export {
  checkPlainEnglish,
  summariseVersion,
  DEFAULT_MAX_SENTENCE_WORDS,
  DEFAULT_TARGET_READING_AGE,
  type LongSentence,
  type PlainEnglishMessage,
  type PlainEnglishOptions,
  type PlainEnglishReport,
  type VersionItem,
  type VersionItemSummary,
  type VersionSummary,
} from './domain/plain-english/check.ts'
export { DEFAULT_JARGON } from './domain/plain-english/default-jargon.ts'
export {
  findJargon,
  formatJargonList,
  parseJargonList,
  type JargonEntry,
  type JargonListError,
  type JargonMatch,
  type ParsedJargonList,
} from './domain/plain-english/jargon.ts'
export type { PassiveMatch } from './domain/plain-english/passive.ts'
export { getCurrentPublished, getPublishedVersions, type PublishedVersion } from './domain/workflow/published.ts'
// The drafting slice (issue 7 items 2, 3 and 5): the working draft, the plain-English checker's settings, versions.
export { draftContent, getWorkingDraft, type WorkingDraft } from './domain/drafting/draft.ts'
export {
  compareVersions,
  getLatestVersion,
  getVersion,
  listVersions,
  saveVersion,
  type VersionComparison,
  type VersionDto,
  type VersionListing,
} from './domain/drafting/versions.ts'
export { listRoundsForVersion, type RoundSummary } from './domain/review/rounds.ts'
export type { ReviewAudience, CommentChannel } from './data/charter.table.ts'
export { currentPublishedVersion, listPublishedVersions, type TranslationDto } from './domain/publishing/queries.ts'
export { createTranslation, publishTranslation, saveEasyRead, saveTranslation } from './domain/publishing/commands.ts'
export type { VersionInfo as PublishedVersionInfo, EasyReadEntry } from './domain/publishing/model.ts'
// The drafting, review and workflow commands, for callers outside the module's pages (the demonstration loader).
export { addItem, addSection, changeCharterAbout, changeItem, type CharterAboutInput, type ItemInput, type SectionInput } from './domain/drafting/structure.ts'
export { setCommitmentLinks } from './domain/drafting/links.ts'
export { registerReviewer, listReviewerAccounts, type ReviewerAccount } from './domain/review/reviewers.ts'
export { openRound, closeRound, listVisibleRounds, type OpenRoundInput, type RoundDto } from './domain/review/rounds.ts'
export { addComment, enterCommentOnBehalf, respondToComment, listCommentsOfRound, type CommentDto } from './domain/review/comments.ts'
export { moveWorkflowForward, switchWorkflowVersion, getWorkflowOverview, type WorkflowOverview } from './domain/workflow/workflow.ts'
