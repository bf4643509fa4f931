// Rounding a distribution over panels to a LOTTERY: M panels of equal weight 1/M, so that the draw is "pick one of M
// numbered panels" and every person's chance in the lottery (the number of panels they are on, divided by M) stays
// within 1/M of their probability in the distribution.
//
// 1. Copies. Each panel j of the distribution (weight lambda_j) gets floor(M lambda_j) copies; the remaining copies
//    go to the panels with the largest remainders M lambda_j - floor(M lambda_j) (ties: earlier panel first).
// 2. Repair by swaps. Type t has S_t seats over the whole lottery; its members can then get floor(S_t / |t|) or
//    ceil(S_t / |t|) panels each (step 3), so we want S_t within [|t| floor(M p_t), |t| ceil(M p_t)]. Where a type
//    has too many seats and another too few, we look for a lottery panel with a person of the first type who can be
//    swapped for a person of the second with every quota and household still met, and swap them; failing that we
//    move a surplus seat to a type with room to spare, or take a missing seat from one. Every swap reduces the total
//    violation, so this ends; it is deterministic (fixed scanning order, no randomness).
// 3. People within a type. The seats of type t are handed to its members in turn (first member, second, ..., back to
//    the first), going through the M panels in order. A panel never has more seats of type t than the type has
//    members, so it never gets the same person twice; and every member gets floor(S_t / |t|) or ceil(S_t / |t|)
//    seats. People who share a household are types of their own, so households are respected too.
//
// The bound: when the repair succeeds (slack 0, the usual case), every person is on floor(M p) or ceil(M p) panels,
// so their lottery chance differs from p by less than 1/M. If some type cannot be brought into its interval, the
// slack s is the number of panels by which the worst type still misses it, and chances are within (1 + s) / M. The
// achieved largest difference is computed exactly and recorded, and `verifyDraw` re-checks it.
import type { PanelDistribution } from './column-generation.ts'
import { panelProblems, type TypeCounts, type TypeModel } from './compile.ts'
import { applySwap, canSwap, quotasAllowSwap, stateOf, swapSpace, type State } from './local-search.ts'
import type { PanelOracle } from './panel-oracle.ts'

export interface Lottery {
  /** M panels, each as ascending person indices. */
  panels: number[][]
  /** The slack s of the bound: every lottery chance is within (1 + s) / M of the distribution's probability. */
  slack: number
  /** The largest |lottery chance - probability| over people. */
  maxDeviation: number
  /** Swaps made by the repair. */
  swaps: number
}

/** Types expanded by one chain search. */
const MAX_EXPAND = 8

