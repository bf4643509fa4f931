// One selection from start to finish, as a pure computation: instance -> per-person probabilities -> lottery of M
// equally likely panels -> (with a seed) the drawn panel, and a verification record holding everything needed to
// re-run and check it (verify.ts).
import type { Highs } from 'highs'
import { solveFair, type FairMethod, type FairProgress, type FairResult } from './column-generation.ts'
import { compileInstance, type TypeModel } from './compile.ts'
import { drawIndex, DRAW_RULE, lotteryHash, normaliseSeed } from './draw.ts'
import { estimateLegacy, legacyPanel, type LegacyEstimate } from './legacy.ts'
import { createPanelOracle } from './panel-oracle.ts'
import { canonicalJson, sampleWithoutReplacement, seededRandom, sha256Hex } from './random.ts'
import { suggestRelaxation } from './relaxation.ts'
import { lotteryDeviation, roundToLottery } from './rounding.ts'
import { getHighs } from './solver.ts'
import { InfeasibleQuotasError, type Algorithm, type PersonProbability, type SelectionInstance } from './types.ts'

/** Changes whenever a change to the code could change a result; recorded with every selection. */
export const ALGORITHM_VERSION = 'charter-selection/1.0.0'
export const RECORD_FORMAT = 'charter-selection-record/1'
export const DEFAULT_PANELS = 1000
export const DEFAULT_LEGACY_RUNS = 10_000

export interface SelectionOptions {
  algorithm: Algorithm
  /** M, the number of equally likely panels in the lottery. */
  panels?: number
  /** The public seed for the draw. Without it, the lottery is made but no panel is drawn. */
  seed?: string
  /** LEGACY only: runs used to estimate its probabilities. */
  legacyRuns?: number
  onProgress?: (p: SelectionProgress) => void
}

export type SelectionProgress = { step: 'probabilities'; detail?: FairProgress } | { step: 'lottery' } | { step: 'draw' }

export interface Draw {
  seed: string
  index: number
  /** Person indices, ascending. */
  panel: number[]
}

export interface SelectionRecord {
  format: typeof RECORD_FORMAT
  version: string
  algorithm: Algorithm
  parameters: { panelSize: number; panels: number; legacyRuns?: number }
  /** SHA-256 of the canonical JSON of `instance`. */
  inputHash: string
  instance: SelectionInstance
  method: string
  probabilities: PersonProbability[]
  minimumProbability: number
  /** People in no quota-satisfying panel. */
  excluded: string[]
  lottery: {
    hash: string
    /** Each panel as ids, in pool order. */
    panels: string[][]
    /** Largest |lottery chance - probability| over people. */
    maxDeviation: number
    /** The guaranteed bound on that, (1 + slack) / M; null for LEGACY, whose lottery is M independent runs. */
    bound: number | null
  }
  draw?: { rule: string; seed: string; index: number; panel: string[] }
}

export interface SelectionOutcome {
  instance: SelectionInstance
  model: TypeModel
  algorithm: Algorithm
  method: string
  /** Per person, in pool order. */
  probabilities: number[]
  minimum: number
  /** People whose probability is within 1e-7 of the minimum. */
  atMinimum: number
  excluded: string[]
  lottery: number[][]
  lotteryHash: string
  draw?: Draw
  record: SelectionRecord
  fair?: FairResult
  legacy?: LegacyEstimate
  seconds: { probabilities: number; lottery: number; total: number }
}

function infeasible(highs: Highs, model: TypeModel): InfeasibleQuotasError {
  const relaxation = suggestRelaxation(highs, model)
  return new InfeasibleQuotasError(relaxation.advice.join(' '), relaxation)
}

export function inputHash(instance: SelectionInstance): string {
  return sha256Hex(canonicalJson(instance))
}

