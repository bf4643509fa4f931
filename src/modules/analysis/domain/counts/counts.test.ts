import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { crossTab, type CrossTab } from './crosstab.ts'
import { countPeople, normalQuantile, personKeyFor, wilsonInterval } from './people.ts'

const close = (actual: number | null | undefined, expected: number, digits = 4) =>
  assert.ok(actual != null && Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${actual} is not ${expected}`)

describe('counting people', () => {
  it('counts a person once however often they raised a code, and items without a person as one each', () => {
    const items = [
      { itemId: 'i1', personId: 'p1', codes: ['waiting', 'respect'] },
      { itemId: 'i2', personId: 'p1', codes: ['waiting'] },
      { itemId: 'i3', personId: 'p1', codes: ['waiting'] },
      { itemId: 'i4', personId: 'p2', codes: ['waiting'] },
      { itemId: 'i5', personId: null, codes: ['waiting'] }, // anonymous
      { itemId: 'i6', codes: ['waiting', 'money'] }, // group note
    ]
    const mentions = items.flatMap(i => i.codes.map(code => ({ code, personKey: personKeyFor(i) })))
    const counts = countPeople(mentions, 10)
    assert.deepEqual(
      counts.map(c => [c.code, c.people, c.share]),
      [
        ['waiting', 4, 0.4],
        ['money', 1, 0.1],
        ['respect', 1, 0.1],
      ],
    )
    assert.notEqual(personKeyFor({ itemId: 'x', personId: 'x' }), personKeyFor({ itemId: 'x' }))
  })

  it('gives Wilson score intervals matching published values (Newcombe 1998)', () => {
    const check = (x: number, n: number, low: number, high: number) => {
      const ci = wilsonInterval(x, n)
      close(ci.low, low)
      close(ci.high, high)
    }
    check(81, 263, 0.2553, 0.3662)
    check(15, 148, 0.0624, 0.1605)
    check(0, 20, 0, 0.1611)
    check(1, 29, 0.0061, 0.1718)
    close(normalQuantile(0.975), 1.959964, 6)
    close(normalQuantile(0.995), 2.575829, 6)
    close(normalQuantile(0.01), -2.326348, 6)
  })

  it('uses the interval in countPeople, with another confidence and codes nobody raised', () => {
    const mentions = Array.from({ length: 81 }, (_, i) => ({ code: 'waiting', personKey: `p${i}` }))
    const [waiting, respect] = countPeople(mentions, 263, { codes: ['waiting', 'respect'] })
    close(waiting?.low, 0.2553)
    close(waiting?.high, 0.3662)
    assert.deepEqual(respect?.people, 0)
    assert.equal(respect?.low, 0)
    const wider = countPeople(mentions, 263, { confidence: 0.99 })[0]
    assert.ok((wider?.low as number) < 0.2553 && (wider?.high as number) > 0.3662)
    assert.throws(() => countPeople(mentions, 50), RangeError)
    assert.throws(() => countPeople([], 0), RangeError)
  })
})

/** People for a group: `sizes[code]` of them have the code (person i has it when i < count), `total` in all. */
function group(name: string, total: number, sizes: Record<string, number>) {
  return Array.from({ length: total }, (_, i) => ({
    personKey: `${name}-${i}`,
    group: name,
    codes: Object.entries(sizes)
      .filter(([, n]) => i < n)
      .map(([code]) => code),
  }))
}

/** People in a group with exactly one code each. */
function exclusiveGroup(name: string, sizes: Record<string, number>) {
  let i = 0
  return Object.entries(sizes).flatMap(([code, n]) =>
    Array.from({ length: n }, () => ({ personKey: `${name}-${i++}`, group: name, codes: [code] })),
  )
}

const cellOf = (t: CrossTab, code: string, grp: string) => t.rows.find(r => r.code === code)?.cells.find(c => c.group === grp)

/** No hidden figure is alone in a line of figures that adds up to a shown total. */
function assertProtected(t: CrossTab, exclusive: boolean) {
  if (!t.total.suppressed) assert.notEqual(t.groups.filter(g => g.suppressed).length, 1, 'one hidden group total')
  for (const r of t.rows) {
    if (!r.total.suppressed) assert.notEqual(r.cells.filter(c => c.suppressed).length, 1, `one hidden cell for ${r.code}`)
  }
  if (exclusive) {
    t.groups.forEach((g, i) => {
      if (!g.suppressed) assert.notEqual(t.rows.filter(r => r.cells[i]?.suppressed).length, 1, `one hidden cell in ${g.group}`)
    })
  }
  for (const r of t.rows) {
    for (const c of [...r.cells, r.total]) {
      if (c.suppressed) assert.deepEqual([c.people, c.share, typeof c.reason], [null, null, 'string'])
      else assert.ok((c.people as number) >= t.threshold && c.reason === null)
    }
  }
}

describe('cross-tabulation with disclosure control', () => {
  it('shows counts, group totals and shares at or above the threshold', () => {
    const t = crossTab([...group('North', 30, { respect: 11 }), ...group('South', 25, { respect: 10 })], { threshold: 10 })
    assert.deepEqual(cellOf(t, 'respect', 'North'), {
      code: 'respect',
      group: 'North',
      groupTotal: 30,
      people: 11,
      share: 11 / 30,
      suppressed: false,
      reason: null,
    })
    assert.deepEqual(t.rows[0]?.total, { people: 21, share: 21 / 55, suppressed: false, reason: null })
    assert.deepEqual(t.groups.map(g => [g.group, g.people]), [['North', 30], ['South', 25]])
    assert.equal(t.total.people, 55)
    assert.equal(t.suppressedCount, 0)
  })

  it('hides small cells and then the next smallest in the same code, so the total cannot give them away', () => {
    const rows = [
      ...group('North', 30, { waiting: 15, respect: 11, money: 3 }),
      ...group('South', 25, { waiting: 12, respect: 10, money: 2 }),
      ...group('West', 20, { waiting: 4, respect: 10, money: 1 }),
    ]
    const t = crossTab(rows, { threshold: 10 })
    assert.deepEqual(t.rows.map(r => r.code), ['money', 'respect', 'waiting'])
    assert.match(cellOf(t, 'waiting', 'West')?.reason ?? '', /fewer than 10 people in this group/)
    assert.equal(cellOf(t, 'waiting', 'South')?.suppressed, true) // 12, hidden as well
    assert.match(cellOf(t, 'waiting', 'South')?.reason ?? '', /as well/)
    assert.equal(cellOf(t, 'waiting', 'North')?.people, 15)
    assert.equal(t.rows.find(r => r.code === 'waiting')?.total.people, 31)
    // money: total 6 is below the threshold, so nothing about it is shown and no further hiding is needed.
    const money = t.rows.find(r => r.code === 'money')
    assert.equal(money?.total.suppressed, true)
    assert.ok(money?.cells.every(c => c.suppressed))
    assert.ok(t.rows.find(r => r.code === 'respect')?.cells.every(c => !c.suppressed))
    assert.equal(t.suppressedCount, 2 + 4)
    assertProtected(t, false)
  })

  it('counts each person once even when they appear in several rows, and refuses two groups for one person', () => {
    const t = crossTab(
      [
        ...group('North', 12, { waiting: 12 }),
        { personKey: 'North-0', group: 'North', codes: ['waiting'] },
        { personKey: 'North-1', group: 'North', codes: ['respect'] },
      ],
      { threshold: 1 },
    )
    assert.equal(t.total.people, 12)
    assert.equal(cellOf(t, 'waiting', 'North')?.people, 12)
    assert.equal(cellOf(t, 'respect', 'North')?.people, 1)
    assert.throws(() => crossTab([{ personKey: 'a', group: 'X', codes: [] }, { personKey: 'a', group: 'Y', codes: [] }], { threshold: 5 }), RangeError)
  })

  it('hides a small group with its cells, then the next smallest group', () => {
    const rows = [
      ...group('North', 40, { waiting: 20 }),
      ...group('South', 35, { waiting: 18 }),
      ...group('Islands', 6, { waiting: 6 }),
      ...group('East', 50, { waiting: 25 }),
    ]
    const t = crossTab(rows, { threshold: 10, groups: ['North', 'South', 'East', 'Islands'] })
    assert.deepEqual(t.groups.map(g => [g.group, g.people]), [['North', 40], ['South', null], ['East', 50], ['Islands', null]])
    assert.match(t.groups[3]?.reason ?? '', /group has fewer than 10 people/)
    assert.match(t.groups[1]?.reason ?? '', /as well/)
    assert.deepEqual([cellOf(t, 'waiting', 'South')?.groupTotal, cellOf(t, 'waiting', 'South')?.people], [null, null])
    assert.equal(cellOf(t, 'waiting', 'North')?.people, 20)
    assert.equal(t.total.people, 131)
    assertProtected(t, false)
  })

  it('also protects down each group when everyone has exactly one code', () => {
    const rows = [...exclusiveGroup('X', { p: 15, q: 12, r: 3 }), ...exclusiveGroup('Y', { p: 20, q: 21, r: 22 }), ...exclusiveGroup('Z', { p: 30, q: 30, r: 30 })]
    const t = crossTab(rows, { threshold: 10 })
    assert.equal(cellOf(t, 'r', 'X')?.suppressed, true)
    assert.equal(cellOf(t, 'q', 'X')?.suppressed, true) // the next smallest in group X
    assertProtected(t, true)
    // Without exclusive codes (one person with two codes), the group rule is not needed.
    const multi = crossTab([...rows, { personKey: 'X-0', group: 'X', codes: ['q'] }], { threshold: 10 })
    assert.equal(cellOf(multi, 'r', 'X')?.suppressed, true)
    assertProtected(multi, false)
  })

  it('hides everything when fewer people than the threshold took part', () => {
    const t = crossTab(group('North', 7, { waiting: 7 }), { threshold: 10 })
    assert.deepEqual([t.total.suppressed, t.groups[0]?.suppressed, t.rows[0]?.total.suppressed, t.rows[0]?.cells[0]?.suppressed], [true, true, true, true])
    assert.equal(t.suppressedCount, 4)
    assert.throws(() => crossTab([], { threshold: 0 }), RangeError)
  })
})
