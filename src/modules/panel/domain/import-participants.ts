import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { findImportRecord, findTakenEmailIndexes, findTakenPhoneIndexes, insertImportRecord } from '../data/transfer.repository.ts'
import { panelCatalogue, type JoinRoute } from './catalogue.ts'
import {
  decodeCsv,
  problemsFromFieldErrors,
  readImportFile,
  rowProblem,
  sortProblems,
  type ImportFile,
  type ImportProblem,
  type ImportRow,
} from './csv-format.ts'
import { writeConsentDecisions } from './consent.ts'
import { inOneTransaction } from './join-transaction.ts'
import type { ParticipantResearchDto } from './participant.ts'
import { registerParticipants } from './register-participant.ts'

export interface ImportParticipantsInput {
  /** The file: its bytes as uploaded or read from disk (or text already decoded). */
  file: Uint8Array | string
  /** How people joined, for rows that leave joined_via blank. */
  joinedVia?: JoinRoute
  /** Import nothing unless every row is correct (one transaction). Otherwise good rows go in and bad ones are listed. */
  allOrNothing: boolean
  /** Check the file and say what would happen, writing nothing. */
  dryRun: boolean
}

export interface ImportReport {
  /** The stored report of a real import (null for a dry run, or when the file itself could not be read). */
  importId: string | null
  dryRun: boolean
  allOrNothing: boolean
  joinedVia: JoinRoute | null
  /** Rows of people in the file (blank rows not counted). */
  rowsRead: number
  /** People added to the panel (for a dry run: who would be). */
  imported: number
  /** Rows with at least one problem. */
  rejected: number
  /** Problems with the file as a whole: when there are any, no row was read and nothing was imported. */
  fileProblems: ImportProblem[]
  /** Every problem on a row, by line and then column. */
  problems: ImportProblem[]
  /** When the import ran (ISO-8601). */
  createdAt: string
}

/** Good rows are registered this many at a time, each batch in one transaction. */
const BATCH = 500

/** Import is for the panel manager (and the CLI, as the system). */
export function mayImportParticipants(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:import')
}

