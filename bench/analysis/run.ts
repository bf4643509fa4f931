// Quality and speed of code suggestions (issue 6, item 6) on the NHS Friends and Family Test comments
// (../shared/data/analysis/nhs-fft-pxtextmining, 6,211 comments, 50 codes, multi-label, human-coded).
//
//   node_modules/.bin/node bench/analysis/run.ts                    the table (3 seeds per size) and the speed run
//   options: --sizes 100,250,500,1000,2000,4000  --seeds 1,2,3  --no-speed  --speed-only  --speed-items 50000
//            --no-clusters  --features '{"charNgrams":[3,5]}'  --suggester '{"neighbours":0}'   (experiments)
//
// For each size n and seed: a seeded shuffle of the comments; the first n are "coded" (their human codes are the
// analyst's), the model is trained on them and suggests codes for the held-out remainder, which is scored against the
// human codes. The vocabulary is learnt from all comments' text (no codes), as the application does for a question.
// Samples-F1 is scikit-learn's average='samples' (as ThemeFinder and pxtextmining report it); micro-F1 over all
// (item, code) pairs; macro-F1 over the codes present in the held-out truth. "Bulk" = suggestions at or above the
// bulk threshold the model chose by cross-validation on the coded items only: share of held-out items with at least
// one bulk offer, and the precision of the bulk-offered suggestions.
//
// Keyword clusters (an exploration aid, never themes): clusterByKeywords on all comments, compared with the human codes
// by purity (share of a cluster's comments carrying its most common code) and best-match F1 (per cluster, the F1 of
// "in the cluster" against its best-matching code, averaged weighted by cluster size), to show how far word groups are
// from the analyst's coding.
//
// Figures, never assertions. Targets: samples-F1 >= 0.63 at 1,000 coded and rising; bulk precision >= 85 %;
// 50,000 items prepared and suggested in under 15 s on a 2-core machine.
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
// The domain functions directly (not the module's index.ts, which also loads the application's routes and database).
import { type FeatureOptions, prepareCorpus, vectorise } from '../../src/modules/analysis/domain/suggest/features.ts'
import { type Suggestion, type SuggesterOptions, samplesF1, suggestCodes, trainSuggester } from '../../src/modules/analysis/domain/suggest/classifier.ts'
import { clusterByKeywords } from '../../src/modules/analysis/domain/explore/clusters.ts'
import { applyRedactions, findRedactions } from '../../src/modules/analysis/domain/prepare/redact.ts'
import { splitSegments } from '../../src/modules/analysis/domain/prepare/segments.ts'
import { groupDuplicates } from '../../src/modules/analysis/domain/prepare/duplicates.ts'
import { loadNhsComments, nhsDataAvailable, NHS_FFT_FILE } from './nhs-data.ts'

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100,250,500,1000,2000,4000' },
    seeds: { type: 'string', default: '1,2,3' },
    'no-speed': { type: 'boolean', default: false },
    'no-clusters': { type: 'boolean', default: false },
    'speed-only': { type: 'boolean', default: false },
    'speed-items': { type: 'string', default: '50000' },
    features: { type: 'string', default: '{}' },
    suggester: { type: 'string', default: '{}' },
  },
})

if (!nhsDataAvailable()) {
  process.stdout.write(`The NHS comments are not available (${NHS_FFT_FILE}): nothing to measure.\n`)
  process.exit(0)
}

const featureOptions = JSON.parse(values.features) as FeatureOptions
const suggesterOptions = JSON.parse(values.suggester) as SuggesterOptions
const sizes = values.sizes.split(',').map(Number)
const seeds = values.seeds.split(',').map(Number)
const data = loadNhsComments()
const C = data.codeNames.length

process.stdout.write(
  `Node ${process.version}, ${availableParallelism()} CPUs. NHS FFT comments: ${data.items.length} with an answer, ${C} codes; ` +
    `features ${JSON.stringify(featureOptions)}, suggester ${JSON.stringify(suggesterOptions)}\n`,
)

/** A seeded shuffle (mulberry32; independent of the model's own generator). */
function shuffled(n: number, seed: number): number[] {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const p = Array.from({ length: n }, (_, i) => i)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[p[i], p[j]] = [p[j]!, p[i]!]
  }
  return p
}

interface Scores {
  samples: number
  micro: number
  macro: number
  bulkShare: number
  bulkPrecision: number
  bulkOffered: number
  bulkRight: number
}

