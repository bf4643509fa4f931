// Importing measurements from a CSV file or the first sheet of an Excel workbook (.xlsx), as the evidence import
// does. The first row names the columns (IMPORT_COLUMNS); each later row is one measurement of a measure of the
// current framework, by its code. Every row is checked and every problem reported with its row, its column and what
// to fix. Good rows are kept, or none when "all or nothing" is chosen; a dry run checks and writes nothing. The same
// measure and period again replaces the measurement (audited); an identical row changes nothing, so importing the
// same file twice is harmless.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { readSpreadsheet, type SheetLimits } from '../../../../platform/files/spreadsheet.ts'
import { listMeasures, type MeasureRow } from '../../data/measurement.repository.ts'
import { currentFramework } from '../framework/status.ts'
import { assertMay, mayManage } from '../model.ts'
import { checkMeasurement, EMPTY_MEASUREMENT, type CheckedMeasurement, type MeasurementInput } from './check.ts'
import { writeMeasurement } from './measurements.ts'

export const MAX_IMPORT_ROWS = 5000
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

/** The columns, in the order of the template; only "measure" and "period" are always needed. */
export const IMPORT_COLUMNS = [
  { name: 'measure', field: null, hint: 'The measure’s code, for example M1' },
  { name: 'period', field: 'period', hint: '2027-04 (a month), 2027-Q1 (a quarter) or 2026/27 (a financial year), as the measure is measured' },
  { name: 'numerator', field: 'numerator', hint: 'Percentages from a survey: how many gave an answer that counts' },
  { name: 'denominator', field: 'denominator', hint: 'Percentages from a survey: how many answered the question' },
  { name: 'respondents', field: 'respondents', hint: 'Percentages from a survey: how many took part in the survey (optional)' },
  { name: 'value', field: 'value', hint: 'Figures from management information and counts of complaints' },
  { name: 'you said', field: 'youSaid', hint: 'Written evidence: what people said' },
  { name: 'we did', field: 'weDid', hint: 'Written evidence: what was done as a result' },
  { name: 'note', field: 'note', hint: 'Anything a reader should know about the figure (optional)' },
] as const satisfies readonly { name: string; field: keyof MeasurementInput | null; hint: string }[]

export interface ImportProblem {
  /** The row as a spreadsheet numbers it (the header is row 1). */
  row: number
  /** The column's name, or '' for a problem with the whole file or row. */
  column: string
  message: string
}

export interface ImportOptions {
  dryRun: boolean
  allOrNothing: boolean
}

export interface ImportReport {
  format: 'csv' | 'xlsx' | null
  rowsRead: number
  goodRows: number
  problems: ImportProblem[]
  /** Whether anything was written (false on a dry run, or with all or nothing and a problem). */
  written: boolean
  dryRun: boolean
  added: number
  replaced: number
  unchanged: number
}

const SHEET_LIMITS: SheetLimits = { maxBytes: MAX_IMPORT_BYTES, maxBytesText: '5 MB', maxRows: MAX_IMPORT_ROWS }

/** Read a CSV file or the first sheet of a workbook into rows of text. */
export const readSheet = (file: { name: string; bytes: Uint8Array }) => readSpreadsheet(file, SHEET_LIMITS)

const norm = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '')

interface GoodRow {
  code: string
  value: CheckedMeasurement
}

