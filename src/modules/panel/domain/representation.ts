import { PREFER_NOT_TO_SAY, type DimensionDefinition, type Option, type PanelCatalogue } from './catalogue.ts'

/**
 * The panel at a glance, as pure functions: shares of the active panel on each dimension, the gaps to the
 * organisation's population targets, and small-number suppression for those who may not see research data.
 * No I/O: the query in queries/representation.ts gathers the counts and calls `buildRepresentation`.
 *
 * THE RULES
 * - Share: of the active members who gave an answer on the dimension other than "Prefer not to say" (the people a
 *   population target describes). "Prefer not to say" and "Not answered" are shown apart, as shares of all active
 *   members. On a dimension where people can give several answers, shares can add up to more than 100%.
 * - Gap: the share (rounded to one decimal place) minus the target, in percentage points. A gap bigger than the
 *   tolerance either way is highlighted in words: "Under-represented" or "Over-represented".
 * - Suppression (when asked for: roles without 'panel:read_research'):
 *   1. Primary: every count from 1 to threshold - 1 is hidden ("fewer than 10"). Zeros are shown.
 *   2. Secondary: in every group of counts whose sum is shown or can be worked out, one hidden count would be given
 *      away by the sum, and two hidden counts adding up to less than the threshold narrow each other down too. So
 *      while a group has exactly one hidden count, or its hidden counts add up to less than the threshold, the
 *      smallest count still shown is hidden too (a count that is not zero first, then a zero). The number of people
 *      who answered, on which every share rests, is hidden only when nothing else can stop a single hidden count
 *      being given away.
 *      The groups: for each dimension, {people who answered, prefer not to say, not answered} (they add up to the
 *      active members); for a dimension with one answer per person, its answers (they add up to the people who
 *      answered); and {took part recently, lapsed, never took part} (they add up to the active members).
 *      Seldom-heard groups overlap (a person can be in several), so their counts have primary suppression only.
 *   3. A hidden count hides its share and gap. If the people who answered are hidden, every share on that
 *      dimension is. If the active members number fewer than the threshold, everything is hidden.
 */

/** After this many months without taking part, an active member counts as lapsed (attrition), unless the organisation sets another number. */
export const DEFAULT_ATTRITION_MONTHS = 12
/** Gaps bigger than this many percentage points are highlighted, unless the organisation sets another number. */
export const DEFAULT_GAP_TOLERANCE = 5

/** Percentages and percentage points are shown to one decimal place (halves away from zero). */
export function roundTo1(n: number): number {
  const clean = Number(n.toPrecision(12))
  return (Math.sign(clean) * Math.round(Math.abs(clean) * 10)) / 10 || 0
}

/** A share in per cent (one decimal place), or null when there is nothing to share. */
export function sharePercent(count: number, base: number): number | null {
  return base > 0 ? roundTo1((count / base) * 100) : null
}

export type Standing = 'under' | 'over' | 'within' | 'no_target' | 'hidden'

/** How a share stands against a target, with the gap in percentage points (share minus target). */
export function compareWithTarget(share: number | null, target: number | null, tolerance: number): { gap: number | null; standing: Standing } {
  if (share === null) return { gap: null, standing: 'hidden' }
  if (target === null) return { gap: null, standing: 'no_target' }
  const gap = roundTo1(share - target)
  if (gap < -tolerance) return { gap, standing: 'under' }
  if (gap > tolerance) return { gap, standing: 'over' }
  return { gap, standing: 'within' }
}

/** Primary suppression: a count from 1 to threshold - 1. */
export function isSmall(count: number, threshold: number): boolean {
  return count > 0 && count < threshold
}

/**
 * Secondary suppression within one group of counts whose sum is known. `hidden` says which are hidden already
 * (primary); `lastResort` marks a cell to hide only when it is the only way left to avoid a single hidden count
 * (the people who answered: hiding it hides every share). Returns which to hide.
 */
