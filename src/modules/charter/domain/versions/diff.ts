import type { CharterContent, CharterSection } from './content.ts'

// ---------------------------------------------------------------------------------------------------------------
// Sequence difference: Myers' O((N+M)D) algorithm in linear space (the "middle snake" bisection, as in Myers 1986
// and diff-match-patch). Works on integer ids so that comparing two tokens is one comparison.
// ---------------------------------------------------------------------------------------------------------------

/** One run of an edit script over two sequences: `same` runs are in both, `removed` only in a, `added` only in b. */
export interface SequenceRun {
  op: 'same' | 'removed' | 'added'
  /** Where the run starts in a (`same`, `removed`) or in b (`added`). */
  start: number
  length: number
  /** For `same` runs: where the run starts in b. */
  startB: number
}

function pushRun(out: SequenceRun[], op: SequenceRun['op'], start: number, length: number, startB: number): void {
  if (length <= 0) return
  const last = out[out.length - 1]
  const continues = last && last.op === op && last.start + last.length === start
  if (last && continues && (op !== 'same' || last.startB + last.length === startB)) {
    last.length += length
    return
  }
  out.push({ op, start, length, startB })
}

/** The two sequences, and working space for the searches (reused by every step, so one allocation per diff). */
interface Work {
  a: Int32Array
  b: Int32Array
  v1: Int32Array
  v2: Int32Array
  out: SequenceRun[]
}

