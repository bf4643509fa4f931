// The selection module's public API (re-exports only): fair selection of a panel (LEXIMIN, MAXIMIN, LEGACY), the
// transparent lottery and draw, verification, top-up after drop-out, and the `charter select` commands.
export type {
  Algorithm,
  Feature,
  FeatureValueQuota,
  PersonProbability,
  PoolMember,
  SelectionInstance,
} from './domain/algorithm/types.ts'
export { InfeasibleQuotasError, SelectionInputError } from './domain/algorithm/types.ts'
export { parseInstance, parsePool, parseQuotas, type PoolOptions } from './domain/algorithm/parse.ts'
export {
  ALGORITHM_VERSION,
  DEFAULT_LEGACY_RUNS,
  DEFAULT_PANELS,
  drawFromRecord,
  inputHash,
  runSelection,
  type Draw,
  type SelectionOptions,
  type SelectionOutcome,
  type SelectionProgress,
  type SelectionRecord,
} from './domain/algorithm/select.ts'
export { verifyDraw, type Verification } from './domain/algorithm/verify.ts'
export { rankAlternates, residualInstance, topUp, type TopUpOutcome, type TopUpRequest } from './domain/algorithm/top-up.ts'
export type { QuotaChange, QuotaRelaxation } from './domain/algorithm/relaxation.ts'
export { DRAW_RULE, drawIndex, lotteryHash } from './domain/algorithm/draw.ts'
export {
  runSelectCommand,
  runSelectDrawCommand,
  runSelectVerifyCommand,
  SELECT_HELP,
  type CommandIo,
} from './cli/select-command.ts'
export { selectionModule, SELECTION_AUDIT_EVENTS } from './selection.module.ts'
export { createSelection, changeQuotas, drawSelection, discardSelection, ALGORITHMS, type CreateSelectionInput, type QuotaInput } from './domain/app/runs.ts'
export { startComputation, waitForComputations, recoverStaleComputations } from './domain/app/compute.ts'
export { confirmSelection, recordLeaving, startTopUp, endMembershipsOf, LEAVE_REASONS, type ConfirmResult } from './domain/app/core-group.ts'
export { getRunView, getCoreGroup, listSelections, getProgress, type RunView, type CoreGroupView } from './domain/app/queries.ts'
export { suggestQuotas, SELDOM_HEARD_FEATURE, type RunSettings } from './domain/app/quotas.ts'
export { isCurrentCoreGroupMember, listCurrentCoreGroupMembers } from './domain/app/membership-queries.ts'
