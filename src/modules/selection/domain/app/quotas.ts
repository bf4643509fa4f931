// Quotas for a selection from the panel, as pure rules: which dimensions can carry quotas, quotas suggested from the
// organisation's population targets, the checks a person's quotas must pass before any computing, and the selection
// instance built from the pool. No database here.
import type { DimensionDefinition, PanelCatalogue, SelectionPoolMember } from '../../../panel/index.ts'
import { NOT_ANSWERED } from '../../../panel/index.ts'
import type { Feature, SelectionInstance } from '../algorithm/types.ts'

/** The extra feature for seldom-heard groups: a member with any seldom-heard tag counts as 'yes'. */
export const SELDOM_HEARD_FEATURE = 'seldom_heard'
export const NOT_ANSWERED_LABEL = 'Not answered'

/** What the analyst chose when setting up a selection; stored with the run. */
export interface RunSettings {
  /** Dimension keys (single-valued dimensions of the catalogue) with quotas. */
  dimensions: string[]
  /** At least this many seldom-heard members; null for no quota on it. */
  seldomHeardMin: number | null
  /** Seats either side of the target share that a quota allows (0: as close to the target as whole seats allow). */
  slack: number
}

export interface QuotaLine {
  feature: string
  featureLabel: string
  value: string
  valueLabel: string
  min: number
  max: number
  /** Members of the pool with this value. */
  inPool: number
  /** The organisation's target share, per cent; null if none. */
  target: number | null
}

/** Dimensions a quota can be set on: those where each person has exactly one answer. */
export function quotaDimensions(catalogue: PanelCatalogue): DimensionDefinition[] {
  return catalogue.dimensions.filter(d => !d.multiple)
}

/** The values of a dimension as the pool has them: its options (with "Prefer not to say") and "Not answered". */
export function dimensionValues(d: DimensionDefinition): { code: string; label: string }[] {
  return [...d.options.map(o => ({ code: o.code, label: o.label })), { code: NOT_ANSWERED, label: NOT_ANSWERED_LABEL }]
}

export function featureValueOf(member: SelectionPoolMember, feature: string): string {
  if (feature === SELDOM_HEARD_FEATURE) return member.seldomHeardTags.length > 0 ? 'yes' : 'no'
  return member.values[feature] ?? NOT_ANSWERED
}

/**
 * Quotas from the targets: a value with a target share t gets between floor(k·t) − slack and ceil(k·t) + slack seats;
 * a value without a target (including "Prefer not to say" and "Not answered") may have any number, 0 to k.
 */
export function suggestQuotas(input: {
  panelSize: number
  catalogue: PanelCatalogue
  settings: RunSettings
  targets: ReadonlyMap<string, ReadonlyMap<string, number>>
}): Feature[] {
  const k = input.panelSize
  const features: Feature[] = []
  for (const key of input.settings.dimensions) {
    const d = quotaDimensions(input.catalogue).find(x => x.key === key)
    if (!d) continue
    const targets = input.targets.get(key)
    features.push({
      name: key,
      values: dimensionValues(d).map(v => {
        const share = targets?.get(v.code)
        if (share === undefined) return { value: v.code, min: 0, max: k }
        const ideal = (k * share) / 100
        return {
          value: v.code,
          min: Math.max(0, Math.floor(ideal + 1e-9) - input.settings.slack),
          max: Math.min(k, Math.ceil(ideal - 1e-9) + input.settings.slack),
        }
      }),
    })
  }
  if (input.settings.seldomHeardMin !== null) {
    features.push({
      name: SELDOM_HEARD_FEATURE,
      values: [
        { value: 'yes', min: Math.min(k, input.settings.seldomHeardMin), max: k },
        { value: 'no', min: 0, max: k },
      ],
    })
  }
  return features
}

/** Labels for a feature and its values, from the catalogue. */
export function featureLabels(catalogue: PanelCatalogue, feature: string): { label: string; values: Map<string, string> } {
  if (feature === SELDOM_HEARD_FEATURE) return { label: 'Seldom-heard group', values: new Map([['yes', 'In a seldom-heard group'], ['no', 'Not in a seldom-heard group']]) }
  const d = catalogue.dimensions.find(x => x.key === feature)
  if (!d) return { label: feature, values: new Map() }
  return { label: d.label, values: new Map(dimensionValues(d).map(v => [v.code, v.label])) }
}

