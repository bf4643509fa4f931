// What the selection pages show: a selection's quotas beside the pool, its progress, the chances it gives people
// (the minimum, how many have it, how chances spread, expected seats per group), the draw and its check figures,
// and the Core Group's members against its quotas. People appear by pseudonym only.
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { getRepresentationSettings, getSelectionPool, panelCatalogue, type SelectionPoolMember } from '../../../panel/index.ts'
import { findRun, listMembers, listRunSummaries, type MemberRow, type RunRow, type RunSummaryRow } from '../../data/selection.repository.ts'
import type { RunStatus } from '../../data/selection.table.ts'
import type { SelectionRecord } from '../algorithm/select.ts'
import type { Feature, QuotaRelaxation, SelectionInstance } from '../algorithm/types.ts'
import { isComputingHere, recoverStaleComputations } from './compute.ts'
import { definingRun, leaveReasonLabel } from './core-group.ts'
import { featureLabels, featureValueOf, quotaLines, type QuotaLine, type RunSettings } from './quotas.ts'
import { ALGORITHMS, assertMay, loadRun, mayReadSelections, statusWords } from './runs.ts'
import { vacancies, type TopUpPlan } from './top-up-problem.ts'

export function formatChance(p: number): string {
  if (p <= 0) return '0%'
  const percent = p * 100
  const text = percent >= 10 ? percent.toFixed(1) : percent >= 0.1 ? percent.toFixed(2) : percent.toPrecision(2)
  return `${text}%`
}

/** "about 1 in 96", for people who read odds more easily than percentages. */
export function formatOdds(p: number): string {
  if (p <= 0) return 'no chance'
  if (p >= 0.995) return 'certain'
  return `about 1 in ${Math.round(1 / p).toLocaleString('en-GB')}`
}

export interface RunListItem {
  id: string
  title: string
  kind: RunSummaryRow['kind']
  status: RunStatus
  statusText: string
  panelSize: number
  algorithm: string
  minimum: string | null
  atMinimum: number | null
  poolSize: number | null
  createdAt: string
}

function listItem(r: RunSummaryRow): RunListItem {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    status: r.status,
    statusText: statusWords(r.status),
    panelSize: r.panel_size,
    algorithm: r.algorithm.toUpperCase(),
    minimum: r.minimum_probability === null ? null : formatChance(r.minimum_probability),
    atMinimum: r.at_minimum,
    poolSize: r.pool_size,
    createdAt: r.created_at,
  }
}

export async function listSelections(deps: AppDeps, actor: Actor): Promise<{ runs: RunListItem[]; current: number; vacancies: number; groupSize: number | null }> {
  assertMay(mayReadSelections(actor), 'see selections')
  const [runs, members, defining] = await Promise.all([listRunSummaries(deps.db, 200), listMembers(deps.db), definingRun(deps)])
  return {
    runs: runs.map(listItem),
    current: members.filter(m => m.left_on === null).length,
    vacancies: vacancies(members).length,
    groupSize: defining?.panel_size ?? null,
  }
}

export interface ProgressView {
  text: string
  /** 0 to 100, or null when unknown. */
  percent: number | null
}

export function progressView(json: string | null): ProgressView {
  const p = json ? (JSON.parse(json) as { step: string; detail?: { phase: string; settled: number; types: number; columns: number } }) : { step: 'starting' }
  if (p.step === 'probabilities') {
    if (!p.detail) return { text: 'Working out everyone’s chances', percent: 5 }
    const { settled, types, columns } = p.detail
    const share = types > 0 ? settled / types : 0
    return {
      text: `Working out everyone’s chances: ${settled.toLocaleString('en-GB')} of ${types.toLocaleString('en-GB')} groups of people with the same answers settled, ${columns.toLocaleString('en-GB')} possible Core Groups found`,
      percent: Math.round(5 + 85 * share),
    }
  }
  if (p.step === 'lottery') return { text: 'Making the lottery of equally likely Core Groups', percent: 92 }
  if (p.step === 'draw') return { text: 'Finishing', percent: 98 }
  return { text: 'Starting', percent: 0 }
}

export interface ChanceBand {
  label: string
  count: number
}

export interface GroupChance {
  featureLabel: string
  valueLabel: string
  inPool: number
  min: number
  max: number
  expectedSeats: string
  chance: string
}

export interface DrawnMember {
  pseudonym: string
  chance: string
  values: { label: string; value: string }[]
}

