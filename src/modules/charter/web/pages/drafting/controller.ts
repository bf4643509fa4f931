// The drafting pages: the working draft with the plain-English check, the editor for the charter's title,
// sections and items (save, or "Check plain English" without saving), moving and removing, links, the checker's
// settings, and versions (save, list, read, compare). Thin: the domain checks permission and rules.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf, queryString } from '../../../../../platform/http/validate.ts'
import { checkDraftText, draftContent, getWorkingDraft, sectionCheckText } from '../../../domain/drafting/draft.ts'
import { getEditChoices, getItemForEdit, getSectionForEdit } from '../../../domain/drafting/editing.ts'
import { getLinkPage, LINK_KIND_NAMES, linkEvidence, setCommitmentLinks, unlinkCommitment } from '../../../domain/drafting/links.ts'
import { ITEM_KIND_NAMES, LIMITS, type ItemKind } from '../../../domain/drafting/model.ts'
import { changeCheckerSettings, getDraftingSettings } from '../../../domain/drafting/settings.ts'
import { addItem, addSection, changeCharterAbout, changeItem, changeSection, moveItem, moveSection, removeItem, removeSection, type Direction } from '../../../domain/drafting/structure.ts'
import { compareVersions, getLatestVersion, getVersion, listVersions, saveVersion, summariseVersionContent } from '../../../domain/drafting/versions.ts'
import { diffContent, summarise } from '../../../domain/versions/diff.ts'
import { listPrinciples } from '../../../domain/queries/list-principles.ts'
import { checkView } from './check-view.ts'
import { list, text, type Body } from './form.ts'

const DIR = 'charter/web/pages/drafting'
type Req<P = Record<string, string>> = FastifyRequest<{ Params: P; Querystring: Record<string, unknown> }>

/** Text split into paragraphs at blank lines, for pages. */
function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map(p => p.trim())
    .filter(p => p !== '')
}

function wantsCheck(body: Body): boolean {
  return text(body, 'action') === 'check'
}

function direction(body: Body): Direction {
  return text(body, 'direction') === 'up' ? 'up' : 'down'
}

// The working draft

/** GET /charter/draft */
export function draft(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const d = await getWorkingDraft(deps, request.actor)
    const view = (t: string, r: Parameters<typeof checkView>[1]) => checkView(t, r)
    return reply.render(`${DIR}/draft.njk`, {
      pageTitle: 'Draft charter',
      draft: d,
      introductionCheck: d.introductionReport ? view(d.introduction, d.introductionReport) : null,
      introductionParagraphs: paragraphs(d.introduction),
      sections: d.sections.map(s => ({
        ...s,
        paragraphs: paragraphs(s.introduction),
        check: view(sectionCheckText(s), s.report),
        commitments: s.commitments.map(c => ({ ...c, check: view(c.text, c.report) })),
        asks: s.asks.map(a => ({ ...a, check: view(a.text, a.report) })),
      })),
      linkKindNames: LINK_KIND_NAMES,
    })
  }
}

// The charter's title and introduction

async function renderAbout(deps: AppDeps, request: Req, reply: FastifyReply, values: { title: string; introduction: string }, opts: { errors?: FieldError[]; status?: number; checked?: boolean } = {}) {
  const report = values.introduction.trim() ? await checkDraftText(deps, request.actor, values.introduction) : null
  return reply.render(
    `${DIR}/about.njk`,
    { pageTitle: 'Change the charter’s title and introduction', backLink: '/charter/draft', values, check: report ? checkView(values.introduction, report) : null, checked: opts.checked, errors: opts.errors, limits: LIMITS },
    opts.status,
  )
}

/** GET /charter/draft/about */
export function getAbout(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const s = await getDraftingSettings(deps, request.actor)
    return renderAbout(deps, request, reply, { title: s.title, introduction: s.introduction })
  }
}

