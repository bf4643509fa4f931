import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { agreementByCode, interpretKappa, overallAgreement } from './kappa.ts'

const close = (actual: number | null, expected: number, digits = 4) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 10 ** -digits, `${actual} is not ${expected}`)

/** 100 units; for each code the 2x2 table [bothYes, onlyA, onlyB, bothNo] decides who said yes to which unit. */
function sample(tables: Record<string, readonly [number, number, number, number]>) {
  const units = Array.from({ length: 100 }, (_, i) => `item-${i}`)
  const a = new Map<string, Set<string>>()
  const b = new Map<string, Set<string>>()
  const add = (m: Map<string, Set<string>>, unit: string, code: string) => m.set(unit, (m.get(unit) ?? new Set()).add(code))
  for (const [code, [yy, yn, ny]] of Object.entries(tables)) {
    units.forEach((unit, i) => {
      if (i < yy + yn) add(a, unit, code)
      if (i < yy || (i >= yy + yn && i < yy + yn + ny)) add(b, unit, code)
    })
  }
  return { units, a, b }
}

describe("Cohen's kappa per code", () => {
  const tables = {
    timeliness: [45, 15, 25, 15], // textbook: kappa 0.1304
    respect: [25, 35, 5, 35], // textbook: kappa 0.2593
    money: [40, 10, 20, 30], // po 0.70, pe 0.50: kappa 0.40
    unused: [0, 0, 0, 100],
    kindness: [30, 0, 0, 70], // perfect agreement
    opposite: [0, 50, 50, 0], // never agree
  } as const
  const { units, a, b } = sample(tables)
  const codes = Object.keys(tables)
  const byCode = agreementByCode(units, a, b, codes)
  const get = (code: string) => byCode.find(c => c.code === code)

  it('counts the four cells and gives observed and expected agreement', () => {
    const t = get('timeliness')
    assert.deepEqual(
      { units: t?.units, bothYes: t?.bothYes, onlyA: t?.onlyA, onlyB: t?.onlyB, bothNo: t?.bothNo },
      { units: 100, bothYes: 45, onlyA: 15, onlyB: 25, bothNo: 15 },
    )
    close(t?.observed ?? null, 0.6)
    close(t?.expected ?? null, 0.54)
  })

  it('matches textbook kappas and the Landis & Koch bands', () => {
    close(get('timeliness')?.kappa ?? null, 0.1304)
    assert.equal(get('timeliness')?.interpretation, 'slight')
    close(get('respect')?.kappa ?? null, 0.2593)
    assert.equal(get('respect')?.interpretation, 'fair')
    close(get('money')?.kappa ?? null, 0.4)
    assert.equal(get('money')?.interpretation, 'fair')
    assert.equal(get('kindness')?.kappa, 1)
    assert.equal(get('kindness')?.interpretation, 'almost perfect')
    assert.equal(get('opposite')?.kappa, -1)
    assert.equal(get('opposite')?.interpretation, 'poor')
  })

  it('leaves kappa undefined when neither analyst used the code', () => {
    const u = get('unused')
    assert.equal(u?.kappa, null)
    assert.equal(u?.interpretation, null)
    assert.equal(u?.observed, 1)
  })

  it('gives the mean of defined kappas and the pooled kappa', () => {
    const overall = overallAgreement(byCode)
    assert.equal(overall.codes, 6)
    assert.equal(overall.codesWithKappa, 5)
    close(overall.meanKappa, (0.6 - 0.54) / 0.46 / 5 + (0.6 - 0.46) / 0.54 / 5 + 0.4 / 5 + 1 / 5 - 1 / 5)
    // pooled: mean po = 3.9 / 6, mean pe = 3.58 / 6
    close(overall.pooledKappa, (3.9 / 6 - 3.58 / 6) / (1 - 3.58 / 6))
    assert.equal(overall.pooledInterpretation, 'slight')
  })

  it('treats a unit missing from a map as uncoded, ignores other codes, and refuses an empty sample', () => {
    const [r] = agreementByCode(['x', 'y'], new Map([['x', new Set(['c', 'other'])]]), new Map([['x', new Set(['c'])]]), ['c'])
    assert.deepEqual({ bothYes: r?.bothYes, bothNo: r?.bothNo, kappa: r?.kappa }, { bothYes: 1, bothNo: 1, kappa: 1 })
    assert.throws(() => agreementByCode([], new Map(), new Map(), ['c']), RangeError)
    assert.throws(() => agreementByCode(['x', 'x'], new Map(), new Map(), ['c']), RangeError)
  })

  it('bands the edges as Landis & Koch do', () => {
    assert.deepEqual(
      [-0.01, 0, 0.2, 0.21, 0.4, 0.41, 0.6, 0.61, 0.8, 0.81, 1].map(interpretKappa),
      ['poor', 'slight', 'slight', 'fair', 'fair', 'moderate', 'moderate', 'substantial', 'substantial', 'almost perfect', 'almost perfect'],
    )
  })
})
