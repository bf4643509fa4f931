// `charter select ...`, `charter select verify DIR` and `charter select draw DIR --seed TEXT`, as functions taking
// argv (after `select`) and the output streams, returning the exit code. src/cli.ts wires them in.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { stringify } from 'csv-stringify/sync'
import { parseInstance } from '../domain/algorithm/parse.ts'
import {
  DEFAULT_LEGACY_RUNS,
  DEFAULT_PANELS,
  drawFromRecord,
  runSelection,
  type SelectionRecord,
} from '../domain/algorithm/select.ts'
import { InfeasibleQuotasError, SelectionInputError, type Algorithm } from '../domain/algorithm/types.ts'
import { verifyDraw } from '../domain/algorithm/verify.ts'

export interface CommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

export const SELECT_HELP = `Usage:
  charter select --categories categories.csv --respondents respondents.csv --size K --out DIR [options]
  charter select --features features.csv --candidates candidates.csv --id-column ID --size K --out DIR [options]
  charter select draw DIR --seed TEXT
  charter select verify DIR | RECORD.json

Chooses a panel of K people meeting every quota, giving everyone as fair a chance as the quotas allow.

Input, either format:
  --categories FILE       quotas 'category,feature,min,max' (Flanigan et al., Panelot)
  --respondents FILE      one row per person, a column per category; the row number (from 0) is the id
  --features FILE         quotas 'feature,value,min,max[,min_flex,max_flex]' (Sortition Foundation)
  --candidates FILE       one row per person with an id column and a column per feature
  --id-column NAME        the id column of --candidates (e.g. nationbuilder_id)
  --address-columns A,B   columns that together make an address: at most one person per address is chosen

Options:
  --size K                panel size (required)
  --algorithm NAME        leximin (default), maximin or legacy
  --panels M              number of equally likely panels in the lottery (default ${DEFAULT_PANELS})
  --seed TEXT             the public seed for the draw (e.g. lottery numbers). Without it, the lottery is
                          written and the panel can be drawn later with 'charter select draw DIR --seed TEXT'
  --legacy-runs N         LEGACY only: runs to estimate its probabilities (default ${DEFAULT_LEGACY_RUNS})
  --out DIR               where to write probabilities.csv, lottery.csv, panel.csv and record.json

'charter select verify DIR' re-runs the selection recorded in DIR/record.json and checks every result and the CSV
files beside it. 'charter select verify RECORD.json' checks a record on its own, e.g. one downloaded from the
application's selection page.
Exit codes: 0 done, 1 quotas impossible or verification failed, 2 bad input.`

function fail(io: CommandIo, message: string): number {
  io.stderr.write(`charter select: ${message}\n`)
  return 2
}

function percent(p: number): string {
  return `${(100 * p).toFixed(4)}%`
}

