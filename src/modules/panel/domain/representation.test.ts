import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PANEL_CATALOGUE, type PanelCatalogue } from './catalogue.ts'
import {
  buildRepresentation,
  compareWithTarget,
  isSmall,
  roundTo1,
  sharePercent,
  suppressGroup,
  type RepresentationCounts,
  type RepresentationOptions,
} from './representation.ts'

/** A small catalogue: one dimension with one answer each, one with several, two seldom-heard groups. */
const CATALOGUE: PanelCatalogue = {
  dimensions: [
    DEFAULT_PANEL_CATALOGUE.dimensions.find(d => d.key === 'area')!,
    DEFAULT_PANEL_CATALOGUE.dimensions.find(d => d.key === 'benefits')!,
  ],
  supportNeeds: [],
  seldomHeardTags: [
    { code: 'remote_rural', label: 'Remote rural' },
    { code: 'care_experienced', label: 'Care-experienced' },
  ],
}

function options(over: Partial<RepresentationOptions> = {}): RepresentationOptions {
  return {
    catalogue: CATALOGUE,
    targets: new Map([
      ['area', new Map([['northshire_city', 40], ['eastport', 20], ['glenmoor', 15], ['westhaven', 20], ['the_isles', 5]])],
      ['benefits', new Map([['disability', 30]])],
    ]),
    tolerance: 5,
    attritionMonths: 12,
    suppress: false,
    threshold: 10,
    ...over,
  }
}

/** 400 active members. Area: 380 answered (one answer each), 12 preferred not to say, 8 did not answer. */
const COUNTS: RepresentationCounts = {
  activeMembers: 400,
  answers: [
    { dimension: 'area', value: 'northshire_city', n: 190 },
    { dimension: 'area', value: 'eastport', n: 60 },
    { dimension: 'area', value: 'glenmoor', n: 57 },
    { dimension: 'area', value: 'westhaven', n: 70 },
    { dimension: 'area', value: 'the_isles', n: 3 },
    { dimension: 'area', value: 'prefer_not_to_say', n: 12 },
    { dimension: 'benefits', value: 'disability', n: 150 },
    { dimension: 'benefits', value: 'carer', n: 90 },
    { dimension: 'benefits', value: 'low_income', n: 200 },
    { dimension: 'benefits', value: 'housing', n: 4 },
    { dimension: 'benefits', value: 'old_scheme', n: 11 },
    { dimension: 'benefits', value: 'prefer_not_to_say', n: 20 },
  ],
  answeredKnown: { area: 380, benefits: 300 },
  answeredAny: { area: 392, benefits: 320 },
  tags: [
    { tag: 'remote_rural', n: 25 },
    { tag: 'care_experienced', n: 6 },
  ],
  activity: { recent: 250, lapsed: 146, never: 4 },
}

