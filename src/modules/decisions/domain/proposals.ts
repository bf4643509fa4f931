// Core Group proposals: raised by the Core Group or a policy official, changed while a draft, given options and the
// findings they rest on, opened for votes (the eligible members are frozen then), closed with the outcome the rules
// compute and the rationale and review date the group records, or withdrawn. Every change is audited.
import { randomBytes } from 'node:crypto'
import type { Actor } from '../../../platform/auth/actor.ts'
import { ROLE_LABELS } from '../../../platform/auth/roles.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import type { FieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { listPublishedFindings } from '../../analysis/index.ts'
import { listCurrentCoreGroupMembers } from '../../selection/index.ts'
import {
  findProposal,
  insertLink,
  insertOption,
  insertProposal,
  listBallots,
  listLinks,
  listOptions,
  updateProposal,
  updateProposalIfStatus,
  type ProposalRow,
} from '../data/decisions.repository.ts'
import { assertMay, dayOf, invalidState, isRealDay, notFound, validationFailed } from './model.ts'
import { decide, type DecisionOutcome } from './rules/outcome.ts'
import type { Ballot, Cast, Channel, DecisionSettings, Method } from './rules/types.ts'
import { parseSettings, type SettingsInput, type StoredSettings } from './settings.ts'

/** What a decision is about, when another module owns it (e.g. the charter version the Core Group signs off). */
export interface DecisionSubject {
  type: string
  id: string
  label: string
}

export interface ProposalInput extends SettingsInput {
  title: string
  background: string
  openToStakeholders?: boolean | string
  /** Options to add with the proposal (one each; blank lines are ignored). */
  options?: string[]
  subject?: DecisionSubject
}

export interface EligibleVoter {
  participantId: string
  pseudonym: string
}

export const MAX_OPTIONS = 12

function checkText(input: ProposalInput, problems: FieldError[]): { title: string; background: string } {
  const title = String(input.title ?? '').trim()
  const background = String(input.background ?? '').trim()
  if (!title) problems.push({ field: 'title', message: 'Enter the proposal in a short sentence' })
  else if (title.length > 200) problems.push({ field: 'title', message: 'The proposal must be 200 characters or fewer' })
  if (!background) problems.push({ field: 'background', message: 'Enter the background: why this is proposed and what it would change' })
  else if (background.length > 10_000) problems.push({ field: 'background', message: 'The background must be 10,000 characters or fewer' })
  return { title, background }
}

function yes(v: unknown): boolean {
  return v === true || v === 'yes' || v === 'true' || v === 'on'
}

function cleanOptions(options: readonly string[] | undefined, problems: FieldError[]): string[] {
  const out = (options ?? []).flatMap(o => String(o).split(/\r?\n/)).map(o => o.trim()).filter(Boolean)
  if (out.length > MAX_OPTIONS) problems.push({ field: 'options', message: `Enter ${MAX_OPTIONS} options or fewer` })
  else if (out.some(o => o.length > 200)) problems.push({ field: 'options', message: 'Each option must be 200 characters or fewer' })
  else if (new Set(out.map(o => o.toLowerCase())).size !== out.length) problems.push({ field: 'options', message: 'Each option must be different' })
  return out
}

function raisedByLabel(actor: Actor): string {
  if (actor.role === 'system') return actor.displayName
  return `${actor.displayName} (${ROLE_LABELS[actor.role]})`
}

export function storedSettings(row: ProposalRow): StoredSettings {
  return JSON.parse(row.settings_json) as StoredSettings
}

export function eligibleOf(row: ProposalRow): EligibleVoter[] {
  return row.eligible_json ? (JSON.parse(row.eligible_json) as EligibleVoter[]) : []
}

export async function loadProposal(deps: Pick<AppDeps, 'db'>, id: string): Promise<ProposalRow> {
  const row = await findProposal(deps.db, id)
  if (!row) throw notFound()
  return row
}

