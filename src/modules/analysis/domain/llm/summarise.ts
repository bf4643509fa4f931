// "Draft a summary of what people said under one code", with the optional language model. The analyst owns the codes
// and the findings: the model only drafts, and every claim it makes is checked against the evidence.
//
// What goes out: the code's name and description, and the REDACTED text of the segments THIS analyst gave that code
// (loadProjectSegments: personal details hidden as [name], [phone number]...), each under a short id (S1, S2, ...) so
// that no database id, pseudonym or channel leaves the service. At most MAX_SEGMENTS segments and MAX_CHARACTERS
// characters of evidence go in one request; the rest are left out, and the page says how many.
//
// What comes back must be JSON {points: [{text, citations: [{id, quote}]}]}. It is parsed strictly: anything else is
// recorded as "unparseable" and nothing of it is shown as a summary. Every citation is checked: its id must be one
// that was sent and its quote must appear word for word in that segment's redacted text (after evening out spaces,
// curly quotes and apostrophes). A point with any citation that fails, or with none, is flagged "not supported by the
// evidence" and shown apart, never silently kept or dropped.
//
// Every call is logged (analysis_llm_call), whatever happened, in one transaction with its audit event (counts only).
import { createHash } from 'node:crypto'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import type { AppError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { findProject, listCodes } from '../../data/analysis.repository.ts'
import { findLlmCall, insertLlmCall, listLlmCallsOfCode, type LlmCallRow } from '../../data/llm.repository.ts'
import type { LlmCallStatus } from '../../data/llm.table.ts'
import { codeTree, type CodeDto } from '../codebook.ts'
import { loadProjectSegments } from '../coding.ts'
import { assertMay, coderOf, mayCode, mayReadAnalysis, notFound, validationFailed } from '../model.ts'
import { LanguageModelError, type LanguageModel, type LanguageModelReply, type LanguageModelRequest } from './provider.ts'

/** At most this many segments go in one request. */
export const MAX_SEGMENTS = 200
/** At most this many characters of evidence go in one request. */
export const MAX_CHARACTERS = 60_000
/** The answer kept in the log is cut at this length. */
const MAX_LOGGED_RESPONSE = 100_000

export interface SentSegment {
  /** S1, S2, ...: the only id the model sees. */
  shortId: string
  segmentId: string
  text: string
}

export interface Citation {
  id: string
  quote: string
}

export interface DraftPoint {
  text: string
  citations: Citation[]
}

export interface CheckedCitation extends Citation {
  /** The segment it points to, when the id was one that was sent. */
  segmentId: string | null
  ok: boolean
  /** Why it failed, in plain English. */
  problem?: string
  /** False when the quote must not be shown (its segment has left the analysis). */
  showQuote: boolean
}

export interface CheckedPoint {
  text: string
  citations: CheckedCitation[]
  supported: boolean
  /** Why the point is flagged, in plain English (empty when supported). */
  problems: string[]
}

export interface CheckedDraft {
  supported: CheckedPoint[]
  flagged: CheckedPoint[]
  counts: { pointsKept: number; pointsFlagged: number; citationsOk: number; citationsFailed: number }
}

// ---- the prompt ----

export const SYSTEM_PROMPT = [
  'You help a social researcher who analyses what members of the public said about a public service.',
  'You are given short extracts of what people said, each with an id (S1, S2, ...), all given the same code by the researcher.',
  'Draft a short summary of what people said, as 3 to 6 points in plain English (one or two short sentences each).',
  'Rules:',
  '- Use only the extracts given. Do not add facts, numbers, causes or opinions of your own.',
  '- Every point must cite at least one extract: its id and a quote copied exactly, word for word, from that extract.',
  '- A quote is a few words to one sentence. Do not change, correct, shorten with "..." or join the words you quote.',
  '- Cite only the ids given.',
  '- Some details are hidden and shown in square brackets, like [name] or [phone number]. Leave them as they are; never guess them.',
  '- Do not guess who said anything.',
  'Answer with JSON only, nothing before or after it, in exactly this form:',
  '{"points": [{"text": "A point in plain English.", "citations": [{"id": "S1", "quote": "exact words from S1"}]}]}',
].join('\n')

/** Choose the segments to send (in order, within the limits) and give each a short id. */
export function chooseSegments(segments: readonly { segmentId: string; text: string }[]): { sent: SentSegment[]; leftOut: number } {
  const sent: SentSegment[] = []
  let characters = 0
  for (const s of segments) {
    const text = s.text.replace(/\s+/g, ' ').trim()
    if (!text) continue
    if (sent.length >= MAX_SEGMENTS || characters + text.length > MAX_CHARACTERS) break
    characters += text.length
    sent.push({ shortId: `S${sent.length + 1}`, segmentId: s.segmentId, text })
  }
  const nonEmpty = segments.filter(s => s.text.trim()).length
  return { sent, leftOut: nonEmpty - sent.length }
}

/** The request for one code: its name and description, then the segments, one a line, under their short ids. */
export function buildRequest(code: { path: string; description: string }, sent: readonly SentSegment[]): LanguageModelRequest {
  const lines = [
    `The code: ${code.path}`,
    ...(code.description.trim() ? [`What the code means: ${code.description.replace(/\s+/g, ' ').trim()}`] : []),
    '',
    `The extracts (${sent.length}):`,
    ...sent.map(s => `${s.shortId}: ${s.text}`),
    '',
    'Draft the summary now, as JSON only.',
  ]
  return { system: SYSTEM_PROMPT, user: lines.join('\n') }
}

export function promptSha256(request: LanguageModelRequest): string {
  return createHash('sha256').update(JSON.stringify({ system: request.system, user: request.user })).digest('hex')
}

// ---- reading the answer ----

export class UnparseableDraft extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UnparseableDraft'
  }
}