export async function runSelection(instance: SelectionInstance, options: SelectionOptions): Promise<SelectionOutcome> {
  const started = performance.now()
  const M = options.panels ?? DEFAULT_PANELS
  if (!Number.isInteger(M) || M < 1 || M > 1_000_000) throw new RangeError(`The number of panels must be a whole number from 1 to 1,000,000 (it is ${M}).`)
  const seed = options.seed === undefined ? undefined : normaliseSeed(options.seed)
  const model = compileInstance(instance)
  const highs = await getHighs()
  const hash = inputHash(instance)
  options.onProgress?.({ step: 'probabilities' })

  let typeProbability: number[]
  let method: string
  let fair: FairResult | undefined
  let legacy: LegacyEstimate | undefined
  let lotteryPanels: number[][]
  let bound: number | null
  let probabilitiesSeconds: number
  const legacyRuns = options.legacyRuns ?? DEFAULT_LEGACY_RUNS
  if (options.algorithm === 'legacy') {
    if (!Number.isInteger(legacyRuns) || legacyRuns < 1) throw new RangeError(`The number of LEGACY runs must be at least 1 (it is ${legacyRuns}).`)
    await assertFeasible(highs, model)
    legacy = estimateLegacy(model, legacyRuns, hash)
    typeProbability = legacy.typeProbability
    method = `LEGACY estimated from ${legacyRuns} seeded runs`
    probabilitiesSeconds = (performance.now() - started) / 1000
    options.onProgress?.({ step: 'lottery' })
    // The lottery: M independent LEGACY runs from a stream fixed by the input (so it is known before the seed).
    const random = seededRandom(hash, 'legacy-lottery')
    lotteryPanels = []
    for (let i = 0; i < M; i++) {
      const { counts } = legacyPanel(model, random)
      const panel: number[] = []
      counts.forEach((c, t) => {
        if (c) panel.push(...sampleWithoutReplacement(model.types[t]!.members, c, random))
      })
      lotteryPanels.push(panel.sort((a, b) => a - b))
    }
    bound = null
  } else {
    try {
      fair = await solveFair(highs, model, { objective: options.algorithm, onProgress: detail => options.onProgress?.({ step: 'probabilities', detail }) })
    } catch (err) {
      if (err instanceof InfeasibleQuotasError) throw infeasible(highs, model)
      throw err
    }
    typeProbability = fair.typeProbability
    method = describe(options.algorithm, fair.method)
    probabilitiesSeconds = (performance.now() - started) / 1000
    options.onProgress?.({ step: 'lottery' })
    const oracle = createPanelOracle(highs, model)
    try {
      const lottery = roundToLottery(model, fair, M, oracle)
      lotteryPanels = lottery.panels
      bound = (1 + lottery.slack) / M
    } finally {
      oracle.dispose()
    }
  }
  const lotterySeconds = (performance.now() - started) / 1000 - probabilitiesSeconds

  const probabilities = model.typeOfPerson.map(t => typeProbability[t]!)
  const ids = instance.people.map(p => p.id)
  const excluded = (fair?.excludedTypes ?? []).flatMap(t => model.types[t]!.members.map(i => ids[i]!))
  const minimum = probabilities.length ? Math.min(...probabilities) : 0
  const atMinimum = probabilities.filter(p => p <= minimum + 1e-7).length
  const idPanels = lotteryPanels.map(panel => panel.map(i => ids[i]!))
  const lHash = lotteryHash(idPanels)
  let draw: Draw | undefined
  if (seed !== undefined) {
    options.onProgress?.({ step: 'draw' })
    const index = drawIndex(lHash, seed, M)
    draw = { seed, index, panel: lotteryPanels[index]! }
  }
  const record: SelectionRecord = {
    format: RECORD_FORMAT,
    version: ALGORITHM_VERSION,
    algorithm: options.algorithm,
    parameters: { panelSize: instance.panelSize, panels: M, ...(options.algorithm === 'legacy' ? { legacyRuns } : {}) },
    inputHash: hash,
    instance,
    method,
    probabilities: probabilities.map((probability, i) => ({ id: ids[i]!, probability })),
    minimumProbability: minimum,
    excluded,
    lottery: { hash: lHash, panels: idPanels, maxDeviation: lotteryDeviation(model, lotteryPanels, typeProbability, M), bound },
    ...(draw ? { draw: { rule: DRAW_RULE, seed: draw.seed, index: draw.index, panel: draw.panel.map(i => ids[i]!) } } : {}),
  }
  return {
    instance,
    model,
    algorithm: options.algorithm,
    method,
    probabilities,
    minimum,
    atMinimum,
    excluded,
    lottery: lotteryPanels,
    lotteryHash: lHash,
    draw,
    record,
    fair,
    legacy,
    seconds: { probabilities: probabilitiesSeconds, lottery: lotterySeconds, total: (performance.now() - started) / 1000 },
  }
}

/** Draws from a record made without a seed (the lottery was published first), returning the completed record. */
export function drawFromRecord(record: SelectionRecord, seedText: string): SelectionRecord {
  const seed = normaliseSeed(seedText)
  const index = drawIndex(record.lottery.hash, seed, record.parameters.panels)
  return { ...record, draw: { rule: DRAW_RULE, seed, index, panel: record.lottery.panels[index]! } }
}

function describe(algorithm: Algorithm, method: FairMethod): string {
  return `${algorithm.toUpperCase()} (${method})`
}

/** LEGACY has no optimisation of its own: check feasibility first, so infeasible quotas get the same advice. */
async function assertFeasible(highs: Highs, model: TypeModel): Promise<void> {
  const oracle = createPanelOracle(highs, model)
  try {
    if (model.instance.people.length < model.k || !oracle.best(model.types.map(() => 0))) throw infeasible(highs, model)
  } finally {
    oracle.dispose()
  }
}