function assertMayImport(actor: Actor): void {
  if (!mayImportParticipants(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Only the panel manager can import panel members' })
}

/**
 * Import panel members from a CSV file (see csv-format.ts and docs/panel/import-and-export.md). Every row is read and
 * checked as a registration (and for the consents joining needs), then against the other rows and the panel for
 * duplicate email addresses and phone numbers. Good rows are registered through `registerParticipants`, so each person
 * is validated, encrypted and audited exactly as if entered by hand, and their consents are recorded with them
 * (`writeConsentDecisions`). Then the import itself is stored (`panel_import`) and audited, with counts only.
 *
 * Transactions: without all-or-nothing, 500 people at a time (a batch that fails late goes in row by row); with
 * all-or-nothing, everyone, their consents and the record of the import in one. A dry run writes nothing.
 */
export async function importParticipants(deps: AppDeps, actor: Actor, input: ImportParticipantsInput): Promise<ImportReport> {
  assertMayImport(actor)
  const startedAt = deps.clock.now()
  const base = {
    importId: null,
    dryRun: input.dryRun,
    allOrNothing: input.allOrNothing,
    joinedVia: input.joinedVia ?? null,
    createdAt: startedAt.toISOString(),
  }

  let text: string
  if (typeof input.file === 'string') text = input.file
  else {
    const decoded = decodeCsv(input.file)
    if (!decoded.ok) {
      return { ...base, rowsRead: 0, imported: 0, rejected: 0, problems: [], fileProblems: [{ line: null, column: null, columnLetter: null, message: decoded.message }] }
    }
    text = decoded.text
  }

  const file = readImportFile(text, panelCatalogue(), { joinedVia: input.joinedVia, now: startedAt })
  if (file.fileProblems.length > 0) return { ...base, rowsRead: 0, imported: 0, rejected: 0, problems: [], fileProblems: file.fileProblems }

  findDuplicatesWithinFile(file)
  await findDuplicatesOnPanel(deps, file)

  const good = file.rows.filter(r => r.problems.length === 0)
  const rejectedBeforeWriting = file.rows.length - good.length
  if (input.dryRun) {
    const imported = input.allOrNothing && rejectedBeforeWriting > 0 ? 0 : good.length
    return { ...base, rowsRead: file.rows.length, imported, rejected: rejectedBeforeWriting, fileProblems: [], problems: collect(file.rows) }
  }

  const importId = newId(startedAt.getTime())
  /** The record of the import and its audit event (counts only), in the transaction given. */
  const record = async (txDeps: AppDeps, imported: number): Promise<ImportReport> => {
    const problems = collect(file.rows)
    const rejected = file.rows.filter(r => r.problems.length > 0).length
    await inTransaction(txDeps, actor, async uow => {
      await insertImportRecord(uow.trx, {
        id: importId,
        created_at: startedAt.toISOString(),
        actor_user_id: actor.userId,
        actor_role: actor.role,
        all_or_nothing: input.allOrNothing ? 1 : 0,
        joined_via: input.joinedVia ?? null,
        rows_read: file.rows.length,
        imported,
        rejected,
        problems: JSON.stringify(problems),
      })
      // Counts only: never a name, a contact detail or a value from the file.
      await uow.audit({
        action: 'panel.participants_imported',
        subjectType: 'panel_import',
        subjectId: importId,
        summary: { rowsRead: file.rows.length, imported, rejected, allOrNothing: input.allOrNothing, joinedVia: input.joinedVia ?? null },
      })
    })
    return { ...base, importId, rowsRead: file.rows.length, imported, rejected, fileProblems: [], problems }
  }

  if (input.allOrNothing) {
    // Everyone, their consents, and the record of the import: one transaction, or nothing.
    if (rejectedBeforeWriting === 0) {
      try {
        return await inOneTransaction(deps, async txDeps => {
          await registerWithConsents(txDeps, actor, good)
          return record(txDeps, good.length)
        })
      } catch (err) {
        if (!isValidationFailure(err)) throw err
        blameRow(file, good, err)
      }
    }
    return record(deps, 0)
  }

  let imported = 0
  for (let i = 0; i < good.length; i += BATCH) imported += await registerBatch(deps, actor, file, good.slice(i, i + BATCH))
  return record(deps, imported)
}

/** The stored report of an import, for its report page. */
export async function getImportReport(deps: Pick<AppDeps, 'db'>, actor: Actor, importId: string): Promise<ImportReport> {
  assertMayImport(actor)
  const row = await findImportRecord(deps.db, importId)
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such import' })
  return {
    importId: row.id,
    dryRun: false,
    allOrNothing: row.all_or_nothing === 1,
    joinedVia: row.joined_via as JoinRoute | null,
    rowsRead: row.rows_read,
    imported: row.imported,
    rejected: row.rejected,
    fileProblems: [],
    problems: JSON.parse(row.problems) as ImportProblem[],
    createdAt: row.created_at,
  }
}

function addProblem(row: ImportRow, problem: ImportProblem): void {
  if (row.problems.some(p => p.column === problem.column)) return
  row.problems.push(problem)
  delete row.input
}

/** A later row with the same email address or phone number as an earlier row is a duplicate of it. */
function findDuplicatesWithinFile(file: ImportFile): void {
  const emails = new Map<string, number>()
  const phones = new Map<string, number>()
  for (const row of file.rows) {
    if (row.email) {
      const first = emails.get(row.email)
      if (first === undefined) emails.set(row.email, row.line)
      else addProblem(row, rowProblem(file, row.line, 'email', `The same email address is on line ${first}. Each person can be on the panel only once`))
    }
    if (row.phone) {
      const first = phones.get(row.phone)
      if (first === undefined) phones.set(row.phone, row.line)
      else addProblem(row, rowProblem(file, row.line, 'phone', `The same phone number is on line ${first}. Each person can be on the panel only once`))
    }
  }
}

/** Rows whose email address or phone number a panel member already has, found by keyed fingerprint (no decryption). */
async function findDuplicatesOnPanel(deps: AppDeps, file: ImportFile): Promise<void> {
  const cipher = fieldCipherFor(deps.config.identityKey)
  const emailIndex = new Map<ImportRow, string>()
  const phoneIndex = new Map<ImportRow, string>()
  for (const row of file.rows) {
    if (row.email) emailIndex.set(row, cipher.blindIndex(row.email, 'email'))
    if (row.phone) phoneIndex.set(row, cipher.blindIndex(row.phone, 'phone'))
  }
  const [takenEmails, takenPhones] = await Promise.all([
    findTakenEmailIndexes(deps.db, [...emailIndex.values()]),
    findTakenPhoneIndexes(deps.db, [...phoneIndex.values()]),
  ])
  for (const row of file.rows) {
    if (takenEmails.has(emailIndex.get(row) ?? '')) {
      addProblem(row, rowProblem(file, row.line, 'email', 'There is already a panel member with this email address'))
    }
    if (takenPhones.has(phoneIndex.get(row) ?? '')) {
      addProblem(row, rowProblem(file, row.line, 'phone', 'There is already a panel member with this phone number'))
    }
  }
}

/** The registration command found a problem we could not see beforehand (another import, at the same moment). */
function isValidationFailure(err: unknown): err is AppError {
  return err instanceof AppError && err.code === AppErrorCode.VALIDATION_FAILED
}

/**
 * Register people and record their consents (with the way they joined as the way they told us), in the
 * transaction of `txDeps`: `registerParticipants` validates, encrypts and audits each person; `writeConsentDecisions`
 * records each consent against the wording in use, and audits it.
 */
async function registerWithConsents(txDeps: AppDeps, actor: Actor, rows: readonly ImportRow[]): Promise<ParticipantResearchDto[]> {
  const registered = await registerParticipants(txDeps, actor, rows.map(r => r.input!))
  for (const [i, participant] of registered.entries()) {
    const row = rows[i]!
    try {
      await inTransaction(txDeps, actor, uow => writeConsentDecisions(uow, participant.id, row.consents, participant.joinedVia))
    } catch (err) {
      if (isValidationFailure(err)) throw new AppError(err.code, { message: err.message, fieldErrors: err.fieldErrors.map(e => ({ ...e, field: `rows-${i + 1}-${e.field}` })) })
      throw err
    }
  }
  return registered
}

/** A late problem names its row (`rows-<n>-<field>`): put it on that row of the file. */
function blameRow(file: ImportFile, rows: readonly ImportRow[], err: AppError): void {
  const n = Number(/^rows-(\d+)-/.exec(err.fieldErrors[0]?.field ?? '')?.[1] ?? '1')
  const row = rows[n - 1] ?? rows[0]!
  const errors = err.fieldErrors.length > 0 ? err.fieldErrors : [{ field: 'form', message: err.message }]
  for (const p of problemsFromFieldErrors(file, row.line, errors)) addProblem(row, p)
}

/** One batch of good rows in one transaction; if a row fails late, the batch goes in row by row instead. */
async function registerBatch(deps: AppDeps, actor: Actor, file: ImportFile, rows: ImportRow[]): Promise<number> {
  try {
    return (await inOneTransaction(deps, txDeps => registerWithConsents(txDeps, actor, rows))).length
  } catch (err) {
    if (!isValidationFailure(err)) throw err
  }
  let n = 0
  for (const row of rows) {
    try {
      await inOneTransaction(deps, txDeps => registerWithConsents(txDeps, actor, [row]))
      n += 1
    } catch (err) {
      if (!isValidationFailure(err)) throw err
      blameRow(file, [row], err)
    }
  }
  return n
}

function collect(rows: readonly ImportRow[]): ImportProblem[] {
  return sortProblems(rows.flatMap(r => r.problems))
}
