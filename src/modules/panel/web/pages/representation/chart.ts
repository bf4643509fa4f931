import type { DimensionRepresentation } from '../../../domain/representation.ts'

/**
 * A horizontal bar chart of one dimension, as geometry for the view's inline SVG: a bar for each answer's share of
 * the members who answered (0 to 100%), a line at its target, and the figures in words beside it. Colours are SVG
 * presentation attributes (allowed under our Content-Security-Policy, unlike style attributes) and carry no meaning
 * of their own: the words do. The table after the chart is its text alternative.
 */

const LABEL_WIDTH = 230
const BAR_SCALE = 3 // pixels per percentage point: 100% is 300 pixels wide
const ROW_HEIGHT = 34
const BAR_HEIGHT = 20
const TOP = 30
const WIDTH = 760
const MAX_LABEL = 30

export interface ChartRow {
  label: string
  y: number
  textY: number
  /** Null: the share is not shown (a small number), so no bar. */
  barWidth: number | null
  hasBar: boolean
  targetX: number | null
  hasTarget: boolean
  text: string
  textX: number
}

export interface Chart {
  width: number
  height: number
  barX: number
  barHeight: number
  ticks: { x: number; label: string }[]
  rows: ChartRow[]
}

const pct = (n: number) => `${n.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`
const targetPct = (n: number) => `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`

/** Long labels are shortened on the chart only; the table has them in full. */
function shorten(label: string): string {
  return label.length <= MAX_LABEL ? label : `${label.slice(0, MAX_LABEL - 1).trimEnd()}…`
}

export function barChart(d: DimensionRepresentation): Chart {
  const rows = d.rows.map((r, i) => {
    const y = TOP + i * ROW_HEIGHT
    const barWidth = r.share === null ? null : Math.round(r.share * BAR_SCALE * 10) / 10
    const targetX = r.target === null || r.share === null ? null : LABEL_WIDTH + r.target * BAR_SCALE
    const text = r.share === null ? 'Not shown' : r.target === null ? pct(r.share) : `${pct(r.share)} (target ${targetPct(r.target)})`
    const end = Math.max(barWidth ?? 0, targetX === null ? 0 : targetX - LABEL_WIDTH)
    return { label: shorten(r.label), y, textY: y + BAR_HEIGHT - 5, barWidth, hasBar: barWidth !== null, targetX, hasTarget: targetX !== null, text, textX: LABEL_WIDTH + end + 8 }
  })
  return {
    width: WIDTH,
    height: TOP + rows.length * ROW_HEIGHT + 4,
    barX: LABEL_WIDTH,
    barHeight: BAR_HEIGHT,
    ticks: [0, 25, 50, 75, 100].map(t => ({ x: LABEL_WIDTH + t * BAR_SCALE, label: `${t}%` })),
    rows,
  }
}
