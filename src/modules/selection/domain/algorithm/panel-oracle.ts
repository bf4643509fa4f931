// The panel oracle: an integer program over TYPE COUNTS whose feasible points are exactly the quota-satisfying
// panels (up to swapping interchangeable people):
//
//   x_t integer, 0 <= x_t <= |type t|,  sum_t x_t = k,
//   min_q <= sum_{t has value q} x_t <= max_q   for every feature value q,
//   sum_{t in h} x_t <= 1                        for every shared household h.
//
// `best(costs)` returns the panel maximising sum_t costs[t] x_t. Column generation calls it as the pricing problem
// (costs = dual prices per seat of each type); the initial-panel search calls it with covering objectives. The model
// is written once as CPLEX LP text and then only its objective changes.
import type { Highs } from 'highs'
import type { TypeModel, TypeCounts } from './compile.ts'
import { EXACT_MIP, isInfeasible, isOptimal, linear, modelFromLp, num, setCosts, type Model } from './solver.ts'

export interface OracleResult {
  counts: TypeCounts
  /** sum_t costs[t] * counts[t], recomputed exactly from the integer solution. */
  value: number
  /** Proven upper bound on the best value (the MIP's dual bound). */
  bound: number
}

export interface PanelOracle {
  /** The best panel for these per-seat costs, or null if no panel satisfies the quotas. */
  best(costs: readonly number[], start?: TypeCounts): OracleResult | null
  /** The best panel for these costs with lower[t] <= x_t <= upper[t] (within the type sizes), or null if none. */
  bestWithin(costs: readonly number[], lower: readonly number[], upper: readonly number[]): OracleResult | null
  /** A panel including as many of the `wanted` types as possible (at least one person of each), or null if infeasible. */
  cover(wanted: ReadonlySet<number>): { counts: TypeCounts; covered: number } | null
  /** Number of MIP solves so far. */
  solves(): number
  dispose(): void
}

/** Writes the panel constraints as CPLEX LP text (the `Subject To` rows, bounds and integrality). */
export function panelConstraintsLp(model: TypeModel, x: (t: number) => string): { rows: string[]; bounds: string[]; generals: string[]; impossible: string[] } {
  const T = model.types.length
  const rows: string[] = []
  const impossible: string[] = []
  rows.push(` size: ${linear(model.types.map((_, t) => [1, x(t)] as const))} = ${model.k}`)
  model.quotas.forEach((q, i) => {
    const ts = model.quotaTypes[i]!
    const available = ts.reduce((s, t) => s + model.types[t]!.members.length, 0)
    if (ts.length === 0) {
      if (q.min > 0) impossible.push(`${model.featureNames[q.feature]} = ${model.valueNames[q.feature]![q.value]}`)
      return
    }
    const terms = ts.map(t => [1, x(t)] as const)
    if (q.min > 0) rows.push(` qmin${i}: ${linear(terms)} >= ${q.min}`)
    if (q.max < available) rows.push(` qmax${i}: ${linear(terms)} <= ${q.max}`)
  })
  model.households.forEach((h, i) => rows.push(` hh${i}: ${linear(h.map(t => [1, x(t)] as const))} <= 1`))
  const bounds: string[] = []
  const generals: string[] = []
  for (let t = 0; t < T; t++) {
    bounds.push(` 0 <= ${x(t)} <= ${num(model.types[t]!.members.length)}`)
    generals.push(x(t))
  }
  return { rows, bounds, generals, impossible }
}

function chunk(names: string[]): string {
  const lines: string[] = []
  for (let i = 0; i < names.length; i += 20) lines.push(` ${names.slice(i, i + 20).join(' ')}`)
  return lines.join('\n')
}

