// Reading the working draft: as CharterContent (what a version freezes), and as the page drafters work on, with the
// plain-English check on every section, commitment and ask, and a summary for the whole draft.
import type { Actor } from '../../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { findLatestVersionRow, listItemPrincipleRows, listItemRows, listLinkRows, listSectionRows, type LinkRow } from '../../data/drafting.repository.ts'
import type { LinkKind } from '../../data/charter.table.ts'
import { listPrincipleRows } from '../../data/principle.repository.ts'
import { checkPlainEnglish, summariseVersion, type PlainEnglishOptions, type PlainEnglishReport, type VersionItem, type VersionSummary } from '../plain-english/check.ts'
import { contentHash, validateContent, type CharterContent, type ContentProblem } from '../versions/content.ts'
import { assertMay, checkerOptions, loadSettings, mayDraft, mayReadDrafts, type DraftingSettings } from './model.ts'

/** The working draft as a version would hold it. Principle keys are the principles' ids. */
export async function draftContent(deps: Pick<AppDeps, 'db'>, settings?: DraftingSettings): Promise<CharterContent> {
  const s = settings ?? (await loadSettings(deps))
  const [sections, items, tags] = await Promise.all([listSectionRows(deps.db), listItemRows(deps.db), listItemPrincipleRows(deps.db)])
  const tagsOf = new Map<string, string[]>()
  for (const t of tags) tagsOf.set(t.item_id, [...(tagsOf.get(t.item_id) ?? []), t.principle_id])
  const bySection = (sectionId: string, kind: 'commitment' | 'ask') =>
    items.filter(i => i.section_id === sectionId && i.kind === kind).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
  return {
    title: s.title,
    introduction: s.introduction,
    sections: sections.map(section => ({
      key: section.key,
      title: section.title,
      introduction: section.introduction,
      commitments: bySection(section.id, 'commitment').map(c => ({ key: c.key, text: c.text, principleKeys: [...(tagsOf.get(c.id) ?? [])].sort() })),
      asks: bySection(section.id, 'ask').map(a => ({ key: a.key, text: a.text })),
    })),
  }
}

function shorten(text: string, max = 60): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`
}

/** The text checked for a section: its introduction, or its title when it has none. */
export function sectionCheckText(section: { title: string; introduction: string }): string {
  return section.introduction.trim() !== '' ? section.introduction : section.title
}

/** What the plain-English summary of a version covers: the introduction, every section, commitment and ask. */
export function checkItemsOf(content: CharterContent): VersionItem[] {
  const items: VersionItem[] = []
  if (content.introduction.trim() !== '') items.push({ id: 'introduction', label: 'The charter’s introduction', text: content.introduction })
  content.sections.forEach((section, s) => {
    items.push({ id: section.key, label: `Section ${s + 1}: ${shorten(section.title)}`, text: sectionCheckText(section) })
    for (const c of section.commitments) items.push({ id: c.key, label: `Commitment: ${shorten(c.text)}`, text: c.text })
    for (const a of section.asks) items.push({ id: a.key, label: `What we ask of you: ${shorten(a.text)}`, text: a.text })
  })
  return items
}

export function summariseContent(content: CharterContent, options: PlainEnglishOptions): VersionSummary {
  return summariseVersion(checkItemsOf(content), options)
}

export interface LinkDto {
  id: string
  kind: LinkKind
  targetId: string
  label: string
  createdAt: string
}

export function toLinkDto(row: LinkRow): LinkDto {
  return { id: row.id, kind: row.kind, targetId: row.target_id, label: row.label, createdAt: row.created_at }
}

export interface DraftItem {
  id: string
  key: string
  text: string
  report: PlainEnglishReport
  principles: { id: string; title: string }[]
  links: LinkDto[]
  first: boolean
  last: boolean
}

export interface DraftSection {
  id: string
  key: string
  position: number
  title: string
  introduction: string
  report: PlainEnglishReport
  commitments: DraftItem[]
  asks: DraftItem[]
  first: boolean
  last: boolean
}

export interface WorkingDraft {
  title: string
  introduction: string
  introductionReport: PlainEnglishReport | null
  sections: DraftSection[]
  summary: VersionSummary
  settings: DraftingSettings
  /** What stops the draft from being saved as a version now, in plain English. */
  problems: ContentProblem[]
  latestVersion: { number: number; createdAt: string } | null
  /** The draft differs from the latest version (true when there is none). */
  changedSinceLatest: boolean
  mayDraft: boolean
}

/** The working draft with the plain-English check beside everything. For anyone who may read drafts. */
export async function getWorkingDraft(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<WorkingDraft> {
  assertMay(mayReadDrafts(actor), 'see the draft charter')
  const settings = await loadSettings(deps)
  const options = checkerOptions(settings)
  const [sections, items, tags, links, principles, latest] = await Promise.all([
    listSectionRows(deps.db),
    listItemRows(deps.db),
    listItemPrincipleRows(deps.db),
    listLinkRows(deps.db),
    listPrincipleRows(deps.db),
    findLatestVersionRow(deps.db),
  ])
  const content = await draftContent(deps, settings)
  const principleById = new Map(principles.map(p => [p.id, p]))
  const linksOf = new Map<string, LinkDto[]>()
  for (const l of links) linksOf.set(l.commitment_key, [...(linksOf.get(l.commitment_key) ?? []), toLinkDto(l)])
  const toItems = (sectionId: string, kind: 'commitment' | 'ask'): DraftItem[] => {
    const rows = items.filter(i => i.section_id === sectionId && i.kind === kind).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1))
    return rows.map((row, i) => ({
      id: row.id,
      key: row.key,
      text: row.text,
      report: checkPlainEnglish(row.text, options),
      principles: tags
        .filter(t => t.item_id === row.id)
        .map(t => principleById.get(t.principle_id))
        .filter(p => p !== undefined)
        .sort((a, b) => a.position - b.position)
        .map(p => ({ id: p.id, title: p.title })),
      links: kind === 'commitment' ? (linksOf.get(row.key) ?? []) : [],
      first: i === 0,
      last: i === rows.length - 1,
    }))
  }
  return {
    title: settings.title,
    introduction: settings.introduction,
    introductionReport: settings.introduction.trim() === '' ? null : checkPlainEnglish(settings.introduction, options),
    sections: sections.map((s, i) => ({
      id: s.id,
      key: s.key,
      position: i + 1,
      title: s.title,
      introduction: s.introduction,
      report: checkPlainEnglish(sectionCheckText(s), options),
      commitments: toItems(s.id, 'commitment'),
      asks: toItems(s.id, 'ask'),
      first: i === 0,
      last: i === sections.length - 1,
    })),
    summary: summariseContent(content, options),
    settings,
    problems: validateContent(content, principles.map(p => p.id)),
    latestVersion: latest ? { number: latest.number, createdAt: latest.created_at } : null,
    changedSinceLatest: !latest || latest.content_hash !== contentHash(content),
    mayDraft: mayDraft(actor),
  }
}

/** Check one piece of text with the organisation's settings (for the editor's "Check plain English"). */
export async function checkDraftText(deps: Pick<AppDeps, 'db'>, actor: Actor, text: string): Promise<PlainEnglishReport> {
  assertMay(mayReadDrafts(actor), 'see the draft charter')
  return checkPlainEnglish(text, checkerOptions(await loadSettings(deps)))
}
