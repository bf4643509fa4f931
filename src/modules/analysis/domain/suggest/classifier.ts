// The code-suggestion model: trained on the analyst's own coded items, it suggests codes for the rest, each with a
// confidence in [0, 1], and marks the suggestions confident enough to be offered for acceptance in bulk.
//
// 1. One-vs-rest linear SVMs on TF-IDF rows (linear.ts) give a margin per code; the k nearest coded neighbours
//    (neighbours.ts) give a second opinion; the score is margin + neighbourWeight * neighbour share.
// 2. Internal k-fold cross-validation on the coded items gives out-of-fold scores, from which we fit
//    - a sigmoid (Platt scaling) that turns a score into a confidence (optionally one per well-coded code),
//    - the neighbour weight and the second-code ratio (from small grids, by out-of-fold samples-F1),
//    - a global threshold for adding codes beyond an item's top code, then per-code thresholds for codes with enough
//      examples (each kept only if it raises out-of-fold samples-F1),
//    - the bulk threshold: the lowest confidence at which the out-of-fold suggestions at or above it were right at
//      least `bulkPrecision` of the time (lower 95 % Wilson bound, so small samples do not over-promise).
// 3. The decision rule: every item gets its top code (so none is left empty), and another code only when its
//    confidence reaches that code's threshold AND is near the top code's (at least ratio x its confidence).
//
// Deterministic: same rows, codes and seed give the same model and suggestions. Suggestions are never themes: the
// analyst owns the codebook and the codes; this only proposes.
import { type Corpus, type SparseMatrix, linearRows, selectRows } from './features.ts'
import { type LinearModel, type LinearOptions, scoreRows, trainLinear } from './linear.ts'
import { type CodedIndex, buildCodedIndex, nearestCoded, neighbourScores, neighbourScratch } from './neighbours.ts'
import { permutation, seededRandom } from './random.ts'

export interface CodedRow {
  /** The item's row in the corpus. */
  row: number
  /** The codes the analyst gave it (numbers 0..codeCount-1); at least one. */
  codes: readonly number[]
}

export interface SuggesterOptions {
  seed?: string | number
  /** Cross-validation folds for thresholds and calibration (default 5; fewer when there are few coded items). */
  folds?: number
  linear?: LinearOptions
  /** Neighbours consulted (default 10; 0 turns the second opinion off). */
  neighbours?: number
  /** Candidate neighbour weights, chosen by cross-validation (default [0, 0.5, 1, 2]). */
  neighbourWeights?: readonly number[]
  /** Precision required of the bulk-offered suggestions (default 0.85). */
  bulkPrecision?: number
  /** An item's top code is suggested only at or above this confidence (default 0: every item gets its top code). */
  minTopConfidence?: number
  /** Codes with fewer coded examples than this share the global threshold (default 10). */
  minExamplesForOwnThreshold?: number
  /**
   * Codes with at least this many coded examples get a sigmoid of their own; the others share one (default Infinity:
   * one shared sigmoid. Own sigmoids did not raise F1 on the benchmark and made the bulk offers less precise).
   */
  minExamplesForOwnCalibration?: number
  /**
   * Candidate ratios r, chosen by cross-validation: a code other than the top one is suggested only when its
   * confidence is at least r x the top code's (default [0, 0.3, 0.4, ..., 0.8]; 0 = no such condition).
   */
  secondCodeRatios?: readonly number[]
  /**
   * The final linear models are the average of the cross-validation folds' models (default true), so the confidences
   * are calibrated on exactly the scores they will give; false refits on all coded items.
   */
  averageFolds?: boolean
  /** Weight of the corpus's latent dimensions (if it has them; FeatureOptions.latentDims) beside the words (default 0.5). */
  latentWeight?: number
}

export const DEFAULT_SUGGESTER_OPTIONS = {
  seed: 1,
  folds: 5,
  neighbours: 10,
  neighbourWeights: [0, 0.5, 1, 2] as readonly number[],
  bulkPrecision: 0.85,
  minTopConfidence: 0,
  minExamplesForOwnThreshold: 10,
  minExamplesForOwnCalibration: Infinity,
  secondCodeRatios: [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] as readonly number[],
  averageFolds: true,
  latentWeight: 0.5,
}