function diffRange(w: Work, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const { a, b, out } = w
  // Common prefix and suffix cost nothing.
  let prefix = 0
  while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++
  let suffix = 0
  while (aHi - suffix > aLo + prefix && bHi - suffix > bLo + prefix && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++
  pushRun(out, 'same', aLo, prefix, bLo)
  const a0 = aLo + prefix
  const a1 = aHi - suffix
  const b0 = bLo + prefix
  const b1 = bHi - suffix
  if (a0 === a1) {
    pushRun(out, 'added', b0, b1 - b0, 0)
  } else if (b0 === b1) {
    pushRun(out, 'removed', a0, a1 - a0, 0)
  } else {
    const split = middleSnake(w, a0, a1, b0, b1)
    if (split === null) {
      pushRun(out, 'removed', a0, a1 - a0, 0)
      pushRun(out, 'added', b0, b1 - b0, 0)
    } else {
      diffRange(w, a0, a0 + split[0], b0, b0 + split[1])
      diffRange(w, a0 + split[0], a1, b0 + split[1], b1)
    }
  }
  pushRun(out, 'same', aHi - suffix, suffix, bHi - suffix)
}

/** Where the forward and reverse searches meet (x in a, y in b, relative to a0/b0), or null if nothing is shared. */
function middleSnake(w: Work, a0: number, a1: number, b0: number, b1: number): [number, number] | null {
  const { a, b, v1, v2 } = w
  const n = a1 - a0
  const m = b1 - b0
  const maxD = Math.ceil((n + m) / 2)
  const offset = maxD
  const size = 2 * maxD + 2
  v1.fill(-1, 0, size)
  v2.fill(-1, 0, size)
  v1[offset + 1] = 0
  v2[offset + 1] = 0
  const delta = n - m
  const front = delta % 2 !== 0
  let k1start = 0
  let k1end = 0
  let k2start = 0
  let k2end = 0
  for (let d = 0; d < maxD; d++) {
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const k1o = offset + k1
      let x1 = k1 === -d || (k1 !== d && v1[k1o - 1]! < v1[k1o + 1]!) ? v1[k1o + 1]! : v1[k1o - 1]! + 1
      let y1 = x1 - k1
      while (x1 < n && y1 < m && a[a0 + x1] === b[b0 + y1]) {
        x1++
        y1++
      }
      v1[k1o] = x1
      if (x1 > n) {
        k1end += 2
      } else if (y1 > m) {
        k1start += 2
      } else if (front) {
        const k2o = offset + delta - k1
        if (k2o >= 0 && k2o < size && v2[k2o] !== -1) {
          if (x1 >= n - v2[k2o]!) return [x1, y1]
        }
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const k2o = offset + k2
      let x2 = k2 === -d || (k2 !== d && v2[k2o - 1]! < v2[k2o + 1]!) ? v2[k2o + 1]! : v2[k2o - 1]! + 1
      let y2 = x2 - k2
      while (x2 < n && y2 < m && a[a0 + n - x2 - 1] === b[b0 + m - y2 - 1]) {
        x2++
        y2++
      }
      v2[k2o] = x2
      if (x2 > n) {
        k2end += 2
      } else if (y2 > m) {
        k2start += 2
      } else if (!front) {
        const k1o = offset + delta - k2
        if (k1o >= 0 && k1o < size && v1[k1o] !== -1) {
          const x1 = v1[k1o]!
          const y1 = offset + x1 - k1o
          if (x1 >= n - x2) return [x1, y1]
        }
      }
    }
  }
  return null
}

/**
 * The shortest edit script turning `a` into `b` (items compared with ===), as runs in order. Deterministic; time
 * O((N+M)D) where D is the number of items added and removed, memory O(N+M).
 */
export function diffSequences(a: readonly string[], b: readonly string[]): SequenceRun[] {
  const ids = new Map<string, number>()
  const idOf = (s: string) => {
    let id = ids.get(s)
    if (id === undefined) {
      id = ids.size
      ids.set(s, id)
    }
    return id
  }
  const ia = new Int32Array(a.length)
  for (let i = 0; i < a.length; i++) ia[i] = idOf(a[i]!)
  const ib = new Int32Array(b.length)
  for (let i = 0; i < b.length; i++) ib[i] = idOf(b[i]!)
  const size = a.length + b.length + 4
  const w: Work = { a: ia, b: ib, v1: new Int32Array(size), v2: new Int32Array(size), out: [] }
  diffRange(w, 0, ia.length, 0, ib.length)
  return w.out
}

// ---------------------------------------------------------------------------------------------------------------
// Word-level difference of two texts.
// ---------------------------------------------------------------------------------------------------------------

/** A piece of text: in both versions (`same`), only in the old one (`removed`) or only in the new one (`added`). */
export interface TextPart {
  kind: 'same' | 'removed' | 'added'
  text: string
}

/**
 * Words (letters and numbers, with apostrophes inside, as in "we'll"), runs of white space, and every other
 * character on its own (punctuation). Joining the tokens gives back the text exactly.
 */
export function tokenise(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^]/gu) ?? []
}

const ONLY_SPACE_OR_PUNCTUATION = /^[\s\p{P}\p{S}]*$/u
const SHORT_WORD = /^\s*[\p{L}\p{N}]{1,3}\s*$/u

/**
 * The word-level difference between two texts, for people to read. Joining the `same` and `removed` parts gives
 * `before` exactly; joining the `same` and `added` parts gives `after` exactly. Within each change the removed
 * words come before the added ones, and a space, a punctuation mark or one short word ("a", "to", "the") left
 * alone between two changes is folded into them, so changes read as phrases rather than confetti.
 */
