import { createHash } from 'node:crypto'

/**
 * What one version of a charter says: pure data, no storage. Every section, commitment and "what we ask of you"
 * item has a `key`: a stable id kept from version to version, so that a reworded or moved commitment is recognised
 * as the same commitment (see docs/charter/versions.md).
 */
export interface CharterCommitment {
  key: string
  /** "We will ..." in plain English. */
  text: string
  /** The principles (by key) this commitment delivers. A set: their order has no meaning. */
  principleKeys: string[]
}

export interface CharterAsk {
  key: string
  text: string
}

export interface CharterSection {
  key: string
  title: string
  /** May be empty. */
  introduction: string
  commitments: CharterCommitment[]
  asks: CharterAsk[]
}

export interface CharterContent {
  title: string
  /** May be empty. */
  introduction: string
  sections: CharterSection[]
}

/** Something wrong with a charter's content, in plain English. `path` points at the field (for error summaries). */
export interface ContentProblem {
  path: string
  message: string
}

/** Letters, numbers, hyphens and underscores; starts with a letter or number; at most 64 characters. */
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/

function describeSection(section: CharterSection, index: number): string {
  const title = typeof section.title === 'string' ? section.title.trim() : ''
  return title ? `section ${index + 1} (“${title}”)` : `section ${index + 1}`
}

function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === ''
}

/**
 * Check a charter's content. Returns every problem found (an empty list when it is fine), each in plain English.
 * Section keys must be unique among sections; commitment and ask keys share one set and must be unique across the
 * whole charter (a commitment keeps its key when it moves to another section). Commitments may link only to the
 * principles given.
 */
