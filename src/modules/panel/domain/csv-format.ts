import { CHANNELS, FORMATS, JOIN_ROUTES, type JoinRoute, type Option, type PanelCatalogue } from './catalogue.ts'
import { CONSENT_PURPOSES, CONTACT_PURPOSE, SPECIAL_CATEGORY_PURPOSE, specialCategoryDimensionKeys, type ConsentAnswer, type ConsentPurpose } from './consent.ts'
import { normaliseEmail, normalisePhone } from './participant.ts'
import { registrationSchema, type RegisterParticipantInput } from './registration.schema.ts'

/**
 * The CSV format for importing panel members, and the small CSV reader and writer it needs.
 *
 * Reading is strict about what matters and forgiving about the rest: a UTF-8 byte order mark, Windows or Unix line
 * endings, quoted fields (with commas, quote marks and line breaks inside) and blank lines are all fine; a file that
 * is not UTF-8 text, a quote mark that never closes, or an unknown column is reported in plain words with the line
 * and column, so the person can fix the file in their spreadsheet.
 */

/** One thing wrong with the file or a row. `line` is the line of the file (1 = the first); `column` a header name. */
export interface ImportProblem {
  line: number | null
  column: string | null
  /** The spreadsheet column letter (A, B, ... AA), when the column is in the file. */
  columnLetter: string | null
  message: string
}

export const UTF8_BOM = '\uFEFF'
/** Beyond this, split the file: an import runs while the person waits. */
export const MAX_IMPORT_ROWS = 20_000
/** Multi-valued cells (several answers, support needs, groups) separate their values with this. */
export const VALUE_SEPARATOR = ';'

const SAVE_AS_CSV = "In your spreadsheet, choose 'Save as' and 'CSV UTF-8 (Comma delimited)', then try again"

// ---------------------------------------------------------------------------------------------------------------
// Reading CSV

/** The file's bytes as text, or what is wrong in plain words (not UTF-8, a spreadsheet workbook, empty). */
export function decodeCsv(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  if (bytes.length === 0) return { ok: false, message: 'The selected file is empty' }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return { ok: false, message: `The selected file is a spreadsheet workbook, not a CSV file. ${SAVE_AS_CSV}` }
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `The selected file is saved as UTF-16 ('Unicode text'), not UTF-8. ${SAVE_AS_CSV}` }
  }
  let text: string
  try {
    // The decoder drops a UTF-8 byte order mark (Excel's 'CSV UTF-8' writes one).
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { ok: false, message: `The selected file is not saved as UTF-8 text, so some letters would be wrong. ${SAVE_AS_CSV}` }
  }
  if (text.includes('\u0000')) return { ok: false, message: `The selected file is not a CSV file. ${SAVE_AS_CSV}` }
  if (text.replace(UTF8_BOM, '').trim() === '') return { ok: false, message: 'The selected file is empty' }
  return { ok: true, text }
}