/** Raise a proposal (a draft). Returns its id. Audited as 'decisions.proposal_raised'. */
export async function raiseProposal(deps: AppDeps, actor: Actor, input: ProposalInput): Promise<{ id: string }> {
  assertMay(actor, 'decisions:propose', 'raise a proposal')
  const problems: FieldError[] = []
  const { title, background } = checkText(input, problems)
  const { method, settings } = parseSettings(input, problems)
  const options = cleanOptions(input.options, problems)
  const subject = input.subject
  if (subject && (!subject.type.trim() || !subject.id.trim() || !subject.label.trim())) problems.push({ field: 'subject', message: 'A decision about something must say what it is about' })
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await insertProposal(uow.trx, {
      id,
      title,
      background,
      method,
      settings_json: JSON.stringify(settings),
      status: 'draft',
      voting_opens_on: null,
      voting_closes_on: null,
      eligible_json: null,
      raised_by_user_id: actor.userId,
      raised_by_role: actor.role,
      raised_by_label: raisedByLabel(actor),
      subject_type: subject?.type ?? null,
      subject_id: subject?.id ?? null,
      subject_label: subject?.label.slice(0, 300) ?? null,
      open_to_stakeholders: yes(input.openToStakeholders) ? 1 : 0,
      result: null,
      outcome_json: null,
      rationale: null,
      review_on: null,
      decided_at: null,
      decided_by_user_id: null,
      withdrawn_reason: null,
      created_at: now,
      updated_at: now,
    })
    for (const [i, label] of options.entries()) {
      await insertOption(uow.trx, { id: newId(uow.now.getTime()), proposal_id: id, position: i + 1, label, description: '', created_at: now })
    }
    await uow.audit({
      action: 'decisions.proposal_raised',
      subjectType: 'decision_proposal',
      subjectId: id,
      summary: { title, method, options: options.length, subject: subject ? { type: subject.type, id: subject.id } : null, openToStakeholders: yes(input.openToStakeholders) },
    })
  })
  return { id }
}

function assertDraft(row: ProposalRow): void {
  if (row.status !== 'draft') throw invalidState('This proposal can no longer be changed: voting has opened, or it is closed')
}

/** Change a draft's text and way of deciding (options are added apart). Audited. */
export async function changeProposal(deps: AppDeps, actor: Actor, id: string, input: Omit<ProposalInput, 'options' | 'subject'>): Promise<void> {
  assertMay(actor, 'decisions:propose', 'change a proposal')
  const row = await loadProposal(deps, id)
  assertDraft(row)
  const problems: FieldError[] = []
  const { title, background } = checkText(input, problems)
  const { method, settings } = parseSettings(input, problems)
  if (problems.length) throw validationFailed(problems)
  await inTransaction(deps, actor, async uow => {
    const ok = await updateProposalIfStatus(uow.trx, id, 'draft', {
      title,
      background,
      method,
      settings_json: JSON.stringify(settings),
      open_to_stakeholders: yes(input.openToStakeholders) ? 1 : 0,
      updated_at: uow.now.toISOString(),
    })
    if (!ok) throw invalidState('This proposal can no longer be changed: voting has opened, or it is closed')
    await uow.audit({
      action: 'decisions.proposal_changed',
      subjectType: 'decision_proposal',
      subjectId: id,
      summary: { before: { title: row.title, method: row.method }, after: { title, method }, openToStakeholders: yes(input.openToStakeholders) },
    })
  })
}

/** Add an option to a draft. Audited. */
export async function addOption(deps: AppDeps, actor: Actor, id: string, input: { label: string; description?: string }): Promise<{ id: string }> {
  assertMay(actor, 'decisions:propose', 'add an option')
  const row = await loadProposal(deps, id)
  assertDraft(row)
  const label = String(input.label ?? '').trim()
  const description = String(input.description ?? '').trim()
  const existing = await listOptions(deps.db, id)
  const problems: FieldError[] = []
  if (!label) problems.push({ field: 'label', message: 'Enter the option in a few words' })
  else if (label.length > 200) problems.push({ field: 'label', message: 'The option must be 200 characters or fewer' })
  else if (existing.some(o => o.label.toLowerCase() === label.toLowerCase())) problems.push({ field: 'label', message: 'There is already an option with these words' })
  else if (existing.length >= MAX_OPTIONS) problems.push({ field: 'label', message: `A proposal can have ${MAX_OPTIONS} options at most` })
  if (description.length > 2000) problems.push({ field: 'description', message: 'The description must be 2,000 characters or fewer' })
  if (problems.length) throw validationFailed(problems)
  const optionId = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const position = (await listOptions(uow.trx, id)).reduce((m, o) => Math.max(m, o.position), 0) + 1
    await insertOption(uow.trx, { id: optionId, proposal_id: id, position, label, description, created_at: uow.now.toISOString() })
    await uow.audit({ action: 'decisions.option_added', subjectType: 'decision_proposal', subjectId: id, summary: { optionId, label } })
  })
  return { id: optionId }
}

/**
 * Link a published finding the proposal rests on (while the proposal is a draft or open). The finding's title is
 * kept with the link. Audited.
 */
