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
