// Statistics for the measurement framework (issue 8, item 2): confidence intervals for proportions, whether a
// change between two periods is more than chance would explain, plain-English words for a change in a figure from
// management information, and small-number suppression for published counts. Pure functions; no database.
import { wilsonInterval } from '../../../analysis/index.ts'

export interface Interval {
  low: number
  high: number
}

/** The Wilson score interval for `successes` out of `n` (default 95 % confidence). Reuses the analysis module's. */
export function wilson(successes: number, n: number, confidence = 0.95): Interval {
  return wilsonInterval(successes, n, confidence)
}

export interface Proportion {
  successes: number
  n: number
}

export interface ProportionComparison {
  /** a's share minus b's share (a is the later period, b the earlier). */
  difference: number
  /** Newcombe's hybrid score interval (method 10) for the difference. */
  low: number
  high: number
  /** True when the interval leaves out 0: the change is more than chance would explain. */
  significant: boolean
  /** A plain-English sentence, e.g. "Up 6 points since 2026/27; this is more than chance would explain." */
  words: string
}

export interface CompareOptions {
  confidence?: number
  /** The earlier period's name, used in the words ("since 2026/27"). */
  since?: string
  /** Whether a higher share is better (default true); only changes the words ("better" / "worse"). */
  higherIsBetter?: boolean
}

/** Percentage points, rounded to whole points, at least 1 when the difference is not 0 and rounds to 0. */
function points(difference: number): number {
  const p = Math.round(Math.abs(difference) * 100)
  return p === 0 && difference !== 0 ? 1 : p
}

/**
 * The difference between two independent proportions with Newcombe's hybrid score interval (Newcombe 1998,
 * Statistics in Medicine 17:873-890, method 10): from each share's Wilson interval (l, u),
 *   low  = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
 *   high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)
 */
export function compareProportions(a: Proportion, b: Proportion, options: CompareOptions = {}): ProportionComparison {
  const confidence = options.confidence ?? 0.95
  const p1 = a.successes / a.n
  const p2 = b.successes / b.n
  const w1 = wilson(a.successes, a.n, confidence)
  const w2 = wilson(b.successes, b.n, confidence)
  const difference = p1 - p2
  const low = Math.max(-1, difference - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2))
  const high = Math.min(1, difference + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2))
  const significant = low > 0 || high < 0
  return { difference, low, high, significant, words: changeWords(difference, significant, options) }
}

function changeWords(difference: number, significant: boolean, options: CompareOptions): string {
  const since = options.since ? ` since ${options.since}` : ''
  const p = points(difference)
  if (!significant) {
    if (difference === 0) return `No change${since}.`
    return `${difference > 0 ? 'Up' : 'Down'} ${p} ${p === 1 ? 'point' : 'points'}${since}; this is no real change, as chance alone could explain it.`
  }
  const better = (difference > 0) === (options.higherIsBetter ?? true)
  return `${difference > 0 ? 'Up' : 'Down'} ${p} ${p === 1 ? 'point' : 'points'}${since}; this is more than chance would explain (${better ? 'better' : 'worse'}).`
}

export interface FigureComparison {
  /** current - previous; null when there is no previous figure. */
  difference: number | null
  /** 'better', 'worse' or 'same' given the direction; null when there is no previous figure. */
  direction: 'better' | 'worse' | 'same' | null
  /** Whether the target is met; null when there is no target. */
  targetMet: boolean | null
  words: string
}

export interface FigureOptions {
  higherIsBetter: boolean
  /** The unit in words after the number, e.g. "days" (default none). */
  unit?: string
  since?: string
  target?: number | null
  /** Decimal places shown (default: up to 1). */
  decimals?: number
}

export function formatFigure(value: number, decimals = 1): string {
  const factor = 10 ** decimals
  const rounded = Math.round(value * factor) / factor
  return rounded.toLocaleString('en-GB', { maximumFractionDigits: decimals })
}

/**
 * A figure from management information (e.g. average days to decide): no sampling, so no interval; the words say
 * up or down by how much, whether that is better or worse, and whether the target is met.
 */