export async function runSelectCommand(argv: string[], io: CommandIo): Promise<number> {
  if (argv[0] === 'verify') return runSelectVerifyCommand(argv.slice(1), io)
  if (argv[0] === 'draw') return runSelectDrawCommand(argv.slice(1), io)
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: argv,
      options: {
        categories: { type: 'string' },
        respondents: { type: 'string' },
        features: { type: 'string' },
        candidates: { type: 'string' },
        'id-column': { type: 'string' },
        'address-columns': { type: 'string' },
        size: { type: 'string' },
        algorithm: { type: 'string', default: 'leximin' },
        panels: { type: 'string', default: String(DEFAULT_PANELS) },
        seed: { type: 'string' },
        'legacy-runs': { type: 'string', default: String(DEFAULT_LEGACY_RUNS) },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }).values
  } catch (err) {
    return fail(io, `${(err as Error).message}\n\n${SELECT_HELP}`)
  }
  if (values.help) {
    io.stdout.write(`${SELECT_HELP}\n`)
    return 0
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const paper = str('categories') !== undefined || str('respondents') !== undefined
  const sf = str('features') !== undefined || str('candidates') !== undefined
  if (paper === sf) return fail(io, 'give either --categories and --respondents, or --features and --candidates')
  const quotasFile = paper ? str('categories') : str('features')
  const poolFile = paper ? str('respondents') : str('candidates')
  if (!quotasFile || !poolFile) return fail(io, paper ? 'give both --categories and --respondents' : 'give both --features and --candidates')
  if (sf && !str('id-column')) return fail(io, 'give --id-column with --candidates (e.g. --id-column nationbuilder_id)')
  if (paper && (str('id-column') || str('address-columns'))) return fail(io, '--id-column and --address-columns go with --candidates')
  const out = str('out')
  if (!out) return fail(io, 'give --out DIR')
  const size = Number(str('size'))
  if (!str('size') || !Number.isInteger(size) || size < 1) return fail(io, 'give --size K, a whole number of at least 1')
  const algorithm = str('algorithm') as Algorithm
  if (!['leximin', 'maximin', 'legacy'].includes(algorithm)) return fail(io, `--algorithm must be leximin, maximin or legacy (not '${algorithm}')`)
  const panels = Number(str('panels'))
  if (!Number.isInteger(panels) || panels < 1 || panels > 1_000_000) return fail(io, '--panels must be a whole number from 1 to 1,000,000')
  const legacyRuns = Number(str('legacy-runs'))
  if (!Number.isInteger(legacyRuns) || legacyRuns < 1) return fail(io, '--legacy-runs must be a whole number of at least 1')
  const seed = str('seed')
  if (seed !== undefined && !seed.trim()) return fail(io, '--seed is empty')

  let quotasText: string
  let poolText: string
  try {
    ;[quotasText, poolText] = await Promise.all([readFile(quotasFile, 'utf8'), readFile(poolFile, 'utf8')])
  } catch (err) {
    return fail(io, (err as Error).message)
  }
  const started = performance.now()
  try {
    const addressColumns = str('address-columns')?.split(',').map(s => s.trim()).filter(Boolean)
    const instance = parseInstance({
      quotas: quotasText,
      pool: poolText,
      panelSize: size,
      quotasFile,
      poolFile,
      ...(sf ? { idColumn: str('id-column') } : {}),
      ...(addressColumns?.length ? { addressColumns } : {}),
    })
    const outcome = await runSelection(instance, { algorithm, panels, seed, legacyRuns })
    await writeOutputs(out, outcome.record)
    const seconds = (performance.now() - started) / 1000
    const lines = [
      `${algorithm.toUpperCase()}: ${instance.people.length} people, panel of ${size}, ${outcome.model.types.length} types of person`,
      `Method: ${outcome.method}`,
      `Minimum selection probability: ${percent(outcome.minimum)} (${outcome.atMinimum} ${outcome.atMinimum === 1 ? 'person' : 'people'} at the minimum)`,
    ]
    if (outcome.legacy) lines.push(`LEGACY's minimum is an estimate: 99% upper bound ${percent(outcome.legacy.minimumUpperBound)} from ${outcome.legacy.runs} runs`)
    if (outcome.excluded.length) lines.push(`In no panel that meets the quotas (probability 0): ${outcome.excluded.length} ${outcome.excluded.length === 1 ? 'person' : 'people'}: ${outcome.excluded.slice(0, 20).join(', ')}${outcome.excluded.length > 20 ? ', ...' : ''}`)
    const bound = outcome.record.lottery.bound
    lines.push(`Lottery: ${panels} equally likely panels; every lottery chance is within ${bound === null ? 'sampling error' : percent(bound)} of the probability (largest difference ${percent(outcome.record.lottery.maxDeviation)})`)
    lines.push(`Lottery hash: ${outcome.lotteryHash}`)
    if (outcome.draw) lines.push(`Seed '${outcome.draw.seed}' draws panel ${outcome.draw.index} of ${panels}: written to ${join(out, 'panel.csv')}`)
    else lines.push(`No seed given: publish the lottery hash, then draw with 'charter select draw ${out} --seed TEXT'`)
    lines.push(`Run time: ${seconds.toFixed(2)} s`)
    io.stdout.write(`${lines.join('\n')}\n`)
    return 0
  } catch (err) {
    if (err instanceof InfeasibleQuotasError) {
      io.stderr.write(`${err.relaxation ? err.relaxation.advice.join('\n') : err.message}\n`)
      return 1
    }
    if (err instanceof SelectionInputError || err instanceof RangeError) return fail(io, err.message)
    throw err
  }
}

export function probabilitiesCsv(record: SelectionRecord): string {
  return stringify([['id', 'probability'], ...record.probabilities.map(p => [p.id, String(p.probability)])])
}