/** What cross-validation on the coded items says about the model (out-of-fold, before the final fit). */
export interface CrossValidation {
  folds: number
  samplesF1: number
  /** Share of coded items that would have had at least one bulk offer, and how often those offers were right. */
  bulkShare: number
  bulkPrecision: number
}

export interface SuggestionModel {
  readonly codeCount: number
  readonly linear: LinearModel
  readonly index: CodedIndex
  readonly neighbours: number
  readonly neighbourWeight: number
  /** Weight of the latent dimensions in the linear models' rows (0 when the corpus has none). */
  readonly latentWeight: number
  /** Confidence = 1 / (1 + exp(a * score + b)): the sigmoid shared by codes with few examples. */
  readonly calibration: { readonly a: number; readonly b: number }
  /** Per code c: its own sigmoid, a = calibrations[2c], b = calibrations[2c + 1] (the shared one for rare codes). */
  readonly calibrations: Float64Array
  /** Per code: a code other than the top one is suggested at or above this confidence. */
  readonly thresholds: Float64Array
  /** ... and only when its confidence is at least this share of the top code's. */
  readonly secondCodeRatio: number
  readonly minTopConfidence: number
  /** Suggestions at or above this confidence are offered for bulk acceptance (Infinity: none are). */
  readonly bulkThreshold: number
  readonly crossValidation: CrossValidation | null
}

export interface Suggestion {
  code: number
  confidence: number
  /** Confident enough to be offered for acceptance in bulk (after review). */
  bulk: boolean
}

const GRID = Array.from({ length: 19 }, (_, i) => 0.05 * (i + 1))