export function diffWords(before: string, after: string): TextPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }]
  const a = tokenise(before)
  const b = tokenise(after)
  const runs = diffSequences(a, b)

  // Blocks: a same block, or a change block (removed text, added text).
  type Block = { same: string } | { removed: string; added: string }
  const blocks: Block[] = []
  for (const run of runs) {
    const source = run.op === 'added' ? b : a
    const text = source.slice(run.start, run.start + run.length).join('')
    const last = blocks[blocks.length - 1]
    if (run.op === 'same') {
      blocks.push({ same: text })
    } else if (last && 'removed' in last) {
      if (run.op === 'removed') last.removed += text
      else last.added += text
    } else {
      blocks.push(run.op === 'removed' ? { removed: text, added: '' } : { removed: '', added: text })
    }
  }

  // Fold small equalities sandwiched between two changes into them (repeat until nothing changes).
  let folded = true
  while (folded) {
    folded = false
    for (let i = 1; i < blocks.length - 1; i++) {
      const prev = blocks[i - 1]!
      const mid = blocks[i]!
      const next = blocks[i + 1]!
      if (!('same' in mid) || 'same' in prev || 'same' in next) continue
      if (!ONLY_SPACE_OR_PUNCTUATION.test(mid.same) && !SHORT_WORD.test(mid.same)) continue
      blocks.splice(i - 1, 3, {
        removed: prev.removed + mid.same + next.removed,
        added: prev.added + mid.same + next.added,
      })
      folded = true
      break
    }
  }

  const parts: TextPart[] = []
  for (const block of blocks) {
    if ('same' in block) {
      parts.push({ kind: 'same', text: block.same })
    } else {
      if (block.removed) parts.push({ kind: 'removed', text: block.removed })
      if (block.added) parts.push({ kind: 'added', text: block.added })
    }
  }
  return parts
}

/** Text as it was (`'before'`) or is (`'after'`), from its parts. */
export function joinParts(parts: readonly TextPart[], side: 'before' | 'after'): string {
  const skip = side === 'before' ? 'added' : 'removed'
  return parts
    .filter(p => p.kind !== skip)
    .map(p => p.text)
    .join('')
}

// ---------------------------------------------------------------------------------------------------------------
// The difference between two versions of a charter.
// ---------------------------------------------------------------------------------------------------------------

/** A piece of text in two versions. `before` is null when it did not exist; `after` is null when it no longer does. */
export interface TextChange {
  before: string | null
  after: string | null
  changed: boolean
  parts: TextPart[]
}

export interface SectionRef {
  key: string
  title: string
}

export type ItemKind = 'commitment' | 'ask'

/**
 * One commitment or "what we ask of you" item as listed in one section of the difference.
 * - `added`: only in the new version; `removed`: only in the old one.
 * - `kept`: in this section in the new version, and in the old one (here, or in `movedFrom`).
 * - `moved-out`: here in the old version, now in `movedTo` (where it is listed again, as `kept` with `movedFrom`).
 */
export interface ItemDiff {
  kind: ItemKind
  key: string
  status: 'added' | 'removed' | 'kept' | 'moved-out'
  text: TextChange
  /** The wording changed (`kept` items only). */
  reworded: boolean
  /** It was in another section in the old version. */
  movedFrom: SectionRef | null
  /** It is in another section in the new version (`moved-out` items only). */
  movedTo: SectionRef | null
  /** It stayed in this section but changed place among the items that stayed. */
  reordered: boolean
  /** Commitments only: principle keys linked, unlinked and kept (all empty for asks). */
  principles: { added: string[]; removed: string[]; kept: string[] }
  /** Anything at all to show: added, removed, moved, reordered, reworded, or principle links changed. */
  changed: boolean
}

export interface SectionDiff {
  key: string
  status: 'added' | 'removed' | 'kept'
  title: TextChange
  renamed: boolean
  /** It changed place among the sections that are in both versions. */
  reordered: boolean
  introduction: TextChange
  commitments: ItemDiff[]
  asks: ItemDiff[]
  /** Anything in the section changed (including items moved in or out). */
  changed: boolean
}

export interface MoveCount {
  kind: ItemKind
  from: SectionRef
  to: SectionRef
  count: number
}

export interface ItemCounts {
  added: number
  removed: number
  reworded: number
  moved: number
  reordered: number
  /** Commitments whose links to principles changed. */
  relinked: number
}

