import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../platform/errors.ts'
import { deleteTarget, findRepresentationSettings, findTargets, saveRepresentationSettings, upsertTarget } from '../data/representation.repository.ts'
import { PREFER_NOT_TO_SAY, panelCatalogue, type DimensionDefinition, type PanelCatalogue } from './catalogue.ts'
import { mayConfigureRepresentation } from './queries/representation.ts'
import { DEFAULT_ATTRITION_MONTHS, DEFAULT_GAP_TOLERANCE } from './representation.ts'

export interface SetRepresentationTargetsInput {
  /**
   * The whole set of targets, in per cent, by dimension key then value code: a value left out (or null) has no
   * target. "Prefer not to say" never has one.
   */
  targets: Readonly<Record<string, Readonly<Record<string, number | null | undefined>>>>
  /** Gaps bigger than this many percentage points are highlighted (0 to 50, one decimal place). */
  tolerance: number
  /** Active members who have not taken part for this many months count as lapsed (1 to 120). */
  attritionMonths: number
}

export const TOLERANCE_RANGE = { min: 0, max: 50 } as const
export const ATTRITION_MONTHS_RANGE = { min: 1, max: 120 } as const

/** The form field (and error link) for one value's target: `target--<dimension>--<code>` (codes never hold "-"). */
export function targetFieldId(dimension: string, code: string): string {
  return `target--${dimension}--${code}`
}

/** The values of a dimension that can have a target: every answer but "Prefer not to say". */
export function targetOptions(d: DimensionDefinition) {
  return d.options.filter(o => o.code !== PREFER_NOT_TO_SAY.code)
}

/** Whole tenths, or null when the number has more than one decimal place. */
export function toTenths(n: number): number | null {
  const tenths = Math.round(n * 10)
  return Math.abs(n * 10 - tenths) < 1e-9 ? tenths : null
}

/** "Eastport (Area)": how a value is named in messages. */
export function targetName(d: DimensionDefinition, label: string): string {
  return `${label} (${d.label})`
}

/**
 * The rules for a set of targets, as GOV.UK error messages on their fields: each a number from 0 to 100 with at most
 * one decimal place, and on a dimension with one answer per person, the targets adding up to 100% or less (on a
 * dimension where people can give several answers, population shares overlap, so they may add up to more).
 */
export function targetProblems(catalogue: PanelCatalogue, targets: SetRepresentationTargetsInput['targets']): FieldError[] {
  const problems: FieldError[] = []
  for (const [key, values] of Object.entries(targets)) {
    const d = catalogue.dimensions.find(x => x.key === key)
    for (const [code, target] of Object.entries(values)) {
      const option = d ? targetOptions(d).find(o => o.code === code) : undefined
      if (!d || !option) {
        problems.push({ field: 'form', message: `There is no answer '${code}' on '${key}' to set a target for` })
        continue
      }
      if (target === null || target === undefined) continue
      const name = targetName(d, option.label)
      const field = targetFieldId(d.key, code)
      if (!Number.isFinite(target)) problems.push({ field, message: `Enter the target for ${name} as a number, like 12 or 12.5` })
      else if (target < 0) problems.push({ field, message: `The target for ${name} must be 0% or more` })
      else if (target > 100) problems.push({ field, message: `The target for ${name} must be 100% or less` })
      else if (toTenths(target) === null) problems.push({ field, message: `The target for ${name} must have no more than 1 decimal place` })
    }
  }
  for (const d of catalogue.dimensions) {
    if (d.multiple) continue
    const values = targets[d.key] ?? {}
    const fields = targetOptions(d).map(o => targetFieldId(d.key, o.code))
    if (problems.some(p => fields.includes(p.field))) continue
    const tenths = targetOptions(d).reduce((sum, o) => sum + (toTenths(values[o.code] ?? 0) ?? 0), 0)
    if (tenths > 1000) {
      const first = targetOptions(d).find(o => values[o.code] !== null && values[o.code] !== undefined) ?? targetOptions(d)[0]!
      problems.push({
        field: targetFieldId(d.key, first.code),
        message: `The targets for ${d.label.toLowerCase()} add up to ${(tenths / 10).toLocaleString('en-GB')}%. They must add up to 100% or less`,
      })
    }
  }
  // In the order of the page, so the error summary reads top to bottom.
  const order = catalogue.dimensions.flatMap(d => targetOptions(d).map(o => targetFieldId(d.key, o.code)))
  const position = (field: string) => (field === 'form' ? -1 : order.indexOf(field))
  return problems.sort((a, b) => position(a.field) - position(b.field))
}

