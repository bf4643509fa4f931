// Commands on the working draft's structure: the charter's title and introduction, sections, and the items in them
// (commitments "We will ..." and "what we ask of you"), with their keys and their links to principles. Each runs in
// one transaction with its audit event. Keys are made once, never changed and never reused (see docs/charter/drafting.md).
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction, type UnitOfWork } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import type { FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import {
  countItemsOfSection,
  deleteItem,
  deleteSection,
  existingPrincipleIds,
  findItemRow,
  findItemRowByKey,
  findSectionRow,
  insertItem,
  insertSection,
  listItemRowsOfSection,
  listSectionRows,
  maxItemPosition,
  maxSectionPosition,
  readSettings,
  replaceItemPrinciples,
  sectionKeyTaken,
  updateItem,
  updateSection,
  writeSetting,
} from '../../data/drafting.repository.ts'
import {
  assertMay,
  checkLength,
  clean,
  ITEM_KIND_NAMES,
  keyFromText,
  keyProblem,
  LIMITS,
  mayDraft,
  notFound,
  parseKeyList,
  SETTING,
  validationFailed,
  type ItemKind,
} from './model.ts'

export type Direction = 'up' | 'down'

export interface SectionInput {
  title: string
  introduction: string
  /** Only when adding: leave it empty to make one from the title. */
  key?: string
}

export interface ItemInput {
  text: string
  /** Only when adding: leave it empty to make one from the text. */
  key?: string
  /** Only when changing: the section it belongs in (moving it there puts it at the end). */
  sectionId?: string
  /** Commitments only: the principles it delivers. */
  principleIds?: string[]
}

export interface CharterAboutInput {
  title: string
  introduction: string
}

const may = (actor: Actor) => assertMay(mayDraft(actor), 'change the draft charter')

function sectionErrors(input: SectionInput): { errors: FieldError[]; title: string; introduction: string } {
  const errors: FieldError[] = []
  const title = clean(input.title)
  const introduction = clean(input.introduction)
  if (title === '') errors.push({ field: 'title', message: 'Enter a title for the section' })
  checkLength(errors, 'title', title, LIMITS.title, 'The title')
  checkLength(errors, 'introduction', introduction, LIMITS.introduction, 'The introduction')
  return { errors, title, introduction }
}

async function retire(uow: UnitOfWork, setting: string, key: string): Promise<void> {
  const settings = await readSettings(uow.trx)
  const keys = parseKeyList(settings.get(setting))
  if (!keys.includes(key)) keys.push(key)
  await writeSetting(uow.trx, setting, JSON.stringify(keys), uow.actor.userId, uow.now.toISOString())
}

async function retiredKeys(uow: UnitOfWork, setting: string): Promise<Set<string>> {
  return new Set(parseKeyList((await readSettings(uow.trx)).get(setting)))
}

/** Change the charter's title and introduction (kept in the drafting settings). */
export async function changeCharterAbout(deps: AppDeps, actor: Actor, input: CharterAboutInput): Promise<void> {
  may(actor)
  const errors: FieldError[] = []
  const title = clean(input.title)
  const introduction = clean(input.introduction)
  if (title === '') errors.push({ field: 'title', message: 'Enter a title for the charter' })
  checkLength(errors, 'title', title, LIMITS.charterTitle, 'The title')
  checkLength(errors, 'introduction', introduction, LIMITS.charterIntroduction, 'The introduction')
  if (errors.length) throw validationFailed(errors)
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await writeSetting(uow.trx, SETTING.title, title, actor.userId, now)
    await writeSetting(uow.trx, SETTING.introduction, introduction, actor.userId, now)
    await uow.audit({ action: 'charter.draft_about_changed', subjectType: 'charter_draft', subjectId: 'charter', summary: { after: { title } } })
  })
}

export async function addSection(deps: AppDeps, actor: Actor, input: SectionInput): Promise<{ id: string; key: string }> {
  may(actor)
  const { errors, title, introduction } = sectionErrors(input)
  const givenKey = clean(input.key)
  if (givenKey !== '') {
    const problem = keyProblem(givenKey)
    if (problem) errors.push({ field: 'key', message: problem })
  }
  if (errors.length) throw validationFailed(errors)
  return inTransaction(deps, actor, async uow => {
    const retired = await retiredKeys(uow, SETTING.retiredSectionKeys)
    const existing = new Set((await listSectionRows(uow.trx)).map(s => s.key))
    let key = givenKey
    if (key !== '') {
      if (existing.has(key) || (await sectionKeyTaken(uow.trx, key))) throw validationFailed([{ field: 'key', message: `Another section already has the key “${key}”. Choose a different key` }])
      if (retired.has(key)) throw validationFailed([{ field: 'key', message: `The key “${key}” belonged to a section that was removed. Keys are never used again: choose a different key` }])
    } else {
      key = keyFromText('s', title, k => existing.has(k) || retired.has(k))
    }
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    const position = (await maxSectionPosition(uow.trx)) + 1
    await insertSection(uow.trx, { id, key, position, title, introduction, created_at: now, updated_at: now })
    await uow.audit({ action: 'charter.section_added', subjectType: 'charter_section', subjectId: id, summary: { after: { key, title, position } } })
    return { id, key }
  })
}

