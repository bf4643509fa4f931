import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { pageNumber, parseForm } from '../../../../../platform/http/validate.ts'
import { paginate } from '../../../../../platform/views/pagination.ts'
import { JOIN_ROUTES, labelOf, panelCatalogue, type JoinRoute } from '../../../domain/catalogue.ts'
import { csvLine, importColumns, importTemplate, UTF8_BOM, type ImportProblem } from '../../../domain/csv-format.ts'
import { getImportReport, importParticipants, type ImportReport } from '../../../domain/import-participants.ts'

const FORM_VIEW = 'panel/web/pages/import/view.njk'
const REPORT_VIEW = 'panel/web/pages/import/report.njk'

/** The largest file the page takes (the row limit, MAX_IMPORT_ROWS, is usually reached first). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
const MAX_UPLOAD_TEXT = '10 MB'
/** Problems shown on a report page at a time (all of them are in the downloadable list). */
const PROBLEMS_PER_PAGE = 100
/** A check (dry run) is not stored, so its page shows at most this many problems. */
const DRY_RUN_PROBLEMS_SHOWN = 500

export const importSchema = z.object({
  joinedVia: z.enum(JOIN_ROUTES.map(r => r.code) as [JoinRoute, ...JoinRoute[]], { error: 'Select how these people joined the panel' }),
  mode: z.enum(['good_rows', 'all_or_nothing'], { error: 'Select what to do if some rows have problems' }),
  dryRun: z.preprocess(v => v === 'yes', z.boolean()),
})

/** A multipart field is { value }, a url-encoded one a string; a repeated field, a list. */
function fieldValue(raw: unknown): string | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value
  return undefined
}

interface UploadedFile {
  filename: string
  mimetype: string
  bytes: Buffer
  truncated: boolean
}

/** The uploaded file, if the form was multipart and had one (the plugin has already read it into memory). */
function uploadedFile(raw: unknown): UploadedFile | undefined {
  const f = Array.isArray(raw) ? raw[0] : raw
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'file') return undefined
  const part = f as { filename?: string; mimetype?: string; _buf?: Buffer | null; file?: { truncated?: boolean } }
  return { filename: part.filename ?? '', mimetype: part.mimetype ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: part.file?.truncated === true }
}

/** Spreadsheets and browsers call a CSV file many things; the name must end .csv and the type must be text of some kind. */
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'text/x-csv', 'application/octet-stream', ''])

function fileErrors(file: UploadedFile | undefined): FieldError[] {
  if (!file || file.filename === '') return [{ field: 'file', message: 'Select a CSV file' }]
  if (file.truncated) return [{ field: 'file', message: `The selected file must be smaller than ${MAX_UPLOAD_TEXT}` }]
  if (!/\.csv$/i.test(file.filename) || !CSV_TYPES.has(file.mimetype.toLowerCase())) return [{ field: 'file', message: 'The selected file must be a CSV' }]
  if (file.bytes.length === 0) return [{ field: 'file', message: 'The selected file is empty' }]
  return []
}

function where(p: ImportProblem): string {
  const parts = [p.line ? `Line ${p.line}` : '', p.columnLetter ? `column ${p.columnLetter}${p.column ? ` (${p.column})` : ''}` : p.column ? `column ${p.column}` : '']
  const text = parts.filter(Boolean).join(', ')
  return text ? `${text}: ` : ''
}

function formModel(values: Record<string, unknown>) {
  const catalogue = panelCatalogue()
  return {
    values,
    maxUpload: MAX_UPLOAD_TEXT,
    joinedViaItems: JOIN_ROUTES.map(r => ({ value: r.code, text: r.label, checked: values.joinedVia === r.code })),
    columns: importColumns(catalogue).map(c => ({
      name: c.name,
      required: c.required,
      description: c.description,
      allowed: c.allowed?.map(o => o.label).join(', '),
    })),
  }
}

function renderForm(reply: FastifyReply, values: Record<string, unknown>, errors?: FieldError[], fileProblems?: ImportProblem[], status?: number) {
  return reply.render(FORM_VIEW, { pageTitle: 'Import panel members', ...formModel(values), errors, fileProblems, backLink: '/panel' }, status)
}