export async function linkFinding(deps: AppDeps, actor: Actor, id: string, findingId: string): Promise<void> {
  assertMay(actor, 'decisions:propose', 'link a finding')
  const row = await loadProposal(deps, id)
  if (row.status !== 'draft' && row.status !== 'open') throw invalidState('Findings can only be linked before the decision is made')
  const finding = (await listPublishedFindings(deps, actor)).find(f => f.id === findingId)
  if (!finding) throw validationFailed([{ field: 'findingId', message: 'Select a published finding' }])
  if ((await listLinks(deps.db, id)).some(l => l.kind === 'finding' && l.target_id === findingId)) {
    throw validationFailed([{ field: 'findingId', message: 'This finding is already linked' }])
  }
  await inTransaction(deps, actor, async uow => {
    await insertLink(uow.trx, { id: newId(uow.now.getTime()), proposal_id: id, kind: 'finding', target_id: findingId, label: finding.title.slice(0, 300), created_by_user_id: actor.userId, created_at: uow.now.toISOString() })
    await uow.audit({ action: 'decisions.link_added', subjectType: 'decision_proposal', subjectId: id, summary: { kind: 'finding', targetId: findingId } })
  })
}

/** Link an evidence item by id and label (the evidence module's own pages say what it is). Audited. */
export async function linkEvidence(deps: AppDeps, actor: Actor, id: string, evidence: { id: string; label: string }): Promise<void> {
  assertMay(actor, 'decisions:propose', 'link evidence')
  const row = await loadProposal(deps, id)
  if (row.status !== 'draft' && row.status !== 'open') throw invalidState('Evidence can only be linked before the decision is made')
  const label = evidence.label.trim()
  if (!evidence.id.trim() || !label) throw validationFailed([{ field: 'evidence', message: 'Say which evidence this rests on' }])
  await inTransaction(deps, actor, async uow => {
    await insertLink(uow.trx, { id: newId(uow.now.getTime()), proposal_id: id, kind: 'evidence', target_id: evidence.id.trim(), label: label.slice(0, 300), created_by_user_id: actor.userId, created_at: uow.now.toISOString() })
    await uow.audit({ action: 'decisions.link_added', subjectType: 'decision_proposal', subjectId: id, summary: { kind: 'evidence', targetId: evidence.id.trim() } })
  })
}

/**
 * Open a draft for votes until the closing date (inclusive). The Core Group members who may vote are frozen now;
 * a ranked choice records its tie-break seed now. Audited.
 */
export async function openVoting(deps: AppDeps, actor: Actor, id: string, input: { closesOn: string | null }): Promise<void> {
  assertMay(actor, 'decisions:manage', 'open voting')
  const row = await loadProposal(deps, id)
  assertDraft(row)
  const today = dayOf(deps.clock.now())
  const problems: FieldError[] = []
  if (!input.closesOn) problems.push({ field: 'closesOn-day', message: 'Enter the last day members can vote' })
  else if (!isRealDay(input.closesOn)) problems.push({ field: 'closesOn-day', message: 'The last day to vote must be a real date, like 27 3 2027' })
  else if (input.closesOn < today) problems.push({ field: 'closesOn-day', message: 'The last day to vote must be today or in the future' })
  const options = await listOptions(deps.db, id)
  if (row.method === 'ranked' && options.length < 2) problems.push({ field: 'options', message: 'Add at least two options before opening a ranked choice' })
  const voters = await listCurrentCoreGroupMembers(deps)
  if (voters.length === 0) problems.push({ field: 'voters', message: 'There are no Core Group members to vote: confirm the Core Group first' })
  if (problems.length) throw validationFailed(problems)
  const settings = storedSettings(row)
  if (row.method === 'ranked') settings.seed = randomBytes(16).toString('hex')
  await inTransaction(deps, actor, async uow => {
    const ok = await updateProposalIfStatus(uow.trx, id, 'draft', {
      status: 'open',
      voting_opens_on: today,
      voting_closes_on: input.closesOn,
      eligible_json: JSON.stringify(voters),
      settings_json: JSON.stringify(settings),
      updated_at: uow.now.toISOString(),
    })
    if (!ok) throw invalidState('This proposal is no longer a draft')
    await uow.audit({ action: 'decisions.voting_opened', subjectType: 'decision_proposal', subjectId: id, summary: { closesOn: input.closesOn, eligible: voters.length, seed: settings.seed ?? null } })
  })
}

/** The rules' settings for a proposal that has opened. */
export function decisionSettings(row: ProposalRow, options: { id: string; label: string }[]): DecisionSettings {
  const s = storedSettings(row)
  const common = { quorum: s.quorum, eligibleVoterIds: eligibleOf(row).map(v => v.participantId) }
  const method = row.method as Method
  switch (method) {
    case 'consent':
      return { ...common, method }
    case 'consensus':
      return { ...common, method, ...(s.standAsideLimit === undefined ? {} : { standAsideLimit: s.standAsideLimit }) }
    case 'majority':
      return { ...common, method, ...(s.threshold ? { threshold: s.threshold } : {}) }
    case 'ranked':
      return { ...common, method, options: options.map(o => ({ id: o.id, label: o.label })), seed: s.seed ?? '' }
  }
}

