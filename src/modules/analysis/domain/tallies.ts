// Counts: how many PEOPLE raised each code in one analyst's coding, out of the people whose evidence is in the
// project, with 95 % Wilson intervals. Lived experience, stakeholder organisations, officials, advisors and the public
// are always counted apart (never added together). A parent code counts everyone who has it or any code under it.
// The cross-tab (lived experience only, by one panel answer or by channel) goes through disclosure control: figures
// below the threshold are hidden, and so is any figure that would let a hidden one be worked out.
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { getUser } from '../../accounts/index.ts'
import { SOURCE_ROLES, type EvidenceItemDto } from '../../evidence/index.ts'
import { findProject, listCodes, listReviews } from '../data/analysis.repository.ts'
import { codeTree, type CodeDto } from './codebook.ts'
import { loadProjectSegments } from './coding.ts'
import { crossTab, type CrossTab } from './counts/crosstab.ts'
import { wilsonInterval } from './counts/people.ts'
import { assertMay, mayReadAnalysis, notFound } from './model.ts'

/** The order groups are shown in; lived experience first. */
export const ROLE_ORDER = ['lived_experience', 'stakeholder', 'official', 'advisor', 'public'] as const

const ROLE_TITLES: Record<string, string> = {
  lived_experience: 'People with lived experience',
  stakeholder: 'Stakeholder organisations (counted apart)',
  official: 'Officials (counted apart)',
  advisor: 'Advisors (counted apart)',
  public: 'Members of the public (counted apart)',
}

export interface TallyRow {
  codeId: string
  name: string
  path: string
  depth: number
  retired: boolean
  people: number
  share: number
  low: number
  high: number
}

export interface TallyGroup {
  role: string
  title: string
  /** Everyone in this group whose evidence is in the project (the denominator). */
  people: number
  rows: TallyRow[]
}

export interface Coder {
  id: string
  name: string
}

export interface PersonRecord {
  personKey: string
  role: string
  channels: Set<string>
  demographics: Map<string, { label: string; value: string }>
  /** Codes given to any of their segments, with every ancestor of those codes. */
  codes: Set<string>
}

/** Each code's id with the ids of every code above it. */
export function ancestorsOf(codes: readonly Pick<CodeDto, 'id' | 'parentId'>[]): Map<string, string[]> {
  const parent = new Map(codes.map(c => [c.id, c.parentId]))
  const out = new Map<string, string[]>()
  for (const c of codes) {
    const chain = [c.id]
    let at = c.parentId
    while (at && parent.has(at) && !chain.includes(at) && chain.length < 25) {
      chain.push(at)
      at = parent.get(at) ?? null
    }
    out.set(c.id, chain)
  }
  return out
}

/**
 * One record per person (per role): the codes this coder gave any of their segments (with parents), their channels
 * and panel answers. Items whose evidence is gone are left out. The reading actor must be allowed to see analysis.
 */
export async function peopleOfProject(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  projectId: string,
  coderUserId: string | null,
): Promise<{ people: PersonRecord[]; codes: CodeDto[]; evidence: Map<string, EvidenceItemDto> }> {
  const codes = codeTree(await listCodes(deps.db, projectId))
  const up = ancestorsOf(codes)
  const { segments, items, evidence } = await loadProjectSegments(deps, actor, projectId, coderUserId)
  const byKey = new Map<string, PersonRecord>()
  const itemById = new Map(items.map(i => [i.id, i]))
  const recordOf = (itemId: string): PersonRecord | undefined => {
    const item = itemById.get(itemId)
    const e = item ? evidence.get(item.evidence_item_id) : undefined
    if (!item || !e) return undefined
    const key = `${item.source_role}|${item.person_key}`
    let r = byKey.get(key)
    if (!r) {
      r = { personKey: item.person_key, role: item.source_role, channels: new Set(), demographics: new Map(), codes: new Set() }
      byKey.set(key, r)
    }
    r.channels.add(e.channelLabel)
    for (const d of e.demographics) if (!r.demographics.has(d.key)) r.demographics.set(d.key, { label: d.label, value: d.value })
    return r
  }
  for (const i of items) recordOf(i.id)
  for (const s of segments) {
    const r = recordOf(s.itemId)
    if (!r) continue
    for (const c of s.codeIds) for (const a of up.get(c) ?? [c]) r.codes.add(a)
  }
  return { people: [...byKey.values()], codes, evidence }
}