export function validateContent(content: CharterContent, principleKeys: Iterable<string>): ContentProblem[] {
  const problems: ContentProblem[] = []
  const principles = new Set(principleKeys)
  if (isBlank(content.title)) problems.push({ path: 'title', message: 'Enter a title for the charter' })
  if (typeof content.introduction !== 'string') {
    problems.push({ path: 'introduction', message: 'The introduction must be text' })
  }
  if (!Array.isArray(content.sections) || content.sections.length === 0) {
    problems.push({ path: 'sections', message: 'The charter must have at least one section' })
    return problems
  }

  const sectionKeys = new Map<string, number>()
  const itemKeys = new Map<string, string>()
  const checkKey = (key: unknown, path: string, what: string): key is string => {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      problems.push({
        path,
        message: `The key of ${what} must be 1 to 64 letters, numbers, hyphens or underscores, starting with a letter or number`,
      })
      return false
    }
    return true
  }

  content.sections.forEach((section, s) => {
    const where = describeSection(section, s)
    const base = `sections-${s}`
    if (checkKey(section.key, `${base}-key`, where)) {
      const earlier = sectionKeys.get(section.key)
      if (earlier !== undefined) {
        problems.push({
          path: `${base}-key`,
          message: `The key of ${where} is already used by section ${earlier + 1}: each section needs its own key`,
        })
      } else {
        sectionKeys.set(section.key, s)
      }
    }
    if (isBlank(section.title)) problems.push({ path: `${base}-title`, message: `Enter a title for section ${s + 1}` })
    if (typeof section.introduction !== 'string') {
      problems.push({ path: `${base}-introduction`, message: `The introduction to ${where} must be text` })
    }

    const commitments = Array.isArray(section.commitments) ? section.commitments : []
    const asks = Array.isArray(section.asks) ? section.asks : []
    if (commitments.length === 0 && asks.length === 0) {
      problems.push({ path: base, message: `Add at least one commitment or “what we ask of you” item to ${where}` })
    }

    const checkItemKey = (key: unknown, path: string, what: string) => {
      if (!checkKey(key, path, what)) return
      const earlier = itemKeys.get(key)
      if (earlier !== undefined) {
        problems.push({ path, message: `The key of ${what} is already used by ${earlier}: each item needs its own key` })
      } else {
        itemKeys.set(key, what)
      }
    }

    commitments.forEach((commitment, c) => {
      const what = `commitment ${c + 1} in ${where}`
      const path = `${base}-commitments-${c}`
      checkItemKey(commitment.key, `${path}-key`, what)
      if (isBlank(commitment.text)) problems.push({ path: `${path}-text`, message: `Enter the text of ${what}` })
      const links = Array.isArray(commitment.principleKeys) ? commitment.principleKeys : []
      const seen = new Set<string>()
      for (const principleKey of links) {
        if (seen.has(principleKey)) {
          problems.push({ path: `${path}-principleKeys`, message: `${capitalise(what)} links to the same principle twice` })
        } else if (!principles.has(principleKey)) {
          problems.push({
            path: `${path}-principleKeys`,
            message: `${capitalise(what)} links to a principle that does not exist (“${principleKey}”)`,
          })
        }
        seen.add(principleKey)
      }
    })
    asks.forEach((ask, a) => {
      const what = `“what we ask of you” item ${a + 1} in ${where}`
      const path = `${base}-asks-${a}`
      checkItemKey(ask.key, `${path}-key`, what)
      if (isBlank(ask.text)) problems.push({ path: `${path}-text`, message: `Enter the text of ${what}` })
    })
  })
  return problems
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/** JSON with object keys in code-point order and no spaces: the same content always gives the same text. */
function stringifyCanonical(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(stringifyCanonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    return `{${keys.map(k => `${JSON.stringify(k)}:${stringifyCanonical(value[k]!)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

function byCodePoint(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * Only the fields a version holds (anything else is dropped), with each commitment's principle keys sorted: they
 * are a set. Text is kept exactly as written (no trimming), so the hash covers what people read.
 */
export function normaliseContent(content: CharterContent): CharterContent {
  return {
    title: content.title,
    introduction: content.introduction,
    sections: content.sections.map(section => ({
      key: section.key,
      title: section.title,
      introduction: section.introduction,
      commitments: section.commitments.map(commitment => ({
        key: commitment.key,
        text: commitment.text,
        principleKeys: [...commitment.principleKeys].sort(byCodePoint),
      })),
      asks: section.asks.map(ask => ({ key: ask.key, text: ask.text })),
    })),
  }
}

/** The canonical serialisation of a version's content: what is stored, and what the hash is taken of. */
export function canonicalJson(content: CharterContent): string {
  return stringifyCanonical(normaliseContent(content) as unknown as Json)
}

/** SHA-256 of the canonical serialisation, as 64 lower-case hex digits. Stored with the version and re-checked. */
export function contentHash(content: CharterContent): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex')
}

/** True when this content is exactly what was hashed when the version was made. */
export function contentMatchesHash(content: CharterContent, hash: string): boolean {
  return contentHash(content) === hash.toLowerCase()
}

/**
 * Read stored content back (from `canonicalJson`), checking its shape. Returns the content, or a plain-English
 * reason it cannot be read. Whether the content is otherwise valid is `validateContent`'s job.
 */
export function parseContent(json: string): { ok: true; content: CharterContent } | { ok: false; reason: string } {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return { ok: false, reason: 'The stored charter is not valid JSON' }
  }
  const isString = (v: unknown): v is string => typeof v === 'string'
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
  if (!isObject(value) || !isString(value.title) || !isString(value.introduction) || !Array.isArray(value.sections)) {
    return { ok: false, reason: 'The stored charter has no title, introduction or list of sections' }
  }
  for (const [s, section] of value.sections.entries()) {
    if (
      !isObject(section) ||
      !isString(section.key) ||
      !isString(section.title) ||
      !isString(section.introduction) ||
      !Array.isArray(section.commitments) ||
      !Array.isArray(section.asks)
    ) {
      return { ok: false, reason: `Section ${s + 1} of the stored charter is incomplete` }
    }
    for (const commitment of section.commitments) {
      if (
        !isObject(commitment) ||
        !isString(commitment.key) ||
        !isString(commitment.text) ||
        !Array.isArray(commitment.principleKeys) ||
        !commitment.principleKeys.every(isString)
      ) {
        return { ok: false, reason: `A commitment in section ${s + 1} of the stored charter is incomplete` }
      }
    }
    for (const ask of section.asks) {
      if (!isObject(ask) || !isString(ask.key) || !isString(ask.text)) {
        return { ok: false, reason: `A “what we ask of you” item in section ${s + 1} of the stored charter is incomplete` }
      }
    }
  }
  return { ok: true, content: normaliseContent(value as unknown as CharterContent) }
}
