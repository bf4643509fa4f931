// Exact duplicates, near-duplicates and campaigns among the items of a project (issue 6, item 2), so an analyst codes
// a repeated text once and sees how many people sent it.
//
//   exact     identical after normalising case, spacing and punctuation;
//   near      word-shingle Jaccard similarity >= nearThreshold (0.8): candidates from MinHash (64 hashes, fixed seeds)
//             with LSH banding (16 bands of 4), each candidate pair confirmed by the exact Jaccard of the shingle sets;
//   campaign  >= campaignMinSize (5) items sharing a template of >= campaignMinWords (15) words: candidates from a
//             looser banding (32 bands of 2, pairs confirmed when >= 0.5 of the smaller text's shingles are in the
//             other), then the template is the shingles found in more than half of the linked items (the group's most
//             common text), and an item belongs when >= campaignContainment (0.6) of the template is in it, even with
//             sentences of its own added.
//
// An item is in at most one group: campaigns first, then near and exact groups among the rest. Items in no group are
// not returned. Deterministic: fixed hash seeds, input order breaks ties. Groups are sorted by size, largest first.

export interface DuplicateGroup {
  kind: 'exact' | 'near' | 'campaign'
  /** The items of the group, in input order. */
  ids: string[]
  /** The item that stands for the group: the most common text (for a campaign, the one closest to the template). */
  representativeId: string
  /**
   * How alike the group is: 1 for exact duplicates; for near duplicates the lowest Jaccard similarity of a member to
   * the representative; for a campaign the lowest share of the template found in a member.
   */
  similarity: number
}

export interface DuplicateOptions {
  /** Words per shingle (default 3). Texts shorter than this are one shingle. */
  shingleSize?: number
  /** Jaccard similarity for near-duplicates (default 0.8). */
  nearThreshold?: number
  /** Fewest items in a campaign (default 5). */
  campaignMinSize?: number
  /** Share of the template an item must contain to be in the campaign (default 0.6). */
  campaignContainment?: number
  /** Fewest words in a campaign template (default 15): short common answers ("very good service") are not campaigns. */
  campaignMinWords?: number
}

export const DEFAULT_DUPLICATE_OPTIONS: Required<DuplicateOptions> = {
  shingleSize: 3,
  nearThreshold: 0.8,
  campaignMinSize: 5,
  campaignContainment: 0.6,
  campaignMinWords: 15,
}

const HASHES = 64
const NEAR_ROWS = 4
const LOOSE_ROWS = 2
/** Pairs compared per LSH bucket at most all-pairs up to this size; bigger buckets compare with their first member. */
const FULL_BUCKET = 24
const LINK_CONTAINMENT = 0.5

/** Lower-case words with punctuation removed: the basis of "exact" and of the shingles. */
export function normaliseForDuplicates(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(w => w.length > 0)
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** MurmurHash3's finaliser: a good 32-bit mix. */
function mix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Fixed seeds for the 64 hash functions (from a fixed linear congruential sequence). */
const SEEDS: Uint32Array = (() => {
  const seeds = new Uint32Array(HASHES)
  let x = 0x9e3779b9
  for (let i = 0; i < HASHES; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    seeds[i] = x
  }
  return seeds
})()

/** The sorted, distinct hashes of the word shingles. */
function shingles(words: readonly string[], k: number): Uint32Array {
  const hashes = words.map(fnv1a)
  const out: number[] = []
  if (hashes.length <= k) {
    let h = 0x12345678
    for (const w of hashes) h = mix(Math.imul(h ^ w, 0x9e3779b1))
    out.push(h >>> 0)
  } else {
    for (let i = 0; i + k <= hashes.length; i++) {
      let h = 0x12345678
      for (let j = 0; j < k; j++) h = mix(Math.imul(h ^ hashes[i + j]!, 0x9e3779b1))
      out.push(h >>> 0)
    }
  }
  const sorted = Uint32Array.from(out).sort()
  let n = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!
  return sorted.subarray(0, n)
}

function minHash(set: Uint32Array, into: Uint32Array, offset: number): void {
  for (let h = 0; h < HASHES; h++) {
    const seed = SEEDS[h]!
    let min = 0xffffffff
    for (let i = 0; i < set.length; i++) {
      const v = mix(set[i]! ^ seed)
      if (v < min) min = v
    }
    into[offset + h] = min
  }
}

function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0
  let j = 0
  let n = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x === y) {
      n++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return n
}