function score(predicted: readonly (readonly Suggestion[])[], truth: readonly (readonly number[])[]): Scores {
  const tp = new Float64Array(C)
  const fp = new Float64Array(C)
  const fn = new Float64Array(C)
  let offered = 0
  let offeredRight = 0
  let itemsOffered = 0
  predicted.forEach((list, i) => {
    const t = truth[i]!
    let any = false
    for (const s of list) {
      if (t.includes(s.code)) tp[s.code]!++
      else fp[s.code]!++
      if (s.bulk) {
        any = true
        offered++
        if (t.includes(s.code)) offeredRight++
      }
    }
    for (const c of t) if (!list.some(s => s.code === c)) fn[c]!++
    if (any) itemsOffered++
  })
  let TP = 0
  let FP = 0
  let FN = 0
  let macroSum = 0
  let macroN = 0
  for (let c = 0; c < C; c++) {
    TP += tp[c]!
    FP += fp[c]!
    FN += fn[c]!
    if (tp[c]! + fn[c]! > 0) {
      macroSum += (2 * tp[c]!) / (2 * tp[c]! + fp[c]! + fn[c]!)
      macroN++
    }
  }
  return {
    samples: samplesF1(predicted, truth),
    micro: (2 * TP) / (2 * TP + FP + FN),
    macro: macroN ? macroSum / macroN : 0,
    bulkShare: itemsOffered / truth.length,
    bulkPrecision: offered ? offeredRight / offered : NaN,
    bulkOffered: offered,
    bulkRight: offeredRight,
  }
}

