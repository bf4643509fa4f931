// Agreement between analysts: an analyst draws a named random sample of segments (seeded, so the same seed over the
// same segments draws the same sample again), each analyst codes it on the ordinary coding page, and for a pair of
// analysts the page shows Cohen's kappa per code (with Landis & Koch's words), the units compared, and overall (the
// mean of the per-code kappas and the pooled kappa). The units are the sample's segments both analysts have reviewed.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findProject,
  findSample,
  insertSample,
  listCodes,
  listCodingsOfProject,
  listReviews,
  listSampleSegmentIds,
  listSamples,
  listSegmentsOfProject,
} from '../data/analysis.repository.ts'
import { agreementByCode, overallAgreement, type CodeAgreement, type OverallAgreement } from './agreement/kappa.ts'
import { codeTree } from './codebook.ts'
import { assertMay, coderOf, mayCode, mayReadAnalysis, notFound, validationFailed, type Problem } from './model.ts'
import { permutation, seededRandom } from './suggest/random.ts'
import { codersOf, type Coder } from './tallies.ts'

export const SAMPLE_FIELDS = ['name', 'size', 'seed'] as const
export const MIN_SAMPLE = 10
export const MAX_SAMPLE = 500

export interface SampleInput {
  name: string
  size: string
  /** Any words or number; empty for a new random seed. */
  seed: string
}

/** The segments a seed draws: the same seed over the same segments (in any order) always draws the same ones. */
export function drawSample(segmentIds: readonly string[], size: number, seed: string): string[] {
  const sorted = [...segmentIds].sort()
  const order = permutation(sorted.length, seededRandom(seed, 'agreement-sample'))
  return Array.from(order.slice(0, Math.min(size, sorted.length)), i => sorted[i]!)
}

export async function createSample(deps: AppDeps, actor: Actor, projectId: string, input: SampleInput): Promise<{ id: string; seed: string; size: number }> {
  assertMay(mayCode(actor), 'draw a sample')
  coderOf(actor)
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const segments = await listSegmentsOfProject(deps.db, projectId)
  const problems: Problem[] = []
  const name = input.name.trim()
  if (!name) problems.push({ field: 'name', message: 'Enter a name for the sample' })
  else if (name.length > 120) problems.push({ field: 'name', message: 'Name must be 120 characters or fewer' })
  else if ((await listSamples(deps.db, projectId)).some(s => s.name.toLowerCase() === name.toLowerCase())) problems.push({ field: 'name', message: `There is already a sample called "${name}": choose another name` })
  const size = /^\s*\d+\s*$/.test(input.size) ? Number(input.size) : NaN
  if (!input.size.trim()) problems.push({ field: 'size', message: 'Enter how many segments to sample' })
  else if (!Number.isInteger(size)) problems.push({ field: 'size', message: 'How many segments must be a whole number, like 50' })
  else if (size < MIN_SAMPLE || size > MAX_SAMPLE) problems.push({ field: 'size', message: `How many segments must be between ${MIN_SAMPLE} and ${MAX_SAMPLE}` })
  else if (size > segments.length) problems.push({ field: 'size', message: `The analysis has only ${segments.length} segments: sample ${segments.length} or fewer` })
  if (input.seed.length > 100) problems.push({ field: 'seed', message: 'The seed must be 100 characters or fewer' })
  if (problems.length) throw validationFailed(problems)
  const seed = input.seed.trim() || String(Math.floor(Math.random() * 1e9))
  const chosen = drawSample(segments.map(s => s.id), size, seed)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    await insertSample(uow.trx, { id, project_id: projectId, name, created_by_user_id: actor.userId, created_at: uow.now.toISOString() }, chosen)
    await uow.audit({ action: 'analysis.sample_created', subjectType: 'analysis_sample', subjectId: id, summary: { projectId, size: chosen.length, seed } })
  })
  return { id, seed, size: chosen.length }
}

export interface SampleSummary {
  id: string
  name: string
  createdAt: string
  size: number
  reviewedByMe: number
}

