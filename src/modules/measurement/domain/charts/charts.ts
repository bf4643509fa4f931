// Server-rendered SVG charts (issue 8, item 3) that meet WCAG 2.2 AA without JavaScript:
// - role="img" with <title> and <desc> (a sentence summing up the data), referenced by aria-labelledby;
// - every figure is also in a companion data table (chartTable below, rendered beside the chart by the
//   `chartWithTable` macro): the table is the accessible source, the chart a picture of it;
// - colours meet 3:1 against white (the organisation's brand colour must already meet 4.5:1), and colour is never
//   the only cue: the target is a dashed line labelled in words, values are labelled directly, the confidence band
//   is also in the table;
// - a hidden (suppressed) figure is a gap in the line with a "hidden" mark, and the description says why;
// - a viewBox and no fixed pixel width, so the chart scales with the page (400 % zoom, narrow screens).
// Pure functions; no database.

export type ChartUnit = 'percent' | 'number'

export interface ChartPoint {
  /** The period or category, e.g. "2026/27". */
  label: string
  /** The figure (a share 0-1 for 'percent'); null when hidden. */
  value: number | null
  /** Confidence interval (shares for 'percent'); null or absent when there is none. */
  low?: number | null
  high?: number | null
  /** How many people or cases the figure is based on (shown in the table). */
  n?: number | null
  /** Why the figure is hidden, when it is. */
  hiddenReason?: string | null
}

export interface ChartSpec {
  /** A unique id on the page (letters, digits, hyphens). */
  id: string
  title: string
  unit: ChartUnit
  /** The unit in words for 'number' charts, e.g. "days". */
  unitLabel?: string
  points: readonly ChartPoint[]
  /** A target (a share for 'percent'). */
  target?: number | null
  /** Colour of the line or bars; must meet 3:1 against white. */
  colour?: string
  /** Decimal places for 'number' values (default 1; percentages are whole numbers). */
  decimals?: number
}

export const CHART_COLOURS = {
  /** The default brand colour (8.0:1 on white). */
  data: '#0b5566',
  /** Axes, target line and labels (GOV.UK secondary text colour, 7.0:1 on white). */
  ink: '#505a5f',
  /** Gridlines (decorative). */
  grid: '#b1b4b6',
  text: '#0b0c0c',
} as const

const WIDTH = 640
const FONT = 14

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** A value in words: "76%" or "38.5 days". */
export function formatValue(value: number, unit: ChartUnit, unitLabel?: string, decimals = 1): string {
  if (unit === 'percent') return `${Math.round(value * 100)}%`
  const factor = 10 ** decimals
  const shown = (Math.round(value * factor) / factor).toLocaleString('en-GB', { maximumFractionDigits: decimals })
  return unitLabel ? `${shown} ${unitLabel}` : shown
}

/** "a nice number" close to x (1, 2, 5 or 10 times a power of ten), Heckbert's method. */
function niceNumber(x: number, round: boolean): number {
  const exponent = Math.floor(Math.log10(x))
  const fraction = x / 10 ** exponent
  let nice: number
  if (round) nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
  else nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
  return nice * 10 ** exponent
}

