// A small deterministic pool for the selection tests: 90 people, three features skewed against the quotas, ten
// two-person households, a panel of 9. Small enough that every algorithm runs in well under a second.
import type { SelectionInstance } from '../../src/modules/selection/index.ts'

/** A small pool with three features, skewed against the quotas, and ten two-person households. */
export function smallPool(seed = 1): SelectionInstance {
  let s = seed
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
  const pick = (weights: number[]) => {
    let x = next() * weights.reduce((a, b) => a + b, 0)
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]!) < 0) return i
    return weights.length - 1
  }
  const genders = ['F', 'M']
  const ages = ['young', 'middle', 'old']
  const regions = ['north', 'south', 'east', 'west']
  const people = Array.from({ length: 90 }, (_, i) => ({
    id: `p${i}`,
    values: [genders[pick([0.65, 0.35])]!, ages[pick([0.15, 0.35, 0.5])]!, regions[pick([0.4, 0.3, 0.2, 0.1])]!],
  }))
  const withHouseholds = people.map((p, i) => (i < 20 ? { ...p, household: `h${Math.floor(i / 2)}` } : p))
  return {
    panelSize: 9,
    features: [
      { name: 'gender', values: [{ value: 'F', min: 4, max: 5 }, { value: 'M', min: 4, max: 5 }] },
      { name: 'age', values: [{ value: 'young', min: 2, max: 4 }, { value: 'middle', min: 2, max: 4 }, { value: 'old', min: 2, max: 4 }] },
      {
        name: 'region',
        values: [{ value: 'north', min: 1, max: 3 }, { value: 'south', min: 1, max: 3 }, { value: 'east', min: 1, max: 3 }, { value: 'west', min: 1, max: 3 }],
      },
    ],
    people: withHouseholds,
  }
}
