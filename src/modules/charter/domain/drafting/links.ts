// What a commitment rests on: links, by the commitment's key, to Core Group decisions, published findings and
// evidence items. Each comes from its own module's public API, which checks who may see it. Links are kept by key,
// so they carry over from version to version.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { listPublishedFindings } from '../../../analysis/index.ts'
import { listDecisionsForLinking } from '../../../decisions/index.ts'
import { getEvidenceItem } from '../../../evidence/index.ts'
import type { LinkKind } from '../../data/charter.table.ts'
import { deleteLink, findItemRowByKey, findLinkRow, findSectionRow, insertLink, linkExists, listLinkRows } from '../../data/drafting.repository.ts'
import { toLinkDto, type LinkDto } from './draft.ts'
import { assertMay, clean, mayDraft, notFound, validationFailed } from './model.ts'

export const LINK_KIND_NAMES: Record<LinkKind, string> = { decision: 'Decision', finding: 'Finding', evidence: 'Evidence' }

export interface LinkCandidate {
  id: string
  title: string
  hint: string
  linked: boolean
}

export interface LinkPage {
  commitment: { id: string; key: string; text: string; sectionTitle: string }
  links: LinkDto[]
  /** null when this person may not see decisions (or findings, or evidence). */
  decisions: LinkCandidate[] | null
  findings: LinkCandidate[] | null
  mayLinkEvidence: boolean
}

const cut = (s: string, max = 280) => {
  const t = s.replace(/\s+/g, ' ').trim()
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`
}

const dateFmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
function longDate(isoDate: string): string {
  const d = new Date(`${isoDate}T12:00:00Z`)
  return Number.isNaN(d.getTime()) ? isoDate : dateFmt.format(d)
}

async function commitmentOf(deps: Pick<AppDeps, 'db'>, key: string) {
  const item = await findItemRowByKey(deps.db, key)
  if (!item || item.kind !== 'commitment') throw notFound('There is no such commitment in the draft')
  return item
}

async function decisionCandidates(deps: AppDeps, actor: Actor): Promise<LinkCandidate[] | null> {
  if (actor.role !== 'system' && !can(actor.role, 'decisions:read')) return null
  const decisions: { id: string; title: string; decidedOn: string; outcome: string }[] = await listDecisionsForLinking(deps)
  return decisions.map(d => ({ id: d.id, title: d.title, hint: `Decided on ${longDate(d.decidedOn)}. Outcome: ${d.outcome.replace(/_/g, ' ')}.`, linked: false }))
}

async function findingCandidates(deps: AppDeps, actor: Actor): Promise<LinkCandidate[] | null> {
  if (actor.role !== 'system' && !can(actor.role, 'analysis:read_findings')) return null
  const findings = await listPublishedFindings(deps, actor)
  return findings.map(f => ({ id: f.id, title: f.title, hint: `${f.projectTitle}. ${cut(f.body, 160)}`, linked: false }))
}

/** The links page of one commitment: what it is linked to, and what it could be linked to. */
export async function getLinkPage(deps: AppDeps, actor: Actor, key: string): Promise<LinkPage> {
  assertMay(mayDraft(actor), 'link commitments')
  const item = await commitmentOf(deps, key)
  const section = await findSectionRow(deps.db, item.section_id)
  const links = (await listLinkRows(deps.db, key)).map(toLinkDto)
  const mark = (kind: LinkKind, list: LinkCandidate[] | null) =>
    list?.map(c => ({ ...c, linked: links.some(l => l.kind === kind && l.targetId === c.id) })) ?? null
  return {
    commitment: { id: item.id, key: item.key, text: item.text, sectionTitle: section?.title ?? '' },
    links,
    decisions: mark('decision', await decisionCandidates(deps, actor)),
    findings: mark('finding', await findingCandidates(deps, actor)),
    mayLinkEvidence: actor.role === 'system' || can(actor.role, 'evidence:read'),
  }
}

/**
 * Link the commitment to exactly these decisions (or published findings): the ones ticked are linked, the ones not
 * ticked are unlinked. Each link and unlink is audited.
 */
export async function setCommitmentLinks(deps: AppDeps, actor: Actor, key: string, kind: 'decision' | 'finding', targetIds: readonly string[]): Promise<{ added: number; removed: number }> {
  assertMay(mayDraft(actor), 'link commitments')
  await commitmentOf(deps, key)
  const candidates = kind === 'decision' ? await decisionCandidates(deps, actor) : await findingCandidates(deps, actor)
  if (!candidates) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot see ${kind === 'decision' ? 'decisions' : 'findings'}` })
  const byId = new Map(candidates.map(c => [c.id, c]))
  const wanted = [...new Set(targetIds)]
  const field = kind === 'decision' ? 'decisions' : 'findings'
  if (wanted.some(id => !byId.has(id))) throw validationFailed([{ field, message: `Choose ${field} from the list` }])
  return inTransaction(deps, actor, async uow => {
    const existing = (await listLinkRows(uow.trx, key)).filter(l => l.kind === kind)
    let added = 0
    let removed = 0
    for (const id of wanted) {
      if (existing.some(l => l.target_id === id)) continue
      const linkId = newId(uow.now.getTime())
      const label = byId.get(id)!.title.slice(0, 300)
      await insertLink(uow.trx, { id: linkId, commitment_key: key, kind, target_id: id, label, created_by_user_id: actor.userId, created_at: uow.now.toISOString() })
      await uow.audit({ action: 'charter.commitment_linked', subjectType: 'charter_commitment_link', subjectId: linkId, summary: { after: { commitment: key, kind, target: id, label } } })
      added += 1
    }
    for (const l of existing) {
      if (wanted.includes(l.target_id)) continue
      await deleteLink(uow.trx, l.id)
      await uow.audit({ action: 'charter.commitment_unlinked', subjectType: 'charter_commitment_link', subjectId: l.id, summary: { before: { commitment: key, kind, target: l.target_id, label: l.label } } })
      removed += 1
    }
    return { added, removed }
  })
}

