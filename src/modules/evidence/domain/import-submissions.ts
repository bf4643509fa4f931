// Stakeholder submissions and public input imported from a spreadsheet: a CSV file (UTF-8, with a header row) or the
// first sheet of an Excel workbook (.xlsx). Every row is read and checked, and each problem is reported with its row,
// its column and what to fix. The good rows go in (or none, when the person chose all-or-nothing and a row is wrong);
// a dry run only says what would happen. Each row's `source_ref` comes from the sender's reference (or, without one,
// from what the row says), so importing the same file again adds nothing: those rows are reported as already imported.
// One transaction and one audit event per import, with counts only: never a name, an organisation or the text.
import { createHash } from 'node:crypto'
import type { Insertable } from 'kysely'
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { readSpreadsheet, SAVE_AS, tooManyRows, type SheetLimits } from '../../../platform/files/spreadsheet.ts'
import { newId } from '../../../platform/ids.ts'
import { getActivities } from '../../engagement/index.ts'
import { findExistingSourceRefs, insertNewItems } from '../data/evidence.repository.ts'
import type { EvidenceItemTable } from '../data/evidence.table.ts'
import { assertMay, CONSENT_TO_QUOTE, EVIDENCE_CHANNELS, mayCaptureEvidence, SOURCE_ROLES, type ConsentToQuote, type SourceRole } from './evidence-model.ts'

/** The largest file taken: an import runs while the person waits. */
export const MAX_IMPORT_FILE_BYTES = 5 * 1024 * 1024
export const MAX_IMPORT_FILE_TEXT = '5 MB'
/** Rows of submissions in one file, at most. */
export const MAX_IMPORT_ROWS = 5_000
export const MAX_SUBMISSION_LENGTH = 20_000
export const MAX_ORGANISATION_LENGTH = 200
export const MAX_REFERENCE_LENGTH = 100

/** The channels a file may give: the others come from surveys and sessions. */
export const IMPORT_CHANNELS = EVIDENCE_CHANNELS.filter(c => c.code === 'stakeholder_submission' || c.code === 'public_input')
type ImportChannel = 'stakeholder_submission' | 'public_input'

const COLUMN_NAMES = ['text', 'channel', 'source_role', 'organisation', 'reference', 'submitted_on', 'consent_to_quote', 'activity'] as const
type ColumnName = (typeof COLUMN_NAMES)[number]
/** Other names people give these columns. */
const SYNONYMS: Record<string, ColumnName> = { organization: 'organisation', role: 'source_role', consent: 'consent_to_quote', date: 'submitted_on', submission: 'text' }

/** The columns of an import file, in words: for the page, the CLI's help and the docs. */
export const SUBMISSION_COLUMNS: readonly { name: ColumnName; required: boolean; description: string; allowed?: string }[] = [
  { name: 'text', required: true, description: `The submission itself, as sent: up to ${MAX_SUBMISSION_LENGTH.toLocaleString('en-GB')} characters.` },
  { name: 'channel', required: false, description: 'How it reached us. If blank: Stakeholder submission.', allowed: IMPORT_CHANNELS.map(c => c.label).join(', ') },
  {
    name: 'source_role',
    required: false,
    description: 'Who sent it. If blank: Stakeholder for a stakeholder submission, Member of the public for public input.',
    allowed: SOURCE_ROLES.map(r => r.label).join(', '),
  },
  { name: 'organisation', required: false, description: `The organisation that sent it. Needed when the role is Stakeholder. Up to ${MAX_ORGANISATION_LENGTH} characters.` },
  { name: 'reference', required: false, description: `The sender's own reference, different on every row (up to ${MAX_REFERENCE_LENGTH} characters). Importing a row with the same reference again adds nothing.` },
  { name: 'submitted_on', required: false, description: 'The date it was sent, like 2027-03-31 or 31/03/2027. If blank: the day of the import.' },
  { name: 'consent_to_quote', required: false, description: 'Whether we may quote it. If blank: Not asked (never quoted).', allowed: 'Yes, No, Not asked' },
  { name: 'activity', required: false, description: 'The engagement activity it responds to: its exact title, or its id. If blank: none.' },
]

/** One thing wrong with the file or a row. `line` is the row of the spreadsheet (1 = the header row). */
export interface SubmissionImportProblem {
  line: number | null
  column: string | null
  message: string
}