/** Trains a suggestion model on the coded rows of `corpus`. */
export function trainSuggester(corpus: Corpus, coded: readonly CodedRow[], codeCount: number, options: SuggesterOptions = {}): SuggestionModel {
  const opts = { ...DEFAULT_SUGGESTER_OPTIONS, ...options }
  if (coded.length === 0) throw new Error('trainSuggester needs at least one coded item')
  const seed = String(opts.seed)
  const rows = Int32Array.from(coded.map(c => c.row))
  const labels = coded.map(c => [...new Set(c.codes)].sort((a, b) => a - b))
  const x = selectRows(corpus.matrix, rows)
  const xl = linearRows(corpus, rows, opts.latentWeight)
  const k = opts.neighbours
  const folds = Math.min(opts.folds, Math.floor(coded.length / 2))

  let calibration = { a: -2, b: 0 }
  let calibrations: Float64Array = new Float64Array(2 * codeCount)
  for (let c = 0; c < codeCount; c++) calibrations[2 * c] = -2
  let secondCodeRatio = 0
  let neighbourWeight = k > 0 ? 1 : 0
  const thresholds = new Float64Array(codeCount).fill(0.5)
  let bulkThreshold = Infinity
  let crossValidation: CrossValidation | null = null

  let averaged: LinearModel | null = null
  if (folds >= 2) {
    // Out-of-fold margins and neighbour shares.
    const n = coded.length
    const margin = new Float64Array(n * codeCount)
    const share = new Float64Array(n * codeCount)
    const perm = permutation(n, seededRandom(seed, 'folds'))
    const foldOf = new Int32Array(n)
    for (let i = 0; i < n; i++) foldOf[perm[i]!] = i % folds
    for (let f = 0; f < folds; f++) {
      const train: number[] = []
      const test: number[] = []
      for (let i = 0; i < n; i++) (foldOf[i] === f ? test : train).push(i)
      const model = trainLinear(selectRows(xl, train), train.map(i => labels[i]!), codeCount, seededRandom(seed, `linear-${f}`), opts.linear)
      if (opts.averageFolds) averaged = addInto(averaged, model, 1 / folds)
      const s = scoreRows(model, selectRows(xl, test))
      for (let t = 0; t < test.length; t++) margin.set(s.subarray(t * codeCount, (t + 1) * codeCount), test[t]! * codeCount)
      if (k > 0) {
        const index = buildCodedIndex(x, Int32Array.from(train), train.map(i => labels[i]!))
        const ns = neighbourScores(index, x, test, codeCount, k)
        for (let t = 0; t < test.length; t++) share.set(ns.subarray(t * codeCount, (t + 1) * codeCount), test[t]! * codeCount)
      }
    }
    const truth = labelMatrix(labels, codeCount)
    type Candidate = { f1: number; weight: number; calibration: { a: number; b: number }; calibrations: Float64Array; rule: Rule; confidence: Float64Array }
    let best: Candidate | null = null
    for (const weight of k > 0 ? opts.neighbourWeights : [0]) {
      const score = new Float64Array(n * codeCount)
      for (let i = 0; i < score.length; i++) score[i] = margin[i]! + weight * share[i]!
      const cal = fitSigmoid(score, truth)
      const cals = fitCodeSigmoids(score, truth, codeCount, cal, opts.minExamplesForOwnCalibration)
      const confidence = new Float64Array(score.length)
      for (let i = 0; i < score.length; i++) confidence[i] = sigmoidAt(cals, i % codeCount, score[i]!)
      for (const ratio of opts.secondCodeRatios) {
        const rule = chooseThresholds(confidence, labels, codeCount, opts.minTopConfidence, ratio, opts.minExamplesForOwnThreshold)
        const f1 = samplesF1(decide(confidence, codeCount, rule), labels)
        if (best === null || f1 > best.f1 + 1e-9) best = { f1, weight, calibration: cal, calibrations: cals, rule, confidence }
      }
    }
    neighbourWeight = best!.weight
    calibration = best!.calibration
    calibrations = best!.calibrations
    thresholds.set(best!.rule.thresholds)
    secondCodeRatio = best!.rule.ratio
    const decided = decide(best!.confidence, codeCount, best!.rule)
    bulkThreshold = chooseBulkThreshold(decided, labels, opts.bulkPrecision)
    let offered = 0
    let right = 0
    let itemsOffered = 0
    for (let i = 0; i < n; i++) {
      let any = false
      for (const s of decided[i]!) {
        if (s.confidence < bulkThreshold) continue
        offered++
        any = true
        if (labels[i]!.includes(s.code)) right++
      }
      if (any) itemsOffered++
    }
    crossValidation = { folds, samplesF1: best!.f1, bulkShare: itemsOffered / n, bulkPrecision: offered ? right / offered : 0 }
  }

  const linear = averaged ?? trainLinear(xl, labels, codeCount, seededRandom(seed, 'linear'), opts.linear)
  const index = buildCodedIndex(corpus.matrix, rows, labels)
  return {
    codeCount,
    linear,
    index,
    neighbours: k,
    neighbourWeight,
    latentWeight: corpus.latent ? opts.latentWeight : 0,
    calibration,
    calibrations,
    thresholds,
    secondCodeRatio,
    minTopConfidence: opts.minTopConfidence,
    bulkThreshold,
    crossValidation,
  }
}

/** sum + scale x model (a new model when sum is null): averaging linear models averages their scores. */
function addInto(sum: LinearModel | null, model: LinearModel, scale: number): LinearModel {
  const out = sum ?? { codes: model.codes, features: model.features, weights: new Float64Array(model.weights.length), bias: new Float64Array(model.bias.length) }
  for (let i = 0; i < model.weights.length; i++) out.weights[i]! += scale * model.weights[i]!
  for (let c = 0; c < model.bias.length; c++) out.bias[c]! += scale * model.bias[c]!
  return out
}

function labelMatrix(labels: readonly (readonly number[])[], codes: number): Uint8Array {
  const y = new Uint8Array(labels.length * codes)
  labels.forEach((ls, i) => {
    for (const c of ls) y[i * codes + c] = 1
  })
  return y
}

function sigmoidAt(cals: Float64Array, code: number, s: number): number {
  const z = cals[2 * code]! * s + cals[2 * code + 1]!
  return z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z))
}

/**
 * A sigmoid per code (a, b interleaved), fitted on that code's column of out-of-fold scores when it has at least
 * `minExamples` positives and a sensible (decreasing) slope; otherwise the shared sigmoid `shared`. Codes' SVM margins
 * differ in scale (class weights, rarity), so their own sigmoids make confidences comparable across codes.
 */