export function compareFigures(current: number, previous: number | null, options: FigureOptions): FigureComparison {
  const unit = options.unit ? ` ${options.unit}` : ''
  const since = options.since ? ` since ${options.since}` : ''
  const target = options.target ?? null
  const targetMet = target === null ? null : options.higherIsBetter ? current >= target : current <= target
  const targetWords =
    target === null ? '' : ` The target of ${formatFigure(target, options.decimals)}${unit} is ${targetMet ? 'met' : 'not met'}.`
  if (previous === null) {
    return { difference: null, direction: null, targetMet, words: `No earlier figure to compare with.${targetWords}` }
  }
  const difference = current - previous
  const shown = formatFigure(Math.abs(difference), options.decimals)
  if (shown === '0') return { difference, direction: 'same', targetMet, words: `No change${since}.${targetWords}` }
  const better = (difference > 0) === options.higherIsBetter
  return {
    difference,
    direction: better ? 'better' : 'worse',
    targetMet,
    words: `${difference > 0 ? 'Up' : 'Down'} by ${shown}${unit}${since} (${better ? 'better' : 'worse'}).${targetWords}`,
  }
}

/** Whether a proportion's share meets a target share (0-1), given the direction. */
export function meetsTarget(value: number, target: number | null | undefined, higherIsBetter = true): boolean | null {
  if (target === null || target === undefined) return null
  return higherIsBetter ? value >= target : value <= target
}

export interface SuppressedCount {
  label: string
  /** Null when hidden. */
  value: number | null
  suppressed: boolean
  /** Why the figure is hidden, in words; null when shown. */
  reason: string | null
}

export interface SuppressedRow {
  counts: SuppressedCount[]
  total: SuppressedCount
  suppressedCount: number
}

/**
 * Small-number suppression for a row of counts that add up to a total (e.g. complaints by outcome). Primary: a
 * count from 1 to threshold - 1 is hidden (0 is shown: it reveals no one, unless `hideZero`). Secondary: if exactly
 * one count is hidden while the total is shown, the smallest other shown count is hidden too, so the hidden one
 * cannot be worked out by subtraction; if none is left, the total is hidden. A total below the threshold hides all.
 */
export function suppressRow(
  counts: readonly { label: string; value: number }[],
  options: { threshold: number; totalLabel?: string; hideZero?: boolean },
): SuppressedRow {
  const T = options.threshold
  if (!Number.isInteger(T) || T < 1) throw new RangeError('The threshold must be a whole number of at least 1.')
  for (const c of counts) if (!Number.isInteger(c.value) || c.value < 0) throw new RangeError(`The count for "${c.label}" must be a whole number, 0 or more.`)
  const total = counts.reduce((s, c) => s + c.value, 0)
  const why: (string | undefined)[] = counts.map(() => undefined)
  let totalWhy: string | undefined
  const small = (v: number) => v < T && (v > 0 || options.hideZero === true)
  if (total < T && (total > 0 || options.hideZero === true)) {
    totalWhy = `Hidden because the total is fewer than ${T}.`
    counts.forEach((_, i) => (why[i] = totalWhy))
  } else {
    counts.forEach((c, i) => {
      if (small(c.value)) why[i] = `Hidden because it is fewer than ${T}.`
    })
    if (why.filter(w => w !== undefined).length === 1) {
      const next = counts
        .map((c, i) => ({ v: c.value, i }))
        .filter(x => why[x.i] === undefined && (x.v > 0 || options.hideZero === true))
        .sort((x, y) => x.v - y.v || x.i - y.i)[0]
      if (next) why[next.i] = 'Hidden as well, so that the other hidden figure cannot be worked out from the total.'
      else totalWhy = 'Hidden so that the hidden figure cannot be worked out from it.'
    }
  }
  const fig = (label: string, value: number, w: string | undefined): SuppressedCount =>
    w === undefined ? { label, value, suppressed: false, reason: null } : { label, value: null, suppressed: true, reason: w }
  const out = counts.map((c, i) => fig(c.label, c.value, why[i]))
  return {
    counts: out,
    total: fig(options.totalLabel ?? 'Total', total, totalWhy),
    suppressedCount: why.filter(w => w !== undefined).length + (totalWhy === undefined ? 0 : 1),
  }
}

/** Whether a single published share must be hidden: its denominator (respondents) is below the threshold. */
export function suppressShare(n: number, threshold: number): boolean {
  return n < threshold
}