export interface RunView {
  id: string
  kind: RunRow['kind']
  title: string
  status: RunStatus
  statusText: string
  panelSize: number
  algorithm: RunRow['algorithm']
  algorithmLabel: string
  panels: number
  settings: RunSettings
  quotas: QuotaLine[]
  poolSize: number | null
  progress: ProgressView | null
  error: string | null
  relaxation: string[]
  result: {
    minimum: string
    minimumOdds: string
    atMinimum: number
    excluded: number
    fairShare: string
    method: string
    lotteryHash: string
    maxDeviation: string
    bands: ChanceBand[]
    groups: GroupChance[]
    inputHash: string
  } | null
  draw: { seed: string; index: number; witnesses: string | null; drawnAt: string; members: DrawnMember[] } | null
  alternates: { pseudonym: string; chance: string }[]
  leaving: string[]
  startsOn: string | null
  discardReason: string | null
  createdAt: string
}

function valueLabel(catalogueLabels: Map<string, { label: string; values: Map<string, string> }>, feature: string, value: string): string {
  return catalogueLabels.get(feature)?.values.get(value) ?? value
}

/** Bands of chance relative to the fair share k/n, in words. */
function chanceBands(probabilities: readonly number[], fair: number): ChanceBand[] {
  const bands = [
    { label: 'No chance (they fit in no group that meets the quotas)', test: (p: number) => p <= 1e-9 },
    { label: `Less than half the fair share (under ${formatChance(fair / 2)})`, test: (p: number) => p > 1e-9 && p < fair / 2 - 1e-9 },
    { label: `Half the fair share up to the fair share (${formatChance(fair / 2)} to ${formatChance(fair)})`, test: (p: number) => p >= fair / 2 - 1e-9 && p < fair - 1e-9 },
    { label: `The fair share up to twice it (${formatChance(fair)} to ${formatChance(2 * fair)})`, test: (p: number) => p >= fair - 1e-9 && p < 2 * fair - 1e-9 },
    { label: `Twice the fair share or more (${formatChance(2 * fair)} or more)`, test: (p: number) => p >= 2 * fair - 1e-9 },
  ]
  return bands.map(b => ({ label: b.label, count: probabilities.filter(b.test).length }))
}

function relaxationAdvice(relaxation: QuotaRelaxation, labels: Map<string, { label: string; values: Map<string, string> }>): string[] {
  if (relaxation.changes.length === 0) return relaxation.advice
  const lines: string[] = []
  for (const c of relaxation.changes) {
    const where = `${labels.get(c.feature)?.label ?? c.feature}: ${valueLabel(labels, c.feature, c.value)}`
    const people = `${c.inPool} in the pool`
    if (c.newMin < c.min) lines.push(`Lower the minimum for ${where} from ${c.min} to ${c.newMin} (${people}).`)
    if (c.newMax > c.max) lines.push(`Raise the maximum for ${where} from ${c.max} to ${c.newMax} (${people}).`)
  }
  return lines
}

async function candidatePool(deps: AppDeps, actor: Actor, run: RunRow): Promise<SelectionPoolMember[]> {
  const pool = await getSelectionPool(deps, actor)
  if (run.kind !== 'top_up') return pool
  const ever = new Set((await listMembers(deps.db)).map(m => m.participant_id))
  return pool.filter(m => !ever.has(m.participantId))
}

