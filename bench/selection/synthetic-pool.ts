// A deterministic synthetic pool for benchmarks: 2,400 people with lived experience of benefits (the size of the
// model case's panel) choosing a Core Group of 30, with six features and realistic quotas. The pool is skewed the way
// real panels are (more women, older people, disabled people and White Scottish people than the population of
// recipients), so the quotas bind and fairness matters. About 3% of people share a household with another panel
// member (couples, carers and the people they care for), so the household rule is exercised too.
import type { Feature, PoolMember, SelectionInstance } from '../../src/modules/selection/index.ts'

/** mulberry32: a small, well-known 32-bit PRNG; fine for generating test data (never for draws). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Dimension {
  name: string
  /** value, share in the pool, share in the population the quotas follow */
  values: [string, number, number][]
}

const DIMENSIONS: Dimension[] = [
  { name: 'gender', values: [['Woman', 0.6, 0.52], ['Man', 0.385, 0.465], ['Non-binary or other', 0.015, 0.015]] },
  { name: 'age', values: [['16-24', 0.05, 0.12], ['25-34', 0.13, 0.18], ['35-49', 0.25, 0.24], ['50-64', 0.35, 0.26], ['65+', 0.22, 0.2]] },
  {
    name: 'region',
    values: [
      ['Central Scotland', 0.13, 0.13], ['Glasgow', 0.16, 0.15], ['Highlands and Islands', 0.09, 0.07], ['Lothian', 0.15, 0.14],
      ['Mid Scotland and Fife', 0.13, 0.12], ['North East Scotland', 0.1, 0.12], ['South Scotland', 0.11, 0.12], ['West Scotland', 0.13, 0.15],
    ],
  },
  { name: 'disability', values: [['Disabled or long-term condition', 0.72, 0.55], ['Not disabled', 0.28, 0.45]] },
  {
    name: 'benefit',
    values: [
      ['Disability benefit', 0.38, 0.27], ['Carer benefit', 0.14, 0.1], ['Universal Credit', 0.2, 0.28], ['State Pension', 0.18, 0.2],
      ['Child benefit', 0.07, 0.12], ['Other', 0.03, 0.03],
    ],
  },
  { name: 'ethnicity', values: [['White Scottish or British', 0.93, 0.88], ['White other', 0.025, 0.04], ['Asian', 0.025, 0.04], ['Black', 0.008, 0.02], ['Mixed or other', 0.012, 0.02]] },
]

function pick(r: number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0)
  let x = r * total
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!
    if (x < 0) return i
  }
  return weights.length - 1
}

/** Quotas from population shares: round(share * k) +- 1 (a common practice), never below 0 or above k. */
function quotas(k: number): Feature[] {
  return DIMENSIONS.map(d => ({
    name: d.name,
    values: d.values.map(([value, , share]) => {
      const target = share * k
      return { value, min: Math.max(0, Math.round(target) - 1), max: Math.min(k, Math.round(target) + 1 + (target < 1 ? 1 : 0)) }
    }),
  }))
}

export function syntheticPool(options: { size?: number; panelSize?: number; seed?: number } = {}): SelectionInstance {
  const size = options.size ?? 2400
  const k = options.panelSize ?? 30
  const rnd = mulberry32(options.seed ?? 20260101)
  const people: PoolMember[] = []
  for (let i = 0; i < size; i++) {
    const v = DIMENSIONS.map(d => pick(rnd(), d.values.map(x => x[1])))
    // Correlations: pensioners are 65+, and people 65+ mostly receive the State Pension; child benefit goes with 25-49.
    const age = DIMENSIONS[1]!.values
    const benefit = DIMENSIONS[4]!.values
    if (benefit[v[4]!]![0] === 'State Pension') v[1] = age.findIndex(a => a[0] === '65+')
    else if (age[v[1]!]![0] === '65+' && rnd() < 0.7) v[4] = benefit.findIndex(b => b[0] === 'State Pension')
    if (benefit[v[4]!]![0] === 'Child benefit' && (v[1] === 0 || v[1]! >= 3)) v[1] = 1 + Math.floor(rnd() * 2)
    people.push({ id: `P${String(i + 1).padStart(5, '0')}`, values: v.map((x, f) => DIMENSIONS[f]!.values[x]![0]) })
  }
  // Households: about 3% of people live with another panel member (pairs in the same region).
  for (let h = 0; h < Math.round(size * 0.015); h++) {
    const a = Math.floor(rnd() * size)
    const b = Math.floor(rnd() * size)
    if (a === b || people[a]!.household || people[b]!.household) continue
    people[b]!.values[2] = people[a]!.values[2]!
    people[a]!.household = `H${h}`
    people[b]!.household = `H${h}`
  }
  return { panelSize: k, features: quotas(k), people }
}
