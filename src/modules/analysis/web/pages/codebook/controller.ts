import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { addCode, changeCode, getCodebook, publishCodebook, setCodeRetired, type CodeDto, type CodeInput } from '../../../domain/codebook.ts'
import { mayCode, notFound } from '../../../domain/model.ts'
import { getProject } from '../../../domain/projects.ts'
import { text, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
type WithCode = FastifyRequest<{ Params: { id: string; codeId: string } }>
const DIR = 'analysis/web/pages/codebook'
const EMPTY: CodeInput = { name: '', parentId: '', description: '', examples: '' }

function readCode(body: Body): CodeInput {
  return { name: text(body, 'name'), parentId: text(body, 'parentId'), description: text(body, 'description'), examples: text(body, 'examples') }
}

function parentItems(codes: readonly CodeDto[], selected: string, exclude?: string) {
  return [{ value: '', text: 'None: a top-level code', selected: selected === '' }, ...codes.filter(c => c.id !== exclude).map(c => ({ value: c.id, text: c.path, selected: c.id === selected }))]
}

async function renderBook(deps: AppDeps, request: WithId, reply: FastifyReply, values: CodeInput, note: string, errors?: FieldError[], status?: number) {
  const project = await getProject(deps, request.actor, request.params.id)
  const book = await getCodebook(deps, request.actor, project.id)
  return reply.render(
    `${DIR}/view.njk`,
    { pageTitle: `Codebook: ${project.title}`, backLink: `/analysis/${project.id}`, project, book, values, note, parents: parentItems(book.codes, values.parentId), mayCode: mayCode(request.actor), languageModelOn: Boolean(deps.config.analysisLanguageModel), errors },
    status,
  )
}

/** GET /analysis/:id/codebook */
export function get(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderBook(deps, request, reply, EMPTY, '')
}

/** POST /analysis/:id/codebook: add a code (audited). */
export function postAdd(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const input = readCode(request.body as Body)
    try {
      await addCode(deps, request.actor, request.params.id, input)
    } catch (err) {
      return renderBook(deps, request, reply, input, '', fieldErrorsOf(err), 400)
    }
    request.session.flash = `Code "${input.name.trim()}" added`
    return reply.redirect(`/analysis/${request.params.id}/codebook`, 303)
  }
}

/** POST /analysis/:id/codebook/publish: publish the next version (audited). */
export function postPublish(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const note = text(request.body as Body, 'note')
    try {
      const { version } = await publishCodebook(deps, request.actor, request.params.id, note)
      request.session.flash = `Codebook version ${version} published`
    } catch (err) {
      return renderBook(deps, request, reply, EMPTY, note, fieldErrorsOf(err), 400)
    }
    return reply.redirect(`/analysis/${request.params.id}/codebook`, 303)
  }
}

async function codeOf(deps: AppDeps, request: WithCode) {
  const book = await getCodebook(deps, request.actor, request.params.id)
  const code = book.codes.find(c => c.id === request.params.codeId)
  if (!code) throw notFound('code')
  return { book, code }
}

async function renderChange(deps: AppDeps, request: WithCode, reply: FastifyReply, values: CodeInput, errors?: FieldError[], status?: number) {
  const { book, code } = await codeOf(deps, request)
  return reply.render(
    `${DIR}/change.njk`,
    { pageTitle: `Change code: ${code.name}`, backLink: `/analysis/${request.params.id}/codebook`, projectId: request.params.id, code, values, parents: parentItems(book.codes, values.parentId, code.id), errors },
    status,
  )
}

/** GET /analysis/:id/codes/:codeId */
export function getChange(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => {
    const { code } = await codeOf(deps, request)
    return renderChange(deps, request, reply, { name: code.name, parentId: code.parentId ?? '', description: code.description, examples: code.examples.join('\n') })
  }
}

/** POST /analysis/:id/codes/:codeId (audited) */
export function postChange(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => {
    await codeOf(deps, request)
    const input = readCode(request.body as Body)
    try {
      await changeCode(deps, request.actor, request.params.codeId, input)
    } catch (err) {
      return renderChange(deps, request, reply, input, fieldErrorsOf(err), 400)
    }
    request.session.flash = `Code "${input.name.trim()}" changed`
    return reply.redirect(`/analysis/${request.params.id}/codebook`, 303)
  }
}

/** POST /analysis/:id/codes/:codeId/retire: retire or bring back (audited). */
export function postRetire(deps: AppDeps) {
  return async (request: WithCode, reply: FastifyReply) => {
    const { code } = await codeOf(deps, request)
    await setCodeRetired(deps, request.actor, code.id, !code.retired)
    request.session.flash = code.retired ? `Code "${code.name}" brought back` : `Code "${code.name}" retired: past coding keeps it`
    return reply.redirect(`/analysis/${request.params.id}/codebook`, 303)
  }
}
