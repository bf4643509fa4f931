// Text features for code suggestions: TF-IDF over word unigrams, word bigrams and (optionally) character n-grams
// within words, as l2-normalised sparse rows of one matrix (CSR, typed arrays).
//
// The vocabulary is learnt from ALL items of a question (the uncoded ones too): which words exist and how rare they
// are does not depend on anyone's codes, and more text gives better idf. Terms in fewer than `minDf` items are dropped.
// Weight of a term in an item: (1 + ln tf) * idf, idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's smooth idf);
// the character n-gram block is scaled by `charWeight` before the whole row is normalised to length 1.
// Beside the sparse rows, each item gets `latentDims` dense "latent" dimensions learnt from all items' words (a
// randomised truncated SVD of the commonest words and word pairs, as in latent semantic analysis), which the linear
// models use as extra columns (linearRows); the neighbours and explanations use the sparse rows only.
import { seededRandom } from './random.ts'
import { stem, words } from './tokenise.ts'

export interface FeatureOptions {
  /** Drop terms that occur in fewer items than this (default 2). */
  minDf?: number
  /** Word bigrams of neighbouring tokens (after stop words are removed); default true. */
  bigrams?: boolean
  /** Character n-grams within words, lengths [min, max] with word boundaries marked; default [3, 5]; null for none. */
  charNgrams?: readonly [number, number] | null
  /** Relative weight of the character n-gram block (default 0.5). */
  charWeight?: number
  /**
   * Dimensions of a dense "latent" summary of each item learnt from all items' words (default 100): the item's
   * word and word-pair vector projected on the main directions of variation of all items' vectors (a randomised
   * truncated SVD, as in latent semantic analysis), length 1. Items with related words land near each other even
   * when they share no word. Kept apart from `matrix` (see Corpus.latent). Default 100; 0 for none.
   */
  latentDims?: number
}

export const TERM_WORD = 0
export const TERM_BIGRAM = 1
export const TERM_CHARS = 2

/** A sparse matrix in compressed-row form; row i is indices/values[indptr[i] .. indptr[i + 1]), columns ascending. */
export interface SparseMatrix {
  readonly rows: number
  readonly cols: number
  readonly indptr: Int32Array
  readonly indices: Int32Array
  readonly values: Float32Array
}

export interface Vocabulary {
  /** Term key -> column. Keys: a stem, "stem stem" for a bigram, "#<chars>" for a character n-gram. */
  readonly index: ReadonlyMap<string, number>
  /** How a term reads to a person: the words of its first occurrence (not the stem). */
  readonly display: readonly string[]
  /** TERM_WORD, TERM_BIGRAM or TERM_CHARS per column. */
  readonly kind: Uint8Array
  readonly idf: Float64Array
  readonly options: Required<FeatureOptions>
}

export interface Corpus {
  readonly ids: readonly string[]
  readonly vocabulary: Vocabulary
  readonly matrix: SparseMatrix
  /** Row-major rows x dims dense latent rows (see FeatureOptions.latentDims), or absent. */
  readonly latent?: { readonly dims: number; readonly values: Float32Array }
}

export const DEFAULT_FEATURE_OPTIONS: Required<FeatureOptions> = { minDf: 2, bigrams: true, charNgrams: [3, 5], charWeight: 0.5, latentDims: 100 }

interface RawTerm {
  key: string
  display: string
  kind: number
}

/** Calls `emit` once per term occurrence of one text (the same term may come several times). */
function eachTerm(text: string, options: Required<FeatureOptions>, emit: (key: string, display: string, kind: number) => void): void {
  const ws = words(text)
  let previous = ''
  let previousWord = ''
  for (const w of ws) {
    const s = stem(w)
    emit(s, w, TERM_WORD)
    if (options.bigrams && previous !== '') emit(`${previous} ${s}`, `${previousWord} ${w}`, TERM_BIGRAM)
    previous = s
    previousWord = w
    if (options.charNgrams) {
      const [lo, hi] = options.charNgrams
      const marked = `<${w}>`
      for (let n = lo; n <= hi; n++) {
        for (let i = 0; i + n <= marked.length; i++) {
          const g = marked.slice(i, i + n)
          emit(`#${g}`, g, TERM_CHARS)
        }
      }
    }
  }
}

function growInt32(a: Int32Array, need: number): Int32Array {
  if (need <= a.length) return a
  const b = new Int32Array(Math.max(need, a.length * 2))
  b.set(a)
  return b
}

/**
 * Learns the vocabulary from `items` and returns every item as an l2-normalised TF-IDF row. Deterministic: columns
 * are numbered in order of first appearance.
 */