function jaccard(a: Uint32Array, b: Uint32Array): number {
  const inter = intersectionSize(a, b)
  const union = a.length + b.length - inter
  return union === 0 ? 0 : inter / union
}

class UnionFind {
  readonly parent: Int32Array
  constructor(n: number) {
    this.parent = new Int32Array(n)
    for (let i = 0; i < n; i++) this.parent[i] = i
  }
  find(x: number): number {
    const p = this.parent
    while (p[x] !== x) {
      p[x] = p[p[x]!]!
      x = p[x]!
    }
    return x
  }
  union(a: number, b: number): void {
    const ra = this.find(a)
    const rb = this.find(b)
    // The smaller index becomes the root, so components are named by their first member.
    if (ra < rb) this.parent[rb] = ra
    else if (rb < ra) this.parent[ra] = rb
  }
}

/**
 * Candidate pairs from LSH banding over the signatures of the given texts: texts whose band of `rows` hashes is
 * identical share a bucket. Calls link(a, b) for the pairs to confirm (all pairs in small buckets, each member with the
 * first in big ones).
 */
function lshPairs(signatures: Uint32Array, members: readonly number[], rows: number, link: (a: number, b: number) => void): void {
  const bands = HASHES / rows
  const seen = new Set<number>()
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<number, number[]>()
    for (const t of members) {
      let h = band + 1
      const base = t * HASHES + band * rows
      for (let r = 0; r < rows; r++) h = mix(Math.imul(h ^ signatures[base + r]!, 0x9e3779b1))
      const bucket = buckets.get(h)
      if (bucket) bucket.push(t)
      else buckets.set(h, [t])
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) continue
      const full = bucket.length <= FULL_BUCKET
      for (let i = 1; i < bucket.length; i++) {
        const last = full ? i : 1
        for (let j = 0; j < last; j++) {
          const a = bucket[j]!
          const b = bucket[i]!
          // Pair key: texts are fewer than 2^26 in practice; the key only avoids confirming a pair twice.
          const key = a * 67108864 + b
          if (seen.has(key)) continue
          seen.add(key)
          link(a, b)
        }
      }
    }
  }
}

interface Text {
  /** Indexes into the items, in input order. */
  items: number[]
  words: number
  set: Uint32Array
}

