// Decomposing a target vector of expected type counts into a distribution over real panels, by walking down the
// faces of the panel polytope Q = { 0 <= x_t <= |t|, sum x_t = k, quota rows, household rows } (a Carathéodory
// decomposition):
//
//   residual r = target, mass m = 1.  Repeat:
//     w = r / m is a point of Q. Let F be the smallest face of Q containing w (the constraints tight at w).
//     Find an INTEGER point v of F: a vertex of F from an LP (integral in the common case), else the previous panel
//     repaired by swaps, else a MIP over F.
//     Move away from v: the largest mu with (r - mu v) / (m - mu) still in Q (a ratio test over the constraints that
//     are slack at v). Record panel v with weight mu; r -= mu v; m -= mu.
//
// Each step makes at least one more constraint tight, so the face shrinks and the walk ends in at most (number of
// types + 1) steps, each a warm-started LP over T variables and a few dozen rows. It succeeds whenever the faces it
// meets contain integer points (always with two features, where Q is integral; usually with more). When it does
// not, it returns what it found and the caller finishes with column generation seeded with these panels. The result
// is checked exactly: the probabilities implied by the panels and weights are compared with the target.
import type { Highs } from 'highs'
import type { TypeCounts, TypeModel } from './compile.ts'
import { repairToFace, swapSpace } from './local-search.ts'
import { panelConstraintsLp } from './panel-oracle.ts'
import { EXACT_MIP, isInfeasible, isOptimal, linear, type Model, modelFromLp, PRECISE_LP, setCosts } from './solver.ts'

export interface Decomposition {
  ok: boolean
  /** Why the walk stopped early, when !ok. */
  reason?: string
  panels: TypeCounts[]
  /** Weights of the panels (they sum to 1 when ok; to the mass decomposed otherwise). */
  weights: number[]
  /** Largest |probability implied by the panels - target probability| over types (when ok). */
  maxError: number
  /** Mass not decomposed (0 when ok). */
  residualMass: number
  steps: number
  mipSolves: number
  repairs: number
  /** Steps whose panel was an integral LP vertex. */
  lpVertices: number
}

interface Constraint {
  kind: 'bound' | 'quota' | 'household'
  /** Type, quota or household index. */
  index: number
  /** Types in the constraint (coefficient 1 each). */
  types: number[]
  lower: number
  upper: number
  tight: boolean
  /** The value it is tight at. */
  at: number
}

const TIGHT = 1e-9
/** Rounding errors in the residual are ~1e-14 counts: slack below this is treated as zero whatever the mass. */
const TIGHT_ABS = 1e-11
/** Below this residual mass the walk stops; the final check bounds the error this leaves. */
const MASS_DONE = 1e-9
const MAX_ERROR = 1e-8
/** LP objectives tried for an integral vertex before swaps and the MIP. */
const LP_ATTEMPTS = 16

