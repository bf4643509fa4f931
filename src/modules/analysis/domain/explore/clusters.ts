// Keyword clusters: an exploration aid that groups the free-text items of a question by the words they share, so an
// analyst can see what people talk about before (or while) coding. They are NEVER themes and never findings: a
// cluster is a bag of items that use similar words, labelled by those words; the analyst's codes are what count.
//
// Method: TF-IDF rows over word unigrams and bigrams (features.ts, no character n-grams: they would make clusters of
// spellings, not of topics), spherical k-means (cosine similarity, centres normalised to length 1) with k-means++
// seeding from a fixed seed, then for each cluster its distinctive words: the terms much more frequent among its items
// than among all items, scored p_c * ln(p_c / p) (p_c = share of the cluster's items with the term, p = share of all
// items). Deterministic: same items and seed, same clusters. Items with no usable word (empty, or only stop words and
// words found in a single item) are in no cluster.
import { type SparseMatrix, TERM_CHARS, prepareCorpus } from '../suggest/features.ts'
import { seededRandom } from '../suggest/random.ts'

export interface KeywordCluster {
  /** Its top distinctive words, e.g. "staff · friendly · helpful". */
  label: string
  /** The terms most over-represented in the cluster, most distinctive first (weight > 0). */
  distinctiveWords: { word: string; weight: number }[]
  /** Ids of its items, in input order. */
  itemIds: string[]
  /** Ids of (up to) 3 of its items nearest its centre, nearest first. */
  typicalItemIds: string[]
}

export interface ClusterOptions {
  /** Number of clusters (default: about sqrt(n / 2), at least 4 and at most 20; never more than the items with words). */
  clusters?: number
  seed?: string | number
  /** Distinctive words kept per cluster (default 10) and shown in the label (default 3). */
  words?: number
  labelWords?: number
  /** k-means passes at most (default 30). */
  maxIterations?: number
}

/** The default number of clusters for n items: round(sqrt(n / 2)), clamped to 4..20. */
export function defaultClusterCount(n: number): number {
  return Math.min(20, Math.max(4, Math.round(Math.sqrt(n / 2))))
}

/** Groups items by their words (see the file comment). Clusters are returned largest first. */
export function clusterByKeywords(items: readonly { id: string; text: string }[], options: ClusterOptions = {}): KeywordCluster[] {
  const seed = String(options.seed ?? 1)
  const nWords = options.words ?? 10
  const nLabel = options.labelWords ?? 3
  const maxIterations = options.maxIterations ?? 30
  if (items.length === 0) return []
  const corpus = prepareCorpus(items, { charNgrams: null, bigrams: true, minDf: 2, latentDims: 0 })
  const m = corpus.matrix
  const rows: number[] = []
  for (let r = 0; r < m.rows; r++) if (m.indptr[r + 1]! > m.indptr[r]!) rows.push(r)
  if (rows.length === 0) return []
  const k = Math.max(1, Math.min(options.clusters ?? defaultClusterCount(items.length), rows.length))
  const { assignment, similarity } = sphericalKMeans(m, rows, k, seed, maxIterations)

  // Per cluster: members, and the number of its items carrying each term.
  const members: number[][] = Array.from({ length: k }, () => [])
  rows.forEach((r, i) => members[assignment[i]!]!.push(i))
  const cols = m.cols
  const df = new Float64Array(cols)
  const dfIn = new Float64Array(k * cols)
  rows.forEach((r, i) => {
    const base = assignment[i]! * cols
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) {
      df[m.indices[p]!]!++
      dfIn[base + m.indices[p]!]!++
    }
  })
  const kind = corpus.vocabulary.kind
  const display = corpus.vocabulary.display
  const out: (KeywordCluster & { order: number })[] = []
  for (let c = 0; c < k; c++) {
    const size = members[c]!.length
    if (size === 0) continue
    const scored: { word: string; weight: number }[] = []
    for (let f = 0; f < cols; f++) {
      const inside = dfIn[c * cols + f]!
      if (inside < 2 || kind[f] === TERM_CHARS) continue
      const pc = inside / size
      const p = df[f]! / rows.length
      if (pc <= p) continue
      scored.push({ word: display[f]!, weight: pc * Math.log(pc / p) })
    }
    scored.sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
    const distinctiveWords = scored.slice(0, nWords)
    // The label: the top terms, skipping one that repeats a word already shown ("staff helpful" after "staff").
    const shown = new Set<string>()
    const labelTerms: string[] = []
    for (const w of scored) {
      if (labelTerms.length >= nLabel) break
      const parts = w.word.split(' ')
      if (parts.some(part => shown.has(part))) continue
      labelTerms.push(w.word)
      for (const part of parts) shown.add(part)
    }
    const byCloseness = [...members[c]!].sort((a, b) => similarity[b]! - similarity[a]! || a - b)
    out.push({
      label: labelTerms.length > 0 ? labelTerms.join(' · ') : '(no distinctive words)',
      distinctiveWords,
      itemIds: members[c]!.map(i => corpus.ids[rows[i]!]!),
      typicalItemIds: byCloseness.slice(0, 3).map(i => corpus.ids[rows[i]!]!),
      order: c,
    })
  }
  out.sort((a, b) => b.itemIds.length - a.itemIds.length || a.order - b.order)
  return out.map(({ order: _order, ...cluster }) => cluster)
}