/** Exact, near-duplicate and campaign groups of the items. See the top of this file. */
export function groupDuplicates(items: readonly { id: string; text: string }[], options: DuplicateOptions = {}): DuplicateGroup[] {
  const o = { ...DEFAULT_DUPLICATE_OPTIONS, ...options }
  // 1. Exact: one Text per distinct normalised text (empty texts are never grouped).
  const byKey = new Map<string, Text>()
  const texts: Text[] = []
  const wordLists: string[][] = []
  items.forEach((item, index) => {
    const words = normaliseForDuplicates(item.text)
    if (words.length === 0) return
    const key = words.join(' ')
    const known = byKey.get(key)
    if (known) {
      known.items.push(index)
      return
    }
    const t: Text = { items: [index], words: words.length, set: new Uint32Array(0) }
    byKey.set(key, t)
    texts.push(t)
    wordLists.push(words)
  })
  texts.forEach((t, i) => {
    t.set = shingles(wordLists[i]!, o.shingleSize)
  })

  const signatures = new Uint32Array(texts.length * HASHES)
  texts.forEach((t, i) => minHash(t.set, signatures, i * HASHES))
  const groups: DuplicateGroup[] = []
  const taken = new Uint8Array(texts.length)
  const count = (members: readonly number[]): number => members.reduce((n, t) => n + texts[t]!.items.length, 0)
  const idsOf = (members: readonly number[]): string[] =>
    members
      .flatMap(t => texts[t]!.items)
      .sort((a, b) => a - b)
      .map(i => items[i]!.id)

  // 2. Campaigns, among texts long enough to carry a template.
  const long = texts.map((t, i) => (t.words >= o.campaignMinWords ? i : -1)).filter(i => i >= 0)
  const loose = new UnionFind(texts.length)
  lshPairs(signatures, long, LOOSE_ROWS, (a, b) => {
    if (loose.find(a) === loose.find(b)) return
    const sa = texts[a]!.set
    const sb = texts[b]!.set
    if (intersectionSize(sa, sb) / Math.min(sa.length, sb.length) >= LINK_CONTAINMENT) loose.union(a, b)
  })
  const clusters = new Map<number, number[]>()
  for (const t of long) {
    const root = loose.find(t)
    const c = clusters.get(root)
    if (c) c.push(t)
    else clusters.set(root, [t])
  }
  for (const cluster of clusters.values()) {
    let rest = cluster
    // A cluster may join two campaigns through an item quoting both: take the biggest template, then look again.
    for (let round = 0; round < 3 && count(rest) >= o.campaignMinSize; round++) {
      const campaign = campaignOf(rest)
      if (!campaign) break
      for (const t of campaign.members) taken[t] = 1
      groups.push({ kind: 'campaign', ids: idsOf(campaign.members), representativeId: items[texts[campaign.representative]!.items[0]!]!.id, similarity: campaign.similarity })
      rest = rest.filter(t => !taken[t])
    }
  }

  function campaignOf(members: readonly number[]): { members: number[]; representative: number; similarity: number } | null {
    // The template: shingles in more than half of the items (counting exact duplicates).
    const total = count(members)
    const frequency = new Map<number, number>()
    for (const t of members) {
      const weight = texts[t]!.items.length
      for (const s of texts[t]!.set) frequency.set(s, (frequency.get(s) ?? 0) + weight)
    }
    const template: number[] = []
    for (const [s, f] of frequency) if (f * 2 > total) template.push(s)
    if (template.length < Math.max(1, o.campaignMinWords - o.shingleSize + 1)) return null
    const templateSet = Uint32Array.from(template).sort()
    const inCampaign: number[] = []
    let lowest = 1
    let representative = -1
    let best = -1
    for (const t of members) {
      const share = intersectionSize(texts[t]!.set, templateSet) / templateSet.length
      if (share < o.campaignContainment) continue
      inCampaign.push(t)
      lowest = Math.min(lowest, share)
      // The representative: the most common text, then the one closest to the template.
      const closeness = texts[t]!.items.length * 2 + jaccard(texts[t]!.set, templateSet)
      if (closeness > best) {
        best = closeness
        representative = t
      }
    }
    if (count(inCampaign) < o.campaignMinSize) return null
    return { members: inCampaign, representative, similarity: lowest }
  }

  // 3. Near and exact duplicates among the rest.
  const free = texts.map((_, i) => i).filter(i => !taken[i])
  const near = new UnionFind(texts.length)
  lshPairs(signatures, free, NEAR_ROWS, (a, b) => {
    if (near.find(a) === near.find(b)) return
    if (jaccard(texts[a]!.set, texts[b]!.set) >= o.nearThreshold) near.union(a, b)
  })
  const components = new Map<number, number[]>()
  for (const t of free) {
    const root = near.find(t)
    const c = components.get(root)
    if (c) c.push(t)
    else components.set(root, [t])
  }
  for (const members of components.values()) {
    if (count(members) < 2) continue
    let representative = members[0]!
    for (const t of members) if (texts[t]!.items.length > texts[representative]!.items.length) representative = t
    if (members.length === 1) {
      groups.push({ kind: 'exact', ids: idsOf(members), representativeId: items[texts[representative]!.items[0]!]!.id, similarity: 1 })
      continue
    }
    let lowest = 1
    for (const t of members) if (t !== representative) lowest = Math.min(lowest, jaccard(texts[t]!.set, texts[representative]!.set))
    groups.push({ kind: 'near', ids: idsOf(members), representativeId: items[texts[representative]!.items[0]!]!.id, similarity: lowest })
  }

  const firstIndex = new Map(items.map((item, i) => [item.id, i]))
  return groups.sort((a, b) => b.ids.length - a.ids.length || firstIndex.get(a.ids[0]!)! - firstIndex.get(b.ids[0]!)!)
}