/** POST /charter/draft/about: check, or save (audited). */
export function postAbout(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { title: text(body, 'title'), introduction: text(body, 'introduction') }
    if (wantsCheck(body)) return renderAbout(deps, request, reply, values, { checked: true })
    try {
      await changeCharterAbout(deps, request.actor, values)
    } catch (err) {
      return renderAbout(deps, request, reply, values, { errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = 'Title and introduction saved'
    return reply.redirect('/charter/draft/about', 303)
  }
}

// Sections

interface SectionValues {
  title: string
  introduction: string
  key: string
}

async function renderSection(
  deps: AppDeps,
  request: Req,
  reply: FastifyReply,
  values: SectionValues,
  section: { id: string; key: string } | null,
  opts: { errors?: FieldError[]; status?: number; checked?: boolean } = {},
) {
  const checkText = sectionCheckText(values)
  const report = checkText.trim() ? await checkDraftText(deps, request.actor, checkText) : null
  return reply.render(
    `${DIR}/section.njk`,
    {
      pageTitle: section ? `Change section: ${values.title || 'untitled'}` : 'Add a section',
      backLink: '/charter/draft',
      section,
      values,
      action: section ? `/charter/draft/sections/${section.id}` : '/charter/draft/sections/new',
      check: report ? checkView(checkText, report) : null,
      checkedWhat: values.introduction.trim() ? 'the introduction' : 'the title',
      checked: opts.checked,
      errors: opts.errors,
    },
    opts.status,
  )
}

function readSection(body: Body): SectionValues {
  return { title: text(body, 'title'), introduction: text(body, 'introduction'), key: text(body, 'key') }
}

/** GET /charter/draft/sections/new */
export function getNewSection(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    await getEditChoices(deps, request.actor)
    return renderSection(deps, request, reply, { title: '', introduction: '', key: '' }, null)
  }
}

/** POST /charter/draft/sections/new */
export function postNewSection(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const body = request.body as Body
    const values = readSection(body)
    if (wantsCheck(body)) {
      await getEditChoices(deps, request.actor)
      return renderSection(deps, request, reply, values, null, { checked: true })
    }
    try {
      const { id } = await addSection(deps, request.actor, values)
      request.session.flash = 'Section added'
      return reply.redirect(`/charter/draft/sections/${id}`, 303)
    } catch (err) {
      return renderSection(deps, request, reply, values, null, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** GET /charter/draft/sections/:sectionId */
export function getSection(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    const s = await getSectionForEdit(deps, request.actor, request.params.sectionId)
    return renderSection(deps, request, reply, { title: s.title, introduction: s.introduction, key: s.key }, s)
  }
}

/** POST /charter/draft/sections/:sectionId */
export function postSection(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    const s = await getSectionForEdit(deps, request.actor, request.params.sectionId)
    const body = request.body as Body
    const values = { ...readSection(body), key: s.key }
    if (wantsCheck(body)) return renderSection(deps, request, reply, values, s, { checked: true })
    try {
      await changeSection(deps, request.actor, s.id, values)
    } catch (err) {
      return renderSection(deps, request, reply, values, s, { errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = 'Section saved'
    return reply.redirect(`/charter/draft/sections/${s.id}`, 303)
  }
}

/** POST /charter/draft/sections/:sectionId/move */
export function postMoveSection(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    await moveSection(deps, request.actor, request.params.sectionId, direction(request.body as Body))
    return reply.redirect(`/charter/draft#section-${request.params.sectionId}`, 303)
  }
}

async function renderRemove(request: Req, reply: FastifyReply, what: { kind: string; name: string; action: string }, errors?: FieldError[]) {
  return reply.render(`${DIR}/remove.njk`, { pageTitle: `Remove ${what.kind}`, backLink: '/charter/draft', what, errors }, errors ? 400 : undefined)
}

/** GET /charter/draft/sections/:sectionId/remove: are you sure? */
export function getRemoveSection(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    const s = await getSectionForEdit(deps, request.actor, request.params.sectionId)
    return renderRemove(request, reply, { kind: 'this section', name: s.title, action: `/charter/draft/sections/${s.id}/remove` })
  }
}

/** POST /charter/draft/sections/:sectionId/remove */
export function postRemoveSection(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    const s = await getSectionForEdit(deps, request.actor, request.params.sectionId)
    try {
      await removeSection(deps, request.actor, s.id)
    } catch (err) {
      return renderRemove(request, reply, { kind: 'this section', name: s.title, action: `/charter/draft/sections/${s.id}/remove` }, fieldErrorsOf(err))
    }
    request.session.flash = `Section “${s.title}” removed`
    return reply.redirect('/charter/draft', 303)
  }
}

// Items: commitments and "what we ask of you"

interface ItemValues {
  text: string
  key: string
  sectionId: string
  principleIds: string[]
}

function kindOf(raw: unknown): ItemKind {
  return raw === 'ask' ? 'ask' : 'commitment'
}

async function renderItem(
  deps: AppDeps,
  request: Req,
  reply: FastifyReply,
  kind: ItemKind,
  values: ItemValues,
  item: { id: string; key: string } | null,
  opts: { errors?: FieldError[]; status?: number; checked?: boolean } = {},
) {
  const choices = await getEditChoices(deps, request.actor)
  const report = values.text.trim() ? await checkDraftText(deps, request.actor, values.text) : null
  const section = choices.sections.find(s => s.id === values.sectionId)
  const name = ITEM_KIND_NAMES[kind].one
  return reply.render(
    `${DIR}/item.njk`,
    {
      pageTitle: item ? `Change ${name}` : `Add a ${name}`,
      backLink: section ? `/charter/draft#section-${section.id}` : '/charter/draft',
      kind,
      kindName: name,
      item,
      section,
      values,
      action: item ? `/charter/draft/items/${item.id}` : `/charter/draft/sections/${values.sectionId}/items/new?kind=${kind}`,
      sectionItems: choices.sections.map(s => ({ value: s.id, text: s.title, selected: s.id === values.sectionId })),
      principleItems: choices.principles.map(p => ({ value: p.id, text: `${p.position}. ${p.title}`, checked: values.principleIds.includes(p.id) })),
      check: report ? checkView(values.text, report) : null,
      checked: opts.checked,
      errors: opts.errors,
    },
    opts.status,
  )
}

function readItem(body: Body, sectionId: string): ItemValues {
  return { text: text(body, 'text'), key: text(body, 'key'), sectionId: text(body, 'section') || sectionId, principleIds: list(body, 'principles') }
}

/** GET /charter/draft/sections/:sectionId/items/new?kind=commitment|ask */
export function getNewItem(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    const s = await getSectionForEdit(deps, request.actor, request.params.sectionId)
    return renderItem(deps, request, reply, kindOf(request.query.kind), { text: '', key: '', sectionId: s.id, principleIds: [] }, null)
  }
}

/** POST /charter/draft/sections/:sectionId/items/new?kind=commitment|ask */
export function postNewItem(deps: AppDeps) {
  return async (request: Req<{ sectionId: string }>, reply: FastifyReply) => {
    const s = await getSectionForEdit(deps, request.actor, request.params.sectionId)
    const kind = kindOf(request.query.kind)
    const body = request.body as Body
    const values = { ...readItem(body, s.id), sectionId: s.id }
    if (wantsCheck(body)) return renderItem(deps, request, reply, kind, values, null, { checked: true })
    try {
      const { id } = await addItem(deps, request.actor, s.id, kind, values)
      request.session.flash = `${kind === 'commitment' ? 'Commitment' : '“What we ask of you” item'} added`
      return reply.redirect(`/charter/draft/items/${id}`, 303)
    } catch (err) {
      return renderItem(deps, request, reply, kind, values, null, { errors: fieldErrorsOf(err), status: 400 })
    }
  }
}

/** GET /charter/draft/items/:itemId */
export function getItem(deps: AppDeps) {
  return async (request: Req<{ itemId: string }>, reply: FastifyReply) => {
    const i = await getItemForEdit(deps, request.actor, request.params.itemId)
    return renderItem(deps, request, reply, i.kind, { text: i.text, key: i.key, sectionId: i.sectionId, principleIds: i.principleIds }, i)
  }
}

/** POST /charter/draft/items/:itemId */
export function postItem(deps: AppDeps) {
  return async (request: Req<{ itemId: string }>, reply: FastifyReply) => {
    const i = await getItemForEdit(deps, request.actor, request.params.itemId)
    const body = request.body as Body
    const values = { ...readItem(body, i.sectionId), key: i.key }
    if (wantsCheck(body)) return renderItem(deps, request, reply, i.kind, values, i, { checked: true })
    try {
      await changeItem(deps, request.actor, i.id, values)
    } catch (err) {
      return renderItem(deps, request, reply, i.kind, values, i, { errors: fieldErrorsOf(err), status: 400 })
    }
    request.session.flash = `${i.kind === 'commitment' ? 'Commitment' : '“What we ask of you” item'} saved`
    return reply.redirect(`/charter/draft/items/${i.id}`, 303)
  }
}

/** POST /charter/draft/items/:itemId/move */
export function postMoveItem(deps: AppDeps) {
  return async (request: Req<{ itemId: string }>, reply: FastifyReply) => {
    await moveItem(deps, request.actor, request.params.itemId, direction(request.body as Body))
    return reply.redirect(`/charter/draft#item-${request.params.itemId}`, 303)
  }
}

/** GET /charter/draft/items/:itemId/remove */
export function getRemoveItem(deps: AppDeps) {
  return async (request: Req<{ itemId: string }>, reply: FastifyReply) => {
    const i = await getItemForEdit(deps, request.actor, request.params.itemId)
    return renderRemove(request, reply, { kind: `this ${ITEM_KIND_NAMES[i.kind].one}`, name: i.text, action: `/charter/draft/items/${i.id}/remove` })
  }
}

/** POST /charter/draft/items/:itemId/remove */
export function postRemoveItem(deps: AppDeps) {
  return async (request: Req<{ itemId: string }>, reply: FastifyReply) => {
    const i = await getItemForEdit(deps, request.actor, request.params.itemId)
    await removeItem(deps, request.actor, i.id)
    request.session.flash = `${i.kind === 'commitment' ? 'Commitment' : '“What we ask of you” item'} removed`
    return reply.redirect(`/charter/draft#section-${i.sectionId}`, 303)
  }
}

// Links

async function renderLinks(deps: AppDeps, request: Req<{ key: string }>, reply: FastifyReply, opts: { errors?: FieldError[]; evidenceId?: string; decisions?: string[]; findings?: string[] } = {}) {
  const page = await getLinkPage(deps, request.actor, request.params.key)
  const items = (list: typeof page.decisions, chosen: string[] | undefined) =>
    list?.map(c => ({ value: c.id, text: c.title, hint: { text: c.hint }, checked: chosen ? chosen.includes(c.id) : c.linked })) ?? null
  return reply.render(
    `${DIR}/links.njk`,
    {
      pageTitle: 'What this commitment rests on',
      backLink: `/charter/draft#item-${page.commitment.id}`,
      page,
      decisionItems: items(page.decisions, opts.decisions),
      findingItems: items(page.findings, opts.findings),
      evidenceId: opts.evidenceId ?? '',
      linkKindNames: LINK_KIND_NAMES,
      errors: opts.errors,
    },
    opts.errors ? 400 : undefined,
  )
}

/** GET /charter/draft/links/:key */
export function getLinks(deps: AppDeps) {
  return async (request: Req<{ key: string }>, reply: FastifyReply) => renderLinks(deps, request, reply)
}

/** POST /charter/draft/links/:key: action = decisions | findings | evidence | unlink */
export function postLinks(deps: AppDeps) {
  return async (request: Req<{ key: string }>, reply: FastifyReply) => {
    const body = request.body as Body
    const key = request.params.key
    const action = text(body, 'action')
    const base = `/charter/draft/links/${encodeURIComponent(key)}`
    try {
      if (action === 'decisions' || action === 'findings') {
        const chosen = list(body, action)
        try {
          await setCommitmentLinks(deps, request.actor, key, action === 'decisions' ? 'decision' : 'finding', chosen)
        } catch (err) {
          return renderLinks(deps, request, reply, { errors: fieldErrorsOf(err), [action]: chosen })
        }
        request.session.flash = action === 'decisions' ? 'Links to decisions saved' : 'Links to findings saved'
      } else if (action === 'unlink') {
        await unlinkCommitment(deps, request.actor, key, text(body, 'link'))
        request.session.flash = 'Link removed'
      } else {
        await linkEvidence(deps, request.actor, key, text(body, 'evidenceId'))
        request.session.flash = 'Evidence item linked'
      }
    } catch (err) {
      return renderLinks(deps, request, reply, { errors: fieldErrorsOf(err), evidenceId: text(body, 'evidenceId') })
    }
    return reply.redirect(base, 303)
  }
}

// The checker's settings

async function renderSettings(deps: AppDeps, request: Req, reply: FastifyReply, values: { jargon: string; targetReadingAge: string } | null, errors?: FieldError[]) {
  const s = await getDraftingSettings(deps, request.actor)
  return reply.render(
    `${DIR}/settings.njk`,
    {
      pageTitle: 'Plain English settings',
      backLink: '/charter/draft',
      values: values ?? { jargon: s.jargonText, targetReadingAge: String(s.targetReadingAge) },
      jargonIsDefault: s.jargonIsDefault,
      entries: s.jargon.length,
      errors,
    },
    errors ? 400 : undefined,
  )
}

/** GET /charter/draft/settings */
export function getSettings(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    await getEditChoices(deps, request.actor)
    return renderSettings(deps, request, reply, null)
  }
}

