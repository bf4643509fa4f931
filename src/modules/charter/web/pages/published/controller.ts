import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import { charterPage, LABELS } from '../../../domain/publishing/charter-page.ts'
import { easyReadRows } from '../../../domain/publishing/easy-read.ts'
import { nativeLanguageName, textDirection } from '../../../domain/publishing/language.ts'
import { mayManagePublishing, notFound } from '../../../domain/publishing/model.ts'
import { LARGE_PRINT, renderCharterPdf, renderEasyReadPdf, STANDARD_PRINT } from '../../../domain/publishing/pdf.ts'
import {
  currentPublishedVersion,
  documentInput,
  listApprovedUnpublished,
  listEasyRead,
  listPublishedVersions,
  listTranslations,
  loadApprovedVersion,
  loadPublishedTranslation,
  loadPublishedVersion,
  progressInWords,
  type LoadedVersion,
} from '../../../domain/publishing/queries.ts'

type WithN = FastifyRequest<{ Params: { n: string } }>
type WithLang = FastifyRequest<{ Params: { n: string; lang: string } }>
const DIR = 'charter/web/pages/published'

/** A version number from the address: digits only, else not found. */
export function versionNumber(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw notFound('such version of the charter')
  return Number(raw)
}

async function formats(deps: AppDeps, loaded: LoadedVersion) {
  const base = `/charter/published/${loaded.info.number}`
  const translations = (await listTranslations(deps, loaded, { publishedOnly: true })).map(t => ({
    href: `${base}/${t.languageCode}`,
    code: t.languageCode,
    name: t.languageName,
    dir: textDirection(t.languageCode),
  }))
  return { base, translations }
}

async function renderVersion(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, loaded: LoadedVersion, opts: { current: boolean }) {
  const page = charterPage(await documentInput(deps, loaded))
  const { base, translations } = await formats(deps, loaded)
  const mayManage = mayManagePublishing(request.actor)
  return reply.render(`${DIR}/charter.njk`, {
    pageTitle: opts.current ? page.title : `${page.title}: version ${loaded.info.number}`,
    page,
    info: loaded.info,
    base,
    translations,
    labels: LABELS,
    current: opts.current,
    mayManage,
    allTranslations: mayManage ? await listTranslations(deps, loaded, { publishedOnly: false }) : [],
  })
}

/** GET /charter: the current published charter, or a page saying it is being written with the Core Group. */
export function current(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const info = await currentPublishedVersion(deps)
    if (!info) {
      return reply.render(`${DIR}/not-yet.njk`, { pageTitle: 'Our charter', progress: await progressInWords(deps), mayManage: mayManagePublishing(request.actor) })
    }
    return renderVersion(deps, request, reply, await loadPublishedVersion(deps, info.number), { current: true })
  }
}

/** GET /charter/published: every published version, newest first; older ones marked "replaced by version N". */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const versions = await listPublishedVersions(deps)
    const mayManage = mayManagePublishing(request.actor)
    const awaiting = mayManage ? await listApprovedUnpublished(deps, request.actor) : []
    // For those who prepare the formats: each version's translations, drafts too.
    const translations: Record<number, { code: string; name: string; status: string; missing: number }[]> = {}
    if (mayManage) {
      for (const info of [...awaiting, ...versions]) {
        const loaded = await loadApprovedVersion(deps, request.actor, info.number)
        translations[info.number] = (await listTranslations(deps, loaded, { publishedOnly: false })).map(t => ({ code: t.languageCode, name: t.languageName, status: t.status, missing: t.missing }))
      }
    }
    return reply.render(`${DIR}/list.njk`, { pageTitle: 'Every version of our charter', backLink: '/charter', versions, awaiting, mayManage, translations })
  }
}

/** GET /charter/published/:n: one published version as an accessible page. */
export function version(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadPublishedVersion(deps, versionNumber(request.params.n))
    return renderVersion(deps, request, reply, loaded, { current: false })
  }
}

function sendPdf(reply: FastifyReply, bytes: Buffer, fileName: string) {
  return reply.type('application/pdf').header('Content-Disposition', `inline; filename="${fileName}"`).header('Cache-Control', 'public, max-age=300').send(bytes)
}

/** GET /charter/published/:n/charter.pdf and /large-print.pdf: the tagged PDF, in standard or large print. */
export function pdf(deps: AppDeps, print: 'standard' | 'large') {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadPublishedVersion(deps, versionNumber(request.params.n))
    const page = charterPage(await documentInput(deps, loaded))
    const large = print === 'large'
    const bytes = await renderCharterPdf(
      page,
      { title: large ? `${page.title} (large print)` : page.title, subject: `Version ${loaded.info.number} of the charter of ${deps.config.organisation.name}`, lang: 'en-GB', author: deps.config.organisation.name },
      large ? LARGE_PRINT : STANDARD_PRINT,
    )
    return sendPdf(reply, bytes, `charter-version-${loaded.info.number}${large ? '-large-print' : ''}.pdf`)
  }
}

async function easyReadData(deps: AppDeps, loaded: LoadedVersion) {
  const sections = easyReadRows(loaded.content, await listEasyRead(deps, loaded.info.id))
  const title = `${loaded.content.title}: Easy Read`
  const intro = [`This is the Easy Read version of our charter.`, `It is version ${loaded.info.number}.`]
  return { sections, title, intro }
}

/** GET /charter/published/:n/easy-read: the Easy Read version, a picture (or space for one) beside each part. */
export function easyRead(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadPublishedVersion(deps, versionNumber(request.params.n))
    const { sections, title, intro } = await easyReadData(deps, loaded)
    return reply.render(`${DIR}/easy-read.njk`, {
      pageTitle: title,
      backLink: `/charter/published/${loaded.info.number}`,
      title,
      intro,
      sections,
      info: loaded.info,
      base: `/charter/published/${loaded.info.number}`,
      mayManage: mayManagePublishing(request.actor),
    })
  }
}

/** GET /charter/published/:n/easy-read.pdf */
export function easyReadPdf(deps: AppDeps) {
  return async (request: WithN, reply: FastifyReply) => {
    const loaded = await loadPublishedVersion(deps, versionNumber(request.params.n))
    const { sections, title, intro } = await easyReadData(deps, loaded)
    const bytes = await renderEasyReadPdf(title, intro, sections, {
      title,
      subject: `Easy Read version of version ${loaded.info.number} of the charter of ${deps.config.organisation.name}`,
      lang: 'en-GB',
      author: deps.config.organisation.name,
    })
    return sendPdf(reply, bytes, `charter-version-${loaded.info.number}-easy-read.pdf`)
  }
}

/** GET /charter/published/:n/:lang: a published translation, with its language on the page and the version it translates. */
export function translation(deps: AppDeps) {
  return async (request: WithLang, reply: FastifyReply) => {
    const loaded = await loadPublishedVersion(deps, versionNumber(request.params.n))
    const t = await loadPublishedTranslation(deps, loaded, request.params.lang)
    const page = charterPage(await documentInput(deps, loaded, t.content, t.languageCode))
    return reply.render(`${DIR}/translation.njk`, {
      pageTitle: `${page.title} (${t.languageName})`,
      backLink: `/charter/published/${loaded.info.number}`,
      page,
      translation: t,
      nativeName: nativeLanguageName(t.languageCode),
      dir: textDirection(t.languageCode),
      info: loaded.info,
      labels: LABELS,
    })
  }
}