export async function changeSection(deps: AppDeps, actor: Actor, id: string, input: SectionInput): Promise<void> {
  may(actor)
  const { errors, title, introduction } = sectionErrors(input)
  if (errors.length) throw validationFailed(errors)
  await inTransaction(deps, actor, async uow => {
    const row = await findSectionRow(uow.trx, id)
    if (!row) throw notFound('There is no such section in the draft')
    if (row.title === title && row.introduction === introduction) return
    await updateSection(uow.trx, id, { title, introduction, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'charter.section_changed',
      subjectType: 'charter_section',
      subjectId: id,
      summary: { key: row.key, before: { title: row.title, introduction: row.introduction }, after: { title, introduction } },
    })
  })
}

/** Swap the places of two neighbours and number them all again 1, 2, 3 ... Returns false when it cannot move. */
function swapped<T extends { id: string }>(rows: T[], id: string, direction: Direction): T[] | null {
  const i = rows.findIndex(r => r.id === id)
  const j = direction === 'up' ? i - 1 : i + 1
  if (i < 0 || j < 0 || j >= rows.length) return null
  const out = [...rows]
  ;[out[i], out[j]] = [out[j]!, out[i]!]
  return out
}

export async function moveSection(deps: AppDeps, actor: Actor, id: string, direction: Direction): Promise<void> {
  may(actor)
  await inTransaction(deps, actor, async uow => {
    const rows = await listSectionRows(uow.trx)
    const row = rows.find(r => r.id === id)
    if (!row) throw notFound('There is no such section in the draft')
    const order = swapped(rows, id, direction)
    if (!order) return
    const now = uow.now.toISOString()
    for (const [i, r] of order.entries()) if (r.position !== i + 1) await updateSection(uow.trx, r.id, { position: i + 1, updated_at: now })
    await uow.audit({
      action: 'charter.section_moved',
      subjectType: 'charter_section',
      subjectId: id,
      summary: { key: row.key, before: { position: rows.indexOf(row) + 1 }, after: { position: order.indexOf(row) + 1 } },
    })
  })
}

export async function removeSection(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  may(actor)
  await inTransaction(deps, actor, async uow => {
    const row = await findSectionRow(uow.trx, id)
    if (!row) throw notFound('There is no such section in the draft')
    const items = await countItemsOfSection(uow.trx, id)
    if (items > 0) {
      throw validationFailed([
        { field: 'remove', message: `The section still has ${items === 1 ? '1 item' : `${items} items`} in it. Move them to another section or remove them first` },
      ])
    }
    await deleteSection(uow.trx, id)
    await retire(uow, SETTING.retiredSectionKeys, row.key)
    const now = uow.now.toISOString()
    const rest = await listSectionRows(uow.trx)
    for (const [i, r] of rest.entries()) if (r.position !== i + 1) await updateSection(uow.trx, r.id, { position: i + 1, updated_at: now })
    await uow.audit({ action: 'charter.section_removed', subjectType: 'charter_section', subjectId: id, summary: { before: { key: row.key, title: row.title } } })
  })
}

async function checkPrinciples(uow: UnitOfWork, ids: readonly string[], errors: FieldError[]): Promise<string[]> {
  const unique = [...new Set(ids)]
  const known = new Set(await existingPrincipleIds(uow.trx))
  if (unique.some(p => !known.has(p))) errors.push({ field: 'principles', message: 'Choose principles from the list' })
  return unique.filter(p => known.has(p))
}

function itemTextErrors(kind: ItemKind, input: ItemInput): { errors: FieldError[]; text: string } {
  const errors: FieldError[] = []
  const text = clean(input.text)
  if (text === '') errors.push({ field: 'text', message: kind === 'commitment' ? 'Enter what we will do' : 'Enter what we ask of people' })
  checkLength(errors, 'text', text, LIMITS.itemText, 'The text')
  return { errors, text }
}

