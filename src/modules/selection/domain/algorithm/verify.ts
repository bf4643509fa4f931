// verifyDraw: re-runs a selection from its record and says exactly what, if anything, differs.
//
// Checks, in order: the record's format and version; the input hash; every lottery panel against the quotas and
// households (independently of how it was made); the lottery hash; each person's lottery chance against their
// recorded probability and the recorded bound; a full re-run of the algorithm (probabilities, lottery); and the draw
// (index from the seed and the lottery hash, and the panel at that index).
import { compileInstance, panelProblems } from './compile.ts'
import { drawIndex, lotteryHash } from './draw.ts'
import { ALGORITHM_VERSION, inputHash, RECORD_FORMAT, runSelection, type SelectionRecord } from './select.ts'

export interface Verification {
  ok: boolean
  /** What was checked and found right. */
  checks: string[]
  /** What differs (empty when ok). */
  differences: string[]
  /** Worth knowing but not a difference (e.g. the record was made by another version of the software). */
  notes: string[]
}

const PROBABILITY_TOLERANCE = 1e-9

export async function verifyDraw(record: SelectionRecord, options: { rerun?: boolean } = {}): Promise<Verification> {
  const checks: string[] = []
  const differences: string[] = []
  const notes: string[] = []
  if (record.format !== RECORD_FORMAT) {
    return { ok: false, checks, differences: [`The record's format is '${record.format}', not '${RECORD_FORMAT}'.`], notes }
  }
  if (record.version !== ALGORITHM_VERSION) {
    notes.push(`The record was made by ${record.version}; this is ${ALGORITHM_VERSION}. A re-run may differ for that reason alone.`)
  } else checks.push(`Made by this version (${ALGORITHM_VERSION}).`)

  const hash = inputHash(record.instance)
  if (hash !== record.inputHash) differences.push(`The input hash is ${hash}, but the record says ${record.inputHash}: the pool or quotas were changed.`)
  else checks.push(`The input hash matches (${hash}).`)

  const model = compileInstance(record.instance)
  const M = record.parameters.panels
  const indexOf = new Map(record.instance.people.map((p, i) => [p.id, i]))
  if (record.lottery.panels.length !== M) differences.push(`The lottery has ${record.lottery.panels.length} panels, not ${M}.`)
  let invalid = 0
  const on = new Map<string, number>()
  record.lottery.panels.forEach((panel, n) => {
    const indices = panel.map(id => indexOf.get(id) ?? -1)
    const problems = panelProblems(model, indices)
    if (problems.length && invalid++ < 5) differences.push(`Lottery panel ${n} breaks the rules: ${problems.join('; ')}.`)
    for (const id of panel) on.set(id, (on.get(id) ?? 0) + 1)
  })
  if (invalid === 0) checks.push(`All ${record.lottery.panels.length} lottery panels meet every quota (and household rule).`)
  else if (invalid > 5) differences.push(`... and ${invalid - 5} more invalid lottery panels.`)

  const lHash = lotteryHash(record.lottery.panels)
  if (lHash !== record.lottery.hash) differences.push(`The lottery hashes to ${lHash}, but the record says ${record.lottery.hash}: the lottery was changed.`)
  else checks.push(`The lottery hash matches (${lHash}).`)

  let worst = 0
  for (const { id, probability } of record.probabilities) worst = Math.max(worst, Math.abs((on.get(id) ?? 0) / M - probability))
  if (Math.abs(worst - record.lottery.maxDeviation) > 1e-12) differences.push(`The lottery's largest difference from the probabilities is ${worst}, but the record says ${record.lottery.maxDeviation}.`)
  if (record.lottery.bound !== null) {
    if (worst > record.lottery.bound + 1e-12) differences.push(`A person's lottery chance differs from their probability by ${worst}, more than the bound ${record.lottery.bound}.`)
    else checks.push(`Every person's lottery chance is within ${record.lottery.bound} of their probability (largest difference ${worst}).`)
  }

  if (options.rerun !== false) {
    const again = await runSelection(record.instance, {
      algorithm: record.algorithm,
      panels: M,
      ...(record.parameters.legacyRuns ? { legacyRuns: record.parameters.legacyRuns } : {}),
    })
    const recorded = new Map(record.probabilities.map(p => [p.id, p.probability]))
    let maxDiff = 0
    let where = ''
    again.record.probabilities.forEach(({ id, probability }) => {
      const r = recorded.get(id)
      const d = r === undefined ? Infinity : Math.abs(r - probability)
      if (d > maxDiff) {
        maxDiff = d
        where = id
      }
    })
    if (again.record.probabilities.length !== record.probabilities.length) differences.push(`The re-run has ${again.record.probabilities.length} probabilities; the record has ${record.probabilities.length}.`)
    if (maxDiff > PROBABILITY_TOLERANCE) differences.push(`Re-running ${record.algorithm} gives different probabilities: person ${where} differs by ${maxDiff}.`)
    else checks.push(`Re-running ${record.algorithm} gives the same probabilities (largest difference ${maxDiff}).`)
    if (again.lotteryHash !== record.lottery.hash) {
      const first = again.record.lottery.panels.findIndex((p, n) => JSON.stringify(p) !== JSON.stringify(record.lottery.panels[n]))
      differences.push(`Re-running gives a different lottery (hash ${again.lotteryHash}); the first panel that differs is number ${first}.`)
    } else checks.push('Re-running gives the same lottery.')
  }

  if (record.draw) {
    const index = drawIndex(record.lottery.hash, record.draw.seed, M)
    if (index !== record.draw.index) differences.push(`The seed '${record.draw.seed}' gives panel ${index}, but the record says ${record.draw.index}.`)
    else checks.push(`The seed '${record.draw.seed}' gives panel ${index} (${record.draw.rule}).`)
    const panel = record.lottery.panels[record.draw.index]
    if (!panel || JSON.stringify(panel) !== JSON.stringify(record.draw.panel)) differences.push(`The recorded panel is not lottery panel ${record.draw.index}.`)
    else checks.push(`The recorded panel is lottery panel ${record.draw.index}.`)
  } else checks.push('No draw yet: the lottery is ready for a seed.')

  return { ok: differences.length === 0, checks, differences, notes }
}
