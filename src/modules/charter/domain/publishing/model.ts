// The published charter's data, shared by the renderers, the commands and the pages. Pure: no storage.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { can } from '../../../../platform/auth/permissions.ts'
import { AppError, AppErrorCode, type FieldError } from '../../../../platform/errors.ts'
import type { CharterContent } from '../versions/content.ts'

/** An approved version's approval, as recorded (never edited). */
export interface ApprovalInfo {
  body: string
  /** YYYY-MM-DD */
  approvedOn: string
  reference: string | null
}

/** A version of the charter with where it is: approved, published, replaced by a later published version. */
export interface VersionInfo {
  id: string
  number: number
  approval: ApprovalInfo | null
  publishedAt: string | null
  /** YYYY-MM-DD */
  reviewDueOn: string | null
  /** The number of the published version that replaced this one, or null when it is the current one. */
  replacedBy: number | null
}

/** A principle as the published charter names it: by the key commitments use, with its title. */
export interface PrincipleName {
  key: string
  title: string
}

/** One Easy Read item: its own text, with an optional picture (PNG or JPEG) and the picture's text alternative. */
export interface EasyReadEntry {
  key: string
  text: string
  picture: EasyReadPicture | null
}

export interface EasyReadPicture {
  mime: 'image/png' | 'image/jpeg'
  base64: string
  alt: string
}

/** Everything the renderers need for one version in one language. */
export interface CharterDocumentInput {
  content: CharterContent
  versionNumber: number
  principles: readonly PrincipleName[]
  approval: Pick<ApprovalInfo, 'body' | 'approvedOn'> | null
  reviewDueOn: string | null
  organisationName: string
  /** BCP 47 language of the text, e.g. 'en-GB', 'gd'. */
  lang: string
}

/** The things a page or PDF of the charter shows: one per heading, paragraph and list item, in reading order. */
export interface CharterPage {
  lang: string
  title: string
  introduction: string[]
  versionLine: string
  approvalLine: string | null
  reviewLine: string | null
  sections: CharterPageSection[]
}

export interface CharterPageSection {
  key: string
  number: number
  title: string
  introduction: string[]
  commitments: { key: string; number: number; text: string; principles: string[] }[]
  asks: { key: string; text: string }[]
}

/** The keys in a version that Easy Read text and translations attach to, in reading order. */
export type TargetKind = 'title' | 'introduction' | 'section' | 'section_introduction' | 'commitment' | 'ask'

export function mayManagePublishing(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'charter:manage_workflow')
}

export function assertMayManage(actor: Actor): void {
  if (!mayManagePublishing(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot change the published charter' })
}

export function notFound(what: string): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, { message: `There is no ${what}` })
}

export function validationFailed(fieldErrors: FieldError[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: fieldErrors[0]?.message, fieldErrors })
}

/** Paragraphs of a text: split at blank lines, each trimmed, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map(p => p.trim())
    .filter(p => p.length > 0)
}

/** Lines of a text (Easy Read puts one short sentence on each line): split at line breaks, empty ones dropped. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(p => p.trim())
    .filter(p => p.length > 0)
}

const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** "3 March 2027" from "2027-03-03" (or an ISO timestamp). */
export function dateInWords(value: string): string {
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value)
  return Number.isNaN(d.getTime()) ? value : longDate.format(d)
}