/** One record of a CSV file: its cells, and the line it starts on (a quoted cell may run over several lines). */
export interface CsvRecord {
  line: number
  cells: string[]
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13

/**
 * Parse CSV text (RFC 4180, as spreadsheets write it). Line breaks inside quoted cells are kept as "\n".
 * Blank lines are skipped. A quote mark in the middle of an unquoted cell is kept as it is.
 */
export function parseCsv(text: string): { ok: true; records: CsvRecord[] } | { ok: false; problem: ImportProblem } {
  const s = text.startsWith(UTF8_BOM) ? text.slice(1) : text
  const n = s.length
  const records: CsvRecord[] = []
  let cells: string[] = []
  let line = 1
  let recordLine = 1
  let i = 0

  const endRecord = () => {
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells })
    cells = []
  }

  while (i <= n) {
    // At the start of a cell.
    if (i < n && s.charCodeAt(i) === QUOTE) {
      const opened = line
      let value = ''
      let from = i + 1
      let j = from
      for (;;) {
        if (j >= n) {
          return {
            ok: false,
            problem: {
              line: opened,
              column: null,
              columnLetter: columnLetter(cells.length),
              message: `A quote mark at the start of a cell on line ${opened} is never closed. Check the quote marks in that cell`,
            },
          }
        }
        const c = s.charCodeAt(j)
        if (c === QUOTE) {
          if (s.charCodeAt(j + 1) === QUOTE) {
            value += s.slice(from, j + 1)
            j += 2
            from = j
            continue
          }
          value += s.slice(from, j)
          j += 1
          break
        }
        if (c === CR) {
          value += `${s.slice(from, j)}\n`
          line += 1
          j += s.charCodeAt(j + 1) === LF ? 2 : 1
          from = j
          continue
        }
        if (c === LF) line += 1
        j += 1
      }
      cells.push(value)
      i = j
      const after = i < n ? s.charCodeAt(i) : -1
      if (after !== -1 && after !== COMMA && after !== LF && after !== CR) {
        return {
          ok: false,
          problem: {
            line,
            column: null,
            columnLetter: columnLetter(cells.length - 1),
            message: `On line ${line} a cell has text after its closing quote mark. Put the whole cell in quote marks, and write a quote mark inside it as two ("")`,
          },
        }
      }
    } else {
      let j = i
      while (j < n) {
        const c = s.charCodeAt(j)
        if (c === COMMA || c === LF || c === CR) break
        j += 1
      }
      cells.push(s.slice(i, j))
      i = j
    }
    // After a cell: a comma (another cell), a line break (another record) or the end.
    if (i >= n) {
      endRecord()
      break
    }
    const c = s.charCodeAt(i)
    if (c === COMMA) {
      i += 1
      if (i === n) {
        cells.push('')
        endRecord()
        break
      }
      continue
    }
    i += c === CR && s.charCodeAt(i + 1) === LF ? 2 : 1
    endRecord()
    line += 1
    recordLine = line
    if (i === n) break
  }
  return { ok: true, records }
}

