// Writing the published charter's other formats (policy officials): Easy Read text and pictures per part, and
// translations per language (drafts, then published when every text is translated). Only for approved versions.
// Each change is one transaction with its audit event; the audit never holds the text or the picture.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import type { FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { findEasyReadRow, findTranslationRow, insertEasyRead, insertTranslation, updateEasyRead, updateTranslation } from '../../data/publishing.repository.ts'
import { canonicalJson } from '../versions/content.ts'
import { easyReadTargets, easyReadWarnings } from './easy-read.ts'
import { canonicalLanguageCode, isEnglish } from './language.ts'
import { assertMayManage, notFound, validationFailed } from './model.ts'
import { pictureIsReadable } from './pdf.ts'
import { MAX_PICTURE_BYTES, pictureMime } from './picture.ts'
import { findTranslation, loadApprovedVersion, type LoadedVersion } from './queries.ts'
import { buildTranslatedContent, translationFields, untranslated } from './translation.ts'

export const MAX_EASY_READ_CHARACTERS = 2000
export const MAX_ALT_CHARACTERS = 300
export const MAX_TRANSLATED_CHARACTERS = 5000

export interface SaveEasyReadInput {
  key: string
  text: string
  /** A new picture's bytes (PNG or JPEG), or undefined to keep the one there is. */
  picture?: Uint8Array
  /** The multipart upload was cut short at the size limit. */
  pictureTooLarge?: boolean
  pictureAlt: string
  removePicture?: boolean
}

/**
 * Save the Easy Read text of one part of an approved version, with its picture and the picture's text alternative.
 * Errors name the fields 'text', 'picture' and 'alt'. Audited as 'charter.easy_read_saved'.
 */
export async function saveEasyRead(deps: AppDeps, actor: Actor, versionNumber: number, input: SaveEasyReadInput): Promise<{ warnings: string[] }> {
  assertMayManage(actor)
  const loaded = await loadApprovedVersion(deps, actor, versionNumber)
  const target = easyReadTargets(loaded.content).find(t => t.key === input.key)
  if (!target) throw notFound(`part of version ${versionNumber} with that key`)
  const errors: FieldError[] = []
  const text = input.text.replace(/\r\n/g, '\n').trim()
  if (!text) errors.push({ field: 'text', message: 'Enter the Easy Read text' })
  else if (text.length > MAX_EASY_READ_CHARACTERS) errors.push({ field: 'text', message: `The Easy Read text must be ${MAX_EASY_READ_CHARACTERS.toLocaleString('en-GB')} characters or fewer` })

  let mime: 'image/png' | 'image/jpeg' | null = null
  const newPicture = input.pictureTooLarge || (input.picture && input.picture.length > 0)
  if (input.pictureTooLarge || (input.picture && input.picture.length > MAX_PICTURE_BYTES)) {
    errors.push({ field: 'picture', message: 'The picture must be smaller than 1 MB' })
  } else if (input.picture && input.picture.length > 0) {
    mime = pictureMime(input.picture)
    if (!mime) errors.push({ field: 'picture', message: 'The picture must be a PNG or JPEG' })
    else if (!pictureIsReadable(input.picture)) errors.push({ field: 'picture', message: 'The picture cannot be read: it may be damaged. Choose another PNG or JPEG' })
  }
  const existing = await findEasyReadRow(deps.db, loaded.info.id, input.key)
  const keepsPicture = !input.removePicture && !newPicture && !!existing?.picture_base64
  const alt = input.pictureAlt.trim()
  if ((newPicture || keepsPicture) && !input.removePicture && !alt) errors.push({ field: 'alt', message: 'Describe the picture for people who cannot see it' })
  else if (alt.length > MAX_ALT_CHARACTERS) errors.push({ field: 'alt', message: `The description of the picture must be ${MAX_ALT_CHARACTERS} characters or fewer` })
  if (input.removePicture && newPicture) errors.push({ field: 'picture', message: 'Choose a new picture or remove the picture, not both' })
  if (errors.length) throw validationFailed(errors)

  const picture =
    mime && input.picture
      ? { picture_mime: mime, picture_base64: Buffer.from(input.picture).toString('base64'), picture_alt: alt }
      : keepsPicture
        ? { picture_mime: existing!.picture_mime, picture_base64: existing!.picture_base64, picture_alt: alt }
        : { picture_mime: null, picture_base64: null, picture_alt: null }
  const pictureChange = mime ? 'added' : keepsPicture ? 'kept' : existing?.picture_base64 ? 'removed' : 'none'
  const warnings = easyReadWarnings(text)
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    let id = existing?.id
    if (existing) await updateEasyRead(uow.trx, existing.id, { text, ...picture, updated_by_user_id: actor.userId, updated_at: now })
    else {
      id = newId(uow.now.getTime())
      await insertEasyRead(uow.trx, { id, version_id: loaded.info.id, target_key: input.key, text, ...picture, updated_by_user_id: actor.userId, updated_at: now })
    }
    await uow.audit({
      action: 'charter.easy_read_saved',
      subjectType: 'charter_easy_read',
      subjectId: id,
      summary: { version: versionNumber, key: input.key, picture: pictureChange, longSentences: warnings.length },
    })
  })
  return { warnings }
}

export interface SaveTranslationInput {
  languageCode: string
  languageName: string
  /** Translated text by form field (see translationFields). Missing or blank fields are allowed in a draft. */
  texts: Record<string, string>
}

