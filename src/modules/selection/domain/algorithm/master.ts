// The restricted master LP of column generation, over the panels found so far (columns lambda_j):
//
//   minimise   -z + sum_j cost_j lambda_j
//   subject to sum_j lambda_j = 1                                   (dual mu)
//              sum_j a_{j,t} lambda_j - g_t z >= h_t   per type t   (dual y_t >= 0)
//              lambda >= 0, 0 <= z <= 1
//
// with a_{j,t} = x_{j,t} / |type t| (the probability that a given member of type t is on panel j). The rows' g and h
// express each use: g = 1, h = 0 for "at least z" (MAXIMIN, a LEXIMIN stage), g = 0, h = f for a probability fixed at
// f by an earlier stage, g = target_t, h = 0 for "at least z times a target" (decomposing a target vector).
// Written once as CPLEX LP text, then grown with addCol and changed in place, so HiGHS warm-starts every solve.
import type { Highs } from 'highs'
import type { TypeCounts, TypeModel } from './compile.ts'
import { isOptimal, linear, type Model, modelFromLp, num, PRECISE_LP, setCosts } from './solver.ts'

export interface MasterSolution {
  z: number
  mu: number
  /** Dual price of each type's row (0 for types without a row), clipped at 0. */
  y: Float64Array
  /** lambda_j per column, in column order. */
  lambda: Float64Array
}

export interface Master {
  columns: TypeCounts[]
  /** Adds a panel; false if it is already a column. */
  addColumn(counts: TypeCounts): boolean
  has(counts: TypeCounts): boolean
  setRow(t: number, g: number, h: number): void
  /** Objective weight of each type's probability (added to -z); used by confirmation LPs. Empty = none. */
  setTypeWeights(weights: ReadonlyMap<number, number>): void
  setZBounds(lower: number, upper: number): void
  setZCost(cost: number): void
  solve(): MasterSolution
  solves(): number
  /** Simplex iterations so far. */
  iterations(): number
  dispose(): void
}

export function countsKey(counts: TypeCounts): string {
  return counts.join(',')
}

export function createMaster(highs: Highs, model: TypeModel, active: readonly number[], initial: readonly TypeCounts[], rows: (t: number) => { g: number; h: number }): Master {
  if (initial.length === 0) throw new Error('the master LP needs at least one panel')
  const T = model.types.length
  const size = model.types.map(t => t.members.length)
  const lam = (j: number) => `l${j}`
  const lp = [
    'Minimize',
    ' obj: - z',
    'Subject To',
    ` conv: ${linear(initial.map((_, j) => [1, lam(j)] as const))} = 1`,
    ...active.map(t => {
      const { g, h } = rows(t)
      const terms: [number, string][] = initial.map((p, j) => [p[t]! / size[t]!, lam(j)])
      terms.push([-g, 'z'])
      const text = linear(terms)
      // A row with no terms at all cannot be written; give it an explicit zero coefficient on z.
      return ` r${t}: ${text === '0' ? '0 z' : text} >= ${num(h)}`
    }),
    'Bounds',
    ' 0 <= z <= 1',
    'End',
  ].join('\n')
  // Dual simplex without presolve: after a column is added, HiGHS restarts from the previous optimal basis.
  const built = modelFromLp(highs, lp, { ...PRECISE_LP, presolve: 'off', solver: 'simplex', simplex_strategy: 4 })
  const lpModel: Model = built.model
  const zCol = built.col('z')
  const convRow = built.row('conv')
  const rowOf = new Int32Array(T).fill(-1)
  for (const t of active) rowOf[t] = built.row(`r${t}`)
  const columns: TypeCounts[] = []
  const colIndex: number[] = []
  const seen = new Set<string>()
  initial.forEach((p, j) => {
    const key = countsKey(p)
    if (seen.has(key)) {
      // Duplicate initial panels stay as (harmless) LP columns but are not tracked twice.
      lpModel.changeColBounds(built.col(lam(j)), 0, 0)
      return
    }
    seen.add(key)
    columns.push(p)
    colIndex.push(built.col(lam(j)))
  })
  let weights: ReadonlyMap<number, number> = new Map()
  let solveCount = 0
  let iterationCount = 0

  function columnCost(p: TypeCounts): number {
    let c = 0
    for (const [t, w] of weights) c -= (w * p[t]!) / size[t]!
    return c
  }

  return {
    columns,
    has: counts => seen.has(countsKey(counts)),
    addColumn(p) {
      const key = countsKey(p)
      if (seen.has(key)) return false
      const idx: number[] = [convRow]
      const val: number[] = [1]
      for (let t = 0; t < T; t++) {
        if (p[t]! > 0 && rowOf[t]! >= 0) {
          idx.push(rowOf[t]!)
          val.push(p[t]! / size[t]!)
        }
      }
      const order = idx.map((_, i) => i).sort((a, b) => idx[a]! - idx[b]!)
      lpModel.addCol(columnCost(p), 0, Infinity, { indices: order.map(i => idx[i]!), values: order.map(i => val[i]!) })
      colIndex.push(lpModel.getDimensions().numCols - 1)
      columns.push(p)
      seen.add(key)
      return true
    },
    setRow(t, g, h) {
      const row = rowOf[t]!
      if (row < 0) throw new Error(`type ${t} has no row`)
      lpModel.changeCoefficient(row, zCol, -g)
      lpModel.changeRowBounds(row, h, Infinity)
    },
    setTypeWeights(w) {
      weights = w
      setCosts(lpModel, colIndex, columns.map(columnCost))
    },
    setZBounds: (lower, upper) => void lpModel.changeColBounds(zCol, lower, upper),
    setZCost: cost => void lpModel.changeColCost(zCol, cost),
    solve() {
      lpModel.run()
      solveCount++
      iterationCount += Number(lpModel.info.get('simplex_iteration_count'))
      if (!isOptimal(highs, lpModel)) throw new Error(`the master LP ended with HiGHS status ${lpModel.getModelStatus()}`)
      const sol = lpModel.getSolution()
      const y = new Float64Array(T)
      for (let t = 0; t < T; t++) if (rowOf[t]! >= 0) y[t] = Math.max(0, sol.rowDual[rowOf[t]!]!)
      const lambda = new Float64Array(columns.length)
      colIndex.forEach((c, j) => {
        lambda[j] = Math.max(0, sol.colValue[c]!)
      })
      return { z: sol.colValue[zCol]!, mu: sol.rowDual[convRow]!, y, lambda }
    },
    solves: () => solveCount,
    iterations: () => iterationCount,
    dispose: () => lpModel.dispose(),
  }
}
