import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareFigures, compareProportions, meetsTarget, suppressRow, suppressShare, wilson } from './stats.ts'

const close = (actual: number, expected: number, tolerance = 0.00006) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`)

describe('wilson', () => {
  it('matches the published Wilson intervals (Newcombe 1998, Table I)', () => {
    // 81/263: 0.2553 to 0.3662; 15/148: 0.0624 to 0.1605; 0/20: 0 to 0.1611; 1/29: 0.0061 to 0.1718.
    let w = wilson(81, 263)
    close(w.low, 0.2553)
    close(w.high, 0.3662)
    w = wilson(15, 148)
    close(w.low, 0.0624)
    close(w.high, 0.1605)
    w = wilson(0, 20)
    assert.equal(w.low, 0)
    close(w.high, 0.1611)
    w = wilson(1, 29)
    close(w.low, 0.0061)
    close(w.high, 0.1718)
  })
  it('refuses impossible counts', () => {
    assert.throws(() => wilson(5, 4), RangeError)
    assert.throws(() => wilson(1, 0), RangeError)
  })
})

describe('compareProportions (Newcombe hybrid score, method 10)', () => {
  // Newcombe (1998), Table II, method 10, 95 % intervals for theta = p1 - p2.
  const examples: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ]
  for (const [s1, n1, s2, n2, low, high] of examples) {
    it(`${s1}/${n1} - ${s2}/${n2}: ${low} to ${high}`, () => {
      const c = compareProportions({ successes: s1, n: n1 }, { successes: s2, n: n2 })
      close(c.difference, s1 / n1 - s2 / n2, 1e-12)
      close(c.low, low)
      close(c.high, high)
      assert.equal(c.significant, low > 0 || high < 0)
    })
  }

  it('says in plain English whether a change is more than chance', () => {
    const up = compareProportions({ successes: 560, n: 1000 }, { successes: 500, n: 1000 }, { since: '2026/27' })
    assert.equal(up.significant, true)
    assert.equal(up.words, 'Up 6 points since 2026/27; this is more than chance would explain (better).')
    const noise = compareProportions({ successes: 53, n: 100 }, { successes: 50, n: 100 }, { since: '2026/27' })
    assert.equal(noise.significant, false)
    assert.match(noise.words, /^Up 3 points since 2026\/27; this is no real change/)
    const worse = compareProportions({ successes: 100, n: 1000 }, { successes: 200, n: 1000 }, { higherIsBetter: true })
    assert.equal(worse.words, 'Down 10 points; this is more than chance would explain (worse).')
    const same = compareProportions({ successes: 5, n: 10 }, { successes: 10, n: 20 })
    assert.equal(same.words, 'No change.')
  })
})

describe('compareFigures (management information)', () => {
  it('says up or down, better or worse by the direction, and whether the target is met', () => {
    const days = compareFigures(38, 42.25, { higherIsBetter: false, unit: 'days', since: 'last quarter', target: 40 })
    assert.equal(days.direction, 'better')
    assert.equal(days.targetMet, true)
    assert.equal(days.words, 'Down by 4.3 days since last quarter (better). The target of 40 days is met.')
    const up = compareFigures(45, 42, { higherIsBetter: false, unit: 'days', target: 40 })
    assert.equal(up.direction, 'worse')
    assert.equal(up.targetMet, false)
    assert.equal(up.words, 'Up by 3 days (worse). The target of 40 days is not met.')
    const first = compareFigures(12, null, { higherIsBetter: true })
    assert.equal(first.difference, null)
    assert.equal(first.targetMet, null)
    assert.equal(first.words, 'No earlier figure to compare with.')
    assert.equal(compareFigures(10.01, 10, { higherIsBetter: true }).direction, 'same')
  })
  it('checks targets in both directions', () => {
    assert.equal(meetsTarget(0.8, 0.75), true)
    assert.equal(meetsTarget(0.8, 0.75, false), false)
    assert.equal(meetsTarget(0.8, null), null)
  })
})

describe('suppressRow (small numbers with secondary suppression)', () => {
  it('shows every count when none is small', () => {
    const r = suppressRow([{ label: 'Upheld', value: 12 }, { label: 'Not upheld', value: 30 }], { threshold: 10 })
    assert.deepEqual(r.counts.map(c => c.value), [12, 30])
    assert.equal(r.total.value, 42)
    assert.equal(r.suppressedCount, 0)
  })
  it('hides a second count so the hidden one cannot be worked out from the total', () => {
    const r = suppressRow(
      [
        { label: 'Upheld', value: 4 },
        { label: 'Partly upheld', value: 25 },
        { label: 'Not upheld', value: 14 },
        { label: 'Resolved', value: 0 },
      ],
      { threshold: 10 },
    )
    assert.deepEqual(r.counts.map(c => c.value), [null, 25, null, 0])
    assert.equal(r.total.value, 43)
    assert.match(r.counts[0]!.reason!, /fewer than 10/)
    assert.match(r.counts[2]!.reason!, /worked out/)
    assert.equal(r.suppressedCount, 2)
  })
  it('hides the total when no other count is left to hide', () => {
    const r = suppressRow([{ label: 'A', value: 3 }, { label: 'B', value: 0 }, { label: 'C', value: 20 }], { threshold: 10, hideZero: false })
    // C is the only other non-zero count and is hidden with A.
    assert.deepEqual(r.counts.map(c => c.value), [null, 0, null])
    const alone = suppressRow([{ label: 'A', value: 3 }, { label: 'B', value: 0 }], { threshold: 2 })
    assert.deepEqual(alone.counts.map(c => c.value), [3, 0])
    const lone = suppressRow([{ label: 'A', value: 1 }, { label: 'B', value: 0 }, { label: 'C', value: 0 }, { label: 'D', value: 40 }], { threshold: 50 })
    assert.equal(lone.total.value, null, 'total below the threshold hides everything')
    const onlyHidden = suppressRow([{ label: 'A', value: 12 }, { label: 'B', value: 0 }], { threshold: 10, hideZero: true })
    assert.deepEqual(onlyHidden.counts.map(c => c.value), [null, null])
    assert.equal(onlyHidden.total.value, 12)
  })
  it('hides everything when the total is small, and a share whose respondents are too few', () => {
    const r = suppressRow([{ label: 'A', value: 5 }, { label: 'B', value: 3 }], { threshold: 10 })
    assert.deepEqual([...r.counts.map(c => c.value), r.total.value], [null, null, null])
    assert.equal(r.suppressedCount, 3)
    assert.equal(suppressShare(9, 10), true)
    assert.equal(suppressShare(10, 10), false)
  })
  it('refuses a negative count or a bad threshold', () => {
    assert.throws(() => suppressRow([{ label: 'A', value: -1 }], { threshold: 10 }), RangeError)
    assert.throws(() => suppressRow([], { threshold: 0 }), RangeError)
  })
})
