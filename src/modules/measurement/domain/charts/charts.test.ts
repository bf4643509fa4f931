import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { barChart, chartTable, describeLine, escapeXml, formatValue, lineChart, niceTicks, type ChartSpec } from './charts.ts'

/** A small XML well-formedness check: every tag closes in order, attributes are quoted, text has no bare < or &. */
function assertWellFormed(xml: string): void {
  const stack: string[] = []
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g
  let m: RegExpExecArray | null
  let seenRoot = false
  while ((m = token.exec(xml))) {
    if (m[6]) assert.fail(`stray "<" at ${m.index}: ${xml.slice(m.index, m.index + 40)}`)
    if (m[5] !== undefined) {
      assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(m[5]), `bare & in text: ${m[5]}`)
      if (!stack.length) assert.equal(m[5].trim(), '', 'text outside the root element')
      continue
    }
    const [, closing, name, , selfClosing] = m
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`)
    else if (!selfClosing) {
      if (!stack.length) {
        assert.ok(!seenRoot, 'one root element')
        seenRoot = true
      }
      stack.push(name!)
    } else if (!stack.length) assert.fail('self-closing root')
  }
  assert.deepEqual(stack, [], 'every element is closed')
  assert.ok(seenRoot)
}

const attr = (svg: string, selector: string, name: string) =>
  [...svg.matchAll(new RegExp(`<[a-z]+ class="${selector}"[^>]*>`, 'g'))].map(t => new RegExp(`${name}="([^"]*)"`).exec(t[0])?.[1] ?? '')

const survey: ChartSpec = {
  id: 'm1',
  title: 'People who felt treated with dignity & respect',
  unit: 'percent',
  target: 0.8,
  points: [
    { label: '2024/25', value: 0.7, low: 0.66, high: 0.74, n: 500 },
    { label: '2025/26', value: null, n: 6, hiddenReason: 'fewer than 10 people answered' },
    { label: '2026/27', value: 0.76, low: 0.72, high: 0.8, n: 480 },
    { label: '2027/28', value: 0.78, low: 0.74, high: 0.82, n: 510 },
  ],
}

describe('niceTicks', () => {
  it('gives round numbers that cover the range', () => {
    assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1])
    assert.deepEqual(niceTicks(12, 47), [10, 20, 30, 40, 50])
    assert.deepEqual(niceTicks(0, 7, 5), [0, 2, 4, 6, 8])
    assert.deepEqual(niceTicks(0.62, 0.83), [0.6, 0.7, 0.8, 0.9])
    const flat = niceTicks(5, 5)
    assert.ok(flat[0]! <= 5 && flat[flat.length - 1]! >= 5 && flat.length >= 2)
    assert.throws(() => niceTicks(0, Infinity), RangeError)
  })
})