export interface ContentDiff {
  hasChanges: boolean
  title: TextChange
  introduction: TextChange
  /** Sections in the new version's order, with removed sections where they used to be. */
  sections: SectionDiff[]
  counts: {
    sections: { added: number; removed: number; renamed: number; reordered: number; reintroduced: number }
    commitments: ItemCounts
    asks: ItemCounts
  }
  /** Items moved between sections, grouped by kind and by from/to, in the order they appear. */
  moves: MoveCount[]
  /** One line per kind of change, in plain English; empty when nothing changed. */
  summary: string[]
}

function textChange(before: string | null, after: string | null): TextChange {
  const changed = before !== after
  let parts: TextPart[]
  if (before === null) parts = after ? [{ kind: 'added', text: after }] : []
  else if (after === null) parts = before ? [{ kind: 'removed', text: before }] : []
  else parts = diffWords(before, after)
  return { before, after, changed, parts }
}

interface Located {
  kind: ItemKind
  key: string
  text: string
  principleKeys: string[]
  section: CharterSection
}

type Index = { sections: Map<string, CharterSection>; items: Map<string, Located> }

function locate(content: CharterContent, which: string): Index {
  const sections = new Map<string, CharterSection>()
  const items = new Map<string, Located>()
  for (const section of content.sections) {
    if (sections.has(section.key)) {
      throw new Error(`Cannot compare: the ${which} version has two sections with the key "${section.key}"`)
    }
    sections.set(section.key, section)
    const add = (kind: ItemKind, key: string, text: string, principleKeys: string[]) => {
      if (items.has(key)) throw new Error(`Cannot compare: the ${which} version has two items with the key "${key}"`)
      items.set(key, { kind, key, text, principleKeys, section })
    }
    for (const c of section.commitments) add('commitment', c.key, c.text, c.principleKeys)
    for (const a of section.asks) add('ask', a.key, a.text, [])
  }
  return { sections, items }
}

/** Keys in both lists that are not in their longest common subsequence: the fewest that changed place. */
function reorderedKeys(before: readonly string[], after: readonly string[]): Set<string> {
  const inAfter = new Set(after)
  const inBefore = new Set(before)
  const a = before.filter(k => inAfter.has(k))
  const b = after.filter(k => inBefore.has(k))
  const moved = new Set<string>()
  for (const run of diffSequences(a, b)) {
    if (run.op === 'added') for (const k of b.slice(run.start, run.start + run.length)) moved.add(k)
  }
  return moved
}

/**
 * The new order, with entries that exist only in the old order put back just after the entry that preceded them
 * there (or first, when nothing before them survives). Deterministic.
 */
function mergeOrder(before: readonly string[], after: readonly string[]): string[] {
  const inAfter = new Set(after)
  const following = new Map<string | null, string[]>()
  let anchor: string | null = null
  for (const key of before) {
    if (inAfter.has(key)) {
      anchor = key
    } else {
      const list = following.get(anchor) ?? []
      list.push(key)
      following.set(anchor, list)
    }
  }
  const merged = [...(following.get(null) ?? [])]
  for (const key of after) {
    merged.push(key)
    merged.push(...(following.get(key) ?? []))
  }
  return merged
}

const ref = (section: CharterSection): SectionRef => ({ key: section.key, title: section.title })

/**
 * The difference between two versions of a charter's content, old (`a`) to new (`b`). Items and sections are
 * matched by key, so a reworded commitment is "changed" and one that changed section is "moved", never "removed
 * and added". Expects valid content (see `validateContent`); throws if a version repeats a key.
 */
