import { createHash } from 'node:crypto'
import type { Actor } from '../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId, newToken } from '../../../platform/ids.ts'
import {
  deleteExpiredJoinDrafts,
  findJoinDraftByResumeHash,
  findLiveJoinDraft,
  insertJoinDraft,
  setJoinDraftResumeToken,
  takeJoinDraftResumeToken,
  updateJoinDraftAnswers,
} from '../data/join-draft.repository.ts'
import type { PanelCatalogue } from './catalogue.ts'
import { SPECIAL_CATEGORY_PURPOSE, specialCategoryDimensionKeys, type ConsentAnswer } from './consent.ts'
import { resumeLinkEmail } from './join-emails.ts'
import {
  answersSchema,
  consentsSchema,
  contactMethodsSchema,
  nameSchema,
  preferencesSchema,
  registrationAnswers,
  supportNeedsSchema,
  type ContactMethods,
  type ContactPreferences,
  type FormValues,
  type SupportNeedAnswer,
} from './join-questions.ts'
import type { RegisterParticipantInput } from './registration.schema.ts'

/**
 * Joining online, question by question. The person's answers are saved as they go in a draft tied to their browser
 * session (the session holds only the draft's id) and encrypted (they include the person's name and contact
 * details). "Save and come back later" emails a one-time link that reattaches the draft to any browser.
 * Drafts expire JOIN_DRAFT_DAYS after they were last saved; a scheduled job removes expired ones.
 */

export const JOIN_DRAFT_DAYS = 30
const DAY_MS = 86_400_000

/** The answers so far: each page's form values exactly as the person typed them (so nothing is ever lost). */
export interface JoinDraftAnswers {
  pages: Record<string, FormValues>
  /** The page they were on when they last saved (to take them back there when they come back). */
  lastPage?: string
}

/** One question page of the journey, in order. */
export interface JoinStep {
  page: string
  path: string
  /** Required pages must be answered before "Check your answers". */
  required: boolean
}

export const dimensionPage = (key: string) => `about-${key}`

export function joinSteps(catalogue: PanelCatalogue): JoinStep[] {
  return [
    { page: 'name', path: '/join/name', required: true },
    { page: 'contact', path: '/join/contact', required: true },
    { page: 'preferences', path: '/join/preferences', required: true },
    ...catalogue.dimensions.map(d => ({ page: dimensionPage(d.key), path: `/join/about/${d.key}`, required: false })),
    { page: 'support', path: '/join/support', required: false },
    { page: 'consent', path: '/join/consent', required: true },
  ]
}

/** The answers, checked page by page. A page is missing when not answered, or when what was saved is not valid. */
export interface ParsedJoin {
  fullName?: string
  contact?: ContactMethods
  preferences?: ContactPreferences
  answers: Record<string, string[]>
  supportNeeds: SupportNeedAnswer[]
  consents?: ConsentAnswer[]
  /** Required pages not (validly) answered, and optional pages whose saved answers are not valid, in journey order. */
  incomplete: string[]
}

export function parseJoinAnswers(catalogue: PanelCatalogue, draft: JoinDraftAnswers): ParsedJoin {
  const out: ParsedJoin = { answers: {}, supportNeeds: [], incomplete: [] }
  const page = (key: string) => draft.pages[key]
  const name = page('name') && nameSchema('you').safeParse(page('name'))
  if (name && name.success) out.fullName = name.data.fullName
  const contact = page('contact') && contactMethodsSchema('you').safeParse(page('contact'))
  if (contact && contact.success) out.contact = contact.data
  const prefs = out.contact && page('preferences') && preferencesSchema('you', out.contact).safeParse(page('preferences'))
  if (prefs && prefs.success) out.preferences = prefs.data
  for (const d of catalogue.dimensions) {
    const values = page(dimensionPage(d.key))
    if (!values) continue
    const parsed = answersSchema([d]).safeParse(values)
    if (parsed.success) {
      if ((parsed.data[d.key] ?? []).length > 0) out.answers[d.key] = parsed.data[d.key]!
    } else out.incomplete.push(dimensionPage(d.key))
  }
  const support = page('support') && supportNeedsSchema(catalogue, 'you').safeParse(page('support'))
  if (support) {
    if (support.success) out.supportNeeds = support.data
    else out.incomplete.push('support')
  }
  const consents = page('consent') && consentsSchema('you', { joining: true }).safeParse(page('consent'))
  if (consents && consents.success) out.consents = consents.data

  const missingRequired = [
    out.fullName === undefined ? 'name' : null,
    out.contact === undefined ? 'contact' : null,
    out.preferences === undefined ? 'preferences' : null,
    out.consents === undefined ? 'consent' : null,
  ].filter((p): p is string => p !== null)
  const order = joinSteps(catalogue).map(s => s.page)
  out.incomplete = [...new Set([...missingRequired, ...out.incomplete])].sort((a, b) => order.indexOf(a) - order.indexOf(b))
  return out
}

