// Nearest coded neighbours by cosine similarity (rows are l2-normalised, so cosine = dot product), through an
// inverted index over the coded rows. Used as a second opinion beside the linear models and to show an analyst the
// coded examples most like an item.
import { type SparseMatrix } from './features.ts'

/** Column -> the coded rows that contain it, with their values (postings in coded-row order). */
export interface CodedIndex {
  /** Row numbers (in the full matrix) of the coded items, in the order their labels are given. */
  readonly rows: Int32Array
  readonly labels: readonly (readonly number[])[]
  readonly start: Int32Array
  readonly postings: Int32Array
  readonly weights: Float32Array
}

export function buildCodedIndex(matrix: SparseMatrix, rows: ArrayLike<number>, labels: readonly (readonly number[])[]): CodedIndex {
  const start = new Int32Array(matrix.cols + 1)
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!
    for (let p = matrix.indptr[r]!; p < matrix.indptr[r + 1]!; p++) start[matrix.indices[p]! + 1]!++
  }
  for (let f = 0; f < matrix.cols; f++) start[f + 1]! += start[f]!
  const fill = start.slice(0, matrix.cols)
  const postings = new Int32Array(start[matrix.cols]!)
  const weights = new Float32Array(start[matrix.cols]!)
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!
    for (let p = matrix.indptr[r]!; p < matrix.indptr[r + 1]!; p++) {
      const f = matrix.indices[p]!
      postings[fill[f]!] = k
      weights[fill[f]!] = matrix.values[p]!
      fill[f]!++
    }
  }
  return { rows: Int32Array.from(rows), labels, start, postings, weights }
}

/** Reusable buffers for neighbourScores (one per caller; not shared between concurrent calls). */
export interface NeighbourScratch {
  sims: Float64Array
  touched: Int32Array
  topSim: Float64Array
  topIdx: Int32Array
}

export function neighbourScratch(index: CodedIndex, k: number): NeighbourScratch {
  return {
    sims: new Float64Array(index.rows.length),
    touched: new Int32Array(index.rows.length),
    topSim: new Float64Array(k),
    topIdx: new Int32Array(k),
  }
}

/**
 * The k most similar coded items to row `r` of `matrix` (ties to the earlier coded item), written into
 * scratch.topIdx / topSim (coded positions, similarity descending). Returns how many were found (similarity > 0).
 * `exclude` (a coded position, or -1) is skipped: an item is not its own neighbour.
 */
export function nearestCoded(index: CodedIndex, matrix: SparseMatrix, r: number, k: number, scratch: NeighbourScratch, exclude = -1): number {
  const { sims, touched, topSim, topIdx } = scratch
  let nTouched = 0
  for (let p = matrix.indptr[r]!; p < matrix.indptr[r + 1]!; p++) {
    const f = matrix.indices[p]!
    const v = matrix.values[p]!
    for (let q = index.start[f]!; q < index.start[f + 1]!; q++) {
      const j = index.postings[q]!
      if (sims[j] === 0) touched[nTouched++] = j
      sims[j]! += v * index.weights[q]!
    }
  }
  let found = 0
  for (let t = 0; t < nTouched; t++) {
    const j = touched[t]!
    const s = sims[j]!
    sims[j] = 0
    if (j === exclude || s <= 0) continue
    if (found === k && !(s > topSim[k - 1]! || (s === topSim[k - 1]! && j < topIdx[k - 1]!))) continue
    let pos = found === k ? k - 1 : found++
    while (pos > 0 && (topSim[pos - 1]! < s || (topSim[pos - 1] === s && topIdx[pos - 1]! > j))) {
      topSim[pos] = topSim[pos - 1]!
      topIdx[pos] = topIdx[pos - 1]!
      pos--
    }
    topSim[pos] = s
    topIdx[pos] = j
  }
  return found
}

/**
 * For each row in `rows`, the similarity-weighted share of its k nearest coded neighbours that carry each code:
 * out[i * codes + c] in [0, 1]. `selfPositions[i]` (optional) is the coded position of rows[i] to skip, or -1.
 */
export function neighbourScores(
  index: CodedIndex,
  matrix: SparseMatrix,
  rows: ArrayLike<number>,
  codes: number,
  k: number,
  selfPositions?: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(rows.length * codes)
  if (k <= 0 || index.rows.length === 0) return out
  const scratch = neighbourScratch(index, k)
  for (let i = 0; i < rows.length; i++) {
    const found = nearestCoded(index, matrix, rows[i]!, k, scratch, selfPositions ? selfPositions[i]! : -1)
    let total = 0
    for (let t = 0; t < found; t++) total += scratch.topSim[t]!
    if (total === 0) continue
    const base = i * codes
    for (let t = 0; t < found; t++) {
      const w = scratch.topSim[t]! / total
      for (const c of index.labels[scratch.topIdx[t]!]!) out[base + c]! += w
    }
  }
  return out
}