export async function getRunView(deps: AppDeps, actor: Actor, runId: string): Promise<RunView> {
  assertMay(mayReadSelections(actor), 'see selections')
  let run = await loadRun(deps, runId)
  if (run.status === 'computing' && !isComputingHere(run.id)) {
    if ((await recoverStaleComputations(deps)) > 0) run = (await findRun(deps.db, runId))!
  }
  const catalogue = panelCatalogue()
  const quotas = JSON.parse(run.quotas_json) as Feature[]
  const labels = new Map(quotas.map(f => [f.name, featureLabels(catalogue, f.name)]))
  const { targets } = await getRepresentationSettings(deps, actor)
  const record = run.record_json ? (JSON.parse(run.record_json) as SelectionRecord) : null
  const instance = run.instance_json ? (JSON.parse(run.instance_json) as SelectionInstance) : null

  // Pool counts beside the quotas: the pool computed on, or (before computing) the pool as it is now.
  let lines: QuotaLine[]
  if (instance) {
    // Counted in the instance computed on (for a top-up: the candidates, with the residual quotas' pool).
    lines = quotaLines(catalogue, quotas, [], targets).map(l => {
      const fi = instance.features.findIndex(f => f.name === l.feature)
      return { ...l, inPool: fi < 0 ? 0 : instance.people.filter(p => p.values[fi] === l.value).length }
    })
  } else {
    lines = quotaLines(catalogue, quotas, await candidatePool(deps, actor, run), targets)
  }

  let result: RunView['result'] = null
  if (record && run.minimum_probability !== null) {
    const probs = record.probabilities.map(p => p.probability)
    const n = probs.length
    const k = record.instance.panelSize
    const fair = n > 0 ? k / n : 0
    const groups: GroupChance[] = []
    record.instance.features.forEach((f, fi) => {
      for (const q of f.values) {
        let count = 0
        let sum = 0
        record.instance.people.forEach((p, i) => {
          if (p.values[fi] === q.value) {
            count++
            sum += probs[i]!
          }
        })
        groups.push({
          featureLabel: labels.get(f.name)?.label ?? f.name,
          valueLabel: valueLabel(labels, f.name, q.value),
          inPool: count,
          min: q.min,
          max: q.max,
          expectedSeats: sum.toFixed(1),
          chance: count > 0 ? formatChance(sum / count) : '–',
        })
      }
    })
    result = {
      minimum: formatChance(run.minimum_probability),
      minimumOdds: formatOdds(run.minimum_probability),
      atMinimum: run.at_minimum ?? 0,
      excluded: run.excluded_count ?? 0,
      fairShare: formatChance(fair),
      method: run.method ?? '',
      lotteryHash: record.lottery.hash,
      maxDeviation: formatChance(record.lottery.maxDeviation),
      bands: chanceBands(probs, fair),
      groups,
      inputHash: record.inputHash,
    }
  }

  let draw: RunView['draw'] = null
  if (record?.draw) {
    const chanceOf = new Map(record.probabilities.map(p => [p.id, p.probability]))
    const personOf = new Map(record.instance.people.map(p => [p.id, p]))
    draw = {
      seed: record.draw.seed,
      index: record.draw.index,
      witnesses: run.witnesses,
      drawnAt: run.drawn_at ?? '',
      members: record.draw.panel.map(id => ({
        pseudonym: id,
        chance: formatChance(chanceOf.get(id) ?? 0),
        values: record.instance.features.map((f, i) => ({ label: labels.get(f.name)?.label ?? f.name, value: valueLabel(labels, f.name, personOf.get(id)?.values[i] ?? '') })),
      })),
    }
  }
  const plan = run.leaving_json ? (JSON.parse(run.leaving_json) as TopUpPlan) : null
  const members = plan ? await listMembers(deps.db) : []
  const relaxation = run.relaxation_json ? relaxationAdvice(JSON.parse(run.relaxation_json) as QuotaRelaxation, labels) : []
  return {
    id: run.id,
    kind: run.kind,
    title: run.title,
    status: run.status,
    statusText: statusWords(run.status),
    panelSize: run.panel_size,
    algorithm: run.algorithm,
    algorithmLabel: ALGORITHMS.find(a => a.code === run.algorithm)?.label ?? run.algorithm,
    panels: run.panels,
    settings: JSON.parse(run.settings_json) as RunSettings,
    quotas: lines,
    poolSize: run.pool_size,
    progress: run.status === 'computing' ? progressView(run.progress_json) : null,
    error: run.error,
    relaxation,
    result,
    draw,
    alternates: run.alternates_json ? (JSON.parse(run.alternates_json) as [string, number][]).slice(0, 20).map(([pseudonym, p]) => ({ pseudonym, chance: formatChance(p) })) : [],
    leaving: plan ? members.filter(m => plan.leaving.includes(m.id)).map(m => m.pseudonym) : [],
    startsOn: run.starts_on,
    discardReason: run.discard_reason,
    createdAt: run.created_at,
  }
}

/** The progress of a computation, for the page's script to poll. */
export async function getProgress(deps: AppDeps, actor: Actor, runId: string): Promise<{ status: RunStatus; statusText: string; progress: ProgressView | null }> {
  assertMay(mayReadSelections(actor), 'see selections')
  let run = await loadRun(deps, runId)
  if (run.status === 'computing' && !isComputingHere(run.id) && (await recoverStaleComputations(deps)) > 0) run = (await findRun(deps.db, runId))!
  return { status: run.status, statusText: statusWords(run.status), progress: run.status === 'computing' ? progressView(run.progress_json) : null }
}

