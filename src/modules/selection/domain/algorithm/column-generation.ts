// MAXIMIN and LEXIMIN over distributions of quota-satisfying panels, solved at the level of TYPES (compile.ts).
//
// LEXIMIN (see docs/selection/algorithms.md for the argument):
//  1. The LEXIMIN of the LP relaxation (relaxed-leximin.ts): a target probability per type that is at least as good,
//     in the leximin order, as any real distribution can achieve. A handful of small LPs.
//  2. Decomposition of that target into real panels by a walk down the faces of the panel polytope (decompose.ts).
//     If it succeeds, the target is achieved by a real distribution, so it IS the LEXIMIN: nothing can beat the
//     relaxation. This is the common case (always with two features, where the polytope is integral).
//  3. Otherwise, column generation (master.ts + the pricing MIP of panel-oracle.ts), seeded with the panels found:
//     first decomposition by column generation (maximise theta, every type getting at least theta times its target;
//     theta = 1 proves the target achievable), and if theta < 1, the exact staged algorithm of Flanigan et al. 2021:
//     maximise the minimum over the unfixed types; when no panel improves the master (proved by the pricing MIP), fix
//     the types whose dual prices certify that their probability cannot exceed that minimum; repeat.
//
// MAXIMIN is the first stage of the staged algorithm: column generation maximising the minimum probability, stopped
// as soon as it reaches the relaxation's minimum (which proves optimality) or when the pricing MIP proves that no
// panel improves it. Its distribution is whatever optimal LP solution column generation ends with, as in the paper.
//
// Pricing: a panel improves the master iff mu + sum_t y_t x_t / |t| > 0. Swap heuristics from the best current
// panels find such a panel most of the time; the exact MIP is called when they do not, and its bound certifies
// optimality. A dual-certified fix needs p_t - z <= gap * Y / y_t <= FIX_SLACK (Y = total unfixed dual price); if no
// type is certified, a confirmation LP (maximise that type's probability with everyone else kept at z) decides.
import type { Highs } from 'highs'
import type { TypeCounts, TypeModel } from './compile.ts'
import { decomposeByFaces } from './decompose.ts'
import { coverBySwaps, improveBySwaps, sortByCost, swapSpace, type SwapSpace } from './local-search.ts'
import { createMaster, type Master, type MasterSolution } from './master.ts'
import { createPanelOracle, type PanelOracle } from './panel-oracle.ts'
import { relaxedLeximin, type RelaxedLeximin } from './relaxed-leximin.ts'
import { InfeasibleQuotasError } from './types.ts'

/** A distribution over panels (type counts) and the resulting probability of each type's members. */
export interface PanelDistribution {
  panels: TypeCounts[]
  weights: number[]
  /** Selection probability of each member of type t (0 for excluded types). */
  typeProbability: number[]
}

export type FairMethod =
  | 'relaxation decomposed by a face walk'
  | 'relaxation decomposed by column generation'
  | 'staged column generation'
  | 'maximin column generation'

export interface FairResult extends PanelDistribution {
  /** Types in no quota-satisfying panel (probability 0). */
  excludedTypes: number[]
  /** The distinct probability levels, lowest first, with how many types are at each. */
  levels: { value: number; types: number }[]
  /** How the optimum was found and certified. */
  method: FairMethod
  stats: {
    lpSolves: number
    mipSolves: number
    walkSteps: number
    heuristicColumns: number
    columns: number
    stages: number
    confirmations: number
  }
}

export interface FairProgress {
  phase: 'relaxation' | 'face walk' | 'initial panels' | 'column generation' | 'stages'
  /** Types whose probability is settled, out of `types`. */
  settled: number
  types: number
  /** Panels found so far. */
  columns: number
  /** The current master objective (theta while decomposing, the minimum probability in a stage). */
  objective?: number
}

export interface FairOptions {
  objective: 'maximin' | 'leximin'
  /**
   * LEXIMIN only: skip the relaxation shortcut and run the staged column generation of Flanigan et al. throughout
   * (slower; an independent check of the shortcut, used by the tests).
   */
  staged?: boolean
  onProgress?: (p: FairProgress) => void
}