export function diffContent(a: CharterContent, b: CharterContent): ContentDiff {
  const old = locate(a, 'old')
  const now = locate(b, 'new')
  const sectionOrder = mergeOrder(
    a.sections.map(s => s.key),
    b.sections.map(s => s.key),
  )
  const reorderedSections = reorderedKeys(
    a.sections.map(s => s.key),
    b.sections.map(s => s.key),
  )
  const itemCounts = (): ItemCounts => ({ added: 0, removed: 0, reworded: 0, moved: 0, reordered: 0, relinked: 0 })
  const counts: ContentDiff['counts'] = {
    sections: { added: 0, removed: 0, renamed: 0, reordered: 0, reintroduced: 0 },
    commitments: itemCounts(),
    asks: itemCounts(),
  }
  const countsOf = (kind: ItemKind) => (kind === 'commitment' ? counts.commitments : counts.asks)
  const moves: MoveCount[] = []

  const itemsOf = (section: CharterSection | undefined, kind: ItemKind): string[] =>
    section ? (kind === 'commitment' ? section.commitments : section.asks).map(i => i.key) : []

  const diffItems = (key: string, kind: ItemKind): ItemDiff[] => {
    const beforeKeys = itemsOf(old.sections.get(key), kind)
    const afterKeys = itemsOf(now.sections.get(key), kind)
    const reordered = reorderedKeys(beforeKeys, afterKeys)
    return mergeOrder(beforeKeys, afterKeys).map(itemKey => {
      const was = old.items.get(itemKey)
      const is = now.items.get(itemKey)
      const wasHere = was !== undefined && was.section.key === key && was.kind === kind
      const isHere = is !== undefined && is.section.key === key && is.kind === kind
      let item: ItemDiff
      if (isHere && was && was.kind === kind) {
        const movedFrom = wasHere ? null : ref(was.section)
        const principles = comparePrinciples(was.principleKeys, is.principleKeys)
        const text = textChange(was.text, is.text)
        item = {
          kind,
          key: itemKey,
          status: 'kept',
          text,
          reworded: text.changed,
          movedFrom,
          movedTo: null,
          reordered: reordered.has(itemKey),
          principles,
          changed: false,
        }
        const c = countsOf(kind)
        if (text.changed) c.reworded++
        if (item.reordered) c.reordered++
        if (principles.added.length || principles.removed.length) c.relinked++
        if (movedFrom) {
          c.moved++
          const to = ref(is.section)
          const group = moves.find(m => m.kind === kind && m.from.key === movedFrom.key && m.to.key === to.key)
          if (group) group.count++
          else moves.push({ kind, from: movedFrom, to, count: 1 })
        }
      } else if (isHere) {
        // New, or was a different kind of item (treated as removed there and added here).
        countsOf(kind).added++
        item = blankItem(kind, itemKey, 'added', textChange(null, is.text))
        item.principles.added = [...is.principleKeys]
      } else if (wasHere && is && is.kind === kind) {
        item = blankItem(kind, itemKey, 'moved-out', textChange(was.text, was.text))
        item.movedTo = ref(is.section)
      } else {
        countsOf(kind).removed++
        item = blankItem(kind, itemKey, 'removed', textChange(was!.text, null))
        item.principles.removed = [...was!.principleKeys]
      }
      item.changed =
        item.status !== 'kept' ||
        item.reworded ||
        item.reordered ||
        item.movedFrom !== null ||
        item.principles.added.length > 0 ||
        item.principles.removed.length > 0
      return item
    })
  }

  const sections: SectionDiff[] = sectionOrder.map(key => {
    const was = old.sections.get(key)
    const is = now.sections.get(key)
    const status = was && is ? 'kept' : is ? 'added' : 'removed'
    const title = textChange(was?.title ?? null, is?.title ?? null)
    const introduction = textChange(was?.introduction ?? null, is?.introduction ?? null)
    const renamed = status === 'kept' && title.changed
    const reordered = reorderedSections.has(key)
    if (status === 'added') counts.sections.added++
    if (status === 'removed') counts.sections.removed++
    if (renamed) counts.sections.renamed++
    if (reordered) counts.sections.reordered++
    if (status === 'kept' && introduction.changed) counts.sections.reintroduced++
    const commitments = diffItems(key, 'commitment')
    const asks = diffItems(key, 'ask')
    const changed =
      status !== 'kept' ||
      renamed ||
      reordered ||
      introduction.changed ||
      commitments.some(i => i.changed) ||
      asks.some(i => i.changed)
    return { key, status, title, renamed, reordered, introduction, commitments, asks, changed }
  })

  const title = textChange(a.title, b.title)
  const introduction = textChange(a.introduction, b.introduction)
  const diff: ContentDiff = {
    hasChanges: title.changed || introduction.changed || sections.some(s => s.changed),
    title,
    introduction,
    sections,
    counts,
    moves,
    summary: [],
  }
  diff.summary = summarise(diff)
  return diff
}

