// Reading the published charter: the published versions (older ones stay, each marked with the version that
// replaced it), one version's content, its Easy Read entries and its translations. Published versions are public;
// approved versions not yet published are read only by those who prepare their formats.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import {
  findEasyReadRow,
  findTranslationRow,
  findVersionStatusById,
  findVersionStatusByNumber,
  findWorkflowStage,
  listApprovedVersionRows,
  listEasyReadRows,
  listTranslationRows,
  type EasyReadRow,
  type TranslationRow,
  type VersionStatusRow,
} from '../../data/publishing.repository.ts'
import { listPrinciples } from '../queries/list-principles.ts'
import { getPublishedVersions } from '../workflow/published.ts'
import { parseContent, type CharterContent } from '../versions/content.ts'
import { assertMayManage, notFound, type CharterDocumentInput, type EasyReadEntry, type EasyReadPicture, type PrincipleName, type VersionInfo } from './model.ts'
import { translatedTexts, untranslated } from './translation.ts'

type Deps = Pick<AppDeps, 'db'>

function toInfo(row: VersionStatusRow, replacedBy: number | null): VersionInfo {
  return {
    id: row.id,
    number: row.number,
    approval: row.approval_body && row.approved_on ? { body: row.approval_body, approvedOn: row.approved_on, reference: row.approval_reference } : null,
    publishedAt: row.published_at,
    reviewDueOn: row.review_due_on,
    replacedBy,
  }
}

export function contentOf(row: Pick<VersionStatusRow, 'content_json' | 'number'>): CharterContent {
  const parsed = parseContent(row.content_json)
  if (!parsed.ok) throw new Error(`Version ${row.number} of the charter cannot be read: ${parsed.reason}`)
  return parsed.content
}

/**
 * Every published version, newest first (the workflow slice's definition: the most recently published is the one in
 * force); each older one names the published version that replaced it.
 */
export async function listPublishedVersions(deps: Deps): Promise<VersionInfo[]> {
  const published = await getPublishedVersions(deps)
  return published.map((p, i) => ({
    id: p.versionId,
    number: p.number,
    approval: p.approval,
    publishedAt: p.publishedAt,
    reviewDueOn: p.reviewDueOn,
    replacedBy: i === 0 ? null : published[i - 1]!.number,
  }))
}

/** The current published version (the highest number published), or null when none is published yet. */
export async function currentPublishedVersion(deps: Deps): Promise<VersionInfo | null> {
  return (await listPublishedVersions(deps))[0] ?? null
}

export interface LoadedVersion {
  info: VersionInfo
  content: CharterContent
}

/** A published version, for anyone. Not published (or no such version): not found. */
export async function loadPublishedVersion(deps: Deps, number: number): Promise<LoadedVersion> {
  const all = await listPublishedVersions(deps)
  const info = all.find(v => v.number === number)
  const row = info ? await findVersionStatusById(deps.db, info.id) : undefined
  if (!info || !row) throw notFound(`published version ${Number.isFinite(number) ? number : ''} of the charter`.replace('  ', ' '))
  return { info, content: contentOf(row) }
}

/** An approved version (published or not), for those who prepare its Easy Read text and translations. */
export async function loadApprovedVersion(deps: Deps, actor: Actor, number: number): Promise<LoadedVersion> {
  assertMayManage(actor)
  const row = Number.isInteger(number) ? await findVersionStatusByNumber(deps.db, number) : undefined
  if (!row || !row.approval_body) throw notFound(`approved version ${Number.isFinite(number) ? number : ''} of the charter`.replace('  ', ' '))
  const published = await listPublishedVersions(deps)
  return { info: toInfo(row, published.find(v => v.number === number)?.replacedBy ?? null), content: contentOf(row) }
}

/** The principles by the key commitments use (their id), with their titles. */
export async function principleNames(deps: Deps): Promise<PrincipleName[]> {
  return (await listPrinciples(deps)).map(p => ({ key: p.id, title: p.title }))
}

export async function documentInput(deps: Pick<AppDeps, 'db' | 'config'>, loaded: LoadedVersion, content: CharterContent = loaded.content, lang = 'en-GB'): Promise<CharterDocumentInput> {
  return {
    content,
    versionNumber: loaded.info.number,
    principles: await principleNames(deps),
    approval: loaded.info.approval,
    reviewDueOn: loaded.info.reviewDueOn,
    organisationName: deps.config.organisation.name,
    lang,
  }
}