/** Whether the person agreed to us keeping special-category answers (health, disability, ethnic group). */
export function specialCategoryAgreed(consents: readonly ConsentAnswer[] | undefined): boolean {
  return consents?.some(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && c.given) ?? false
}

/**
 * The registration and consents of a complete journey. Answers on special-category dimensions are left out unless
 * the person agreed to us keeping them. Throws if the journey is not complete.
 */
export function joinSubmissionOf(
  catalogue: PanelCatalogue,
  parsed: ParsedJoin,
): { registration: RegisterParticipantInput; consents: ConsentAnswer[]; notKept: string[] } {
  if (parsed.incomplete.length > 0 || !parsed.fullName || !parsed.contact || !parsed.preferences || !parsed.consents) {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Answer every question before you join' })
  }
  const special = specialCategoryAgreed(parsed.consents) ? [] : specialCategoryDimensionKeys(catalogue)
  const kept: Record<string, string[]> = {}
  const notKept: string[] = []
  for (const [key, codes] of Object.entries(parsed.answers)) {
    if (special.includes(key)) notKept.push(key)
    else kept[key] = codes
  }
  return {
    registration: {
      fullName: parsed.fullName,
      ...parsed.contact,
      ...parsed.preferences,
      demographics: registrationAnswers(catalogue, kept),
      supportNeeds: parsed.supportNeeds,
      seldomHeardTags: [],
      joinedVia: 'online',
    },
    consents: parsed.consents,
    notKept,
  }
}

// ---- saving and loading ----

function draftContext(draftId: string): string {
  return `panel_join_draft.answers:${draftId}`
}

function encryptAnswers(deps: AppDeps, draftId: string, answers: JoinDraftAnswers): string {
  return fieldCipherFor(deps.config.identityKey).encrypt(JSON.stringify(answers), draftContext(draftId))
}

function decryptAnswers(deps: AppDeps, draftId: string, stored: string): JoinDraftAnswers {
  const parsed = JSON.parse(fieldCipherFor(deps.config.identityKey).decrypt(stored, draftContext(draftId))) as Partial<JoinDraftAnswers>
  return { pages: parsed.pages ?? {}, ...(parsed.lastPage ? { lastPage: parsed.lastPage } : {}) }
}

/** The answers of a draft that has not expired, or null. */
export async function loadJoinDraft(deps: AppDeps, draftId: string | undefined): Promise<JoinDraftAnswers | null> {
  if (!draftId) return null
  const row = await findLiveJoinDraft(deps.db, draftId, deps.clock.now().toISOString())
  return row ? decryptAnswers(deps, row.id, row.answers_enc) : null
}

/**
 * Save one page's form values (as typed) into the draft, creating the draft if there is none (or it has expired).
 * Returns the draft's id. Each save keeps the draft for another JOIN_DRAFT_DAYS.
 */