/** GET /panel/import: the upload form, with the file format. */
export function get() {
  return async (_request: FastifyRequest, reply: FastifyReply) => renderForm(reply, { mode: 'good_rows' })
}

/** GET /panel/import/template.csv: the header row, ready to fill in. */
export function template() {
  return async (_request: FastifyRequest, reply: FastifyReply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="panel-import-template.csv"')
      .send(importTemplate(panelCatalogue()))
}

/** POST /panel/import (multipart): check the file, then import it, or (a check only) show what would happen. */
export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const values = { joinedVia: fieldValue(body.joinedVia), mode: fieldValue(body.mode), dryRun: fieldValue(body.dryRun) }
    const file = uploadedFile(body.file)
    const form = parseForm(importSchema, values)
    const errors = [...fileErrors(file), ...(form.ok ? [] : form.errors)]
    if (!form.ok || errors.length > 0 || !file) return renderForm(reply, values, errors, undefined, 400)

    const report = await importParticipants(deps, request.actor, {
      file: file.bytes,
      joinedVia: form.value.joinedVia,
      allOrNothing: form.value.mode === 'all_or_nothing',
      dryRun: form.value.dryRun,
    })
    if (report.fileProblems.length > 0) {
      const first = report.fileProblems[0]!
      const message = `The file could not be read. ${where(first)}${first.message}`
      return renderForm(reply, values, [{ field: 'file', message }], report.fileProblems.length > 1 ? report.fileProblems : undefined, 400)
    }
    if (report.dryRun || !report.importId) {
      return reply.render(REPORT_VIEW, {
        pageTitle: 'Your file has been checked',
        ...reportModel(report, report.problems.slice(0, DRY_RUN_PROBLEMS_SHOWN)),
        // The form to import the file for real: the same choices, without "only check".
        ...formModel({ ...values, dryRun: undefined }),
        backLink: '/panel/import',
      })
    }
    return reply.redirect(`/panel/import/${report.importId}`, 303)
  }
}

type ReportParams = { Params: { importId: string }; Querystring: { page?: string } }

/** GET /panel/import/:importId: the report of an import, its problems a page at a time. */
export function show(deps: AppDeps) {
  return async (request: FastifyRequest<ReportParams>, reply: FastifyReply) => {
    const report = await getImportReport(deps, request.actor, request.params.importId)
    const page = pageNumber(request.query?.page)
    const pagination = paginate({ total: report.problems.length, page, perPage: PROBLEMS_PER_PAGE, path: `/panel/import/${report.importId}` })
    const shown = report.problems.slice((pagination.page - 1) * PROBLEMS_PER_PAGE, pagination.page * PROBLEMS_PER_PAGE)
    return reply.render(REPORT_VIEW, {
      pageTitle: report.imported === 0 && report.rejected > 0 ? 'Nothing was imported' : 'Panel members imported',
      ...reportModel(report, shown),
      pagination,
      backLink: '/panel/import',
    })
  }
}

/** GET /panel/import/:importId/problems.csv: every problem of an import, to fix the file with. */
export function problemsCsv(deps: AppDeps) {
  return async (request: FastifyRequest<ReportParams>, reply: FastifyReply) => {
    const report = await getImportReport(deps, request.actor, request.params.importId)
    const lines = report.problems.map(p => csvLine([p.line === null ? '' : String(p.line), p.columnLetter ?? '', p.column ?? '', p.message]))
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="panel-import-problems-${report.createdAt.slice(0, 10)}.csv"`)
      .send(UTF8_BOM + csvLine(['line', 'column_letter', 'column', 'problem']) + lines.join(''))
  }
}

function reportModel(report: ImportReport, shown: ImportProblem[]) {
  const wouldOrWas = report.dryRun ? 'would be' : 'were'
  return {
    report,
    joinedViaLabel: report.joinedVia ? labelOf(JOIN_ROUTES, report.joinedVia) : 'As given in each row',
    notImported: report.rowsRead - report.imported,
    wouldOrWas,
    problems: shown.map(p => ({
      line: p.line === null ? '' : String(p.line),
      column: p.columnLetter ? `${p.columnLetter}${p.column ? ` (${p.column})` : ''}` : (p.column ?? ''),
      message: p.message,
    })),
    problemsHidden: report.problems.length - shown.length,
  }
}
