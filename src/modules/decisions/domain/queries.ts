// Reading decisions: the list and a proposal's page for those who may read them, the stakeholders' view of
// proposals opened to them, the public decision log (decided only: never who voted how), and the questions the
// charter module asks (decisions about a charter version; decided proposals to link a commitment to).
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import {
  listBallots,
  listDecided,
  listLinks,
  listOptions,
  listPosts,
  listProposals,
  listProposalsForSubject,
  type PostRow,
  type ProposalRow,
} from '../data/decisions.repository.ts'
import { ownVoter } from './ballots.ts'
import {
  assertMay,
  CHANNEL_LABELS,
  may,
  dayOf,

  METHOD_LABELS,
  notFound,
  outcomeWord,
  POST_KIND_LABELS,
  resultLabel,
  STATUS_LABELS,
  type OutcomeWord,
  type PostKind,
  type ProposalStatus,
} from './model.ts'
import { computeOutcome, eligibleOf, loadProposal, storedSettings, type DecisionSubject } from './proposals.ts'
import type { DecisionOutcome } from './rules/outcome.ts'
import { quorumNeeded } from './rules/quorum.ts'
import type { ByChannel, Cast, Channel, Method } from './rules/types.ts'
import { settingsInWords, settingsToInput, type SettingsInput } from './settings.ts'

export interface ProposalListItem {
  id: string
  title: string
  method: Method
  methodLabel: string
  status: ProposalStatus
  statusLabel: string
  resultLabel: string | null
  votingClosesOn: string | null
  decidedAt: string | null
  subjectLabel: string | null
}

function chosenLabel(row: ProposalRow, outcome: DecisionOutcome | null, options: { id: string; label: string }[]): string | null {
  return outcome?.chosenOptionId ? (options.find(o => o.id === outcome.chosenOptionId)?.label ?? null) : null
}

function recordedOutcome(row: ProposalRow): DecisionOutcome | null {
  return row.outcome_json ? (JSON.parse(row.outcome_json) as DecisionOutcome) : null
}

function listItem(row: ProposalRow, chosen: string | null = null): ProposalListItem {
  return {
    id: row.id,
    title: row.title,
    method: row.method as Method,
    methodLabel: METHOD_LABELS[row.method as Method] ?? row.method,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    resultLabel: row.status === 'decided' ? resultLabel(row.result, chosen) : null,
    votingClosesOn: row.voting_closes_on,
    decidedAt: row.decided_at,
    subjectLabel: row.subject_label,
  }
}