export async function listProjectSamples(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<SampleSummary[]> {
  assertMay(mayReadAnalysis(actor), 'see samples')
  const mine = new Set(actor.userId ? (await listReviews(deps.db, projectId, actor.userId)).map(r => r.segment_id) : [])
  const out: SampleSummary[] = []
  for (const s of await listSamples(deps.db, projectId)) {
    const ids = await listSampleSegmentIds(deps.db, s.id)
    out.push({ id: s.id, name: s.name, createdAt: s.created_at, size: ids.length, reviewedByMe: ids.filter(i => mine.has(i)).length })
  }
  return out
}

/** The next segment of the sample this analyst has not reviewed (after `after`, wrapping round), or null when done. */
export async function nextInSample(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, sampleId: string, after?: string): Promise<string | null> {
  assertMay(mayReadAnalysis(actor), 'see samples')
  const sample = await findSample(deps.db, sampleId)
  if (!sample || sample.project_id !== projectId) throw notFound('sample')
  const ids = (await listSampleSegmentIds(deps.db, sampleId)).sort()
  const done = new Set((await listReviews(deps.db, projectId, coderOf(actor))).map(r => r.segment_id))
  const start = after ? ids.indexOf(after) + 1 : 0
  for (let k = 0; k < ids.length; k++) {
    const id = ids[(start + k) % ids.length]!
    if (!done.has(id)) return id
  }
  return null
}

export interface SampleAgreement {
  a: Coder
  b: Coder
  units: number
  byCode: (CodeAgreement & { path: string })[]
  overall: OverallAgreement
}

export interface SampleView {
  id: string
  projectId: string
  name: string
  createdAt: string
  segmentIds: string[]
  /** Each analyst who reviewed any of the sample, with how many. */
  coders: (Coder & { reviewed: number })[]
  reviewedByMe: number
  agreement: SampleAgreement | null
  /** Why there is no agreement to show, in words (null when there is one, or no pair was chosen). */
  noAgreement: string | null
}

/** The sample, its progress per analyst, and agreement for the chosen pair (default: the first two analysts). */
export async function getSample(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, sampleId: string, pair: { a?: string; b?: string } = {}): Promise<SampleView> {
  assertMay(mayReadAnalysis(actor), 'see samples')
  const sample = await findSample(deps.db, sampleId)
  if (!sample || sample.project_id !== projectId) throw notFound('sample')
  const segmentIds = (await listSampleSegmentIds(deps.db, sampleId)).sort()
  const inSample = new Set(segmentIds)
  const reviews = (await listReviews(deps.db, projectId)).filter(r => inSample.has(r.segment_id))
  const reviewedBy = new Map<string, Set<string>>()
  for (const r of reviews) reviewedBy.set(r.coder_user_id, (reviewedBy.get(r.coder_user_id) ?? new Set()).add(r.segment_id))
  const coders = (await codersOf(deps, actor, projectId)).filter(c => reviewedBy.has(c.id)).map(c => ({ ...c, reviewed: reviewedBy.get(c.id)!.size }))
  const a = coders.find(c => c.id === pair.a) ?? coders[0]
  const b = coders.find(c => c.id === pair.b && c.id !== a?.id) ?? coders.find(c => c.id !== a?.id)
  let agreement: SampleAgreement | null = null
  let noAgreement: string | null = null
  if (!a || !b) noAgreement = 'Agreement needs two analysts who have both coded segments of this sample.'
  else if (a.id === b.id) noAgreement = 'Choose two different analysts.'
  else {
    const units = segmentIds.filter(id => reviewedBy.get(a.id)!.has(id) && reviewedBy.get(b.id)!.has(id))
    if (units.length === 0) noAgreement = `${a.name} and ${b.name} have not both coded any segment of this sample yet.`
    else {
      const unitSet = new Set(units)
      const codings = (await listCodingsOfProject(deps.db, projectId)).filter(c => unitSet.has(c.segment_id))
      const mapOf = (coder: string) => {
        const m = new Map<string, Set<string>>()
        for (const c of codings) if (c.coder_user_id === coder) m.set(c.segment_id, (m.get(c.segment_id) ?? new Set()).add(c.code_id))
        return m
      }
      const tree = codeTree(await listCodes(deps.db, projectId))
      const used = new Set(codings.map(c => c.code_id))
      const codes = tree.filter(c => !c.retired || used.has(c.id))
      const byCode = agreementByCode(units, mapOf(a.id), mapOf(b.id), codes.map(c => c.id)).map((r, i) => ({ ...r, path: codes[i]!.path }))
      agreement = { a, b, units: units.length, byCode, overall: overallAgreement(byCode) }
    }
  }
  return {
    id: sample.id,
    projectId,
    name: sample.name,
    createdAt: sample.created_at,
    segmentIds,
    coders,
    reviewedByMe: actor.userId ? (reviewedBy.get(actor.userId)?.size ?? 0) : 0,
    agreement,
    noAgreement,
  }
}
