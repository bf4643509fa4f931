// Fair selection benchmark: seconds and minimum selection probability for LEXIMIN on
//   - example_large_200 (Flanigan et al. 2021: 2,000 people, panel of 200; their LEXIMIN took 1,161.8 s with Gurobi),
//   - example_small_20 (200 people, panel of 20),
//   - the Sortition Foundation's fixture (150 people, panel of 22, one person per address),
//   - a synthetic pool of 2,400 people, panel of 30, six features with realistic quotas (bench/selection/synthetic-pool.ts).
//
//   node_modules/.bin/node bench/selection/run.ts             LEXIMIN (probabilities, then the lottery of 1,000 panels)
//   node_modules/.bin/node bench/selection/run.ts --all       also MAXIMIN and LEGACY (10,000 runs)
//   options: --panels 1000  --only NAME (large, small, sf, synthetic)  --seeds 1,2,3 (more synthetic pools)
//
// Figures, never assertions. Targets (DESIGN.md): example_large_200 under 10 s, the 2,400-person pool under 60 s.
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { runSelection, type Algorithm, type SelectionInstance } from '../../src/modules/selection/index.ts'
import { paperInstance, publishedStatistics, referenceDataAvailable, sortitionFoundationFixture } from './reference-data.ts'
import { syntheticPool } from './synthetic-pool.ts'

const { values } = parseArgs({
  options: {
    all: { type: 'boolean', default: false },
    panels: { type: 'string', default: '1000' },
    only: { type: 'string' },
    seeds: { type: 'string' },
  },
})
const M = Number(values.panels)

interface Case {
  name: string
  instance: () => SelectionInstance
  paper?: string
}

const cases: Case[] = []
if (referenceDataAvailable()) {
  cases.push({ name: 'large', instance: () => paperInstance('example_large_200'), paper: 'example_large_200' })
  cases.push({ name: 'small', instance: () => paperInstance('example_small_20'), paper: 'example_small_20' })
  cases.push({ name: 'sf', instance: sortitionFoundationFixture })
} else {
  process.stdout.write('The reference data (../shared/data/sortition) is not available: only the synthetic pool.\n')
}
cases.push({ name: 'synthetic', instance: () => syntheticPool() })
for (const seed of (values.seeds ?? '').split(',').filter(Boolean)) {
  cases.push({ name: `synthetic seed ${seed}`, instance: () => syntheticPool({ seed: Number(seed) }) })
}

const pct = (p: number) => `${(100 * p).toFixed(4)}%`
const rows: string[][] = [['instance', 'n', 'k', 'types', 'algorithm', 'minimum', 'at min', 'probabilities s', 'lottery s', 'total s', 'lottery max diff', 'paper']]
process.stdout.write(`Node ${process.version}, ${availableParallelism()} CPUs, lottery of ${M} panels\n`)
for (const c of cases) {
  if (values.only && !c.name.startsWith(values.only)) continue
  const instance = c.instance()
  const algorithms: Algorithm[] = values.all ? ['leximin', 'maximin', 'legacy'] : ['leximin']
  for (const algorithm of algorithms) {
    const outcome = await runSelection(instance, { algorithm, panels: M })
    const types = outcome.model.types.length
    let paper = ''
    if (c.paper) {
      const s = publishedStatistics(c.paper)
      paper = algorithm === 'leximin' ? `min ${pct(s.leximinMinimum)} in ${s.leximinSeconds} s` : algorithm === 'legacy' ? `min <= ${pct(s.legacyMinimumUpperBound)}` : ''
    }
    const minimum = algorithm === 'legacy' && outcome.legacy ? `${pct(outcome.minimum)} (<= ${pct(outcome.legacy.minimumUpperBound)})` : pct(outcome.minimum)
    rows.push([
      c.name,
      String(instance.people.length),
      String(instance.panelSize),
      String(types),
      algorithm,
      minimum,
      String(outcome.atMinimum),
      outcome.seconds.probabilities.toFixed(2),
      outcome.seconds.lottery.toFixed(2),
      outcome.seconds.total.toFixed(2),
      pct(outcome.record.lottery.maxDeviation),
      paper,
    ])
    process.stdout.write(`${c.name} ${algorithm}: ${outcome.seconds.total.toFixed(2)} s, minimum ${minimum}, ${outcome.method}\n`)
  }
}
const widths = rows[0]!.map((_, i) => Math.max(...rows.map(r => r[i]!.length)))
process.stdout.write(`\n${rows.map(r => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`)
