// The one place that talks to HiGHS (npm `highs`, a WebAssembly build of the HiGHS LP/MIP solver, MIT). Models are
// written as CPLEX LP text, loaded into a persistent HiGHS model, and then changed in place (objective costs, new
// columns, row bounds) so that the simplex method can warm-start from the previous basis.
import highsModule, { type Highs, type Model } from 'highs'

// The package's types describe a CommonJS module (so TypeScript sees `default` as the module object), while Node
// loads its ES module build, whose default export is the loader itself. Accept either shape.
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<Highs>

let loading: Promise<Highs> | undefined

/** Loads the solver once per process (WebAssembly compilation takes ~100 ms). */
export function getHighs(): Promise<Highs> {
  loading ??= loadHighs()
  return loading
}

export type { Model }

/** Quiet, deterministic options: single-threaded and no time limits, so a re-run gives the same answer. */
export const QUIET = { output_flag: false, log_to_console: false } as const

/**
 * Tight tolerances for the LPs whose solutions ARE the probabilities (HiGHS's default 1e-7 would let a probability of
 * 0.008 be off by a relative 1e-5).
 */
export const PRECISE_LP = { primal_feasibility_tolerance: 1e-10, dual_feasibility_tolerance: 1e-10 } as const

/**
 * Options for an exact MIP (pricing, coverage, relaxation): prove optimality to a tiny gap. Our MIPs are small and
 * their LP relaxations are strong, so HiGHS's primal heuristics (feasibility jump, RINS, RENS) and symmetry detection
 * cost far more than they save: without them a pricing MIP over ~700 types takes a fifth of the time.
 */
export const EXACT_MIP = {
  ...QUIET,
  mip_rel_gap: 1e-9,
  mip_abs_gap: 1e-12,
  mip_detect_symmetry: false,
  mip_heuristic_run_feasibility_jump: false,
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_allow_restart: false,
} as const

/** Formats a coefficient for LP text without losing precision (LP text is parsed back to the same double). */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`non-finite coefficient ${x}`)
  return String(x)
}

/** Writes `c1 x1 + c2 x2 ...` for LP text, wrapping long lines (HiGHS reads lines of any length, humans do not). */
export function linear(terms: ReadonlyArray<readonly [number, string]>): string {
  const parts: string[] = []
  for (const [c, name] of terms) {
    if (c === 0) continue
    const sign = c < 0 ? '-' : '+'
    const abs = Math.abs(c)
    parts.push(`${sign} ${abs === 1 ? '' : `${num(abs)} `}${name}`)
  }
  if (parts.length === 0) return '0'
  const lines: string[] = []
  for (let i = 0; i < parts.length; i += 12) lines.push(parts.slice(i, i + 12).join(' '))
  return lines.join('\n   ')
}

/** Creates a persistent model from LP text with quiet options, and a name -> index map for its columns and rows. */
export function modelFromLp(highs: Highs, lp: string, options: Record<string, number | boolean | string> = QUIET): {
  model: Model
  col: (name: string) => number
  row: (name: string) => number
} {
  const model = highs.createModel({ format: 'lp', data: lp })
  model.options.set({ ...QUIET, ...options })
  const dims = model.getDimensions()
  const cols = new Map<string, number>()
  const rows = new Map<string, number>()
  for (let j = 0; j < dims.numCols; j++) cols.set(model.getColName(j), j)
  for (let i = 0; i < dims.numRows; i++) rows.set(model.getRowName(i), i)
  return {
    model,
    col: name => {
      const j = cols.get(name)
      if (j === undefined) throw new Error(`no column ${name}`)
      return j
    },
    row: name => {
      const i = rows.get(name)
      if (i === undefined) throw new Error(`no row ${name}`)
      return i
    },
  }
}

/** True when the last run proved optimality. */
export function isOptimal(highs: Highs, model: Model): boolean {
  return model.getModelStatus() === highs.constants.modelStatus.optimal
}

/** True when the last run proved infeasibility. */
export function isInfeasible(highs: Highs, model: Model): boolean {
  const s = model.getModelStatus()
  return s === highs.constants.modelStatus.infeasible || s === highs.constants.modelStatus.unboundedOrInfeasible
}

/** Sets the objective cost of the given columns (in any order; HiGHS wants strictly increasing indices). */
export function setCosts(model: Model, indices: readonly number[], costs: readonly number[]): void {
  const order = indices.map((_, i) => i).sort((a, b) => indices[a]! - indices[b]!)
  model.changeColsCost({ kind: 'set', indices: order.map(i => indices[i]!) }, order.map(i => costs[i]!))
}