/** Tick values from a nice number at or below min to one at or above max, about `count` of them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) throw new RangeError('The range must be finite.')
  if (max < min) [min, max] = [max, min]
  if (max === min) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1
    min -= pad
    max += pad
  }
  const step = niceNumber(niceNumber(max - min, false) / Math.max(1, count - 1), true)
  const start = Math.floor(min / step + 1e-9) * step
  const end = Math.ceil(max / step - 1e-9) * step
  const ticks: number[] = []
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1)
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)))
  return ticks
}

function extent(spec: ChartSpec, fromZero: boolean): { ticks: number[]; min: number; max: number } {
  const values: number[] = []
  for (const p of spec.points) for (const v of [p.value, p.low, p.high]) if (typeof v === 'number') values.push(v)
  if (typeof spec.target === 'number') values.push(spec.target)
  if (fromZero || values.length === 0) values.push(0)
  let lo = Math.min(...values)
  let hi = Math.max(...values)
  if (values.length === 1) hi = lo === 0 ? (spec.unit === 'percent' ? 1 : 1) : hi
  let ticks = niceTicks(lo, hi, 5)
  if (spec.unit === 'percent') {
    ticks = ticks.filter(t => t >= 0 && t <= 1)
    if (ticks.length < 2) ticks = [0, 1]
    lo = Math.min(lo, ticks[0]!)
    hi = Math.max(hi, ticks[ticks.length - 1]!)
  }
  return { ticks, min: Math.min(ticks[0]!, lo), max: Math.max(ticks[ticks.length - 1]!, hi) }
}

function tickLabel(v: number, spec: ChartSpec): string {
  return spec.unit === 'percent' ? `${Math.round(v * 100)}%` : v.toLocaleString('en-GB', { maximumFractionDigits: 3 })
}

const round = (n: number) => Math.round(n * 10) / 10

function hiddenSentence(spec: ChartSpec): string {
  const hidden = spec.points.filter(p => p.value === null)
  if (hidden.length === 0) return ''
  const reasons = [...new Set(hidden.map(p => p.hiddenReason ?? 'too few people to show safely'))]
  return ` The figure for ${listWords(hidden.map(p => p.label))} is hidden (${reasons.join('; ').replace(/\.$/, '')}) and shown as a gap.`
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** The sentence in <desc>: first and last figure, the trend, the target and any hidden figures. */
export function describeLine(spec: ChartSpec): string {
  const shown = spec.points.filter((p): p is ChartPoint & { value: number } => p.value !== null)
  const fmt = (v: number) => formatValue(v, spec.unit, spec.unitLabel, spec.decimals)
  let s: string
  if (shown.length === 0) s = `No figures can be shown for ${spec.title}.`
  else if (shown.length === 1) s = `${spec.title}: ${fmt(shown[0]!.value)} in ${shown[0]!.label}, the only figure so far.`
  else {
    const first = shown[0]!
    const last = shown[shown.length - 1]!
    const trend = last.value > first.value ? 'up' : last.value < first.value ? 'down' : 'level'
    s = `${spec.title}: from ${fmt(first.value)} in ${first.label} to ${fmt(last.value)} in ${last.label}${trend === 'level' ? ', no overall change' : `, ${trend} overall`}; ${shown.length} figures.`
  }
  if (typeof spec.target === 'number') s += ` The target is ${fmt(spec.target)}.`
  if (spec.points.some(p => typeof p.low === 'number')) s += ' The shaded band is the 95% confidence interval.'
  return s + hiddenSentence(spec)
}

export function describeBars(spec: ChartSpec): string {
  const shown = spec.points.filter((p): p is ChartPoint & { value: number } => p.value !== null)
  const fmt = (v: number) => formatValue(v, spec.unit, spec.unitLabel, spec.decimals)
  let s: string
  if (shown.length === 0) s = `No figures can be shown for ${spec.title}.`
  else {
    const top = [...shown].sort((a, b) => b.value - a.value)[0]!
    const bottom = [...shown].sort((a, b) => a.value - b.value)[0]!
    s = `${spec.title}: ${shown.length} ${shown.length === 1 ? 'bar' : 'bars'}; highest ${top.label} at ${fmt(top.value)}${shown.length > 1 ? `, lowest ${bottom.label} at ${fmt(bottom.value)}` : ''}.`
  }
  if (typeof spec.target === 'number') s += ` The target is ${fmt(spec.target)}.`
  return s + hiddenSentence(spec)
}

