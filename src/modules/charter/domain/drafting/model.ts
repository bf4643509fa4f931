// The drafting slice's shared rules: who may read and draft, field limits, keys, and the settings of the checker.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../platform/errors.ts'
import { readSettings } from '../../data/drafting.repository.ts'
import type { ItemKind } from '../../data/charter.table.ts'
import { DEFAULT_MAX_SENTENCE_WORDS, DEFAULT_TARGET_READING_AGE, type PlainEnglishOptions } from '../plain-english/check.ts'
import { DEFAULT_JARGON } from '../plain-english/default-jargon.ts'
import { formatJargonList, parseJargonList, type JargonEntry } from '../plain-english/jargon.ts'
import { KEY_PATTERN } from '../versions/content.ts'

export type { ItemKind }

export const LIMITS = {
  title: 200,
  introduction: 5000,
  itemText: 2000,
  note: 2000,
  charterTitle: 200,
  charterIntroduction: 5000,
} as const

/** Setting keys in charter_setting. */
export const SETTING = {
  jargon: 'jargon',
  targetReadingAge: 'target_reading_age',
  title: 'title',
  introduction: 'introduction',
  retiredSectionKeys: 'retired_section_keys',
  retiredItemKeys: 'retired_item_keys',
} as const

export const DEFAULT_CHARTER_TITLE = 'Our charter'
export const MIN_READING_AGE = 7
export const MAX_READING_AGE = 18

export const ITEM_KIND_NAMES: Record<ItemKind, { one: string; heading: string }> = {
  commitment: { one: 'commitment', heading: 'Commitments' },
  ask: { one: '“what we ask of you” item', heading: 'What we ask of you' },
}

export function mayReadDrafts(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'charter:read_drafts')
}

export function mayDraft(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'charter:draft')
}

export function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

export function notFound(message: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message })
}

export function validationFailed(fieldErrors: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: fieldErrors[0]?.message, fieldErrors })
}

/** The trimmed text, with Windows line endings made plain. */
export function clean(text: string | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n').trim()
}

export function checkLength(errors: FieldError[], field: string, value: string, max: number, name: string): void {
  if (value.length > max) errors.push({ field, message: `${name} must be ${max.toLocaleString('en-GB')} characters or fewer` })
}

const KEY_HINT = 'letters, numbers, hyphens or underscores, starting with a letter or number, up to 64 characters'

/** Check a key typed by the drafter; returns an error message or null. */
export function keyProblem(key: string): string | null {
  return KEY_PATTERN.test(key) ? null : `The key must be ${KEY_HINT}`
}

const LEADING = /^(?:we\s+will\s+|we\s+ask\s+(?:you\s+)?(?:to\s+)?|please\s+)/i

/**
 * A key made from the text: a prefix and the first few words, in lower case, joined with hyphens ("We will answer
 * the phone within 2 minutes" -> "c-answer-the-phone-within"). `taken` says whether a key is used or retired; a
 * number is added until it is free.
 */
export function keyFromText(prefix: string, text: string, taken: (key: string) => boolean): string {
  const words = text
    .replace(LEADING, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(w => w !== '')
    .slice(0, 5)
  let base = `${prefix}-${words.join('-') || 'item'}`.slice(0, 48).replace(/-+$/, '')
  if (!KEY_PATTERN.test(base)) base = `${prefix}-item`
  if (!taken(base)) return base
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`
    if (!taken(candidate)) return candidate
  }
}

export function parseKeyList(value: string | undefined): string[] {
  if (!value) return []
  try {
    const v = JSON.parse(value) as unknown
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : []
  } catch {
    return []
  }
}

export interface DraftingSettings {
  title: string
  introduction: string
  /** The jargon list as text (one entry a line), as the drafter last saved it (or the starter list). */
  jargonText: string
  jargon: readonly JargonEntry[]
  /** True when the organisation has not set its own jargon list. */
  jargonIsDefault: boolean
  targetReadingAge: number
  maxSentenceWords: number
  retiredSectionKeys: string[]
  retiredItemKeys: string[]
}

/** The drafting settings, with the defaults for anything not set. */
export async function loadSettings(deps: Pick<AppDeps, 'db'>): Promise<DraftingSettings> {
  const stored = await readSettings(deps.db)
  const jargonText = stored.get(SETTING.jargon)
  const parsed = jargonText === undefined ? null : parseJargonList(jargonText)
  const age = Number(stored.get(SETTING.targetReadingAge))
  return {
    title: stored.get(SETTING.title) ?? DEFAULT_CHARTER_TITLE,
    introduction: stored.get(SETTING.introduction) ?? '',
    jargonText: jargonText ?? formatJargonList(DEFAULT_JARGON),
    jargon: parsed ? parsed.entries : DEFAULT_JARGON,
    jargonIsDefault: parsed === null,
    targetReadingAge: Number.isFinite(age) && age >= MIN_READING_AGE && age <= MAX_READING_AGE ? age : DEFAULT_TARGET_READING_AGE,
    maxSentenceWords: DEFAULT_MAX_SENTENCE_WORDS,
    retiredSectionKeys: parseKeyList(stored.get(SETTING.retiredSectionKeys)),
    retiredItemKeys: parseKeyList(stored.get(SETTING.retiredItemKeys)),
  }
}

export function checkerOptions(settings: DraftingSettings): PlainEnglishOptions {
  return { jargon: settings.jargon, targetReadingAge: settings.targetReadingAge, maxSentenceWords: settings.maxSentenceWords }
}
