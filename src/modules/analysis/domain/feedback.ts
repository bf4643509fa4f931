// "You said, we did": the analyst writes a plain-English summary for the people who took part (a title, what people
// told us, what we did or will do), checks it (both parts, length limits, a reading-age hint), then sends it: the
// people are the panel members whose evidence is in the analysis (items with a person key 'p:<participantId>', never
// anonymous items), and the update is handed to engagement (status "ready"), where the panel manager checks who can
// be reached and sends it through each person's channel. The draft lives in analysis_feedback; sending marks it sent
// in the same transaction as the hand-over. Audited by counts, never with names.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { queueUpdate, updateTextProblems, UPDATE_LIMITS } from '../../engagement/index.ts'
import { findFeedback, findProject, insertFeedback, listFeedback, listItemsOfProject, updateFeedback, type FeedbackRow } from '../data/analysis.repository.ts'
import type { FeedbackStatus } from '../data/analysis.table.ts'
import { assertMay, mayCode, mayReadAnalysis, notFound, validationFailed, type Problem } from './model.ts'

export const FEEDBACK_FIELDS = ['title', 'youSaid', 'weDid'] as const
export const FEEDBACK_LIMITS = UPDATE_LIMITS
/** The reading age to aim for (years): most people read comfortably at 9 to 11. */
export const TARGET_READING_AGE = 11

export interface FeedbackInput {
  title: string
  youSaid: string
  weDid: string
}

// ---- the reading-age hint ----

/** Syllables in one word, roughly (vowel groups, a silent final e): enough for a hint, never a rule. */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '')
  if (!w) return 0
  if (w.length <= 3) return 1
  const trimmed = w.replace(/(?:[^laeiouy]es|[^laeiouydt]ed|[^laeiouy]e)$/, '').replace(/^y/, '')
  const groups = trimmed.match(/[aeiouy]{1,2}/g)
  return Math.max(1, groups?.length ?? 1)
}

export interface ReadingHint {
  sentences: number
  words: number
  /** Average words in a sentence. */
  wordsPerSentence: number
  /** Words of three syllables or more. */
  longWords: number
  /** About how old a reader needs to be to read it easily (Flesch-Kincaid grade + 5), or null for no text. */
  readingAge: number | null
  /** In plain English, for the analyst. */
  message: string
}

