// Findings: what the analysis found, in plain English, for the Core Group. A finding has a title, a body, the codes it
// draws on and quotes the analyst picks from segments they coded with those codes (or codes under them). Only people
// who agreed to be quoted are ever quoted, never someone erased or unlinked since, and a quote is checked again when
// the finding is saved, published and read. Quotes show the redacted text and who it came from in general words
// ("A panel member", "Stakeholder: <organisation>"), never a pseudonym. Draft, then published to the Core Group; the
// published findings are read at /findings with how many people raised each code (lived experience apart from
// stakeholders, small numbers hidden). Every change is audited, never with the text of a quote.
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import type { EvidenceItemDto } from '../../evidence/index.ts'
import {
  findFinding,
  findProject,
  insertFinding,
  listCodes,
  listFindingCodes,
  listFindingQuotes,
  listFindings,
  listProjects,
  replaceFindingCodes,
  replaceFindingQuotes,
  updateFinding,
  type FindingRow,
  type ItemRow,
} from '../data/analysis.repository.ts'
import { codeTree, type CodeDto } from './codebook.ts'
import { loadProjectSegments } from './coding.ts'
import { assertMay, coderOf, mayCode, mayReadAnalysis, mayReadFindings, notFound, validationFailed, type Problem } from './model.ts'
import { peopleOfProject, tallyGroups } from './tallies.ts'

export const FINDING_FIELDS = ['title', 'body', 'codes', 'quotes'] as const
/** The quote picker shows at most this many candidates (most recently coded first), plus those already chosen. */
export const MAX_CANDIDATES = 50
export const MAX_QUOTES = 10

/** Reads evidence for people who may read findings but not the evidence itself (after their own check). */
const READER = systemActor('analysis: findings')

export interface FindingInput {
  title: string
  body: string
  codeIds: string[]
  quoteIds: string[]
}

export interface Quote {
  segmentId: string
  text: string
  /** Who it came from, in general words: never a pseudonym. */
  label: string
}

export interface QuoteCandidate extends Quote {
  codePaths: string[]
  codedAt: string
}

/** How a quote is attributed: stakeholders by organisation, panel members as "A panel member". */
export function quoteLabel(e: Pick<EvidenceItemDto, 'sourceRole' | 'organisation' | 'sourceRoleLabel'>): string {
  if (e.sourceRole === 'stakeholder') return `Stakeholder: ${e.organisation?.trim() || 'organisation'}`
  if (e.sourceRole === 'lived_experience') return 'A panel member'
  return e.sourceRoleLabel || 'Someone who took part'
}

/** Why a segment may not be quoted, or null when it may. */
export function whyNotQuotable(item: ItemRow | undefined, e: EvidenceItemDto | undefined): string | null {
  if (!item || !e) return 'its evidence has been removed'
  if (!e.quotable) return 'the person did not agree to be quoted'
  // An item unlinked from an erased person is counted as no one's and never quoted.
  if (e.participantId ? item.person_key !== `p:${e.participantId}` : item.person_key.startsWith('p:')) return 'the person has been removed from the panel'
  return null
}

function descendantsOf(codes: readonly CodeDto[], ids: readonly string[]): Set<string> {
  const out = new Set(ids)
  for (let grew = true; grew; ) {
    grew = false
    for (const c of codes) {
      if (c.parentId && out.has(c.parentId) && !out.has(c.id)) {
        out.add(c.id)
        grew = true
      }
    }
  }
  return out
}

/**
 * Segments the coder gave any of these codes (or codes under them), newest coding first: the quotable ones, and why
 * each other one may not be quoted.
 */