export async function getVerificationRecord(deps: AppDeps, actor: Actor, runId: string): Promise<{ title: string; json: string } | null> {
  assertMay(mayReadSelections(actor), 'see selections')
  const run = await loadRun(deps, runId)
  return run.record_json ? { title: run.title, json: run.record_json } : null
}

export interface MemberView {
  id: string
  pseudonym: string
  joinedOn: string
  leftOn: string | null
  leaveReason: string
  leaveDetail: string | null
  replaced: boolean
  values: { label: string; value: string }[]
}

export interface CoreGroupView {
  groupSize: number | null
  definedBy: { id: string; title: string } | null
  current: MemberView[]
  past: MemberView[]
  vacancies: number
  topUpUnderway: { id: string; title: string } | null
  /** Current members per quota value against the quota. */
  balance: { featureLabel: string; valueLabel: string; count: number; min: number; max: number; problem: string | null }[]
}

export async function getCoreGroup(deps: AppDeps, actor: Actor): Promise<CoreGroupView> {
  assertMay(mayReadSelections(actor), 'see the Core Group')
  const [members, defining, runs] = await Promise.all([listMembers(deps.db), definingRun(deps), listRunSummaries(deps.db, 200)])
  const catalogue = panelCatalogue()
  const quotas = defining ? (JSON.parse(defining.quotas_json) as Feature[]) : []
  const labels = new Map(quotas.map(f => [f.name, featureLabels(catalogue, f.name)]))
  const pool = new Map((await getSelectionPool(deps, actor)).map(m => [m.pseudonym, m]))
  const snapshots = new Map<string, SelectionInstance | null>()
  const valuesOf = async (m: MemberRow): Promise<Map<string, string>> => {
    const now = pool.get(m.pseudonym)
    if (now) return new Map(quotas.map(f => [f.name, featureValueOf(now, f.name)]))
    if (!snapshots.has(m.run_id)) {
      const r = await findRun(deps.db, m.run_id)
      snapshots.set(m.run_id, r?.instance_json ? (JSON.parse(r.instance_json) as SelectionInstance) : null)
    }
    const snap = snapshots.get(m.run_id)
    const person = snap?.people.find(p => p.id === m.pseudonym)
    return new Map(quotas.map(f => [f.name, person?.values[snap!.features.findIndex(sf => sf.name === f.name)] ?? '']))
  }
  const view = async (m: MemberRow): Promise<MemberView & { raw: Map<string, string> }> => {
    const raw = await valuesOf(m)
    return {
      id: m.id,
      pseudonym: m.pseudonym,
      joinedOn: m.joined_on,
      leftOn: m.left_on,
      leaveReason: leaveReasonLabel(m.leave_reason),
      leaveDetail: m.leave_detail,
      replaced: m.replaced_by_run_id !== null,
      values: quotas.map(f => ({ label: labels.get(f.name)!.label, value: valueLabel(labels, f.name, raw.get(f.name) ?? '') || 'Not known' })),
      raw,
    }
  }
  const current = await Promise.all(members.filter(m => m.left_on === null).map(view))
  const past = await Promise.all(members.filter(m => m.left_on !== null).sort((a, b) => (b.left_on! < a.left_on! ? -1 : 1)).map(view))
  const balance: CoreGroupView['balance'] = []
  for (const f of quotas) {
    for (const q of f.values) {
      if (q.min === 0 && q.max >= (defining?.panel_size ?? 0)) continue
      const count = current.filter(c => c.raw.get(f.name) === q.value).length
      balance.push({
        featureLabel: labels.get(f.name)!.label,
        valueLabel: valueLabel(labels, f.name, q.value),
        count,
        min: q.min,
        max: q.max,
        problem: count < q.min ? `${q.min - count} fewer than the minimum` : count > q.max ? `${count - q.max} more than the maximum` : null,
      })
    }
  }
  const under = runs.find(r => r.kind === 'top_up' && !['confirmed', 'discarded'].includes(r.status))
  const strip = ({ raw: _raw, ...rest }: MemberView & { raw: Map<string, string> }): MemberView => rest
  return {
    groupSize: defining?.panel_size ?? null,
    definedBy: defining ? { id: defining.id, title: defining.title } : null,
    current: current.map(strip),
    past: past.map(strip),
    vacancies: vacancies(members).length,
    topUpUnderway: under ? { id: under.id, title: under.title } : null,
    balance,
  }
}
