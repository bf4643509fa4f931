// How many PEOPLE raised each code, out of everyone whose evidence was analysed, with a Wilson score interval.
//
// People, not mentions: someone who raised a point three times counts once. Items with no known person (anonymous
// responses, notes of a group discussion) each count as one person of their own, keyed by the item's id
// (personKeyFor below); a group note therefore counts as one voice, however many people were in the room.

export interface PersonCount {
  code: string
  /** Distinct people who raised the code. */
  people: number
  /** people / totalPeople. */
  share: number
  /** Lower end of the Wilson score interval for the share. */
  low: number
  /** Upper end of the Wilson score interval for the share. */
  high: number
}

export interface CountOptions {
  /** Confidence level of the interval (default 0.95). */
  confidence?: number
  /** Codes to report even when nobody raised them, in this order (default: the codes seen, most people first). */
  codes?: readonly string[]
}

/** The key that identifies one "person" when counting: the person when known, otherwise the item itself. */
export function personKeyFor(item: { itemId: string; personId?: string | null }): string {
  return item.personId ? `person:${item.personId}` : `item:${item.itemId}`
}

/** The standard normal quantile (Acklam's rational approximation; relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('The probability must be between 0 and 1.')
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number]
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number]
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number]
  const [d0, d1, d2, d3] = d as [number, number, number, number]
  const low = 0.02425
  let x: number
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  } else if (p <= 1 - low) {
    const q = p - 0.5
    const r = q * q
    x = ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1)
  }
  return x
}

/** The Wilson score interval for `successes` out of `n` at the given confidence (default 95 %). */
export function wilsonInterval(successes: number, n: number, confidence = 0.95): { low: number; high: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('The total must be a whole number of at least 1.')
  if (!Number.isInteger(successes) || successes < 0 || successes > n) throw new RangeError('The count must be between 0 and the total.')
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('The confidence must be between 0 and 1.')
  const z = normalQuantile(1 - (1 - confidence) / 2)
  const p = successes / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  }
}

/**
 * People per code with a Wilson interval for the share. `mentions` has one entry per (code, person) occurrence;
 * duplicates are fine and counted once. `totalPeople` is everyone whose evidence was analysed (the denominator).
 */
export function countPeople(
  mentions: readonly { code: string; personKey: string }[],
  totalPeople: number,
  options: CountOptions = {},
): PersonCount[] {
  if (!Number.isInteger(totalPeople) || totalPeople < 1) throw new RangeError('The number of people must be a whole number of at least 1.')
  const byCode = new Map<string, Set<string>>()
  for (const code of options.codes ?? []) byCode.set(code, new Set())
  for (const m of mentions) {
    if (options.codes && !byCode.has(m.code)) continue
    const people = byCode.get(m.code) ?? new Set<string>()
    people.add(m.personKey)
    byCode.set(m.code, people)
  }
  const out = [...byCode].map(([code, set]) => {
    if (set.size > totalPeople) throw new RangeError(`More people raised "${code}" than took part.`)
    return { code, people: set.size, share: set.size / totalPeople, ...wilsonInterval(set.size, totalPeople, options.confidence) }
  })
  if (!options.codes) out.sort((x, y) => y.people - x.people || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0))
  return out
}