/**
 * The model's answer as points, strictly: JSON (a single ```json fence around it is allowed, nothing else) with an
 * array `points`, each with a non-empty `text` and an array `citations` of {id, quote} strings. Anything else throws
 * UnparseableDraft with what was wrong.
 */
export function parseDraft(answer: string): DraftPoint[] {
  const trimmed = answer.trim()
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed)
  let json: unknown
  try {
    json = JSON.parse(fenced ? fenced[1]! : trimmed)
  } catch {
    throw new UnparseableDraft('The answer was not JSON')
  }
  if (!json || typeof json !== 'object' || Array.isArray(json) || !Array.isArray((json as { points?: unknown }).points)) {
    throw new UnparseableDraft('The answer had no list of points')
  }
  const points = (json as { points: unknown[] }).points
  if (points.length === 0) throw new UnparseableDraft('The answer had no points')
  return points.map((p, i) => {
    const n = i + 1
    if (!p || typeof p !== 'object') throw new UnparseableDraft(`Point ${n} was not an object`)
    const { text, citations } = p as { text?: unknown; citations?: unknown }
    if (typeof text !== 'string' || !text.trim()) throw new UnparseableDraft(`Point ${n} had no text`)
    if (!Array.isArray(citations)) throw new UnparseableDraft(`Point ${n} had no list of citations`)
    return {
      text: text.trim(),
      citations: citations.map((c, j) => {
        const { id, quote } = (c ?? {}) as { id?: unknown; quote?: unknown }
        if (typeof id !== 'string' || typeof quote !== 'string') throw new UnparseableDraft(`Citation ${j + 1} of point ${n} needs an id and a quote, both text`)
        return { id: id.trim(), quote }
      }),
    }
  })
}

/** Even out what a copy may change without changing the words: spaces, curly quotes and apostrophes. */
export function normaliseForQuote(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * Check every citation against what was sent. `current` gives each sent segment's redacted text as it is NOW (null
 * when the segment has left the analysis), so a draft looked at later is checked against today's evidence: a detail
 * hidden since, or a person's contribution deleted, makes a quote fail and is never shown.
 */