export async function saveJoinPage(deps: AppDeps, actor: Actor, draftId: string | undefined, page: string, values: FormValues): Promise<string> {
  const clean = Object.fromEntries(Object.entries(values).filter(([k]) => k !== '_csrf' && k !== 'action'))
  return inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const expires = new Date(uow.now.getTime() + JOIN_DRAFT_DAYS * DAY_MS).toISOString()
    const existing = draftId ? await findLiveJoinDraft(uow.trx, draftId, now) : undefined
    if (existing) {
      const answers = decryptAnswers(deps, existing.id, existing.answers_enc)
      const next: JoinDraftAnswers = { pages: { ...answers.pages, [page]: clean }, lastPage: page }
      await updateJoinDraftAnswers(uow.trx, existing.id, { answers_enc: encryptAnswers(deps, existing.id, next), updated_at: now, expires_at: expires })
      return existing.id
    }
    const id = newId(uow.now.getTime())
    const answers: JoinDraftAnswers = { pages: { [page]: clean }, lastPage: page }
    await insertJoinDraft(uow.trx, {
      id,
      answers_enc: encryptAnswers(deps, id, answers),
      resume_token_hash: null,
      resume_expires_at: null,
      created_at: now,
      updated_at: now,
      expires_at: expires,
    })
    return id
  })
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

/**
 * "Save and come back later": email a one-time link to the draft. Only the token's hash is stored; a new link
 * replaces an earlier one. The link works once, until the draft expires (JOIN_DRAFT_DAYS after this save).
 */
export async function sendJoinResumeLink(deps: AppDeps, actor: Actor, draftId: string | undefined, email: string): Promise<void> {
  const issued = await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const draft = draftId ? await findLiveJoinDraft(uow.trx, draftId, now) : undefined
    if (!draft) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'There are no answers to save. Start again' })
    const token = newToken()
    const expiresAt = new Date(uow.now.getTime() + JOIN_DRAFT_DAYS * DAY_MS)
    await setJoinDraftResumeToken(uow.trx, draft.id, hashToken(token), expiresAt.toISOString())
    // Keep the draft as long as the link works.
    await updateJoinDraftAnswers(uow.trx, draft.id, { answers_enc: draft.answers_enc, updated_at: now, expires_at: expiresAt.toISOString() })
    await uow.audit({ action: 'panel.join_resume_link_sent', subjectType: 'join_draft', subjectId: draft.id })
    return { token, expiresAt }
  })
  const link = `${deps.config.server.baseUrl}/join/resume/${issued.token}`
  await deps.mailer.send(resumeLinkEmail(deps.config.organisation, email, link, issued.expiresAt))
}

export type ResumeCheck = { ok: true } | { ok: false; reason: 'unknown' | 'expired' }

/** Is this resume link usable (without using it)? Shown before the person confirms, so mail scanners cannot use it up. */
export async function checkJoinResumeLink(deps: AppDeps, token: string): Promise<ResumeCheck> {
  const row = await findJoinDraftByResumeHash(deps.db, hashToken(token))
  if (!row) return { ok: false, reason: 'unknown' }
  const now = deps.clock.now().toISOString()
  if ((row.resume_expires_at ?? '') <= now || row.expires_at <= now) return { ok: false, reason: 'expired' }
  return { ok: true }
}

/** Use a resume link: once, before it expires. Gives the draft's id (to put in the session) and where they left off. */
export async function resumeJoinDraft(deps: AppDeps, actor: Actor, token: string): Promise<{ draftId: string; lastPage?: string } | null> {
  const row = await findJoinDraftByResumeHash(deps.db, hashToken(token))
  if (!row) return null
  return inTransaction(deps, actor, async uow => {
    if (!(await takeJoinDraftResumeToken(uow.trx, row.id, hashToken(token), uow.now.toISOString()))) return null
    await uow.audit({ action: 'panel.join_resumed', subjectType: 'join_draft', subjectId: row.id })
    const answers = decryptAnswers(deps, row.id, row.answers_enc)
    return { draftId: row.id, ...(answers.lastPage ? { lastPage: answers.lastPage } : {}) }
  })
}

/** Remove drafts that have expired. For the scheduled job; returns how many. */
export async function removeExpiredJoinDrafts(deps: AppDeps): Promise<number> {
  return deleteExpiredJoinDrafts(deps.db, deps.clock.now().toISOString())
}