describe('lineChart', () => {
  const svg = lineChart(survey)
  it('is well-formed SVG with role img, a title and a description it is labelled by', () => {
    assertWellFormed(svg)
    assert.match(svg, /^<svg [^>]*role="img"[^>]*aria-labelledby="m1-title m1-desc"/)
    assert.match(svg, /<title id="m1-title">People who felt treated with dignity &amp; respect<\/title>/)
    assert.match(svg, /<desc id="m1-desc">[^<]+<\/desc>/)
  })
  it('scales with the page: a viewBox and no fixed pixel width', () => {
    assert.match(svg, /viewBox="0 0 640 \d+"/)
    assert.match(svg, /width="100%"/)
    assert.doesNotMatch(svg, /<svg[^>]*height=/)
  })
  it('sums the data up in its description: first and last figure, trend, target, the hidden figure', () => {
    assert.equal(
      describeLine(survey),
      'People who felt treated with dignity & respect: from 70% in 2024/25 to 78% in 2027/28, up overall; 3 figures. ' +
        'The target is 80%. The shaded band is the 95% confidence interval. ' +
        'The figure for 2025/26 is hidden (fewer than 10 people answered) and shown as a gap.',
    )
  })
  it('breaks the line at a hidden figure and marks it in words', () => {
    const lines = [...svg.matchAll(/<polyline class="charter-chart__line" points="([^"]+)"/g)].map(l => l[1]!.split(' ').length)
    assert.deepEqual(lines, [2], 'one line through the two figures after the gap; the single figure before it is a point')
    assert.deepEqual(attr(svg, 'charter-chart__hidden', 'data-label'), ['2025/26'])
    assert.match(svg, />hidden<\/text>/)
  })
  it('draws the target as a labelled dashed line, so colour is not the only cue', () => {
    assert.match(svg, /<g class="charter-chart__target"><line [^>]*stroke-dasharray="8 5"/)
    assert.match(svg, />Target 80%<\/text>/)
  })
  it('shows the same figures as its table', () => {
    const table = chartTable(survey)
    const plotted = attr(svg, 'charter-chart__point', 'data-value').map(Number)
    const labels = attr(svg, 'charter-chart__point', 'data-label')
    const shownRows = table.rows.filter(r => !r.hidden)
    assert.deepEqual(labels, shownRows.map(r => r.label))
    assert.deepEqual(plotted.map(v => formatValue(v, 'percent')), shownRows.map(r => r.cells[0]))
    assert.deepEqual(table.head, ['Period', 'Percentage', '95% range', 'n'])
    assert.deepEqual(table.rows[0]!.cells, ['70%', '66% to 74%', '500'])
    assert.deepEqual(table.rows[1], { label: '2025/26', hidden: true, cells: ['Hidden: fewer than 10 people answered', 'None', '6'] })
    for (const r of shownRows) assert.ok(svg.includes(`>${r.cells[0]}</text>`), `the value ${r.cells[0]} is written on the chart`)
  })
  it('uses colours with at least 3:1 contrast on white', () => {
    const contrast = (hex: string) => {
      const ch = (i: number) => {
        const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
      }
      return 1.05 / (0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5) + 0.05)
    }
    const colours = new Set([...svg.matchAll(/(?:stroke|fill)="(#[0-9a-f]{6})"/g)].map(c => c[1]!))
    colours.delete('#ffffff')
    colours.delete('#b1b4b6') // gridlines are decorative
    for (const c of colours) assert.ok(contrast(c) >= 3, `${c} has contrast ${contrast(c).toFixed(2)}`)
  })
  it('copes with one figure, no figures, and escapes text', () => {
    const one = lineChart({ id: 'a', title: 'Days to decide', unit: 'number', unitLabel: 'days', points: [{ label: '2027-Q1', value: 38.25 }] })
    assertWellFormed(one)
    assert.match(one, /Days to decide: 38.3 days in 2027-Q1, the only figure so far./)
    const none = lineChart({ id: 'b', title: '<script>', unit: 'percent', points: [] })
    assertWellFormed(none)
    assert.ok(none.includes('&lt;script&gt;'))
    assert.equal(escapeXml(`"a" & 'b'`), '&quot;a&quot; &amp; &#39;b&#39;')
  })
})

describe('barChart', () => {
  const spec: ChartSpec = {
    id: 'bars',
    title: 'Latest figure for each measure',
    unit: 'percent',
    target: 0.75,
    points: [
      { label: 'Treated with dignity', value: 0.78, low: 0.74, high: 0.82, n: 510 },
      { label: 'Knew what would happen next', value: 0.61, low: 0.57, high: 0.65, n: 505 },
      { label: 'A measure with very few answers so far', value: null, n: 4, hiddenReason: 'fewer than 10 people answered' },
    ],
  }
  const svg = barChart(spec)
  it('is well-formed, labelled and described', () => {
    assertWellFormed(svg)
    assert.match(svg, /role="img"[^>]*aria-labelledby="bars-title bars-desc"/)
    assert.match(
      svg,
      /<desc id="bars-desc">Latest figure for each measure: 2 bars; highest Treated with dignity at 78%, lowest Knew what would happen next at 61%. The target is 75%. The figure for A measure with very few answers so far is hidden/,
    )
  })
  it('draws one bar per shown figure with its value written at its end, and says which is hidden', () => {
    assert.deepEqual(attr(svg, 'charter-chart__bar', 'data-value').map(Number), [0.78, 0.61])
    assert.ok(svg.includes('>78%</text>') && svg.includes('>61%</text>'))
    assert.deepEqual(attr(svg, 'charter-chart__hidden', 'data-label'), ['A measure with very few answers so far'])
    const widths = attr(svg, 'charter-chart__bar', 'width').map(Number)
    assert.ok(widths[0]! > widths[1]!, 'a bigger figure has a longer bar')
    const table = chartTable(spec, 'Measure')
    assert.deepEqual(table.rows.map(r => r.cells[0]), ['78%', '61%', 'Hidden: fewer than 10 people answered'])
  })
  it('starts the scale at zero for figures', () => {
    const mi = barChart({ id: 'mi', title: 'Days', unit: 'number', unitLabel: 'days', points: [{ label: 'A', value: 40 }, { label: 'B', value: 55 }] })
    assertWellFormed(mi)
    assert.match(mi, />0<\/text>/)
  })
})
