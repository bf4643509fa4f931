// One-vs-rest linear models on sparse rows: an L2-regularised, squared-hinge-loss linear SVM with a bias, trained by
// dual coordinate descent (Hsieh et al., ICML 2008; the LIBLINEAR solver "L2R_L2LOSS_SVC_DUAL"), with a separate
// cost for positives so rare codes are not drowned (class weights). Deterministic: the coordinate order is shuffled
// by a seeded generator.
import { type SparseMatrix } from './features.ts'
import { type Random } from './random.ts'

export interface LinearOptions {
  /** Regularisation cost (default 1). */
  c?: number
  /** Cap on the positive class weight n_neg / n_pos (default 5). 1 means unweighted. */
  maxPositiveWeight?: number
  /** Passes over the data at most (default 50). */
  maxIterations?: number
  /** Stopping tolerance on the projected gradient range (default 0.1, LIBLINEAR's default). */
  epsilon?: number
}

export const DEFAULT_LINEAR_OPTIONS: Required<LinearOptions> = { c: 1, maxPositiveWeight: 5, maxIterations: 50, epsilon: 0.1 }

/**
 * Weights of all codes, feature-major: weights[f * codes + c], and bias[c]. A row's score for code c is
 * bias[c] + sum over its columns f of value * weights[f * codes + c].
 */
export interface LinearModel {
  readonly codes: number
  readonly features: number
  readonly weights: Float64Array
  readonly bias: Float64Array
}

/**
 * Trains one model per code on the rows of `x` whose labels are `labels[i]` (code numbers 0..codes-1). A code with no
 * positive example gets a constant negative score.
 */
export function trainLinear(x: SparseMatrix, labels: readonly (readonly number[])[], codes: number, random: Random, options: LinearOptions = {}): LinearModel {
  const opts = { ...DEFAULT_LINEAR_OPTIONS, ...options }
  const n = x.rows
  const weights = new Float64Array(x.cols * codes)
  const bias = new Float64Array(codes)
  const qBase = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 1 // the bias feature
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) s += x.values[p]! * x.values[p]!
    qBase[i] = s
  }
  const y = new Int8Array(n)
  const alpha = new Float64Array(n)
  const w = new Float64Array(x.cols)
  const order = new Int32Array(n)
  for (let code = 0; code < codes; code++) {
    let positives = 0
    for (let i = 0; i < n; i++) {
      y[i] = labels[i]!.includes(code) ? 1 : -1
      if (y[i] === 1) positives++
    }
    if (positives === 0) {
      bias[code] = -1
      continue
    }
    const posWeight = Math.min(opts.maxPositiveWeight, Math.max(1, (n - positives) / positives))
    const dPos = 1 / (2 * opts.c * posWeight)
    const dNeg = 1 / (2 * opts.c)
    alpha.fill(0)
    w.fill(0)
    let b = 0
    for (let i = 0; i < n; i++) order[i] = i
    for (let iter = 0; iter < opts.maxIterations; iter++) {
      for (let i = n - 1; i > 0; i--) {
        const j = random.below(i + 1)
        const t = order[i]!
        order[i] = order[j]!
        order[j] = t
      }
      let maxPg = -Infinity
      let minPg = Infinity
      for (let k = 0; k < n; k++) {
        const i = order[k]!
        const yi = y[i]!
        const d = yi === 1 ? dPos : dNeg
        let dot = b
        for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) dot += w[x.indices[p]!]! * x.values[p]!
        const g = yi * dot - 1 + d * alpha[i]!
        const pg = alpha[i] === 0 ? Math.min(g, 0) : g
        if (pg > maxPg) maxPg = pg
        if (pg < minPg) minPg = pg
        if (Math.abs(pg) > 1e-12) {
          const old = alpha[i]!
          const next = Math.max(old - g / (qBase[i]! + d), 0)
          alpha[i] = next
          const delta = (next - old) * yi
          if (delta !== 0) {
            for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) w[x.indices[p]!]! += delta * x.values[p]!
            b += delta
          }
        }
      }
      if (maxPg - minPg <= opts.epsilon) break
    }
    for (let f = 0; f < x.cols; f++) weights[f * codes + code] = w[f]!
    bias[code] = b
  }
  return { codes, features: x.cols, weights, bias }
}

/** Scores of every row for every code, row-major: out[i * codes + c]. */
export function scoreRows(model: LinearModel, x: SparseMatrix, out = new Float64Array(x.rows * model.codes)): Float64Array {
  const C = model.codes
  const W = model.weights
  for (let i = 0; i < x.rows; i++) {
    const base = i * C
    for (let c = 0; c < C; c++) out[base + c] = model.bias[c]!
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const v = x.values[p]!
      const f = x.indices[p]! * C
      for (let c = 0; c < C; c++) out[base + c]! += v * W[f + c]!
    }
  }
  return out
}
