// Reading an uploaded spreadsheet: a CSV file (UTF-8) or the first sheet of an Excel workbook (.xlsx), for every
// import (evidence submissions, measurements). Old Excel, OpenDocument and Numbers files, UTF-16 text and files that
// only claim to be workbooks are refused with what to do instead.
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'

export const SAVE_AS = "In your spreadsheet, choose 'Save as' and 'CSV UTF-8 (Comma delimited)' or 'Excel Workbook (.xlsx)', then try again"

export type Sheet = { ok: true; rows: string[][]; format: 'csv' | 'xlsx' } | { ok: false; message: string }

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
const isOldExcel = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0

/** How big a file may be: bytes (and the same in words, for the message) and rows after the header. */
export interface SheetLimits {
  maxBytes: number
  maxBytesText: string
  maxRows: number
}

/**
 * Read a CSV file (UTF-8) or the first sheet of an .xlsx workbook into rows of text, or say in plain English what is
 * wrong with the file and how to save it so that it can be read. Blank lines are kept as rows, so that row numbers
 * match what a spreadsheet shows.
 */
export async function readSpreadsheet(file: { name: string; bytes: Uint8Array }, limits: SheetLimits): Promise<Sheet> {
  const { bytes } = file
  if (bytes.length === 0) return { ok: false, message: 'The selected file is empty' }
  if (bytes.length > limits.maxBytes) {
    return { ok: false, message: `The selected file must be smaller than ${limits.maxBytesText}. Split it into smaller files and import each one` }
  }
  if (isOldExcel(bytes) || /\.(xls|ods|numbers)$/i.test(file.name)) return { ok: false, message: `The selected file is not a CSV file or an .xlsx workbook. ${SAVE_AS}` }
  if (isZip(bytes)) return readXlsx(bytes, limits.maxRows)
  if (/\.xlsx$/i.test(file.name)) return { ok: false, message: `The selected file is called .xlsx but is not an Excel workbook. ${SAVE_AS}` }
  return readCsv(bytes)
}

function readCsv(bytes: Uint8Array): Sheet {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `The selected file is saved as UTF-16 ('Unicode text'), not UTF-8. ${SAVE_AS}` }
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, message: `The selected file is not saved as UTF-8 text, so some letters would be wrong. ${SAVE_AS}` }
  }
  if (text.includes('\u0000')) return { ok: false, message: `The selected file is not a CSV file. ${SAVE_AS}` }
  if (text.replace('\uFEFF', '').trim() === '') return { ok: false, message: 'The selected file is empty' }
  try {
    // Blank lines are kept as rows, so that row numbers match what a spreadsheet shows.
    const rows = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][]
    return { ok: true, rows, format: 'csv' }
  } catch (err) {
    const line = (err as { lines?: number }).lines
    const code = (err as { code?: string }).code
    if (code === 'CSV_QUOTE_NOT_CLOSED') return { ok: false, message: 'A quote mark at the start of a cell is never closed. Check the quote marks in the file' }
    return { ok: false, message: `The file could not be read as CSV${line ? ` near line ${line}` : ''}. Put a cell with commas or quote marks in quote marks, and write a quote mark inside it as two ("")` }
  }
}

async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer)
  } catch {
    return { ok: false, message: `The selected file could not be opened as an Excel workbook. ${SAVE_AS}` }
  }
  const sheet = workbook.worksheets[0]
  if (!sheet || sheet.rowCount === 0) return { ok: false, message: 'The first sheet of the workbook is empty' }
  if (sheet.rowCount > maxRows + 1) return { ok: false, message: tooManyRows(sheet.rowCount - 1, maxRows) }
  const rows: string[][] = []
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value))
    rows.push(cells)
  }
  return { ok: true, rows, format: 'xlsx' }
}

/** A workbook cell as text: dates as YYYY-MM-DD, rich text and links as their words, formulas as their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map(t => t.text).join('')
  if ('text' in value && typeof value.text === 'string') return value.text
  if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue)
  return ''
}

/** The message for a file with more rows than an import takes. */
export function tooManyRows(n: number, maxRows: number): string {
  return `The file has ${n.toLocaleString('en-GB')} rows. Import at most ${maxRows.toLocaleString('en-GB')} at a time: split it into smaller files`
}