/**
 * Spherical k-means over rows `rows` of `m` (l2-normalised): k-means++ seeding (probability proportional to
 * 1 - cosine to the nearest centre), then alternate assignment (largest cosine) and centre update (mean, normalised)
 * until no item moves. An emptied cluster is re-seeded with the item least like its centre. Returns each item's
 * cluster and its cosine to that cluster's centre.
 */
function sphericalKMeans(m: SparseMatrix, rows: readonly number[], k: number, seed: string, maxIterations: number): { assignment: Int32Array; similarity: Float64Array } {
  const n = rows.length
  const cols = m.cols
  const random = seededRandom(seed, 'keyword-clusters')
  const centres = new Float64Array(k * cols)
  const dot = (i: number, c: number): number => {
    const r = rows[i]!
    const base = c * cols
    let s = 0
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) s += m.values[p]! * centres[base + m.indices[p]!]!
    return s
  }
  const setCentreToRow = (c: number, i: number): void => {
    const r = rows[i]!
    centres.fill(0, c * cols, (c + 1) * cols)
    for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) centres[c * cols + m.indices[p]!] = m.values[p]!
  }

  // k-means++ seeding.
  const best = new Float64Array(n).fill(-Infinity)
  const assignment = new Int32Array(n)
  setCentreToRow(0, random.below(n))
  for (let c = 0; ; c++) {
    let total = 0
    for (let i = 0; i < n; i++) {
      const s = dot(i, c)
      if (s > best[i]!) {
        best[i] = s
        assignment[i] = c
      }
      total += Math.max(0, 1 - best[i]!)
    }
    if (c + 1 === k) break
    let pick = -1
    if (total > 1e-12) {
      let target = random.float() * total
      for (let i = 0; i < n; i++) {
        target -= Math.max(0, 1 - best[i]!)
        if (target < 0) {
          pick = i
          break
        }
      }
    }
    if (pick < 0) pick = random.below(n) // every item already identical to a centre (or rounding at the end)
    setCentreToRow(c + 1, pick)
  }

  const similarity = new Float64Array(n)
  const counts = new Int32Array(k)
  for (let iter = 0; iter <= maxIterations; iter++) {
    // Assign.
    let moved = 0
    for (let i = 0; i < n; i++) {
      let bc = 0
      let bs = -Infinity
      for (let c = 0; c < k; c++) {
        const s = dot(i, c)
        if (s > bs) {
          bs = s
          bc = c
        }
      }
      if (iter === 0 || bc !== assignment[i]) moved++
      assignment[i] = bc
      similarity[i] = bs
    }
    if ((iter > 0 && moved === 0) || iter === maxIterations) break
    // Update: mean of members, normalised; an empty cluster takes the item least like its own centre.
    centres.fill(0)
    counts.fill(0)
    for (let i = 0; i < n; i++) {
      const r = rows[i]!
      const base = assignment[i]! * cols
      counts[assignment[i]!]!++
      for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) centres[base + m.indices[p]!]! += m.values[p]!
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        let worst = -1
        for (let i = 0; i < n; i++) if (counts[assignment[i]!]! > 1 && (worst < 0 || similarity[i]! < similarity[worst]!)) worst = i
        if (worst >= 0) {
          counts[assignment[worst]!]!--
          assignment[worst] = c
          counts[c] = 1
          similarity[worst] = 1
          setCentreToRow(c, worst)
        }
        continue
      }
      let norm = 0
      for (let f = c * cols; f < (c + 1) * cols; f++) norm += centres[f]! * centres[f]!
      if (norm > 0) {
        const scale = 1 / Math.sqrt(norm)
        for (let f = c * cols; f < (c + 1) * cols; f++) centres[f] = centres[f]! * scale
      }
    }
  }
  return { assignment, similarity }
}
