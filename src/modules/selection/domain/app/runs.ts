// Selections in the application: set one up (size, algorithm, which dimensions carry quotas), adjust the quotas
// suggested from the population targets, work out everyone's chances (in a worker thread, with progress), draw in
// front of witnesses with a public seed, and confirm the drawn people as the Core Group. Each step is one
// transaction with its audit event; status changes are compare-and-set so two people cannot both win a race.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { getRepresentationSettings, panelCatalogue } from '../../../panel/index.ts'
import { findRun, findRunSummary, insertRun, updateRunIfStatus, type RunRow, type RunSummaryRow } from '../../data/selection.repository.ts'
import type { RunStatus } from '../../data/selection.table.ts'
import { DEFAULT_PANELS, drawFromRecord, type SelectionRecord } from '../algorithm/select.ts'
import { rankAlternates } from '../algorithm/top-up.ts'
import type { Algorithm, Feature } from '../algorithm/types.ts'
import { checkQuotas, quotaDimensions, suggestQuotas, type RunSettings } from './quotas.ts'

export const ALGORITHMS: readonly { code: Algorithm; label: string; hint: string }[] = [
  {
    code: 'leximin',
    label: 'LEXIMIN (recommended)',
    hint: 'The fairest: gives the people with the smallest chance as big a chance as the quotas allow, then the next smallest, and so on.',
  },
  { code: 'maximin', label: 'MAXIMIN', hint: 'Makes the smallest chance as big as possible, but may leave other chances less even than LEXIMIN.' },
  { code: 'legacy', label: 'LEGACY (for comparison only)', hint: 'The older one-by-one method most lotteries used. Some people get much smaller chances.' },
]

export const MIN_PANEL_SIZE = 2
export const MAX_PANEL_SIZE = 200
export const MAX_SLACK = 5

export function mayReadSelections(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'selection:read')
}
export function mayRunSelections(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'selection:run')
}
export function mayManageCoreGroup(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'selection:manage_core_group')
}

export function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export async function loadRun(deps: Pick<AppDeps, 'db'>, id: string): Promise<RunRow> {
  const run = await findRun(deps.db, id)
  if (!run) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such selection' })
  return run
}

export async function loadRunSummary(deps: Pick<AppDeps, 'db'>, id: string): Promise<RunSummaryRow> {
  const run = await findRunSummary(deps.db, id)
  if (!run) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such selection' })
  return run
}

const STATUS_WORDS: Record<RunStatus, string> = {
  draft: 'being set up',
  computing: 'working out the chances',
  computed: 'ready to draw',
  failed: 'could not be worked out',
  drawn: 'drawn, not yet confirmed',
  confirmed: 'confirmed',
  discarded: 'discarded',
}

export function statusWords(status: RunStatus): string {
  return STATUS_WORDS[status]
}

function wrongState(run: Pick<RunRow, 'title' | 'status'>, action: string): AppError {
  return new AppError(AppErrorCode.INVALID_STATE, { message: `You cannot ${action}: “${run.title}” is ${STATUS_WORDS[run.status]}` })
}

export interface CreateSelectionInput {
  title: string
  panelSize: number
  algorithm: Algorithm
  dimensions: string[]
  seldomHeardMin: number | null
  slack: number
  panels?: number
}

/** Set up a selection of the Core Group, with quotas suggested from the population targets. */
export async function createSelection(deps: AppDeps, actor: Actor, input: CreateSelectionInput): Promise<{ id: string }> {
  assertMay(mayRunSelections(actor), 'set up a selection')
  const catalogue = panelCatalogue()
  const known = new Set(quotaDimensions(catalogue).map(d => d.key))
  for (const d of input.dimensions) if (!known.has(d)) throw fieldError('dimensions', `There is no dimension called ${d} that quotas can be set on`)
  if (!Number.isInteger(input.panelSize) || input.panelSize < MIN_PANEL_SIZE || input.panelSize > MAX_PANEL_SIZE) {
    throw fieldError('panelSize', `Enter a whole number of people from ${MIN_PANEL_SIZE} to ${MAX_PANEL_SIZE}`)
  }
  if (input.seldomHeardMin !== null && (!Number.isInteger(input.seldomHeardMin) || input.seldomHeardMin < 0 || input.seldomHeardMin > input.panelSize)) {
    throw fieldError('seldomHeardMin', `Enter a whole number from 0 to ${input.panelSize}, the size of the group`)
  }
  const settings: RunSettings = { dimensions: [...new Set(input.dimensions)], seldomHeardMin: input.seldomHeardMin, slack: input.slack }
  const { targets } = await getRepresentationSettings(deps, actor)
  const quotas = suggestQuotas({ panelSize: input.panelSize, catalogue, settings, targets })
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await insertRun(uow.trx, {
      id,
      kind: 'core_group',
      title: input.title,
      status: 'draft',
      panel_size: input.panelSize,
      algorithm: input.algorithm,
      panels: input.panels ?? DEFAULT_PANELS,
      settings_json: JSON.stringify(settings),
      quotas_json: JSON.stringify(quotas),
      parent_run_id: null,
      leaving_json: null,
      created_by_user_id: actor.userId,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({
      action: 'selection.created',
      subjectType: 'selection',
      subjectId: id,
      summary: { title: input.title, panelSize: input.panelSize, algorithm: input.algorithm, settings },
    })
  })
  return { id }
}

/** Quota changes the analyst typed, by feature and value. */
export type QuotaInput = Record<string, Record<string, { min: number; max: number }>>

