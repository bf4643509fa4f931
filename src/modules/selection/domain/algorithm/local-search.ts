// Fast swap heuristics over type counts, used before the exact MIP: most pricing rounds and most of the search for
// initial panels need only "some better panel", which a swap (one person out, one person in, all quotas and
// households still met) usually finds in well under a millisecond. The MIP is then needed only to PROVE that no
// better panel exists, or when swaps get stuck.
import type { TypeCounts, TypeModel } from './compile.ts'

export interface SwapSpace {
  model: TypeModel
  T: number
  F: number
  /** typeQuota[t * F + f] = quota index of type t's value of feature f. */
  typeQuota: Int32Array
  size: Int32Array
  household: Int32Array
  min: Int32Array
  max: Int32Array
}

export function swapSpace(model: TypeModel): SwapSpace {
  const T = model.types.length
  const F = model.featureNames.length
  const typeQuota = new Int32Array(T * F)
  model.types.forEach((type, t) => type.values.forEach((v, f) => {
    typeQuota[t * F + f] = model.quotaIndex[f]![v]!
  }))
  return {
    model,
    T,
    F,
    typeQuota,
    size: Int32Array.from(model.types.map(t => t.members.length)),
    household: Int32Array.from(model.types.map(t => t.household)),
    min: Int32Array.from(model.quotas.map(q => q.min)),
    max: Int32Array.from(model.quotas.map(q => q.max)),
  }
}

export interface State {
  counts: Int32Array
  quota: Int32Array
  households: Int32Array
}

export function stateOf(space: SwapSpace, counts: TypeCounts): State {
  const c = Int32Array.from(counts)
  const quota = new Int32Array(space.min.length)
  const households = new Int32Array(space.model.households.length)
  for (let t = 0; t < space.T; t++) {
    if (c[t] === 0) continue
    for (let f = 0; f < space.F; f++) quota[space.typeQuota[t * space.F + f]!]! += c[t]!
    if (space.household[t]! >= 0) households[space.household[t]!]! += c[t]!
  }
  return { counts: c, quota, households }
}

/** Can one person of type a be replaced by one of type b? */
export function canSwap(space: SwapSpace, s: State, a: number, b: number): boolean {
  if (a === b || s.counts[b]! >= space.size[b]!) return false
  if (!quotasAllowSwap(space, s, a, b)) return false
  const hb = space.household[b]!
  if (hb >= 0 && s.households[hb]! - (space.household[a] === hb ? 1 : 0) >= 1) return false
  return true
}

/** The quota part of canSwap: every feature value a has and b lacks can lose one, and vice versa. */
export function quotasAllowSwap(space: SwapSpace, s: State, a: number, b: number): boolean {
  const { F, typeQuota, min, max } = space
  for (let f = 0; f < F; f++) {
    const qa = typeQuota[a * F + f]!
    const qb = typeQuota[b * F + f]!
    if (qa !== qb && (s.quota[qa]! - 1 < min[qa]! || s.quota[qb]! + 1 > max[qb]!)) return false
  }
  return true
}

export function applySwap(space: SwapSpace, s: State, a: number, b: number): void {
  const { F, typeQuota } = space
  s.counts[a]!--
  s.counts[b]!++
  for (let f = 0; f < F; f++) {
    s.quota[typeQuota[a * F + f]!]!--
    s.quota[typeQuota[b * F + f]!]!++
  }
  if (space.household[a]! >= 0) s.households[space.household[a]!]!--
  if (space.household[b]! >= 0) s.households[space.household[b]!]!++
}

/**
 * Best-improvement swaps for the linear objective sum_t costs[t] x_t, from a feasible start. `order` lists the types
 * by decreasing cost (pass it when calling repeatedly with the same costs). Returns the local optimum and its value.
 */
export function improveBySwaps(space: SwapSpace, start: TypeCounts, costs: readonly number[], order?: readonly number[]): { counts: TypeCounts; value: number } {
  const byCost = order ?? sortByCost(costs)
  const s = stateOf(space, start)
  const eps = 1e-15
  for (let step = 0; step < 10 * space.model.k + 100; step++) {
    let bestGain = eps
    let bestA = -1
    let bestB = -1
    for (let a = 0; a < space.T; a++) {
      if (s.counts[a] === 0) continue
      const ca = costs[a]!
      for (const b of byCost) {
        const gain = costs[b]! - ca
        if (gain <= bestGain) break
        if (canSwap(space, s, a, b)) {
          bestGain = gain
          bestA = a
          bestB = b
          break
        }
      }
    }
    if (bestA < 0) break
    applySwap(space, s, bestA, bestB)
  }
  let value = 0
  for (let t = 0; t < space.T; t++) value += costs[t]! * s.counts[t]!
  return { counts: Array.from(s.counts), value }
}

export function sortByCost(costs: readonly number[]): number[] {
  return costs.map((_, t) => t).sort((a, b) => costs[b]! - costs[a]! || a - b)
}

/**
 * Swaps a feasible panel towards including as many `wanted` types as possible (one person each is enough).
 * Returns the new panel and which wanted types it includes.
 */