/** 0 -> A, 25 -> Z, 26 -> AA: the column letters a spreadsheet shows. */
export function columnLetter(index: number): string {
  let n = index + 1
  let out = ''
  while (n > 0) {
    const r = (n - 1) % 26
    out = String.fromCharCode(65 + r) + out
    n = Math.floor((n - 1) / 26)
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Writing CSV

/** One CSV line (with CRLF, as RFC 4180 and spreadsheets expect), quoting cells that need it. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * A value a spreadsheet will show as text, never run as a formula ("CSV injection"): text starting with = + - @ or a
 * tab gets a leading apostrophe. For values typed by people (names, addresses); not needed for our own labels.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

// ---------------------------------------------------------------------------------------------------------------
// The import format

export interface ImportColumn {
  /** The header name in the file (lower case, words joined by underscores). */
  name: string
  /** What to put in it, in plain words. */
  description: string
  required: boolean
  /** For a column of answers from a list: what may go in it (code or label). */
  allowed?: readonly Option[]
  /** Several answers allowed, separated by ';'. */
  multiple?: boolean
}

/** The columns of an import file, for a catalogue: fixed ones, then one per demographic dimension, then needs and groups. */
export function importColumns(catalogue: PanelCatalogue): ImportColumn[] {
  return [
    { name: 'full_name', required: true, description: "The person's full name." },
    { name: 'email', required: false, description: 'Their email address, like name@example.com.' },
    { name: 'phone', required: false, description: 'Their phone number, like 01632 960 001 or 07700 900 982. Format the column as text so the 0 at the start is kept.' },
    { name: 'address_line_1', required: false, description: 'The first line of their postal address.' },
    { name: 'address_line_2', required: false, description: 'The second line of their postal address, if there is one.' },
    { name: 'town', required: false, description: 'The town or city of their postal address.' },
    { name: 'postcode', required: false, description: 'The postcode of their postal address, like NS1 4QT.' },
    {
      name: 'preferred_channel',
      required: false,
      description: 'How they would like us to contact them. If blank: email if there is an email address, otherwise phone if there is a phone number, otherwise letter.',
      allowed: CHANNELS,
    },
    { name: 'preferred_format', required: false, description: 'The format they would like things in. If blank: Standard.', allowed: FORMATS },
    { name: 'preferred_language', required: false, description: "The language they would like us to use, when their format is 'Another language'." },
    {
      name: 'joined_via',
      required: false,
      description: 'How they joined the panel. If blank: the choice made for the whole file.',
      allowed: JOIN_ROUTES,
    },
    { name: 'joined_on', required: false, description: 'The date they joined, like 2025-03-31 or 31/03/2025. If blank: the day of the import.' },
    {
      name: 'max_invitations_per_month',
      required: false,
      description: 'The most invitations to send them in a month, a whole number from 1 to 20. If blank: 2.',
    },
    ...CONSENT_PURPOSES.map(p => ({
      name: consentColumn(p.code),
      required: p.code === CONTACT_PURPOSE,
      description: CONSENT_DESCRIPTIONS[p.code],
      allowed: YES_NO,
    })),
    ...catalogue.dimensions.map(d => ({
      name: d.key,
      required: false,
      description: `${d.question}${d.multiple ? ' More than one answer allowed: separate them with ;' : ''} If blank: not answered.`,
      allowed: d.options,
      multiple: d.multiple,
    })),
    {
      name: 'support_needs',
      required: false,
      description: 'Support they need to take part, separated by ; Add details after a colon, like "travel: needs a taxi". Details cannot contain ;',
      allowed: catalogue.supportNeeds,
      multiple: true,
    },
    {
      name: 'seldom_heard_tags',
      required: false,
      description: 'Seldom-heard groups they belong to, separated by ;',
      allowed: catalogue.seldomHeardTags,
      multiple: true,
    },
  ]
}

/** The column of a consent purpose: consent_contact_research, consent_quotes, ... */
export function consentColumn(purpose: ConsentPurpose): string {
  return `consent_${purpose}`
}

const YES_NO: readonly Option[] = [
  { code: 'yes', label: 'Yes' },
  { code: 'no', label: 'No' },
]

const WORDING_NOTE = 'It is recorded against the wording in use on the day of the import, as told by the way they joined.'
const CONSENT_DESCRIPTIONS: Record<ConsentPurpose, string> = {
  contact_research: `Do they agree to us contacting them about research? They must say Yes to join the panel. ${WORDING_NOTE}`,
  quotes: `Do they agree to us using their words? If blank: not asked. ${WORDING_NOTE}`,
  special_category: `Do they agree to us keeping information about their health, disability and ethnic group? Without Yes, leave the answers on those questions blank. ${WORDING_NOTE}`,
  recordings: `Do they agree to us recording what they say? If blank: not asked. ${WORDING_NOTE}`,
}

/** The template: the header row only (with a byte order mark, so spreadsheets read it as UTF-8). */
export function importTemplate(catalogue: PanelCatalogue): string {
  return UTF8_BOM + csvLine(importColumns(catalogue).map(c => c.name))
}

/** One data row of an import file, read and checked. `input` is set only when the row has no problems. */
export interface ImportRow {
  line: number
  input?: RegisterParticipantInput
  /** What they agreed to (or refused), to record with their registration. Purposes left blank are not in it. */
  consents: ConsentAnswer[]
  problems: ImportProblem[]
  /** The normalised email address and phone number, when valid: to find duplicates. */
  email?: string
  phone?: string
}

export interface ImportFile {
  /** Problems with the file as a whole (its header, its encoding): when there are any, no row is read. */
  fileProblems: ImportProblem[]
  rows: ImportRow[]
  /** Where each named column is in the file (0 = column A). */
  columns: ReadonlyMap<string, number>
}

export interface ReadImportOptions {
  /** How people joined, for rows that leave joined_via blank. */
  joinedVia?: JoinRoute
  /** Now: a joining date may not be later. */
  now: Date
}

function normaliseHeader(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, '_')
}