export function suppressGroup(counts: readonly number[], hidden: readonly boolean[], threshold: number, lastResort: readonly boolean[] = []): boolean[] {
  const out = [...hidden]
  for (;;) {
    const hiddenCount = out.filter(Boolean).length
    if (hiddenCount === 0) break
    const single = hiddenCount === 1
    const tooSmall = counts.reduce((s, c, i) => s + (out[i] ? c : 0), 0) < threshold
    if (!single && !tooSmall) break
    const candidates = counts.map((c, i) => ({ c, i })).filter(({ i }) => !out[i] && (single || !lastResort[i]))
    if (candidates.length === 0) break
    const rank = ({ c, i }: { c: number; i: number }) => (lastResort[i] ? 2 : c === 0 ? 1 : 0)
    candidates.sort((a, b) => rank(a) - rank(b) || a.c - b.c || a.i - b.i)
    out[candidates[0]!.i] = true
  }
  return out
}

/** A count as shown: the number, or null when it is hidden. */
export type Shown = number | null

export interface ValueRow {
  code: string
  label: string
  count: Shown
  /** Of the people who answered (not "prefer not to say"), in per cent. */
  share: number | null
  /** The organisation's target share, in per cent; null when none is set. */
  target: number | null
  /** Share minus target, in percentage points. */
  gap: number | null
  standing: Standing
  /** A stored code the catalogue no longer has. */
  retired: boolean
}

export interface DimensionRepresentation {
  key: string
  label: string
  multiple: boolean
  /** Active members who gave an answer other than "prefer not to say": the base of every share. */
  answered: Shown
  rows: ValueRow[]
  preferNotToSay: { count: Shown; share: number | null }
  notAnswered: { count: Shown; share: number | null }
  /** The targets set on this dimension, added up (null: none set). */
  targetTotal: number | null
  /** Rows under or over target beyond the tolerance. */
  gaps: { under: number; over: number }
  /** Some count on this dimension is hidden. */
  suppressed: boolean
}

export interface TagRepresentation {
  code: string
  label: string
  count: Shown
  /** Of all active members, in per cent. */
  share: number | null
}

export interface AttritionRepresentation {
  months: number
  recent: { count: Shown; share: number | null }
  lapsed: { count: Shown; share: number | null }
  never: { count: Shown; share: number | null }
}

export interface Representation {
  activeMembers: Shown
  dimensions: DimensionRepresentation[]
  seldomHeard: TagRepresentation[]
  attrition: AttritionRepresentation
  /** Whether small numbers are hidden on this view, and below what. */
  suppression: { applied: boolean; threshold: number }
  tolerance: number
}

export interface RepresentationCounts {
  activeMembers: number
  /** Active members' answers: one row per dimension and value. */
  answers: readonly { dimension: string; value: string; n: number }[]
  /** Per dimension: active members with at least one answer other than "prefer not to say". */
  answeredKnown: Readonly<Record<string, number>>
  /** Per dimension: active members who answered at all (including "prefer not to say"). */
  answeredAny: Readonly<Record<string, number>>
  tags: readonly { tag: string; n: number }[]
  activity: { recent: number; lapsed: number; never: number }
}

export interface RepresentationOptions {
  catalogue: PanelCatalogue
  /** Target shares in per cent, by dimension key and value code. */
  targets: ReadonlyMap<string, ReadonlyMap<string, number>>
  /** Gaps bigger than this many percentage points are highlighted. */
  tolerance: number
  attritionMonths: number
  suppress: boolean
  threshold: number
}

function realOptions(d: DimensionDefinition): Option[] {
  return d.options.filter(o => o.code !== PREFER_NOT_TO_SAY.code)
}