export function coverBySwaps(space: SwapSpace, start: TypeCounts, wanted: ReadonlySet<number>): { counts: TypeCounts; covered: number[] } {
  const s = stateOf(space, start)
  const wantedList = [...wanted]
  for (let step = 0; step < 4 * space.model.k + 20; step++) {
    let done = false
    for (const b of wantedList) {
      if (s.counts[b]! > 0) continue
      // Replace someone whose removal loses no wanted type: a person of an unwanted type, or one of two of a kind.
      for (let a = 0; a < space.T; a++) {
        const ca = s.counts[a]!
        if (ca === 0 || (wanted.has(a) && ca === 1)) continue
        if (canSwap(space, s, a, b)) {
          applySwap(space, s, a, b)
          done = true
          break
        }
      }
    }
    if (!done) break
  }
  return { counts: Array.from(s.counts), covered: wantedList.filter(t => s.counts[t]! > 0) }
}

/** The equalities of a face of the panel polytope: some types frozen at a count, some quotas and households exact. */
export interface Face {
  frozen: ReadonlyMap<number, number>
  quotas: ReadonlyMap<number, number>
  households: ReadonlyMap<number, number>
}

/**
 * Swaps a feasible panel until it meets every equality of the face (all quotas and households stay met): the best
 * single swap that reduces the violation, else the first pair of swaps that does (an ejection chain of length two:
 * the first swap fixes a violated equality and may break others, the second puts those right). Returns the panel,
 * or null if this gets stuck.
 */
export function repairToFace(space: SwapSpace, start: TypeCounts, face: Face): TypeCounts | null {
  const s = stateOf(space, start)
  const { F, T, typeQuota } = space
  const violation = () => {
    let v = 0
    for (const [t, f] of face.frozen) v += Math.abs(s.counts[t]! - f)
    for (const [q, f] of face.quotas) v += Math.abs(s.quota[q]! - f)
    for (const [h, f] of face.households) v += Math.abs(s.households[h]! - f)
    return v
  }
  const term = (now: number, change: number, target: number | undefined) =>
    target === undefined ? 0 : Math.abs(now + change - target) - Math.abs(now - target)
  // Change in violation if one person of type a leaves and one of type b joins.
  const delta = (a: number, b: number) => {
    let d = term(s.counts[a]!, -1, face.frozen.get(a)) + term(s.counts[b]!, 1, face.frozen.get(b))
    for (let f = 0; f < F; f++) {
      const qa = typeQuota[a * F + f]!
      const qb = typeQuota[b * F + f]!
      if (qa === qb) continue
      d += term(s.quota[qa]!, -1, face.quotas.get(qa)) + term(s.quota[qb]!, 1, face.quotas.get(qb))
    }
    const ha = space.household[a]!
    const hb = space.household[b]!
    if (ha !== hb) {
      if (ha >= 0) d += term(s.households[ha]!, -1, face.households.get(ha))
      if (hb >= 0) d += term(s.households[hb]!, 1, face.households.get(hb))
    }
    return d
  }
  const bestSingle = (limit: number): [number, number, number] | null => {
    let best = limit
    let found: [number, number, number] | null = null
    for (let a = 0; a < T; a++) {
      if (s.counts[a] === 0) continue
      for (let b = 0; b < T; b++) {
        if (!canSwap(space, s, a, b)) continue
        const d = delta(a, b)
        if (d < best) {
          best = d
          found = [a, b, d]
        }
      }
    }
    return found
  }
  let current = violation()
  for (let step = 0; current > 0 && step < 4 * space.model.k + 20; step++) {
    const single = bestSingle(0)
    if (single) {
      applySwap(space, s, single[0], single[1])
      current += single[2]
      continue
    }
    // Two swaps: the first must reduce the violation of a violated equality on its own terms.
    let done = false
    for (let a = 0; a < T && !done; a++) {
      if (s.counts[a] === 0) continue
      for (let b = 0; b < T && !done; b++) {
        if (!canSwap(space, s, a, b)) continue
        const fa = face.frozen.get(a)
        const fb = face.frozen.get(b)
        const helps = (fa !== undefined && s.counts[a]! > fa) || (fb !== undefined && s.counts[b]! < fb) || quotaHelps(space, s, face, a, b)
        if (!helps) continue
        const d1 = delta(a, b)
        applySwap(space, s, a, b)
        const second = bestSingle(-d1)
        if (second) {
          applySwap(space, s, second[0], second[1])
          current += d1 + second[2]
          done = true
        } else {
          applySwap(space, s, b, a)
        }
      }
    }
    if (!done) return null
  }
  return current === 0 ? Array.from(s.counts) : null
}

/** Does swapping a for b move some exact quota towards its value? */
function quotaHelps(space: SwapSpace, s: State, face: Face, a: number, b: number): boolean {
  const { F, typeQuota } = space
  for (let f = 0; f < F; f++) {
    const qa = typeQuota[a * F + f]!
    const qb = typeQuota[b * F + f]!
    if (qa === qb) continue
    const ga = face.quotas.get(qa)
    if (ga !== undefined && s.quota[qa]! > ga) return true
    const gb = face.quotas.get(qb)
    if (gb !== undefined && s.quota[qb]! < gb) return true
  }
  return false
}