describe('representation maths: shares, gaps and targets', () => {
  it('rounds to one decimal place, halves away from zero, without floating-point surprises', () => {
    assert.equal(roundTo1(12.25), 12.3)
    assert.equal(roundTo1(-12.25), -12.3)
    assert.equal(roundTo1(0.1 + 0.2), 0.3)
    assert.equal(roundTo1(24.3 - 20.1), 4.2)
    assert.equal(Object.is(roundTo1(-0.01), 0), true, 'never -0')
    assert.equal(sharePercent(1, 3), 33.3)
    assert.equal(sharePercent(2, 3), 66.7)
    assert.equal(sharePercent(5, 0), null)
  })

  it('compares a share with its target: a gap beyond the tolerance either way is under or over', () => {
    assert.deepEqual(compareWithTarget(14.9, 20, 5), { gap: -5.1, standing: 'under' })
    assert.deepEqual(compareWithTarget(15, 20, 5), { gap: -5, standing: 'within' }, 'exactly the tolerance is within')
    assert.deepEqual(compareWithTarget(25, 20, 5), { gap: 5, standing: 'within' })
    assert.deepEqual(compareWithTarget(25.1, 20, 5), { gap: 5.1, standing: 'over' })
    assert.deepEqual(compareWithTarget(25.1, 20, 0), { gap: 5.1, standing: 'over' })
    assert.deepEqual(compareWithTarget(30, null, 5), { gap: null, standing: 'no_target' })
    assert.deepEqual(compareWithTarget(null, 20, 5), { gap: null, standing: 'hidden' })
  })

  it('shares each answer of the people who answered, and shows "prefer not to say" and "not answered" apart', () => {
    const r = buildRepresentation(COUNTS, options())
    assert.equal(r.activeMembers, 400)
    const area = r.dimensions[0]!
    assert.equal(area.answered, 380)
    assert.deepEqual(
      area.rows.map(x => [x.code, x.count, x.share, x.target, x.gap, x.standing]),
      [
        ['northshire_city', 190, 50, 40, 10, 'over'],
        ['eastport', 60, 15.8, 20, -4.2, 'within'],
        ['glenmoor', 57, 15, 15, 0, 'within'],
        ['westhaven', 70, 18.4, 20, -1.6, 'within'],
        ['the_isles', 3, 0.8, 5, -4.2, 'within'],
      ],
    )
    assert.deepEqual(area.preferNotToSay, { count: 12, share: 3 })
    assert.deepEqual(area.notAnswered, { count: 8, share: 2 })
    assert.equal(area.targetTotal, 100)
    assert.deepEqual(area.gaps, { under: 0, over: 1 })
    assert.equal(area.suppressed, false)
  })

  it('on a dimension with several answers, shares can add up to more than 100%, and a retired code is still counted', () => {
    const benefits = buildRepresentation(COUNTS, options({ tolerance: 2 })).dimensions[1]!
    assert.equal(benefits.multiple, true)
    assert.deepEqual(benefits.rows.filter(x => x.count !== 0).map(x => [x.code, x.share, x.standing]), [
      ['disability', 50, 'over'],
      ['carer', 30, 'no_target'],
      ['low_income', 66.7, 'no_target'],
      ['housing', 1.3, 'no_target'],
      ['old_scheme', 3.7, 'no_target'],
    ])
    assert.deepEqual(benefits.rows.at(-1), { code: 'old_scheme', label: 'old_scheme', count: 11, share: 3.7, target: null, gap: null, standing: 'no_target', retired: true })
    assert.deepEqual(benefits.preferNotToSay, { count: 20, share: 5 })
    assert.deepEqual(benefits.notAnswered, { count: 80, share: 20 })
    assert.equal(benefits.targetTotal, 30)
  })

  it('counts seldom-heard groups and attrition as shares of all active members', () => {
    const r = buildRepresentation(COUNTS, options({ attritionMonths: 6 }))
    assert.deepEqual(r.seldomHeard, [
      { code: 'remote_rural', label: 'Remote rural', count: 25, share: 6.3 },
      { code: 'care_experienced', label: 'Care-experienced', count: 6, share: 1.5 },
    ])
    assert.deepEqual(r.attrition, { months: 6, recent: { count: 250, share: 62.5 }, lapsed: { count: 146, share: 36.5 }, never: { count: 4, share: 1 } })
    assert.deepEqual(r.suppression, { applied: false, threshold: 10 })
  })

  it('has no targets and no gaps to highlight when none are set', () => {
    const r = buildRepresentation(COUNTS, options({ targets: new Map() }))
    assert.ok(r.dimensions.every(d => d.targetTotal === null && d.gaps.under === 0 && d.gaps.over === 0))
    assert.ok(r.dimensions.every(d => d.rows.every(x => x.standing === 'no_target')))
  })
})

