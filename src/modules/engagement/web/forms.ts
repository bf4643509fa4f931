// The activities pages' forms, read with zod: every problem at once (what the form finds, then the domain's own rules
// on what could be read), one message per field, in page order, each saying what to do. parseForm
// (platform/http/validate.ts) keeps what the person typed for the re-render.
import { z } from 'zod'
import {
  ACTIVITY_KINDS,
  AUDIENCES,
  COMMISSIONERS,
  SESSION_MODES,
  activityRuleProblems,
  roundProblems,
  sessionProblems,
  type ActivityDto,
  type ActivityInput,
  type ActivityKind,
  type Audience,
  type CommissionedBy,
  type RoundDto,
  type RoundInput,
  type SessionDto,
  type SessionInput,
  type SessionMode,
} from '../domain/activities.ts'
import { londonDate, londonTimeOfDay, londonToUtc, parseTime } from '../domain/local-time.ts'

type Issue = { field: string; message: string }
export type FormValues = Record<string, unknown>

export function text(v: unknown): string {
  return (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '').trim()
}

/** The form field a problem belongs to, without a date input's "-day"/"-month"/"-year". */
function fieldOf(id: string): string {
  return id.replace(/-(day|month|year)$/, '')
}

/** Problems in the order their fields come on the page, one per field (the first found). */
export function inPageOrder(issues: readonly Issue[], order: readonly string[]): Issue[] {
  const out: Issue[] = []
  for (const i of issues) if (!out.some(o => fieldOf(o.field) === fieldOf(i.field))) out.push(i)
  const rank = (i: Issue) => {
    const n = order.indexOf(fieldOf(i.field))
    return n === -1 ? order.length : n
  }
  return out.map((i, n) => ({ i, n })).sort((a, b) => rank(a.i) - rank(b.i) || a.n - b.n).map(x => x.i)
}

function formSchema<T>(order: readonly string[], read: (values: FormValues, issues: Issue[]) => T) {
  return z.record(z.string(), z.unknown()).transform((values, ctx) => {
    const issues: Issue[] = []
    const out = read(values, issues)
    for (const i of inPageOrder(issues, order)) ctx.addIssue({ code: 'custom', path: [i.field], message: i.message })
    return issues.length > 0 ? z.NEVER : out
  })
}

/** Add the domain's problems for fields the form has not already found a problem with. */
function withRules(issues: Issue[], rules: readonly Issue[], skip: (field: string) => boolean = () => false): void {
  for (const r of rules) if (!skip(r.field) && !issues.some(i => fieldOf(i.field) === fieldOf(r.field))) issues.push(r)
}

/**
 * A GOV.UK date input (`<prefix>-day`, `-month`, `-year`) as an ISO date. Empty: null if optional, else a problem.
 * Undefined when it could not be read (the problem is in `issues`).
 */
function readDate(values: FormValues, prefix: string, what: string, issues: Issue[], optional: boolean): string | null | undefined {
  const day = text(values[`${prefix}-day`])
  const month = text(values[`${prefix}-month`])
  const year = text(values[`${prefix}-year`])
  const What = what.charAt(0).toUpperCase() + what.slice(1)
  if (!day && !month && !year) {
    if (optional) return null
    issues.push({ field: `${prefix}-day`, message: `Enter ${what}` })
    return undefined
  }
  if (!day) issues.push({ field: `${prefix}-day`, message: `${What} must include a day` })
  else if (!month) issues.push({ field: `${prefix}-month`, message: `${What} must include a month` })
  else if (!year) issues.push({ field: `${prefix}-year`, message: `${What} must include a year` })
  if (!day || !month || !year) return undefined
  const [d, m, y] = [Number(day), Number(month), Number(year)]
  const date = new Date(Date.UTC(y, m - 1, d))
  const real = /^\d{1,2}$/.test(day) && /^\d{1,2}$/.test(month) && /^\d{4}$/.test(year) && date.getUTCDate() === d && date.getUTCMonth() === m - 1 && y >= 2000 && y <= 2100
  if (!real) {
    issues.push({ field: `${prefix}-day`, message: `${What} must be a real date, like 27 3 2027` })
    return undefined
  }
  return date.toISOString().slice(0, 10)
}

/** A stored ISO date as the three boxes of a date input. */
function dateValues(prefix: string, iso: string | null): FormValues {
  if (!iso) return {}
  const [y, m, d] = iso.split('-')
  return { [`${prefix}-day`]: String(Number(d)), [`${prefix}-month`]: String(Number(m)), [`${prefix}-year`]: y }
}

// ---- rounds ----

export const ROUND_FIELDS = ['title', 'description', 'startsOn', 'endsOn'] as const

export const roundSchema = formSchema<RoundInput>(ROUND_FIELDS, (values, issues) => {
  const startsOn = readDate(values, 'startsOn', 'the start date', issues, true)
  const endsOn = readDate(values, 'endsOn', 'the end date', issues, true)
  const input = { title: text(values.title), description: text(values.description), startsOn: startsOn ?? null, endsOn: endsOn ?? null }
  withRules(issues, roundProblems(input))
  return input
})

export function roundValues(r: RoundDto): FormValues {
  return { title: r.title, description: r.description ?? '', ...dateValues('startsOn', r.startsOn), ...dateValues('endsOn', r.endsOn) }
}

// ---- activities ----

export const ACTIVITY_FIELDS = ['title', 'kind', 'roundId', 'purpose', 'audience', 'audienceDetail', 'audienceSelection', 'commissionedBy', 'commissioningDecision', 'opensOn', 'closesOn'] as const