/** Link the commitment to one evidence item, by its reference (id). The evidence module checks who may see it. */
export async function linkEvidence(deps: AppDeps, actor: Actor, key: string, evidenceId: string): Promise<LinkDto> {
  assertMay(mayDraft(actor), 'link commitments')
  await commitmentOf(deps, key)
  const id = clean(evidenceId)
  const errors: FieldError[] = []
  if (id === '') errors.push({ field: 'evidenceId', message: 'Enter the reference of the evidence item' })
  if (errors.length) throw validationFailed(errors)
  let label: string
  try {
    const item = await getEvidenceItem(deps, actor, id)
    // The label is read by everyone who reads the draft: the words only when the person agreed to be quoted.
    const who = item.stakeholderLabel ?? item.sourceRoleLabel
    label = cut(item.quotable ? `${who}, ${item.channelLabel.toLowerCase()}: “${cut(item.body, 200)}”` : `${who}, ${item.channelLabel.toLowerCase()} (${item.kindLabel.toLowerCase()}, not for quoting)`, 300)
  } catch (err) {
    if (err instanceof AppError && err.code === AppErrorCode.NOT_FOUND) {
      throw validationFailed([{ field: 'evidenceId', message: 'There is no evidence item with that reference. Check it and try again' }])
    }
    throw err
  }
  return inTransaction(deps, actor, async uow => {
    if (await linkExists(uow.trx, key, 'evidence', id)) throw validationFailed([{ field: 'evidenceId', message: 'The commitment is already linked to that evidence item' }])
    const linkId = newId(uow.now.getTime())
    const row = { id: linkId, commitment_key: key, kind: 'evidence' as const, target_id: id, label, created_by_user_id: actor.userId, created_at: uow.now.toISOString() }
    await insertLink(uow.trx, row)
    await uow.audit({ action: 'charter.commitment_linked', subjectType: 'charter_commitment_link', subjectId: linkId, summary: { after: { commitment: key, kind: 'evidence', target: id } } })
    return toLinkDto(row)
  })
}

/** Remove one link from a commitment. */
export async function unlinkCommitment(deps: AppDeps, actor: Actor, key: string, linkId: string): Promise<void> {
  assertMay(mayDraft(actor), 'link commitments')
  await inTransaction(deps, actor, async uow => {
    const link = await findLinkRow(uow.trx, linkId)
    if (!link || link.commitment_key !== key) throw notFound('There is no such link')
    await deleteLink(uow.trx, link.id)
    await uow.audit({
      action: 'charter.commitment_unlinked',
      subjectType: 'charter_commitment_link',
      subjectId: link.id,
      summary: { before: { commitment: key, kind: link.kind, target: link.target_id, label: link.label } },
    })
  })
}
