import { PassThrough } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Actor } from '../../../../../platform/auth/actor.ts'
import { can } from '../../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, parseForm } from '../../../../../platform/http/validate.ts'
import { PARTICIPANT_STATUSES, panelCatalogue, type PanelCatalogue, type ParticipantStatus } from '../../../domain/catalogue.ts'
import {
  EXPORT_FORMATS,
  prepareIdentityExport,
  prepareResearchExport,
  readShowFilter,
  type ExportFormat,
  type PreparedExport,
} from '../../../domain/export-participants.ts'
import type { ParticipantFilter } from '../../../domain/queries/list-participants.ts'

const VIEW = 'panel/web/pages/export/view.njk'
const UNKNOWN_GROUP = 'Select a group of panel members from the list'
type Form = 'research' | 'identity'
type Values = Record<string, unknown>

const STATUS_CODES: [string, ...string[]] = ['all', ...PARTICIPANT_STATUSES.map(s => s.code)]

export const exportSchema = z.object({
  format: z.enum(EXPORT_FORMATS.map(f => f.code) as [ExportFormat, ...ExportFormat[]], { error: 'Select a file format' }),
  status: z.enum(STATUS_CODES, { error: 'Select which panel members by status' }),
  show: z.string().trim().max(200, UNKNOWN_GROUP).optional(),
})

function showOptions(catalogue: PanelCatalogue, selected: unknown) {
  const items = [{ value: '', text: 'All panel members', selected: !selected }]
  for (const d of catalogue.dimensions) {
    for (const o of d.options) {
      const value = `dimension:${d.key}:${o.code}`
      items.push({ value, text: `${d.label}: ${o.label}`, selected: value === selected })
    }
  }
  for (const t of catalogue.seldomHeardTags) {
    const value = `tag:${t.code}`
    items.push({ value, text: `Seldom-heard group: ${t.label}`, selected: value === selected })
  }
  return items
}

function formModel(values: Values) {
  const catalogue = panelCatalogue()
  const status = typeof values.status === 'string' ? values.status : 'active'
  const format = typeof values.format === 'string' ? values.format : 'csv'
  return {
    values,
    showOptions: showOptions(catalogue, values.show),
    statusOptions: [
      ...PARTICIPANT_STATUSES.map(s => ({ value: s.code, text: s.label, selected: s.code === status })),
      { value: 'all', text: 'Any status', selected: status === 'all' },
    ],
    formatItems: EXPORT_FORMATS.map(f => ({ value: f.code, text: f.label, checked: f.code === format })),
  }
}

const DEFAULTS: Values = { format: 'csv', status: 'active', show: '' }

function render(reply: FastifyReply, actor: Actor, forms: { research?: Values; identity?: Values }, errors?: FieldError[], status?: number) {
  const role = actor.role === 'system' ? 'public' : actor.role
  return reply.render(
    VIEW,
    {
      pageTitle: 'Export panel data',
      research: formModel(forms.research ?? DEFAULTS),
      identity: formModel(forms.identity ?? DEFAULTS),
      mayExportIdentity: can(role, 'panel:read_identity'),
      includesSupportNeeds: can(role, 'panel:read_support_needs'),
      errors,
    },
    status,
  )
}

/** The identity form's fields have their own ids on the page: identityFormat, identityStatus, identityShow. */
function fieldId(form: Form, field: string): string {
  return form === 'research' ? field : `identity${field.charAt(0).toUpperCase()}${field.slice(1)}`
}

/** GET /panel/export: the research export form, and (for the panel manager) the identity export form. */
export function get() {
  return async (request: FastifyRequest, reply: FastifyReply) => render(reply, request.actor, {})
}

/** POST /panel/export/research and /panel/export/identity: check the form, then stream the file. */
export function post(deps: AppDeps, form: Form) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseForm(exportSchema, request.body)
    const values = parsed.ok ? parsed.value : parsed.values
    const again = (errors: FieldError[]) =>
      render(reply, request.actor, { [form]: values }, errors.map(e => ({ ...e, field: fieldId(form, e.field) })), 400)
    if (!parsed.ok) return again(parsed.errors)
    const show = readShowFilter(parsed.value.show, panelCatalogue())
    if (!show) return again([{ field: 'show', message: UNKNOWN_GROUP }])

    const filter: ParticipantFilter = { status: parsed.value.status === 'all' ? undefined : (parsed.value.status as ParticipantStatus), ...show }
    let prepared: PreparedExport
    try {
      const what = { format: parsed.value.format, filter }
      prepared = form === 'identity' ? await prepareIdentityExport(deps, request.actor, what) : await prepareResearchExport(deps, request.actor, what)
    } catch (err) {
      return again(fieldErrorsOf(err))
    }
    const body = new PassThrough()
    prepared.write(body).catch((err: unknown) => {
      request.log.error({ err }, 'export failed part way')
      body.destroy(err instanceof Error ? err : new Error(String(err)))
    })
    return reply
      .type(prepared.contentType)
      .header('Content-Disposition', `attachment; filename="${prepared.fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(body)
  }
}
