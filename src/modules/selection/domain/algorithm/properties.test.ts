// Properties that must hold for any instance: every panel used meets the quotas and the household rule,
// probabilities sum to the panel size, the lottery stays within 1/M, and a seed always draws the same panel.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { solveFair } from './column-generation.ts'
import { compileInstance, panelProblems, personProbabilities, typeCountProblems } from './compile.ts'
import { legacyPanel } from './legacy.ts'
import { seededRandom } from './random.ts'
import { roundToLottery } from './rounding.ts'
import { runSelection } from './select.ts'
import { getHighs } from './solver.ts'
import { smallPool } from '../../../../../bench/selection/small-pool.ts'

describe('selection properties', () => {
  it('LEXIMIN: every panel in the support meets the quotas and households; probabilities sum to k', async () => {
    const instance = smallPool()
    const model = compileInstance(instance)
    assert.ok(model.households.length === 10)
    const result = await solveFair(await getHighs(), model, { objective: 'leximin' })
    assert.ok(result.panels.length > 0)
    for (const panel of result.panels) assert.deepEqual(typeCountProblems(model, panel), [])
    assert.ok(Math.abs(result.weights.reduce((a, b) => a + b, 0) - 1) < 1e-9)
    const p = personProbabilities(model, result.typeProbability)
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 9) < 1e-6)
    assert.ok(p.every(x => x >= -1e-12 && x <= 1 + 1e-12))
    // Members of a household share at most one seat between them.
    for (const h of model.households) assert.ok(h.reduce((s, t) => s + result.typeProbability[t]!, 0) <= 1 + 1e-9)
  })

  it('MAXIMIN has the same minimum as LEXIMIN, and LEXIMIN is at least as good in the leximin order', async () => {
    const instance = smallPool(2)
    const model = compileInstance(instance)
    const highs = await getHighs()
    const lex = personProbabilities(model, (await solveFair(highs, model, { objective: 'leximin' })).typeProbability).sort((a, b) => a - b)
    const maximin = await solveFair(highs, model, { objective: 'maximin' })
    for (const panel of maximin.panels) assert.deepEqual(typeCountProblems(model, panel), [])
    const max = personProbabilities(model, maximin.typeProbability).sort((a, b) => a - b)
    assert.ok(Math.abs(lex[0]! - max[0]!) < 1e-7, `${lex[0]} vs ${max[0]}`)
    const i = lex.findIndex((v, j) => Math.abs(v - max[j]!) > 1e-7)
    assert.ok(i < 0 || lex[i]! > max[i]!, 'LEXIMIN must not be beaten in the leximin order')
  })

  it('the lottery: M valid panels, every chance within 1/M, the same lottery every time', async () => {
    const instance = smallPool(3)
    const model = compileInstance(instance)
    const dist = await solveFair(await getHighs(), model, { objective: 'leximin' })
    for (const M of [1000, 37]) {
      const a = roundToLottery(model, dist, M)
      assert.equal(a.panels.length, M)
      for (const panel of a.panels) assert.deepEqual(panelProblems(model, panel), [])
      assert.equal(a.slack, 0)
      assert.ok(a.maxDeviation < 1 / M, `${a.maxDeviation} >= ${1 / M}`)
      assert.deepEqual(roundToLottery(model, dist, M).panels, a.panels)
    }
  })

  it('a seed always draws the same panel; different seeds draw from the same lottery', async () => {
    const instance = smallPool(4)
    const one = await runSelection(instance, { algorithm: 'leximin', panels: 200, seed: '03 14 15 92 65 35' })
    const two = await runSelection(instance, { algorithm: 'leximin', panels: 200, seed: ' 03 14 15 92 65 35 ' })
    assert.equal(one.lotteryHash, two.lotteryHash)
    assert.deepEqual(one.draw, two.draw)
    const indices = new Set<number>()
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const other = await runSelection(instance, { algorithm: 'leximin', panels: 200, seed })
      assert.equal(other.lotteryHash, one.lotteryHash)
      indices.add(other.draw!.index)
    }
    assert.ok(indices.size > 1)
    const model = compileInstance(instance)
    assert.deepEqual(panelProblems(model, one.draw!.panel), [])
  })

  it('LEGACY panels meet the quotas and households, and repeat for a seed', () => {
    const model = compileInstance(smallPool(5))
    const a = seededRandom('seed', 'test')
    const b = seededRandom('seed', 'test')
    for (let i = 0; i < 50; i++) {
      const x = legacyPanel(model, a).counts
      assert.deepEqual(typeCountProblems(model, x), [])
      assert.deepEqual(legacyPanel(model, b).counts, x)
    }
  })

  it('people in no feasible panel get probability 0 and are reported', async () => {
    const instance = smallPool(6)
    instance.features.push({ name: 'status', values: [{ value: 'eligible', min: 0, max: 9 }, { value: 'on leave', min: 0, max: 0 }] })
    instance.people = instance.people.map((p, i) => ({ ...p, values: [...p.values, i % 15 === 7 ? 'on leave' : 'eligible'] }))
    const outcome = await runSelection(instance, { algorithm: 'leximin', panels: 100 })
    const expected = instance.people.filter((_, i) => i % 15 === 7).map(p => p.id)
    assert.deepEqual([...outcome.excluded].sort(), [...expected].sort())
    for (const id of expected) assert.equal(outcome.probabilities[instance.people.findIndex(p => p.id === id)], 0)
    assert.ok(outcome.minimum === 0)
    const positive = outcome.probabilities.filter(p => p > 0)
    assert.ok(Math.min(...positive) > 0.05)
  })
})

describe('the relaxation shortcut', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the same LEXIMIN as the staged algorithm of Flanigan et al. (pool ${seed})`, async () => {
      const model = compileInstance(smallPool(seed))
      const highs = await getHighs()
      const fast = await solveFair(highs, model, { objective: 'leximin' })
      const staged = await solveFair(highs, model, { objective: 'leximin', staged: true })
      assert.equal(staged.method, 'staged column generation')
      for (const panel of staged.panels) assert.deepEqual(typeCountProblems(model, panel), [])
      const a = personProbabilities(model, fast.typeProbability).sort((x, y) => x - y)
      const b = personProbabilities(model, staged.typeProbability).sort((x, y) => x - y)
      assert.ok(Math.max(...a.map((x, i) => Math.abs(x - b[i]!))) < 1e-6)
    })
  }
})
