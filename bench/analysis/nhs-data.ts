// The NHS Friends and Family Test comments with human multi-label codes (pxtextmining v6 framework), read at run time
// from ../shared/data/analysis beside the repository (never copied into it: the comments are sensitive free text).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse } from 'csv-parse/sync'

const repoRoot = resolve(import.meta.dirname, '../..')
export const NHS_FFT_FILE = resolve(repoRoot, '../shared/data/analysis/nhs-fft-pxtextmining/v6framework_230831.csv')

/** The first 11 columns describe the comment; the 50 after them are the one-hot codes. */
const FIRST_CODE_COLUMN = 11

export interface NhsComments {
  codeNames: string[]
  items: { id: string; text: string }[]
  /** Code numbers per item (index into codeNames). */
  labels: number[][]
}

export function nhsDataAvailable(): boolean {
  return existsSync(NHS_FFT_FILE)
}

/** The 6,211 comments with a real answer ("Did not answer" and empty answers are left out), in file order. */
export function loadNhsComments(): NhsComments {
  const rows: string[][] = parse(readFileSync(NHS_FFT_FILE, 'utf8'), { relax_column_count: true })
  const header = rows[0]!
  const idColumn = header.indexOf('Comment ID')
  const answerColumn = header.indexOf('FFT answer')
  if (idColumn < 0 || answerColumn < 0) throw new Error(`Unexpected header in ${NHS_FFT_FILE}`)
  const codeNames = header.slice(FIRST_CODE_COLUMN)
  const items: NhsComments['items'] = []
  const labels: number[][] = []
  for (const row of rows.slice(1)) {
    const text = (row[answerColumn] ?? '').trim()
    if (text === '' || text.toLowerCase() === 'did not answer') continue
    const codes: number[] = []
    for (let c = 0; c < codeNames.length; c++) if (row[FIRST_CODE_COLUMN + c] === '1') codes.push(c)
    items.push({ id: row[idColumn]!, text })
    labels.push(codes)
  }
  return { codeNames, items, labels }
}