/** The quotas as lines for a page: labels, pool counts and targets beside each min and max. */
export function quotaLines(
  catalogue: PanelCatalogue,
  quotas: readonly Feature[],
  pool: readonly SelectionPoolMember[] | null,
  targets: ReadonlyMap<string, ReadonlyMap<string, number>>,
): QuotaLine[] {
  const lines: QuotaLine[] = []
  for (const f of quotas) {
    const labels = featureLabels(catalogue, f.name)
    const counts = new Map<string, number>()
    for (const m of pool ?? []) {
      const v = featureValueOf(m, f.name)
      counts.set(v, (counts.get(v) ?? 0) + 1)
    }
    for (const q of f.values) {
      lines.push({
        feature: f.name,
        featureLabel: labels.label,
        value: q.value,
        valueLabel: labels.values.get(q.value) ?? q.value,
        min: q.min,
        max: q.max,
        inPool: counts.get(q.value) ?? 0,
        target: targets.get(f.name)?.get(q.value) ?? null,
      })
    }
  }
  return lines
}

/** The id of the form field for a quota's minimum or maximum. */
export function quotaFieldId(feature: string, value: string, bound: 'min' | 'max'): string {
  return `q-${feature}-${value}-${bound}`
}

export interface QuotaProblem {
  field: string
  message: string
}

/**
 * Checks that need no solver: whole numbers from 0 to k, min ≤ max, and per feature the minimums add up to at most
 * k and the maximums to at least k. Whether the pool can meet them is for the computation (it suggests changes).
 */
export function checkQuotas(catalogue: PanelCatalogue, quotas: readonly Feature[], panelSize: number): QuotaProblem[] {
  const problems: QuotaProblem[] = []
  for (const f of quotas) {
    const labels = featureLabels(catalogue, f.name)
    let minSum = 0
    let maxSum = 0
    for (const q of f.values) {
      const name = `${labels.label}: ${labels.values.get(q.value) ?? q.value}`
      for (const bound of ['min', 'max'] as const) {
        const n = q[bound]
        if (!Number.isInteger(n) || n < 0 || n > panelSize) {
          problems.push({ field: quotaFieldId(f.name, q.value, bound), message: `${name}: the ${bound === 'min' ? 'minimum' : 'maximum'} must be a whole number from 0 to ${panelSize}` })
        }
      }
      if (Number.isInteger(q.min) && Number.isInteger(q.max) && q.min > q.max) {
        problems.push({ field: quotaFieldId(f.name, q.value, 'min'), message: `${name}: the minimum (${q.min}) must not be more than the maximum (${q.max})` })
      }
      minSum += q.min
      maxSum += q.max
    }
    const first = f.values[0]
    // Totals only when every box of the feature is a whole number in range: otherwise they would mislead.
    const allWhole = f.values.every(q => [q.min, q.max].every(n => Number.isInteger(n) && n >= 0 && n <= panelSize))
    if (!allWhole) continue
    if (first && minSum > panelSize) {
      problems.push({ field: quotaFieldId(f.name, first.value, 'min'), message: `${labels.label}: the minimums add up to ${minSum}, more than the ${panelSize} seats. Lower some of them` })
    }
    if (first && maxSum < panelSize) {
      problems.push({ field: quotaFieldId(f.name, first.value, 'max'), message: `${labels.label}: the maximums add up to ${maxSum}, fewer than the ${panelSize} seats. Raise some of them` })
    }
  }
  return problems
}

/** The selection problem for the pool: people identified by pseudonym, one value per quota feature. */
export function buildInstance(pool: readonly SelectionPoolMember[], quotas: readonly Feature[], panelSize: number): SelectionInstance {
  return {
    panelSize,
    features: quotas.map(f => ({ name: f.name, values: f.values.map(v => ({ ...v })) })),
    people: pool.map(m => ({
      id: m.pseudonym,
      values: quotas.map(f => featureValueOf(m, f.name)),
      ...(m.household ? { household: m.household } : {}),
    })),
  }
}
