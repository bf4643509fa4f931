import type { PrincipleRow } from '../data/principle.repository.ts'

export interface PrincipleDto {
  id: string
  position: number
  title: string
  /** Plain-English text. */
  body: string
  /** The body split into paragraphs (at blank lines), for pages. */
  paragraphs: string[]
  sourceReference: string | null
  createdAt: string
  updatedAt: string
}

export function toPrincipleDto(row: PrincipleRow): PrincipleDto {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    body: row.body,
    paragraphs: row.body
      .split(/\n\s*\n/)
      .map(p => p.trim())
      .filter(p => p.length > 0),
    sourceReference: row.source_reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}
