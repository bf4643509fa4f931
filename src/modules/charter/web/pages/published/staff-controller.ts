import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { createTranslation, publishTranslation, saveEasyRead, saveTranslation } from '../../../domain/publishing/commands.ts'
import { EASY_READ_MAX_SENTENCE_WORDS, easyReadTargets, easyReadWarnings, type EasyReadTarget } from '../../../domain/publishing/easy-read.ts'
import { textDirection } from '../../../domain/publishing/language.ts'
import { notFound } from '../../../domain/publishing/model.ts'
import { findTranslation, listEasyRead, loadApprovedVersion, type LoadedVersion, type TranslationDto } from '../../../domain/publishing/queries.ts'
import { translationFields } from '../../../domain/publishing/translation.ts'
import { versionNumber } from './controller.ts'

type WithN = FastifyRequest<{ Params: { n: string } }>
type WithLang = FastifyRequest<{ Params: { n: string; lang: string } }>
const DIR = 'charter/web/pages/published'

/** A form field: a string in a url-encoded form, { value } in a multipart one; the first of a repeated field. */
function field(body: unknown, name: string): string {
  const raw = (body as Record<string, unknown> | undefined)?.[name]
  const v = Array.isArray(raw) ? raw[0] : raw
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value
  return ''
}

/** The uploaded file, if the form was multipart and had one (the plugin has already read it into memory). */
function uploadedFile(body: unknown, name: string): { filename: string; bytes: Buffer; truncated: boolean } | undefined {
  const raw = (body as Record<string, unknown> | undefined)?.[name]
  const f = Array.isArray(raw) ? raw[0] : raw
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'file') return undefined
  const part = f as { filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } }
  return { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: part.file?.truncated === true }
}

function partLabel(target: EasyReadTarget, index: Map<string, number>): string {
  if (target.kind === 'introduction') return 'The introduction'
  if (target.kind === 'section') return `Section: ${target.sectionTitle}`
  if (target.kind === 'commitment') return `Commitment ${index.get(target.key)}`
  return `What we ask of you, item ${index.get(target.key)}`
}

interface EasyReadTyped {
  key: string
  text: string
  alt: string
  removePicture: boolean
}

async function renderEasyRead(deps: AppDeps, request: WithN, reply: FastifyReply, loaded: LoadedVersion, opts: { typed?: EasyReadTyped; errors?: FieldError[]; status?: number } = {}) {
  const entries = new Map((await listEasyRead(deps, loaded.info.id)).map(e => [e.key, e]))
  const index = new Map<string, number>()
  let commitments = 0
  for (const s of loaded.content.sections) {
    for (const c of s.commitments) index.set(c.key, ++commitments)
    s.asks.forEach((a, i) => index.set(a.key, i + 1))
  }
  const parts = easyReadTargets(loaded.content).map(target => {
    const entry = entries.get(target.key)
    const typed = opts.typed?.key === target.key ? opts.typed : undefined
    return {
      key: target.key,
      label: partLabel(target, index),
      original: target.original,
      text: typed ? typed.text : (entry?.text ?? ''),
      alt: typed ? typed.alt : (entry?.picture?.alt ?? ''),
      removePicture: typed?.removePicture ?? false,
      picture: entry?.picture ?? null,
      warnings: entry ? easyReadWarnings(entry.text) : [],
      written: !!entry,
      errors: typed ? opts.errors : undefined,
    }
  })
  // The error summary links to the fields of the one form that was sent: ids are `<field>-<key>`.
  const errors = opts.errors?.map(e => ({ field: `${e.field}-${opts.typed?.key}`, message: e.message }))
  return reply.render(
    `${DIR}/easy-read-edit.njk`,
    {
      pageTitle: `Easy Read: version ${loaded.info.number}`,
      backLink: loaded.info.publishedAt ? `/charter/published/${loaded.info.number}` : '/charter/published',
      info: loaded.info,
      parts,
      errors,
      maxWords: EASY_READ_MAX_SENTENCE_WORDS,
      written: parts.filter(p => p.written).length,
    },
    opts.status,
  )
}

/** GET /charter/published/:n/easy-read/edit: one form per part of the charter. */
export function getEasyRead(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadApprovedVersion(deps, request.actor, versionNumber(request.params.n))
    return renderEasyRead(deps, request, reply, loaded)
  }
}

