// A measure's page (its measurements with n, interval and change), the entry form, "Refresh from survey" and the
// import of a CSV or Excel file. Thin: the domain checks everything.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { text, type Body } from '../../../../../platform/http/form-fields.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { getMeasure } from '../../../domain/framework/measures.ts'
import { EMPTY_MEASUREMENT, type MeasurementInput } from '../../../domain/measurements/check.ts'
import { IMPORT_COLUMNS, importMeasurements, importTemplate, MAX_IMPORT_BYTES, type ImportReport } from '../../../domain/measurements/import.ts'
import { getMeasureDetail, getMeasurementInput, recordMeasurement, refreshFromSurvey } from '../../../domain/measurements/measurements.ts'
import { assertMay, mayManage, PERIOD_HINTS } from '../../../domain/model.ts'

const DIR = 'measurement/web/pages/measurements'
type WithId = FastifyRequest<{ Params: { id: string } }>

async function renderMeasure(deps: AppDeps, request: WithId, reply: FastifyReply, opts: { errors?: FieldError[]; surveyPeriod?: string; status?: number } = {}) {
  const detail = await getMeasureDetail(deps, request.actor, request.params.id)
  return reply.render(
    `${DIR}/measure.njk`,
    { pageTitle: `${detail.measure.code}: ${detail.measure.title}`, backLink: '/measurement', detail, mayManage: mayManage(request.actor), surveyPeriod: opts.surveyPeriod ?? '', periodHint: PERIOD_HINTS[detail.measure.frequency], errors: opts.errors },
    opts.status,
  )
}

/** GET /measurement/measures/:id */
export function show(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderMeasure(deps, request, reply)
}

/** POST /measurement/measures/:id/refresh: work the percentage out from the linked survey question (audited). */
export function postRefresh(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const surveyPeriod = text(request.body as Body, 'surveyPeriod')
    try {
      const r = await refreshFromSurvey(deps, request.actor, request.params.id, surveyPeriod)
      request.session.flash = `${r.period}: ${r.numerator} of ${r.denominator} from the survey${r.result === 'unchanged' ? ' (no change)' : ''}`
    } catch (err) {
      return renderMeasure(deps, request, reply, { errors: fieldErrorsOf(err), surveyPeriod, status: 400 })
    }
    return reply.redirect(`/measurement/measures/${request.params.id}`, 303)
  }
}

async function renderEntry(deps: AppDeps, request: WithId, reply: FastifyReply, values: MeasurementInput, errors?: FieldError[], status?: number) {
  const measure = await getMeasure(deps, request.actor, request.params.id)
  return reply.render(
    `${DIR}/entry.njk`,
    { pageTitle: `Enter a measurement: ${measure.code}`, backLink: `/measurement/measures/${measure.id}`, measure, values, periodHint: PERIOD_HINTS[measure.frequency], errors },
    status,
  )
}

/** GET /measurement/measures/:id/measurements/new(?period=...): a new one, or correct the one for that period. */
export function getEntry(deps: AppDeps) {
  return async (request: FastifyRequest<{ Params: { id: string }; Querystring: { period?: string } }>, reply: FastifyReply) => {
    assertMay(mayManage(request.actor), 'enter measurements')
    const period = String(request.query.period ?? '')
    const existing = period ? await getMeasurementInput(deps, request.actor, request.params.id, period) : null
    return renderEntry(deps, request, reply, existing ?? { ...EMPTY_MEASUREMENT, period })
  }
}

/** POST /measurement/measures/:id/measurements/new (audited) */
export function postEntry(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { ...EMPTY_MEASUREMENT }
    for (const k of Object.keys(EMPTY_MEASUREMENT) as (keyof MeasurementInput)[]) values[k] = text(body, k)
    try {
      const r = await recordMeasurement(deps, request.actor, request.params.id, values)
      request.session.flash = r.result === 'replaced' ? `Measurement for ${r.period} replaced` : r.result === 'unchanged' ? `Measurement for ${r.period} unchanged` : `Measurement for ${r.period} saved`
    } catch (err) {
      return renderEntry(deps, request, reply, values, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/measurement/measures/${request.params.id}`, 303)
  }
}

// ---- import ----

function renderImport(reply: FastifyReply, opts: { errors?: FieldError[]; report?: ImportReport; fileName?: string; allOrNothing?: boolean; dryRun?: boolean; status?: number } = {}) {
  return reply.render(
    `${DIR}/import.njk`,
    {
      pageTitle: 'Import measurements',
      backLink: '/measurement',
      columns: IMPORT_COLUMNS,
      maxMb: MAX_IMPORT_BYTES / 1024 / 1024,
      report: opts.report,
      fileName: opts.fileName,
      allOrNothing: opts.allOrNothing ?? false,
      dryRun: opts.dryRun ?? false,
      errors: opts.errors,
    },
    opts.status,
  )
}

/** GET /measurement/import */
export function getImport() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    assertMay(mayManage(request.actor), 'import measurements')
    return renderImport(reply)
  }
}

/** GET /measurement/import/template.csv */
export function getTemplate(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    assertMay(mayManage(request.actor), 'import measurements')
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="measurements.csv"').send(await importTemplate(deps))
  }
}

/** A multipart field is { value }, a url-encoded one a string. */
function fieldValue(raw: unknown): string {
  const v = Array.isArray(raw) ? raw[0] : raw
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value
  return ''
}

function uploadedFile(raw: unknown): { filename: string; bytes: Buffer; truncated: boolean } | undefined {
  const f = Array.isArray(raw) ? raw[0] : raw
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'file') return undefined
  const part = f as { filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } }
  return { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: part.file?.truncated === true }
}

/** POST /measurement/import (multipart): check the file, and import the good rows unless it is a dry run (audited). */
export function postImport(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const allOrNothing = fieldValue(body.allOrNothing) === 'yes'
    const dryRun = fieldValue(body.dryRun) === 'yes'
    const file = uploadedFile(body.file)
    let problem: string | null = null
    if (!file || file.filename === '') problem = 'Select a CSV file or an Excel workbook (.xlsx)'
    else if (file.truncated) problem = `The selected file must be smaller than ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split it into smaller files`
    else if (!/\.(csv|xlsx)$/i.test(file.filename)) problem = 'The selected file must be a CSV file or an Excel workbook (.xlsx)'
    if (problem || !file) return renderImport(reply, { errors: [{ field: 'file', message: problem ?? '' }], allOrNothing, dryRun, status: 400 })
    const report = await importMeasurements(deps, request.actor, { name: file.filename, bytes: file.bytes }, { dryRun, allOrNothing })
    const fileProblem = report.problems.find(p => p.row === 0)
    if (fileProblem) return renderImport(reply, { errors: [{ field: 'file', message: fileProblem.message }], allOrNothing, dryRun, status: 400 })
    const n = report.problems.length
    const errors = n ? [{ field: 'problems', message: `${n} ${n === 1 ? 'problem' : 'problems'} in the file: see the rows below, fix them and import the file again` }] : undefined
    return renderImport(reply, { report, fileName: file.filename, allOrNothing, dryRun, errors, status: n ? 400 : 200 })
  }
}