/** POST /charter/draft/settings */
export function postSettings(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const body = request.body as Body
    const values = { jargon: text(body, 'jargon'), targetReadingAge: text(body, 'targetReadingAge') }
    try {
      const r = await changeCheckerSettings(deps, request.actor, values)
      request.session.flash = `Plain English settings saved: ${r.entries} ${r.entries === 1 ? 'word' : 'words'} on the jargon list, reading age ${r.targetReadingAge}`
    } catch (err) {
      return renderSettings(deps, request, reply, values, fieldErrorsOf(err))
    }
    return reply.redirect('/charter/draft/settings', 303)
  }
}

// Versions

async function renderSave(deps: AppDeps, request: Req, reply: FastifyReply, note: string, errors?: FieldError[]) {
  const d = await getWorkingDraft(deps, request.actor)
  const latest = await getLatestVersion(deps, request.actor)
  const changes = latest ? summarise(diffContent(latest.content, await draftContent(deps))) : []
  // A problem's place in the draft, to link to: the section it is in.
  const problems = d.problems.map((p, i) => {
    const s = /^sections-(\d+)/.exec(p.path)
    const section = s ? d.sections[Number(s[1])] : undefined
    return { id: `problem-${i}`, message: p.message, href: section ? `/charter/draft#section-${section.id}` : p.path === 'title' || p.path === 'introduction' ? '/charter/draft/about' : '/charter/draft' }
  })
  return reply.render(
    `${DIR}/save-version.njk`,
    { pageTitle: 'Save a version', backLink: '/charter/draft', draft: d, latest, changes, problems, note, summary: d.summary, errors },
    errors ? 400 : undefined,
  )
}