/** POST /charter/published/:n/easy-read/edit (multipart): save one part's Easy Read text and picture (audited). */
export function postEasyRead(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const n = versionNumber(request.params.n)
    const loaded = await loadApprovedVersion(deps, request.actor, n)
    const body = request.body
    const key = field(body, 'key')
    if (!easyReadTargets(loaded.content).some(t => t.key === key)) throw notFound(`part of version ${n} with that key`)
    const typed: EasyReadTyped = { key, text: field(body, 'text'), alt: field(body, 'alt'), removePicture: field(body, 'removePicture') === 'yes' }
    const file = uploadedFile(body, 'picture')
    try {
      const { warnings } = await saveEasyRead(deps, request.actor, n, {
        key,
        text: typed.text,
        picture: file && file.filename !== '' && !file.truncated ? new Uint8Array(file.bytes) : undefined,
        pictureTooLarge: file?.truncated === true,
        pictureAlt: typed.alt,
        removePicture: typed.removePicture,
      })
      request.session.flash = warnings.length
        ? `Easy Read text saved. ${warnings.length === 1 ? 'One sentence is' : `${warnings.length} sentences are`} longer than ${EASY_READ_MAX_SENTENCE_WORDS} words: see the warning below.`
        : 'Easy Read text saved'
      return reply.redirect(`/charter/published/${n}/easy-read/edit#part-${key}`, 303)
    } catch (err) {
      return renderEasyRead(deps, request, reply, loaded, { typed, errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

interface TranslationTyped {
  languageCode: string
  languageName: string
  texts: Record<string, string>
}

function readTranslation(body: unknown, loaded: LoadedVersion): TranslationTyped {
  const texts: Record<string, string> = {}
  for (const f of translationFields(loaded.content)) texts[f.field] = field(body, f.field)
  return { languageCode: field(body, 'languageCode'), languageName: field(body, 'languageName'), texts }
}

function renderTranslationForm(reply: FastifyReply, loaded: LoadedVersion, typed: TranslationTyped, translation: TranslationDto | null, opts: { errors?: FieldError[]; status?: number } = {}) {
  const n = loaded.info.number
  const lang = translation?.languageCode
  return reply.render(
    `${DIR}/translation-form.njk`,
    {
      pageTitle: translation ? `${translation.languageName} translation: version ${n}` : `Add a translation: version ${n}`,
      backLink: loaded.info.publishedAt ? `/charter/published/${n}` : '/charter/published',
      info: loaded.info,
      translation,
      lang,
      dir: lang ? textDirection(lang) : undefined,
      values: typed,
      fields: translationFields(loaded.content).map(f => ({ ...f, value: typed.texts[f.field] ?? '' })),
      action: translation ? `/charter/published/${n}/translations/${translation.languageCode}/edit` : `/charter/published/${n}/translations/new`,
      errors: opts.errors,
    },
    opts.status,
  )
}

/** GET /charter/published/:n/translations/new */
export function getNewTranslation(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadApprovedVersion(deps, request.actor, versionNumber(request.params.n))
    return renderTranslationForm(reply, loaded, { languageCode: '', languageName: '', texts: {} }, null)
  }
}

/** POST /charter/published/:n/translations/new: start a translation (a draft; texts may be left for later). */
export function postNewTranslation(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadApprovedVersion(deps, request.actor, versionNumber(request.params.n))
    const typed = readTranslation(request.body, loaded)
    try {
      const { languageCode } = await createTranslation(deps, request.actor, loaded.info.number, typed)
      request.session.flash = `${typed.languageName.trim()} translation saved as a draft`
      return reply.redirect(`/charter/published/${loaded.info.number}/translations/${languageCode}/edit`, 303)
    } catch (err) {
      return renderTranslationForm(reply, loaded, typed, null, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

async function loadTranslation(deps: AppDeps, request: WithLang) {
  const loaded = await loadApprovedVersion(deps, request.actor, versionNumber(request.params.n))
  const t = await findTranslation(deps, loaded, request.params.lang)
  if (!t) throw notFound(`translation of version ${loaded.info.number} into that language`)
  return { loaded, t }
}

/** GET /charter/published/:n/translations/:lang/edit: one text box per part, with the English beside it. */
export function getEditTranslation(deps: AppDeps) {
  return async (request: WithLang, reply: FastifyReply) => {
    const { loaded, t } = await loadTranslation(deps, request)
    return renderTranslationForm(reply, loaded, { languageCode: t.languageCode, languageName: t.languageName, texts: t.texts }, t)
  }
}

/** POST /charter/published/:n/translations/:lang/edit (audited) */
export function postEditTranslation(deps: AppDeps) {
  return async (request: WithLang, reply: FastifyReply) => {
    const { loaded, t } = await loadTranslation(deps, request)
    const typed = { ...readTranslation(request.body, loaded), languageCode: t.languageCode }
    try {
      await saveTranslation(deps, request.actor, loaded.info.number, t.languageCode, typed)
      request.session.flash = `${typed.languageName.trim()} translation saved`
      return reply.redirect(`/charter/published/${loaded.info.number}/translations/${t.languageCode}/edit`, 303)
    } catch (err) {
      return renderTranslationForm(reply, loaded, typed, t, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** POST /charter/published/:n/translations/:lang/publish: publish when every text is translated (audited). */
export function postPublishTranslation(deps: AppDeps) {
  return async (request: WithLang, reply: FastifyReply) => {
    const { loaded, t } = await loadTranslation(deps, request)
    try {
      await publishTranslation(deps, request.actor, loaded.info.number, t.languageCode)
    } catch (err) {
      return renderTranslationForm(reply, loaded, { languageCode: t.languageCode, languageName: t.languageName, texts: t.texts }, t, { errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = `${t.languageName} translation published`
    return reply.redirect(loaded.info.publishedAt ? `/charter/published/${loaded.info.number}/${t.languageCode}` : `/charter/published/${loaded.info.number}/translations/${t.languageCode}/edit`, 303)
  }
}
