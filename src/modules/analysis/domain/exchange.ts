// Exchange with other qualitative analysis tools (NVivo, ATLAS.ti, MAXQDA, QualCoder) through the REFI-QDA standards:
// the codebook out as .qdc, a .qdc in (codes not there by name are added, keeping their place in the hierarchy), and
// the whole project out as .qdpx (each item's REDACTED text as a source, this analyst's coding as selections). Every
// export and import is audited, with counts only.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import { findProject, insertCodes, listCodes, updateProject, type ProjectRow } from '../data/analysis.repository.ts'
import { codeTree, MAX_DEPTH, type CodeDto } from './codebook.ts'
import { loadProjectSegments } from './coding.ts'
import { assertMay, coderOf, mayCode, mayReadAnalysis, notFound } from './model.ts'
import { readQdc, writeQdc, type CodebookCode } from './refi/codebook.ts'
import { writeQdpx, xmlTextFromBytes, type QdpxSource } from './refi/project.ts'

export const ORIGIN = 'Charter'

/** A file name from a title: letters, digits and hyphens only. */
export function fileNameOf(title: string, extension: string): string {
  const base = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'analysis'
  return `${base}.${extension}`
}

/** The codebook as nested REFI-QDA codes (the app's ids are UUIDs, valid GUIDs as they are). */
export function toRefiCodes(codes: readonly CodeDto[]): CodebookCode[] {
  const byId = new Map<string, CodebookCode>()
  const roots: CodebookCode[] = []
  for (const c of codes) {
    const node: CodebookCode = { guid: c.id, name: c.name, description: c.description || undefined, isCodable: true, children: [] }
    byId.set(c.id, node)
    const parent = c.parentId ? byId.get(c.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

async function projectOf(deps: Pick<AppDeps, 'db'>, projectId: string): Promise<ProjectRow> {
  const project = await findProject(deps.db, projectId)
  if (!project) throw notFound('analysis')
  return project
}

/** The codebook as a .qdc file. Audited. */
export async function exportCodebook(deps: AppDeps, actor: Actor, projectId: string): Promise<{ fileName: string; xml: string }> {
  assertMay(mayReadAnalysis(actor), 'download the codebook')
  const project = await projectOf(deps, projectId)
  const codes = codeTree(await listCodes(deps.db, projectId))
  const xml = writeQdc({ name: project.title, codes: toRefiCodes(codes) }, ORIGIN)
  await inTransaction(deps, actor, async uow => {
    await uow.audit({ action: 'analysis.codebook_exported', subjectType: 'analysis_project', subjectId: projectId, summary: { codes: codes.length, format: 'qdc' } })
  })
  return { fileName: fileNameOf(`${project.title} codebook`, 'qdc'), xml }
}

export interface ImportReport {
  /** Paths of the codes added, e.g. "Staff › Kindness". */
  added: string[]
  skipped: { path: string; reason: string }[]
}

/**
 * Add the codes of a .qdc that are not in the codebook by name (names compare without regard to case), under the
 * same parent as in the file (the existing code of that name when the parent was already there). Throws RefiError,
 * in words, for a file that is not a REFI-QDA codebook. One transaction, one audit event (counts).
 */
export async function importCodebook(deps: AppDeps, actor: Actor, projectId: string, bytes: Uint8Array): Promise<ImportReport> {
  assertMay(mayCode(actor), 'change the codebook')
  await projectOf(deps, projectId)
  const book = readQdc(xmlTextFromBytes(bytes))
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const existing = await listCodes(uow.trx, projectId)
    const byName = new Map(existing.map(c => [c.name.trim().toLowerCase(), c]))
    const depthOf = new Map(codeTree(existing).map(c => [c.id, c.depth]))
    const nextPosition = new Map<string, number>()
    for (const c of existing) nextPosition.set(c.parent_id ?? '', Math.max(nextPosition.get(c.parent_id ?? '') ?? 0, c.position))
    const rows: Parameters<typeof insertCodes>[1][number][] = []
    const report: ImportReport = { added: [], skipped: [] }
    const walk = (codes: readonly CodebookCode[], parentId: string | null, depth: number, path: string[]) => {
      for (const c of codes) {
        const name = c.name.trim()
        const here = [...path, name]
        const same = byName.get(name.toLowerCase())
        let id: string | null
        if (same) {
          report.skipped.push({ path: here.join(' › '), reason: 'there is already a code with this name' })
          id = same.id
        } else if (name.length > 120) {
          report.skipped.push({ path: here.join(' › '), reason: 'the name is longer than 120 characters' })
          id = null
        } else if (depth >= MAX_DEPTH) {
          report.skipped.push({ path: here.join(' › '), reason: `codes can be at most ${MAX_DEPTH} levels deep` })
          id = null
        } else {
          id = newId(uow.now.getTime())
          const position = (nextPosition.get(parentId ?? '') ?? 0) + 1
          nextPosition.set(parentId ?? '', position)
          rows.push({ id, project_id: projectId, parent_id: parentId, name, description: (c.description ?? '').trim().slice(0, 2000), examples: '', position, retired_at: null, created_at: now, updated_at: now })
          byName.set(name.toLowerCase(), { id, name } as (typeof existing)[number])
          depthOf.set(id, depth)
          report.added.push(here.join(' › '))
        }
        // Codes under one that could not be added are skipped with it.
        if (id) walk(c.children, id, (depthOf.get(id) ?? depth) + 1, here)
        else for (const child of flatten(c.children)) report.skipped.push({ path: [...here, child].join(' › '), reason: 'the code above it was not added' })
      }
    }
    walk(book.codes, null, 0, [])
    await insertCodes(uow.trx, rows)
    if (rows.length) await updateProject(uow.trx, projectId, { updated_at: now })
    await uow.audit({ action: 'analysis.codebook_imported', subjectType: 'analysis_project', subjectId: projectId, summary: { added: report.added.length, skipped: report.skipped.length } })
    return report
  })
}

function flatten(codes: readonly CodebookCode[], prefix: string[] = []): string[] {
  return codes.flatMap(c => [[...prefix, c.name].join(' › '), ...flatten(c.children, [...prefix, c.name])])
}

/**
 * The project as a .qdpx: one text source per item (its redacted text, the segments joined by spaces), one selection
 * per segment this analyst coded, the codebook, and this analyst as the only user. Audited.
 */
export async function exportProject(deps: AppDeps, actor: Actor, projectId: string): Promise<{ fileName: string; bytes: Uint8Array; sources: number; selections: number }> {
  assertMay(mayReadAnalysis(actor), 'download the analysis')
  const coder = coderOf(actor)
  const project = await projectOf(deps, projectId)
  const codes = codeTree(await listCodes(deps.db, projectId))
  const { segments, items, evidence, codings } = await loadProjectSegments(deps, actor, projectId, coder)
  const codingOf = new Map(codings.map(c => [`${c.segment_id}|${c.code_id}`, c]))
  const sources: QdpxSource[] = []
  let selections = 0
  let n = 0
  for (const item of items) {
    const e = evidence.get(item.evidence_item_id)
    const mine = segments.filter(s => s.itemId === item.id)
    if (!e || mine.length === 0) continue
    n += 1
    let text = ''
    const source: QdpxSource = { guid: item.id, name: `Item ${n}: ${e.channelLabel}, ${e.stakeholderLabel ?? e.sourceRoleLabel.toLowerCase()}`, text: '', selections: [] }
    for (const s of mine) {
      if (text) text += ' '
      const start = text.length
      text += s.text
      if (s.codeIds.length === 0) continue
      source.selections.push({
        guid: s.segmentId,
        start,
        end: text.length,
        codings: s.codeIds.map(codeId => {
          const row = codingOf.get(`${s.segmentId}|${codeId}`)
          return { guid: row?.id ?? newId(), codeGuid: codeId, userGuid: coder, createdAt: row?.created_at }
        }),
      })
      selections += 1
    }
    source.text = text
    sources.push(source)
  }
  const bytes = writeQdpx({ name: project.title, origin: ORIGIN, createdAt: project.created_at, users: [{ guid: coder, name: actor.displayName }], codebook: { codes: toRefiCodes(codes) }, sources })
  await inTransaction(deps, actor, async uow => {
    await uow.audit({ action: 'analysis.project_exported', subjectType: 'analysis_project', subjectId: projectId, summary: { sources: sources.length, selections, codes: codes.length, format: 'qdpx' } })
  })
  return { fileName: fileNameOf(project.title, 'qdpx'), bytes, sources: sources.length, selections }
}
