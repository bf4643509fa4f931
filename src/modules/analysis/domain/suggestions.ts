// Suggestions: a classifier trained on THIS analyst's coding suggests codes for the segments they have not reviewed,
// each with a confidence and why (the words that weighed, similar segments they coded). Confident ones are offered
// for acceptance in bulk, after the analyst has looked at them; uncertain ones form a queue, least certain first
// (where one more decision teaches the classifier most). Suggestions never code anything by themselves.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import {
  deleteSuggestionRunsBefore,
  findLatestSuggestionRun,
  findProject,
  insertCodings,
  insertSuggestionRun,
  listCodes,
  listReviews,
  listSuggestions,
  upsertReviews,
  type SuggestionRow,
} from '../data/analysis.repository.ts'
import { loadProjectSegments } from './coding.ts'
import { codeTree } from './codebook.ts'
import { assertMay, coderOf, mayCode, mayReadAnalysis, notFound, validationFailed } from './model.ts'
import { runSuggestJobInWorker, type SuggestJob } from './suggest/worker.ts'

/** Fewer coded segments than this and the suggestions would be guesses. */
export const MIN_CODED_FOR_SUGGESTIONS = 20

export interface SuggestionRunReport {
  runId: string
  trainedOn: number
  suggested: number
  bulkOffered: number
  crossValidation: { samplesF1: number; bulkPrecision: number; bulkShare: number } | null
}

export interface SuggestionRunDto {
  id: string
  createdAt: string
  trainedOn: number
  metrics: { samplesF1?: number; bulkPrecision?: number; bulkShare?: number; codesUsed?: number }
}

export interface Why {
  words: string[]
  similar: string[]
}

/** Train on this analyst's coding and store suggestions for everything they have not reviewed. */
export async function runSuggestions(deps: AppDeps, actor: Actor, projectId: string): Promise<SuggestionRunReport> {
  assertMay(mayCode(actor), 'ask for suggestions')
  const coder = coderOf(actor)
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const codes = codeTree(await listCodes(deps.db, projectId)).filter(c => !c.retired)
  const codeIndex = new Map(codes.map((c, i) => [c.id, i]))
  const { segments } = await loadProjectSegments(deps, actor, projectId, coder)
  const coded = segments.map((s, row) => ({ row, codes: s.codeIds.filter(id => codeIndex.has(id)).map(id => codeIndex.get(id)!) })).filter((c, row) => segments[row]!.reviewed && c.codes.length > 0)
  if (coded.length < MIN_CODED_FOR_SUGGESTIONS) {
    throw validationFailed([{ field: 'run', message: `Code at least ${MIN_CODED_FOR_SUGGESTIONS} segments yourself first (you have coded ${coded.length}): suggestions learn from your coding` }])
  }
  const targets = segments.flatMap((s, row) => (s.reviewed ? [] : [row]))
  const job: SuggestJob = { texts: segments.map(s => ({ id: s.segmentId, text: s.text })), coded, codeCount: codes.length, targets, seed: 1 }
  const result = await runSuggestJobInWorker(job)
  const runId = newId(deps.clock.now().getTime())
  const used = new Set(coded.flatMap(c => c.codes))
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const cv = result.crossValidation
    await insertSuggestionRun(
      uow.trx,
      { id: runId, project_id: projectId, coder_user_id: coder, trained_on: coded.length, metrics_json: JSON.stringify({ ...(cv ? { samplesF1: cv.samplesF1, bulkPrecision: cv.bulkPrecision, bulkShare: cv.bulkShare } : {}), codesUsed: used.size }), created_at: now },
      result.suggestions.map(s => ({
        run_id: runId,
        segment_id: segments[s.row]!.segmentId,
        code_id: codes[s.code]!.id,
        confidence: s.confidence,
        bulk: s.bulk ? 1 : 0,
        explanation_json: JSON.stringify({ words: s.words.map(w => w.term), similar: s.similar }),
      })),
    )
    await deleteSuggestionRunsBefore(uow.trx, projectId, coder, now)
    const report: SuggestionRunReport = {
      runId,
      trainedOn: coded.length,
      suggested: new Set(result.suggestions.map(s => s.row)).size,
      bulkOffered: result.suggestions.filter(s => s.bulk).length,
      crossValidation: cv ? { samplesF1: cv.samplesF1, bulkPrecision: cv.bulkPrecision, bulkShare: cv.bulkShare } : null,
    }
    await uow.audit({ action: 'analysis.suggestions_made', subjectType: 'analysis_project', subjectId: projectId, summary: { runId, trainedOn: report.trainedOn, suggested: report.suggested, bulkOffered: report.bulkOffered } })
    return report
  })
}

