// The analysis module's public API (re-exports only). For now: code suggestions (issue 6, item 4) — a classifier
// trained on the analyst's own coding that suggests codes for the rest, with confidences and explanations.
// Suggestions are never called themes: the analyst owns the codebook and the codes.
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
