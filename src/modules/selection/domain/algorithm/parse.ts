// Parsers for the two common file formats of selection problems. Pure functions: text in, instance out.
//
// 1. Flanigan et al. / Panelot: categories.csv `category,feature,min,max` (a "feature" there is a VALUE of the
//    category), respondents.csv with one column per category and no id column (the row index, from 0, is the id).
// 2. Sortition Foundation: features.csv `feature,value,min,max[,min_flex,max_flex]`, candidates.csv with an id column
//    (e.g. nationbuilder_id) and address columns that, when asked, make households (one person per household).
//
// Errors name the file and the line, and say what to change.
import { parse } from 'csv-parse/sync'
import { SelectionInputError, type Feature, type PoolMember, type SelectionInstance } from './types.ts'

interface Row {
  line: number
  cells: string[]
}

function readCsv(text: string, file: string): { header: string[]; rows: Row[] } {
  let records: { info: { lines: number }; record: string[] }[]
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof records
  } catch (err) {
    throw new SelectionInputError(`${file}: ${(err as Error).message}`)
  }
  const first = records[0]
  if (!first) throw new SelectionInputError(`${file} is empty: it needs a header line and at least one row.`)
  const header = first.record.map(h => h.trim())
  const rows: Row[] = []
  for (const r of records.slice(1)) {
    if (r.record.every(c => c.trim() === '')) continue
    if (r.record.length !== header.length) {
      throw new SelectionInputError(`${file}, line ${r.info.lines}: has ${r.record.length} fields but the header has ${header.length}.`)
    }
    rows.push({ line: r.info.lines, cells: r.record.map(c => c.trim()) })
  }
  return { header, rows }
}

function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name)
  if (exact >= 0) return exact
  const lower = name.toLowerCase()
  return header.findIndex(h => h.toLowerCase() === lower)
}

function wholeNumber(cell: string, what: string, file: string, line: number): number {
  if (!/^\d+$/.test(cell)) throw new SelectionInputError(`${file}, line ${line}: ${what} must be a whole number of 0 or more (it is '${cell}').`)
  return Number(cell)
}

/**
 * Parses quotas in either format, recognised by the header: `feature,value,min,max[,min_flex,max_flex]`
 * (Sortition Foundation) or `category,feature,min,max` (Flanigan et al., Panelot; `name` is accepted for `feature`).
 * Features and values keep the order of the file.
 */
export function parseQuotas(text: string, file = 'the quotas file'): Feature[] {
  const { header, rows } = readCsv(text, file)
  const lower = header.map(h => h.toLowerCase())
  let featureCol: number
  let valueCol: number
  if (lower.includes('value') && lower.includes('feature')) {
    featureCol = lower.indexOf('feature')
    valueCol = lower.indexOf('value')
  } else if (lower.includes('category') && (lower.includes('feature') || lower.includes('name'))) {
    featureCol = lower.indexOf('category')
    valueCol = lower.includes('feature') ? lower.indexOf('feature') : lower.indexOf('name')
  } else {
    throw new SelectionInputError(
      `${file}: the header must be 'category,feature,min,max' or 'feature,value,min,max[,min_flex,max_flex]' (it is '${header.join(',')}').`,
    )
  }
  const minCol = lower.indexOf('min')
  const maxCol = lower.indexOf('max')
  if (minCol < 0 || maxCol < 0) throw new SelectionInputError(`${file}: the header needs 'min' and 'max' columns.`)
  const minFlexCol = lower.indexOf('min_flex')
  const maxFlexCol = lower.indexOf('max_flex')

  const features: Feature[] = []
  const byName = new Map<string, Feature>()
  for (const { line, cells } of rows) {
    const name = cells[featureCol]!
    const value = cells[valueCol]!
    if (!name) throw new SelectionInputError(`${file}, line ${line}: the feature name is empty.`)
    if (!value) throw new SelectionInputError(`${file}, line ${line}: the value of '${name}' is empty.`)
    const min = wholeNumber(cells[minCol]!, `the minimum for ${name} = ${value}`, file, line)
    const max = wholeNumber(cells[maxCol]!, `the maximum for ${name} = ${value}`, file, line)
    if (min > max) throw new SelectionInputError(`${file}, line ${line}: the minimum for ${name} = ${value} (${min}) is above its maximum (${max}).`)
    const quota: Feature['values'][number] = { value, min, max }
    if (minFlexCol >= 0 && cells[minFlexCol] !== '') {
      quota.minFlex = wholeNumber(cells[minFlexCol]!, `min_flex for ${name} = ${value}`, file, line)
      if (quota.minFlex > min) throw new SelectionInputError(`${file}, line ${line}: min_flex for ${name} = ${value} (${quota.minFlex}) is above its minimum (${min}).`)
    }
    if (maxFlexCol >= 0 && cells[maxFlexCol] !== '') {
      quota.maxFlex = wholeNumber(cells[maxFlexCol]!, `max_flex for ${name} = ${value}`, file, line)
      if (quota.maxFlex < max) throw new SelectionInputError(`${file}, line ${line}: max_flex for ${name} = ${value} (${quota.maxFlex}) is below its maximum (${max}).`)
    }
    let feature = byName.get(name)
    if (!feature) {
      feature = { name, values: [] }
      byName.set(name, feature)
      features.push(feature)
    }
    if (feature.values.some(v => v.value === value)) throw new SelectionInputError(`${file}, line ${line}: ${name} = ${value} is listed twice.`)
    feature.values.push(quota)
  }
  if (features.length === 0) throw new SelectionInputError(`${file} has no quotas.`)
  return features
}