function checkTexts(loaded: LoadedVersion, input: SaveTranslationInput, errors: FieldError[]): void {
  const name = input.languageName.trim()
  if (!name) errors.push({ field: 'languageName', message: 'Enter the name of the language, for example Gàidhlig or Polski' })
  else if (name.length > 100) errors.push({ field: 'languageName', message: 'The name of the language must be 100 characters or fewer' })
  for (const f of translationFields(loaded.content)) {
    if ((input.texts[f.field] ?? '').length > MAX_TRANSLATED_CHARACTERS) errors.push({ field: f.field, message: `${f.label} must be ${MAX_TRANSLATED_CHARACTERS.toLocaleString('en-GB')} characters or fewer` })
  }
}

function missingErrors(loaded: LoadedVersion, texts: Record<string, string>): FieldError[] {
  return untranslated(loaded.content, texts).map(f => ({ field: f.field, message: `Enter the translation of ${f.label.charAt(0).toLowerCase()}${f.label.slice(1)}` }))
}

/**
 * Start a translation of an approved version into a language (a draft; texts may be left for later). The language
 * code is BCP 47 (e.g. 'gd', 'pl', 'ur'), not English, and one translation per language per version.
 * Audited as 'charter.translation_saved'. Returns the canonical language code.
 */
export async function createTranslation(deps: AppDeps, actor: Actor, versionNumber: number, input: SaveTranslationInput): Promise<{ languageCode: string }> {
  assertMayManage(actor)
  const loaded = await loadApprovedVersion(deps, actor, versionNumber)
  const errors: FieldError[] = []
  const code = canonicalLanguageCode(input.languageCode)
  if (!input.languageCode.trim()) errors.push({ field: 'languageCode', message: 'Enter the language code, for example gd for Gaelic' })
  else if (!code) errors.push({ field: 'languageCode', message: 'Enter a language code in the BCP 47 format, for example gd, pl, ur or zh-Hant' })
  else if (isEnglish(code)) errors.push({ field: 'languageCode', message: 'The charter is written in English: enter the language you are translating it into' })
  else if (await findTranslation(deps, loaded, code)) errors.push({ field: 'languageCode', message: `There is already a translation of version ${versionNumber} into this language: change that one instead` })
  checkTexts(loaded, input, errors)
  if (errors.length) throw validationFailed(errors)
  const content = buildTranslatedContent(loaded.content, input.texts)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    await insertTranslation(uow.trx, {
      id,
      version_id: loaded.info.id,
      language_code: code!,
      language_name: input.languageName.trim(),
      content_json: canonicalJson(content),
      status: 'draft',
      updated_by_user_id: actor.userId,
      updated_at: uow.now.toISOString(),
      published_at: null,
    })
    await uow.audit({ action: 'charter.translation_saved', subjectType: 'charter_translation', subjectId: id, summary: { version: versionNumber, language: code, missing: untranslated(loaded.content, input.texts).length } })
  })
  return { languageCode: code! }
}

/**
 * Change a translation's texts and language name. A published translation stays published, so every text must be
 * given; a draft may be partial. Audited as 'charter.translation_saved'.
 */
export async function saveTranslation(deps: AppDeps, actor: Actor, versionNumber: number, languageCode: string, input: Omit<SaveTranslationInput, 'languageCode'>): Promise<void> {
  assertMayManage(actor)
  const loaded = await loadApprovedVersion(deps, actor, versionNumber)
  const existing = await findTranslationRow(deps.db, loaded.info.id, languageCode)
  if (!existing) throw notFound(`translation of version ${versionNumber} into that language`)
  const errors: FieldError[] = []
  checkTexts(loaded, { ...input, languageCode }, errors)
  if (existing.status === 'published') errors.push(...missingErrors(loaded, input.texts))
  if (errors.length) throw validationFailed(errors)
  const content = buildTranslatedContent(loaded.content, input.texts)
  await inTransaction(deps, actor, async uow => {
    await updateTranslation(uow.trx, existing.id, { language_name: input.languageName.trim(), content_json: canonicalJson(content), updated_by_user_id: actor.userId, updated_at: uow.now.toISOString() })
    await uow.audit({ action: 'charter.translation_saved', subjectType: 'charter_translation', subjectId: existing.id, summary: { version: versionNumber, language: languageCode, missing: untranslated(loaded.content, input.texts).length } })
  })
}

/** Publish a translation: every text of the version must be translated. Audited as 'charter.translation_published'. */
export async function publishTranslation(deps: AppDeps, actor: Actor, versionNumber: number, languageCode: string): Promise<void> {
  assertMayManage(actor)
  const loaded = await loadApprovedVersion(deps, actor, versionNumber)
  const t = await findTranslation(deps, loaded, languageCode)
  if (!t) throw notFound(`translation of version ${versionNumber} into that language`)
  if (t.status === 'published') throw validationFailed([{ field: 'publish', message: 'This translation is already published' }])
  const missing = missingErrors(loaded, t.texts)
  if (missing.length) throw validationFailed(missing)
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await updateTranslation(uow.trx, t.id, { status: 'published', published_at: now, updated_by_user_id: actor.userId, updated_at: now })
    await uow.audit({ action: 'charter.translation_published', subjectType: 'charter_translation', subjectId: t.id, summary: { version: versionNumber, language: languageCode } })
  })
}

export const PUBLISHING_COMMAND_AUDIT_EVENTS = ['charter.easy_read_saved', 'charter.translation_saved', 'charter.translation_published'] as const
