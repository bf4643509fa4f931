// Open data (issue 8, item 3): every published measurement as CSV, with the n behind each figure, its interval and
// whether it is hidden because the numbers are small. Only the agreed framework of a published charter.
import { stringify } from 'csv-stringify/sync'
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { getDashboard, type Audience } from './dashboard.ts'

export const OPEN_DATA_COLUMNS = [
  'section',
  'commitment',
  'outcome',
  'measure_code',
  'measure',
  'kind',
  'unit',
  'period',
  'numerator',
  'denominator',
  'respondents',
  'value',
  'ci95_low',
  'ci95_high',
  'target',
  'target_comparison',
  'suppressed',
  'suppression_reason',
  'you_said',
  'we_did',
] as const

const num = (v: number | null, digits = 4) => (v === null ? '' : String(Number(v.toFixed(digits))))

/**
 * The CSV text (UTF-8, a header row, one row per measure and period), optionally of one measure only. Empty but for
 * the header when nothing is published. The public audience gets small numbers hidden; staff get every figure (with
 * `suppressed` saying what the public file hides).
 */
export async function measurementsCsv(deps: AppDeps, actor: Actor, audience: Audience, measureCode?: string): Promise<string> {
  const d = await getDashboard(deps, actor, audience)
  const rows: string[][] = []
  for (const s of d.sections) {
    for (const c of s.commitments) {
      for (const o of c.outcomes) {
        for (const h of o.measures) {
          if (measureCode && h.code !== measureCode) continue
          for (const f of h.figures) {
            rows.push([
              s.title,
              c.text,
              o.title,
              h.code,
              h.title,
              h.kind,
              h.kind === 'survey_percentage' ? 'proportion' : (h.unit ?? ''),
              f.period,
              f.hidden ? '' : num(f.numerator, 0),
              num(f.denominator, 0),
              num(f.respondents, 0),
              num(f.value),
              num(f.low),
              num(f.high),
              num(h.target),
              h.target === null ? '' : h.higherIsBetter ? 'at_least' : 'at_most',
              f.smallNumber ? 'yes' : 'no',
              f.smallNumber ? (f.hiddenReason ?? '') : '',
              f.youSaid ?? '',
              f.weDid ?? '',
            ])
          }
        }
      }
    }
  }
  return stringify([[...OPEN_DATA_COLUMNS], ...rows])
}

/** The open data: every published measurement, small numbers hidden. */
export function publishedMeasurementsCsv(deps: AppDeps, actor: Actor, measureCode?: string): Promise<string> {
  return measurementsCsv(deps, actor, 'public', measureCode)
}