export function prepareCorpus(items: readonly { id: string; text: string }[], options: FeatureOptions = {}): Corpus {
  const opts: Required<FeatureOptions> = { ...DEFAULT_FEATURE_OPTIONS, ...options }
  const provisional = new Map<string, number>()
  const raw: RawTerm[] = []
  let df: Int32Array = new Int32Array(1024)
  // Each item's term occurrences (provisional ids), sorted, in one flat buffer.
  let occ: Int32Array = new Int32Array(1 << 16)
  const start = new Int32Array(items.length + 1)
  let used = 0
  let scratch: Int32Array = new Int32Array(256)
  for (let r = 0; r < items.length; r++) {
    let k = 0
    eachTerm(items[r]!.text, opts, (key, display, kind) => {
      let id = provisional.get(key)
      if (id === undefined) {
        id = raw.length
        provisional.set(key, id)
        raw.push({ key, display, kind })
        df = growInt32(df, raw.length)
      }
      scratch = growInt32(scratch, k + 1)
      scratch[k++] = id
    })
    const row = scratch.subarray(0, k).sort()
    occ = growInt32(occ, used + k)
    occ.set(row, used)
    for (let i = 0; i < k; i++) if (i === 0 || row[i] !== row[i - 1]) df[row[i]!]!++
    used += k
    start[r + 1] = used
  }
  // Keep terms with df >= minDf, renumbered in order of first appearance.
  const n = items.length
  const finalId = new Int32Array(raw.length).fill(-1)
  const index = new Map<string, number>()
  const display: string[] = []
  const kinds: number[] = []
  const idfs: number[] = []
  for (let t = 0; t < raw.length; t++) {
    if (df[t]! < opts.minDf) continue
    finalId[t] = display.length
    index.set(raw[t]!.key, display.length)
    display.push(raw[t]!.display)
    kinds.push(raw[t]!.kind)
    idfs.push(Math.log((1 + n) / (1 + df[t]!)) + 1)
  }
  const vocabulary: Vocabulary = {
    index,
    display,
    kind: Uint8Array.from(kinds),
    idf: Float64Array.from(idfs),
    options: opts,
  }
  // Rows: sorted provisional ids map to increasing final ids (both follow first appearance), so columns stay sorted.
  const indptr = new Int32Array(n + 1)
  let indices = new Int32Array(Math.max(16, used))
  let values = new Float32Array(Math.max(16, used))
  let nnz = 0
  for (let r = 0; r < n; r++) {
    const from = start[r]!
    const to = start[r + 1]!
    let i = from
    const rowStart = nnz
    while (i < to) {
      const t = occ[i]!
      let j = i + 1
      while (j < to && occ[j] === t) j++
      const col = finalId[t]!
      if (col >= 0) {
        indices[nnz] = col
        values[nnz] = termWeight(vocabulary, col, j - i)
        nnz++
      }
      i = j
    }
    normaliseRow(values, rowStart, nnz)
    indptr[r + 1] = nnz
  }
  indices = indices.slice(0, nnz)
  values = values.slice(0, nnz)
  const matrix: SparseMatrix = { rows: n, cols: display.length, indptr, indices, values }
  const corpus: Corpus = { ids: items.map(item => item.id), vocabulary, matrix }
  return opts.latentDims > 0 ? { ...corpus, latent: latentRows(matrix, vocabulary.kind, vocabulary.idf, opts.latentDims) } : corpus
}

/** The latent dimensions are learnt from this many of the commonest words and word pairs. */
const LATENT_TERMS = 5000

/**
 * Randomised range finder (Halko, Martinsson & Tropp 2011) with one power iteration on the commonest word and
 * word-pair columns of `m`: V = an orthonormal basis of the main right singular directions, then each row's
 * projection X V, normalised. (A linear model with an L2 penalty does not care about a rotation of V, so no small SVD
 * is needed.) Seeded: the same matrix gives the same rows.
 */
function latentRows(m: SparseMatrix, kind: Uint8Array, idf: Float64Array, dims: number): { dims: number; values: Float32Array } {
  // The commonest terms (lowest idf; ties to the earlier column), numbered 0..d-1.
  const candidates: number[] = []
  for (let f = 0; f < m.cols; f++) if (kind[f] !== TERM_CHARS) candidates.push(f)
  candidates.sort((a, b) => idf[a]! - idf[b]! || a - b)
  const chosen = candidates.slice(0, LATENT_TERMS)
  const compact = new Int32Array(m.cols).fill(-1)
  chosen.forEach((f, i) => (compact[f] = i))
  const d = chosen.length
  const k = Math.max(1, Math.min(dims, d))
  const random = seededRandom('latent', 'latent-features')
  const v = new Float64Array(d * k)
  for (let i = 0; i < v.length; i++) {
    // Box-Muller.
    const u = 1 - random.float()
    v[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.float())
  }
  const y = new Float64Array(m.rows * k)
  const project = (): void => {
    y.fill(0)
    for (let r = 0; r < m.rows; r++) {
      const base = r * k
      for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
        const c = compact[m.indices[p]!]!
        if (c < 0) continue
        const x = m.values[p]!
        const vb = c * k
        for (let j = 0; j < k; j++) y[base + j]! += x * v[vb + j]!
      }
    }
  }
  const back = (): void => {
    v.fill(0)
    for (let r = 0; r < m.rows; r++) {
      const base = r * k
      for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
        const c = compact[m.indices[p]!]!
        if (c < 0) continue
        const x = m.values[p]!
        const vb = c * k
        for (let j = 0; j < k; j++) v[vb + j]! += x * y[base + j]!
      }
    }
    orthonormaliseColumns(v, d, k)
  }
  project()
  back()
  project()
  back()
  project()
  const values = new Float32Array(m.rows * k)
  for (let r = 0; r < m.rows; r++) {
    let sum = 0
    for (let j = 0; j < k; j++) sum += y[r * k + j]! ** 2
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0
    for (let j = 0; j < k; j++) values[r * k + j] = y[r * k + j]! * scale
  }
  return { dims: k, values }
}

