// LEXIMIN over the LP relaxation of the panel polytope: the expected number e_t of people of each type on the panel
// only has to satisfy the quota rows in expectation (0 <= e_t <= |t|, sum e_t = k, min_q <= sum_{t in q} e_t <= max_q,
// sum_{t in h} e_t <= 1). Every distribution over real panels gives such an e, so this LEXIMIN is at least as good
// (in the leximin order) as the true one; when its vector turns out to be a mixture of real panels (checked by
// decompose() in column-generation.ts) it IS the true LEXIMIN, found with a handful of small LPs instead of one
// column generation per stage.
//
// Stage s: maximise z subject to e_t >= |t| z for the unfixed types and e_t >= |t| f_t for the fixed ones. Types with
// a positive dual are fixed at z (complementary slackness); a confirmation LP then maximises their total probability
// with everyone else kept at their level, and fixes only what it confirms.
import type { Highs } from 'highs'
import type { TypeModel } from './compile.ts'
import { panelConstraintsLp } from './panel-oracle.ts'
import { isInfeasible, isOptimal, modelFromLp, num, PRECISE_LP, setCosts } from './solver.ts'
import { InfeasibleQuotasError } from './types.ts'

export interface RelaxedLeximin {
  /** Probability of each member of each type (0 for excluded types). */
  typeProbability: number[]
  levels: { value: number; types: number }[]
  lpSolves: number
}

const DUAL_FLOOR = 1e-6
const CONFIRM_SLACK = 1e-7

export function relaxedLeximin(highs: Highs, model: TypeModel, excluded: ReadonlySet<number>): RelaxedLeximin {
  const T = model.types.length
  const size = model.types.map(t => t.members.length)
  const e = (t: number) => `e${t}`
  const c = panelConstraintsLp(model, e)
  if (c.impossible.length) throw new InfeasibleQuotasError(`Nobody in the pool has ${c.impossible.join(', ')}, but the quotas need someone.`)
  const active = model.types.map((_, t) => t).filter(t => !excluded.has(t))
  const lp = [
    'Minimize',
    ' obj: - z',
    'Subject To',
    ...c.rows,
    ...active.map(t => ` r${t}: ${e(t)} - ${num(size[t]!)} z >= 0`),
    'Bounds',
    ...c.bounds,
    ' 0 <= z <= 1',
    'End',
  ].join('\n')
  const { model: lpModel, col, row } = modelFromLp(highs, lp, PRECISE_LP)
  try {
    const zCol = col('z')
    const eCol = model.types.map((_, t) => col(e(t)))
    for (const t of excluded) lpModel.changeColBounds(eCol[t]!, 0, 0)
    const rowOf = new Map(active.map(t => [t, row(`r${t}`)]))
    let lpSolves = 0
    const solve = () => {
      lpModel.run()
      lpSolves++
      if (lpSolves === 1 && isInfeasible(highs, lpModel)) throw new InfeasibleQuotasError('No panel satisfies all the quotas, even on average.')
      if (!isOptimal(highs, lpModel)) throw new Error(`the relaxed LEXIMIN LP ended with HiGHS status ${lpModel.getModelStatus()}`)
      return lpModel.getSolution()
    }
    const fixed = new Map<number, number>()
    const levels: { value: number; types: number }[] = []
    const fix = (t: number, value: number) => {
      lpModel.changeCoefficient(rowOf.get(t)!, zCol, 0)
      lpModel.changeRowBounds(rowOf.get(t)!, value * size[t]!, Infinity)
      fixed.set(t, value)
    }

    /** Keeps z at `z` and maximises the total probability of `candidates`: which of them can rise above z? */
    const confirm = (candidates: number[], z: number): number[] => {
      lpModel.changeColBounds(zCol, z, z)
      lpModel.changeColCost(zCol, 0)
      const check = (ts: number[]) => {
        setCosts(lpModel, ts.map(t => eCol[t]!), ts.map(t => -1 / size[t]!))
        const sol = solve()
        setCosts(lpModel, ts.map(t => eCol[t]!), ts.map(() => 0))
        return sol
      }
      let confirmed: number[] = []
      const sol = check(candidates)
      const total = candidates.reduce((s, t) => s + sol.colValue[eCol[t]!]! / size[t]!, 0)
      if (total <= candidates.length * z + CONFIRM_SLACK) confirmed = candidates
      else {
        // Some candidate can rise: check them one by one (rare).
        for (const t of candidates) {
          const s = check([t])
          if (s.colValue[eCol[t]!]! / size[t]! <= z + CONFIRM_SLACK) confirmed.push(t)
        }
      }
      lpModel.changeColCost(zCol, -1)
      lpModel.changeColBounds(zCol, 0, 1)
      return confirmed
    }

    while (fixed.size < active.length) {
      const sol = solve()
      const z = sol.colValue[zCol]!
      const unfixed = active.filter(t => !fixed.has(t))
      const y = unfixed.map(t => Math.max(0, sol.rowDual[rowOf.get(t)!]! * size[t]!))
      const Y = y.reduce((a, b) => a + b, 0)
      let candidates = unfixed.filter((_, i) => Y > 0 && y[i]! / Y >= DUAL_FLOOR)
      // At z, a type whose probability cannot rise is tight in every optimum; confirm before fixing.
      let confirmed = candidates.length ? confirm(candidates, z) : []
      if (confirmed.length === 0) {
        // Fall back to checking every type at the minimum (numerically troubled duals).
        candidates = unfixed.filter(t => sol.colValue[eCol[t]!]! / size[t]! <= z + CONFIRM_SLACK)
        confirmed = confirm(candidates, z)
      }
      if (confirmed.length === 0) throw new Error('the relaxed LEXIMIN could not confirm any probability')
      for (const t of confirmed) fix(t, z)
      levels.push({ value: z, types: confirmed.length })
    }
    const final = active.length ? solve() : undefined
    const typeProbability = new Array<number>(T).fill(0)
    if (final) for (const t of active) typeProbability[t] = Math.max(0, final.colValue[eCol[t]!]! / size[t]!)
    return { typeProbability, levels, lpSolves }
  } finally {
    lpModel.dispose()
  }
}