function toEntry(row: EasyReadRow): EasyReadEntry {
  const mime: EasyReadPicture['mime'] | null = row.picture_mime === 'image/png' || row.picture_mime === 'image/jpeg' ? row.picture_mime : null
  const picture: EasyReadPicture | null = row.picture_base64 && mime ? { mime, base64: row.picture_base64, alt: row.picture_alt ?? '' } : null
  return { key: row.target_key, text: row.text, picture }
}

export async function listEasyRead(deps: Deps, versionId: string): Promise<EasyReadEntry[]> {
  return (await listEasyReadRows(deps.db, versionId)).map(toEntry)
}

export async function findEasyRead(deps: Deps, versionId: string, key: string): Promise<EasyReadEntry | null> {
  const row = await findEasyReadRow(deps.db, versionId, key)
  return row ? toEntry(row) : null
}

export interface TranslationDto {
  id: string
  versionId: string
  languageCode: string
  languageName: string
  content: CharterContent
  /** The form's field values, by field id. */
  texts: Record<string, string>
  status: 'draft' | 'published'
  updatedAt: string
  publishedAt: string | null
  /** How many texts are still to translate. */
  missing: number
}

function toTranslation(row: TranslationRow, original: CharterContent): TranslationDto {
  const parsed = parseContent(row.content_json)
  if (!parsed.ok) throw new Error(`The ${row.language_name} translation cannot be read: ${parsed.reason}`)
  const texts = translatedTexts(original, parsed.content)
  return {
    id: row.id,
    versionId: row.version_id,
    languageCode: row.language_code,
    languageName: row.language_name,
    content: parsed.content,
    texts,
    status: row.status,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    missing: untranslated(original, texts).length,
  }
}

export async function listTranslations(deps: Deps, loaded: LoadedVersion, opts: { publishedOnly: boolean }): Promise<TranslationDto[]> {
  const rows = await listTranslationRows(deps.db, loaded.info.id)
  return rows.filter(r => !opts.publishedOnly || r.status === 'published').map(r => toTranslation(r, loaded.content))
}

export async function findTranslation(deps: Deps, loaded: LoadedVersion, languageCode: string): Promise<TranslationDto | null> {
  const row = await findTranslationRow(deps.db, loaded.info.id, languageCode)
  return row ? toTranslation(row, loaded.content) : null
}

/** A published translation, for anyone; otherwise not found. */
export async function loadPublishedTranslation(deps: Deps, loaded: LoadedVersion, languageCode: string): Promise<TranslationDto> {
  const t = await findTranslation(deps, loaded, languageCode)
  if (!t || t.status !== 'published') throw notFound(`published translation of version ${loaded.info.number} into that language`)
  return t
}

const STAGE_WORDS: Record<string, string> = {
  draft: 'We are writing the first drafts with the Core Group.',
  core_group_review: 'The Core Group is reviewing a draft.',
  stakeholder_sense_check: 'Organisations that represent people who use our services are checking a draft.',
  advice: 'Our advisors, including the ombudsman, are commenting on a draft.',
  core_group_sign_off: 'The Core Group is deciding whether to sign off the draft.',
  submitted: 'The draft has been sent for approval.',
  approved: 'The charter has been approved. We will publish it here soon.',
  published: 'The charter has been published.',
}

/** Where the charter is, in plain English, for the page shown before a version is published. */
export async function progressInWords(deps: Deps): Promise<string | null> {
  const w = await findWorkflowStage(deps.db)
  return w ? (STAGE_WORDS[w.stage] ?? null) : null
}

/** Whether the actor may see approved versions that are not yet published (the list page's staff part). */
export function maySeeUnpublished(actor: Actor): boolean {
  return actor.role !== 'system' && can(actor.role, 'charter:manage_workflow')
}

/** Approved versions not yet published, for those who prepare their formats before publication. */
export async function listApprovedUnpublished(deps: Deps, actor: Actor): Promise<VersionInfo[]> {
  assertMayManage(actor)
  return (await listApprovedVersionRows(deps.db)).filter(r => !r.published_at).map(r => toInfo(r, null))
}