function fitCodeSigmoids(score: Float64Array, truth: Uint8Array, codes: number, shared: { a: number; b: number }, minExamples: number): Float64Array {
  const n = score.length / codes
  const out = new Float64Array(2 * codes)
  const col = new Float64Array(n)
  const y = new Uint8Array(n)
  for (let c = 0; c < codes; c++) {
    out[2 * c] = shared.a
    out[2 * c + 1] = shared.b
    let positives = 0
    for (let i = 0; i < n; i++) {
      col[i] = score[i * codes + c]!
      y[i] = truth[i * codes + c]!
      positives += y[i]!
    }
    if (positives < minExamples || positives === n) continue
    const own = fitSigmoid(col, y)
    if (own.a < 0 && Number.isFinite(own.a) && Number.isFinite(own.b)) {
      out[2 * c] = own.a
      out[2 * c + 1] = own.b
    }
  }
  return out
}

/** Platt's sigmoid fit (with his smoothed targets) by Newton's method with backtracking; Lin, Lin & Weng (2007). */
function fitSigmoid(score: Float64Array, truth: Uint8Array): { a: number; b: number } {
  let pos = 0
  for (let i = 0; i < truth.length; i++) pos += truth[i]!
  const neg = truth.length - pos
  const hi = (pos + 1) / (pos + 2)
  const lo = 1 / (neg + 2)
  let a = 0
  let b = Math.log((neg + 1) / (pos + 1))
  const objective = (a: number, b: number): number => {
    let f = 0
    for (let i = 0; i < score.length; i++) {
      const t = truth[i] ? hi : lo
      const z = score[i]! * a + b
      f += z >= 0 ? t * z + Math.log1p(Math.exp(-z)) : (t - 1) * z + Math.log1p(Math.exp(z))
    }
    return f
  }
  let fval = objective(a, b)
  for (let iter = 0; iter < 100; iter++) {
    let h11 = 1e-12
    let h22 = 1e-12
    let h21 = 0
    let g1 = 0
    let g2 = 0
    for (let i = 0; i < score.length; i++) {
      const t = truth[i] ? hi : lo
      const z = score[i]! * a + b
      const p = z >= 0 ? Math.exp(-z) / (1 + Math.exp(-z)) : 1 / (1 + Math.exp(z))
      const q = 1 - p
      const d2 = p * q
      h11 += score[i]! * score[i]! * d2
      h22 += d2
      h21 += score[i]! * d2
      const d1 = t - p
      g1 += score[i]! * d1
      g2 += d1
    }
    if (Math.abs(g1) < 1e-5 && Math.abs(g2) < 1e-5) break
    const det = h11 * h22 - h21 * h21
    const da = -(h22 * g1 - h21 * g2) / det
    const db = -(-h21 * g1 + h11 * g2) / det
    const gd = g1 * da + g2 * db
    let step = 1
    let moved = false
    while (step >= 1e-10) {
      const na = a + step * da
      const nb = b + step * db
      const nf = objective(na, nb)
      if (nf < fval + 1e-4 * step * gd) {
        a = na
        b = nb
        fval = nf
        moved = true
        break
      }
      step /= 2
    }
    if (!moved) break
  }
  return { a, b }
}

/**
 * How many codes an item gets: its top code when that reaches `minTop` (0: always), and each other code c whose
 * confidence reaches both thresholds[c] and `ratio` x the top code's confidence.
 */
export interface Rule {
  readonly thresholds: Float64Array
  readonly ratio: number
  readonly minTop: number
}

/** The suggestions for each row of a confidence matrix, by the decision rule. */
function decide(confidence: Float64Array, codes: number, rule: Rule): Suggestion[][] {
  const rows = confidence.length / codes
  const out: Suggestion[][] = []
  for (let i = 0; i < rows; i++) out.push(decideRow(confidence, i * codes, codes, rule, Infinity))
  return out
}