/** The outcome of the ballots given so far (or, once closed, the outcome recorded). */
export async function computeOutcome(deps: Pick<AppDeps, 'db'>, row: ProposalRow): Promise<DecisionOutcome> {
  const [options, ballots] = await Promise.all([listOptions(deps.db, row.id), listBallots(deps.db, row.id)])
  const given: Ballot[] = ballots.map(b => ({ voterId: b.voter_participant_id, channel: b.channel as Channel, cast: JSON.parse(b.cast_json) as Cast }))
  return decide(decisionSettings(row, options), given)
}

export interface CloseInput {
  rationale: string
  reviewOn: string | null
}

/**
 * Close the vote and record the decision: the outcome the rules compute from the ballots (without a quorum, "no
 * decision" is recorded as such), the group's rationale and the date to review it. Audited.
 */
export async function closeAndDecide(deps: AppDeps, actor: Actor, id: string, input: CloseInput): Promise<DecisionOutcome> {
  assertMay(actor, 'decisions:manage', 'record a decision')
  const row = await loadProposal(deps, id)
  if (row.status !== 'open') throw invalidState('Only a proposal open for votes can be closed')
  const today = dayOf(deps.clock.now())
  const rationale = String(input.rationale ?? '').trim()
  const problems: FieldError[] = []
  if (!rationale) problems.push({ field: 'rationale', message: 'Enter the reasons for the decision, in plain English' })
  else if (rationale.length > 10_000) problems.push({ field: 'rationale', message: 'The reasons must be 10,000 characters or fewer' })
  if (!input.reviewOn) problems.push({ field: 'reviewOn-day', message: 'Enter the date the decision will be reviewed' })
  else if (!isRealDay(input.reviewOn)) problems.push({ field: 'reviewOn-day', message: 'The review date must be a real date, like 27 3 2027' })
  else if (input.reviewOn <= today) problems.push({ field: 'reviewOn-day', message: 'The review date must be in the future' })
  if (problems.length) throw validationFailed(problems)
  return inTransaction(deps, actor, async uow => {
    const outcome = await computeOutcome({ db: uow.trx }, row)
    const now = uow.now.toISOString()
    const ok = await updateProposalIfStatus(uow.trx, id, 'open', {
      status: 'decided',
      result: outcome.result,
      outcome_json: JSON.stringify(outcome),
      rationale,
      review_on: input.reviewOn,
      decided_at: now,
      decided_by_user_id: actor.userId,
      voting_closes_on: row.voting_closes_on && row.voting_closes_on < today ? row.voting_closes_on : today,
      updated_at: now,
    })
    if (!ok) throw invalidState('This proposal has already been closed')
    await uow.audit({
      action: 'decisions.decision_recorded',
      subjectType: 'decision_proposal',
      subjectId: id,
      summary: { result: outcome.result, tookPart: outcome.quorum.tookPart, eligible: outcome.quorum.eligible, byChannel: outcome.byChannel, reviewOn: input.reviewOn },
    })
    return outcome
  })
}

/** Withdraw a draft or an open proposal, with the reason. Audited. */
export async function withdrawProposal(deps: AppDeps, actor: Actor, id: string, input: { reason: string }): Promise<void> {
  assertMay(actor, 'decisions:manage', 'withdraw a proposal')
  const row = await loadProposal(deps, id)
  if (row.status !== 'draft' && row.status !== 'open') throw invalidState('This proposal is already closed')
  const reason = String(input.reason ?? '').trim()
  if (!reason) throw validationFailed([{ field: 'reason', message: 'Enter why the proposal is withdrawn' }])
  if (reason.length > 2000) throw validationFailed([{ field: 'reason', message: 'The reason must be 2,000 characters or fewer' }])
  await inTransaction(deps, actor, async uow => {
    const ok = await updateProposalIfStatus(uow.trx, id, row.status, { status: 'withdrawn', withdrawn_reason: reason, updated_at: uow.now.toISOString() })
    if (!ok) throw invalidState('This proposal has changed: look at it again')
    await uow.audit({ action: 'decisions.proposal_withdrawn', subjectType: 'decision_proposal', subjectId: id, summary: { from: row.status } })
  })
}

/** Touch the proposal in the transaction, so that ballots and posts to it are numbered one at a time. */
export async function lockProposal(trx: Parameters<typeof updateProposal>[0], id: string, now: string): Promise<void> {
  await updateProposal(trx, id, { updated_at: now })
}