function dimensionRepresentation(d: DimensionDefinition, counts: RepresentationCounts, opts: RepresentationOptions, totalHidden: boolean): DimensionRepresentation {
  const total = counts.activeMembers
  const byValue = new Map(counts.answers.filter(a => a.dimension === d.key).map(a => [a.value, a.n]))
  const options = realOptions(d)
  const codes = [...options.map(o => o.code), ...[...byValue.keys()].filter(c => c !== PREFER_NOT_TO_SAY.code && !options.some(o => o.code === c))]
  const valueCounts = codes.map(c => byValue.get(c) ?? 0)
  const answered = counts.answeredKnown[d.key] ?? 0
  const answeredAny = counts.answeredAny[d.key] ?? 0
  const preferNot = answeredAny - answered
  const notAnswered = total - answeredAny

  // Which counts are hidden: primary, then secondary in each group with a known sum.
  const small = (n: number) => opts.suppress && (totalHidden || isSmall(n, opts.threshold))
  let [answeredHidden, preferNotHidden, notAnsweredHidden] = [answered, preferNot, notAnswered].map(small) as [boolean, boolean, boolean]
  let valueHidden = valueCounts.map(small)
  if (opts.suppress && !totalHidden) {
    ;[answeredHidden, preferNotHidden, notAnsweredHidden] = suppressGroup(
      [answered, preferNot, notAnswered],
      [answeredHidden, preferNotHidden, notAnsweredHidden],
      opts.threshold,
      [true, false, false],
    ) as [boolean, boolean, boolean]
    if (!d.multiple) valueHidden = suppressGroup(valueCounts, valueHidden, opts.threshold)
  }
  if (answeredHidden) valueHidden = valueHidden.map(() => true)

  const targets = opts.targets.get(d.key)
  const rows: ValueRow[] = codes.map((code, i) => {
    const option = options.find(o => o.code === code)
    const count = valueHidden[i] ? null : valueCounts[i]!
    const share = count === null ? null : sharePercent(count, answered)
    const target = option ? (targets?.get(code) ?? null) : null
    const { gap, standing } = count === null ? { gap: null, standing: 'hidden' as const } : compareWithTarget(share, target, opts.tolerance)
    return { code, label: option?.label ?? code, count, share, target, gap, standing, retired: !option }
  })
  const targetValues = options.map(o => targets?.get(o.code)).filter((t): t is number => t !== undefined)
  return {
    key: d.key,
    label: d.label,
    multiple: d.multiple,
    answered: answeredHidden ? null : answered,
    rows,
    preferNotToSay: { count: preferNotHidden ? null : preferNot, share: preferNotHidden ? null : sharePercent(preferNot, total) },
    notAnswered: { count: notAnsweredHidden ? null : notAnswered, share: notAnsweredHidden ? null : sharePercent(notAnswered, total) },
    targetTotal: targetValues.length > 0 ? roundTo1(targetValues.reduce((a, b) => a + b, 0)) : null,
    gaps: { under: rows.filter(r => r.standing === 'under').length, over: rows.filter(r => r.standing === 'over').length },
    suppressed: answeredHidden || preferNotHidden || notAnsweredHidden || valueHidden.some(Boolean),
  }
}

/** The panel's make-up on every dimension against its targets, its seldom-heard groups and its attrition. */
export function buildRepresentation(counts: RepresentationCounts, opts: RepresentationOptions): Representation {
  const total = counts.activeMembers
  const totalHidden = opts.suppress && isSmall(total, opts.threshold)
  const shown = (n: number, hidden: boolean) => ({ count: hidden ? null : n, share: hidden ? null : sharePercent(n, total) })

  const tagCounts = new Map(counts.tags.map(t => [t.tag, t.n]))
  const seldomHeard = opts.catalogue.seldomHeardTags.map(t => {
    const n = tagCounts.get(t.code) ?? 0
    const hidden = opts.suppress && (totalHidden || isSmall(n, opts.threshold))
    return { code: t.code, label: t.label, ...shown(n, hidden) }
  })

  const { recent, lapsed, never } = counts.activity
  let activityHidden = [recent, lapsed, never].map(n => opts.suppress && (totalHidden || isSmall(n, opts.threshold)))
  if (opts.suppress && !totalHidden) activityHidden = suppressGroup([recent, lapsed, never], activityHidden, opts.threshold)

  return {
    activeMembers: totalHidden ? null : total,
    dimensions: opts.catalogue.dimensions.map(d => dimensionRepresentation(d, counts, opts, totalHidden)),
    seldomHeard,
    attrition: {
      months: opts.attritionMonths,
      recent: shown(recent, activityHidden[0]!),
      lapsed: shown(lapsed, activityHidden[1]!),
      never: shown(never, activityHidden[2]!),
    },
    suppression: { applied: opts.suppress, threshold: opts.threshold },
    tolerance: opts.tolerance,
  }
}