export async function getLatestRun(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<SuggestionRunDto | null> {
  assertMay(mayReadAnalysis(actor), 'see suggestions')
  const run = await findLatestSuggestionRun(deps.db, projectId, coderOf(actor))
  return run ? { id: run.id, createdAt: run.created_at, trainedOn: run.trained_on, metrics: JSON.parse(run.metrics_json) as SuggestionRunDto['metrics'] } : null
}

export interface SuggestionDto {
  segmentId: string
  codeId: string
  confidence: number
  bulk: boolean
  why: Why
}

function toDto(r: SuggestionRow): SuggestionDto {
  const e = JSON.parse(r.explanation_json) as Why
  return { segmentId: r.segment_id, codeId: r.code_id, confidence: r.confidence, bulk: r.bulk === 1, why: { words: e.words ?? [], similar: e.similar ?? [] } }
}

/** The latest run's suggestions for one segment (for the coding page), most confident first. */
export async function suggestionsForSegment(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, segmentId: string): Promise<SuggestionDto[]> {
  assertMay(mayReadAnalysis(actor), 'see suggestions')
  const run = await findLatestSuggestionRun(deps.db, projectId, coderOf(actor))
  if (!run) return []
  return (await listSuggestions(deps.db, run.id, { segmentId })).map(toDto)
}

export interface SuggestionOverview {
  run: SuggestionRunDto | null
  /** Per code, the bulk offers still open (segments not reviewed since). */
  bulkByCode: { codeId: string; count: number }[]
  /** Segments not reviewed, whose suggestions are not confident enough for bulk, least certain first. */
  uncertain: { segmentId: string; topConfidence: number }[]
}

export async function getSuggestionOverview(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<SuggestionOverview> {
  assertMay(mayReadAnalysis(actor), 'see suggestions')
  const coder = coderOf(actor)
  const row = await findLatestSuggestionRun(deps.db, projectId, coder)
  if (!row) return { run: null, bulkByCode: [], uncertain: [] }
  const run = (await getLatestRun(deps, actor, projectId))!
  const reviewed = new Set((await listReviews(deps.db, projectId, coder)).map(r => r.segment_id))
  const open = (await listSuggestions(deps.db, row.id)).filter(s => !reviewed.has(s.segment_id))
  const bulkByCode = new Map<string, number>()
  const top = new Map<string, { confidence: number; bulk: boolean }>()
  for (const s of open) {
    if (s.bulk) bulkByCode.set(s.code_id, (bulkByCode.get(s.code_id) ?? 0) + 1)
    const t = top.get(s.segment_id)
    if (!t || s.confidence > t.confidence) top.set(s.segment_id, { confidence: s.confidence, bulk: s.bulk === 1 })
  }
  const uncertain = [...top.entries()].filter(([, t]) => !t.bulk).map(([segmentId, t]) => ({ segmentId, topConfidence: t.confidence }))
  uncertain.sort((a, b) => Math.abs(a.topConfidence - 0.5) - Math.abs(b.topConfidence - 0.5) || a.segmentId.localeCompare(b.segmentId))
  return { run, bulkByCode: [...bulkByCode.entries()].map(([codeId, count]) => ({ codeId, count })).sort((a, b) => b.count - a.count), uncertain }
}

/** The open bulk offers for one code: segments not reviewed yet, most confident first. */
export async function bulkOffersForCode(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, codeId: string): Promise<SuggestionDto[]> {
  assertMay(mayReadAnalysis(actor), 'see suggestions')
  const coder = coderOf(actor)
  const run = await findLatestSuggestionRun(deps.db, projectId, coder)
  if (!run) return []
  const reviewed = new Set((await listReviews(deps.db, projectId, coder)).map(r => r.segment_id))
  return (await listSuggestions(deps.db, run.id, { codeId, bulk: true })).filter(s => !reviewed.has(s.segment_id)).map(toDto)
}

/**
 * Accept, after review, the bulk offers of one code the analyst left ticked: each segment gets the code (origin
 * 'bulk', with its confidence) and counts as reviewed. Only offers of the latest run, still open, can be accepted.
 */
export async function acceptBulkSuggestions(deps: AppDeps, actor: Actor, projectId: string, codeId: string, segmentIds: readonly string[]): Promise<{ accepted: number }> {
  assertMay(mayCode(actor), 'accept suggestions')
  const coder = coderOf(actor)
  const project = await findProject(deps.db, projectId)
  if (!project) throw notFound('analysis')
  if (segmentIds.length === 0) throw validationFailed([{ field: 'segments', message: 'Tick at least one segment to give this code to, or go back' }])
  const offers = new Map((await bulkOffersForCode(deps, actor, projectId, codeId)).map(o => [o.segmentId, o]))
  const chosen = [...new Set(segmentIds)].filter(id => offers.has(id))
  if (chosen.length === 0) throw validationFailed([{ field: 'segments', message: 'These suggestions have already been dealt with: ask for suggestions again' }])
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await insertCodings(
      uow.trx,
      chosen.map(segment_id => ({ id: newId(uow.now.getTime()), project_id: projectId, segment_id, code_id: codeId, coder_user_id: coder, origin: 'bulk' as const, confidence: offers.get(segment_id)!.confidence, codebook_version: project.codebook_version, created_at: now })),
    )
    await upsertReviews(uow.trx, chosen.map(segment_id => ({ segment_id, coder_user_id: coder, project_id: projectId, reviewed_at: now })))
    await uow.audit({ action: 'analysis.suggestions_accepted', subjectType: 'analysis_code', subjectId: codeId, summary: { projectId, accepted: chosen.length, offered: offers.size } })
  })
  return { accepted: chosen.length }
}