export async function quoteCandidates(
  deps: Pick<AppDeps, 'db'>,
  reader: Actor,
  projectId: string,
  coderUserId: string,
  codeIds: readonly string[],
): Promise<{ quotable: QuoteCandidate[]; refused: Map<string, string> }> {
  const codes = codeTree(await listCodes(deps.db, projectId))
  const wanted = descendantsOf(codes, codeIds)
  const path = new Map(codes.map(c => [c.id, c.path]))
  const { segments, items, evidence, codings } = await loadProjectSegments(deps, reader, projectId, coderUserId)
  const itemById = new Map(items.map(i => [i.id, i]))
  const codedAt = new Map<string, string>()
  for (const c of codings) if (wanted.has(c.code_id) && (codedAt.get(c.segment_id) ?? '') < c.created_at) codedAt.set(c.segment_id, c.created_at)
  const quotable: QuoteCandidate[] = []
  const refused = new Map<string, string>()
  for (const s of segments) {
    if (!s.codeIds.some(c => wanted.has(c))) continue
    const item = itemById.get(s.itemId)
    const e = item ? evidence.get(item.evidence_item_id) : undefined
    const why = whyNotQuotable(item, e)
    if (why) refused.set(s.segmentId, why)
    else quotable.push({ segmentId: s.segmentId, text: s.text, label: quoteLabel(e!), codePaths: s.codeIds.filter(c => wanted.has(c)).map(c => path.get(c) ?? ''), codedAt: codedAt.get(s.segmentId) ?? '' })
  }
  quotable.sort((x, y) => (x.codedAt < y.codedAt ? 1 : x.codedAt > y.codedAt ? -1 : x.segmentId < y.segmentId ? 1 : -1))
  return { quotable, refused }
}

export interface FindingDto {
  id: string
  projectId: string
  title: string
  body: string
  status: 'draft' | 'published'
  publishedAt: string | null
  createdBy: string | null
  codeIds: string[]
  quoteIds: string[]
}

function toDto(r: FindingRow, codes: { finding_id: string; code_id: string }[], quotes: { finding_id: string; segment_id: string }[]): FindingDto {
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    body: r.body,
    status: r.status,
    publishedAt: r.published_at,
    createdBy: r.created_by_user_id,
    codeIds: codes.filter(c => c.finding_id === r.id).map(c => c.code_id),
    quoteIds: quotes.filter(q => q.finding_id === r.id).map(q => q.segment_id),
  }
}

async function dtos(deps: Pick<AppDeps, 'db'>, rows: readonly FindingRow[]): Promise<FindingDto[]> {
  const ids = rows.map(r => r.id)
  const [codes, quotes] = await Promise.all([listFindingCodes(deps.db, ids), listFindingQuotes(deps.db, ids)])
  return rows.map(r => toDto(r, codes, quotes))
}

export async function getFinding(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, findingId: string): Promise<FindingDto> {
  assertMay(mayReadAnalysis(actor), 'see findings')
  const row = await findFinding(deps.db, findingId)
  if (!row || row.project_id !== projectId) throw notFound('finding')
  return (await dtos(deps, [row]))[0]!
}