/** GET /charter/draft/save-version */
export function getSaveVersion(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    await getEditChoices(deps, request.actor)
    return renderSave(deps, request, reply, '')
  }
}

/** POST /charter/draft/save-version (audited) */
export function postSaveVersion(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const note = text(request.body as Body, 'note')
    try {
      const v = await saveVersion(deps, request.actor, { note })
      request.session.flash = `Version ${v.number} saved`
      return reply.redirect(`/charter/versions/${v.number}`, 303)
    } catch (err) {
      return renderSave(deps, request, reply, note, fieldErrorsOf(err))
    }
  }
}

/** GET /charter/versions */
export function versions(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const all = await listVersions(deps, request.actor)
    const numbers = all.map(v => v.number)
    return reply.render(`${DIR}/versions.njk`, {
      pageTitle: 'Versions of the charter',
      versions: all,
      fromItems: numbers.map(n => ({ value: String(n), text: `Version ${n}`, selected: n === numbers[1] })),
      toItems: numbers.map(n => ({ value: String(n), text: `Version ${n}`, selected: n === numbers[0] })),
    })
  }
}

function versionNumber(raw: unknown): number {
  const s = typeof raw === 'string' ? raw.trim() : ''
  return /^\d{1,9}$/.test(s) ? Number(s) : Number.NaN
}

