// The selection pages' forms, read with zod: every problem at once, each on its own field, in page order, with a
// message that says what to do. parseForm (platform/http/validate.ts) keeps what the person typed for the re-render.
import { z } from 'zod'
import type { LeaveReason } from '../data/selection.table.ts'
import type { Algorithm, Feature } from '../domain/algorithm/types.ts'
import { LEAVE_REASONS } from '../domain/app/core-group.ts'
import { quotaFieldId } from '../domain/app/quotas.ts'
import { ALGORITHMS, MAX_PANEL_SIZE, MAX_SLACK, MIN_PANEL_SIZE, type CreateSelectionInput, type QuotaInput } from '../domain/app/runs.ts'

type Issue = { path: string; message: string }
type Values = Record<string, unknown>

function text(v: unknown): string {
  return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim()
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String)
  return typeof v === 'string' && v !== '' ? [v] : []
}

function wholeNumber(v: unknown): number | undefined {
  const t = text(v)
  return /^\d{1,6}$/.test(t) ? Number(t) : undefined
}

function formSchema<T>(read: (values: Values, issues: Issue[]) => T) {
  return z.record(z.string(), z.unknown()).transform((values, ctx) => {
    const issues: Issue[] = []
    const out = read(values, issues)
    const seen = new Set<string>()
    for (const i of issues) {
      if (seen.has(i.path)) continue
      seen.add(i.path)
      ctx.addIssue({ code: 'custom', path: [i.path], message: i.message })
    }
    return issues.length > 0 ? z.NEVER : out
  })
}

export const newSelectionSchema = formSchema<CreateSelectionInput>((values, issues) => {
  const title = text(values.title)
  if (!title) issues.push({ path: 'title', message: 'Enter a name for this selection, for example “Core Group 2027”' })
  else if (title.length > 200) issues.push({ path: 'title', message: 'The name must be 200 characters or fewer' })
  const panelSize = wholeNumber(values.panelSize)
  if (panelSize === undefined || panelSize < MIN_PANEL_SIZE || panelSize > MAX_PANEL_SIZE) {
    issues.push({ path: 'panelSize', message: `Enter how many people to select, as a whole number from ${MIN_PANEL_SIZE} to ${MAX_PANEL_SIZE}` })
  }
  const dimensions = list(values.dimensions)
  const seldomRaw = text(values.seldomHeardMin)
  let seldomHeardMin: number | null = null
  if (seldomRaw !== '') {
    const n = wholeNumber(seldomRaw)
    if (n === undefined) issues.push({ path: 'seldomHeardMin', message: 'Enter the smallest number of people from seldom-heard groups as a whole number, or leave it empty' })
    else if (panelSize !== undefined && n > panelSize) issues.push({ path: 'seldomHeardMin', message: `The number from seldom-heard groups must be ${panelSize} or fewer, the size of the group` })
    else seldomHeardMin = n
  }
  const slack = wholeNumber(values.slack)
  if (slack === undefined || slack > MAX_SLACK) issues.push({ path: 'slack', message: `Select how far the quotas may move from the targets` })
  // Last: the question comes last on the page, and the summary lists problems in page order.
  const algorithm = text(values.algorithm) as Algorithm
  if (!ALGORITHMS.some(a => a.code === algorithm)) issues.push({ path: 'algorithm', message: 'Select how to share out the chances' })
  return { title, panelSize: panelSize ?? 0, algorithm, dimensions, seldomHeardMin, slack: slack ?? 0 }
})

/** The quotas form for a selection's features: a minimum and a maximum box per value. */
export function quotasSchema(quotas: readonly Feature[], panelSize: number) {
  return formSchema<QuotaInput>((values, issues) => {
    const out: QuotaInput = {}
    for (const f of quotas) {
      out[f.name] = {}
      for (const q of f.values) {
        const bounds = { min: Number.NaN, max: Number.NaN }
        for (const bound of ['min', 'max'] as const) {
          const id = quotaFieldId(f.name, q.value, bound)
          const n = wholeNumber(values[id])
          if (n === undefined || n > panelSize) issues.push({ path: id, message: `Enter the ${bound === 'min' ? 'minimum' : 'maximum'} as a whole number from 0 to ${panelSize}` })
          else bounds[bound] = n
        }
        out[f.name]![q.value] = bounds
      }
    }
    return out
  })
}

export const drawSchema = formSchema<{ seed: string; witnesses: string }>((values, issues) => {
  const seed = text(values.seed)
  if (!seed) issues.push({ path: 'seed', message: 'Enter the seed: the numbers or words announced for the draw' })
  else if (seed.length > 500) issues.push({ path: 'seed', message: 'The seed must be 500 characters or fewer' })
  const witnesses = text(values.witnesses)
  if (witnesses.length > 2000) issues.push({ path: 'witnesses', message: 'The witnesses’ names must be 2,000 characters or fewer' })
  return { seed, witnesses }
})

/** A GOV.UK date input (`<prefix>-day`, `-month`, `-year`) as an ISO date. */
function readDate(values: Values, prefix: string, what: string, issues: Issue[]): string {
  const day = text(values[`${prefix}-day`])
  const month = text(values[`${prefix}-month`])
  const year = text(values[`${prefix}-year`])
  if (!day && !month && !year) {
    issues.push({ path: `${prefix}-day`, message: `Enter ${what}` })
    return ''
  }
  if (!day) issues.push({ path: `${prefix}-day`, message: `${capitalise(what)} must include a day` })
  else if (!month) issues.push({ path: `${prefix}-month`, message: `${capitalise(what)} must include a month` })
  else if (!year) issues.push({ path: `${prefix}-year`, message: `${capitalise(what)} must include a year` })
  if (!day || !month || !year) return ''
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const date = new Date(Date.UTC(y, m - 1, d))
  const real = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && date.getUTCDate() === d && date.getUTCMonth() === m - 1 && y >= 2000
  if (!real) {
    issues.push({ path: `${prefix}-day`, message: `${capitalise(what)} must be a real date, like 27 3 2027` })
    return ''
  }
  return date.toISOString().slice(0, 10)
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export const confirmSchema = formSchema<{ startsOn: string }>((values, issues) => ({ startsOn: readDate(values, 'startsOn', 'the date they join the Core Group', issues) }))

export const discardSchema = formSchema<{ reason: string }>((values, issues) => {
  const reason = text(values.reason)
  if (reason.length > 1000) issues.push({ path: 'reason', message: 'The reason must be 1,000 characters or fewer' })
  return { reason }
})

export const leaveSchema = formSchema<{ leftOn: string; reason: LeaveReason; detail: string }>((values, issues) => {
  const leftOn = readDate(values, 'leftOn', 'the date they left', issues)
  const reason = text(values.reason) as LeaveReason
  if (!LEAVE_REASONS.some(r => r.chosen && r.code === reason)) issues.push({ path: 'reason', message: 'Select why they left' })
  const detail = text(values.detail)
  if (reason === 'other' && !detail) issues.push({ path: 'detail', message: 'Say why they left' })
  else if (detail.length > 1000) issues.push({ path: 'detail', message: 'The reason must be 1,000 characters or fewer' })
  return { leftOn, reason, detail }
})
