// Reading the analysis forms as typed: the commands check everything, so nothing typed is lost on a re-render.

export type Body = Record<string, unknown> | undefined

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