const fmt = (x: number, d = 3) => (Number.isNaN(x) ? '-' : x.toFixed(d))
const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`)

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map(r => r[c]!.length)))
  return rows.map(r => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n') + '\n'
}

if (!values['speed-only']) {
  const t0 = performance.now()
  const corpus = prepareCorpus(data.items, featureOptions)
  process.stdout.write(`Vocabulary from all ${data.items.length} comments: ${corpus.matrix.cols} terms, ${((performance.now() - t0) / 1000).toFixed(2)} s\n\n`)

  // "Code names only": each held-out comment gets the code whose name is most similar (cosine) to it.
  const names = data.codeNames.map(name => vectorise(corpus.vocabulary, name))
  const nameSuggestions = (rows: number[]): Suggestion[][] =>
    rows.map(r => {
      let best = -1
      let bestSim = 0
      names.forEach((v, c) => {
        let s = 0
        for (let p = corpus.matrix.indptr[r]!, q = 0; p < corpus.matrix.indptr[r + 1]! && q < v.indices.length; ) {
          const a = corpus.matrix.indices[p]!
          const b = v.indices[q]!
          if (a === b) s += corpus.matrix.values[p++]! * v.values[q++]!
          else if (a < b) p++
          else q++
        }
        if (s > bestSim) {
          bestSim = s
          best = c
        }
      })
      return best >= 0 ? [{ code: best, confidence: bestSim, bulk: false }] : []
    })

  const header = ['coded n', 'held out', 'samples-F1', '(sd)', 'micro-F1', 'macro-F1', 'CV samples-F1', 'bulk share', 'bulk precision', 'bulk offered', 'bulk t', 'train+suggest s', 'names-only F1']
  const rows: string[][] = [header]
  for (const n of sizes) {
    const per: (Scores & { cv: number; seconds: number; t: number; names: number })[] = []
    for (const seed of seeds) {
      const order = shuffled(data.items.length, seed)
      const coded = order.slice(0, n).map(row => ({ row, codes: data.labels[row]! }))
      const held = order.slice(n)
      const start = performance.now()
      const model = trainSuggester(corpus, coded, C, { seed, ...suggesterOptions })
      const predicted = suggestCodes(model, corpus, held)
      const seconds = (performance.now() - start) / 1000
      const truth = held.map(r => data.labels[r]!)
      const s = score(predicted, truth)
      const names = seed === seeds[0] ? samplesF1(nameSuggestions(held), truth) : NaN
      per.push({ ...s, cv: model.crossValidation?.samplesF1 ?? NaN, seconds, t: model.bulkThreshold, names })
    }
    const mean = (f: (s: (typeof per)[number]) => number) => per.reduce((a, s) => a + f(s), 0) / per.length
    const m = mean(s => s.samples)
    const sd = Math.sqrt(per.reduce((a, s) => a + (s.samples - m) ** 2, 0) / per.length)
    rows.push([
      String(n),
      String(data.items.length - n),
      fmt(m),
      fmt(sd),
      fmt(mean(s => s.micro)),
      fmt(mean(s => s.macro)),
      fmt(mean(s => s.cv)),
      pct(mean(s => s.bulkShare)),
      pct(per.reduce((a, s) => a + s.bulkRight, 0) / per.reduce((a, s) => a + s.bulkOffered, 0)),
      fmt(mean(s => s.bulkOffered), 0),
      per.map(s => (Number.isFinite(s.t) ? s.t.toFixed(2) : 'none')).join('/'),
      fmt(mean(s => s.seconds), 2),
      fmt(per[0]!.names),
    ])
    process.stdout.write(`  n=${n} done\n`)
  }
  process.stdout.write(`\nMean over seeds ${seeds.join(', ')} (sd of samples-F1 across seeds; bulk precision pooled over seeds; names-only on the first seed):\n`)
  process.stdout.write(table(rows))
}

if (!values['speed-only'] && !values['no-clusters']) {
  const t0 = performance.now()
  const clusters = clusterByKeywords(data.items, { seed: 1 })
  const seconds = (performance.now() - t0) / 1000
  const rowOf = new Map(data.items.map((item, r) => [item.id, r]))
  const codeSize = new Float64Array(C)
  for (const ls of data.labels) for (const c of ls) codeSize[c]!++
  let clustered = 0
  let pure = 0
  let f1Sum = 0
  const lines: string[][] = [['cluster (top distinctive words)', 'comments', 'most common code', 'purity', 'best-match F1']]
  for (const cluster of clusters) {
    const inCluster = new Float64Array(C)
    for (const id of cluster.itemIds) for (const c of data.labels[rowOf.get(id)!]!) inCluster[c]!++
    const size = cluster.itemIds.length
    let top = 0
    let bestF1 = 0
    for (let c = 0; c < C; c++) {
      if (inCluster[c]! > inCluster[top]!) top = c
      const f1 = (2 * inCluster[c]!) / (size + codeSize[c]!)
      if (f1 > bestF1) bestF1 = f1
    }
    clustered += size
    pure += inCluster[top]!
    f1Sum += bestF1 * size
    lines.push([cluster.label, String(size), data.codeNames[top]!, pct(inCluster[top]! / size), fmt(bestF1)])
  }
  process.stdout.write(
    `\nKeyword clusters (exploration aid, not themes): ${clusters.length} clusters of ${clustered} comments in ${seconds.toFixed(2)} s; ` +
      `purity ${pct(pure / clustered)}, best-match F1 ${fmt(f1Sum / clustered)} (weighted by size)\n`,
  )
  process.stdout.write(table(lines))
}

if (!values['no-speed']) {
  // Speed: 50,000 synthetic items made by resampling the comments with small word shuffles (each word swaps with its
  // neighbour with probability 0.1), so the text is realistic but not a copy; their codes are the source comment's.
  const N = Number(values['speed-items'])
  let state = 12345
  const rand = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 4294967296
  }
  const items: { id: string; text: string }[] = []
  const labels: number[][] = []
  for (let i = 0; i < N; i++) {
    const src = Math.floor(rand() * data.items.length)
    const ws = data.items[src]!.text.split(/\s+/)
    for (let j = 0; j + 1 < ws.length; j++) {
      if (rand() < 0.1) {
        ;[ws[j], ws[j + 1]] = [ws[j + 1]!, ws[j]!]
        j++
      }
    }
    items.push({ id: `synthetic-${i}`, text: ws.join(' ') })
    labels.push(data.labels[src]!)
  }
  process.stdout.write(`\nSpeed: ${N} synthetic items (NHS comments resampled with small word shuffles): prepared (personal details found and redacted, sentence segments, duplicates grouped), then 1,000 coded and all suggested\n`)
  const tp = performance.now()
  const redacted = items.map(it => ({ id: it.id, text: applyRedactions(it.text, findRedactions(it.text)) }))
  let segmentCount = 0
  for (const it of redacted) segmentCount += splitSegments(it.text).length
  const groups = groupDuplicates(redacted)
  const t0 = performance.now()
  const corpus = prepareCorpus(redacted, featureOptions)
  const t1 = performance.now()
  const coded = Array.from({ length: 1000 }, (_, i) => ({ row: i, codes: labels[i]! }))
  const model = trainSuggester(corpus, coded, C, { seed: 1, ...suggesterOptions })
  const t2 = performance.now()
  const suggestions = suggestCodes(model, corpus)
  const t3 = performance.now()
  const bulk = suggestions.filter(list => list.some(s => s.bulk)).length
  const t4 = performance.now()
  const clusters = clusterByKeywords(items, { seed: 1 })
  const t5 = performance.now()
  process.stdout.write(
    table([
      ['items', 'segments', 'duplicate groups', 'prepare s', 'terms', 'tokenise+vectorise s', 'train s (incl. CV)', 'suggest s', 'total s (target 15)', 'items with a bulk offer'],
      [
        String(N),
        String(segmentCount),
        String(groups.length),
        fmt((t0 - tp) / 1000, 2),
        String(corpus.matrix.cols),
        fmt((t1 - t0) / 1000, 2),
        fmt((t2 - t1) / 1000, 2),
        fmt((t3 - t2) / 1000, 2),
        fmt((t3 - tp) / 1000, 2),
        pct(bulk / N),
      ],
    ]),
  )
  process.stdout.write(`Keyword clusters of the ${N} items (own word features, k-means): ${clusters.length} clusters in ${((t5 - t4) / 1000).toFixed(2)} s\n`)
}
