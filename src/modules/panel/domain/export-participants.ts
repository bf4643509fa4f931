import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../platform/errors.ts'
import { findDemographicsOf, findSeldomHeardTagsOf, findSupportNeedsOf, type ParticipantRow } from '../data/participant.repository.ts'
import {
  countIdentityExportRows,
  countResearchExportRows,
  identityExportPage,
  researchExportPage,
  type ExportRowFilter,
  type IdentityExportRow,
} from '../data/transfer.repository.ts'
import {
  CHANNELS,
  FORMATS,
  JOIN_ROUTES,
  PARTICIPANT_STATUSES,
  findDimension,
  labelOf,
  panelCatalogue,
  type Option,
  type PanelCatalogue,
} from './catalogue.ts'
import { contactableParticipantIds } from './consent-queries.ts'
import { csvLine, spreadsheetSafe, UTF8_BOM } from './csv-format.ts'
import { mayReadIdentity, mayReadResearchData } from './panel.policy.ts'
import { identityContext, type PostalAddress } from './participant.ts'
import type { ParticipantFilter } from './queries/list-participants.ts'

/**
 * Exports of the panel, streamed page by page (a thousand members at a time) so a panel of 50,000 is never held in
 * memory at once:
 *
 * - research data: pseudonymised, for analysts and the panel manager. Never a name, contact detail or address.
 * - names and contact details (identity): for the panel manager only, or the system from the command line with a
 *   reason. Recorded in the audit trail before the first row is written: no audit event, no file.
 *
 * `prepare...` checks permission and the filter, counts the rows and records the audit event; the caller then sets
 * up the download and calls `write(out)`.
 */

export const EXPORT_FORMATS = [
  { code: 'csv', label: 'CSV (comma-separated values)' },
  { code: 'xlsx', label: 'Excel workbook (XLSX)' },
] as const satisfies readonly Option[]
export type ExportFormat = (typeof EXPORT_FORMATS)[number]['code']

export interface ExportRequest {
  format: ExportFormat
  /** The list page's filter: a status, one dimension answer or one seldom-heard group. */
  filter: ParticipantFilter
}

export interface IdentityExportRequest extends ExportRequest {
  /** Why the names and contact details are needed. Required from the command line; recorded in the audit trail. */
  reason?: string
}

export interface ExportColumn {
  key: string
  label: string
  description: string
  /** Column width in the workbook, in characters. */
  width: number
}

export interface PreparedExport {
  fileName: string
  contentType: string
  /** How many members the file holds. */
  rowCount: number
  columns: readonly ExportColumn[]
  /** Write the file to `out`, page by page, and end it. */
  write(out: Writable): Promise<void>
}

const PAGE = 1000
const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

// ---- who may ----

export function mayExportResearch(actor: Actor): boolean {
  return actor.role === 'system' || (mayReadResearchData(actor) && can(actor.role, 'panel:export_research'))
}

/** Support needs are for those who arrange activities; the system (command line) may include them. */
export function maySeeSupportNeeds(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'panel:read_support_needs')
}

/** The panel manager; or the system, from the command line, when a reason is given. */
export function mayExportIdentity(actor: Actor, reason: string | undefined): boolean {
  if (actor.role === 'system') return (reason ?? '').trim().length > 0
  return mayReadIdentity(actor)
}

// ---- research data ----

export function researchColumns(catalogue: PanelCatalogue, withSupportNeeds: boolean): ExportColumn[] {
  return [
    { key: 'pseudonym', label: 'Pseudonym', width: 12, description: "The member's pseudonym: the same everywhere in this service. Never their name." },
    { key: 'status', label: 'Status', width: 12, description: `${PARTICIPANT_STATUSES.map(s => s.label).join(', ')}.` },
    { key: 'joined', label: 'Joined', width: 12, description: 'The date they joined the panel (year-month-day).' },
    { key: 'joined_via', label: 'How they joined', width: 28, description: `${JOIN_ROUTES.map(r => r.label).join('; ')}.` },
    ...catalogue.dimensions.map(d => ({
      key: d.key,
      label: d.label,
      width: Math.min(40, Math.max(14, ...d.options.map(o => o.label.length))),
      description: `${d.question}${d.multiple ? ' Several answers are separated by "; ".' : ''} Blank: not answered.`,
    })),
    {
      key: 'seldom_heard_groups',
      label: 'Seldom-heard groups',
      width: 30,
      description: 'Seldom-heard groups they belong to, separated by "; ". Blank: none recorded.',
    },
    ...(withSupportNeeds
      ? [
          {
            key: 'support_needs',
            label: 'Support needs',
            width: 30,
            description:
              'Support they need to take part, separated by "; ". The details people gave are not exported: they are free text and could identify someone.',
          },
        ]
      : []),
    { key: 'max_invitations_per_month', label: 'Contact limit', width: 14, description: 'The most invitations to send them in a month.' },
    { key: 'last_took_part', label: 'Last took part', width: 14, description: 'The date they last took part in an activity (year-month-day). Blank: never.' },
  ]
}