export interface PoolOptions {
  /** Column holding each person's id. Without it, the row index (0 for the first person) is the id. */
  idColumn?: string
  /** Columns that together give an address: people with the same address are one household. */
  addressColumns?: string[]
}

function normaliseAddress(parts: string[]): string {
  return parts.map(p => p.toLowerCase().replace(/\s+/g, ' ').trim()).join('|')
}

/** Parses the pool: one row per person, one column per feature (extra columns are ignored). */
export function parsePool(text: string, features: Feature[], options: PoolOptions = {}, file = 'the pool file'): PoolMember[] {
  const { header, rows } = readCsv(text, file)
  const featureCols = features.map(f => {
    const c = findColumn(header, f.name)
    if (c < 0) throw new SelectionInputError(`${file}: there is no column for the feature '${f.name}' (the columns are: ${header.join(', ')}).`)
    return c
  })
  const lookups = features.map(f => {
    const m = new Map<string, string>()
    for (const v of f.values) m.set(v.value.toLowerCase(), v.value)
    return m
  })
  let idCol = -1
  if (options.idColumn !== undefined) {
    idCol = findColumn(header, options.idColumn)
    if (idCol < 0) throw new SelectionInputError(`${file}: there is no id column '${options.idColumn}' (the columns are: ${header.join(', ')}).`)
  }
  const addressCols = (options.addressColumns ?? []).map(name => {
    const c = findColumn(header, name)
    if (c < 0) throw new SelectionInputError(`${file}: there is no address column '${name}' (the columns are: ${header.join(', ')}).`)
    return c
  })
  const seen = new Map<string, number>()
  return rows.map(({ line, cells }, index) => {
    const id = idCol >= 0 ? cells[idCol]! : String(index)
    if (!id) throw new SelectionInputError(`${file}, line ${line}: the id ('${options.idColumn}') is empty.`)
    const earlier = seen.get(id)
    if (earlier !== undefined) throw new SelectionInputError(`${file}, line ${line}: the id '${id}' was already used on line ${earlier}.`)
    seen.set(id, line)
    const values = features.map((f, i) => {
      const cell = cells[featureCols[i]!]!
      const value = f.values.some(v => v.value === cell) ? cell : lookups[i]!.get(cell.toLowerCase())
      if (value === undefined) {
        throw new SelectionInputError(
          `${file}, line ${line}: ${f.name} is '${cell}', which is not one of the values in the quotas: ${f.values.map(v => v.value).join(', ')}.`,
        )
      }
      return value
    })
    const member: PoolMember = { id, values }
    if (addressCols.length) {
      const parts = addressCols.map(c => cells[c]!)
      if (parts.some(p => p !== '')) member.household = normaliseAddress(parts)
    }
    return member
  })
}

/** Parses both files into a selection instance. */
export function parseInstance(input: {
  quotas: string
  pool: string
  panelSize: number
  quotasFile?: string
  poolFile?: string
} & PoolOptions): SelectionInstance {
  const features = parseQuotas(input.quotas, input.quotasFile)
  const people = parsePool(input.pool, features, input, input.poolFile)
  return { panelSize: input.panelSize, features, people }
}
