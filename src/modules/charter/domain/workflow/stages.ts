// The charter workflow as a pure state machine: the stages in order, which moves are allowed, the gates each move
// must pass, and who takes each step. No I/O and no clock: commands (workflow.ts) gather the facts and call these.
import type { ReviewAudience, WorkflowStage } from '../../data/charter.table.ts'

export type { WorkflowStage }

export const STAGES: readonly WorkflowStage[] = [
  'draft',
  'core_group_review',
  'stakeholder_sense_check',
  'advice',
  'core_group_sign_off',
  'submitted',
  'approved',
  'published',
]

/** In plain English, as a panel member reads it. */
export const STAGE_LABELS: Readonly<Record<WorkflowStage, string>> = {
  draft: 'Drafting',
  core_group_review: 'Core Group review',
  stakeholder_sense_check: 'Stakeholder sense-check',
  advice: 'Advice from the ombudsman and staff',
  core_group_sign_off: 'Core Group sign-off',
  submitted: 'Submitted for approval',
  approved: 'Approved',
  published: 'Published',
}

/** The stages in which a newer version may replace the one under review. */
export const REVIEW_STAGES: readonly WorkflowStage[] = ['core_group_review', 'stakeholder_sense_check', 'advice']

export function isStage(value: unknown): value is WorkflowStage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value)
}

export function stageIndex(stage: WorkflowStage): number {
  return STAGES.indexOf(stage)
}

/** The one stage a workflow may move forward to, or null at the end (published). */
export function nextStage(stage: WorkflowStage): WorkflowStage | null {
  return STAGES[stageIndex(stage) + 1] ?? null
}

/**
 * Back to drafting: from any stage after drafting and before approval (with a reason), or from published to start
 * the next edition. An approved version must be published: its approval is recorded and never undone.
 */
export function mayReturnToDraft(stage: WorkflowStage): boolean {
  if (stage === 'published') return true
  return stage !== 'draft' && stageIndex(stage) < stageIndex('approved')
}

export function maySwitchVersion(stage: WorkflowStage): boolean {
  return REVIEW_STAGES.includes(stage)
}

/** Why a move forward from `from` to `to` is not a move the workflow allows, or null if it is one step on. */
export function forwardMoveProblem(from: WorkflowStage, to: WorkflowStage): string | null {
  if (from === to) return `The charter is already at “${STAGE_LABELS[to]}”`
  const next = nextStage(from)
  if (next === null) return 'The charter is published: start the next edition by going back to drafting'
  if (to === next) return null
  if (stageIndex(to) < stageIndex(from)) {
    return `The charter can only go back to drafting, not to “${STAGE_LABELS[to]}”`
  }
  return `The charter must go through “${STAGE_LABELS[next]}” before “${STAGE_LABELS[to]}”: it moves one stage at a time`
}

/** Who takes a step, in plain English, and the permission they need. */
export interface StepOwner {
  who: string
  permission: 'charter:manage_workflow' | 'charter:approve'
}

export function ownerOfMoveTo(to: WorkflowStage): StepOwner {
  if (to === 'approved') return { who: 'The approver, who records the approval of the submitted version', permission: 'charter:approve' }
  return { who: 'A policy official', permission: 'charter:manage_workflow' }
}

/** The audiences whose closed review round a move needs (all of them, in one round or several). */
export function audiencesNeededFor(to: WorkflowStage): readonly ReviewAudience[] {
  switch (to) {
    case 'stakeholder_sense_check':
      return ['core_group']
    case 'advice':
      return ['stakeholders']
    case 'core_group_sign_off':
      return ['ombudsman', 'staff']
    default:
      return []
  }
}

export const AUDIENCE_LABELS: Readonly<Record<ReviewAudience, string>> = {
  core_group: 'the Core Group',
  stakeholders: 'stakeholder organisations',
  ombudsman: 'the ombudsman',
  advisory_group: 'the expert advisory group',
  staff: 'service staff',
}

/** What a sign-off decision says about the workflow's version, as the gate to "submitted" needs it. */
export interface SignOffFacts {
  /** Decisions whose subject is exactly the workflow's version. */
  decisionsForVersion: readonly { id: string; outcome: 'adopted' | 'not_adopted' | 'no_quorum' | null }[]
}

/** The facts a forward move's gate looks at. */
export interface GateFacts {
  /** The version the workflow holds (or is to take, for core_group_review); null when there is none. */
  versionNumber: number | null
  /** Audiences of closed review rounds on that version or an earlier one. */
  reviewedAudiences: ReadonlySet<ReviewAudience>
  signOff: SignOffFacts
}

/** Why the workflow cannot yet enter `to`, in plain English (what is missing and what to do), or null. */
export function gateProblem(to: WorkflowStage, facts: GateFacts): string | null {
  if (to === 'draft') return null
  if (facts.versionNumber === null) {
    return 'There is no version of the charter to review yet: save a version of the draft first'
  }
  const needed = audiencesNeededFor(to)
  const missing = needed.filter(a => !facts.reviewedAudiences.has(a))
  if (missing.length > 0) {
    const names = missing.map(a => AUDIENCE_LABELS[a])
    return (
      `Close a review round for ${joinAnd(names)} on version ${facts.versionNumber} or an earlier version ` +
      `before moving to “${STAGE_LABELS[to]}”`
    )
  }
  if (to === 'submitted') {
    const adopted = facts.signOff.decisionsForVersion.some(d => d.outcome === 'adopted')
    if (!adopted) {
      return (
        `The Core Group has not signed off version ${facts.versionNumber}: its sign-off decision on exactly this ` +
        'version must be decided and adopted before the charter is submitted for approval'
      )
    }
  }
  return null
}

export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** A YYYY-MM-DD date five years on. 29 February becomes 28 February when the later year has no 29 February. */
export function fiveYearsOn(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  const year = y + 5
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate()
  const day = Math.min(d, lastDay)
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** A real calendar date written YYYY-MM-DD (not 2027-02-30). */
export function isRealIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Today's date in the UK (Europe/London), YYYY-MM-DD: an approval dated today is never "in the future". */
export function ukDate(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now)
  const get = (type: string) => parts.find(p => p.type === type)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}`
}