/** Every proposal, newest first, for those who may read decisions. */
export async function listDecisionProposals(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<ProposalListItem[]> {
  assertMay(actor, 'decisions:read', 'see the Core Group’s proposals')
  const rows = await listProposals(deps.db)
  const out: ProposalListItem[] = []
  for (const row of rows) {
    const outcome = recordedOutcome(row)
    out.push(listItem(row, outcome?.chosenOptionId ? chosenLabel(row, outcome, await listOptions(deps.db, row.id)) : null))
  }
  return out
}

export interface PostView {
  kind: PostKind
  kindLabel: string
  authorLabel: string
  body: string
  createdAt: string
}

function postView(p: PostRow): PostView {
  return { kind: p.kind, kindLabel: POST_KIND_LABELS[p.kind], authorLabel: p.author_label, body: p.body, createdAt: p.created_at }
}

export interface ChannelCount {
  channel: Channel
  label: string
  count: number
}

function channelCounts(byChannel: ByChannel): ChannelCount[] {
  return (Object.keys(CHANNEL_LABELS) as Channel[]).map(channel => ({ channel, label: CHANNEL_LABELS[channel], count: byChannel[channel] ?? 0 }))
}

export interface ProposalDetail extends ProposalListItem {
  background: string
  settingsWords: string[]
  settingsInput: Required<SettingsInput>
  raisedByLabel: string
  createdAt: string
  votingOpensOn: string | null
  subject: DecisionSubject | null
  openToStakeholders: boolean
  options: { id: string; label: string; description: string }[]
  links: { kind: string; targetId: string; label: string }[]
  /** The discussion, in four separately labelled parts. */
  discussion: PostView[]
  advice: PostView[]
  stakeholderComments: PostView[]
  facilitatorNotes: PostView[]
  eligible: number
  quorumNeeded: number | null
  /** Members whose ballot counts now, by channel (while open: how many have taken part; never who voted how). */
  tookPart: number
  byChannel: ChannelCount[]
  /** Once decided: the recorded outcome and its explanation. */
  outcome: DecisionOutcome | null
  explanation: string[]
  concerns: string[]
  objections: string[]
  rationale: string | null
  reviewOn: string | null
  withdrawnReason: string | null
  /** For a Core Group member: may they vote now, and what counts of theirs now. */
  me: { mayVote: boolean; eligible: boolean; current: Cast | null; currentChannel: Channel | null } | null
}

/** Objection and concern texts, without who gave them: what the group must address. */
function remarks(outcome: DecisionOutcome | null): { concerns: string[]; objections: string[] } {
  const c = outcome?.counts
  if (!c) return { concerns: [], objections: [] }
  if (c.method === 'consent') return { concerns: c.concernList.map(r => r.text), objections: c.objectionList.map(r => r.text) }
  if (c.method === 'consensus') return { concerns: c.standAsideList.map(r => r.reason), objections: c.blockList.map(r => r.reason) }
  return { concerns: [], objections: [] }
}

/** A proposal's page for those who may read decisions. */
export async function getProposalDetail(deps: AppDeps, actor: Actor, id: string): Promise<ProposalDetail> {
  // Facilitators who record ballots (a panel manager) see the proposal they record a ballot on.
  if (!may(actor, 'decisions:facilitate')) assertMay(actor, 'decisions:read', 'see the Core Group’s proposals')
  const row = await loadProposal(deps, id)
  return detailOf(deps, actor, row)
}

async function detailOf(deps: AppDeps, actor: Actor, row: ProposalRow): Promise<ProposalDetail> {
  const [options, links, posts] = await Promise.all([listOptions(deps.db, row.id), listLinks(deps.db, row.id), listPosts(deps.db, row.id)])
  const method = row.method as Method
  const settings = storedSettings(row)
  const eligible = eligibleOf(row)
  let live: DecisionOutcome | null = null
  if (row.status === 'open') live = await computeOutcome(deps, row)
  const outcome = row.status === 'decided' ? recordedOutcome(row) : null
  const counted = outcome ?? live
  const { concerns, objections } = remarks(outcome)
  let me: ProposalDetail['me'] = null
  if (actor.role === 'core_group_member') {
    const voter = row.status === 'open' ? await ownVoter(deps, actor, row) : null
    let current: Cast | null = null
    let currentChannel: Channel | null = null
    if (voter) {
      const mine = (await listBallots(deps.db, row.id)).filter(b => b.voter_participant_id === voter.participantId)
      const last = mine[mine.length - 1]
      if (last) {
        current = JSON.parse(last.cast_json) as Cast
        currentChannel = last.channel as Channel
      }
    }
    const open = row.status === 'open' && !(row.voting_closes_on && row.voting_closes_on < dayOf(deps.clock.now()))
    me = { mayVote: open && voter !== null, eligible: voter !== null, current, currentChannel }
  }
  return {
    ...listItem(row, chosenLabel(row, outcome, options)),
    background: row.background,
    settingsWords: settingsInWords(method, settings),
    settingsInput: settingsToInput(row.method, settings),
    raisedByLabel: row.raised_by_label,
    createdAt: row.created_at,
    votingOpensOn: row.voting_opens_on,
    subject: row.subject_type && row.subject_id ? { type: row.subject_type, id: row.subject_id, label: row.subject_label ?? '' } : null,
    openToStakeholders: row.open_to_stakeholders === 1,
    options: options.map(o => ({ id: o.id, label: o.label, description: o.description })),
    links: links.map(l => ({ kind: l.kind, targetId: l.target_id, label: l.label })),
    discussion: posts.filter(p => p.kind === 'core_group').map(postView),
    advice: posts.filter(p => p.kind === 'official_advice' || p.kind === 'advisor_advice').map(postView),
    stakeholderComments: posts.filter(p => p.kind === 'stakeholder').map(postView),
    facilitatorNotes: posts.filter(p => p.kind === 'facilitator_note').map(postView),
    eligible: eligible.length,
    quorumNeeded: row.status === 'open' || row.status === 'decided' ? quorumNeeded(settings.quorum, eligible.length) : null,
    tookPart: counted?.quorum.tookPart ?? 0,
    byChannel: channelCounts(counted?.byChannel ?? { meeting: 0, online: 0, phone_facilitated: 0 }),
    outcome,
    explanation: outcome?.explanation ?? [],
    concerns,
    objections,
    rationale: row.rationale,
    reviewOn: row.review_on,
    withdrawnReason: row.withdrawn_reason,
    me,
  }
}

/** Proposals open for votes, for facilitators recording ballots given at a meeting or by phone. */
export async function listOpenForFacilitators(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<ProposalListItem[]> {
  assertMay(actor, 'decisions:facilitate', 'record ballots')
  return (await listProposals(deps.db, { status: 'open' })).map(r => listItem(r))
}

/** Proposals opened to stakeholder comment, still being discussed (draft or open). */
export async function listProposalsForStakeholders(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<ProposalListItem[]> {
  assertMay(actor, 'decisions:comment_stakeholder', 'comment on proposals')
  return (await listProposals(deps.db, { openToStakeholders: true })).filter(r => r.status === 'draft' || r.status === 'open').map(r => listItem(r))
}

export interface StakeholderView {
  id: string
  title: string
  background: string
  statusLabel: string
  options: { label: string; description: string }[]
  /** Only stakeholders' own channel: they do not see the Core Group's discussion or the votes. */
  stakeholderComments: PostView[]
}

/** A proposal as a stakeholder sees it, when it is opened to them and still being discussed. */
export async function getProposalForStakeholder(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<StakeholderView> {
  assertMay(actor, 'decisions:comment_stakeholder', 'comment on proposals')
  const row = await loadProposal(deps, id)
  if (!row.open_to_stakeholders || (row.status !== 'draft' && row.status !== 'open')) throw notFound()
  const [options, posts] = await Promise.all([listOptions(deps.db, id), listPosts(deps.db, id)])
  return {
    id: row.id,
    title: row.title,
    background: row.background,
    statusLabel: STATUS_LABELS[row.status],
    options: options.map(o => ({ label: o.label, description: o.description })),
    stakeholderComments: posts.filter(p => p.kind === 'stakeholder').map(postView),
  }
}

export interface LogEntry {
  id: string
  title: string
  methodLabel: string
  result: string
  resultLabel: string
  outcome: OutcomeWord
  rationale: string
  reviewOn: string | null
  decidedAt: string
  eligible: number
  tookPart: number
  byChannel: ChannelCount[]
  /** The rules' explanation: counts only, never who voted how. */
  explanation: string[]
  subjectLabel: string | null
}

async function logEntry(deps: Pick<AppDeps, 'db'>, row: ProposalRow): Promise<LogEntry> {
  const outcome = recordedOutcome(row)!
  const chosen = outcome.chosenOptionId ? chosenLabel(row, outcome, await listOptions(deps.db, row.id)) : null
  return {
    id: row.id,
    title: row.title,
    methodLabel: METHOD_LABELS[row.method as Method] ?? row.method,
    result: outcome.result,
    resultLabel: resultLabel(outcome.result, chosen),
    outcome: outcomeWord(outcome.result)!,
    rationale: row.rationale ?? '',
    reviewOn: row.review_on,
    decidedAt: row.decided_at ?? '',
    eligible: outcome.quorum.eligible,
    tookPart: outcome.quorum.tookPart,
    byChannel: channelCounts(outcome.byChannel),
    explanation: outcome.explanation,
    subjectLabel: row.subject_label,
  }
}

/** The public decision log: decided proposals, most recent first. Anyone may read it, signed in or not. */
export async function getDecisionLog(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<LogEntry[]> {
  assertMay(actor, 'decisions:read_published', 'read the decision log')
  const out: LogEntry[] = []
  for (const row of await listDecided(deps.db)) out.push(await logEntry(deps, row))
  return out
}

/** One decision in the public log (NOT_FOUND unless decided). */
export async function getDecisionLogEntry(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<LogEntry> {
  assertMay(actor, 'decisions:read_published', 'read the decision log')
  const row = await loadProposal(deps, id)
  if (row.status !== 'decided') throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such decision in the log' })
  return logEntry(deps, row)
}

export interface DecisionSummary {
  id: string
  title: string
  status: ProposalStatus
  outcome: OutcomeWord | null
  decidedAt: string | null
  href: string
}

/** The proposals about one subject (e.g. sign-off of a charter version), newest first. For the charter module. */
export async function findDecisionsForSubject(deps: Pick<AppDeps, 'db'>, subjectType: string, subjectId: string): Promise<DecisionSummary[]> {
  return (await listProposalsForSubject(deps.db, subjectType, subjectId)).map(r => ({
    id: r.id,
    title: r.title,
    status: r.status,
    outcome: r.status === 'decided' ? outcomeWord(r.result) : null,
    decidedAt: r.decided_at,
    href: `/decisions/${r.id}`,
  }))
}

/** Decided proposals, newest first, for linking a charter commitment to the decision behind it. */
export async function listDecisionsForLinking(deps: Pick<AppDeps, 'db'>): Promise<{ id: string; title: string; decidedOn: string; outcome: string }[]> {
  return (await listDecided(deps.db)).map(r => ({ id: r.id, title: r.title, decidedOn: (r.decided_at ?? '').slice(0, 10), outcome: outcomeWord(r.result) ?? 'not_adopted' }))
}