/** Rounds a distribution to a lottery of `M` equally likely panels. */
export function roundToLottery(model: TypeModel, dist: PanelDistribution, M: number, oracle?: PanelOracle): Lottery {
  if (!Number.isInteger(M) || M < 1) throw new RangeError(`the number of panels must be a whole number of at least 1 (it is ${M})`)
  const T = model.types.length
  const size = model.types.map(t => t.members.length)
  const space = swapSpace(model)

  // 1. Copies by largest remainder.
  const base = dist.weights.map(w => Math.floor(M * w + 1e-9))
  const remainder = dist.weights.map((w, j) => M * w - base[j]!)
  const extra = M - base.reduce((a, b) => a + b, 0)
  const byRemainder = dist.weights.map((_, j) => j).sort((a, b) => remainder[b]! - remainder[a]! || a - b)
  const copies = base.slice()
  for (let i = 0; i < extra; i++) copies[byRemainder[i % byRemainder.length]!]!++
  const states: State[] = []
  dist.panels.forEach((p, j) => {
    for (let c = 0; c < copies[j]!; c++) states.push(stateOf(space, p))
  })
  if (states.length !== M) throw new Error(`rounding made ${states.length} panels, not ${M}`)

  // 2. Repair.
  const seats = new Array<number>(T).fill(0)
  for (const s of states) for (let t = 0; t < T; t++) seats[t] = seats[t]! + s.counts[t]!
  const lower = dist.typeProbability.map((p, t) => size[t]! * Math.floor(M * p + 1e-9))
  const upper = dist.typeProbability.map((p, t) => size[t]! * Math.ceil(M * p - 1e-9))
  let swaps = 0
  /** Applies a chain of swaps (from the end, so every intermediate type still has its seat when it gives it). */
  const applyChain = (steps: { a: number; b: number; panel: number }[]): boolean => {
    const applied: typeof steps = []
    for (const step of [...steps].reverse()) {
      const st = states[step.panel]!
      if (st.counts[step.a]! === 0 || !canSwap(space, st, step.a, step.b)) {
        for (const u of applied.reverse()) applySwap(space, states[u.panel]!, u.b, u.a)
        return false
      }
      applySwap(space, st, step.a, step.b)
      applied.push(step)
    }
    seats[steps[0]!.a]!--
    seats[steps[steps.length - 1]!.b]!++
    swaps += steps.length
    return true
  }
  /**
   * A chain of swaps from a type in `from` to a type with `isTarget`, by breadth-first search forwards: a -> c in
   * some panel, c -> d in another, ...; intermediate types give one seat and get one back. At most MAX_EXPAND types
   * are expanded, which bounds the work; the MIP below deals with what this misses.
   */
  const forwardChain = (from: readonly number[], isTarget: (t: number) => boolean): boolean => {
    const previous = new Map<number, { type: number; panel: number }>()
    const visited = new Set<number>(from)
    const queue = [...from]
    for (let head = 0; head < queue.length && head < MAX_EXPAND; head++) {
      const a = queue[head]!
      // Panels holding a, grouped by their quota counts (which decide most swaps): one quota check per group.
      const groups = new Map<string, number[]>()
      states.forEach((st, i) => {
        if (st.counts[a]! === 0) return
        const key = st.quota.join(',')
        const g = groups.get(key)
        if (g) g.push(i)
        else groups.set(key, [i])
      })
      for (let c = 0; c < T; c++) {
        if (visited.has(c)) continue
        let via: number | undefined
        for (const g of groups.values()) {
          if (!quotasAllowSwap(space, states[g[0]!]!, a, c)) continue
          via = g.find(i => canSwap(space, states[i]!, a, c))
          if (via !== undefined) break
        }
        if (via === undefined) continue
        visited.add(c)
        previous.set(c, { type: a, panel: via })
        if (isTarget(c)) {
          const steps: { a: number; b: number; panel: number }[] = []
          for (let t = c; previous.has(t); t = previous.get(t)!.type) steps.unshift({ a: previous.get(t)!.type, b: t, panel: previous.get(t)!.panel })
          return applyChain(steps)
        }
        queue.push(c)
      }
    }
    return false
  }
  /** The same, searching backwards from the types in `to` for a type with `isSource`. */
  const backwardChain = (to: readonly number[], isSource: (t: number) => boolean): boolean => {
    const next = new Map<number, { type: number; panel: number }>()
    const visited = new Set<number>(to)
    const queue = [...to]
    for (let head = 0; head < queue.length && head < MAX_EXPAND; head++) {
      const b = queue[head]!
      for (let i = 0; i < states.length; i++) {
        const st = states[i]!
        if (st.counts[b]! >= size[b]!) continue
        for (let a = 0; a < T; a++) {
          if (st.counts[a] === 0 || visited.has(a) || !canSwap(space, st, a, b)) continue
          visited.add(a)
          next.set(a, { type: b, panel: i })
          if (isSource(a)) {
            const steps: { a: number; b: number; panel: number }[] = []
            for (let t = a; next.has(t); t = next.get(t)!.type) steps.push({ a: t, b: next.get(t)!.type, panel: next.get(t)!.panel })
            return applyChain(steps)
          }
          queue.push(a)
        }
      }
    }
    return false
  }
  /**
   * Last resort, for a type no chain of single swaps can reach (its panels are locked by tight quotas): replace a
   * whole lottery panel by the most similar feasible panel (a MIP) that moves the type towards its interval and
   * keeps every other type's seats within theirs.
   */
  const replacePanel = (excess: readonly number[], deficit: ReadonlySet<number>): boolean => {
    const target = excess[0] ?? [...deficit][0]!
    const tooMany = excess.length > 0
    let tries = 0
    for (let i = 0; i < states.length && tries < 50; i++) {
      const st = states[i]!
      if (tooMany ? st.counts[target] === 0 : st.counts[target]! >= size[target]!) continue
      tries++
      const lo = new Array<number>(T)
      const hi = new Array<number>(T)
      for (let t = 0; t < T; t++) {
        const others = seats[t]! - st.counts[t]!
        lo[t] = Math.max(0, Math.min(st.counts[t]!, lower[t]! - others))
        hi[t] = Math.max(st.counts[t]!, upper[t]! - others)
      }
      if (tooMany) hi[target] = st.counts[target]! - 1
      else lo[target] = st.counts[target]! + 1
      const found = oracle!.bestWithin(Array.from(st.counts, c => c), lo, hi)
      if (!found) continue
      for (let t = 0; t < T; t++) seats[t] = seats[t]! - st.counts[t]! + found.counts[t]!
      states[i] = stateOf(space, found.counts)
      swaps++
      return true
    }
    return false
  }
  for (let round = 0; round < 4 * (M + T); round++) {
    const excess: number[] = []
    const deficit = new Set<number>()
    for (let t = 0; t < T; t++) {
      if (seats[t]! > upper[t]!) excess.push(t)
      else if (seats[t]! < lower[t]!) deficit.add(t)
    }
    if (excess.length === 0 && deficit.size === 0) break
    if (excess.length && deficit.size && forwardChain(excess, t => deficit.has(t))) continue
    if (excess.length && forwardChain(excess, t => seats[t]! + 1 <= upper[t]!)) continue
    if (deficit.size && backwardChain([...deficit], t => seats[t]! - 1 >= lower[t]!)) continue
    if (oracle && replacePanel(excess, deficit)) continue
    break
  }
  let slack = 0
  for (let t = 0; t < T; t++) {
    if (seats[t]! < lower[t]!) slack = Math.max(slack, Math.ceil((lower[t]! - seats[t]!) / size[t]!))
    if (seats[t]! > upper[t]!) slack = Math.max(slack, Math.ceil((seats[t]! - upper[t]!) / size[t]!))
  }

  // 3. People within types, in turn.
  const next = new Array<number>(T).fill(0)
  const panels: number[][] = states.map(s => {
    const counts: TypeCounts = Array.from(s.counts)
    const people: number[] = []
    for (let t = 0; t < T; t++) {
      const members = model.types[t]!.members
      for (let c = 0; c < counts[t]!; c++) {
        people.push(members[next[t]!]!)
        next[t] = (next[t]! + 1) % members.length
      }
    }
    return people.sort((a, b) => a - b)
  })
  for (const panel of panels) {
    const problems = panelProblems(model, panel)
    if (problems.length) throw new Error(`rounding produced an invalid panel: ${problems.join('; ')}`)
  }
  return { panels, slack, maxDeviation: lotteryDeviation(model, panels, dist.typeProbability.map((_, t) => dist.typeProbability[t]!), M), swaps }
}

/** The largest |(panels containing i) / M - probability of i's type| over people. */
export function lotteryDeviation(model: TypeModel, panels: readonly (readonly number[])[], typeProbability: readonly number[], M: number): number {
  const on = new Array<number>(model.instance.people.length).fill(0)
  for (const panel of panels) for (const i of panel) on[i]!++
  let worst = 0
  on.forEach((c, i) => {
    worst = Math.max(worst, Math.abs(c / M - typeProbability[model.typeOfPerson[i]!]!))
  })
  return worst
}