/** GET /charter/versions/:n */
export function version(deps: AppDeps) {
  return async (request: Req<{ n: string }>, reply: FastifyReply) => {
    const v = await getVersion(deps, request.actor, versionNumber(request.params.n))
    const principles = await listPrinciples(deps)
    const titles = new Map(principles.map(p => [p.id, p.title]))
    const summary = await summariseVersionContent(deps, v.content)
    return reply.render(`${DIR}/version.njk`, {
      pageTitle: `Version ${v.number} of the charter`,
      backLink: '/charter/versions',
      version: v,
      summary,
      introductionParagraphs: paragraphs(v.content.introduction),
      sections: v.content.sections.map(s => ({
        ...s,
        paragraphs: paragraphs(s.introduction),
        commitments: s.commitments.map(c => ({ ...c, principles: c.principleKeys.map(k => titles.get(k) ?? k) })),
      })),
    })
  }
}

interface CompareValues {
  from: string
  to: string
}

function compareErrors(values: CompareValues, known: number[]): FieldError[] {
  const errors: FieldError[] = []
  const from = versionNumber(values.from)
  const to = versionNumber(values.to)
  if (values.from === '') errors.push({ field: 'from', message: 'Choose the version to compare from' })
  else if (!known.includes(from)) errors.push({ field: 'from', message: `There is no version ${values.from}: choose one from the list` })
  if (values.to === '') errors.push({ field: 'to', message: 'Choose the version to compare with' })
  else if (!known.includes(to)) errors.push({ field: 'to', message: `There is no version ${values.to}: choose one from the list` })
  if (errors.length === 0 && from === to) errors.push({ field: 'to', message: 'Choose two different versions' })
  return errors
}