const IMPROVE_TOL = 1e-10
const HEURISTIC_TOL = 1e-9
const FIX_SLACK = 1e-6
const DUAL_FLOOR = 1e-6
const THETA_DONE = 1 - 1e-9
const MAX_ITERATIONS = 100_000
/** Columns tried as starting points of the swap heuristic in each pricing round. */
const STARTS = 8

function key(counts: TypeCounts): string {
  return counts.join(',')
}

/**
 * Finds panels covering every type that is in some feasible panel and not already in one of `known`; the types left
 * over are in no feasible panel (proved by the covering MIP finding none of them).
 */
export function initialPanels(model: TypeModel, oracle: PanelOracle, space: SwapSpace, known: readonly TypeCounts[] = []): { panels: TypeCounts[]; excluded: number[] } {
  const wanted = new Set<number>(model.types.map((_, t) => t))
  for (const p of known) p.forEach((c, t) => {
    if (c > 0) wanted.delete(t)
  })
  if (wanted.size === 0) return { panels: [], excluded: [] }
  const first = oracle.cover(wanted)
  if (!first) throw new InfeasibleQuotasError('No panel satisfies all the quotas.')
  if (first.covered === 0) return { panels: [first.counts], excluded: [...wanted].sort((a, b) => a - b) }
  const panels: TypeCounts[] = []
  const seen = new Set<string>()
  const take = (counts: TypeCounts) => {
    if (seen.has(key(counts))) return
    seen.add(key(counts))
    panels.push(counts)
    counts.forEach((c, t) => {
      if (c > 0) wanted.delete(t)
    })
  }
  take(first.counts)
  let current = first.counts
  while (wanted.size > 0) {
    const h = coverBySwaps(space, current, wanted)
    if (h.covered.length > 0) {
      take(h.counts)
      current = h.counts
      continue
    }
    const m = oracle.cover(wanted)
    if (!m || m.covered === 0) break
    take(m.counts)
    current = m.counts
  }
  return { panels, excluded: [...wanted].sort((a, b) => a - b) }
}

export async function solveFair(highs: Highs, model: TypeModel, options: FairOptions): Promise<FairResult> {
  const oracle = createPanelOracle(highs, model)
  try {
    return run(highs, model, oracle, options)
  } finally {
    oracle.dispose()
  }
}