/** The audience detail is typed in the box revealed under "A sub-group" or under "A selection of the panel". */
export function audienceDetailField(audience: string): 'audienceDetail' | 'audienceSelection' {
  return audience === 'selection' ? 'audienceSelection' : 'audienceDetail'
}

/** A command's problems as the activity form's fields. */
export function activityFormErrors(errors: readonly Issue[], audience: string): Issue[] {
  return inPageOrder(
    errors.map(e => (e.field === 'audienceDetail' ? { ...e, field: audienceDetailField(audience) } : e)),
    ACTIVITY_FIELDS,
  )
}

export const activitySchema = formSchema<ActivityInput>(ACTIVITY_FIELDS, (values, issues) => {
  const kind = text(values.kind) as ActivityKind
  if (!ACTIVITY_KINDS.some(k => k.code === kind)) issues.push({ field: 'kind', message: 'Select the kind of activity' })
  const audience = text(values.audience) as Audience
  const commissionedBy = text(values.commissionedBy) as CommissionedBy
  const opensOn = readDate(values, 'opensOn', 'the start date', issues, true)
  const closesOn = readDate(values, 'closesOn', 'the end date', issues, true)
  const input: ActivityInput = {
    roundId: text(values.roundId) || null,
    kind,
    title: text(values.title),
    purpose: text(values.purpose),
    audience,
    audienceDetail: audience === 'sub_group' || audience === 'selection' ? text(values[audienceDetailField(audience)]) : '',
    commissionedBy,
    commissioningDecision: commissionedBy === 'core_group' ? text(values.commissioningDecision) : '',
    opensOn: opensOn ?? null,
    closesOn: closesOn ?? null,
  }
  const rules = activityRuleProblems(input).map(p => (p.field === 'audienceDetail' ? { ...p, field: audienceDetailField(audience) } : p))
  // "Only a survey or a poll can be open to anyone" is about the audience only once the kind is known.
  withRules(issues, rules, field => field === 'audience' && issues.some(i => i.field === 'kind'))
  return input
})

export function activityValues(a: ActivityDto): FormValues {
  return {
    title: a.title,
    kind: a.kind,
    roundId: a.roundId ?? '',
    purpose: a.purpose,
    audience: a.audience,
    [audienceDetailField(a.audience)]: a.audienceDetail ?? '',
    commissionedBy: a.commissionedBy,
    commissioningDecision: a.commissioningDecision ?? '',
    ...dateValues('opensOn', a.opensOn),
    ...dateValues('closesOn', a.closesOn),
  }
}

// ---- sessions ----

export const SESSION_FIELDS = ['mode', 'location', 'address', 'date', 'startTime', 'endTime', 'joiningDetails', 'capacity', 'accessibility'] as const

export const sessionSchema = formSchema<SessionInput>(SESSION_FIELDS, (values, issues) => {
  const mode = text(values.mode) as SessionMode
  if (!SESSION_MODES.some(m => m.code === mode)) issues.push({ field: 'mode', message: 'Select how people take part' })
  const date = readDate(values, 'date', 'the date of the session', issues, false)
  const start = parseTime(text(values.startTime), 'the start time')
  if (!start.ok) issues.push({ field: 'startTime', message: start.message })
  const end = parseTime(text(values.endTime), 'the end time')
  if (!end.ok) issues.push({ field: 'endTime', message: end.message })
  let startsAt = ''
  let endsAt = ''
  if (date && start.ok && end.ok) {
    const clocksForward = 'does not exist on that day because the clocks go forward at 1am: choose a time before 1am or from 2am'
    startsAt = londonToUtc(date, start.time) ?? ''
    endsAt = londonToUtc(date, end.time) ?? ''
    if (!startsAt) issues.push({ field: 'startTime', message: `The start time ${clocksForward}` })
    if (!endsAt) issues.push({ field: 'endTime', message: `The end time ${clocksForward}` })
  }
  const capacityText = text(values.capacity).replace(/,/g, '')
  const inPerson = mode === 'in_person'
  const input: SessionInput = {
    mode,
    startsAt,
    endsAt,
    location: inPerson ? text(values.location) : '',
    address: inPerson ? text(values.address) : '',
    joiningDetails: text(values.joiningDetails),
    capacity: /^\d{1,6}$/.test(capacityText) ? Number(capacityText) : Number.NaN,
    accessibility: text(values.accessibility),
  }
  const timesUnread = !startsAt || !endsAt
  withRules(issues, sessionProblems(input), field => (field === 'date-day' || field === 'endTime') && timesUnread)
  return input
})

export function sessionValues(s: SessionDto): FormValues {
  return {
    mode: s.mode,
    ...dateValues('date', londonDate(s.startsAt)),
    startTime: londonTimeOfDay(s.startsAt),
    endTime: londonTimeOfDay(s.endsAt),
    location: s.location ?? '',
    address: s.address ?? '',
    joiningDetails: s.joiningDetails ?? '',
    capacity: String(s.capacity),
    accessibility: s.accessibility ?? '',
  }
}

/** The choice lists for radios and selects, with what the person chose checked. */
export function choices<C extends string>(list: readonly { code: C; label: string; hint?: string }[], chosen: unknown) {
  return list.map(x => ({ value: x.code, text: x.label, hint: x.hint ? { text: x.hint } : undefined, checked: chosen === x.code }))
}

export { AUDIENCES, COMMISSIONERS }