function open(spec: ChartSpec, height: number, desc: string): string {
  const id = escapeXml(spec.id)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="charter-chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" ` +
    `preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="${id}-title ${id}-desc" focusable="false" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="${FONT}">` +
    `<title id="${id}-title">${escapeXml(spec.title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`
  )
}

/** A measure over periods: the line, its confidence band, the target as a labelled dashed line, direct labels. */
export function lineChart(spec: ChartSpec): string {
  const height = 320
  const m = { top: 24, right: 96, bottom: 48, left: 64 }
  const plotW = WIDTH - m.left - m.right
  const plotH = height - m.top - m.bottom
  const { ticks, min, max } = extent(spec, false)
  const y = (v: number) => round(m.top + plotH - ((v - min) / (max - min || 1)) * plotH)
  const count = spec.points.length
  const x = (i: number) => round(m.left + (count <= 1 ? plotW / 2 : (i / (count - 1)) * plotW))
  const colour = spec.colour ?? CHART_COLOURS.data
  const parts: string[] = [open(spec, height, describeLine(spec))]

  // Gridlines and the value axis.
  parts.push('<g class="charter-chart__axis" aria-hidden="true">')
  for (const t of ticks) {
    parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${y(t)}" y2="${y(t)}" stroke="${CHART_COLOURS.grid}" stroke-width="1"/>`)
    parts.push(`<text x="${m.left - 8}" y="${y(t) + 5}" text-anchor="end" fill="${CHART_COLOURS.text}">${escapeXml(tickLabel(t, spec))}</text>`)
  }
  parts.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="${CHART_COLOURS.ink}" stroke-width="2"/>`)
  spec.points.forEach((p, i) => {
    parts.push(`<text x="${x(i)}" y="${m.top + plotH + 24}" text-anchor="middle" fill="${CHART_COLOURS.text}">${escapeXml(p.label)}</text>`)
  })
  parts.push('</g>')

  // Confidence band, one polygon per unbroken run of points with intervals.
  const runs: number[][] = []
  let run: number[] = []
  spec.points.forEach((p, i) => {
    if (p.value !== null && typeof p.low === 'number' && typeof p.high === 'number') run.push(i)
    else if (run.length) {
      runs.push(run)
      run = []
    }
  })
  if (run.length) runs.push(run)
  for (const r of runs) {
    if (r.length < 2) {
      const i = r[0]!
      const p = spec.points[i]!
      parts.push(`<line class="charter-chart__interval" x1="${x(i)}" x2="${x(i)}" y1="${y(p.low as number)}" y2="${y(p.high as number)}" stroke="${colour}" stroke-width="2"/>`)
      continue
    }
    const upper = r.map(i => `${x(i)},${y(spec.points[i]!.high as number)}`)
    const lower = [...r].reverse().map(i => `${x(i)},${y(spec.points[i]!.low as number)}`)
    parts.push(`<polygon class="charter-chart__band" points="${[...upper, ...lower].join(' ')}" fill="${colour}" fill-opacity="0.18" stroke="${colour}" stroke-width="1" stroke-dasharray="2 3"/>`)
  }

  // Target: a dashed line with its value in words at the right.
  if (typeof spec.target === 'number') {
    const ty = y(spec.target)
    parts.push(`<g class="charter-chart__target"><line x1="${m.left}" x2="${m.left + plotW}" y1="${ty}" y2="${ty}" stroke="${CHART_COLOURS.ink}" stroke-width="2" stroke-dasharray="8 5"/>`)
    parts.push(`<text x="${m.left + plotW + 6}" y="${ty + 5}" fill="${CHART_COLOURS.text}">Target ${escapeXml(formatValue(spec.target, spec.unit, undefined, spec.decimals))}</text></g>`)
  }

  // The line, broken where a figure is hidden.
  const segments: string[][] = []
  let seg: string[] = []
  spec.points.forEach((p, i) => {
    if (p.value === null) {
      if (seg.length) segments.push(seg)
      seg = []
    } else seg.push(`${x(i)},${y(p.value)}`)
  })
  if (seg.length) segments.push(seg)
  for (const s of segments) if (s.length > 1) parts.push(`<polyline class="charter-chart__line" points="${s.join(' ')}" fill="none" stroke="${colour}" stroke-width="3"/>`)

  // Points with their values written beside them; hidden figures marked in words.
  spec.points.forEach((p, i) => {
    if (p.value === null) {
      parts.push(`<text class="charter-chart__hidden" data-label="${escapeXml(p.label)}" data-value="" x="${x(i)}" y="${m.top + plotH - 8}" text-anchor="middle" fill="${CHART_COLOURS.ink}" font-style="italic">hidden</text>`)
      return
    }
    parts.push(`<circle class="charter-chart__point" data-label="${escapeXml(p.label)}" data-value="${p.value}" cx="${x(i)}" cy="${y(p.value)}" r="5" fill="${colour}" stroke="#ffffff" stroke-width="2"/>`)
    parts.push(`<text x="${x(i)}" y="${y(p.value) - 12}" text-anchor="middle" fill="${CHART_COLOURS.text}" font-weight="bold">${escapeXml(formatValue(p.value, spec.unit, undefined, spec.decimals))}</text>`)
  })
  parts.push('</svg>')
  return parts.join('')
}

/** Horizontal bars (e.g. the latest figure of each measure), each labelled with its value; hidden bars say so. */
export function barChart(spec: ChartSpec): string {
  const barH = 28
  const gap = 16
  const m = { top: 16, right: 80, bottom: 40, left: 200 }
  const plotW = WIDTH - m.left - m.right
  const plotH = Math.max(1, spec.points.length) * (barH + gap)
  const height = m.top + plotH + m.bottom
  const { ticks, min, max } = extent(spec, true)
  const x = (v: number) => round(m.left + ((v - min) / (max - min || 1)) * plotW)
  const colour = spec.colour ?? CHART_COLOURS.data
  const parts: string[] = [open(spec, height, describeBars(spec))]
  parts.push('<g class="charter-chart__axis" aria-hidden="true">')
  for (const t of ticks) {
    parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${m.top}" y2="${m.top + plotH}" stroke="${CHART_COLOURS.grid}" stroke-width="1"/>`)
    parts.push(`<text x="${x(t)}" y="${m.top + plotH + 24}" text-anchor="middle" fill="${CHART_COLOURS.text}">${escapeXml(tickLabel(t, spec))}</text>`)
  }
  parts.push(`<line x1="${x(Math.max(min, 0))}" x2="${x(Math.max(min, 0))}" y1="${m.top}" y2="${m.top + plotH}" stroke="${CHART_COLOURS.ink}" stroke-width="2"/>`)
  parts.push('</g>')
  spec.points.forEach((p, i) => {
    const top = m.top + i * (barH + gap) + gap / 2
    const label = p.label.length > 26 ? `${p.label.slice(0, 25)}…` : p.label
    parts.push(`<text x="${m.left - 8}" y="${top + barH / 2 + 5}" text-anchor="end" fill="${CHART_COLOURS.text}">${escapeXml(label)}</text>`)
    if (p.value === null) {
      parts.push(`<text class="charter-chart__hidden" data-label="${escapeXml(p.label)}" data-value="" x="${x(Math.max(min, 0)) + 8}" y="${top + barH / 2 + 5}" fill="${CHART_COLOURS.ink}" font-style="italic">hidden</text>`)
      return
    }
    const x0 = x(Math.max(min, 0))
    const x1 = x(p.value)
    parts.push(`<rect class="charter-chart__bar" data-label="${escapeXml(p.label)}" data-value="${p.value}" x="${Math.min(x0, x1)}" y="${top}" width="${round(Math.abs(x1 - x0))}" height="${barH}" fill="${colour}"/>`)
    if (typeof p.low === 'number' && typeof p.high === 'number') {
      parts.push(`<line class="charter-chart__interval" x1="${x(p.low)}" x2="${x(p.high)}" y1="${top + barH / 2}" y2="${top + barH / 2}" stroke="${CHART_COLOURS.text}" stroke-width="2"/>`)
    }
    const end = typeof p.high === 'number' ? Math.max(x1, x(p.high)) : x1
    parts.push(`<text x="${round(end + 6)}" y="${top + barH / 2 + 5}" fill="${CHART_COLOURS.text}" font-weight="bold">${escapeXml(formatValue(p.value, spec.unit, undefined, spec.decimals))}</text>`)
  })
  if (typeof spec.target === 'number') {
    const tx = x(spec.target)
    parts.push(`<g class="charter-chart__target"><line x1="${tx}" x2="${tx}" y1="${m.top - 8}" y2="${m.top + plotH}" stroke="${CHART_COLOURS.ink}" stroke-width="2" stroke-dasharray="8 5"/>`)
    parts.push(`<text x="${tx}" y="${m.top - 2}" text-anchor="middle" fill="${CHART_COLOURS.text}" font-size="12">Target ${escapeXml(formatValue(spec.target, spec.unit, undefined, spec.decimals))}</text></g>`)
  }
  parts.push('</svg>')
  return parts.join('')
}