function run(highs: Highs, model: TypeModel, oracle: PanelOracle, options: FairOptions): FairResult {
  const T = model.types.length
  if (model.instance.people.length < model.k) throw new InfeasibleQuotasError(`The pool has fewer people than the panel size of ${model.k}.`)
  const size = model.types.map(t => t.members.length)
  const progress = (p: Omit<FairProgress, 'types'>) => options.onProgress?.({ ...p, types: T })
  const stats = { lpSolves: 0, mipSolves: 0, walkSteps: 0, heuristicColumns: 0, columns: 0, stages: 0, confirmations: 0 }
  const seeds: TypeCounts[] = []

  const finish = (panels: TypeCounts[], weights: number[], excluded: number[], method: FairMethod): FairResult => {
    const typeProbability = new Array<number>(T).fill(0)
    panels.forEach((p, j) => p.forEach((c, t) => {
      if (c > 0) typeProbability[t] = typeProbability[t]! + (weights[j]! * c) / size[t]!
    }))
    stats.mipSolves += oracle.solves()
    return { panels, weights, typeProbability, excludedTypes: excluded, levels: levelsOf(typeProbability, new Set(excluded)), method, stats }
  }

  const tryWalk = (relaxed: RelaxedLeximin): FairResult | undefined => {
    progress({ phase: 'face walk', settled: 0, columns: 0 })
    const walk = decomposeByFaces(highs, model, relaxed.typeProbability.map((p, t) => p * size[t]!))
    stats.walkSteps += walk.steps
    stats.mipSolves += walk.mipSolves
    seeds.push(...walk.panels)
    if (!walk.ok) return undefined
    stats.columns = walk.panels.length
    // A type at 0 in the relaxation is in no panel, not even fractionally.
    const excluded = relaxed.typeProbability.map((p, t) => (p <= 1e-12 ? t : -1)).filter(t => t >= 0)
    return finish(walk.panels, walk.weights, excluded, 'relaxation decomposed by a face walk')
  }

  // 1-2. The relaxation, and the face walk.
  progress({ phase: 'relaxation', settled: 0, columns: 0 })
  let relaxed = relaxedLeximin(highs, model, new Set())
  stats.lpSolves += relaxed.lpSolves
  const shortcut = options.objective === 'leximin' && !options.staged
  if (shortcut) {
    const done = tryWalk(relaxed)
    if (done) return done
  }

  // 3. Column generation. First the types in no feasible panel, which the relaxation cannot see.
  const space = swapSpace(model)
  progress({ phase: 'initial panels', settled: 0, columns: seeds.length })
  const { panels: initial, excluded } = initialPanels(model, oracle, space, seeds)
  const excludedSet = new Set(excluded)
  if (excluded.length > 0) {
    relaxed = relaxedLeximin(highs, model, excludedSet)
    stats.lpSolves += relaxed.lpSolves
    if (shortcut) {
      const done = tryWalk(relaxed)
      if (done) return done
    }
  }
  const active = model.types.map((_, t) => t).filter(t => !excludedSet.has(t))
  const target = relaxed.typeProbability
  const usable = seeds.filter(p => p.every((c, t) => c === 0 || !excludedSet.has(t)))
  const master: Master = createMaster(highs, model, active, [...initial, ...usable], t =>
    shortcut ? { g: target[t]!, h: 0 } : { g: 1, h: 0 },
  )
  let weights = new Map<number, number>()
  let settled = excluded.length
  let phase: FairProgress['phase'] = 'column generation'

  /** Swap heuristics from the best current columns; returns improving panels not yet in the master. */
  function heuristicPrice(costs: number[], threshold: number): TypeCounts[] {
    const scored = master.columns.map((p, j) => {
      let v = 0
      for (let t = 0; t < T; t++) if (p[t]) v += costs[t]! * p[t]!
      return { j, v }
    })
    scored.sort((a, b) => b.v - a.v || a.j - b.j)
    const order = sortByCost(costs)
    const found: TypeCounts[] = []
    const keys = new Set<string>()
    for (const { j } of scored.slice(0, STARTS)) {
      const r = improveBySwaps(space, master.columns[j]!, costs, order)
      const k = key(r.counts)
      if (r.value > threshold + HEURISTIC_TOL && !keys.has(k) && !master.has(r.counts)) {
        keys.add(k)
        found.push(r.counts)
      }
    }
    return found
  }

  /** Column generation until no panel improves the master, or z reaches `stopAt`. */
  function optimise(stopAt?: number): { sol: MasterSolution; gap: number } {
    for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      const sol = master.solve()
      if (iteration % 25 === 24) progress({ phase, settled, columns: master.columns.length, objective: sol.z })
      if (stopAt !== undefined && sol.z >= stopAt) return { sol, gap: 0 }
      const costs = new Array<number>(T).fill(0)
      for (const t of active) costs[t] = sol.y[t]! / size[t]!
      for (const [t, w] of weights) costs[t] = costs[t]! + w / size[t]!
      const threshold = -sol.mu
      const found = heuristicPrice(costs, threshold)
      if (found.length > 0) {
        for (const p of found) master.addColumn(p)
        stats.heuristicColumns += found.length
        continue
      }
      const best = oracle.best(costs)
      if (!best) throw new Error('the pricing problem became infeasible')
      if (best.value > threshold + IMPROVE_TOL && master.addColumn(best.counts)) continue
      return { sol, gap: Math.max(0, best.bound - threshold) }
    }
    throw new Error('column generation did not converge')
  }

  function typeProbabilities(sol: MasterSolution): number[] {
    const p = new Array<number>(T).fill(0)
    master.columns.forEach((col, j) => {
      const l = sol.lambda[j]!
      if (l <= 0) return
      for (let t = 0; t < T; t++) if (col[t]) p[t] = p[t]! + (l * col[t]!) / size[t]!
    })
    return p
  }

  /** Confirmation LP: can type t rise above z while every other unfixed type keeps z? */
  function confirm(t: number, z: number): boolean {
    stats.confirmations++
    master.setZBounds(z, z)
    master.setZCost(0)
    weights = new Map([[t, 1]])
    master.setTypeWeights(weights)
    const { sol } = optimise()
    const p = typeProbabilities(sol)[t]!
    weights = new Map()
    master.setTypeWeights(weights)
    master.setZCost(-1)
    master.setZBounds(0, 1)
    return p <= z + FIX_SLACK
  }

  function stagedLeximin(): MasterSolution {
    phase = 'stages'
    const fixed = new Set<number>()
    let sol: MasterSolution | undefined
    while (fixed.size < active.length) {
      stats.stages++
      const r = optimise()
      const current = r.sol
      sol = current
      const z = current.z
      const unfixed = active.filter(t => !fixed.has(t))
      let Y = 0
      for (const t of unfixed) Y += current.y[t]!
      let newly = Y > 0
        ? unfixed.filter(t => {
          const share = current.y[t]! / Y
          return share >= DUAL_FLOOR && (r.gap * Y) / current.y[t]! <= FIX_SLACK
        })
        : []
      if (newly.length === 0) {
        const candidates = [...unfixed].sort((a, b) => current.y[b]! - current.y[a]!)
        for (const t of candidates) {
          if (confirm(t, z)) {
            newly = [t]
            break
          }
        }
        if (newly.length === 0) throw new Error('LEXIMIN could not certify any probability at this stage')
      }
      for (const t of newly) {
        master.setRow(t, 0, z)
        fixed.add(t)
      }
      settled = fixed.size + excluded.length
      progress({ phase, settled, columns: master.columns.length, objective: z })
    }
    return sol ?? master.solve()
  }

  let method: FairMethod
  let final: MasterSolution
  try {
    if (options.objective === 'leximin' && options.staged) {
      method = 'staged column generation'
      final = stagedLeximin()
    } else if (options.objective === 'leximin') {
      const d = optimise(THETA_DONE)
      if (d.sol.z >= THETA_DONE) {
        method = 'relaxation decomposed by column generation'
        final = d.sol
      } else {
        method = 'staged column generation'
        for (const t of active) master.setRow(t, 1, 0)
        final = stagedLeximin()
      }
    } else {
      method = 'maximin column generation'
      stats.stages = 1
      // The relaxation's minimum bounds the true one: reaching it proves optimality without a final MIP.
      final = optimise((relaxed.levels[0]?.value ?? 0) - 1e-9).sol
    }
    const panels: TypeCounts[] = []
    const w: number[] = []
    master.columns.forEach((p, j) => {
      const l = final.lambda[j]!
      if (l > 1e-12) {
        panels.push(p)
        w.push(l)
      }
    })
    const total = w.reduce((a, b) => a + b, 0)
    stats.columns = master.columns.length
    stats.lpSolves += master.solves()
    return finish(panels, w.map(x => x / total), excluded, method)
  } finally {
    master.dispose()
  }
}

/** Groups probabilities into levels (within 1e-7), lowest first, counting types. */
function levelsOf(p: number[], excluded: ReadonlySet<number>): { value: number; types: number }[] {
  const values = p.filter((_, t) => !excluded.has(t)).sort((a, b) => a - b)
  const levels: { value: number; types: number }[] = []
  for (const v of values) {
    const last = levels[levels.length - 1]
    if (last && v - last.value <= 1e-7) last.types++
    else levels.push({ value: v, types: 1 })
  }
  return levels
}
