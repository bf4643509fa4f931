// The notes form: read as typed (the command checks everything, every problem at once, in page order, including the
// pseudonym against the panel), so nothing the person typed is lost on a re-render.
import { z } from 'zod'
import type { NotesInput } from '../../../domain/notes.ts'

function text(v: unknown): string {
  return Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : ''
}

export const notesSchema = z.record(z.string(), z.unknown()).transform(
  (values): NotesInput => ({
    kind: text(values.kind).trim(),
    pseudonym: text(values.pseudonym),
    body: text(values.body),
    notToBeQuoted: text(values.notToBeQuoted) === 'yes',
  }),
)

/** What the form shows again: exactly what was typed. */
export function formValues(input: NotesInput): Record<string, string> {
  return { kind: input.kind, pseudonym: input.pseudonym, body: input.body, notToBeQuoted: input.notToBeQuoted ? 'yes' : '' }
}
