// When no panel can meet the quotas: the SMALLEST change to the quotas that makes a panel possible, in words a person
// can act on ("Lower the minimum for Gender = Female from 11 to 9").
//
// An integer program (HiGHS): choose a panel (type counts x, households respected) and, for every feature value, how
// far its minimum moves down (lo >= 0) and its maximum moves up (hi >= 0), so that min - lo <= (people with the value)
// <= max + hi; minimise the total movement sum(lo + hi). When the quotas file gives flexible bounds (Sortition
// Foundation's min_flex/max_flex), the minimum may not go below min_flex nor the maximum above max_flex; if that is
// impossible too, we say so and give the smallest change without those limits.
import type { Highs } from 'highs'
import type { TypeModel } from './compile.ts'
import { panelConstraintsLp } from './panel-oracle.ts'
import { EXACT_MIP, isOptimal, linear, modelFromLp, num } from './solver.ts'
import type { QuotaChange, QuotaRelaxation } from './types.ts'

export type { QuotaChange, QuotaRelaxation }

/** Why no panel at all is possible whatever the quotas (too few people, or households), or null. */
function poolTooSmall(model: TypeModel): string | null {
  const n = model.instance.people.length
  const inHouseholds = model.households.reduce((s, h) => s + h.length, 0)
  const selectable = n - inHouseholds + model.households.length
  if (n < model.k) return `The pool has ${n} people, fewer than the panel size of ${model.k}.`
  if (selectable < model.k) {
    return `The pool has ${n} people but only ${selectable} can be selected together (one per household), fewer than the panel size of ${model.k}.`
  }
  return null
}

export function suggestRelaxation(highs: Highs, model: TypeModel): QuotaRelaxation {
  const tooSmall = poolTooSmall(model)
  if (tooSmall) return { withinFlex: false, total: Infinity, changes: [], advice: [tooSmall, 'Add people to the pool or choose a smaller panel.'] }
  const flex = solve(highs, model, true)
  const hasFlex = model.quotas.some(q => q.minFlex < q.min || q.maxFlex > q.max)
  const result = flex ?? solve(highs, model, false)
  if (!result) return { withinFlex: false, total: Infinity, changes: [], advice: ['No change to the quotas makes a panel possible.'] }
  const withinFlex = flex !== null
  const advice: string[] = []
  advice.push(
    `No panel of ${model.k} can meet all the quotas. The smallest change that makes one possible moves them by ${result.total} ${result.total === 1 ? 'place' : 'places'} in total` +
      (hasFlex ? (withinFlex ? ', within the flexible limits (min_flex/max_flex):' : '; no change within the flexible limits (min_flex/max_flex) is enough:') : ':'),
  )
  for (const c of result.changes) {
    const where = `${c.feature} = ${c.value}`
    const people = `${c.inPool} ${c.inPool === 1 ? 'person' : 'people'} in the pool ${c.inPool === 1 ? 'has' : 'have'} this value`
    if (c.newMin < c.min) advice.push(`Lower the minimum for ${where} from ${c.min} to ${c.newMin} (${people}).`)
    if (c.newMax > c.max) advice.push(`Raise the maximum for ${where} from ${c.max} to ${c.newMax} (${people}).`)
  }
  return { withinFlex, total: result.total, changes: result.changes, advice }
}

function solve(highs: Highs, model: TypeModel, useFlex: boolean): { total: number; changes: QuotaChange[] } | null {
  const x = (t: number) => `x${t}`
  const c = panelConstraintsLp(model, x)
  const rows: string[] = [c.rows[0]!]
  model.households.forEach((h, i) => rows.push(` hh${i}: ${linear(h.map(t => [1, x(t)] as const))} <= 1`))
  const bounds: string[] = [...c.bounds]
  const objective: [number, string][] = []
  model.quotas.forEach((q, i) => {
    const terms: [number, string][] = model.quotaTypes[i]!.map(t => [1, x(t)])
    rows.push(` qmin${i}: ${linear([...terms, [1, `lo${i}`]])} >= ${num(q.min)}`)
    rows.push(` qmax${i}: ${linear([...terms, [-1, `hi${i}`]])} <= ${num(q.max)}`)
    bounds.push(` 0 <= lo${i} <= ${num(useFlex ? q.min - q.minFlex : q.min)}`)
    bounds.push(` 0 <= hi${i} <= ${num(useFlex ? Math.max(0, q.maxFlex - q.max) : model.k)}`)
    objective.push([1, `lo${i}`], [1, `hi${i}`])
  })
  const lp = [
    'Minimize',
    ` obj: ${linear(objective)}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    'Generals',
    ` ${[...c.generals, ...model.quotas.flatMap((_, i) => [`lo${i}`, `hi${i}`])].join(' ')}`,
    'End',
  ].join('\n')
  const built = modelFromLp(highs, lp, EXACT_MIP)
  try {
    built.model.run()
    if (!isOptimal(highs, built.model)) return null
    const values = built.model.getSolution().colValue
    const changes: QuotaChange[] = []
    let total = 0
    model.quotas.forEach((q, i) => {
      const lo = Math.round(values[built.col(`lo${i}`)]!)
      const hi = Math.round(values[built.col(`hi${i}`)]!)
      total += lo + hi
      if (lo === 0 && hi === 0) return
      changes.push({
        feature: model.featureNames[q.feature]!,
        value: model.valueNames[q.feature]![q.value]!,
        min: q.min,
        max: q.max,
        newMin: q.min - lo,
        newMax: q.max + hi,
        inPool: model.quotaTypes[i]!.reduce((s, t) => s + model.types[t]!.members.length, 0),
      })
    })
    return { total, changes }
  } finally {
    built.model.dispose()
  }
}
