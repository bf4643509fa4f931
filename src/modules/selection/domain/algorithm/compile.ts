// Turns a SelectionInstance into the index-based form the solvers use, and aggregates identical people into TYPES.
//
// Two people are of the same type when they have the same value for every feature and neither shares a household
// with anyone else in the pool. People of one type are interchangeable: swapping them maps every quota-satisfying
// panel to another one, so the (unique) LEXIMIN probability vector gives them equal probabilities, and we can solve
// over type COUNTS (how many of each type a panel has) instead of over people. A person who shares a household with
// someone else in the pool is a type of their own (size 1), and each such household adds the constraint "at most one
// of these size-1 types". See docs/selection/algorithms.md.
import { SelectionInputError, type SelectionInstance } from './types.ts'

export interface Quota {
  feature: number
  value: number
  min: number
  max: number
  minFlex: number
  maxFlex: number
}

export interface PersonType {
  /** Value index per feature. */
  values: number[]
  /** Indices (into instance.people) of the members, ascending. */
  members: number[]
  /** Index into `households` when this (size-1) type shares a household with others; -1 otherwise. */
  household: number
}

export interface TypeModel {
  instance: SelectionInstance
  k: number
  featureNames: string[]
  valueNames: string[][]
  /** One quota per (feature, value), feature-major. */
  quotas: Quota[]
  /** quotaIndex[f][v] = index into quotas. */
  quotaIndex: number[][]
  /** Value index per feature, per person. */
  personValues: number[][]
  types: PersonType[]
  typeOfPerson: number[]
  /** Households with at least two people in the pool: the (size-1) types in each. */
  households: number[][]
  /** quotaTypes[q] = the types with that feature value. */
  quotaTypes: number[][]
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0
}

/** Validates the instance and builds its type model. Throws SelectionInputError with a clear message. */
export function compileInstance(instance: SelectionInstance): TypeModel {
  const k = instance.panelSize
  if (!Number.isInteger(k) || k < 1) throw new SelectionInputError(`The panel size must be a whole number of at least 1 (it is ${k}).`)
  if (instance.features.length === 0) throw new SelectionInputError('There are no features (categories) with quotas.')
  const featureNames = instance.features.map(f => f.name)
  const seenFeatures = new Set<string>()
  for (const name of featureNames) {
    if (seenFeatures.has(name)) throw new SelectionInputError(`The feature '${name}' is listed twice.`)
    seenFeatures.add(name)
  }
  const valueNames: string[][] = []
  const quotas: Quota[] = []
  const quotaIndex: number[][] = []
  const valueLookup: Map<string, number>[] = []
  instance.features.forEach((feature, f) => {
    if (feature.values.length === 0) throw new SelectionInputError(`The feature '${feature.name}' has no values.`)
    const lookup = new Map<string, number>()
    const row: number[] = []
    feature.values.forEach((fv, v) => {
      if (lookup.has(fv.value)) throw new SelectionInputError(`The value '${fv.value}' of '${feature.name}' is listed twice.`)
      lookup.set(fv.value, v)
      const where = `${feature.name} = ${fv.value}`
      if (!isCount(fv.min) || !isCount(fv.max)) throw new SelectionInputError(`The quota for ${where} must be whole numbers of 0 or more (min ${fv.min}, max ${fv.max}).`)
      if (fv.min > fv.max) throw new SelectionInputError(`The quota for ${where} has a minimum (${fv.min}) above its maximum (${fv.max}).`)
      const minFlex = fv.minFlex ?? 0
      const maxFlex = fv.maxFlex ?? Math.max(fv.max, k)
      if (!isCount(minFlex) || minFlex > fv.min) throw new SelectionInputError(`The flexible minimum for ${where} (${minFlex}) must be a whole number no larger than the minimum (${fv.min}).`)
      if (!isCount(maxFlex) || maxFlex < fv.max) throw new SelectionInputError(`The flexible maximum for ${where} (${maxFlex}) must be a whole number no smaller than the maximum (${fv.max}).`)
      row.push(quotas.length)
      quotas.push({ feature: f, value: v, min: fv.min, max: fv.max, minFlex, maxFlex })
    })
    valueNames.push(feature.values.map(fv => fv.value))
    quotaIndex.push(row)
    valueLookup.push(lookup)
  })

  const ids = new Set<string>()
  const personValues: number[][] = []
  const householdMembers = new Map<string, number[]>()
  instance.people.forEach((person, i) => {
    if (ids.has(person.id)) throw new SelectionInputError(`The id '${person.id}' is used by more than one person.`)
    ids.add(person.id)
    if (person.values.length !== featureNames.length) {
      throw new SelectionInputError(`Person '${person.id}' has ${person.values.length} feature values; expected ${featureNames.length}.`)
    }
    personValues.push(person.values.map((value, f) => {
      const v = valueLookup[f]!.get(value)
      if (v === undefined) {
        throw new SelectionInputError(`Person '${person.id}' has ${featureNames[f]} = '${value}', which is not one of its values: ${valueNames[f]!.join(', ')}.`)
      }
      return v
    }))
    if (person.household) {
      const list = householdMembers.get(person.household)
      if (list) list.push(i)
      else householdMembers.set(person.household, [i])
    }
  })

  const inSharedHousehold = new Map<number, number>()
  const householdPeople: number[][] = []
  for (const members of householdMembers.values()) {
    if (members.length < 2) continue
    for (const i of members) inSharedHousehold.set(i, householdPeople.length)
    householdPeople.push(members)
  }

  const types: PersonType[] = []
  const typeOfPerson: number[] = new Array<number>(instance.people.length)
  const byKey = new Map<string, number>()
  personValues.forEach((values, i) => {
    const household = inSharedHousehold.get(i)
    if (household !== undefined) {
      typeOfPerson[i] = types.length
      types.push({ values, members: [i], household })
      return
    }
    const key = values.join(',')
    const t = byKey.get(key)
    if (t === undefined) {
      byKey.set(key, types.length)
      typeOfPerson[i] = types.length
      types.push({ values, members: [i], household: -1 })
    } else {
      typeOfPerson[i] = t
      types[t]!.members.push(i)
    }
  })
  const households = householdPeople.map(members => members.map(i => typeOfPerson[i]!))

  const quotaTypes: number[][] = quotas.map(() => [])
  types.forEach((type, t) => {
    type.values.forEach((v, f) => quotaTypes[quotaIndex[f]![v]!]!.push(t))
  })

  return { instance, k, featureNames, valueNames, quotas, quotaIndex, personValues, types, typeOfPerson, households, quotaTypes }
}