/** Research data, pseudonymised. Support needs only for those allowed to see them. */
export async function prepareResearchExport(deps: AppDeps, actor: Actor, request: ExportRequest): Promise<PreparedExport> {
  if (!mayExportResearch(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot export panel research data' })
  const catalogue = panelCatalogue()
  const filter = checkedFilter(catalogue, request.filter)
  const withSupportNeeds = maySeeSupportNeeds(actor)
  const columns = researchColumns(catalogue, withSupportNeeds)

  const { asOf, rowCount } = await inTransaction(deps, actor, async uow => {
    const asOf = uow.now.toISOString()
    const rowCount = await countResearchExportRows(uow.trx, { ...filter, asOf })
    await uow.audit({
      action: 'panel.research_exported',
      subjectType: 'panel',
      summary: { rows: rowCount, format: request.format, filter: describeFilter(filter), supportNeeds: withSupportNeeds },
    })
    return { asOf, rowCount }
  })

  async function* pages(): AsyncGenerator<string[][]> {
    let after: string | undefined
    for (;;) {
      const rows = await researchExportPage(deps.db, { ...filter, asOf }, { after, limit: PAGE })
      if (rows.length === 0) return
      yield await researchCells(deps, catalogue, rows, withSupportNeeds)
      if (rows.length < PAGE) return
      after = rows[rows.length - 1]!.pseudonym
    }
  }

  return {
    fileName: `panel-research-data-${asOf.slice(0, 10)}.${request.format}`,
    contentType: CONTENT_TYPES[request.format],
    rowCount,
    columns,
    write: out => writeTable(out, request.format, { sheetName: 'Panel members', columns, pages: pages() }),
  }
}

async function researchCells(deps: AppDeps, catalogue: PanelCatalogue, rows: readonly ParticipantRow[], withSupportNeeds: boolean): Promise<string[][]> {
  const ids = rows.map(r => r.id)
  const [demographics, needs, tags] = await Promise.all([
    findDemographicsOf(deps.db, ids),
    withSupportNeeds ? findSupportNeedsOf(deps.db, ids) : Promise.resolve([]),
    findSeldomHeardTagsOf(deps.db, ids),
  ])
  const answers = new Map<string, Map<string, string[]>>()
  for (const d of demographics) {
    let byDimension = answers.get(d.participant_id)
    if (!byDimension) answers.set(d.participant_id, (byDimension = new Map()))
    const list = byDimension.get(d.dimension)
    if (list) list.push(d.value)
    else byDimension.set(d.dimension, [d.value])
  }
  const group = <T extends { participant_id: string }>(items: readonly T[], value: (t: T) => string) => {
    const m = new Map<string, string[]>()
    for (const item of items) {
      const list = m.get(item.participant_id)
      if (list) list.push(value(item))
      else m.set(item.participant_id, [value(item)])
    }
    return m
  }
  const needsOf = group(needs, n => n.need)
  const tagsOf = group(tags, t => t.tag)

  return rows.map(r => {
    const mine = answers.get(r.id)
    return [
      r.pseudonym,
      labelOf(PARTICIPANT_STATUSES, r.status),
      r.joined_at.slice(0, 10),
      labelOf(JOIN_ROUTES, r.joined_via),
      ...catalogue.dimensions.map(d => labels(d.options, mine?.get(d.key))),
      labels(catalogue.seldomHeardTags, tagsOf.get(r.id)),
      ...(withSupportNeeds ? [labels(catalogue.supportNeeds, needsOf.get(r.id))] : []),
      String(r.max_invitations_per_month),
      r.last_participated_at ? r.last_participated_at.slice(0, 10) : '',
    ]
  })
}

/** Codes as their labels, in the catalogue's order, separated by "; ". */
function labels(options: readonly Option[], codes: readonly string[] | undefined): string {
  if (!codes || codes.length === 0) return ''
  const position = (code: string) => {
    const i = options.findIndex(o => o.code === code)
    return i === -1 ? options.length : i
  }
  return [...codes]
    .sort((a, b) => position(a) - position(b))
    .map(c => labelOf(options, c))
    .join('; ')
}

// ---- names and contact details ----

export const IDENTITY_COLUMNS: readonly ExportColumn[] = [
  { key: 'pseudonym', label: 'Pseudonym', width: 12, description: "The member's pseudonym, as in the research data." },
  { key: 'full_name', label: 'Full name', width: 28, description: 'Their full name.' },
  { key: 'email', label: 'Email address', width: 32, description: 'Their email address. Blank: none given.' },
  { key: 'phone', label: 'Phone number', width: 18, description: 'Their phone number. Blank: none given.' },
  { key: 'address_line_1', label: 'Address line 1', width: 28, description: 'Their postal address. Blank: none given.' },
  { key: 'address_line_2', label: 'Address line 2', width: 20, description: 'The second line of their address, if any.' },
  { key: 'town', label: 'Town or city', width: 18, description: 'The town or city of their address.' },
  { key: 'postcode', label: 'Postcode', width: 10, description: 'The postcode of their address.' },
  { key: 'preferred_channel', label: 'Preferred contact', width: 16, description: `How they would like us to contact them: ${CHANNELS.map(c => c.label).join(', ')}.` },
  { key: 'preferred_format', label: 'Preferred format', width: 22, description: `The format they would like things in: ${FORMATS.map(f => f.label).join(', ')}.` },
  { key: 'preferred_language', label: 'Language', width: 14, description: "The language they would like us to use, when their format is 'Another language'." },
  {
    key: 'may_contact_for_research',
    label: 'May contact for research',
    width: 26,
    description: 'Yes: they are active and have agreed to be contacted about research, and have not withdrawn it. No: do not contact them about research.',
  },
  { key: 'status', label: 'Status', width: 12, description: `${PARTICIPANT_STATUSES.map(s => s.label).join(', ')}.` },
]

/**
 * Names and contact details with each member's pseudonym. The audit event ('panel.identity_exported': the row count,
 * the filter, the format and any reason; never identity) is written before any row is read. A refused attempt is
 * recorded too ('panel.identity_export_refused').
 */
export async function prepareIdentityExport(deps: AppDeps, actor: Actor, request: IdentityExportRequest): Promise<PreparedExport> {
  const reason = request.reason?.trim() || undefined
  if (!mayExportIdentity(actor, reason)) {
    await inTransaction(deps, actor, uow =>
      uow.audit({ action: 'panel.identity_export_refused', subjectType: 'panel', summary: { role: actor.role } }),
    )
    throw new AppError(AppErrorCode.FORBIDDEN, {
      message:
        actor.role === 'system'
          ? 'Give the reason for exporting names and contact details (--reason)'
          : "Only the panel manager can export people's names and contact details",
    })
  }
  const catalogue = panelCatalogue()
  const filter = checkedFilter(catalogue, request.filter)
  const { asOf, rowCount } = await inTransaction(deps, actor, async uow => {
    const asOf = uow.now.toISOString()
    const rowCount = await countIdentityExportRows(uow.trx, { ...filter, asOf })
    await uow.audit({
      action: 'panel.identity_exported',
      subjectType: 'panel',
      summary: { rows: rowCount, format: request.format, filter: describeFilter(filter), ...(reason ? { reason } : {}) },
    })
    return { asOf, rowCount }
  })

  const cipher = fieldCipherFor(deps.config.identityKey)
  const cells = (r: IdentityExportRow, contactable: ReadonlySet<string>): string[] => {
    const dec = (column: string, value: string | null) => (value === null ? '' : cipher.decrypt(value, identityContext(column, r.participant_id)))
    const addressText = dec('address', r.address_enc)
    const address = addressText ? (JSON.parse(addressText) as PostalAddress) : undefined
    const phone = dec('phone', r.phone_enc)
    return [
      r.pseudonym,
      spreadsheetSafe(dec('full_name', r.full_name_enc)),
      spreadsheetSafe(dec('email', r.email_enc)),
      // A phone number holds only digits, spaces and + ( ) -: a spreadsheet cannot run it, so it is left as typed.
      phone,
      spreadsheetSafe(address?.line1 ?? ''),
      spreadsheetSafe(address?.line2 ?? ''),
      spreadsheetSafe(address?.town ?? ''),
      address?.postcode ?? '',
      labelOf(CHANNELS, r.preferred_channel),
      labelOf(FORMATS, r.preferred_format),
      spreadsheetSafe(dec('preferred_language', r.preferred_language_enc)),
      contactable.has(r.participant_id) ? 'Yes' : 'No',
      labelOf(PARTICIPANT_STATUSES, r.status),
    ]
  }

  async function* pages(): AsyncGenerator<string[][]> {
    let after: string | undefined
    for (;;) {
      const rows = await identityExportPage(deps.db, { ...filter, asOf }, { after, limit: PAGE })
      if (rows.length === 0) return
      // Read at the moment each page is written: a consent withdrawn during the export shows as No.
      const contactable = await contactableParticipantIds(deps, rows.map(r => r.participant_id))
      yield rows.map(r => cells(r, contactable))
      if (rows.length < PAGE) return
      after = rows[rows.length - 1]!.pseudonym
    }
  }

  return {
    fileName: `panel-contact-details-${asOf.slice(0, 10)}.${request.format}`,
    contentType: CONTENT_TYPES[request.format],
    rowCount,
    columns: IDENTITY_COLUMNS,
    write: out => writeTable(out, request.format, { sheetName: 'Contact details', columns: IDENTITY_COLUMNS, pages: pages() }),
  }
}

// ---- the filter ----

/**
 * The list page's one-select filter, `show`: '' (everyone), `dimension:<key>:<code>` or `tag:<code>`. Undefined when
 * it names nothing in the catalogue.
 */
export function readShowFilter(raw: string | undefined, catalogue: PanelCatalogue): Pick<ParticipantFilter, 'dimension' | 'tag'> | undefined {
  if (!raw) return {}
  const [kind, a, b] = raw.split(':')
  if (kind === 'dimension' && a && b && findDimension(catalogue, a)?.options.some(o => o.code === b)) return { dimension: { key: a, value: b } }
  if (kind === 'tag' && a && catalogue.seldomHeardTags.some(t => t.code === a)) return { tag: a }
  return undefined
}

const UNKNOWN_GROUP = 'Select a group of panel members from the list'

function checkedFilter(catalogue: PanelCatalogue, filter: ParticipantFilter): Omit<ExportRowFilter, 'asOf'> {
  if (filter.status && !PARTICIPANT_STATUSES.some(s => s.code === filter.status)) throw fieldError('status', 'Select a status from the list')
  if (filter.dimension) {
    const d = findDimension(catalogue, filter.dimension.key)
    if (!d || !d.options.some(o => o.code === filter.dimension?.value)) throw fieldError('show', UNKNOWN_GROUP)
  }
  if (filter.tag && !catalogue.seldomHeardTags.some(t => t.code === filter.tag)) throw fieldError('show', UNKNOWN_GROUP)
  return { status: filter.status, dimension: filter.dimension, tag: filter.tag }
}

/** The filter in the audit trail: codes only. */
function describeFilter(filter: Omit<ExportRowFilter, 'asOf'>): Record<string, string> {
  return {
    status: filter.status ?? 'any',
    ...(filter.dimension ? { dimension: `${filter.dimension.key}:${filter.dimension.value}` } : {}),
    ...(filter.tag ? { tag: filter.tag } : {}),
  }
}

// ---- writing CSV and XLSX, with back-pressure ----

interface Table {
  sheetName: string
  columns: readonly ExportColumn[]
  pages: AsyncIterable<string[][]>
}

async function writeTable(out: Writable, format: ExportFormat, table: Table): Promise<void> {
  if (format === 'csv') await writeCsv(out, table)
  else await writeXlsx(out, table)
}

async function writeCsv(out: Writable, table: Table): Promise<void> {
  // The byte order mark tells spreadsheets the file is UTF-8, so names with accents open correctly.
  await put(out, UTF8_BOM + csvLine(table.columns.map(c => c.key)))
  for await (const rows of table.pages) await put(out, rows.map(csvLine).join(''))
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
}

async function writeXlsx(out: Writable, table: Table): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  workbook.creator = 'Charter'
  const sheet = workbook.addWorksheet(table.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = table.columns.map(c => ({ header: c.key, key: c.key, width: Math.max(c.width, c.key.length + 2) }))
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  for await (const rows of table.pages) {
    for (const cells of rows) sheet.addRow(cells).commit()
    if (out.writableNeedDrain) await drained(out)
  }
  sheet.commit()

  const about = workbook.addWorksheet('About the columns', { views: [{ state: 'frozen', ySplit: 1 }] })
  about.columns = [
    { header: 'Column', key: 'key', width: 28 },
    { header: 'Name', key: 'label', width: 24 },
    { header: 'What it holds', key: 'description', width: 100 },
  ]
  about.getRow(1).font = { bold: true }
  about.getRow(1).commit()
  for (const c of table.columns) {
    const row = about.addRow([c.key, c.label, c.description])
    row.alignment = { wrapText: true, vertical: 'top' }
    row.commit()
  }
  about.commit()
  // Finishing the workbook ends `out`.
  await workbook.commit()
}

async function put(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('The download was stopped before it finished')
  if (!out.write(chunk)) await drained(out)
}

/** Wait until the reader has caught up, or fail if the stream was closed (e.g. the person cancelled the download). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain)
      out.off('close', onClose)
      out.off('error', onError)
      if (err) reject(err)
      else resolve()
    }
    const onDrain = () => done()
    const onClose = () => done(new Error('The download was stopped before it finished'))
    const onError = (err: Error) => done(err)
    out.on('drain', onDrain)
    out.on('close', onClose)
    out.on('error', onError)
  })
}