export function createPanelOracle(highs: Highs, model: TypeModel): PanelOracle {
  const T = model.types.length
  const x = (t: number) => `x${t}`
  const y = (t: number) => `y${t}`
  const c = panelConstraintsLp(model, x)
  const impossible = c.impossible.length > 0 || T === 0

  // Pricing model: maximise sum c_t x_t.
  const pricingLp = [
    'Maximize',
    ` obj: ${linear(model.types.map((_, t) => [1, x(t)] as const))}`,
    'Subject To',
    ...c.rows,
    'Bounds',
    ...c.bounds,
    'Generals',
    chunk(c.generals),
    'End',
  ].join('\n')

  // Covering model: maximise the number of wanted types with at least one seat (y_t <= x_t, y_t <= 1).
  const coverLp = [
    'Maximize',
    ` obj: ${linear(model.types.map((_, t) => [1, y(t)] as const))}`,
    'Subject To',
    ...c.rows,
    ...model.types.map((_, t) => ` cov${t}: ${y(t)} - ${x(t)} <= 0`),
    'Bounds',
    ...c.bounds,
    ...model.types.map((_, t) => ` 0 <= ${y(t)} <= 1`),
    'Generals',
    chunk(c.generals),
    'End',
  ].join('\n')

  let pricing: { model: Model; xs: number[] } | undefined
  let covering: { model: Model; xs: number[]; ys: number[] } | undefined
  let count = 0

  function getPricing() {
    if (!pricing) {
      const m = modelFromLp(highs, pricingLp, EXACT_MIP)
      pricing = { model: m.model, xs: model.types.map((_, t) => m.col(x(t))) }
    }
    return pricing
  }
  function getCovering() {
    if (!covering) {
      // Covering need not be optimal (any panel covering new types will do), only exact about covering none.
      const m = modelFromLp(highs, coverLp, { ...EXACT_MIP, mip_rel_gap: 0.3 })
      covering = { model: m.model, xs: model.types.map((_, t) => m.col(x(t))), ys: model.types.map((_, t) => m.col(y(t))) }
    }
    return covering
  }

  function readCounts(m: Model, xs: number[]): TypeCounts {
    const values = m.getSolution().colValue
    return xs.map(j => Math.round(values[j]!))
  }

  return {
    best(costs, start) {
      if (impossible) return null
      const p = getPricing()
      let scale = 0
      for (const v of costs) scale = Math.max(scale, Math.abs(v))
      const s = scale > 0 ? 1 / scale : 1
      setCosts(p.model, p.xs, p.xs.map((_, t) => costs[t]! * s))
      if (start) p.model.setSolution({ indices: p.xs, values: start })
      p.model.run()
      count++
      if (isInfeasible(highs, p.model)) return null
      if (!isOptimal(highs, p.model)) throw new Error(`panel search ended with HiGHS status ${p.model.getModelStatus()}`)
      const counts = readCounts(p.model, p.xs)
      let value = 0
      for (let t = 0; t < T; t++) value += costs[t]! * counts[t]!
      const dualBound = Number(p.model.info.get('mip_dual_bound'))
      const bound = Number.isFinite(dualBound) ? Math.max(value, dualBound / s) : value
      return { counts, value, bound }
    },
    bestWithin(costs, lower, upper) {
      if (impossible) return null
      const p = getPricing()
      const sizes = model.types.map(t => t.members.length)
      const lo = sizes.map((n, t) => Math.max(0, Math.min(n, lower[t]!)))
      const hi = sizes.map((n, t) => Math.max(0, Math.min(n, upper[t]!)))
      if (lo.some((l, t) => l > hi[t]!)) return null
      p.model.changeColsBounds({ kind: 'set', indices: p.xs }, lo, hi)
      try {
        return this.best(costs)
      } finally {
        p.model.changeColsBounds({ kind: 'set', indices: p.xs }, sizes.map(() => 0), sizes)
      }
    },
    cover(wanted) {
      if (impossible) return null
      const cm = getCovering()
      setCosts(cm.model, cm.ys, cm.ys.map((_, t) => (wanted.has(t) ? 1 : 0)))
      cm.model.run()
      count++
      if (isInfeasible(highs, cm.model)) return null
      if (!isOptimal(highs, cm.model)) throw new Error(`panel search ended with HiGHS status ${cm.model.getModelStatus()}`)
      const counts = readCounts(cm.model, cm.xs)
      let covered = 0
      for (const t of wanted) if (counts[t]! > 0) covered++
      return { counts, covered }
    },
    solves: () => count,
    dispose() {
      pricing?.model.dispose()
      covering?.model.dispose()
      pricing = undefined
      covering = undefined
    },
  }
}
