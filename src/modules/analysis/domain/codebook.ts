// The codebook: the analyst's own hierarchical codes, each with a description and examples, in their order. Codes are
// changed freely while drafting; publishing takes a numbered snapshot (version 1, 2, ...) with a note of what
// changed, and every coding records the version it was made under. A code is retired, never deleted, once it has
// been used, so past coding keeps its meaning.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findCode,
  findProject,
  insertCode,
  insertCodebookVersion,
  listCodebookVersions,
  listCodes,
  updateCode,
  updateProject,
  type CodeRow,
} from '../data/analysis.repository.ts'
import { assertMay, mayCode, mayReadAnalysis, notFound, validationFailed, type Problem } from './model.ts'

export const CODE_FIELDS = ['name', 'parentId', 'description', 'examples'] as const
export const MAX_DEPTH = 4

export interface CodeInput {
  name: string
  /** '' for a top-level code. */
  parentId: string
  description: string
  examples: string
}

export interface CodeDto {
  id: string
  parentId: string | null
  name: string
  description: string
  examples: string[]
  position: number
  retired: boolean
  depth: number
  /** The path from the top, e.g. "Staff › Kindness". */
  path: string
}

/** The codes in tree order (parents before children, siblings by position), each with its depth and path. */
export function codeTree(rows: readonly CodeRow[]): CodeDto[] {
  const children = new Map<string | null, CodeRow[]>()
  for (const r of rows) {
    const key = r.parent_id && rows.some(p => p.id === r.parent_id) ? r.parent_id : null
    children.set(key, [...(children.get(key) ?? []), r])
  }
  const out: CodeDto[] = []
  const walk = (parent: string | null, depth: number, path: string[]) => {
    const kids = (children.get(parent) ?? []).sort((a, b) => a.position - b.position || a.name.localeCompare(b.name))
    for (const r of kids) {
      const here = [...path, r.name]
      out.push({
        id: r.id,
        parentId: r.parent_id,
        name: r.name,
        description: r.description,
        examples: r.examples ? r.examples.split('\n').map(x => x.trim()).filter(Boolean) : [],
        position: r.position,
        retired: r.retired_at !== null,
        depth,
        path: here.join(' › '),
      })
      if (depth < 20) walk(r.id, depth + 1, here)
    }
  }
  walk(null, 0, [])
  return out
}

export interface CodebookDto {
  projectId: string
  codes: CodeDto[]
  version: number
  versions: { version: number; note: string; publishedAt: string; codeCount: number }[]
  /** Changes since the last published version. */
  changedSinceVersion: boolean
}

function snapshotOf(codes: readonly CodeDto[]): string {
  return JSON.stringify(codes.map(c => ({ id: c.id, parentId: c.parentId, name: c.name, description: c.description, examples: c.examples, retired: c.retired })))
}