function blankItem(kind: ItemKind, key: string, status: ItemDiff['status'], text: TextChange): ItemDiff {
  return {
    kind,
    key,
    status,
    text,
    reworded: false,
    movedFrom: null,
    movedTo: null,
    reordered: false,
    principles: { added: [], removed: [], kept: [] },
    changed: true,
  }
}

function comparePrinciples(before: readonly string[], after: readonly string[]): ItemDiff['principles'] {
  const was = new Set(before)
  const is = new Set(after)
  return {
    added: after.filter(k => !was.has(k)),
    removed: before.filter(k => !is.has(k)),
    kept: after.filter(k => was.has(k)),
  }
}

const NOUNS: Record<ItemKind, [string, string]> = {
  commitment: ['commitment', 'commitments'],
  ask: ['“what we ask of you” item', '“what we ask of you” items'],
}

function plural(count: number, [one, many]: [string, string]): string {
  return `${count} ${count === 1 ? one : many}`
}

/** Phrases joined into one line; the first names the thing counted ("3 commitments changed, 1 added"). */
function line(noun: [string, string], phrases: [number, string][]): string | null {
  const present = phrases.filter(([count]) => count > 0)
  if (present.length === 0) return null
  return present.map(([count, what], i) => (i === 0 ? `${plural(count, noun)} ${what}` : `${count} ${what}`)).join(', ')
}

/**
 * The summary of a difference, one line per kind of change, for example "3 commitments changed, 1 added, 1 moved
 * from Applying to Decisions". "Changed" means reworded; changed links to principles have their own line.
 */
export function summarise(diff: ContentDiff): string[] {
  const lines: string[] = []
  if (diff.title.changed) lines.push(`The charter’s title changed from “${diff.title.before}” to “${diff.title.after}”`)
  if (diff.introduction.changed) lines.push('The charter’s introduction changed')
  const s = diff.counts.sections
  const sectionNoun: [string, string] = ['section', 'sections']
  const sectionLine = line(sectionNoun, [
    [s.added, 'added'],
    [s.removed, 'removed'],
    [s.reordered, 'moved to a different place in the charter'],
  ])
  if (sectionLine) lines.push(sectionLine)
  for (const section of diff.sections) {
    if (section.renamed) lines.push(`Section “${section.title.before}” renamed to “${section.title.after}”`)
  }
  if (s.reintroduced > 0) lines.push(`The introduction changed in ${plural(s.reintroduced, sectionNoun)}`)
  for (const kind of ['commitment', 'ask'] as const) {
    const c = kind === 'commitment' ? diff.counts.commitments : diff.counts.asks
    const phrases: [number, string][] = [
      [c.reworded, 'changed'],
      [c.added, 'added'],
      [c.removed, 'removed'],
    ]
    for (const move of diff.moves.filter(m => m.kind === kind)) {
      phrases.push([move.count, `moved from ${move.from.title} to ${move.to.title}`])
    }
    phrases.push([c.reordered, 'moved within the same section'])
    const itemLine = line(NOUNS[kind], phrases)
    if (itemLine) lines.push(itemLine)
    if (c.relinked > 0) lines.push(`Links to principles changed on ${plural(c.relinked, NOUNS[kind])}`)
  }
  return lines
}
