// Correctness against the published results of Flanigan, Gölz, Gupta, Hennig and Procaccia, "Fair algorithms for
// selecting citizens' assemblies", Nature 596 (2021): their instances and reference outputs, read from
// ../shared/data/sortition (never copied into this repository).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { paperInstance, publishedProfile, publishedStatistics, referenceDataAvailable } from '../../../../../bench/selection/reference-data.ts'
import { solveFair } from './column-generation.ts'
import { compileInstance, personProbabilities } from './compile.ts'
import { estimateLegacy } from './legacy.ts'
import { getHighs } from './solver.ts'

const skip = referenceDataAvailable() ? false : 'the reference data (../shared/data/sortition) is not available'

describe('LEXIMIN and LEGACY against the paper', { skip }, () => {
  for (const name of ['example_small_20', 'example_large_200'] as const) {
    it(`${name}: the LEXIMIN minimum and the whole sorted profile match the published ones within 1e-4`, async () => {
      const instance = paperInstance(name)
      const stats = publishedStatistics(name)
      assert.equal(instance.people.length, stats.n)
      assert.equal(instance.panelSize, stats.k)
      const model = compileInstance(instance)
      const result = await solveFair(await getHighs(), model, { objective: 'leximin' })
      const probabilities = personProbabilities(model, result.typeProbability)
      const sorted = [...probabilities].sort((a, b) => a - b)
      assert.ok(Math.abs(sorted[0]! - stats.leximinMinimum) <= 1e-4, `minimum ${sorted[0]} vs published ${stats.leximinMinimum}`)
      const published = publishedProfile(name, 'LexiMin')
      assert.equal(published.length, sorted.length)
      const worst = Math.max(...sorted.map((p, i) => Math.abs(p - published[i]!)))
      assert.ok(worst <= 1e-4, `largest difference from the published profile: ${worst}`)
      // Probabilities sum to the panel size.
      assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - instance.panelSize) < 1e-6)
    })

    it(`${name}: LEGACY's minimum is far below LEXIMIN's, as published`, () => {
      const instance = paperInstance(name)
      const stats = publishedStatistics(name)
      const legacy = estimateLegacy(compileInstance(instance), 3000, 'paper test')
      // The paper: LEGACY's minimum is at most 1.21% (small) and 0.25% (large), against LEXIMIN's 10%.
      assert.ok(legacy.minimum < stats.leximinMinimum / 4, `LEGACY minimum ${legacy.minimum}`)
      assert.ok(legacy.minimum <= 2 * stats.legacyMinimumUpperBound, `LEGACY minimum ${legacy.minimum} vs published bound ${stats.legacyMinimumUpperBound}`)
      assert.ok(legacy.minimumUpperBound < stats.leximinMinimum / 2)
    })
  }

  it('reads the published statistics as the paper states them', () => {
    const large = publishedStatistics('example_large_200')
    assert.equal(large.leximinSeconds, 1161.8)
    assert.equal(large.leximinMinimum, 0.1)
    assert.equal(large.legacyMinimumUpperBound, 0.0025)
  })
})
