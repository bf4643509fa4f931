// The decisions module's public API (re-exports only): Core Group proposals, discussion, votes by channel, outcomes
// with rationale and review dates, and the public decision log (issue 7, item 1). See docs/decisions/decisions.md.
export { decisionsModule, DECISIONS_AUDIT_EVENTS } from './decisions.module.ts'
export {
  raiseProposal,
  changeProposal,
  addOption,
  linkFinding,
  linkEvidence,
  openVoting,
  closeAndDecide,
  withdrawProposal,
  type DecisionSubject,
  type ProposalInput,
  type CloseInput,
} from './domain/proposals.ts'
export { castBallot, recordBallot, type BallotInput } from './domain/ballots.ts'
export { postToDiscussion } from './domain/discussion.ts'
export {
  listDecisionProposals,
  getProposalDetail,
  getDecisionLog,
  getDecisionLogEntry,
  findDecisionsForSubject,
  listDecisionsForLinking,
  type DecisionSummary,
  type LogEntry,
  type ProposalDetail,
} from './domain/queries.ts'
// The rules, pure (docs/decisions/rules.md).
export { decide, type DecisionOutcome, type DecisionResult } from './domain/rules/outcome.ts'
export type { Ballot, Cast, Channel, DecisionSettings, Method } from './domain/rules/types.ts'