/** GET /charter/versions/compare?from=&to= */
export function compare(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const all = await listVersions(deps, request.actor)
    const known = all.map(v => v.number)
    const values = { from: queryString(request.query.from, 12) ?? '', to: queryString(request.query.to, 12) ?? '' }
    const asked = values.from !== '' || values.to !== ''
    const errors = asked ? compareErrors(values, known) : []
    const comparison = asked && errors.length === 0 ? await compareVersions(deps, request.actor, versionNumber(values.from), versionNumber(values.to)) : null
    const items = (chosen: string) => [{ value: '', text: 'Choose a version' }, ...known.map(n => ({ value: String(n), text: `Version ${n}`, selected: String(n) === chosen }))]
    return reply.render(
      `${DIR}/compare.njk`,
      {
        pageTitle: comparison ? `Compare version ${comparison.from.number} with version ${comparison.to.number}` : 'Compare two versions',
        backLink: '/charter/versions',
        values,
        fromItems: items(values.from),
        toItems: items(values.to),
        comparison,
        versionCount: known.length,
        errors,
      },
      errors.length ? 400 : undefined,
    )
  }
}

/** GET /charter/versions/compare.txt?from=&to=: the difference as plain text, to download or print. */
export function compareText(deps: AppDeps) {
  return async (request: Req, reply: FastifyReply) => {
    const from = versionNumber(queryString(request.query.from, 12))
    const to = versionNumber(queryString(request.query.to, 12))
    const c = await compareVersions(deps, request.actor, from, to)
    const heading = `Changes from version ${c.from.number} to version ${c.to.number}`
    return reply
      .header('content-disposition', `attachment; filename="charter-changes-${c.from.number}-to-${c.to.number}.txt"`)
      .type('text/plain; charset=utf-8')
      .send(`${heading}\n${'='.repeat(heading.length)}\n\n${c.text}`)
  }
}