/** One item's suggestions (best first) by `rule`; those at or above `bulkThreshold` are marked for bulk. */
export function decideRow(confidence: ArrayLike<number>, base: number, codes: number, rule: Rule, bulkThreshold: number): Suggestion[] {
  let top = -1
  for (let c = 0; c < codes; c++) if (top < 0 || confidence[base + c]! > confidence[base + top]!) top = c
  const second = rule.ratio * confidence[base + top]!
  const list: Suggestion[] = []
  for (let c = 0; c < codes; c++) {
    const p = confidence[base + c]!
    if ((c === top && p >= rule.minTop) || (c !== top && p >= rule.thresholds[c]! && p >= second)) list.push({ code: c, confidence: p, bulk: p >= bulkThreshold })
  }
  return list.sort((a, b) => b.confidence - a.confidence || a.code - b.code)
}

/** Samples-average F1 (scikit-learn's average='samples'; an item with no suggestion scores 0). */
export function samplesF1(predicted: readonly (readonly { code: number }[])[], truth: readonly (readonly number[])[]): number {
  let sum = 0
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i]!
    const p = predicted[i]!
    if (t.length === 0 && p.length === 0) {
      sum += 1
      continue
    }
    let tp = 0
    for (const s of p) if (t.includes(s.code)) tp++
    sum += (2 * tp) / (p.length + t.length)
  }
  return truth.length ? sum / truth.length : 0
}

/**
 * A global threshold for codes beyond the top one, by out-of-fold samples-F1; then, for each code with at least
 * `minExamples` coded examples, its own threshold if that raises samples-F1.
 */
function chooseThresholds(confidence: Float64Array, labels: readonly (readonly number[])[], codes: number, minTop: number, ratio: number, minExamples: number): Rule {
  const n = labels.length
  const top = new Int32Array(n)
  const second = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let t = 0
    for (let c = 1; c < codes; c++) if (confidence[i * codes + c]! > confidence[i * codes + t]!) t = c
    top[i] = t
    second[i] = ratio * confidence[i * codes + t]!
  }
  const has = (i: number, c: number) => labels[i]!.includes(c)
  const thresholds = new Float64Array(codes)
  const rule: Rule = { thresholds, ratio, minTop }
  let bestGlobal = 1
  let bestF1 = -1
  for (const g of [...GRID, 1.01]) {
    thresholds.fill(g)
    const f1 = samplesF1(decide(confidence, codes, rule), labels)
    if (f1 > bestF1 + 1e-9) {
      bestF1 = f1
      bestGlobal = g
    }
  }
  thresholds.fill(bestGlobal)
  const examples = new Int32Array(codes)
  for (const ls of labels) for (const c of ls) examples[c]!++
  // Per item: true positives and set size of the current suggestions without code c.
  const tp = new Float64Array(n)
  const size = new Float64Array(n)
  for (let c = 0; c < codes; c++) {
    if (examples[c]! < minExamples) continue
    for (let i = 0; i < n; i++) {
      let t = 0
      let s = 0
      for (let d = 0; d < codes; d++) {
        if (d === c) continue
        const p = confidence[i * codes + d]!
        if ((d === top[i] && p >= minTop) || (d !== top[i] && p >= thresholds[d]! && p >= second[i]!)) {
          s++
          if (has(i, d)) t++
        }
      }
      tp[i] = t
      size[i] = s
    }
    const score = (th: number): number => {
      let sum = 0
      for (let i = 0; i < n; i++) {
        const p = confidence[i * codes + c]!
        const inSet = c === top[i] ? p >= minTop : p >= th && p >= second[i]!
        const t = tp[i]! + (inSet && has(i, c) ? 1 : 0)
        const s = size[i]! + (inSet ? 1 : 0)
        sum += (2 * t) / (s + labels[i]!.length)
      }
      return sum / n
    }
    let bestTh = thresholds[c]!
    let best = score(bestTh)
    for (const th of [...GRID, 1.01]) {
      const f = score(th)
      if (f > best + 1e-4) {
        best = f
        bestTh = th
      }
    }
    thresholds[c] = bestTh
  }
  return rule
}

/** Lower bound of the Wilson score interval (z = 1.645, one-sided 95 %). */
function wilsonLower(right: number, total: number): number {
  if (total === 0) return 0
  const z = 1.645
  const p = right / total
  const d = 1 + (z * z) / total
  return (p + (z * z) / (2 * total) - z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))) / d
}