export interface ChartTable {
  caption: string
  head: string[]
  /** One row per point: the label, then the cells in words. */
  rows: { label: string; cells: string[]; hidden: boolean }[]
}

/** The companion data table: every figure of the chart in words (the accessible source of the chart). */
export function chartTable(spec: ChartSpec, labelHeading = 'Period'): ChartTable {
  const hasInterval = spec.points.some(p => typeof p.low === 'number')
  const hasN = spec.points.some(p => typeof p.n === 'number')
  const valueHeading = spec.unit === 'percent' ? 'Percentage' : spec.unitLabel ? `Figure (${spec.unitLabel})` : 'Figure'
  const head = [labelHeading, valueHeading, ...(hasInterval ? ['95% range'] : []), ...(hasN ? ['n'] : [])]
  const fmt = (v: number) => formatValue(v, spec.unit, undefined, spec.decimals)
  return {
    caption: spec.title,
    head,
    rows: spec.points.map(p => ({
      label: p.label,
      hidden: p.value === null,
      cells: [
        p.value === null ? `Hidden: ${p.hiddenReason ?? 'too few to show safely'}` : fmt(p.value),
        ...(hasInterval ? [p.value !== null && typeof p.low === 'number' && typeof p.high === 'number' ? `${fmt(p.low)} to ${fmt(p.high)}` : 'None'] : []),
        ...(hasN ? [typeof p.n === 'number' ? p.n.toLocaleString('en-GB') : 'Not known'] : []),
      ],
    })),
  }
}
