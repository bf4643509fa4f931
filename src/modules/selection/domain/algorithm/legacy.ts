// LEGACY: the greedy stratified selection the Sortition Foundation used before LEXIMIN, which Flanigan et al. (2021)
// compare against. Our own implementation from its published description (the paper's Methods, "LEGACY", and the
// behaviour of `find_random_sample_legacy` in the Sortition Foundation's sortition-algorithms library, GPL-3.0,
// read as a specification only; no code copied). One attempt:
//
//   Remove everyone with a value whose maximum is 0. Then, k times:
//     for every feature value, in the order of the quotas file: if fewer people remain with it than it still needs
//     (min - selected), the attempt fails; skip values nobody remains with (or with max 0); its ratio is
//     (min - selected) / remaining. Take the value with the highest ratio (the first on ties).
//     Select a person uniformly at random among those remaining with that value; remove them, and (with households)
//     everyone at their address. For each of their values that has now reached its maximum, remove everyone else with
//     that value. If nobody is left before the panel is full, the attempt fails.
//   At the end, check every quota; if one is not met, the attempt fails.
// A failed attempt is retried from scratch (up to MAX_ATTEMPTS times).
//
// LEGACY is randomised and has no closed form, so its selection probabilities are ESTIMATED from many seeded runs
// (people of one type are interchangeable for LEGACY too, so it runs at the level of types and the estimate for a
// type is exact in expectation for each of its members).
import type { TypeCounts, TypeModel } from './compile.ts'
import { seededRandom, type Random } from './random.ts'
import { jeffreysUpper } from './statistics.ts'

/**
 * Attempts per panel before giving up. LEGACY fails often when quotas are tight (about 90% of attempts on the
 * Sortition Foundation's fixture), so this is generous.
 */
export const MAX_ATTEMPTS = 10_000

export class LegacyFailedError extends Error {
  override name = 'LegacyFailedError'
}

interface LegacyContext {
  model: TypeModel
  /** tq[t][f] = quota index of type t's value of feature f. */
  tq: number[][]
  sizes: number[]
}

const contexts = new WeakMap<TypeModel, LegacyContext>()

function contextOf(model: TypeModel): LegacyContext {
  let c = contexts.get(model)
  if (!c) {
    c = { model, tq: model.types.map(type => type.values.map((v, f) => model.quotaIndex[f]![v]!)), sizes: model.types.map(t => t.members.length) }
    contexts.set(model, c)
  }
  return c
}

/** One LEGACY attempt at the level of types: type counts, or null if the attempt failed. */
export function legacyAttempt(model: TypeModel, random: Random): TypeCounts | null {
  const T = model.types.length
  const Q = model.quotas.length
  const F = model.featureNames.length
  const { tq, sizes } = contextOf(model)
  const remaining = sizes.slice()
  const remQ = new Array<number>(Q).fill(0)
  const selQ = new Array<number>(Q).fill(0)
  const counts = new Array<number>(T).fill(0)
  let left = 0
  for (let t = 0; t < T; t++) {
    for (let f = 0; f < F; f++) remQ[tq[t]![f]!] = remQ[tq[t]![f]!]! + remaining[t]!
    left += remaining[t]!
  }
  const removeType = (t: number) => {
    const r = remaining[t]!
    if (r === 0) return
    for (let f = 0; f < F; f++) remQ[tq[t]![f]!] = remQ[tq[t]![f]!]! - r
    left -= r
    remaining[t] = 0
  }
  const removeValue = (q: number) => {
    for (const t of model.quotaTypes[q]!) removeType(t)
  }
  for (let q = 0; q < Q; q++) if (model.quotas[q]!.max === 0) removeValue(q)

  for (let i = 0; i < model.k; i++) {
    let best = -Infinity
    let bq = -1
    for (let q = 0; q < Q; q++) {
      const { min, max } = model.quotas[q]!
      const needed = min - selQ[q]!
      if (needed > 0 && remQ[q]! < needed) return null
      if (remQ[q] === 0 || max === 0) continue
      const ratio = needed / remQ[q]!
      if (ratio > best) {
        best = ratio
        bq = q
      }
    }
    if (bq < 0) return null
    // A uniformly random remaining person with value bq: the u-th, counting through the types in order.
    let u = random.below(remQ[bq]!)
    let chosen = -1
    for (const t of model.quotaTypes[bq]!) {
      if (u < remaining[t]!) {
        chosen = t
        break
      }
      u -= remaining[t]!
    }
    if (chosen < 0) throw new Error('LEGACY: remaining counts are inconsistent')
    counts[chosen]!++
    remaining[chosen]!--
    left--
    for (let f = 0; f < F; f++) {
      const q = tq[chosen]![f]!
      remQ[q]!--
      selQ[q]!++
    }
    const h = model.types[chosen]!.household
    if (h >= 0) for (const other of model.households[h]!) if (other !== chosen) removeType(other)
    for (let f = 0; f < F; f++) {
      const q = tq[chosen]![f]!
      if (selQ[q] === model.quotas[q]!.max) removeValue(q)
    }
    if (i < model.k - 1 && left === 0) return null
  }
  for (let q = 0; q < Q; q++) {
    if (selQ[q]! < model.quotas[q]!.min || selQ[q]! > model.quotas[q]!.max) return null
  }
  return counts
}

/** LEGACY with retries. Throws LegacyFailedError if every attempt fails. */
export function legacyPanel(model: TypeModel, random: Random, maxAttempts = MAX_ATTEMPTS): { counts: TypeCounts; attempts: number } {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const counts = legacyAttempt(model, random)
    if (counts) return { counts, attempts: attempt }
  }
  throw new LegacyFailedError(`LEGACY failed to find a panel in ${maxAttempts} attempts: its greedy choices keep running out of people for some quota.`)
}

export interface LegacyEstimate {
  runs: number
  /** Failed attempts along the way (each retried). */
  failedAttempts: number
  /** Estimated selection probability of each member of each type. */
  typeProbability: number[]
  /** Times each type was selected (summed over runs and members). */
  typeSelections: number[]
  /** The smallest estimated probability, and a 99% upper confidence bound for it (Jeffreys). */
  minimum: number
  minimumUpperBound: number
}

/** Estimates LEGACY's selection probabilities from `runs` seeded runs. */
export function estimateLegacy(model: TypeModel, runs: number, seed: string, maxAttempts = MAX_ATTEMPTS): LegacyEstimate {
  const random = seededRandom(seed, 'legacy-estimate')
  const T = model.types.length
  const selections = new Array<number>(T).fill(0)
  let failedAttempts = 0
  for (let r = 0; r < runs; r++) {
    const { counts, attempts } = legacyPanel(model, random, maxAttempts)
    failedAttempts += attempts - 1
    for (let t = 0; t < T; t++) selections[t] = selections[t]! + counts[t]!
  }
  const typeProbability = selections.map((s, t) => s / (runs * model.types[t]!.members.length))
  let minT = 0
  for (let t = 1; t < T; t++) if (typeProbability[t]! < typeProbability[minT]!) minT = t
  const n = model.types[minT]!.members.length
  return {
    runs,
    failedAttempts,
    typeProbability,
    typeSelections: selections,
    minimum: typeProbability[minT] ?? 0,
    // Pooled over the type's members: exact in expectation; the interval treats the pooled count as binomial.
    minimumUpperBound: T ? jeffreysUpper(selections[minT]!, runs * n) : 0,
  }
}
