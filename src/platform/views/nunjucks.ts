import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import type { FieldError } from '../errors.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
export const ROOT_DIR = path.resolve(here, '../../..')

/** Search paths, in order: platform views, module views (rendered as `<module>/web/pages/<page>/view.njk`), GOV.UK Frontend. */
export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [path.join(ROOT_DIR, 'src/platform/views'), path.join(ROOT_DIR, 'src/modules'), path.join(ROOT_DIR, 'node_modules/govuk-frontend/dist')],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )
  env.addFilter('findError', findError)
  env.addFilter('errorSummaryList', errorSummaryList)
  env.addFilter('formatDate', formatDate)
  env.addFilter('formatDateTime', formatDateTime)
  env.addFilter('formatNumber', (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-GB') : String(n ?? '')))
  env.addFilter('json', (v: unknown) => JSON.stringify(v, null, 2))
  return env
}

/** The GOV.UK error message for one field, or undefined. */
export function findError(errors: FieldError[] | undefined, field: string): { text: string } | undefined {
  const e = errors?.find(x => x.field === field)
  return e ? { text: e.message } : undefined
}

export function errorSummaryList(errors: FieldError[] | undefined): { text: string; href: string }[] {
  return (errors ?? []).map(e => ({ text: e.message, href: `#${e.field}` }))
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' })
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
})

export function formatDate(value: unknown): string {
  if (!value) return ''
  const d = new Date(String(value))
  return Number.isNaN(d.getTime()) ? String(value) : dateFmt.format(d)
}

/** GOV.UK style: "4 March 2026 at 2:05pm". */
export function formatDateTime(value: unknown): string {
  if (!value) return ''
  const d = new Date(String(value))
  if (Number.isNaN(d.getTime())) return String(value)
  const parts = dateTimeFmt.formatToParts(d)
  const get = (t: string) => parts.find(p => p.type === t)?.value ?? ''
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s|\./g, '')}`
}