/**
 * The lowest confidence t such that the out-of-fold suggestions with confidence >= t were right with precision whose
 * lower 95 % bound is at least `precision`. Infinity when no such t exists (nothing is offered in bulk).
 */
function chooseBulkThreshold(decided: readonly Suggestion[][], labels: readonly (readonly number[])[], precision: number): number {
  const all: { p: number; right: boolean }[] = []
  decided.forEach((list, i) => {
    for (const s of list) all.push({ p: s.confidence, right: labels[i]!.includes(s.code) })
  })
  all.sort((a, b) => b.p - a.p)
  let right = 0
  let threshold = Infinity
  for (let j = 0; j < all.length; j++) {
    if (all[j]!.right) right++
    // Only cut between distinct confidences.
    if (j + 1 < all.length && all[j + 1]!.p === all[j]!.p) continue
    if (wilsonLower(right, j + 1) >= precision) threshold = all[j]!.p
  }
  return threshold
}

/** Confidences of rows `rows` for every code, row-major (rows.length x codeCount). */
export function confidences(model: SuggestionModel, corpus: Corpus, rows: ArrayLike<number>): Float64Array {
  const x: SparseMatrix = linearRows(corpus, rows, model.latentWeight)
  const score = scoreRows(model.linear, x)
  if (model.neighbours > 0 && model.neighbourWeight > 0) {
    const share = neighbourScores(model.index, corpus.matrix, rows, model.codeCount, model.neighbours)
    for (let i = 0; i < score.length; i++) score[i]! += model.neighbourWeight * share[i]!
  }
  const C = model.codeCount
  for (let i = 0; i < score.length; i++) score[i] = sigmoidAt(model.calibrations, i % C, score[i]!)
  return score
}

/** Suggestions for rows `rows` (default: every row of the corpus), best first per item. */
export function suggestCodes(model: SuggestionModel, corpus: Corpus, rows?: ArrayLike<number>): Suggestion[][] {
  const which = rows ?? Int32Array.from({ length: corpus.matrix.rows }, (_, i) => i)
  const conf = confidences(model, corpus, which)
  const rule: Rule = { thresholds: model.thresholds, ratio: model.secondCodeRatio, minTop: model.minTopConfidence }
  const out: Suggestion[][] = []
  for (let i = 0; i < which.length; i++) {
    out.push(decideRow(conf, i * model.codeCount, model.codeCount, rule, model.bulkThreshold))
  }
  return out
}

export interface Explanation {
  /** The terms of the item that weighed most for the code (weight x value, largest first; positive only). */
  words: { term: string; weight: number }[]
  /** Ids of the coded items with this code most similar to the item (cosine, most similar first). */
  similar: string[]
}

/** Why `code` was suggested for row `row`: the decisive words and the most similar coded examples. */
export function explainSuggestion(model: SuggestionModel, corpus: Corpus, row: number, code: number, options: { words?: number; examples?: number } = {}): Explanation {
  const nWords = options.words ?? 5
  const nExamples = options.examples ?? 3
  const m = corpus.matrix
  const C = model.codeCount
  const contributions: { term: string; weight: number }[] = []
  for (let p = m.indptr[row]!; p < m.indptr[row + 1]!; p++) {
    const f = m.indices[p]!
    const w = model.linear.weights[f * C + code]! * m.values[p]!
    if (w > 0) contributions.push({ term: corpus.vocabulary.display[f]!, weight: w })
  }
  contributions.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
  // Similar coded examples carrying the code: search enough neighbours to find them, widening if needed.
  const index = model.index
  const self = index.rows.indexOf(row)
  const similar: string[] = []
  for (let k = Math.max(50, nExamples * 10); ; k *= 4) {
    const kk = Math.min(k, index.rows.length)
    const scratch = neighbourScratch(index, kk)
    const found = nearestCoded(index, m, row, kk, scratch, self)
    similar.length = 0
    for (let t = 0; t < found && similar.length < nExamples; t++) {
      const j = scratch.topIdx[t]!
      if (index.labels[j]!.includes(code)) similar.push(corpus.ids[index.rows[j]!]!)
    }
    if (similar.length >= nExamples || kk >= index.rows.length) break
  }
  return { words: contributions.slice(0, nWords), similar }
}