describe('small-number suppression', () => {
  it('primary: hides counts from 1 to the threshold less one, never zero', () => {
    assert.deepEqual([0, 1, 9, 10, 11].map(n => isSmall(n, 10)), [false, true, true, false, false])
  })

  it('secondary: one hidden count in a group with a known sum takes the smallest other count with it', () => {
    assert.deepEqual(suppressGroup([50, 3, 20, 40], [false, true, false, false], 10), [false, true, true, false])
    assert.deepEqual(suppressGroup([50, 3, 0, 40], [false, true, false, false], 10), [false, true, false, true], 'a count that is not zero before a zero')
    assert.deepEqual(suppressGroup([3, 0], [true, false], 10), [true, true], 'a zero when nothing else is left')
    assert.deepEqual(suppressGroup([50, 40], [false, false], 10), [false, false], 'nothing hidden: nothing to do')
    assert.deepEqual(suppressGroup([5, 6, 200], [true, true, false], 10), [true, true, false], 'two hidden adding up to 11: enough')
  })

  it('secondary: hidden counts adding up to less than the threshold take more with them (1 and 1 would give each other away)', () => {
    assert.deepEqual(suppressGroup([1, 1, 500, 600], [true, true, false, false], 10), [true, true, true, false])
    assert.deepEqual(suppressGroup([2, 3, 4], [true, true, true], 10), [true, true, true], 'all small: all hidden')
  })

  it('hides the base of every share only as a last resort, and only to stop a single hidden count', () => {
    assert.deepEqual(suppressGroup([500, 3, 40], [false, true, false], 10, [true, false, false]), [false, true, true])
    assert.deepEqual(suppressGroup([500, 3, 0], [false, true, false], 10, [true, false, false]), [false, true, true], 'a zero before the base')
    assert.deepEqual(suppressGroup([500, 3], [false, true], 10, [true, false]), [true, true], 'the base when nothing else is left')
  })

  it('on the page: hides small answers and those that would give them away, with their shares and gaps', () => {
    const r = buildRepresentation(COUNTS, options({ suppress: true }))
    assert.deepEqual(r.suppression, { applied: true, threshold: 10 })
    const area = r.dimensions[0]!
    // The Isles (3) is small; the smallest other answer, Glenmoor (57), goes with it: 60 hidden in all.
    assert.deepEqual(
      area.rows.map(x => [x.code, x.count, x.share, x.gap, x.standing]),
      [
        ['northshire_city', 190, 50, 10, 'over'],
        ['eastport', 60, 15.8, -4.2, 'within'],
        ['glenmoor', null, null, null, 'hidden'],
        ['westhaven', 70, 18.4, -1.6, 'within'],
        ['the_isles', null, null, null, 'hidden'],
      ],
    )
    assert.equal(area.rows[4]!.target, 5, 'the target is still shown')
    // {answered 380, prefer not to say 12, not answered 8}: 8 is small, and 12 goes with it.
    assert.equal(area.answered, 380)
    assert.deepEqual(area.preferNotToSay, { count: null, share: null })
    assert.deepEqual(area.notAnswered, { count: null, share: null })
    assert.equal(area.suppressed, true)

    const benefits = r.dimensions[1]!
    // Several answers each: answers are not a group with a known sum, so only the small one is hidden.
    assert.deepEqual(benefits.rows.filter(x => x.count !== 0).map(x => [x.code, x.count]), [
      ['disability', 150],
      ['carer', 90],
      ['low_income', 200],
      ['housing', null],
      ['old_scheme', 11],
    ])
    assert.deepEqual([benefits.preferNotToSay.count, benefits.notAnswered.count, benefits.answered], [20, 80, 300])

    // Seldom-heard groups overlap: primary suppression only.
    assert.deepEqual(r.seldomHeard.map(t => t.count), [25, null])
    // Attrition adds up to the active members: "never" (4) is small, and the smaller of the rest goes with it.
    assert.deepEqual([r.attrition.recent.count, r.attrition.lapsed.count, r.attrition.never.count], [250, null, null])
    assert.equal(r.activeMembers, 400)
  })

  it('leaves no group with a single hidden count, whatever the counts (seeded random panels)', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
    for (let run = 0; run < 300; run++) {
      const n = () => (random() < 0.3 ? Math.floor(random() * 10) : Math.floor(random() * 300))
      const areaCounts = ['northshire_city', 'eastport', 'glenmoor', 'westhaven', 'the_isles'].map(value => ({ dimension: 'area', value, n: n() }))
      const known = areaCounts.reduce((s, a) => s + a.n, 0)
      const pnts = n()
      const none = n()
      const activity = { recent: n(), lapsed: n(), never: n() }
      const total = known + pnts + none
      const counts: RepresentationCounts = {
        activeMembers: total,
        answers: [...areaCounts, { dimension: 'area', value: 'prefer_not_to_say', n: pnts }],
        answeredKnown: { area: known, benefits: 0 },
        answeredAny: { area: known + pnts, benefits: 0 },
        tags: [],
        activity: { ...activity, never: Math.max(0, total - activity.recent - activity.lapsed) },
      }
      const r = buildRepresentation(counts, options({ suppress: true }))
      const area = r.dimensions[0]!
      const hiddenIn = (cells: (number | null)[]) => cells.filter(c => c === null).length
      if (r.activeMembers === null) continue
      assert.notEqual(hiddenIn(area.rows.map(x => x.count)), 1, `one hidden answer in run ${run}`)
      if (area.answered !== null) assert.notEqual(hiddenIn([area.preferNotToSay.count, area.notAnswered.count]), 1, `run ${run}`)
      else assert.ok(area.rows.every(x => x.count === null))
      const a = r.attrition
      if (counts.activity.recent + counts.activity.lapsed <= total) assert.notEqual(hiddenIn([a.recent.count, a.lapsed.count, a.never.count]), 1, `run ${run}`)
      for (const x of area.rows) if (x.count !== null) assert.ok(x.count === 0 || x.count >= 10, `a small count shown in run ${run}`)
    }
  })

  it('hides everything when the active members themselves are fewer than the threshold', () => {
    const tiny: RepresentationCounts = {
      activeMembers: 7,
      answers: [{ dimension: 'area', value: 'eastport', n: 7 }],
      answeredKnown: { area: 7 },
      answeredAny: { area: 7 },
      tags: [{ tag: 'remote_rural', n: 7 }],
      activity: { recent: 0, lapsed: 0, never: 7 },
    }
    const r = buildRepresentation(tiny, options({ suppress: true }))
    assert.equal(r.activeMembers, null)
    assert.ok(r.dimensions.every(d => d.answered === null && d.rows.every(x => x.count === null)))
    assert.ok(r.seldomHeard.every(t => t.count === null))
    assert.deepEqual([r.attrition.recent.count, r.attrition.lapsed.count, r.attrition.never.count], [null, null, null])
    const open = buildRepresentation(tiny, options({ suppress: false }))
    assert.equal(open.activeMembers, 7, 'research roles see every count')
    assert.equal(open.dimensions[0]!.rows[1]!.count, 7)
  })
})
