// The accommodation form, read with zod: every problem at once, one per field, in page order (the domain's rules
// on what could be read join the form's own).
import { z } from 'zod'
import { accommodationProblems, type AccommodationDto, type AccommodationInput, type AccommodationKind, type AccommodationStatus } from '../../../domain/accommodations.ts'
import { inPageOrder, text, type FormValues } from '../../forms.ts'

export const ACCOMMODATION_FIELDS = ['kind', 'pseudonym', 'status', 'note'] as const

export function readInput(values: FormValues): AccommodationInput {
  return { kind: text(values.kind) as AccommodationKind, pseudonym: text(values.pseudonym), status: text(values.status) as AccommodationStatus, note: text(values.note) }
}

export const accommodationSchema = z.record(z.string(), z.unknown()).transform((values, ctx) => {
  const input = readInput(values)
  for (const p of inPageOrder(accommodationProblems(input), ACCOMMODATION_FIELDS)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
  return input
})

export function accommodationValues(a: AccommodationDto): FormValues {
  return { kind: a.kind, pseudonym: a.participantId ? (a.pseudonym ?? '') : '', status: a.status, note: a.note ?? '' }
}