/** A fixed pseudo-random number in [-1, 1) for (t, step, attempt): deterministic, so the walk is reproducible. */
function hashUnit(t: number, step: number, attempt: number): number {
  let h = (Math.imul(t + 1, 0x9e3779b1) ^ Math.imul(step + 1, 0x85ebca77) ^ Math.imul(attempt, 0xc2b2ae3d)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0
  h = (h ^ (h >>> 16)) >>> 0
  return h / 2 ** 31 - 1
}

/** A persistent LP or MIP over Q whose rows and bounds follow the face as it shrinks. */
function faceModel(highs: Highs, model: TypeModel, integer: boolean): { model: Model; cols: number[]; tighten: (con: Constraint) => void } {
  const x = (t: number) => `x${t}`
  const c = panelConstraintsLp(model, x)
  const lp = [
    'Maximize',
    ` obj: ${linear(model.types.map((_, t) => [1, x(t)] as const))}`,
    'Subject To',
    ...c.rows,
    'Bounds',
    ...c.bounds,
    ...(integer ? ['Generals', ...c.generals.map(g => ` ${g}`)] : []),
    'End',
  ].join('\n')
  const built = modelFromLp(highs, lp, integer ? { ...EXACT_MIP, mip_rel_gap: 1 } : { ...PRECISE_LP, presolve: 'off' })
  const rows = new Map<string, number>()
  for (let i = 0; i < built.model.getDimensions().numRows; i++) rows.set(built.model.getRowName(i), i)
  const cols = model.types.map((_, t) => built.col(x(t)))
  const tighten = (con: Constraint) => {
    const v = con.at
    if (con.kind === 'bound') {
      built.model.changeColBounds(cols[con.index]!, v, v)
    } else if (con.kind === 'quota') {
      for (const name of [`qmin${con.index}`, `qmax${con.index}`]) {
        const row = rows.get(name)
        if (row !== undefined) built.model.changeRowBounds(row, v, v)
      }
    } else {
      built.model.changeRowBounds(rows.get(`hh${con.index}`)!, v, v)
    }
  }
  return { model: built.model, cols, tighten }
}

export function decomposeByFaces(highs: Highs, model: TypeModel, targetCounts: readonly number[]): Decomposition {
  const T = model.types.length
  const size = model.types.map(t => t.members.length)
  const panels: TypeCounts[] = []
  const weights: number[] = []
  let mipSolves = 0
  let repairs = 0
  let lpVertices = 0
  let steps = 0
  let m = 1
  const result = (ok: boolean, reason?: string, maxError = Infinity): Decomposition =>
    ({ ok, reason, panels, weights, maxError, residualMass: ok ? 0 : m, steps, mipSolves, repairs, lpVertices })
  if (panelConstraintsLp(model, t => `x${t}`).impossible.length) return result(false, 'a quota cannot be met')

  const constraints: Constraint[] = []
  model.quotas.forEach((q, i) => {
    const ts = model.quotaTypes[i]!
    const available = ts.reduce((s, t) => s + size[t]!, 0)
    const lower = q.min > 0 ? q.min : -Infinity
    const upper = q.max < available ? q.max : Infinity
    if (lower === -Infinity && upper === Infinity) return
    constraints.push({ kind: 'quota', index: i, types: ts, lower, upper, tight: false, at: 0 })
  })
  model.households.forEach((h, i) => constraints.push({ kind: 'household', index: i, types: h, lower: -Infinity, upper: 1, tight: false, at: 0 }))
  for (let t = 0; t < T; t++) constraints.push({ kind: 'bound', index: t, types: [t], lower: 0, upper: size[t]!, tight: false, at: 0 })
  const activity = (con: Constraint, v: readonly number[]) => {
    let s = 0
    for (const t of con.types) s += v[t]!
    return s
  }

  const space = swapSpace(model)
  const face = { frozen: new Map<number, number>(), quotas: new Map<number, number>(), households: new Map<number, number>() }
  const lp = faceModel(highs, model, false)
  let mip: ReturnType<typeof faceModel> | undefined
  const tightened: Constraint[] = []
  try {
    const r = targetCounts.slice()
    for (; steps <= T + 5 && m > MASS_DONE; steps++) {
      // 1. The face of w = r / m: tighten every constraint with (numerically) no slack.
      const tol = Math.max(TIGHT * m, TIGHT_ABS)
      for (const con of constraints) {
        if (con.tight) continue
        const s = activity(con, r)
        let at: number | undefined
        if (Number.isFinite(con.lower) && s - con.lower * m <= tol) at = con.lower
        else if (Number.isFinite(con.upper) && con.upper * m - s <= tol) at = con.upper
        if (at === undefined) continue
        con.tight = true
        con.at = at
        lp.tighten(con)
        mip?.tighten(con)
        tightened.push(con)
        if (con.kind === 'bound') face.frozen.set(con.index, at)
        else if (con.kind === 'quota') face.quotas.set(con.index, at)
        else face.households.set(con.index, at)
      }
      // 2. An integer point of the face. The objective favours the types w has most of (a small fixed
      //    perturbation breaks ties, so the walk does not depend on the LP's pivoting order).
      const costs = model.types.map((_, t) => r[t]! / m / size[t]! + (1e-7 * ((t * 7919) % 101)) / 101)
      let v: number[] | null = null
      for (let attempt = 0; attempt < LP_ATTEMPTS && !v; attempt++) {
        // First the vertex that agrees most with w; then vertices for perturbed objectives, which often are integral
        // when the first is not (a face's vertices are a mix of integral and fractional ones).
        const c = attempt === 0 ? costs : costs.map((x, t) => x * (1 + 0.5 * hashUnit(t, steps, attempt)))
        setCosts(lp.model, lp.cols, c)
        lp.model.run()
        if (!isOptimal(highs, lp.model)) return result(false, `the face LP ended with HiGHS status ${lp.model.getModelStatus()} (mass left ${m})`)
        const values = lp.model.getSolution().colValue
        const candidate = lp.cols.map(j => values[j]!)
        if (candidate.every(val => Math.abs(val - Math.round(val)) <= 1e-7)) v = candidate.map(val => Math.round(val))
      }
      if (v) {
        lpVertices++
      } else {
        const previous = panels[panels.length - 1]
        v = previous ? repairToFace(space, previous, face) : null
        if (v) repairs++
        else {
          if (!mip) {
            mip = faceModel(highs, model, true)
            for (const con of tightened) mip.tighten(con)
          }
          setCosts(mip.model, mip.cols, costs)
          mip.model.run()
          mipSolves++
          if (isInfeasible(highs, mip.model)) return result(false, `a face of the relaxation has no panel in it (mass left ${m})`)
          if (!isOptimal(highs, mip.model)) return result(false, `the face MIP ended with HiGHS status ${mip.model.getModelStatus()}`)
          const sol = mip.model.getSolution().colValue
          v = mip.cols.map(j => Math.round(sol[j]!))
        }
      }
      // 3. Ratio test: how far can we move away from v and stay in Q?
      let mu = m
      for (const con of constraints) {
        const sv = activity(con, v)
        if (con.tight) {
          if (sv !== con.at) return result(false, `the panel found left the face (mass left ${m})`)
          continue
        }
        const sr = activity(con, r)
        if (Number.isFinite(con.lower) && sv > con.lower) mu = Math.min(mu, (sr - con.lower * m) / (sv - con.lower))
        if (Number.isFinite(con.upper) && sv < con.upper) mu = Math.min(mu, (con.upper * m - sr) / (con.upper - sv))
      }
      if (!(mu > 0)) return result(false, `the walk stalled (mass left ${m})`)
      if (mu >= m * (1 - 1e-12)) {
        panels.push(v)
        weights.push(m)
        m = 0
        break
      }
      panels.push(v)
      weights.push(mu)
      for (let t = 0; t < T; t++) r[t] = r[t]! - mu * v[t]!
      m -= mu
    }
    if (m > MASS_DONE) return result(false, `the walk did not finish (mass left ${m})`)
    // Exact check of what the panels imply, after normalising away the (at most MASS_DONE) residual.
    const total = weights.reduce((a, b) => a + b, 0)
    for (let j = 0; j < weights.length; j++) weights[j] = weights[j]! / total
    m = 0
    const implied = new Array<number>(T).fill(0)
    panels.forEach((p, j) => p.forEach((cnt, t) => {
      if (cnt) implied[t] = implied[t]! + weights[j]! * cnt
    }))
    let maxError = 0
    for (let t = 0; t < T; t++) maxError = Math.max(maxError, Math.abs(implied[t]! - targetCounts[t]!) / size[t]!)
    if (maxError > MAX_ERROR) return { ...result(false, `the panels miss the target by ${maxError}`), maxError }
    return result(true, undefined, maxError)
  } finally {
    lp.model.dispose()
    mip?.model.dispose()
  }
}