export function checkDraft(points: readonly DraftPoint[], sent: readonly { shortId: string; segmentId: string }[], current: ReadonlyMap<string, string | null>): CheckedDraft {
  const byShortId = new Map(sent.map(s => [s.shortId.toUpperCase(), s]))
  const counts = { pointsKept: 0, pointsFlagged: 0, citationsOk: 0, citationsFailed: 0 }
  const supported: CheckedPoint[] = []
  const flagged: CheckedPoint[] = []
  for (const point of points) {
    const citations = point.citations.map((c): CheckedCitation => {
      const s = byShortId.get(c.id.toUpperCase())
      if (!s) return { ...c, segmentId: null, ok: false, problem: `${c.id || 'A citation with no id'} is not one of the extracts sent to the model`, showQuote: true }
      const text = current.get(s.segmentId)
      if (text === undefined || text === null) return { ...c, segmentId: null, ok: false, problem: `${s.shortId} is no longer in the analysis`, showQuote: false }
      const quote = normaliseForQuote(c.quote)
      if (!quote) return { ...c, segmentId: s.segmentId, ok: false, problem: `The quote from ${s.shortId} is empty`, showQuote: true }
      if (!normaliseForQuote(text).includes(quote)) return { ...c, segmentId: s.segmentId, ok: false, problem: `The words quoted are not in ${s.shortId}`, showQuote: true }
      return { ...c, segmentId: s.segmentId, ok: true, showQuote: true }
    })
    const failed = citations.filter(c => !c.ok)
    counts.citationsOk += citations.length - failed.length
    counts.citationsFailed += failed.length
    const problems = citations.length === 0 ? ['It cites no evidence'] : failed.map(c => c.problem!)
    const checked: CheckedPoint = { text: point.text, citations, supported: problems.length === 0, problems }
    if (checked.supported) {
      counts.pointsKept += 1
      supported.push(checked)
    } else {
      counts.pointsFlagged += 1
      flagged.push(checked)
    }
  }
  return { supported, flagged, counts }
}

// ---- the command ----

export interface DraftDto {
  id: string
  codeId: string
  createdAt: string
  status: LlmCallStatus
  provider: string
  model: string
  /** The analyst who asked, or null. */
  requestedBy: string | null
  segmentsSent: number
  requestCharacters: number
  error: string | null
  /** The counts recorded when the draft was made. */
  recorded: CheckedDraft['counts']
  /** The points, checked against the evidence as it is now (null when the answer could not be read). */
  checked: CheckedDraft | null
}

function offError(): AppError {
  return validationFailed([{ field: 'draft', message: 'The language model is not turned on: ask whoever runs this service to set ANALYSIS_LLM_URL and ANALYSIS_LLM_MODEL' }])
}

async function codeOf(deps: Pick<AppDeps, 'db'>, projectId: string, codeId: string): Promise<CodeDto> {
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
  const code = codeTree(await listCodes(deps.db, projectId)).find(c => c.id === codeId)
  if (!code) throw notFound('code')
  return code
}

/** How many segments this analyst has given the code, and how many of them one request can take. */
export async function draftScope(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, codeId: string): Promise<{ code: CodeDto; coded: number; wouldSend: number; leftOut: number }> {
  assertMay(mayReadAnalysis(actor), 'see analyses')
  const code = await codeOf(deps, projectId, codeId)
  if (!actor.userId) return { code, coded: 0, wouldSend: 0, leftOut: 0 }
  const { segments } = await loadProjectSegments(deps, actor, projectId, actor.userId)
  const mine = segments.filter(s => s.codeIds.includes(codeId))
  const { sent, leftOut } = chooseSegments(mine)
  return { code, coded: mine.length, wouldSend: sent.length, leftOut }
}

/**
 * Ask the language model for a draft summary of the segments this analyst gave one code. Whatever happens once the
 * model is asked (an answer, an error, an answer that cannot be read) is logged with its audit event; the result
 * says which. Throws (and logs nothing, as nothing was sent) when the model is off or there is nothing to send.
 */
