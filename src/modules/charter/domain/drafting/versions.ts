// Immutable numbered versions of the charter: saving the working draft as the next version (checked, refused when
// nothing changed), reading versions back (with their hash re-checked), and the difference between any two.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { ROLE_LABELS, type Role } from '../../../../platform/auth/roles.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { getUser } from '../../../accounts/index.ts'
import { findLatestVersionRow, findVersionRow, insertVersion, listVersionRows, type VersionRow } from '../../data/drafting.repository.ts'
import { listPrincipleRows } from '../../data/principle.repository.ts'
import type { VersionSummary } from '../plain-english/check.ts'
import { canonicalJson, contentHash, contentMatchesHash, parseContent, validateContent, type CharterContent, type ContentProblem } from '../versions/content.ts'
import { diffContent, type ContentDiff } from '../versions/diff.ts'
import { renderDiffHtml, renderDiffText } from '../versions/render-diff.ts'
import { draftContent, summariseContent } from './draft.ts'
import { assertMay, checkerOptions, checkLength, clean, LIMITS, loadSettings, mayDraft, mayReadDrafts, notFound, validationFailed } from './model.ts'

export interface VersionListing {
  id: string
  number: number
  contentHash: string
  note: string
  createdAt: string
  createdByUserId: string | null
  /** The role of the person who saved it, in words ("Policy official"); "Unknown" if the account is gone. */
  authorRole: string
}

export interface VersionDto extends VersionListing {
  content: CharterContent
  /** The stored text still gives the stored hash: nobody has changed it. */
  hashMatches: boolean
}

export interface VersionWithSummary extends VersionListing {
  summary: VersionSummary
}

async function authorRole(deps: Pick<AppDeps, 'db'>, userId: string | null, cache: Map<string, string>): Promise<string> {
  if (!userId) return 'The system'
  const known = cache.get(userId)
  if (known) return known
  let label = 'Unknown'
  try {
    const user = await getUser(deps, userId)
    label = ROLE_LABELS[user.role as Role] ?? 'Unknown'
  } catch {
    // An account that no longer exists.
  }
  cache.set(userId, label)
  return label
}

async function listingOf(deps: Pick<AppDeps, 'db'>, row: VersionRow, cache: Map<string, string>): Promise<VersionListing> {
  return {
    id: row.id,
    number: row.number,
    contentHash: row.content_hash,
    note: row.note,
    createdAt: row.created_at,
    createdByUserId: row.created_by_user_id,
    authorRole: await authorRole(deps, row.created_by_user_id, cache),
  }
}

function contentOf(row: VersionRow): CharterContent {
  const parsed = parseContent(row.content_json)
  if (!parsed.ok) throw new AppError(AppErrorCode.INVALID_STATE, { message: `Version ${row.number} cannot be read: ${parsed.reason}` })
  return parsed.content
}

async function toDto(deps: Pick<AppDeps, 'db'>, row: VersionRow, cache = new Map<string, string>()): Promise<VersionDto> {
  const content = contentOf(row)
  return { ...(await listingOf(deps, row, cache)), content, hashMatches: contentMatchesHash(content, row.content_hash) }
}

