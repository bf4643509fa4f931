// Reading a posted form as typed. The domain commands check everything, so controllers read fields leniently and a
// re-render shows exactly what the person typed.

export type Body = Record<string, unknown> | undefined

/** One field's value as text ('' when missing; the first value when the field was repeated). */
export function text(body: Body, key: string): string {
  const v = body?.[key]
  return Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : ''
}

/** Every value of a repeated field (checkboxes). */
export function list(body: Body, key: string): string[] {
  const v = body?.[key]
  if (Array.isArray(v)) return v.map(String).filter(Boolean)
  return typeof v === 'string' && v ? [v] : []
}

/** A GOV.UK date input's three boxes as YYYY-MM-DD ('' when all are empty; something unreal when they do not make a date). */
export function dateFrom(body: Body, prefix: string): string {
  const day = text(body, `${prefix}-day`).trim()
  const month = text(body, `${prefix}-month`).trim()
  const year = text(body, `${prefix}-year`).trim()
  if (!day && !month && !year) return ''
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return 'not-a-date'
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}