export async function draftCodeSummary(deps: AppDeps, actor: Actor, projectId: string, codeId: string, model: LanguageModel | null): Promise<DraftDto> {
  assertMay(mayCode(actor), 'ask for a draft summary')
  const coder = coderOf(actor)
  if (!model) throw offError()
  const code = await codeOf(deps, projectId, codeId)
  const { segments } = await loadProjectSegments(deps, actor, projectId, coder)
  const mine = segments.filter(s => s.codeIds.includes(codeId))
  const { sent } = chooseSegments(mine)
  if (mine.length === 0) throw validationFailed([{ field: 'draft', message: `You have not given the code "${code.name}" to any segments yet: code some first` }])
  if (sent.length === 0) throw validationFailed([{ field: 'draft', message: `The first segment given the code "${code.name}" is too long to send (over ${MAX_CHARACTERS.toLocaleString('en-GB')} characters) or empty` }])

  const request = buildRequest(code, sent)
  let status: LlmCallStatus = 'succeeded'
  let responseText: string | null = null
  let answeredBy = model.model
  let error: string | null = null
  let counts = { pointsKept: 0, pointsFlagged: 0, citationsOk: 0, citationsFailed: 0 }
  let reply: LanguageModelReply | undefined
  try {
    reply = await model.complete(request)
    responseText = reply.text
    answeredBy = reply.model || model.model
  } catch (err) {
    // Whatever went wrong with the call itself is recorded: every call is logged.
    status = 'failed'
    error = err instanceof LanguageModelError ? err.message : `The call to the language model failed unexpectedly: ${(err as Error).message}`
  }
  if (reply) {
    try {
      counts = checkDraft(parseDraft(reply.text), sent, new Map(sent.map(s => [s.segmentId, s.text]))).counts
    } catch (err) {
      if (!(err instanceof UnparseableDraft)) throw err
      status = 'unparseable'
      error = `${err.message}${reply.finishReason === 'length' ? ' (the model stopped early: its answer was too long)' : ''}, so it cannot be checked and is not shown as a summary`
    }
  }

  const id = await inTransaction(deps, actor, async uow => {
    const callId = newId(uow.now.getTime())
    await insertLlmCall(uow.trx, {
      id: callId,
      project_id: projectId,
      code_id: codeId,
      requested_by_user_id: coder,
      provider: model.name.slice(0, 100),
      model: answeredBy.slice(0, 200),
      sent_segment_ids_json: JSON.stringify(sent.map(s => s.segmentId)),
      prompt_sha256: promptSha256(request),
      request_characters: request.system.length + request.user.length,
      response_text: responseText === null ? null : responseText.slice(0, MAX_LOGGED_RESPONSE),
      status,
      points_kept: counts.pointsKept,
      points_flagged: counts.pointsFlagged,
      citations_ok: counts.citationsOk,
      citations_failed: counts.citationsFailed,
      error: error?.slice(0, 1000) ?? null,
      created_at: uow.now.toISOString(),
    })
    await uow.audit({
      action: 'analysis.language_model_called',
      subjectType: 'analysis_llm_call',
      subjectId: callId,
      summary: { projectId, codeId, status, model: answeredBy.slice(0, 200), segmentsSent: sent.length, ...counts },
    })
    return callId
  })
  return (await getDraft(deps, actor, projectId, codeId, id))!
}

/** The current redacted text of each segment in the project (null for none). */
async function currentTexts(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<Map<string, string | null>> {
  const { segments } = await loadProjectSegments(deps, actor, projectId, actor.userId ?? null)
  return new Map(segments.map(s => [s.segmentId, s.text.replace(/\s+/g, ' ').trim()]))
}

function toDraftDto(row: LlmCallRow, texts: ReadonlyMap<string, string | null>): DraftDto {
  const segmentIds = JSON.parse(row.sent_segment_ids_json) as string[]
  let checked: CheckedDraft | null = null
  if (row.status === 'succeeded' && row.response_text !== null) {
    try {
      checked = checkDraft(parseDraft(row.response_text), segmentIds.map((segmentId, i) => ({ shortId: `S${i + 1}`, segmentId })), texts)
    } catch {
      checked = null
    }
  }
  return {
    id: row.id,
    codeId: row.code_id,
    createdAt: row.created_at,
    status: row.status,
    provider: row.provider,
    model: row.model,
    requestedBy: row.requested_by_user_id,
    segmentsSent: segmentIds.length,
    requestCharacters: Number(row.request_characters),
    error: row.error,
    recorded: { pointsKept: Number(row.points_kept), pointsFlagged: Number(row.points_flagged), citationsOk: Number(row.citations_ok), citationsFailed: Number(row.citations_failed) },
    checked,
  }
}

/** One draft of a code, checked against the evidence as it is now; undefined when there is no such draft for that code. */
export async function getDraft(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, codeId: string, callId: string): Promise<DraftDto | undefined> {
  assertMay(mayReadAnalysis(actor), 'see analyses')
  const row = await findLlmCall(deps.db, callId)
  if (!row || row.project_id !== projectId || row.code_id !== codeId) return undefined
  return toDraftDto(row, await currentTexts(deps, actor, projectId))
}

/** The drafts asked for one code (by any analyst), newest first (the last 20), each checked against today's evidence. */
export async function listDrafts(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, codeId: string): Promise<DraftDto[]> {
  assertMay(mayReadAnalysis(actor), 'see analyses')
  await codeOf(deps, projectId, codeId)
  const rows = await listLlmCallsOfCode(deps.db, projectId, codeId)
  if (rows.length === 0) return []
  const texts = await currentTexts(deps, actor, projectId)
  return rows.map(r => toDraftDto(r, texts))
}