/** Every version, newest first, with its plain-English summary (worked out with the current settings). */
export async function listVersions(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<VersionWithSummary[]> {
  assertMay(mayReadDrafts(actor), 'see the charter’s versions')
  const options = checkerOptions(await loadSettings(deps))
  const cache = new Map<string, string>()
  const out: VersionWithSummary[] = []
  for (const row of await listVersionRows(deps.db)) {
    out.push({ ...(await listingOf(deps, row, cache)), summary: summariseContent(contentOf(row), options) })
  }
  return out
}

/** One version by its number. Not found: NOT_FOUND. */
export async function getVersion(deps: Pick<AppDeps, 'db'>, actor: Actor, number: number): Promise<VersionDto> {
  assertMay(mayReadDrafts(actor), 'see the charter’s versions')
  const row = Number.isInteger(number) && number > 0 ? await findVersionRow(deps.db, number) : undefined
  if (!row) throw notFound(`There is no version ${Number.isInteger(number) ? number : ''} of the charter`.replace('  ', ' '))
  return toDto(deps, row)
}

/** The newest version, or null when none has been saved. */
export async function getLatestVersion(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<VersionDto | null> {
  assertMay(mayReadDrafts(actor), 'see the charter’s versions')
  const row = await findLatestVersionRow(deps.db)
  return row ? toDto(deps, row) : null
}

/** A version's plain-English summary with the current settings. */
export async function summariseVersionContent(deps: Pick<AppDeps, 'db'>, content: CharterContent): Promise<VersionSummary> {
  return summariseContent(content, checkerOptions(await loadSettings(deps)))
}

/** The problems that stop the working draft from being saved as a version, each as a form error (problem-0, ...). */
export function problemErrors(problems: readonly ContentProblem[]): FieldError[] {
  return problems.map((p, i) => ({ field: `problem-${i}`, message: p.message }))
}

/**
 * Save the working draft as the next version: checked first (every problem in plain English), refused when nothing
 * changed since the last version, then written as canonical JSON with its SHA-256. Audited 'charter.version_saved'.
 */
export async function saveVersion(deps: AppDeps, actor: Actor, input: { note: string }): Promise<VersionListing> {
  assertMay(mayDraft(actor), 'save a version of the charter')
  const note = clean(input.note)
  const noteErrors: FieldError[] = []
  if (note === '') noteErrors.push({ field: 'note', message: 'Say what changed in this version' })
  checkLength(noteErrors, 'note', note, LIMITS.note, 'The note')
  return inTransaction(deps, actor, async uow => {
    const content = await draftContent({ db: uow.trx })
    const principles = await listPrincipleRows(uow.trx)
    const problems = validateContent(content, principles.map(p => p.id))
    const errors = [...problemErrors(problems), ...noteErrors]
    const hash = contentHash(content)
    const latest = await findLatestVersionRow(uow.trx)
    if (problems.length === 0 && latest && latest.content_hash === hash) {
      errors.unshift({ field: 'unchanged', message: `Nothing has changed since version ${latest.number}. Change the draft before you save a new version` })
    }
    if (errors.length) throw validationFailed(errors)
    const number = (latest?.number ?? 0) + 1
    const id = newId(uow.now.getTime())
    const createdAt = uow.now.toISOString()
    try {
      await insertVersion(uow.trx, { id, number, content_json: canonicalJson(content), content_hash: hash, note, created_by_user_id: actor.userId, created_at: createdAt })
    } catch (err) {
      throw new AppError(AppErrorCode.CONFLICT, { message: 'Someone else saved a version at the same moment. Look at the versions and try again', cause: err })
    }
    await uow.audit({ action: 'charter.version_saved', subjectType: 'charter_version', subjectId: id, summary: { after: { number, contentHash: hash, note } } })
    return {
      id,
      number,
      contentHash: hash,
      note,
      createdAt,
      createdByUserId: actor.userId,
      authorRole: actor.role === 'system' ? 'The system' : (ROLE_LABELS[actor.role as Role] ?? 'Unknown'),
    }
  })
}

export interface VersionComparison {
  from: VersionDto
  to: VersionDto
  diff: ContentDiff
  html: string
  text: string
}

/** The difference between two versions, as HTML for the page and as plain text to download or print. */
export async function compareVersions(deps: Pick<AppDeps, 'db'>, actor: Actor, fromNumber: number, toNumber: number): Promise<VersionComparison> {
  const from = await getVersion(deps, actor, fromNumber)
  const to = await getVersion(deps, actor, toNumber)
  const principles = await listPrincipleRows(deps.db)
  const options = {
    principleTitles: new Map(principles.map(p => [p.id, p.title])),
    beforeLabel: `version ${from.number}`,
    afterLabel: `version ${to.number}`,
  }
  const diff = diffContent(from.content, to.content)
  return { from, to, diff, html: renderDiffHtml(diff, options), text: renderDiffText(diff, options) }
}