/** People per code in each group, every code in codebook order (retired codes only when someone has them). */
export function tallyGroups(people: readonly PersonRecord[], codes: readonly CodeDto[]): TallyGroup[] {
  const roles = [...ROLE_ORDER, ...new Set(people.map(p => p.role).filter(r => !(ROLE_ORDER as readonly string[]).includes(r)))]
  const out: TallyGroup[] = []
  for (const role of roles) {
    const group = people.filter(p => p.role === role)
    if (group.length === 0 && role !== 'lived_experience') continue
    const rows: TallyRow[] = []
    for (const c of codes) {
      const n = group.filter(p => p.codes.has(c.id)).length
      if (c.retired && n === 0) continue
      const interval = group.length ? wilsonInterval(n, group.length) : { low: 0, high: 0 }
      rows.push({ codeId: c.id, name: c.name, path: c.path, depth: c.depth, retired: c.retired, people: n, share: group.length ? n / group.length : 0, ...interval })
    }
    out.push({ role, title: ROLE_TITLES[role] ?? SOURCE_ROLES.find(r => r.code === role)?.label ?? role, people: group.length, rows })
  }
  return out
}

export interface CrossTabView {
  by: string
  byLabel: string
  table: CrossTab
  codeNames: Map<string, string>
}

export const NOT_KNOWN = 'Not known'
export const SEVERAL_CHANNELS = 'More than one channel'

/** Lived experience only, by channel or by one panel answer; each person in exactly one column. */
export function crossTabOf(people: readonly PersonRecord[], codes: readonly CodeDto[], by: string, threshold: number): CrossTabView {
  const lived = people.filter(p => p.role === 'lived_experience')
  const groupOf = (p: PersonRecord): string => {
    if (by === 'channel') return p.channels.size === 1 ? [...p.channels][0]! : SEVERAL_CHANNELS
    return p.demographics.get(by)?.value ?? NOT_KNOWN
  }
  const shown = codes.filter(c => !c.retired || lived.some(p => p.codes.has(c.id)))
  const table = crossTab(
    lived.map(p => ({ personKey: p.personKey, group: groupOf(p), codes: [...p.codes] })),
    { threshold, codes: shown.map(c => c.id) },
  )
  let byLabel = 'Channel'
  if (by !== 'channel') for (const p of lived) byLabel = p.demographics.get(by)?.label ?? byLabel
  return { by, byLabel, table, codeNames: new Map(shown.map(c => [c.id, c.path])) }
}

/** The panel answers present in the lived-experience items, to cross-tab by. */
export function dimensionsOf(people: readonly PersonRecord[]): { key: string; label: string }[] {
  const seen = new Map<string, string>()
  for (const p of people) if (p.role === 'lived_experience') for (const [key, d] of p.demographics) if (!seen.has(key)) seen.set(key, d.label)
  return [...seen].map(([key, label]) => ({ key, label }))
}

/** The analysts who have coded in this project (by display name: staff, not panel members). */
export async function codersOf(deps: Pick<AppDeps, 'db'>, actor: Actor, projectId: string): Promise<Coder[]> {
  const ids = [...new Set((await listReviews(deps.db, projectId)).map(r => r.coder_user_id))]
  if (actor.userId && !ids.includes(actor.userId)) ids.unshift(actor.userId)
  const out: Coder[] = []
  for (const id of ids) {
    let name = id === actor.userId ? actor.displayName : 'An analyst'
    try {
      name = (await getUser(deps, id)).displayName
    } catch {
      // An account erased since: keep the coding, without a name.
    }
    out.push({ id, name })
  }
  return out
}