/** A panel as type counts: counts[t] people of type t. */
export type TypeCounts = number[]

/** Checks a panel given as type counts against sizes, quotas and households. Returns the problems found (none = valid). */
export function typeCountProblems(model: TypeModel, counts: TypeCounts): string[] {
  const problems: string[] = []
  let total = 0
  counts.forEach((c, t) => {
    if (!Number.isInteger(c) || c < 0 || c > model.types[t]!.members.length) problems.push(`type ${t} count ${c} out of range`)
    total += c
  })
  if (total !== model.k) problems.push(`panel has ${total} people, not ${model.k}`)
  model.quotas.forEach((q, i) => {
    let n = 0
    for (const t of model.quotaTypes[i]!) n += counts[t]!
    if (n < q.min || n > q.max) problems.push(`${model.featureNames[q.feature]} = ${model.valueNames[q.feature]![q.value]} has ${n}, quota ${q.min}-${q.max}`)
  })
  for (const h of model.households) {
    let n = 0
    for (const t of h) n += counts[t]!
    if (n > 1) problems.push(`${n} people from one household`)
  }
  return problems
}

/** Checks a panel given as person indices. Returns the problems found (none = valid). */
export function panelProblems(model: TypeModel, panel: readonly number[]): string[] {
  const problems: string[] = []
  const seen = new Set<number>()
  const counts = new Array<number>(model.types.length).fill(0)
  for (const i of panel) {
    if (!Number.isInteger(i) || i < 0 || i >= model.instance.people.length) {
      problems.push(`person index ${i} is not in the pool`)
      continue
    }
    if (seen.has(i)) problems.push(`${model.instance.people[i]!.id} appears twice`)
    seen.add(i)
    counts[model.typeOfPerson[i]!]!++
  }
  if (problems.length) return problems
  return typeCountProblems(model, counts).map(p => p.startsWith('type ') ? `too many of one kind of person (${p})` : p)
}

/** Expands type-level probabilities (expected count / type size) to one probability per person. */
export function personProbabilities(model: TypeModel, typeProbability: readonly number[]): number[] {
  return model.typeOfPerson.map(t => typeProbability[t]!)
}
