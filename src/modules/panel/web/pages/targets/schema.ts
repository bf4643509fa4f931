import { z } from 'zod'
import type { PanelCatalogue } from '../../../domain/catalogue.ts'
import {
  settingProblems,
  targetFieldId,
  targetOptions,
  targetProblems,
  toTenths,
  type SetRepresentationTargetsInput,
} from '../../../domain/set-representation-targets.ts'

/** A number as people type it: spaces and a "%" at the end do not matter. Undefined: not a number. */
function readNumber(raw: unknown): number | null | undefined {
  const typed = typeof raw === 'string' ? raw.trim().replace(/\s*%$/, '').trim() : ''
  if (typed === '') return null
  return /^-?\d+(\.\d+)?$/.test(typed) ? Number(typed) : undefined
}

/**
 * The targets form for a catalogue: one box per value of each dimension (`target--<dimension>--<code>`), the
 * tolerance and the months for attrition. Every problem is found at once, each on its own field, in page order:
 * the two settings (first on the page), then a box that is not a number, out of range or with more than one decimal
 * place, and (when every box of a dimension is right) a dimension whose targets add up to more than 100%.
 */
export function targetsSchema(catalogue: PanelCatalogue) {
  return z.record(z.string(), z.unknown()).transform((form, ctx): SetRepresentationTargetsInput => {
    const targets: Record<string, Record<string, number | null>> = {}
    for (const d of catalogue.dimensions) {
      const values: Record<string, number | null> = {}
      // Not a number: NaN, which the rules report as "Enter the target ... as a number".
      for (const o of targetOptions(d)) {
        const n = readNumber(form[targetFieldId(d.key, o.code)])
        values[o.code] = n === undefined ? Number.NaN : n
      }
      targets[d.key] = values
    }
    // Both settings are needed: empty is as wrong as not a number.
    const settings = { tolerance: readNumber(form.tolerance) ?? Number.NaN, attritionMonths: readNumber(form.attritionMonths) ?? Number.NaN }
    for (const p of [...settingProblems(settings), ...targetProblems(catalogue, targets)]) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message })
    return { targets, ...settings }
  })
}

/** What the form shows for a stored target: "12.5", "40", or empty. */
export function formatTarget(target: number | undefined): string {
  if (target === undefined) return ''
  const tenths = toTenths(target)
  return tenths === null ? String(target) : (tenths / 10).toString()
}
