// Text features for code suggestions: TF-IDF over word unigrams, word bigrams and (optionally) character n-grams
// within words, as l2-normalised sparse rows of one matrix (CSR, typed arrays).
//
// The vocabulary is learnt from ALL items of a question (the uncoded ones too): which words exist and how rare they
// are does not depend on anyone's codes, and more text gives better idf. Terms in fewer than `minDf` items are dropped.
// Weight of a term in an item: (1 + ln tf) * idf, idf = ln((1 + n) / (1 + df)) + 1 (scikit-learn's smooth idf);
// the character n-gram block is scaled by `charWeight` before the whole row is normalised to length 1.
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
}

export const DEFAULT_FEATURE_OPTIONS: Required<FeatureOptions> = { minDf: 2, bigrams: true, charNgrams: [3, 5], charWeight: 0.5 }

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
  return { ids: items.map(item => item.id), vocabulary, matrix: { rows: n, cols: display.length, indptr, indices, values } }
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