export interface SubmissionImportOptions {
  /** Import nothing unless every row is correct. Otherwise the good rows go in and the bad ones are listed. */
  allOrNothing: boolean
  /** Check the file and say what would happen, writing nothing. */
  dryRun: boolean
}

export interface SubmissionImportResult {
  dryRun: boolean
  allOrNothing: boolean
  /** Rows of submissions in the file (blank rows not counted). */
  rowsRead: number
  /** Items added to the evidence store (for a dry run: that would be). */
  imported: number
  /** Of those, stakeholder input (counted apart from lived experience). */
  importedStakeholder: number
  /** Rows already in the store from an earlier import: left as they are. */
  alreadyImported: number
  alreadyImportedLines: number[]
  /** Rows with at least one problem. */
  rejected: number
  /** Problems with the file as a whole: when there are any, no row was read and nothing was imported. */
  fileProblems: SubmissionImportProblem[]
  /** Every problem on a row, by row and then column. */
  problems: SubmissionImportProblem[]
}

/** "Row 7, organisation: enter the organisation ...": a problem in words, for the page and the CLI. */
export function describeImportProblem(p: SubmissionImportProblem): string {
  const where = [p.line === null ? '' : `Row ${p.line}`, p.column ?? ''].filter(Boolean).join(', ')
  if (!where) return p.message
  const message = /^[A-Z][a-z]/.test(p.message) ? p.message[0]!.toLowerCase() + p.message.slice(1) : p.message
  return `${where}: ${message}`
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the file

const SHEET_LIMITS: SheetLimits = { maxBytes: MAX_IMPORT_FILE_BYTES, maxBytesText: MAX_IMPORT_FILE_TEXT, maxRows: MAX_IMPORT_ROWS }

const readSheet = (file: { name: string; bytes: Uint8Array }) => readSpreadsheet(file, SHEET_LIMITS)


/** 0 -> A, 25 -> Z, 26 -> AA. */
function columnLetter(index: number): string {
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
// Reading and checking the rows

/** Lower case, with spaces, underscores and hyphens alike: "Consent to quote", "consent_to_quote", "CONSENT-TO-QUOTE". */
const words = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ')

function match<C extends string>(list: readonly { code: C; label: string }[], value: string, extra: Record<string, C> = {}): C | undefined {
  const w = words(value)
  return list.find(o => words(o.code) === w || words(o.label) === w)?.code ?? extra[w]
}

const CONSENT_WORDS: Record<string, ConsentToQuote> = { yes: 'yes', no: 'no', 'not asked': 'not_asked' }
const ROLE_WORDS: Record<string, SourceRole> = { public: 'public', 'member of public': 'public' }

interface Pending {
  channel: ImportChannel
  role: SourceRole
  organisation: string | null
  reference: string | null
  submittedOn: string | null
  consent: ConsentToQuote
  activity: string | null
  activityId: string | null
  body: string
  sourceRef: string
}

interface Row {
  line: number
  problems: SubmissionImportProblem[]
  /** Set while the row has no problems. */
  item?: Pending
}

interface ReadFile {
  fileProblems: SubmissionImportProblem[]
  rows: Row[]
  columns: Map<ColumnName, number>
}

/** A date written like 2027-03-31 or 31/03/2027 (also 31-03-2027, 31.3.2027), as YYYY-MM-DD; undefined if it is not one. */
export function parseSubmissionDate(value: string): string | undefined {
  const v = value.trim()
  let y: number, m: number, d: number
  let found = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v)
  if (found) [y, m, d] = [Number(found[1]), Number(found[2]), Number(found[3])]
  else {
    found = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v)
    if (!found) return undefined
    ;[d, m, y] = [Number(found[1]), Number(found[2]), Number(found[3])]
  }
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined
  return date.toISOString().slice(0, 10)
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex')

/**
 * Where a row came from, so that importing it again adds nothing: the sender's reference (for this channel and
 * organisation), or, without one, what the row says.
 */
function sourceRefOf(p: Omit<Pending, 'sourceRef' | 'activityId'>): string {
  const org = (p.organisation ?? '').toLowerCase()
  if (p.reference) return `import:${p.channel}:${hash(p.channel, org).slice(0, 16)}:${p.reference}`
  return `import:${p.channel}:text:${hash(p.channel, p.role, org, p.submittedOn ?? '', p.body).slice(0, 40)}`
}

function readRows(sheet: string[][], now: Date): ReadFile {
  const [header, ...records] = sheet
  const columns = new Map<ColumnName, number>()
  const fileProblems: SubmissionImportProblem[] = []
  const fileProblem = (message: string, column: string | null = null) => fileProblems.push({ line: 1, column, message })
  if (!header || header.every(c => c.trim() === '')) return { fileProblems: [{ line: 1, column: null, message: 'The first row must name the columns, and there must be a "text" column' }], rows: [], columns }

  if (header.length === 1 && /[;\t]/.test(header[0] ?? '')) {
    fileProblem(`The columns are separated by ${(header[0] ?? '').includes('\t') ? 'tabs' : 'semicolons'}, not commas. ${SAVE_AS}`)
    return { fileProblems, rows: [], columns }
  }
  header.forEach((raw, i) => {
    const w = words(raw).replace(/ /g, '_')
    if (w === '') return
    const name = (COLUMN_NAMES as readonly string[]).includes(w) ? (w as ColumnName) : SYNONYMS[w]
    if (!name) fileProblem(`"${raw.trim()}" in column ${columnLetter(i)} is not a column we know. Check its spelling, or remove the column`, raw.trim())
    else if (columns.has(name)) fileProblem(`The column "${name}" is in the file twice (columns ${columnLetter(columns.get(name)!)} and ${columnLetter(i)}). Remove one of them`, name)
    else columns.set(name, i)
  })
  if (fileProblems.length === 0 && !columns.has('text')) fileProblem('There must be a "text" column with the submissions in it', 'text')
  const filled = records.filter(r => r.some(c => c.trim() !== '')).length
  if (filled > MAX_IMPORT_ROWS) fileProblems.push({ line: null, column: null, message: tooManyRows(filled, MAX_IMPORT_ROWS) })
  if (fileProblems.length > 0) return { fileProblems, rows: [], columns }

  const today = now.toISOString().slice(0, 10)
  const rows: Row[] = []
  records.forEach((cells, i) => {
    if (cells.every(c => c.trim() === '')) return
    rows.push(readRow(i + 2, cells, columns, header.length, today))
  })
  if (rows.length === 0) fileProblems.push({ line: null, column: null, message: 'There are no submissions in the file: put one on each row under the header row' })
  return { fileProblems, rows, columns }
}

function readRow(line: number, cells: string[], columns: Map<ColumnName, number>, headerCells: number, today: string): Row {
  const problems: SubmissionImportProblem[] = []
  const cell = (name: ColumnName) => {
    const i = columns.get(name)
    return i === undefined ? '' : (cells[i] ?? '').trim()
  }
  const problem = (column: ColumnName | null, message: string) => {
    if (!problems.some(p => p.column === column)) problems.push({ line, column, message })
  }

  const named = new Set(columns.values())
  const stray = cells.findIndex((c, i) => !named.has(i) && c.trim() !== '')
  if (stray !== -1) {
    problems.push({
      line,
      column: null,
      message: stray >= headerCells
        ? `This row has more cells than the header row (a value in column ${columnLetter(stray)}). Check for a stray comma`
        : `This row has a value in column ${columnLetter(stray)}, which has no name in the header row`,
    })
  }

  const body = (cells[columns.get('text')!] ?? '').replace(/\r\n?/g, '\n').trim()
  if (!body) problem('text', 'Enter the text of the submission, or remove the row')
  else if (body.length > MAX_SUBMISSION_LENGTH) {
    problem('text', `The text must be ${MAX_SUBMISSION_LENGTH.toLocaleString('en-GB')} characters or fewer (it has ${body.length.toLocaleString('en-GB')}). Split it over two rows`)
  }

  const channelCell = cell('channel')
  const channel = channelCell === '' ? 'stakeholder_submission' : (match(IMPORT_CHANNELS, channelCell) as ImportChannel | undefined)
  if (!channel) problem('channel', `"${channelCell}" is not a channel for an import. Use Stakeholder submission or Public input`)

  const roleCell = cell('source_role')
  const role = roleCell === '' ? (channel === 'public_input' ? 'public' : 'stakeholder') : match(SOURCE_ROLES, roleCell, ROLE_WORDS)
  if (!role) problem('source_role', `"${roleCell}" is not a role we know. Use one of: ${SOURCE_ROLES.map(r => r.label).join(', ')}`)

  const organisation = cell('organisation').replace(/\s+/g, ' ')
  if (role === 'stakeholder' && organisation === '') problem('organisation', 'Enter the organisation that sent this stakeholder submission')
  else if (organisation.length > MAX_ORGANISATION_LENGTH) problem('organisation', `The organisation's name must be ${MAX_ORGANISATION_LENGTH} characters or fewer`)

  const reference = cell('reference')
  if (reference.length > MAX_REFERENCE_LENGTH) problem('reference', `The reference must be ${MAX_REFERENCE_LENGTH} characters or fewer`)

  const dateCell = cell('submitted_on')
  const submittedOn = dateCell === '' ? null : parseSubmissionDate(dateCell.replace(/T00:00:00(\.000)?Z?$/, ''))
  if (submittedOn === undefined) problem('submitted_on', `"${dateCell}" is not a date. Write the date it was sent like 2027-03-31 or 31/03/2027`)
  else if (submittedOn !== null && submittedOn > today) problem('submitted_on', 'The date it was sent must be today or in the past')

  const consentCell = cell('consent_to_quote')
  const consent = consentCell === '' ? 'not_asked' : match(CONSENT_TO_QUOTE, consentCell, CONSENT_WORDS)
  if (!consent) problem('consent_to_quote', `"${consentCell}" is not an answer for consent to quote. Use Yes, No or Not asked`)

  const activity = cell('activity') || null
  const row: Row = { line, problems }
  if (problems.length === 0) {
    const p = { channel: channel!, role: role!, organisation: organisation || null, reference: reference || null, submittedOn: submittedOn ?? null, consent: consent!, activity, body }
    row.item = { ...p, activityId: null, sourceRef: sourceRefOf(p) }
  }
  return row
}

/** Put a problem on a row (one per column), and take the row out of the import. */
function addProblem(row: Row, column: ColumnName, message: string): void {
  if (!row.problems.some(p => p.column === column)) row.problems.push({ line: row.line, column, message })
  delete row.item
}

/** An activity named by id or exact title (any capitals), through the engagement module. */
async function resolveActivities(deps: Pick<AppDeps, 'db'>, actor: Actor, rows: readonly Row[]): Promise<void> {
  const wanted = rows.filter(r => r.item?.activity)
  if (wanted.length === 0) return
  const activities = await getActivities(deps, actor)
  for (const row of wanted) {
    const named = row.item!.activity!
    const byId = activities.find(a => a.id === named.toLowerCase())
    const byTitle = activities.filter(a => a.title.trim().toLowerCase() === named.toLowerCase())
    if (byId) row.item!.activityId = byId.id
    else if (byTitle.length === 1) row.item!.activityId = byTitle[0]!.id
    else if (byTitle.length > 1) addProblem(row, 'activity', `More than one activity is called "${named}". Use the activity's id instead`)
    else addProblem(row, 'activity', `No activity has the title or id "${named}". Check it against the list of activities, or leave it blank`)
  }
}

/** A later row with the same reference, or saying exactly the same, as an earlier row is a repeat of it. */
function findRepeatsWithinFile(rows: readonly Row[]): void {
  const references = new Map<string, number>()
  const refs = new Map<string, number>()
  for (const row of rows) {
    const item = row.item
    if (!item) continue
    if (item.reference) {
      const first = references.get(item.reference)
      if (first !== undefined) {
        addProblem(row, 'reference', `The reference ${item.reference} is also on row ${first}. Give each submission its own reference`)
        continue
      }
      references.set(item.reference, row.line)
    }
    const first = refs.get(item.sourceRef)
    if (first !== undefined) addProblem(row, 'text', `This row repeats row ${first}. Remove one of them`)
    else refs.set(item.sourceRef, row.line)
  }
}

async function existingRefs(deps: Pick<AppDeps, 'db'>, refs: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>()
  for (let i = 0; i < refs.length; i += 500) for (const r of await findExistingSourceRefs(deps.db, refs.slice(i, i + 500))) out.add(r)
  return out
}

const columnOrder = (columns: Map<ColumnName, number>, p: SubmissionImportProblem) =>
  p.column === null ? -1 : (columns.get(p.column as ColumnName) ?? Number.MAX_SAFE_INTEGER)

// ---------------------------------------------------------------------------------------------------------------
// The command

/**
 * Import stakeholder submissions and public input from a CSV or .xlsx file (the format is SUBMISSION_COLUMNS and
 * docs/evidence/store.md). Needs evidence:capture. Each item is a `submission`, entered by `import` by the actor.
 */
export async function importSubmissions(
  deps: AppDeps,
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
  options: SubmissionImportOptions,
): Promise<SubmissionImportResult> {
  assertMay(mayCaptureEvidence(actor), 'import submissions')
  const now = deps.clock.now()
  const empty: SubmissionImportResult = {
    dryRun: options.dryRun,
    allOrNothing: options.allOrNothing,
    rowsRead: 0,
    imported: 0,
    importedStakeholder: 0,
    alreadyImported: 0,
    alreadyImportedLines: [],
    rejected: 0,
    fileProblems: [],
    problems: [],
  }
  const sheet = await readSheet(file)
  if (!sheet.ok) return { ...empty, fileProblems: [{ line: null, column: null, message: sheet.message }] }
  const read = readRows(sheet.rows, now)
  if (read.fileProblems.length > 0) return { ...empty, fileProblems: read.fileProblems }

  await resolveActivities(deps, actor, read.rows)
  findRepeatsWithinFile(read.rows)
  const good = read.rows.filter(r => r.item)
  const existing = await existingRefs(deps, good.map(r => r.item!.sourceRef))
  const already = good.filter(r => existing.has(r.item!.sourceRef))
  const fresh = good.filter(r => !existing.has(r.item!.sourceRef))
  const rejected = read.rows.length - good.length
  const problems = read.rows
    .flatMap(r => r.problems)
    .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || columnOrder(read.columns, a) - columnOrder(read.columns, b))
  const blocked = options.allOrNothing && rejected > 0
  const toImport = blocked ? [] : fresh
  const result = (imported: Row[], alreadyLines: number[]): SubmissionImportResult => ({
    ...empty,
    rowsRead: read.rows.length,
    imported: imported.length,
    importedStakeholder: imported.filter(r => r.item!.role === 'stakeholder').length,
    alreadyImported: alreadyLines.length,
    alreadyImportedLines: alreadyLines.sort((a, b) => a - b),
    rejected,
    problems,
  })
  if (options.dryRun) return result(toImport, already.map(r => r.line))

  return inTransaction(deps, actor, async uow => {
    const at = uow.now.toISOString()
    const byRef = new Map(toImport.map(r => [r.item!.sourceRef, r]))
    const items: Insertable<EvidenceItemTable>[] = toImport.map(({ item }) => ({
      id: newId(uow.now.getTime()),
      channel: item!.channel,
      kind: 'submission',
      source_role: item!.role,
      activity_id: item!.activityId,
      session_id: null,
      question_id: null,
      question_text: null,
      participant_id: null,
      pseudonym: null,
      demographic_snapshot_json: null,
      consent_to_quote: item!.consent,
      entry: 'import',
      entered_by_user_id: actor.userId,
      entered_by_role: actor.role,
      organisation: item!.organisation,
      body: item!.body,
      source_ref: item!.sourceRef,
      captured_at: item!.submittedOn ? `${item!.submittedOn}T00:00:00.000Z` : at,
      created_at: at,
      updated_at: at,
    }))
    // On conflict, nothing: a row another import took in at the same moment counts as already imported.
    const added = new Set(await insertNewItems(uow.trx, items))
    const imported = toImport.filter(r => added.has(r.item!.sourceRef))
    const raced = [...byRef.keys()].filter(ref => !added.has(ref)).map(ref => byRef.get(ref)!.line)
    const out = result(imported, [...already.map(r => r.line), ...raced])
    // Counts only: never an organisation, a reference or the text.
    await uow.audit({
      action: 'evidence.submissions_imported',
      subjectType: 'evidence_import',
      subjectId: newId(uow.now.getTime()),
      summary: {
        format: sheet.format,
        rowsRead: out.rowsRead,
        imported: out.imported,
        importedStakeholder: out.importedStakeholder,
        alreadyImported: out.alreadyImported,
        rejected: out.rejected,
        allOrNothing: options.allOrNothing,
      },
    })
    return out
  })
}