/**
 * Change the quotas. Allowed while the selection is being set up, could not be worked out, or is ready to draw (the
 * chances worked out for the old quotas are then cleared). Problems come back as field errors, nothing is saved.
 */
export async function changeQuotas(deps: AppDeps, actor: Actor, runId: string, input: QuotaInput): Promise<{ changed: number }> {
  assertMay(mayRunSelections(actor), 'change the quotas')
  const run = await loadRunSummary(deps, runId)
  const editable: RunStatus[] = ['draft', 'failed', 'computed']
  if (!editable.includes(run.status)) throw wrongState(run, 'change the quotas')
  const before = JSON.parse(run.quotas_json) as Feature[]
  let changed = 0
  const quotas: Feature[] = before.map(f => ({
    ...f,
    values: f.values.map(q => {
      const next = input[f.name]?.[q.value]
      if (!next || (next.min === q.min && next.max === q.max)) return q
      changed++
      return { ...q, min: next.min, max: next.max }
    }),
  }))
  const problems = checkQuotas(panelCatalogue(), quotas, run.panel_size)
  if (problems.length) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check the quotas', fieldErrors: problems })
  if (changed === 0) return { changed }
  await inTransaction(deps, actor, async uow => {
    const ok = await updateRunIfStatus(uow.trx, runId, editable, { ...CLEARED_RESULTS, status: 'draft', quotas_json: JSON.stringify(quotas), updated_at: uow.now.toISOString() })
    if (!ok) throw wrongState({ title: run.title, status: 'computing' }, 'change the quotas')
    await uow.audit({ action: 'selection.quotas_changed', subjectType: 'selection', subjectId: runId, summary: { changed, before, after: quotas } })
  })
  return { changed }
}

/** What a run forgets when it goes back to being set up. */
export const CLEARED_RESULTS = {
  pool_size: null,
  instance_json: null,
  pool_json: null,
  input_hash: null,
  progress_json: null,
  heartbeat_at: null,
  started_at: null,
  finished_at: null,
  error: null,
  relaxation_json: null,
  record_json: null,
  method: null,
  minimum_probability: null,
  at_minimum: null,
  excluded_count: null,
  lottery_hash: null,
  alternates_json: null,
} as const

export interface DrawInput {
  seed: string
  witnesses: string
}

/**
 * The draw: the lottery of equally likely groups was fixed (and its fingerprint shown) when the chances were worked
 * out; the seed, announced in front of the witnesses, picks one of them by a rule anyone can recompute. For a
 * top-up, the rest of the pool is ranked as alternates from the same seed.
 */
export async function drawSelection(deps: AppDeps, actor: Actor, runId: string, input: DrawInput): Promise<void> {
  assertMay(mayRunSelections(actor), 'make the draw')
  const run = await loadRun(deps, runId)
  if (run.status !== 'computed' || !run.record_json) throw wrongState(run, 'make the draw')
  const seed = input.seed.trim()
  if (!seed) throw fieldError('seed', 'Enter the seed: the numbers or words announced for the draw')
  if (seed.length > 500) throw fieldError('seed', 'The seed must be 500 characters or fewer')
  if (input.witnesses.length > 2000) throw fieldError('witnesses', 'The witnesses’ names must be 2,000 characters or fewer')
  const record = drawFromRecord(JSON.parse(run.record_json) as SelectionRecord, seed)
  const draw = record.draw!
  const alternates = run.kind === 'top_up' ? rankAlternates(record.probabilities, draw.panel, draw.seed).map(a => [a.id, a.probability]) : null
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const ok = await updateRunIfStatus(uow.trx, runId, ['computed'], {
      status: 'drawn',
      record_json: JSON.stringify(record),
      seed: draw.seed,
      draw_index: draw.index,
      witnesses: input.witnesses.trim() || null,
      alternates_json: alternates ? JSON.stringify(alternates) : null,
      drawn_at: now,
      drawn_by_user_id: actor.userId,
      updated_at: now,
    })
    if (!ok) throw wrongState({ title: run.title, status: 'drawn' }, 'make the draw')
    await uow.audit({
      action: 'selection.drawn',
      subjectType: 'selection',
      subjectId: runId,
      summary: { lotteryHash: record.lottery.hash, seed: draw.seed, index: draw.index, rule: draw.rule, drawn: draw.panel, witnesses: input.witnesses.trim() || null },
    })
  })
}

/**
 * Discard a selection that has not been confirmed. A drawn selection needs a reason, which stays on record: a draw
 * must not be quietly repeated until someone likes the result.
 */
export async function discardSelection(deps: AppDeps, actor: Actor, runId: string, input: { reason: string }): Promise<void> {
  assertMay(mayRunSelections(actor), 'discard a selection')
  const run = await loadRunSummary(deps, runId)
  const discardable: RunStatus[] = ['draft', 'failed', 'computed', 'drawn', 'computing']
  if (!discardable.includes(run.status)) throw wrongState(run, 'discard it')
  const reason = input.reason.trim()
  if (run.status === 'drawn' && !reason) throw fieldError('reason', 'Say why you are discarding a selection that has been drawn')
  if (reason.length > 1000) throw fieldError('reason', 'The reason must be 1,000 characters or fewer')
  await inTransaction(deps, actor, async uow => {
    const ok = await updateRunIfStatus(uow.trx, runId, discardable, { status: 'discarded', discard_reason: reason || null, updated_at: uow.now.toISOString() })
    if (!ok) throw wrongState({ title: run.title, status: 'confirmed' }, 'discard it')
    await uow.audit({ action: 'selection.discarded', subjectType: 'selection', subjectId: runId, summary: { status: run.status, reason: reason || null } })
  })
}