export function lotteryCsv(record: SelectionRecord): string {
  const k = record.parameters.panelSize
  return stringify([['panel', ...Array.from({ length: k }, (_, i) => `member_${i + 1}`)], ...record.lottery.panels.map((p, n) => [String(n), ...p])])
}

export function panelCsv(record: SelectionRecord): string | undefined {
  if (!record.draw) return undefined
  const byId = new Map(record.instance.people.map(p => [p.id, p]))
  return stringify([
    ['id', ...record.instance.features.map(f => f.name)],
    ...record.draw.panel.map(id => [id, ...byId.get(id)!.values]),
  ])
}

async function writeOutputs(dir: string, record: SelectionRecord): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'probabilities.csv'), probabilitiesCsv(record))
  await writeFile(join(dir, 'lottery.csv'), lotteryCsv(record))
  const panel = panelCsv(record)
  if (panel !== undefined) await writeFile(join(dir, 'panel.csv'), panel)
  await writeFile(join(dir, 'record.json'), `${JSON.stringify(record, null, 1)}\n`)
}

async function readRecord(dir: string): Promise<SelectionRecord> {
  return JSON.parse(await readFile(join(dir, 'record.json'), 'utf8')) as SelectionRecord
}

/** `charter select draw DIR --seed TEXT`: draws from a lottery published earlier, without recomputing anything. */
export async function runSelectDrawCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options: { seed: { type: 'string' } }, allowPositionals: true })
  } catch (err) {
    return fail(io, (err as Error).message)
  }
  const dir = parsed.positionals[0]
  const seed = parsed.values.seed
  if (!dir || parsed.positionals.length > 1 || typeof seed !== 'string' || !seed.trim()) return fail(io, 'usage: charter select draw DIR --seed TEXT')
  let record: SelectionRecord
  try {
    record = await readRecord(dir)
  } catch (err) {
    return fail(io, `cannot read ${join(dir, 'record.json')}: ${(err as Error).message}`)
  }
  if (record.draw) return fail(io, `${dir} already has a draw (seed '${record.draw.seed}', panel ${record.draw.index}); a lottery is drawn once`)
  const drawn = drawFromRecord(record, seed)
  await writeOutputs(dir, drawn)
  io.stdout.write(`Seed '${drawn.draw!.seed}' draws panel ${drawn.draw!.index} of ${drawn.parameters.panels} (lottery hash ${drawn.lottery.hash}): written to ${join(dir, 'panel.csv')}\n`)
  return 0
}

/** `charter select verify DIR`: re-runs and re-checks the selection recorded in DIR. */
export async function runSelectVerifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const target = argv[0]
  if (!target || argv.length > 1) return fail(io, 'usage: charter select verify DIR | RECORD.json')
  const isFile = await stat(target).then(
    s => s.isFile(),
    () => false,
  )
  const dir = target
  const recordPath = isFile ? target : join(dir, 'record.json')
  let record: SelectionRecord
  try {
    record = JSON.parse(await readFile(recordPath, 'utf8')) as SelectionRecord
  } catch (err) {
    return fail(io, `cannot read ${recordPath}: ${(err as Error).message}`)
  }
  const result = await verifyDraw(record)
  // The CSV files beside a record in a directory must say what the record says.
  const expected: [string, string | undefined][] = isFile
    ? []
    : [
        ['probabilities.csv', probabilitiesCsv(record)],
        ['lottery.csv', lotteryCsv(record)],
        ['panel.csv', panelCsv(record)],
      ]
  for (const [file, text] of expected) {
    if (text === undefined) continue
    let actual: string | undefined
    try {
      actual = await readFile(join(dir, file), 'utf8')
    } catch {
      actual = undefined
    }
    if (actual === undefined) result.differences.push(`${file} is missing.`)
    else if (actual !== text) result.differences.push(`${file} does not match the record.`)
    else result.checks.push(`${file} matches the record.`)
  }
  const ok = result.differences.length === 0
  const lines = [...result.checks.map(c => `ok    ${c}`), ...result.notes.map(n => `note  ${n}`), ...result.differences.map(d => `FAIL  ${d}`)]
  lines.push(ok ? 'Verified: the draw in this record is exactly what the inputs and the seed give.' : `Verification FAILED: ${result.differences.length} difference(s).`)
  io.stdout.write(`${lines.join('\n')}\n`)
  return ok ? 0 : 1
}
