import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { smallPool } from '../../../../../bench/selection/small-pool.ts'
import { drawFromRecord, runSelection, type SelectionRecord } from './select.ts'
import { verifyDraw } from './verify.ts'

const clone = (r: SelectionRecord): SelectionRecord => JSON.parse(JSON.stringify(r)) as SelectionRecord

describe('verifyDraw', () => {
  it('confirms an untouched record, and says exactly what was changed in a tampered one', async () => {
    const { record } = await runSelection(smallPool(7), { algorithm: 'leximin', panels: 100, seed: 'witnessed seed' })
    const good = await verifyDraw(record)
    assert.deepEqual(good.differences, [])
    assert.ok(good.ok)
    assert.ok(good.checks.some(c => c.includes("gives panel")))

    const seed = clone(record)
    seed.draw!.seed = 'another seed'
    const badSeed = await verifyDraw(seed, { rerun: false })
    assert.ok(!badSeed.ok)
    assert.match(badSeed.differences.join('\n'), /The seed 'another seed' gives panel \d+, but the record says \d+|The recorded panel/)

    const lottery = clone(record)
    lottery.lottery.panels[3] = [...lottery.lottery.panels[4]!]
    const badLottery = await verifyDraw(lottery, { rerun: false })
    assert.match(badLottery.differences.join('\n'), /the lottery was changed/)

    const pool = clone(record)
    pool.instance.people[0]!.values[0] = pool.instance.people[0]!.values[0] === 'F' ? 'M' : 'F'
    const badPool = await verifyDraw(pool, { rerun: false })
    assert.match(badPool.differences.join('\n'), /the pool or quotas were changed/)

    const probabilities = clone(record)
    probabilities.probabilities[5]!.probability += 0.01
    const badProbabilities = await verifyDraw(probabilities)
    assert.match(badProbabilities.differences.join('\n'), /Re-running leximin gives different probabilities: person p5 differs by 0\.0(1|099)/)
  })

  it('verifies a lottery published first and drawn later', async () => {
    const { record } = await runSelection(smallPool(8), { algorithm: 'maximin', panels: 50 })
    assert.equal(record.draw, undefined)
    const drawn = drawFromRecord(record, '7 14 21')
    assert.equal(drawn.lottery.hash, record.lottery.hash)
    const v = await verifyDraw(drawn)
    assert.deepEqual(v.differences, [])
  })

  it('verifies LEGACY records by re-running the same seeded runs', async () => {
    const { record } = await runSelection(smallPool(9), { algorithm: 'legacy', panels: 50, legacyRuns: 200, seed: 's' })
    assert.equal(record.lottery.bound, null)
    const v = await verifyDraw(record)
    assert.deepEqual(v.differences, [])
  })
})