export interface Tallies {
  projectId: string
  projectTitle: string
  coder: Coder
  coders: Coder[]
  groups: TallyGroup[]
  dimensions: { key: string; label: string }[]
  cross: CrossTabView | null
  threshold: number
}

/** The counts page: one analyst's coding (default: the reader's own), optionally cross-tabulated. */
export async function getTallies(
  deps: Pick<AppDeps, 'db' | 'config'>,
  actor: Actor,
  projectId: string,
  options: { coderUserId?: string; by?: string } = {},
): Promise<Tallies> {
  assertMay(mayReadAnalysis(actor), 'see counts')
  const project = await findProject(deps.db, projectId)
  if (!project) throw notFound('analysis')
  const coders = await codersOf(deps, actor, projectId)
  const coder = coders.find(c => c.id === options.coderUserId) ?? coders.find(c => c.id === actor.userId) ?? coders[0] ?? { id: '', name: 'No one' }
  const { people, codes } = await peopleOfProject(deps, actor, projectId, coder.id || null)
  const dimensions = dimensionsOf(people)
  const threshold = deps.config.smallNumberThreshold
  const by = options.by === 'channel' || dimensions.some(d => d.key === options.by) ? options.by! : null
  return {
    projectId,
    projectTitle: project.title,
    coder,
    coders,
    groups: tallyGroups(people, codes),
    dimensions,
    cross: by ? crossTabOf(people, codes, by, threshold) : null,
    threshold,
  }
}

/** A spreadsheet-safe CSV cell: quoted when needed; a leading = + - @ cannot start a formula. */
export function csvCell(value: string | number): string {
  let v = String(value)
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`
  return /[",\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v
}

const pct = (x: number) => (x * 100).toFixed(1)

/** Why a hidden figure is hidden, in the words the page uses. */
export function hiddenWords(reason: string | null, threshold: number): string {
  if (reason && /^Hidden because/.test(reason) && /fewer than/.test(reason)) return `fewer than ${threshold}`
  return 'hidden so the hidden cell cannot be worked out'
}

/** The counts as CSV (UTF-8 with a byte-order mark): every group apart; the cross-tab's hidden figures stay hidden. */
export function talliesCsv(t: Tallies): string {
  const lines: string[] = []
  const line = (cells: (string | number)[]) => lines.push(cells.map(csvCell).join(','))
  line(['Table', 'Group', 'Code', 'People', 'Out of', 'Share (%)', '95% interval from (%)', '95% interval to (%)', 'Note'])
  for (const g of t.groups) {
    for (const r of g.rows) line(['Counts', g.title, r.path, r.people, g.people, pct(r.share), pct(r.low), pct(r.high), ''])
  }
  if (t.cross) {
    const table = `Lived experience by ${t.cross.byLabel.toLowerCase()}`
    for (const row of t.cross.table.rows) {
      const name = t.cross.codeNames.get(row.code) ?? row.code
      for (const c of row.cells) {
        if (c.suppressed) line([table, c.group, name, '', '', '', '', '', hiddenWords(c.reason, t.threshold)])
        else line([table, c.group, name, c.people ?? '', c.groupTotal ?? '', c.share === null ? '' : pct(c.share), '', '', ''])
      }
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** Record that the counts left the service as a file (figures only: nothing about anyone). */
export async function recordCountsDownload(deps: AppDeps, actor: Actor, projectId: string, t: Tallies): Promise<void> {
  await inTransaction(deps, actor, async uow => {
    await uow.audit({ action: 'analysis.counts_exported', subjectType: 'analysis_project', subjectId: projectId, summary: { coderUserId: t.coder.id || null, crossTabBy: t.cross?.by ?? null } })
  })
}
