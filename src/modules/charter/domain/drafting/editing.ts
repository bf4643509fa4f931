// What the edit forms need: one section or item as it is now, the sections to move an item to, the principles.
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { findItemRow, findSectionRow, listItemPrincipleRows, listSectionRows } from '../../data/drafting.repository.ts'
import { listPrincipleRows } from '../../data/principle.repository.ts'
import { assertMay, mayDraft, notFound, type ItemKind } from './model.ts'

export interface SectionForEdit {
  id: string
  key: string
  title: string
  introduction: string
}

export interface ItemForEdit {
  id: string
  key: string
  kind: ItemKind
  text: string
  sectionId: string
  sectionTitle: string
  principleIds: string[]
}

export interface EditChoices {
  sections: { id: string; title: string }[]
  principles: { id: string; title: string; position: number }[]
}

export async function getSectionForEdit(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<SectionForEdit> {
  assertMay(mayDraft(actor), 'change the draft charter')
  const row = await findSectionRow(deps.db, id)
  if (!row) throw notFound('There is no such section in the draft')
  return { id: row.id, key: row.key, title: row.title, introduction: row.introduction }
}

export async function getItemForEdit(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<ItemForEdit> {
  assertMay(mayDraft(actor), 'change the draft charter')
  const row = await findItemRow(deps.db, id)
  if (!row) throw notFound('There is no such item in the draft')
  const section = await findSectionRow(deps.db, row.section_id)
  const tags = (await listItemPrincipleRows(deps.db)).filter(t => t.item_id === row.id).map(t => t.principle_id)
  return { id: row.id, key: row.key, kind: row.kind, text: row.text, sectionId: row.section_id, sectionTitle: section?.title ?? '', principleIds: tags }
}

export async function getEditChoices(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<EditChoices> {
  assertMay(mayDraft(actor), 'change the draft charter')
  const [sections, principles] = await Promise.all([listSectionRows(deps.db), listPrincipleRows(deps.db)])
  return {
    sections: sections.map(s => ({ id: s.id, title: s.title })),
    principles: principles.map(p => ({ id: p.id, title: p.title, position: p.position })),
  }
}