/** A hint at how easy a text is to read: its reading age, and what would make it easier. */
export function readingHint(text: string): ReadingHint {
  const words = text.match(/[A-Za-z][A-Za-z'’-]*/g) ?? []
  if (words.length === 0) return { sentences: 0, words: 0, wordsPerSentence: 0, longWords: 0, readingAge: null, message: 'Write in short sentences and everyday words.' }
  const sentences = Math.max(1, text.split(/[.!?]+(?:\s|$)|\n+/).filter(s => /[A-Za-z]/.test(s)).length)
  const syllableCounts = words.map(syllables)
  const total = syllableCounts.reduce((a, b) => a + b, 0)
  const longWords = syllableCounts.filter(n => n >= 3).length
  const wordsPerSentence = words.length / sentences
  const grade = 0.39 * wordsPerSentence + 11.8 * (total / words.length) - 15.59
  const readingAge = Math.max(5, Math.round(grade + 5))
  const tips: string[] = []
  if (wordsPerSentence > 15) tips.push('use shorter sentences (15 words or fewer)')
  if (longWords / words.length > 0.15) tips.push('use shorter, everyday words')
  const message =
    readingAge <= TARGET_READING_AGE
      ? `Reading age about ${readingAge}: most people can read this easily.`
      : `Reading age about ${readingAge}: aim for ${TARGET_READING_AGE} or under${tips.length ? `, so ${tips.join(' and ')}` : ''}.`
  return { sentences, words: words.length, wordsPerSentence: Math.round(wordsPerSentence * 10) / 10, longWords, readingAge, message }
}

// ---- the summaries ----

export interface FeedbackDto {
  id: string
  projectId: string
  title: string
  youSaid: string
  weDid: string
  status: FeedbackStatus
  sentAt: string | null
  /** When sent: the engagement update it became, and how many people it was for. */
  sentReport: { updateId: string; people: number } | null
  createdAt: string
  updatedAt: string
}

function toDto(r: FeedbackRow): FeedbackDto {
  return {
    id: r.id,
    projectId: r.project_id,
    title: r.title,
    youSaid: r.you_said,
    weDid: r.we_did,
    status: r.status,
    sentAt: r.sent_at,
    sentReport: r.sent_report_json ? (JSON.parse(r.sent_report_json) as { updateId: string; people: number }) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** The rules for a summary, every problem at once (the same limits engagement checks when it is handed over). */
export function feedbackProblems(input: FeedbackInput): Problem[] {
  return updateTextProblems(input)
}

function normalise(input: FeedbackInput): FeedbackInput {
  return { title: input.title.trim(), youSaid: input.youSaid.trim(), weDid: input.weDid.trim() }
}

async function projectOrFail(deps: Pick<AppDeps, 'db'>, projectId: string): Promise<void> {
  if (!(await findProject(deps.db, projectId))) throw notFound('analysis')
}

/** The panel members whose evidence is in the analysis: never anonymous items, never someone unlinked since. */
export async function peopleWhoTookPart(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<string[]> {
  assertMay(mayReadAnalysis(actor), 'see who took part')
  const items = await listItemsOfProject(deps.db, projectId)
  return [...new Set(items.filter(i => i.person_key.startsWith('p:')).map(i => i.person_key.slice(2)))]
}

export async function listProjectFeedback(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<FeedbackDto[]> {
  assertMay(mayReadAnalysis(actor), 'see the summaries for people who took part')
  await projectOrFail(deps, projectId)
  return (await listFeedback(deps.db, projectId)).map(toDto)
}

export async function getFeedback(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string, feedbackId: string): Promise<FeedbackDto> {
  assertMay(mayReadAnalysis(actor), 'see the summaries for people who took part')
  const row = await findFeedback(deps.db, feedbackId)
  if (!row || row.project_id !== projectId) throw notFound('summary')
  return toDto(row)
}

/** A new draft "you said, we did" summary (audited: no text, no names). */
export async function createFeedback(deps: AppDeps, actor: Actor, projectId: string, raw: FeedbackInput): Promise<{ id: string }> {
  assertMay(mayCode(actor), 'write a summary for the people who took part')
  await projectOrFail(deps, projectId)
  const input = normalise(raw)
  const problems = feedbackProblems(input)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const at = uow.now.toISOString()
    await insertFeedback(uow.trx, { id, project_id: projectId, title: input.title, you_said: input.youSaid, we_did: input.weDid, status: 'draft', sent_at: null, sent_by_user_id: null, sent_report_json: null, created_at: at, updated_at: at })
    await uow.audit({ action: 'analysis.feedback_created', subjectType: 'analysis_feedback', subjectId: id, summary: { projectId } })
  })
  return { id }
}

/** Change a draft summary (a sent one is final). Audited. */
export async function changeFeedback(deps: AppDeps, actor: Actor, projectId: string, feedbackId: string, raw: FeedbackInput): Promise<void> {
  assertMay(mayCode(actor), 'write a summary for the people who took part')
  const f = await getFeedback(deps, actor, projectId, feedbackId)
  if (f.status !== 'draft') throw new AppError(AppErrorCode.INVALID_STATE, { message: 'This summary has been sent: it can no longer be changed' })
  const input = normalise(raw)
  const problems = feedbackProblems(input)
  if (problems.length) throw validationFailed(problems)
  await inTransaction(deps, actor, async uow => {
    await updateFeedback(uow.trx, feedbackId, { title: input.title, you_said: input.youSaid, we_did: input.weDid, updated_at: uow.now.toISOString() })
    await uow.audit({ action: 'analysis.feedback_changed', subjectType: 'analysis_feedback', subjectId: feedbackId, summary: { projectId } })
  })
}

/**
 * "Send to the people who took part": hand the summary to engagement (an update, ready for the panel manager to
 * send) with the panel members whose evidence is in the analysis, and mark it sent, in one transaction. Audited.
 */
export async function sendFeedback(deps: AppDeps, actor: Actor, projectId: string, feedbackId: string): Promise<{ updateId: string; people: number }> {
  assertMay(mayCode(actor), 'send a summary to the people who took part')
  const f = await getFeedback(deps, actor, projectId, feedbackId)
  if (f.status !== 'draft') throw validationFailed([{ field: 'send', message: 'This summary has already been sent' }])
  const problems = feedbackProblems(f)
  const people = await peopleWhoTookPart(deps, actor, projectId)
  if (people.length === 0) problems.push({ field: 'send', message: 'No panel member’s evidence is in this analysis, so there is no one to send it to' })
  if (problems.length) throw validationFailed(problems)
  return inTransaction(deps, actor, async uow => {
    const current = await findFeedback(uow.trx, feedbackId)
    if (current?.status !== 'draft') throw validationFailed([{ field: 'send', message: 'This summary has already been sent' }])
    const { id: updateId } = await queueUpdate(uow, { title: f.title, youSaid: f.youSaid, weDid: f.weDid, sourceType: 'analysis_feedback', sourceId: f.id, participantIds: people })
    const at = uow.now.toISOString()
    const report = { updateId, people: people.length }
    await updateFeedback(uow.trx, feedbackId, { status: 'sent', sent_at: at, sent_by_user_id: actor.userId, sent_report_json: JSON.stringify(report), updated_at: at })
    await uow.audit({ action: 'analysis.feedback_sent', subjectType: 'analysis_feedback', subjectId: feedbackId, summary: { projectId, ...report } })
    return report
  })
}
