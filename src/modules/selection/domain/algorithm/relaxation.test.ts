import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { smallPool } from '../../../../../bench/selection/small-pool.ts'
import { compileInstance } from './compile.ts'
import { suggestRelaxation } from './relaxation.ts'
import { runSelection } from './select.ts'
import { InfeasibleQuotasError } from './types.ts'
import { getHighs } from './solver.ts'
import type { SelectionInstance } from './types.ts'

function withQuota(instance: SelectionInstance, feature: string, value: string, change: { min?: number; max?: number; minFlex?: number; maxFlex?: number }): SelectionInstance {
  return {
    ...instance,
    features: instance.features.map(f => (f.name !== feature ? f : { ...f, values: f.values.map(v => (v.value === value ? { ...v, ...change } : v)) })),
  }
}

describe('infeasible quotas', () => {
  it('reports the smallest change, in words', async () => {
    // Women at least 7 and men at least 4 cannot both fit in a panel of 9.
    const instance = withQuota(withQuota(smallPool(), 'gender', 'F', { min: 7, max: 7 }), 'gender', 'M', { min: 4, max: 5 })
    const relaxation = suggestRelaxation(await getHighs(), compileInstance(instance))
    assert.equal(relaxation.total, 2)
    assert.equal(relaxation.changes.length, 1)
    const text = relaxation.advice.join('\n')
    assert.match(text, /No panel of 9 can meet all the quotas/)
    assert.match(text, /(Lower the minimum for gender = F from 7 to 5|Lower the minimum for gender = M from 4 to 2)/)
    await assert.rejects(runSelection(instance, { algorithm: 'leximin' }), (err: unknown) => err instanceof InfeasibleQuotasError && err.relaxation?.total === 2)
    await assert.rejects(runSelection(instance, { algorithm: 'legacy', legacyRuns: 10 }), InfeasibleQuotasError)
  })

  it('respects the flexible bounds when they are given, and says when they are not enough', async () => {
    const base = withQuota(withQuota(smallPool(), 'gender', 'F', { min: 7, max: 7, minFlex: 7, maxFlex: 7 }), 'gender', 'M', { min: 4, max: 5, minFlex: 3, maxFlex: 5 })
    const highs = await getHighs()
    const tight = suggestRelaxation(highs, compileInstance(base))
    assert.equal(tight.withinFlex, false)
    assert.match(tight.advice[0]!, /no change within the flexible limits/)
    const loose = suggestRelaxation(highs, compileInstance(withQuota(base, 'gender', 'M', { minFlex: 0 })))
    assert.equal(loose.withinFlex, true)
    assert.deepEqual(loose.changes.map(c => [c.feature, c.value, c.newMin]), [['gender', 'M', 2]])
  })

  it('says when the pool is too small whatever the quotas', async () => {
    const instance = { ...smallPool(), panelSize: 85 }
    const relaxation = suggestRelaxation(await getHighs(), compileInstance(instance))
    assert.match(relaxation.advice[0]!, /only 80 can be selected together \(one per household\)/)
  })
})