/** How a value is compared with a code or a label: case, spaces, hyphens and underscores do not matter. */
function comparable(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_-]+/g, ' ')
}

function matchOption(options: readonly Option[], value: string): Option | undefined {
  const v = comparable(value)
  return options.find(o => comparable(o.code) === v || comparable(o.label) === v)
}

function quoted(value: string): string {
  const v = value.length > 40 ? `${value.slice(0, 40)}…` : value
  return `"${v}"`
}

function allowedText(options: readonly Option[]): string {
  return options.map(o => o.label).join(', ')
}

const DATE_ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/
const DATE_UK = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/

/** A date written 2025-03-31 or 31/03/2025, as midnight UTC in ISO-8601, or undefined if it is not a real date. */
export function parseImportDate(value: string): string | undefined {
  const iso = DATE_ISO.exec(value)
  const uk = DATE_UK.exec(value)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : []
  if (!y || !m || !d) return undefined
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined
  return date.toISOString()
}

/** Where a registration field's problem is shown: the column of the file it came from (null: the row as a whole). */
function columnOfField(field: string): string | null {
  const f = field.replace(/^rows-\d+-/, '')
  if (f.startsWith('demographics-')) return f.slice('demographics-'.length)
  if (f.startsWith('supportNeeds')) return 'support_needs'
  if (f.startsWith('consent-')) return `consent_${f.slice('consent-'.length)}`
  const map: Record<string, string> = {
    fullName: 'full_name',
    email: 'email',
    phone: 'phone',
    address: 'address_line_1',
    'address-line1': 'address_line_1',
    'address-line2': 'address_line_2',
    'address-town': 'town',
    'address-postcode': 'postcode',
    preferredChannel: 'preferred_channel',
    preferredFormat: 'preferred_format',
    preferredLanguage: 'preferred_language',
    joinedVia: 'joined_via',
    joinedAt: 'joined_on',
    maxInvitationsPerMonth: 'max_invitations_per_month',
    seldomHeardTags: 'seldom_heard_tags',
  }
  return map[f] ?? null
}

const CONTACT_COLUMNS = 'email, phone, address_line_1'
const NO_CONTACT_COVERS = ['email', 'phone', 'address_line_1', 'preferred_channel']

/**
 * Read an import file: check the header, then turn each row into a registration and check it exactly as the
 * registration command will, collecting every problem with its line and column. Duplicates (within the file and
 * against the panel) are found by the caller, which has the database.
 */
