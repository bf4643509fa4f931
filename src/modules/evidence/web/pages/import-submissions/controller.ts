import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { parseForm } from '../../../../../platform/http/validate.ts'
import {
  describeImportProblem,
  importSubmissions,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_FILE_TEXT,
  SUBMISSION_COLUMNS,
  type SubmissionImportResult,
} from '../../../domain/import-submissions.ts'
import { fieldValue, importOptionsSchema, uploadedFile, type UploadedFile } from './schema.ts'

const VIEW = 'evidence/web/pages/import-submissions/view.njk'
const TITLE = 'Import submissions'
/** The error summary lists this many problems; the table below it lists them all. */
const SUMMARY_PROBLEMS = 50

/** The multipart plugin cuts a file short at this size and marks it, so the page can say so. */
export const MAX_UPLOAD_BYTES = MAX_IMPORT_FILE_BYTES

function fileErrors(file: UploadedFile | undefined): FieldError[] {
  if (!file || file.filename === '') return [{ field: 'file', message: 'Select a CSV file or an Excel workbook (.xlsx)' }]
  if (file.truncated) return [{ field: 'file', message: `The selected file must be smaller than ${MAX_IMPORT_FILE_TEXT}. Split it into smaller files and import each one` }]
  if (!/\.(csv|xlsx)$/i.test(file.filename)) return [{ field: 'file', message: 'The selected file must be a CSV file or an Excel workbook (.xlsx)' }]
  if (file.bytes.length === 0) return [{ field: 'file', message: 'The selected file is empty' }]
  return []
}

interface Values {
  allOrNothing?: string
  dryRun?: string
}

function render(reply: FastifyReply, values: Values, opts: { errors?: FieldError[]; fileError?: string; result?: SubmissionImportResult; fileName?: string } = {}, status = 200) {
  const { result } = opts
  return reply.render(
    VIEW,
    {
      pageTitle: TITLE,
      backLink: '/evidence',
      values,
      maxUpload: MAX_IMPORT_FILE_TEXT,
      columns: SUBMISSION_COLUMNS,
      errors: opts.errors,
      fileError: opts.fileError ? { text: opts.fileError } : undefined,
      result,
      fileName: opts.fileName,
      problems: result?.problems.map(p => ({ line: p.line === null ? '' : String(p.line), column: p.column ?? '', message: p.message })) ?? [],
      alreadyLines: result?.alreadyImportedLines.join(', '),
    },
    status,
  )
}

/** GET /evidence/import: the upload form, with the file format. */
export function get() {
  return async (_request: FastifyRequest, reply: FastifyReply) => render(reply, {})
}

/** POST /evidence/import (multipart): check the file and import it (or only check it), then show what happened. */
export function post(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const values: Values = { allOrNothing: fieldValue(body.allOrNothing), dryRun: fieldValue(body.dryRun) }
    const file = uploadedFile(body.file)
    const form = parseForm(importOptionsSchema, values)
    const errors = [...fileErrors(file), ...(form.ok ? [] : form.errors)]
    if (!form.ok || errors.length > 0 || !file) return render(reply, values, { errors, fileError: errors.find(e => e.field === 'file')?.message }, 400)

    const result = await importSubmissions(deps, request.actor, { name: file.filename, bytes: file.bytes }, form.value)
    if (result.fileProblems.length > 0) {
      const fileProblems = result.fileProblems.map(p => ({ field: 'file', message: describeImportProblem(p) }))
      return render(reply, values, { errors: fileProblems, fileError: `The file could not be read. ${fileProblems[0]!.message}` }, 400)
    }
    const shown = result.problems.slice(0, SUMMARY_PROBLEMS).map(p => ({ field: 'file', message: describeImportProblem(p) }))
    if (result.problems.length > SUMMARY_PROBLEMS) {
      shown.push({ field: 'import-problems', message: `And ${(result.problems.length - SUMMARY_PROBLEMS).toLocaleString('en-GB')} more problems, listed in the table below` })
    }
    const rows = result.rejected === 1 ? 'the row' : `the ${result.rejected.toLocaleString('en-GB')} rows`
    const fileError = result.rejected > 0 ? `Fix ${rows} with problems, then upload the file again` : undefined
    const status = result.rejected > 0 && result.imported === 0 ? 400 : 200
    return render(reply, values, { errors: shown, fileError, result, fileName: file.filename }, status)
  }
}