export async function addItem(deps: AppDeps, actor: Actor, sectionId: string, kind: ItemKind, input: ItemInput): Promise<{ id: string; key: string }> {
  may(actor)
  const { errors, text } = itemTextErrors(kind, input)
  const givenKey = clean(input.key)
  if (givenKey !== '') {
    const problem = keyProblem(givenKey)
    if (problem) errors.push({ field: 'key', message: problem })
  }
  return inTransaction(deps, actor, async uow => {
    const section = await findSectionRow(uow.trx, sectionId)
    if (!section) throw notFound('There is no such section in the draft')
    const principleIds = kind === 'commitment' ? await checkPrinciples(uow, input.principleIds ?? [], errors) : []
    if (errors.length) throw validationFailed(errors)
    const retired = await retiredKeys(uow, SETTING.retiredItemKeys)
    let key = givenKey
    if (key !== '') {
      if (await findItemRowByKey(uow.trx, key)) throw validationFailed([{ field: 'key', message: `Another item already has the key “${key}”. Choose a different key` }])
      if (retired.has(key)) throw validationFailed([{ field: 'key', message: `The key “${key}” belonged to an item that was removed. Keys are never used again: choose a different key` }])
    } else {
      const used = new Set<string>()
      const candidate = keyFromText(kind === 'commitment' ? 'c' : 'a', text, k => used.has(k) || retired.has(k))
      // keyFromText asks synchronously; check the database for the few candidates in turn.
      key = candidate
      while (await findItemRowByKey(uow.trx, key)) {
        used.add(key)
        key = keyFromText(kind === 'commitment' ? 'c' : 'a', text, k => used.has(k) || retired.has(k))
      }
    }
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    const position = (await maxItemPosition(uow.trx, sectionId, kind)) + 1
    await insertItem(uow.trx, { id, key, section_id: sectionId, kind, position, text, created_at: now, updated_at: now })
    if (principleIds.length) await replaceItemPrinciples(uow.trx, id, principleIds)
    await uow.audit({
      action: 'charter.item_added',
      subjectType: 'charter_item',
      subjectId: id,
      summary: { after: { key, kind, section: section.key, text, principles: principleIds } },
    })
    return { id, key }
  })
}

export async function changeItem(deps: AppDeps, actor: Actor, id: string, input: ItemInput): Promise<void> {
  may(actor)
  await inTransaction(deps, actor, async uow => {
    const row = await findItemRow(uow.trx, id)
    if (!row) throw notFound(`There is no such item in the draft`)
    const { errors, text } = itemTextErrors(row.kind, input)
    const sectionId = input.sectionId && input.sectionId !== '' ? input.sectionId : row.section_id
    const section = await findSectionRow(uow.trx, sectionId)
    if (!section) errors.push({ field: 'section', message: 'Choose a section from the list' })
    const principleIds = row.kind === 'commitment' ? await checkPrinciples(uow, input.principleIds ?? [], errors) : []
    if (errors.length) throw validationFailed(errors)
    const now = uow.now.toISOString()
    const moved = sectionId !== row.section_id
    const position = moved ? (await maxItemPosition(uow.trx, sectionId, row.kind)) + 1 : row.position
    await updateItem(uow.trx, id, { text, section_id: sectionId, position, updated_at: now })
    if (row.kind === 'commitment') await replaceItemPrinciples(uow.trx, id, principleIds)
    await uow.audit({
      action: 'charter.item_changed',
      subjectType: 'charter_item',
      subjectId: id,
      summary: {
        key: row.key,
        before: { text: row.text, section: row.section_id },
        after: { text, section: sectionId, principles: principleIds },
      },
    })
  })
}

export async function moveItem(deps: AppDeps, actor: Actor, id: string, direction: Direction): Promise<void> {
  may(actor)
  await inTransaction(deps, actor, async uow => {
    const row = await findItemRow(uow.trx, id)
    if (!row) throw notFound('There is no such item in the draft')
    const rows = await listItemRowsOfSection(uow.trx, row.section_id, row.kind)
    const order = swapped(rows, id, direction)
    if (!order) return
    const now = uow.now.toISOString()
    for (const [i, r] of order.entries()) if (r.position !== i + 1) await updateItem(uow.trx, r.id, { position: i + 1, updated_at: now })
    await uow.audit({
      action: 'charter.item_moved',
      subjectType: 'charter_item',
      subjectId: id,
      summary: { key: row.key, before: { position: rows.findIndex(r => r.id === id) + 1 }, after: { position: order.findIndex(r => r.id === id) + 1 } },
    })
  })
}

export async function removeItem(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  may(actor)
  await inTransaction(deps, actor, async uow => {
    const row = await findItemRow(uow.trx, id)
    if (!row) throw notFound('There is no such item in the draft')
    await deleteItem(uow.trx, id)
    await retire(uow, SETTING.retiredItemKeys, row.key)
    await uow.audit({
      action: 'charter.item_removed',
      subjectType: 'charter_item',
      subjectId: id,
      summary: { before: { key: row.key, kind: row.kind, text: row.text } },
    })
  })
}

export function kindName(kind: ItemKind): string {
  return ITEM_KIND_NAMES[kind].one
}
