import type { z } from 'zod'
import { parseForm } from '../../../../../platform/http/validate.ts'
import { CHANNELS, FORMATS, labelOf, type DimensionDefinition, type PanelCatalogue } from '../../../domain/catalogue.ts'
import type { ConsentWordingDto } from '../../../domain/consent.ts'
import { answerField, consentQuestion, FIELD, listOf, type FormValues, type Voice } from '../../../domain/join-questions.ts'
import type { PostalAddress } from '../../../domain/participant.ts'

/** What the field macros in fields.njk need, built from the catalogue and the form's values. Shared by every form. */

/** Form values as the templates want them: checkbox fields as lists (a single ticked box arrives as a string). */
export function formValues(raw: FormValues | undefined, catalogue: PanelCatalogue): Record<string, unknown> {
  const values: Record<string, unknown> = { ...(raw ?? {}) }
  delete values._csrf
  for (const field of [FIELD.needs, FIELD.seldomHeardTags, ...catalogue.dimensions.map(d => answerField(d.key))]) {
    if (field in values) values[field] = listOf(values[field])
  }
  return values
}

export function dimensionView(d: DimensionDefinition) {
  return { key: d.key, label: d.label, question: d.question, multiple: d.multiple, options: d.options.map(o => ({ ...o })) }
}

export function channelOptions() {
  return CHANNELS.map(c => ({ code: c.code, label: c.label }))
}

export function formatOptions() {
  return FORMATS.map(f => ({ code: f.code, label: f.label }))
}

export function consentWordingsView(wordings: readonly ConsentWordingDto[], voice: Voice, hints: Record<string, string> = {}) {
  return wordings.map(w => ({ ...w, question: consentQuestion(w.purpose, voice).question, hintHtml: hints[w.purpose] }))
}

export function addressLines(address: PostalAddress | null | undefined): string[] {
  if (!address) return []
  return [address.line1, address.line2, address.town, address.postcode].filter((l): l is string => !!l)
}

export function channelLabel(code: string): string {
  return labelOf(CHANNELS, code)
}

export function formatLabel(code: string, language?: string | null): string {
  return code === 'another_language' && language ? `${labelOf(FORMATS, code)}: ${language}` : labelOf(FORMATS, code)
}

export function answerLabels(d: DimensionDefinition, codes: readonly string[] | undefined): string[] {
  return (codes ?? []).map(c => labelOf(d.options, c))
}

export function supportNeedLines(catalogue: PanelCatalogue, needs: readonly { need: string; detail?: string | null }[]): string[] {
  return needs.map(n => {
    const label = labelOf(catalogue.supportNeeds, n.need)
    return n.detail ? `${label}: ${n.detail}` : label
  })
}

type FieldErrorList = { field: string; message: string }[]

/**
 * Parse one form with several schemas (the sections of a long form), keeping every section's errors, in the order
 * given (the order of the fields on the page).
 */
export function parseSections<S extends Record<string, z.ZodType>>(
  values: FormValues,
  sections: S,
): { ok: true; value: { [K in keyof S]: z.infer<S[K]> } } | { ok: false; errors: FieldErrorList } {
  const out: Record<string, unknown> = {}
  const errors: FieldErrorList = []
  for (const [key, schema] of Object.entries(sections)) {
    const form = parseForm(schema, values)
    if (form.ok) out[key] = form.value
    else for (const e of form.errors) if (!errors.some(x => x.field === e.field)) errors.push(e)
  }
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, value: out as { [K in keyof S]: z.infer<S[K]> } }
}
