// The public sortition instances and published results, read from ../shared/data/sortition beside the repository
// (GPL-3.0 data: never copied into this repository). Used by the selection tests and benchmarks.
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseInstance, type SelectionInstance } from '../../src/modules/selection/index.ts'

const repoRoot = resolve(import.meta.dirname, '../..')
export const SORTITION_DATA = resolve(repoRoot, '../shared/data/sortition')

export function referenceDataAvailable(): boolean {
  return existsSync(resolve(SORTITION_DATA, 'flanigan2021_replication/data/example_small_20/categories.csv'))
}

export function sortitionFile(...parts: string[]): string {
  return resolve(SORTITION_DATA, ...parts)
}

/** One of the paper's example instances (example_small_20, example_large_200): k is the number after the last '_'. */
export function paperInstance(name: 'example_small_20' | 'example_large_200'): SelectionInstance {
  const dir = sortitionFile('flanigan2021_replication/data', name)
  return parseInstance({
    quotas: readFileSync(resolve(dir, 'categories.csv'), 'utf8'),
    pool: readFileSync(resolve(dir, 'respondents.csv'), 'utf8'),
    panelSize: Number(name.slice(name.lastIndexOf('_') + 1)),
    quotasFile: 'categories.csv',
    poolFile: 'respondents.csv',
  })
}

/** The Sortition Foundation's fixture: 150 people, panel of 22, households from primary_address1 + primary_zip. */
export function sortitionFoundationFixture(): SelectionInstance {
  const dir = sortitionFile('sortition_algorithms_fixture')
  return parseInstance({
    quotas: readFileSync(resolve(dir, 'features.csv'), 'utf8'),
    pool: readFileSync(resolve(dir, 'candidates.csv'), 'utf8'),
    panelSize: 22,
    idColumn: 'nationbuilder_id',
    addressColumns: ['primary_address1', 'primary_zip'],
    quotasFile: 'features.csv',
    poolFile: 'candidates.csv',
  })
}

export interface PublishedStatistics {
  n: number
  k: number
  legacyMinimumUpperBound: number
  leximinMinimum: number
  leximinSeconds: number
}

/** Parses reference_output/<instance>_statistics.txt (percentages become fractions). */
export function publishedStatistics(name: string): PublishedStatistics {
  const text = readFileSync(sortitionFile('flanigan2021_replication/reference_output', `${name}_statistics.txt`), 'utf8')
  const field = (label: string) => {
    const line = text.split('\n').find(l => l.startsWith(label))
    if (!line) throw new Error(`no '${label}' in ${name}_statistics.txt`)
    return line.slice(label.length)
  }
  const pct = (s: string) => Number(/([\d.]+)%/.exec(s)![1]) / 100
  return {
    n: Number(field('pool size n:').trim()),
    k: Number(field('panel size k:').trim()),
    legacyMinimumUpperBound: pct(field('LEGACY minimum probability:')),
    leximinMinimum: pct(field('LEXIMIN minimum probability (exact):')),
    leximinSeconds: Number(/median running time of ([\d.]+) seconds/.exec(text)![1]),
  }
}

/** The sorted LEXIMIN (or Legacy) profile from reference_output/<instance>_prob_allocs_data.csv. */
export function publishedProfile(name: string, algorithm: 'LexiMin' | 'Legacy'): number[] {
  const text = readFileSync(sortitionFile('flanigan2021_replication/reference_output', `${name}_prob_allocs_data.csv`), 'utf8')
  return text
    .split('\n')
    .slice(1)
    .filter(l => l.startsWith(`${algorithm},`))
    .map(l => Number(l.split(',')[2]))
    .sort((a, b) => a - b)
}