/** Problems with the two settings, as GOV.UK error messages. */
export function settingProblems(input: Pick<SetRepresentationTargetsInput, 'tolerance' | 'attritionMonths'>): FieldError[] {
  const problems: FieldError[] = []
  const t = input.tolerance
  if (!Number.isFinite(t) || t < TOLERANCE_RANGE.min || t > TOLERANCE_RANGE.max || toTenths(t) === null) {
    problems.push({ field: 'tolerance', message: 'Enter a number of percentage points from 0 to 50, with no more than 1 decimal place' })
  }
  const m = input.attritionMonths
  if (!Number.isInteger(m) || m < ATTRITION_MONTHS_RANGE.min || m > ATTRITION_MONTHS_RANGE.max) {
    problems.push({ field: 'attritionMonths', message: 'Enter a whole number of months from 1 to 120' })
  }
  return problems
}

/**
 * Set the population targets and the representation page's settings. One transaction; audited as
 * 'panel.targets_changed' with every change (dimension, value, before and after: no personal data). Nothing changed:
 * nothing written. Returns how many targets and settings changed.
 */
export async function setRepresentationTargets(deps: AppDeps, actor: Actor, input: SetRepresentationTargetsInput): Promise<{ changes: number }> {
  if (!mayConfigureRepresentation(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot set the panel’s targets' })
  const catalogue = panelCatalogue()
  // In the order of the page: the settings come first.
  const problems = [...settingProblems(input), ...targetProblems(catalogue, input.targets)]
  if (problems.length > 0) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: problems[0]!.message, fieldErrors: problems })

  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const current = new Map((await findTargets(uow.trx)).map(t => [`${t.dimension}\u0000${t.value}`, t.target_tenths]))
    const changes: { dimension: string; value: string; from: number | null; to: number | null }[] = []
    for (const d of catalogue.dimensions) {
      for (const o of targetOptions(d)) {
        const wanted = input.targets[d.key]?.[o.code]
        const to = wanted === null || wanted === undefined ? null : toTenths(wanted)
        const from = current.get(`${d.key}\u0000${o.code}`) ?? null
        if (from === to) continue
        if (to === null) await deleteTarget(uow.trx, d.key, o.code)
        else await upsertTarget(uow.trx, { dimension: d.key, value: o.code, target_tenths: to, updated_at: now, updated_by_user_id: actor.userId })
        changes.push({ dimension: d.key, value: o.code, from: from === null ? null : from / 10, to: to === null ? null : to / 10 })
      }
    }
    const settings = await findRepresentationSettings(uow.trx)
    const before = { tolerance: settings ? settings.gap_tolerance_tenths / 10 : DEFAULT_GAP_TOLERANCE, attritionMonths: settings?.attrition_months ?? DEFAULT_ATTRITION_MONTHS }
    const settingChanges: Record<string, { from: number; to: number }> = {}
    if (before.tolerance !== input.tolerance) settingChanges.tolerance = { from: before.tolerance, to: input.tolerance }
    if (before.attritionMonths !== input.attritionMonths) settingChanges.attritionMonths = { from: before.attritionMonths, to: input.attritionMonths }
    if (Object.keys(settingChanges).length > 0 || (!settings && changes.length > 0)) {
      await saveRepresentationSettings(uow.trx, {
        gap_tolerance_tenths: toTenths(input.tolerance)!,
        attrition_months: input.attritionMonths,
        updated_at: now,
        updated_by_user_id: actor.userId,
      })
    }
    const count = changes.length + Object.keys(settingChanges).length
    if (count === 0) return { changes: 0 }
    await uow.audit({
      action: 'panel.targets_changed',
      subjectType: 'panel_representation',
      subjectId: 'default',
      summary: { targets: changes, ...settingChanges },
    })
    return { changes: count }
  })
}