export async function listProjectFindings(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<(FindingDto & { codePaths: string[] })[]> {
  assertMay(mayReadAnalysis(actor), 'see findings')
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const path = new Map(codeTree(await listCodes(deps.db, projectId)).map(c => [c.id, c.path]))
  return (await dtos(deps, await listFindings(deps.db, projectId))).map(f => ({ ...f, codePaths: f.codeIds.map(c => path.get(c) ?? 'A code no longer in the codebook') }))
}

async function check(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, input: FindingInput, coderUserId = coderOf(actor)): Promise<Problem[]> {
  const problems: Problem[] = []
  const title = input.title.trim()
  if (!title) problems.push({ field: 'title', message: 'Enter a title for the finding' })
  else if (title.length > 200) problems.push({ field: 'title', message: 'Title must be 200 characters or fewer' })
  if (!input.body.trim()) problems.push({ field: 'body', message: 'Enter what was found, in plain English' })
  else if (input.body.length > 10_000) problems.push({ field: 'body', message: 'What was found must be 10,000 characters or fewer' })
  const codes = await listCodes(deps.db, projectId)
  if (input.codeIds.length === 0) problems.push({ field: 'codes', message: 'Choose at least one code this finding draws on' })
  else if (input.codeIds.some(id => !codes.some(c => c.id === id))) problems.push({ field: 'codes', message: 'One of the codes chosen is no longer in the codebook: choose again' })
  if (input.quoteIds.length > MAX_QUOTES) problems.push({ field: 'quotes', message: `Choose ${MAX_QUOTES} quotes or fewer` })
  else if (input.quoteIds.length && input.codeIds.length) {
    const { quotable, refused } = await quoteCandidates(deps, actor, projectId, coderUserId, input.codeIds)
    const ok = new Set(quotable.map(q => q.segmentId))
    for (const id of input.quoteIds) {
      if (ok.has(id)) continue
      const why = refused.get(id)
      problems.push({ field: 'quotes', message: why ? `A quote you chose cannot be used: ${why}. Untick it` : 'A quote you chose is not coded with the codes this finding draws on: untick it, or choose its code' })
      break
    }
  }
  return problems
}

function normalise(input: FindingInput): FindingInput {
  return { title: input.title.trim(), body: input.body.trim(), codeIds: [...new Set(input.codeIds)], quoteIds: [...new Set(input.quoteIds)] }
}

/** A new draft finding (audited: how many codes and quotes, never their text). */
export async function createFinding(deps: AppDeps, actor: Actor, projectId: string, raw: FindingInput): Promise<{ id: string }> {
  assertMay(mayCode(actor), 'write findings')
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const input = normalise(raw)
  const problems = await check(deps, actor, projectId, input)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const position = (await listFindings(uow.trx, projectId)).length + 1
    await insertFinding(uow.trx, { id, project_id: projectId, title: input.title, body: input.body, position, status: 'draft', published_at: null, published_by_user_id: null, created_by_user_id: actor.userId, created_at: now, updated_at: now })
    await replaceFindingCodes(uow.trx, id, input.codeIds)
    await replaceFindingQuotes(uow.trx, id, input.quoteIds)
    await uow.audit({ action: 'analysis.finding_created', subjectType: 'analysis_finding', subjectId: id, summary: { projectId, codes: input.codeIds.length, quotes: input.quoteIds.length } })
  })
  return { id }
}

/** Change a finding (draft or published; a published one stays published, changed). Audited. */
export async function changeFinding(deps: AppDeps, actor: Actor, projectId: string, findingId: string, raw: FindingInput): Promise<void> {
  assertMay(mayCode(actor), 'write findings')
  await getFinding(deps, actor, projectId, findingId)
  const input = normalise(raw)
  const problems = await check(deps, actor, projectId, input)
  if (problems.length) throw validationFailed(problems)
  await inTransaction(deps, actor, async uow => {
    await updateFinding(uow.trx, findingId, { title: input.title, body: input.body, updated_at: uow.now.toISOString() })
    await replaceFindingCodes(uow.trx, findingId, input.codeIds)
    await replaceFindingQuotes(uow.trx, findingId, input.quoteIds)
    await uow.audit({ action: 'analysis.finding_changed', subjectType: 'analysis_finding', subjectId: findingId, summary: { projectId, codes: input.codeIds.length, quotes: input.quoteIds.length } })
  })
}

/** Publish a draft to the Core Group, checking its quotes once more. Audited. */
export async function publishFinding(deps: AppDeps, actor: Actor, projectId: string, findingId: string): Promise<void> {
  assertMay(mayCode(actor), 'publish findings')
  const f = await getFinding(deps, actor, projectId, findingId)
  if (f.status === 'published') throw validationFailed([{ field: 'publish', message: 'This finding is already published' }])
  const problems = await check(deps, actor, projectId, { title: f.title, body: f.body, codeIds: f.codeIds, quoteIds: f.quoteIds }, f.createdBy ?? coderOf(actor))
  if (problems.length) throw validationFailed(problems)
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await updateFinding(uow.trx, findingId, { status: 'published', published_at: now, published_by_user_id: actor.userId, updated_at: now })
    await uow.audit({ action: 'analysis.finding_published', subjectType: 'analysis_finding', subjectId: findingId, summary: { projectId, codes: f.codeIds.length, quotes: f.quoteIds.length } })
  })
}