export async function getCodebook(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<CodebookDto> {
  assertMay(mayReadAnalysis(actor), 'see the codebook')
  const project = await findProject(deps.db, projectId)
  if (!project) throw notFound('analysis')
  const codes = codeTree(await listCodes(deps.db, projectId))
  const versions = await listCodebookVersions(deps.db, projectId)
  const latest = versions[0]
  return {
    projectId,
    codes,
    version: project.codebook_version,
    versions: versions.map(v => ({ version: v.version, note: v.note, publishedAt: v.published_at, codeCount: (JSON.parse(v.snapshot_json) as unknown[]).length })),
    changedSinceVersion: latest ? latest.snapshot_json !== snapshotOf(codes) : codes.length > 0,
  }
}

async function checkCode(deps: Pick<AppDeps, 'db'>, projectId: string, input: CodeInput, selfId: string | null): Promise<Problem[]> {
  const problems: Problem[] = []
  const name = input.name.trim()
  const codes = await listCodes(deps.db, projectId)
  if (!name) problems.push({ field: 'name', message: 'Enter a name for the code' })
  else if (name.length > 120) problems.push({ field: 'name', message: 'Name must be 120 characters or fewer' })
  else if (codes.some(c => c.id !== selfId && c.name.toLowerCase() === name.toLowerCase())) problems.push({ field: 'name', message: `There is already a code called "${name}": choose another name` })
  if (input.description.length > 2000) problems.push({ field: 'description', message: 'Description must be 2,000 characters or fewer' })
  if (input.examples.length > 5000) problems.push({ field: 'examples', message: 'Examples must be 5,000 characters or fewer' })
  if (input.parentId) {
    const parent = codes.find(c => c.id === input.parentId)
    if (!parent) problems.push({ field: 'parentId', message: 'Choose a code from the list to put it under, or none' })
    else {
      // Not under itself or its own descendants, and not too deep.
      let depth = 1
      let at: CodeRow | undefined = parent
      while (at) {
        if (at.id === selfId) {
          problems.push({ field: 'parentId', message: 'A code cannot go under itself or one of its own sub-codes' })
          break
        }
        depth += 1
        at = at.parent_id ? codes.find(c => c.id === at!.parent_id) : undefined
      }
      if (depth > MAX_DEPTH) problems.push({ field: 'parentId', message: `Codes can be at most ${MAX_DEPTH} levels deep: choose a code higher up` })
    }
  }
  return problems
}

export async function addCode(deps: AppDeps, actor: Actor, projectId: string, input: CodeInput): Promise<{ id: string }> {
  assertMay(mayCode(actor), 'change the codebook')
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const problems = await checkCode(deps, projectId, input, null)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const siblings = (await listCodes(uow.trx, projectId)).filter(c => (c.parent_id ?? '') === input.parentId)
    await insertCode(uow.trx, {
      id,
      project_id: projectId,
      parent_id: input.parentId || null,
      name: input.name.trim(),
      description: input.description.trim(),
      examples: input.examples.trim(),
      position: siblings.length ? Math.max(...siblings.map(s => s.position)) + 1 : 1,
      retired_at: null,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({ action: 'analysis.code_added', subjectType: 'analysis_code', subjectId: id, summary: { projectId, name: input.name.trim(), parentId: input.parentId || null } })
  })
  return { id }
}

export async function changeCode(deps: AppDeps, actor: Actor, codeId: string, input: CodeInput): Promise<void> {
  assertMay(mayCode(actor), 'change the codebook')
  const code = await findCode(deps.db, codeId)
  if (!code) throw notFound('code')
  const problems = await checkCode(deps, code.project_id, input, codeId)
  if (problems.length) throw validationFailed(problems)
  await inTransaction(deps, actor, async uow => {
    await updateCode(uow.trx, codeId, { name: input.name.trim(), parent_id: input.parentId || null, description: input.description.trim(), examples: input.examples.trim(), updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'analysis.code_changed',
      subjectType: 'analysis_code',
      subjectId: codeId,
      summary: { projectId: code.project_id, before: { name: code.name, parentId: code.parent_id }, after: { name: input.name.trim(), parentId: input.parentId || null } },
    })
  })
}

/** Retire a code (no new coding with it; past coding keeps it), or bring it back. */
export async function setCodeRetired(deps: AppDeps, actor: Actor, codeId: string, retired: boolean): Promise<void> {
  assertMay(mayCode(actor), 'change the codebook')
  const code = await findCode(deps.db, codeId)
  if (!code) throw notFound('code')
  await inTransaction(deps, actor, async uow => {
    await updateCode(uow.trx, codeId, { retired_at: retired ? uow.now.toISOString() : null, updated_at: uow.now.toISOString() })
    await uow.audit({ action: retired ? 'analysis.code_retired' : 'analysis.code_restored', subjectType: 'analysis_code', subjectId: codeId, summary: { projectId: code.project_id } })
  })
}

/** Publish the codebook as it is now as the next version. */
export async function publishCodebook(deps: AppDeps, actor: Actor, projectId: string, note: string): Promise<{ version: number }> {
  assertMay(mayCode(actor), 'publish the codebook')
  const project = await findProject(deps.db, projectId)
  if (!project) throw notFound('analysis')
  const problems: Problem[] = []
  if (!note.trim()) problems.push({ field: 'note', message: 'Say what changed in this version, for example "first version" or "split Staff into two codes"' })
  else if (note.length > 2000) problems.push({ field: 'note', message: 'The note must be 2,000 characters or fewer' })
  const codes = codeTree(await listCodes(deps.db, projectId))
  if (codes.length === 0) problems.push({ field: 'note', message: 'Add at least one code before publishing the codebook' })
  if (problems.length) throw validationFailed(problems)
  return inTransaction(deps, actor, async uow => {
    const version = project.codebook_version + 1
    await insertCodebookVersion(uow.trx, { project_id: projectId, version, note: note.trim(), snapshot_json: snapshotOf(codes), published_at: uow.now.toISOString(), published_by_user_id: actor.userId })
    await updateProject(uow.trx, projectId, { codebook_version: version, updated_at: uow.now.toISOString() })
    await uow.audit({ action: 'analysis.codebook_published', subjectType: 'analysis_project', subjectId: projectId, summary: { version, codes: codes.length } })
    return { version }
  })
}
