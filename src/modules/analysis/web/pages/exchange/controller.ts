import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { exportCodebook, exportProject, importCodebook, type ImportReport } from '../../../domain/exchange.ts'
import { mayCode } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { RefiError } from '../../../domain/refi/codebook.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'analysis/web/pages/exchange'
/** A codebook is small: the multipart plugin cuts a file short at this size and marks it. */
export const MAX_QDC_BYTES = 5 * 1024 * 1024

async function render(deps: AppDeps, request: WithId, reply: FastifyReply, opts: { errors?: FieldError[]; report?: ImportReport; status?: number } = {}) {
  const project = await getProject(deps, request.actor, request.params.id)
  return reply.render(
    `${DIR}/view.njk`,
    { pageTitle: `Exchange with other tools: ${project.title}`, backLink: `/analysis/${project.id}`, project, mayCode: mayCode(request.actor), errors: opts.errors, report: opts.report, maxUpload: '5 MB' },
    opts.status,
  )
}

/** GET /analysis/:id/exchange */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => render(deps, request, reply)
}

/** GET /analysis/:id/exchange/codebook.qdc: the codebook as REFI-QDA (audited). */
export function getCodebook(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { fileName, xml } = await exportCodebook(deps, request.actor, request.params.id)
    return reply
      .type('application/xml; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(xml)
  }
}

/** GET /analysis/:id/exchange/project.qdpx: the project as REFI-QDA (audited). */
export function getProjectFile(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const { fileName, bytes } = await exportProject(deps, request.actor, request.params.id)
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="${fileName}"`)
      .header('Cache-Control', 'no-store')
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  }
}

/** The uploaded file, if the form was multipart and had one (the plugin has already read it into memory). */
function uploadedFile(raw: unknown): { filename: string; bytes: Buffer; truncated: boolean } | undefined {
  const f = Array.isArray(raw) ? raw[0] : raw
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'file') return undefined
  const part = f as { filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } }
  return { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: part.file?.truncated === true }
}

/** POST /analysis/:id/exchange/codebook (multipart): add the codes of a .qdc to the codebook (audited). */
export function postCodebook(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    await getProject(deps, request.actor, request.params.id)
    const file = uploadedFile((request.body as Record<string, unknown> | undefined)?.file)
    const fail = (message: string) => render(deps, request, reply, { errors: [{ field: 'file', message }], status: 400 })
    if (!file || file.filename === '') return fail('Select a REFI-QDA codebook file (.qdc)')
    if (file.truncated) return fail(`The selected file must be smaller than 5 MB`)
    if (file.bytes.length === 0) return fail('The selected file is empty')
    try {
      const report = await importCodebook(deps, request.actor, request.params.id, new Uint8Array(file.bytes))
      return render(deps, request, reply, { report })
    } catch (err) {
      if (err instanceof RefiError) return fail(err.message)
      throw err
    }
  }
}