export function readImportFile(text: string, catalogue: PanelCatalogue, opts: ReadImportOptions): ImportFile {
  const parsed = parseCsv(text)
  if (!parsed.ok) return { fileProblems: [parsed.problem], rows: [], columns: new Map() }
  const [header, ...records] = parsed.records
  if (!header) return { fileProblems: [{ line: null, column: null, columnLetter: null, message: 'The selected file is empty' }], rows: [], columns: new Map() }

  const columns = importColumns(catalogue)
  const known = new Map(columns.map(c => [c.name, c]))
  const index = new Map<string, number>()
  const fileProblems: ImportProblem[] = []
  const at = (i: number, message: string, column: string | null = null): ImportProblem => ({
    line: header.line,
    column,
    columnLetter: columnLetter(i),
    message,
  })

  if (header.cells.length === 1 && /[;\t]/.test(header.cells[0] ?? '')) {
    const by = (header.cells[0] ?? '').includes('\t') ? 'tabs' : 'semicolons'
    fileProblems.push(at(0, `The columns are separated by ${by}, not commas. ${SAVE_AS_CSV}`))
  } else {
    header.cells.forEach((raw, i) => {
      const name = normaliseHeader(raw)
      if (name === '') return
      if (!known.has(name)) {
        fileProblems.push(at(i, `${quoted(raw.trim())} is not a column we know. Check its spelling against the template, or remove the column`, raw.trim()))
      } else if (index.has(name)) {
        fileProblems.push(at(i, `The column "${name}" is in the file twice (also in column ${columnLetter(index.get(name)!)}). Remove one of them`, name))
      } else {
        index.set(name, i)
      }
    })
    if (!index.has('full_name') && fileProblems.length === 0) {
      fileProblems.push({
        line: header.line,
        column: 'full_name',
        columnLetter: null,
        message: 'The first row must name the columns, as in the template, and there must be a "full_name" column',
      })
    }
    const contactColumn = consentColumn(CONTACT_PURPOSE)
    if (index.has('full_name') && !index.has(contactColumn) && fileProblems.length === 0) {
      fileProblems.push({
        line: header.line,
        column: contactColumn,
        columnLetter: null,
        message: `There must be a "${contactColumn}" column: nobody can join the panel without agreeing to us contacting them about research`,
      })
    }
  }
  if (records.length > MAX_IMPORT_ROWS) {
    fileProblems.push({
      line: null,
      column: null,
      columnLetter: null,
      message: `The file has ${records.length.toLocaleString('en-GB')} rows. Import at most ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} at a time: split it into smaller files`,
    })
  }
  if (fileProblems.length > 0) return { fileProblems, rows: [], columns: index }

  const ctx: RowContext = {
    catalogue,
    schema: registrationSchema(catalogue),
    index,
    named: new Set(index.values()),
    headerCells: header.cells.length,
    specialKeys: specialCategoryDimensionKeys(catalogue),
    opts,
  }
  const rows: ImportRow[] = []
  for (const record of records) {
    if (record.cells.every(c => c.trim() === '')) continue
    rows.push(readRow(record, ctx))
  }
  if (rows.length === 0) {
    const message = 'There are no panel members in the file: put one person on each row under the header row'
    return { fileProblems: [{ line: null, column: null, columnLetter: null, message }], rows, columns: index }
  }
  return { fileProblems: [], rows, columns: index }
}

/** A problem on a row, in a column given by name: with its letter when the column is in the file. */
export function rowProblem(file: ImportFile, line: number, column: string | null, message: string): ImportProblem {
  const i = column === null ? undefined : file.columns.get(column)
  return { line, column, columnLetter: i === undefined ? null : columnLetter(i), message }
}

/** Problems a registration command reported (a field name each), as problems on a row's columns. */
export function problemsFromFieldErrors(file: ImportFile, line: number, errors: readonly { field: string; message: string }[]): ImportProblem[] {
  const out: ImportProblem[] = []
  for (const e of errors) {
    const column = columnOfField(e.field)
    if (!out.some(p => p.column === column)) out.push(rowProblem(file, line, column, e.message))
  }
  return out
}

/** Problems in the order a person reads the file: by line, then left to right. */
export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  const col = (p: ImportProblem) => (p.columnLetter ? columnIndexOf(p.columnLetter) : Number.MAX_SAFE_INTEGER)
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || col(a) - col(b))
}

interface RowContext {
  catalogue: PanelCatalogue
  schema: ReturnType<typeof registrationSchema>
  index: Map<string, number>
  /** The positions of the named columns. */
  named: Set<number>
  headerCells: number
  /** Dimensions whose answers are special-category data: kept only with that consent. */
  specialKeys: readonly string[]
  opts: ReadImportOptions
}

