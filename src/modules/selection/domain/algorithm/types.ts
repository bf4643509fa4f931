// The input model of fair selection: a pool of people, each with one value per feature, quotas (min/max seats)
// per feature value, a panel size, and optionally a household per person (at most one person per household may be
// selected). Everything here is plain data, so an instance can be hashed, stored in a verification record and
// re-run by anyone.

/** One value of a feature and its quota: the panel must have between `min` and `max` people with this value. */
export interface FeatureValueQuota {
  value: string
  min: number
  max: number
  /**
   * Sortition Foundation's flexible bounds: the range within which the minimum and maximum may be moved when the
   * quotas cannot all be met (minFlex <= min, maxFlex >= max). Only used to suggest relaxations.
   */
  minFlex?: number
  maxFlex?: number
}

/** A feature (a "category" in the paper's files), e.g. gender, and its values with their quotas. */
export interface Feature {
  name: string
  values: FeatureValueQuota[]
}

/** A person in the pool. `values[f]` is their value of `features[f]`. */
export interface PoolMember {
  id: string
  values: string[]
  /** People with the same household key cannot both be selected. Absent or '' = a household of their own. */
  household?: string
}

/** A selection problem: choose `panelSize` people from `people` meeting every quota. */
export interface SelectionInstance {
  panelSize: number
  features: Feature[]
  people: PoolMember[]
}

export type Algorithm = 'leximin' | 'maximin' | 'legacy'

/** A per-person probability in the output. */
export interface PersonProbability {
  id: string
  probability: number
}

/** Thrown for input that cannot be a selection problem (bad CSV, unknown value, min > max, ...). */
export class SelectionInputError extends Error {
  override name = 'SelectionInputError'
}

export interface QuotaChange {
  feature: string
  value: string
  min: number
  max: number
  newMin: number
  newMax: number
  /** People in the pool with this value. */
  inPool: number
}

export interface QuotaRelaxation {
  /** Whether a change within the flexible bounds (min_flex/max_flex) was enough. */
  withinFlex: boolean
  /** Total amount by which minimums and maximums move. */
  total: number
  changes: QuotaChange[]
  /** One sentence per change, plus a summary, for people. */
  advice: string[]
}

/**
 * No panel satisfies all the quotas. From runSelection, `relaxation` says the smallest change to the quotas that
 * would make a panel possible (relaxation.ts), and the message is its advice.
 */
export class InfeasibleQuotasError extends Error {
  override name = 'InfeasibleQuotasError'
  relaxation?: QuotaRelaxation
  constructor(message: string, relaxation?: QuotaRelaxation) {
    super(message)
    if (relaxation) this.relaxation = relaxation
  }
}