/** Modified Gram-Schmidt on the k columns of a row-major d x k matrix (a column that vanishes is left at zero). */
function orthonormaliseColumns(a: Float64Array, d: number, k: number): void {
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0
      for (let f = 0; f < d; f++) dot += a[f * k + i]! * a[f * k + j]!
      for (let f = 0; f < d; f++) a[f * k + j]! -= dot * a[f * k + i]!
    }
    let norm = 0
    for (let f = 0; f < d; f++) norm += a[f * k + j]! ** 2
    const scale = norm > 1e-20 ? 1 / Math.sqrt(norm) : 0
    for (let f = 0; f < d; f++) a[f * k + j] = a[f * k + j]! * scale
  }
}

/**
 * Rows `rows` of the corpus for the linear models: the sparse row, then (when the corpus has them) the latent
 * dimensions as extra columns scaled by `latentWeight`, the whole row normalised to length 1.
 */
export function linearRows(corpus: Corpus, rows: ArrayLike<number>, latentWeight: number): SparseMatrix {
  const base = selectRows(corpus.matrix, rows)
  const latent = corpus.latent
  if (!latent || latentWeight <= 0) return base
  const k = latent.dims
  const indptr = new Int32Array(rows.length + 1)
  const indices = new Int32Array(base.indices.length + rows.length * k)
  const values = new Float32Array(indices.length)
  const scale = 1 / Math.sqrt(1 + latentWeight * latentWeight)
  let nnz = 0
  for (let i = 0; i < rows.length; i++) {
    for (let p = base.indptr[i]!; p < base.indptr[i + 1]!; p++) {
      indices[nnz] = base.indices[p]!
      values[nnz++] = base.values[p]! * scale
    }
    const r = rows[i]!
    for (let j = 0; j < k; j++) {
      indices[nnz] = base.cols + j
      values[nnz++] = latent.values[r * k + j]! * latentWeight * scale
    }
    indptr[i + 1] = nnz
  }
  return { rows: rows.length, cols: base.cols + k, indptr, indices, values }
}

function termWeight(vocabulary: Vocabulary, col: number, tf: number): number {
  const w = (1 + Math.log(tf)) * vocabulary.idf[col]!
  return vocabulary.kind[col] === TERM_CHARS ? w * vocabulary.options.charWeight : w
}

function normaliseRow(values: Float32Array, from: number, to: number): void {
  let sum = 0
  for (let i = from; i < to; i++) sum += values[i]! * values[i]!
  if (sum === 0) return
  const scale = 1 / Math.sqrt(sum)
  for (let i = from; i < to; i++) values[i] = values[i]! * scale
}

/** One new text as a row over an existing vocabulary (terms it does not know are ignored). */
export function vectorise(vocabulary: Vocabulary, text: string): { indices: Int32Array; values: Float32Array } {
  const counts = new Map<number, number>()
  eachTerm(text, vocabulary.options, key => {
    const col = vocabulary.index.get(key)
    if (col !== undefined) counts.set(col, (counts.get(col) ?? 0) + 1)
  })
  const cols = [...counts.keys()].sort((a, b) => a - b)
  const indices = Int32Array.from(cols)
  const values = Float32Array.from(cols.map(c => termWeight(vocabulary, c, counts.get(c)!)))
  normaliseRow(values, 0, values.length)
  return { indices, values }
}

/** The rows `rows` of a matrix, in that order, as a new matrix. */
export function selectRows(m: SparseMatrix, rows: ArrayLike<number>): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1)
  let nnz = 0
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    nnz += m.indptr[r + 1]! - m.indptr[r]!
    indptr[i + 1] = nnz
  }
  const indices = new Int32Array(nnz)
  const values = new Float32Array(nnz)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    indices.set(m.indices.subarray(m.indptr[r]!, m.indptr[r + 1]!), indptr[i]!)
    values.set(m.values.subarray(m.indptr[r]!, m.indptr[r + 1]!), indptr[i]!)
  }
  return { rows: rows.length, cols: m.cols, indptr, indices, values }
}
