// Top-up after drop-out: some members of a selected panel leave; choose replacements from the rest of the pool so
// that the panel meets its quotas again, as fairly as possible, plus a ranked list of alternates.
//
// The residual problem: the members who stay count towards every quota, so each feature value needs
// max(0, min - staying) more and may take at most max - staying more; the panel size is the number who left. The pool
// is everyone not selected originally, minus people no longer available, minus anyone sharing a household with a
// member who stays. We run the same selection on it (LEXIMIN by default: every eligible person gets as fair a chance
// of becoming a replacement as the quotas allow), then rank alternates for further drop-outs: a weighted random order
// (Efraimidis and Spirakis 2006: key u^(1/p) with u uniform from the draw's seed, largest key first), so a person's
// place reflects their top-up probability. People with probability 0 cannot fit and are not listed.
import { seededRandom } from './random.ts'
import { runSelection, type SelectionOptions, type SelectionOutcome } from './select.ts'
import { SelectionInputError, type PersonProbability, type SelectionInstance } from './types.ts'

export interface TopUpRequest {
  /** The original pool, quotas and panel size. */
  instance: SelectionInstance
  /** Ids of the panel as selected. */
  selected: string[]
  /** Ids of the members who left (all in `selected`). */
  leaving: string[]
  /** Ids of pool members who can no longer be selected (withdrew, unreachable). */
  unavailable?: string[]
}

export interface TopUpOutcome {
  residual: SelectionInstance
  staying: string[]
  selection: SelectionOutcome
  /** The drawn replacements (when a seed was given). */
  replacements?: string[]
  /** Everyone else who could replace a member, best first. */
  alternates: PersonProbability[]
}

/** The residual selection problem after drop-out. Throws SelectionInputError if it makes no sense. */
export function residualInstance(request: TopUpRequest): { residual: SelectionInstance; staying: string[] } {
  const { instance } = request
  const byId = new Map(instance.people.map(p => [p.id, p]))
  const selected = new Set(request.selected)
  for (const id of selected) if (!byId.has(id)) throw new SelectionInputError(`The selected person '${id}' is not in the pool.`)
  for (const id of request.leaving) if (!selected.has(id)) throw new SelectionInputError(`'${id}' is leaving but was not selected.`)
  if (selected.size !== instance.panelSize) throw new SelectionInputError(`The panel had ${selected.size} members, but the panel size is ${instance.panelSize}.`)
  const leaving = new Set(request.leaving)
  if (leaving.size === 0) throw new SelectionInputError('Nobody is leaving, so there is nobody to replace.')
  const staying = request.selected.filter(id => !leaving.has(id))
  const unavailable = new Set(request.unavailable ?? [])
  const stayingHouseholds = new Set(staying.map(id => byId.get(id)!.household).filter((h): h is string => !!h))

  const features = instance.features.map((feature, f) => ({
    name: feature.name,
    values: feature.values.map(q => {
      const have = staying.filter(id => byId.get(id)!.values[f] === q.value).length
      if (have > q.max) throw new SelectionInputError(`The members who stay already have ${have} with ${feature.name} = ${q.value}, above its maximum of ${q.max}.`)
      return {
        value: q.value,
        min: Math.max(0, q.min - have),
        max: q.max - have,
        ...(q.minFlex !== undefined ? { minFlex: Math.max(0, q.minFlex - have) } : {}),
        ...(q.maxFlex !== undefined ? { maxFlex: Math.max(q.max - have, q.maxFlex - have) } : {}),
      }
    }),
  }))
  const people = instance.people.filter(p => !selected.has(p.id) && !unavailable.has(p.id) && !(p.household && stayingHouseholds.has(p.household)))
  return { residual: { panelSize: leaving.size, features, people }, staying }
}

export async function topUp(request: TopUpRequest, options: Omit<SelectionOptions, 'algorithm'> & { algorithm?: SelectionOptions['algorithm'] } = {}): Promise<TopUpOutcome> {
  const { residual, staying } = residualInstance(request)
  const selection = await runSelection(residual, { ...options, algorithm: options.algorithm ?? 'leximin' })
  const ids = residual.people.map(p => p.id)
  const replacements = selection.draw?.panel.map(i => ids[i]!)
  const people = residual.people.map((p, i) => ({ id: p.id, probability: selection.probabilities[i]! }))
  const alternates = rankAlternates(people, replacements ?? [], selection.draw?.seed)
  return { residual, staying, selection, ...(replacements ? { replacements } : {}), alternates }
}

/**
 * Everyone who could still replace a member (probability above 0, not drawn), best first: with the draw's seed, a
 * weighted random order (a person's place reflects their top-up probability); without one, by probability.
 */
export function rankAlternates(people: readonly PersonProbability[], drawn: readonly string[], seed?: string): PersonProbability[] {
  const drawnSet = new Set(drawn)
  const candidates = people.map((c, i) => ({ ...c, i })).filter(c => c.probability > 0 && !drawnSet.has(c.id))
  if (seed !== undefined) {
    const random = seededRandom(seed, 'alternates')
    const keyed = candidates.map(c => ({ ...c, key: Math.log(1 - random.float()) / c.probability }))
    keyed.sort((a, b) => b.key - a.key || a.i - b.i)
    return keyed.map(({ id, probability }) => ({ id, probability }))
  }
  return [...candidates].sort((a, b) => b.probability - a.probability || a.i - b.i).map(({ id, probability }) => ({ id, probability }))
}