export interface FindingForm {
  codes: CodeDto[]
  candidates: QuoteCandidate[]
  /** Candidates beyond the cap, not shown. */
  moreCandidates: number
}

/** What the finding form offers: the codes, and quotes for the codes chosen (capped; chosen ones always shown). */
export async function getFindingForm(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, codeIds: readonly string[], chosen: readonly string[]): Promise<FindingForm> {
  assertMay(mayCode(actor), 'write findings')
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const codes = codeTree(await listCodes(deps.db, projectId)).filter(c => !c.retired || codeIds.includes(c.id))
  if (codeIds.length === 0) return { codes, candidates: [], moreCandidates: 0 }
  const { quotable } = await quoteCandidates(deps, actor, projectId, coderOf(actor), codeIds)
  const picked = quotable.filter(q => chosen.includes(q.segmentId))
  const rest = quotable.filter(q => !chosen.includes(q.segmentId))
  const shown = [...picked, ...rest.slice(0, Math.max(0, MAX_CANDIDATES - picked.length))]
  return { codes, candidates: shown, moreCandidates: quotable.length - shown.length }
}

export interface CodeFigure {
  title: string
  /** "12 of 40", or "fewer than 10 of 40". */
  words: string
}

export interface PublishedFinding {
  id: string
  projectTitle: string
  title: string
  body: string
  publishedAt: string | null
  codes: { path: string; figures: CodeFigure[] }[]
  quotes: Quote[]
}

/** Every published finding, for the Core Group, policy officials, advisors and analysts. */
export async function listPublishedFindings(deps: Pick<AppDeps, 'db' | 'config'>, actor: Actor): Promise<PublishedFinding[]> {
  assertMay(mayReadFindings(actor), 'read findings')
  const threshold = deps.config.smallNumberThreshold
  const out: PublishedFinding[] = []
  for (const project of await listProjects(deps.db)) {
    const rows = await listFindings(deps.db, project.id, 'published')
    if (rows.length === 0) continue
    const findings = await dtos(deps, rows)
    const byCoder = new Map<string, Awaited<ReturnType<typeof peopleOfProject>>>()
    const { segments, items, evidence } = await loadProjectSegments(deps, READER, project.id, null)
    const segById = new Map(segments.map(s => [s.segmentId, s]))
    const itemById = new Map(items.map(i => [i.id, i]))
    for (const f of findings) {
      // The counts and quotes come from the coding of the analyst who wrote the finding.
      const coder = f.createdBy ?? ''
      if (!byCoder.has(coder)) byCoder.set(coder, await peopleOfProject(deps, READER, project.id, coder || null))
      const { people, codes } = byCoder.get(coder)!
      const groups = tallyGroups(people, codes)
      const figures = f.codeIds.map(codeId => ({
        path: codes.find(c => c.id === codeId)?.path ?? 'A code no longer in the codebook',
        figures: groups
          .filter(g => g.people > 0)
          .map(g => {
            const n = g.rows.find(r => r.codeId === codeId)?.people ?? 0
            return { title: g.title, words: `${n > 0 && n < threshold ? `fewer than ${threshold}` : n.toLocaleString('en-GB')} of ${g.people.toLocaleString('en-GB')}` }
          }),
      }))
      // Quotes are checked again as they are read: consent withdrawn or a person erased since means no quote.
      const quotes: Quote[] = []
      for (const id of f.quoteIds) {
        const s = segById.get(id)
        const item = s ? itemById.get(s.itemId) : undefined
        const e = item ? evidence.get(item.evidence_item_id) : undefined
        if (s && !whyNotQuotable(item, e)) quotes.push({ segmentId: id, text: s.text, label: quoteLabel(e!) })
      }
      out.push({ id: f.id, projectTitle: project.title, title: f.title, body: f.body, publishedAt: f.publishedAt, codes: figures, quotes })
    }
  }
  return out.sort((a, b) => ((a.publishedAt ?? '') < (b.publishedAt ?? '') ? 1 : -1))
}
