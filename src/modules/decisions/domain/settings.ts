// A proposal's way of deciding, as typed into the form (or given by another module), checked into the settings the
// rules take. Every problem is reported on its own field, in page order, in plain English.
import type { FieldError } from '../../../platform/errors.ts'
import { DEFAULT_STAND_ASIDE_LIMIT } from './rules/consensus.ts'
import { METHODS, type Fraction, type Method, type QuorumRule } from './rules/types.ts'

/** What is stored in `settings_json`. The seed is recorded when voting opens (ranked choice only). */
export interface StoredSettings {
  quorum: QuorumRule
  threshold?: Fraction
  standAsideLimit?: number
  seed?: string
}

export const THRESHOLDS: Record<string, { fraction: Fraction | null; label: string }> = {
  simple: { fraction: null, label: 'A simple majority: more for than against' },
  two_thirds: { fraction: { numerator: 2, denominator: 3 }, label: 'At least two-thirds of those voting for or against' },
  three_quarters: { fraction: { numerator: 3, denominator: 4 }, label: 'At least three-quarters of those voting for or against' },
}

/** Half the members must take part when no quorum is given. */
export const DEFAULT_QUORUM: QuorumRule = { minimumShare: 0.5 }

export interface SettingsInput {
  method: string
  /** The smallest number of members who must take part (empty: none). */
  quorumMinimum?: string | number | null
  /** The smallest share of the members, as a percentage (empty: none). Both empty: half the members. */
  quorumPercent?: string | number | null
  /** Majority only: simple | two_thirds | three_quarters. */
  threshold?: string | null
  /** Consensus only: stand-asides must stay below this percentage of those taking part (empty: 25). */
  standAsidePercent?: string | number | null
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(String(v).trim())
}

export function parseSettings(input: SettingsInput, problems: FieldError[]): { method: Method; settings: StoredSettings } {
  const method = String(input.method ?? '').trim() as Method
  if (!METHODS.includes(method)) problems.push({ field: 'method', message: 'Select how the Core Group will decide' })
  const quorum: QuorumRule = {}
  if (!blank(input.quorumMinimum)) {
    const n = num(input.quorumMinimum)
    if (!Number.isInteger(n) || n < 1 || n > 1000) problems.push({ field: 'quorumMinimum', message: 'Enter the number of members who must take part as a whole number from 1 to 1,000, or leave it empty' })
    else quorum.minimumVoters = n
  }
  if (!blank(input.quorumPercent)) {
    const n = num(input.quorumPercent)
    if (!Number.isFinite(n) || n <= 0 || n > 100) problems.push({ field: 'quorumPercent', message: 'Enter the share of members who must take part as a percentage from 1 to 100, or leave it empty' })
    else quorum.minimumShare = n / 100
  }
  const settings: StoredSettings = { quorum: quorum.minimumVoters === undefined && quorum.minimumShare === undefined ? { ...DEFAULT_QUORUM } : quorum }
  if (method === 'majority') {
    const key = blank(input.threshold) ? 'simple' : String(input.threshold)
    const t = THRESHOLDS[key]
    if (!t) problems.push({ field: 'threshold', message: 'Select how many must vote for it' })
    else if (t.fraction) settings.threshold = t.fraction
  }
  if (method === 'consensus') {
    if (blank(input.standAsidePercent)) settings.standAsideLimit = DEFAULT_STAND_ASIDE_LIMIT
    else {
      const n = num(input.standAsidePercent)
      if (!Number.isFinite(n) || n <= 0 || n > 100) problems.push({ field: 'standAsidePercent', message: 'Enter the share who may stand aside as a percentage from 1 to 100, or leave it empty for 25' })
      else settings.standAsideLimit = n / 100
    }
  }
  return { method, settings }
}

/** The settings as the form shows them again (for a change). */
export function settingsToInput(method: string, s: StoredSettings): Required<SettingsInput> {
  const threshold = Object.entries(THRESHOLDS).find(([, t]) => t.fraction?.numerator === s.threshold?.numerator && t.fraction?.denominator === s.threshold?.denominator)?.[0] ?? 'simple'
  return {
    method,
    quorumMinimum: s.quorum.minimumVoters === undefined ? '' : String(s.quorum.minimumVoters),
    quorumPercent: s.quorum.minimumShare === undefined ? '' : String(Math.round(s.quorum.minimumShare * 1000) / 10),
    threshold,
    standAsidePercent: s.standAsideLimit === undefined ? '' : String(Math.round(s.standAsideLimit * 1000) / 10),
  }
}

/** The way of deciding in plain English, for the proposal's page. */
export function settingsInWords(method: Method, s: StoredSettings): string[] {
  const out: string[] = []
  const q = s.quorum
  const parts: string[] = []
  if (q.minimumVoters !== undefined) parts.push(`at least ${q.minimumVoters} ${q.minimumVoters === 1 ? 'member' : 'members'}`)
  if (q.minimumShare !== undefined) parts.push(`at least ${Math.round(q.minimumShare * 1000) / 10}% of the members`)
  out.push(`Quorum: ${parts.join(' and ')} must take part${parts.length > 1 ? ' (the larger applies)' : ''}.`)
  if (method === 'majority') {
    const t = Object.values(THRESHOLDS).find(x => x.fraction?.numerator === s.threshold?.numerator && x.fraction?.denominator === s.threshold?.denominator) ?? THRESHOLDS.simple!
    out.push(`To be agreed: ${t.label.charAt(0).toLowerCase()}${t.label.slice(1)}.`)
  }
  if (method === 'consensus') out.push(`To be agreed: no one blocks, and fewer than ${Math.round((s.standAsideLimit ?? DEFAULT_STAND_ASIDE_LIMIT) * 1000) / 10}% of those taking part stand aside.`)
  if (method === 'consent') out.push('To be agreed: no objection stands. Concerns are recorded with the decision.')
  if (method === 'ranked') out.push('Members number the options in order of preference. The option with more than half of the votes still in the count is chosen; the option with fewest votes is removed, round by round.')
  return out
}