/** Check every row of a sheet against the measures; pure apart from its inputs. */
export function checkRows(rows: readonly string[][], measures: readonly MeasureRow[]): { good: GoodRow[]; problems: ImportProblem[]; rowsRead: number } {
  const problems: ImportProblem[] = []
  const header = (rows[0] ?? []).map(h => norm(String(h)))
  const col = new Map<string, number>()
  for (const c of IMPORT_COLUMNS) {
    const i = header.findIndex(h => h === norm(c.name) || (c.name === 'measure' && (h === 'code' || h === 'measurecode')))
    if (i >= 0) col.set(c.name, i)
  }
  for (const needed of ['measure', 'period']) {
    if (!col.has(needed)) problems.push({ row: 1, column: needed, message: `The first row must name the columns: add a column called “${needed}”` })
  }
  if (problems.length) return { good: [], problems, rowsRead: Math.max(0, rows.length - 1) }
  const byCode = new Map(measures.map(m => [m.code.toUpperCase(), m]))
  const good: GoodRow[] = []
  const seen = new Map<string, number>()
  let rowsRead = 0
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i]!
    if (cells.every(c => String(c ?? '').trim() === '')) continue
    rowsRead += 1
    const rowNo = i + 1
    const cell = (name: string) => {
      const j = col.get(name)
      return j === undefined ? '' : String(cells[j] ?? '')
    }
    const code = cell('measure').trim().toUpperCase()
    const m = byCode.get(code)
    if (!code) {
      problems.push({ row: rowNo, column: 'measure', message: 'Enter the measure’s code, for example M1' })
      continue
    }
    if (!m) {
      problems.push({ row: rowNo, column: 'measure', message: `There is no measure with the code ${code} in the framework: check the code` })
      continue
    }
    const input: MeasurementInput = { ...EMPTY_MEASUREMENT }
    for (const c of IMPORT_COLUMNS) if (c.field) input[c.field] = cell(c.name)
    const checked = checkMeasurement(m, input)
    if ('problems' in checked) {
      for (const p of checked.problems) problems.push({ row: rowNo, column: IMPORT_COLUMNS.find(c => c.field === p.field)?.name ?? '', message: p.message })
      continue
    }
    const key = `${m.code}|${checked.value.period}`
    const earlier = seen.get(key)
    if (earlier !== undefined) {
      problems.push({ row: rowNo, column: 'period', message: `Row ${earlier} already has ${m.code} for ${checked.value.period}: keep one of the two rows` })
      continue
    }
    seen.set(key, rowNo)
    good.push({ code: m.code, value: checked.value })
  }
  if (rowsRead === 0) problems.push({ row: 2, column: '', message: 'The file has no measurements under the first row' })
  if (rowsRead > MAX_IMPORT_ROWS) return { good: [], problems: [{ row: 1, column: '', message: `Import at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} rows at a time: split the file` }], rowsRead }
  return { good, problems, rowsRead }
}

/** Import measurements from a file. Audited once for the import and once for each measurement replaced. */
export async function importMeasurements(deps: AppDeps, actor: Actor, file: { name: string; bytes: Uint8Array }, opts: ImportOptions): Promise<ImportReport> {
  assertMay(mayManage(actor), 'import measurements')
  const report: ImportReport = { format: null, rowsRead: 0, goodRows: 0, problems: [], written: false, dryRun: opts.dryRun, added: 0, replaced: 0, unchanged: 0 }
  const sheet = await readSheet(file)
  if (!sheet.ok) return { ...report, problems: [{ row: 0, column: '', message: sheet.message }] }
  const f = await currentFramework(deps)
  const measures = f ? await listMeasures(deps.db, f.id) : []
  const { good, problems, rowsRead } = checkRows(sheet.rows, measures)
  Object.assign(report, { format: sheet.format, rowsRead, goodRows: good.length, problems })
  if (opts.dryRun || good.length === 0 || (opts.allOrNothing && problems.length > 0)) return report
  await inTransaction(deps, actor, async uow => {
    for (const g of good) report[await writeMeasurement(uow, actor, g.code, g.value, 'imported')] += 1
    await uow.audit({
      action: 'measurement.measurements_imported',
      subjectType: 'measurement_import',
      subjectId: file.name.slice(0, 64) || 'file',
      summary: { file: file.name.slice(0, 200), format: sheet.format, rowsRead, added: report.added, replaced: report.replaced, unchanged: report.unchanged, problems: problems.length },
    })
  })
  report.written = true
  return report
}

/** A CSV template: the columns, and a row per measure of the current framework with its code filled in. */
export async function importTemplate(deps: AppDeps): Promise<string> {
  const f = await currentFramework(deps)
  const measures = f ? await listMeasures(deps.db, f.id) : []
  const lines = [IMPORT_COLUMNS.map(c => c.name).join(',')]
  for (const m of measures) lines.push([m.code, ...IMPORT_COLUMNS.slice(1).map(() => '')].join(','))
  return `${lines.join('\r\n')}\r\n`
}
