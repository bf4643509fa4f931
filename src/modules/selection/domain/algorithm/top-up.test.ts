import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { smallPool } from '../../../../../bench/selection/small-pool.ts'
import { compileInstance, panelProblems } from './compile.ts'
import { runSelection } from './select.ts'
import { residualInstance, topUp } from './top-up.ts'
import { SelectionInputError } from './types.ts'

describe('top-up after drop-out', () => {
  it('chooses replacements that restore every quota, and ranks alternates', async () => {
    const instance = smallPool(10)
    const first = await runSelection(instance, { algorithm: 'leximin', panels: 100, seed: 'first draw' })
    const selected = first.draw!.panel.map(i => instance.people[i]!.id)
    const leaving = selected.slice(0, 3)
    const result = await topUp({ instance, selected, leaving }, { panels: 100, seed: 'top-up draw' })
    assert.equal(result.residual.panelSize, 3)
    assert.equal(result.replacements!.length, 3)
    for (const id of result.replacements!) assert.ok(!selected.includes(id))
    // The new panel (stayers + replacements) meets the original quotas and households.
    const model = compileInstance(instance)
    const index = new Map(instance.people.map((p, i) => [p.id, i]))
    const panel = [...result.staying, ...result.replacements!].map(id => index.get(id)!)
    assert.deepEqual(panelProblems(model, panel), [])
    // Alternates: nobody selected, nobody drawn, all with a positive top-up probability, no repeats.
    assert.ok(result.alternates.length > 10)
    assert.equal(new Set(result.alternates.map(a => a.id)).size, result.alternates.length)
    for (const a of result.alternates) {
      assert.ok(!selected.includes(a.id) && !result.replacements!.includes(a.id))
      assert.ok(a.probability > 0)
    }
    // The same seed gives the same replacements and alternates.
    const again = await topUp({ instance, selected, leaving }, { panels: 100, seed: 'top-up draw' })
    assert.deepEqual(again.replacements, result.replacements)
    assert.deepEqual(again.alternates, result.alternates)
  })

  it('computes residual quotas and leaves out the households of those who stay', async () => {
    const instance = smallPool(11)
    // p0 and p1 share a household: if p0 stays, p1 cannot join.
    const { lottery } = await runSelection(instance, { algorithm: 'leximin', panels: 100 })
    const selected = lottery.find(panel => panel.includes(0))!.map(i => instance.people[i]!.id)
    const leaving = selected.filter(id => id !== 'p0').slice(0, 2)
    const unavailable = instance.people.map(p => p.id).find(id => !selected.includes(id) && id !== 'p1')!
    const { residual, staying } = residualInstance({ instance, selected, leaving, unavailable: [unavailable] })
    assert.equal(residual.panelSize, 2)
    assert.equal(staying.length, 7)
    const ids = new Set(residual.people.map(p => p.id))
    assert.ok(!ids.has('p1') && !ids.has('p0') && !ids.has(leaving[0]!) && !ids.has(unavailable))
    const households = new Set(staying.map(id => instance.people.find(p => p.id === id)!.household).filter(Boolean))
    assert.ok(residual.people.every(p => !p.household || !households.has(p.household)))
    assert.ok(residual.people.length >= instance.people.length - 9 - 1 - households.size)
    for (const [f, feature] of instance.features.entries()) {
      feature.values.forEach((q, v) => {
        const have = staying.filter(id => instance.people.find(p => p.id === id)!.values[f] === q.value).length
        const r = residual.features[f]!.values[v]!
        assert.equal(r.min, Math.max(0, q.min - have))
        assert.equal(r.max, q.max - have)
      })
    }
    assert.throws(() => residualInstance({ instance, selected, leaving: ['p99'] }), SelectionInputError)
    assert.throws(() => residualInstance({ instance, selected, leaving: [] }), /Nobody is leaving/)
  })
})