function readRow(record: CsvRecord, ctx: RowContext): ImportRow {
  const { catalogue, index } = ctx
  const problems: ImportProblem[] = []
  const cell = (name: string) => {
    const i = index.get(name)
    return i === undefined ? '' : (record.cells[i] ?? '').trim()
  }
  const problem = (column: string | null, message: string) => {
    if (problems.some(p => p.column === column)) return
    const i = column === null ? undefined : index.get(column)
    problems.push({ line: record.line, column, columnLetter: i === undefined ? null : columnLetter(i), message })
  }

  for (let i = 0; i < record.cells.length; i++) {
    if (!ctx.named.has(i) && (record.cells[i] ?? '').trim() !== '') {
      problems.push({
        line: record.line,
        column: null,
        columnLetter: columnLetter(i),
        message: i >= ctx.headerCells
          ? `This row has more cells than the header row has columns (a value is in column ${columnLetter(i)}). Check for a stray comma`
          : `This row has a value in column ${columnLetter(i)}, which has no name in the header row`,
      })
      break
    }
  }

  const one = (name: string, options: readonly Option[], what: string): string | undefined => {
    const v = cell(name)
    if (v === '') return undefined
    const o = matchOption(options, v)
    if (!o) problem(name, `${quoted(v)} is not ${what}. Use one of: ${allowedText(options)}`)
    return o?.code
  }
  const many = (name: string, options: readonly Option[], what: string, multiple: boolean): string[] | undefined => {
    const v = cell(name)
    if (v === '') return undefined
    const values = v.split(VALUE_SEPARATOR).map(x => x.trim()).filter(x => x !== '')
    if (!multiple && values.length > 1) {
      problem(name, `Give only one answer for ${what}. Use one of: ${allowedText(options)}`)
      return undefined
    }
    const codes: string[] = []
    for (const value of values) {
      const o = matchOption(options, value)
      if (!o) {
        problem(name, `${quoted(value)} is not an answer for ${what}. Use one of: ${allowedText(options)}${multiple ? ' (separate several with ;)' : ''}`)
        return undefined
      }
      if (!codes.includes(o.code)) codes.push(o.code)
    }
    return codes
  }

  const email = cell('email')
  const phone = cell('phone')
  const address = {
    line1: cell('address_line_1'),
    line2: cell('address_line_2'),
    town: cell('town'),
    postcode: cell('postcode'),
  }
  const hasAddress = Object.values(address).some(v => v !== '')

  if (phone !== '' && /^[1-9]\d{9}$/.test(phone.replace(/\s/g, ''))) {
    problem('phone', 'This phone number has lost the 0 at its start (spreadsheets remove it from numbers). Add the 0, and format the column as text')
  }

  let preferredChannel = one('preferred_channel', CHANNELS, 'a way to contact someone')
  if (email === '' && phone === '' && !hasAddress) {
    problem(CONTACT_COLUMNS, 'There is no way to contact this person. Give an email address, a phone number or a postal address')
  } else if (cell('preferred_channel') === '') {
    preferredChannel = email !== '' ? 'email' : phone !== '' ? 'phone' : 'letter'
  }

  const joinedVia = one('joined_via', JOIN_ROUTES, 'a way of joining') ?? (cell('joined_via') === '' ? ctx.opts.joinedVia : undefined)
  if (!joinedVia && cell('joined_via') === '') {
    problem('joined_via', 'Say how this person joined: fill in joined_via (online, phone, post or partner), or choose it for the whole file')
  }

  let joinedAt: string | undefined
  const joinedOn = cell('joined_on')
  if (joinedOn !== '') {
    joinedAt = parseImportDate(joinedOn)
    if (!joinedAt) problem('joined_on', `${quoted(joinedOn)} is not a date. Write the date they joined like 2025-03-31 or 31/03/2025`)
    else if (new Date(joinedAt).getTime() > ctx.opts.now.getTime()) {
      problem('joined_on', 'The date they joined must be today or in the past')
      joinedAt = undefined
    }
  }

  const consents: ConsentAnswer[] = []
  for (const p of CONSENT_PURPOSES) {
    const column = consentColumn(p.code)
    const answer = one(column, YES_NO, 'Yes or No')
    if (answer) consents.push({ purpose: p.code, given: answer === 'yes' })
  }
  const contact = consents.find(c => c.purpose === CONTACT_PURPOSE)
  if (!contact && cell(consentColumn(CONTACT_PURPOSE)) === '') {
    problem(consentColumn(CONTACT_PURPOSE), 'They need to agree to us contacting them about research to join the panel. Write Yes once they have agreed')
  } else if (contact && !contact.given) {
    problem(consentColumn(CONTACT_PURPOSE), 'They have not agreed to us contacting them about research, so they cannot join the panel')
  }
  const specialGiven = consents.some(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && c.given)

  const demographics: Record<string, string | string[]> = {}
  for (const d of catalogue.dimensions) {
    if (!specialGiven && ctx.specialKeys.includes(d.key) && cell(d.key) !== '') {
      problem(
        d.key,
        `They have not agreed to us keeping information about their health, disability and ethnic group. Remove this answer, or write Yes in ${consentColumn(SPECIAL_CATEGORY_PURPOSE)} if they have agreed`,
      )
      continue
    }
    const codes = many(d.key, d.options, d.label.toLowerCase(), d.multiple)
    if (codes && codes.length > 0) demographics[d.key] = d.multiple ? codes : codes[0]!
  }

  const supportNeeds: { need: string; detail?: string }[] = []
  const needsCell = cell('support_needs')
  if (needsCell !== '') {
    for (const part of needsCell.split(VALUE_SEPARATOR).map(x => x.trim()).filter(x => x !== '')) {
      const colon = part.indexOf(':')
      const needText = colon === -1 ? part : part.slice(0, colon)
      const detail = colon === -1 ? '' : part.slice(colon + 1).trim()
      const o = matchOption(catalogue.supportNeeds, needText)
      if (!o) {
        problem('support_needs', `${quoted(needText.trim())} is not a support need we know. Use one of: ${allowedText(catalogue.supportNeeds)} (separate several with ;)`)
        break
      }
      if (supportNeeds.some(n => n.need === o.code)) continue
      supportNeeds.push(detail ? { need: o.code, detail } : { need: o.code })
    }
  }
  const tags = many('seldom_heard_tags', catalogue.seldomHeardTags, 'seldom-heard groups', true)

  const input: RegisterParticipantInput = {
    fullName: cell('full_name'),
    ...(email !== '' ? { email } : {}),
    ...(phone !== '' ? { phone } : {}),
    ...(hasAddress
      ? { address: { line1: address.line1, ...(address.line2 !== '' ? { line2: address.line2 } : {}), town: address.town, postcode: address.postcode } }
      : {}),
    preferredChannel: (preferredChannel ?? '') as RegisterParticipantInput['preferredChannel'],
    ...(cell('preferred_format') !== '' ? { preferredFormat: one('preferred_format', FORMATS, 'a format we know') as RegisterParticipantInput['preferredFormat'] } : {}),
    ...(cell('preferred_language') !== '' ? { preferredLanguage: cell('preferred_language') } : {}),
    demographics,
    supportNeeds,
    seldomHeardTags: tags ?? [],
    joinedVia: (joinedVia ?? '') as JoinRoute,
    ...(joinedAt ? { joinedAt } : {}),
    ...(cell('max_invitations_per_month') !== '' ? { maxInvitationsPerMonth: cell('max_invitations_per_month') as unknown as number } : {}),
  }

  // Then every rule of a registration, exactly as the command will check it.
  const result = ctx.schema.safeParse(input)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path.map(String).join('-')
      const column = columnOfField(field)
      // No way to contact them at all says it all: not also "enter an email address" and "select a channel".
      if (column !== null && NO_CONTACT_COVERS.includes(column) && problems.some(p => p.column === CONTACT_COLUMNS)) continue
      if (column === 'support_needs' && field.endsWith('detail')) {
        problem(column, `${issue.message}: write it after a colon, like "other: needs regular breaks"`)
      } else {
        problem(column, issue.message)
      }
    }
  }

  const order = (p: ImportProblem) => (p.columnLetter ? columnIndexOf(p.columnLetter) : Number.MAX_SAFE_INTEGER)
  problems.sort((a, b) => order(a) - order(b))
  const row: ImportRow = { line: record.line, consents, problems }
  if (problems.length === 0) row.input = input
  if (email !== '' && !problems.some(p => p.column === 'email')) row.email = normaliseEmail(email)
  if (phone !== '' && !problems.some(p => p.column === 'phone')) row.phone = normalisePhone(phone)
  return row
}

function columnIndexOf(letters: string): number {
  let n = 0
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64)
  return n - 1
}
