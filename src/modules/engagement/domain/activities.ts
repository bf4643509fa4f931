// Rounds, activities and sessions: the plan of the engagement. An activity (a workshop, a Core Group meeting, an
// interview, a survey, a poll, a partner session) has a purpose, an audience, who commissioned it and its dates; a
// session is one meeting of it at a place, online or by phone, with a capacity. Each change is one transaction with
// its audit event.
import type { Actor } from '../../../platform/auth/actor.ts'
import { can } from '../../../platform/auth/permissions.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findActivity,
  findRound,
  findSession,
  insertActivity,
  insertRound,
  insertSession,
  listActivities,
  listRounds,
  listSessions,
  updateActivity,
  updateRound,
  updateSession,
  type ActivityFilter,
  type ActivityRow,
  type RoundRow,
  type SessionRow,
} from '../data/activity.repository.ts'
import type { ActivityKind, ActivityStatus, Audience, CommissionedBy, SessionMode } from '../data/activity.table.ts'

export type { ActivityKind, ActivityStatus, Audience, CommissionedBy, SessionMode }

export const ACTIVITY_KINDS: readonly { code: ActivityKind; label: string; hint: string }[] = [
  { code: 'core_group_meeting', label: 'Core Group meeting', hint: 'The Core Group meets to make decisions' },
  { code: 'workshop', label: 'Co-design workshop', hint: 'In one or more locations, or online' },
  { code: 'interview', label: 'Interviews', hint: 'One to one, usually by phone, for people who cannot attend' },
  { code: 'survey', label: 'Survey', hint: 'Questions answered online, by phone or on paper' },
  { code: 'poll', label: 'Poll', hint: 'A short question or two, for the whole panel or the public' },
  { code: 'partner_session', label: 'Partner session', hint: 'Run by a partner organisation with a seldom-heard group' },
]

export const AUDIENCES: readonly { code: Audience; label: string }[] = [
  { code: 'core_group', label: 'The Core Group' },
  { code: 'sub_group', label: 'A sub-group' },
  { code: 'whole_panel', label: 'The whole panel' },
  { code: 'selection', label: 'A selection of the panel' },
  { code: 'public', label: 'Anyone (a public poll)' },
]

export const COMMISSIONERS: readonly { code: CommissionedBy; label: string }[] = [
  { code: 'research_team', label: 'The research team' },
  { code: 'core_group', label: 'The Core Group' },
  { code: 'partner', label: 'A partner organisation' },
]

export const ACTIVITY_STATUSES: readonly { code: ActivityStatus; label: string }[] = [
  { code: 'planned', label: 'Planned' },
  { code: 'open', label: 'Open' },
  { code: 'closed', label: 'Closed' },
  { code: 'cancelled', label: 'Cancelled' },
]

export const SESSION_MODES: readonly { code: SessionMode; label: string }[] = [
  { code: 'in_person', label: 'In person' },
  { code: 'online', label: 'Online' },
  { code: 'phone', label: 'By phone' },
]

export const labelOf = <C extends string>(list: readonly { code: C; label: string }[], code: string | null): string => list.find(x => x.code === code)?.label ?? ''

export function mayReadEngagement(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'engagement:read')
}
export function mayManageEngagement(actor: Actor): boolean {
  return actor.role === 'system' || can(actor.role, 'engagement:manage')
}

function assertMay(allowed: boolean, what: string): void {
  if (!allowed) throw new AppError(AppErrorCode.FORBIDDEN, { message: `You cannot ${what}` })
}

function validationFailed(problems: { field: string; message: string }[]): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: 'Check what you entered', fieldErrors: problems })
}

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

// ---- rounds ----

export interface RoundInput {
  title: string
  description: string
  startsOn: string | null
  endsOn: string | null
}

/** The rules for a round, every problem at once (the form shows them with its own). */
export function roundProblems(input: RoundInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  if (!input.title.trim()) problems.push({ field: 'title', message: 'Enter a name for the round, for example “First round of workshops”' })
  else if (input.title.length > 200) problems.push({ field: 'title', message: 'The name must be 200 characters or fewer' })
  if (input.description.length > 5000) problems.push({ field: 'description', message: 'The description must be 5,000 characters or fewer' })
  if (input.startsOn && !isRealDate(input.startsOn)) problems.push({ field: 'startsOn-day', message: 'The start date must be a real date' })
  if (input.endsOn && !isRealDate(input.endsOn)) problems.push({ field: 'endsOn-day', message: 'The end date must be a real date' })
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) problems.push({ field: 'endsOn-day', message: 'The end date must be the same as or after the start date' })
  return problems
}

export async function createRound(deps: AppDeps, actor: Actor, input: RoundInput): Promise<{ id: string }> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const problems = roundProblems(input)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await insertRound(uow.trx, {
      id,
      title: input.title.trim(),
      description: input.description.trim() || null,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      created_by_user_id: actor.userId,
      created_at: now,
      updated_at: now,
    })
    await uow.audit({ action: 'engagement.round_created', subjectType: 'engagement_round', subjectId: id, summary: { title: input.title.trim(), startsOn: input.startsOn, endsOn: input.endsOn } })
  })
  return { id }
}

export async function changeRound(deps: AppDeps, actor: Actor, id: string, input: RoundInput): Promise<void> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const before = await findRound(deps.db, id)
  if (!before) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such round' })
  const problems = roundProblems(input)
  if (problems.length) throw validationFailed(problems)
  await inTransaction(deps, actor, async uow => {
    const after = { title: input.title.trim(), description: input.description.trim() || null, starts_on: input.startsOn, ends_on: input.endsOn }
    await updateRound(uow.trx, id, { ...after, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'engagement.round_changed',
      subjectType: 'engagement_round',
      subjectId: id,
      summary: { before: { title: before.title, description: before.description, starts_on: before.starts_on, ends_on: before.ends_on }, after },
    })
  })
}

// ---- activities ----

export interface ActivityInput {
  roundId: string | null
  kind: ActivityKind
  title: string
  purpose: string
  audience: Audience
  audienceDetail: string
  commissionedBy: CommissionedBy
  commissioningDecision: string
  opensOn: string | null
  closesOn: string | null
}

async function activityProblems(deps: Pick<AppDeps, 'db'>, input: ActivityInput): Promise<{ field: string; message: string }[]> {
  const problems: { field: string; message: string }[] = []
  if (input.roundId && !(await findRound(deps.db, input.roundId))) problems.push({ field: 'roundId', message: 'Select a round from the list, or no round' })
  return [...problems, ...activityRuleProblems(input)]
}

/** The rules for an activity that need no database (all but "the round exists"), every problem at once. */
export function activityRuleProblems(input: ActivityInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  if (!ACTIVITY_KINDS.some(k => k.code === input.kind)) problems.push({ field: 'kind', message: 'Select the kind of activity' })
  if (!input.title.trim()) problems.push({ field: 'title', message: 'Enter a name for the activity, for example “Workshop: applying for Adult Disability Payment”' })
  else if (input.title.length > 200) problems.push({ field: 'title', message: 'The name must be 200 characters or fewer' })
  if (!input.purpose.trim()) problems.push({ field: 'purpose', message: 'Enter the purpose: what this activity is for and what will be done with what people say' })
  else if (input.purpose.length > 5000) problems.push({ field: 'purpose', message: 'The purpose must be 5,000 characters or fewer' })
  if (!AUDIENCES.some(a => a.code === input.audience)) problems.push({ field: 'audience', message: 'Select who the activity is for' })
  else if (input.audience === 'public' && input.kind !== 'poll' && input.kind !== 'survey') problems.push({ field: 'audience', message: 'Only a survey or a poll can be open to anyone' })
  if ((input.audience === 'sub_group' || input.audience === 'selection') && !input.audienceDetail.trim()) {
    problems.push({ field: 'audienceDetail', message: 'Say who is in the sub-group or selection' })
  } else if (input.audienceDetail.length > 1000) problems.push({ field: 'audienceDetail', message: 'The description of who it is for must be 1,000 characters or fewer' })
  if (!COMMISSIONERS.some(c => c.code === input.commissionedBy)) problems.push({ field: 'commissionedBy', message: 'Select who commissioned the activity' })
  if (input.commissionedBy === 'core_group' && !input.commissioningDecision.trim()) {
    problems.push({ field: 'commissioningDecision', message: 'Enter the Core Group decision that commissioned it, for example “Decision 14, 3 March 2027”' })
  } else if (input.commissioningDecision.length > 200) problems.push({ field: 'commissioningDecision', message: 'The decision must be 200 characters or fewer' })
  if (input.opensOn && !isRealDate(input.opensOn)) problems.push({ field: 'opensOn-day', message: 'The start date must be a real date' })
  if (input.closesOn && !isRealDate(input.closesOn)) problems.push({ field: 'closesOn-day', message: 'The end date must be a real date' })
  if (input.opensOn && input.closesOn && input.closesOn < input.opensOn) problems.push({ field: 'closesOn-day', message: 'The end date must be the same as or after the start date' })
  return problems
}

function activityColumns(input: ActivityInput) {
  return {
    round_id: input.roundId,
    kind: input.kind,
    title: input.title.trim(),
    purpose: input.purpose.trim(),
    audience: input.audience,
    audience_detail: input.audienceDetail.trim() || null,
    commissioned_by: input.commissionedBy,
    commissioning_decision: input.commissioningDecision.trim() || null,
    opens_on: input.opensOn,
    closes_on: input.closesOn,
  }
}

export async function createActivity(deps: AppDeps, actor: Actor, input: ActivityInput): Promise<{ id: string }> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const problems = await activityProblems(deps, input)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const columns = activityColumns(input)
    await insertActivity(uow.trx, { id, ...columns, audience_filter_json: null, status: 'planned', created_by_user_id: actor.userId, created_at: now, updated_at: now })
    await uow.audit({ action: 'engagement.activity_created', subjectType: 'engagement_activity', subjectId: id, summary: columns })
  })
  return { id }
}

export async function changeActivity(deps: AppDeps, actor: Actor, id: string, input: ActivityInput): Promise<void> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const before = await findActivity(deps.db, id)
  if (!before) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such activity' })
  const problems = await activityProblems(deps, input)
  if (problems.length) throw validationFailed(problems)
  const after = activityColumns(input)
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof ActivityRow] !== v))
  if (Object.keys(changed).length === 0) return
  await inTransaction(deps, actor, async uow => {
    await updateActivity(uow.trx, id, { ...after, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'engagement.activity_changed',
      subjectType: 'engagement_activity',
      subjectId: id,
      summary: { before: Object.fromEntries(Object.keys(changed).map(k => [k, before[k as keyof ActivityRow]])), after: changed },
    })
  })
}

const NEXT_STATUSES: Record<ActivityStatus, ActivityStatus[]> = {
  planned: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: ['open'],
  cancelled: ['planned'],
}

export function nextStatuses(status: ActivityStatus): ActivityStatus[] {
  return NEXT_STATUSES[status]
}

/** Open, close, cancel or reopen an activity (only the moves in NEXT_STATUSES). */
export async function changeActivityStatus(deps: AppDeps, actor: Actor, id: string, status: ActivityStatus): Promise<void> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const before = await findActivity(deps.db, id)
  if (!before) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such activity' })
  if (!NEXT_STATUSES[before.status].includes(status)) {
    throw new AppError(AppErrorCode.INVALID_STATE, { message: `An activity that is ${labelOf(ACTIVITY_STATUSES, before.status).toLowerCase()} cannot become ${labelOf(ACTIVITY_STATUSES, status).toLowerCase() || status}` })
  }
  await inTransaction(deps, actor, async uow => {
    await updateActivity(uow.trx, id, { status, updated_at: uow.now.toISOString() })
    await uow.audit({ action: 'engagement.activity_status_changed', subjectType: 'engagement_activity', subjectId: id, summary: { before: before.status, after: status } })
  })
}

// ---- sessions ----

export interface SessionInput {
  mode: SessionMode
  /** ISO date-times (UTC). */
  startsAt: string
  endsAt: string
  location: string
  address: string
  joiningDetails: string
  capacity: number
  accessibility: string
}

/** The rules for a session, every problem at once (the form shows them with its own). */
export function sessionProblems(input: SessionInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = []
  if (!SESSION_MODES.some(m => m.code === input.mode)) problems.push({ field: 'mode', message: 'Select how people take part' })
  if (Number.isNaN(Date.parse(input.startsAt))) problems.push({ field: 'date-day', message: 'Enter the date of the session' })
  if (Number.isNaN(Date.parse(input.endsAt)) || input.endsAt <= input.startsAt) problems.push({ field: 'endTime', message: 'The end time must be after the start time' })
  if (input.mode === 'in_person' && !input.location.trim()) problems.push({ field: 'location', message: 'Enter the venue and town, for example “Eastport Community Centre, Eastport”' })
  if (input.location.length > 200) problems.push({ field: 'location', message: 'The venue must be 200 characters or fewer' })
  if (input.address.length > 1000) problems.push({ field: 'address', message: 'The address must be 1,000 characters or fewer' })
  if (input.joiningDetails.length > 1000) problems.push({ field: 'joiningDetails', message: 'How to join must be 1,000 characters or fewer' })
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 10_000) problems.push({ field: 'capacity', message: 'Enter how many people can take part, a whole number from 1 to 10,000' })
  if (input.accessibility.length > 2000) problems.push({ field: 'accessibility', message: 'The accessibility details must be 2,000 characters or fewer' })
  return problems
}

function sessionColumns(input: SessionInput) {
  return {
    mode: input.mode,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    location: input.location.trim() || null,
    address: input.address.trim() || null,
    joining_details: input.joiningDetails.trim() || null,
    capacity: input.capacity,
    accessibility: input.accessibility.trim() || null,
  }
}

export async function addSession(deps: AppDeps, actor: Actor, activityId: string, input: SessionInput): Promise<{ id: string }> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const activity = await findActivity(deps.db, activityId)
  if (!activity) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such activity' })
  const problems = sessionProblems(input)
  if (problems.length) throw validationFailed(problems)
  const id = newId(deps.clock.now().getTime())
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const columns = sessionColumns(input)
    await insertSession(uow.trx, { id, activity_id: activityId, ...columns, status: 'scheduled', created_at: now, updated_at: now })
    await uow.audit({ action: 'engagement.session_added', subjectType: 'engagement_session', subjectId: id, summary: { activityId, ...columns } })
  })
  return { id }
}

export async function changeSession(deps: AppDeps, actor: Actor, sessionId: string, input: SessionInput): Promise<void> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const before = await findSession(deps.db, sessionId)
  if (!before) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  const problems = sessionProblems(input)
  if (problems.length) throw validationFailed(problems)
  const after = sessionColumns(input)
  const changed = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof SessionRow] !== v))
  if (Object.keys(changed).length === 0) return
  await inTransaction(deps, actor, async uow => {
    await updateSession(uow.trx, sessionId, { ...after, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'engagement.session_changed',
      subjectType: 'engagement_session',
      subjectId: sessionId,
      summary: { before: Object.fromEntries(Object.keys(changed).map(k => [k, before[k as keyof SessionRow]])), after: changed },
    })
  })
}

export async function cancelSession(deps: AppDeps, actor: Actor, sessionId: string): Promise<void> {
  assertMay(mayManageEngagement(actor), 'plan engagement')
  const before = await findSession(deps.db, sessionId)
  if (!before) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  if (before.status === 'cancelled') return
  await inTransaction(deps, actor, async uow => {
    await updateSession(uow.trx, sessionId, { status: 'cancelled', updated_at: uow.now.toISOString() })
    await uow.audit({ action: 'engagement.session_cancelled', subjectType: 'engagement_session', subjectId: sessionId, summary: { activityId: before.activity_id, startsAt: before.starts_at } })
  })
}

// ---- queries ----

export interface ActivityDto {
  id: string
  roundId: string | null
  roundTitle: string | null
  kind: ActivityKind
  kindLabel: string
  title: string
  purpose: string
  audience: Audience
  audienceLabel: string
  audienceDetail: string | null
  commissionedBy: CommissionedBy
  commissionedByLabel: string
  commissioningDecision: string | null
  opensOn: string | null
  closesOn: string | null
  status: ActivityStatus
  statusLabel: string
  sessions: SessionDto[]
  createdAt: string
}

export interface SessionDto {
  id: string
  activityId: string
  mode: SessionMode
  modeLabel: string
  startsAt: string
  endsAt: string
  location: string | null
  address: string | null
  joiningDetails: string | null
  capacity: number
  accessibility: string | null
  status: SessionRow['status']
}

export interface RoundDto {
  id: string
  title: string
  description: string | null
  startsOn: string | null
  endsOn: string | null
}

function toSession(s: SessionRow): SessionDto {
  return {
    id: s.id,
    activityId: s.activity_id,
    mode: s.mode,
    modeLabel: labelOf(SESSION_MODES, s.mode),
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    location: s.location,
    address: s.address,
    joiningDetails: s.joining_details,
    capacity: s.capacity,
    accessibility: s.accessibility,
    status: s.status,
  }
}

function toRound(r: RoundRow): RoundDto {
  return { id: r.id, title: r.title, description: r.description, startsOn: r.starts_on, endsOn: r.ends_on }
}

function toActivity(a: ActivityRow, rounds: ReadonlyMap<string, RoundRow>, sessions: readonly SessionRow[]): ActivityDto {
  return {
    id: a.id,
    roundId: a.round_id,
    roundTitle: a.round_id ? (rounds.get(a.round_id)?.title ?? null) : null,
    kind: a.kind,
    kindLabel: labelOf(ACTIVITY_KINDS, a.kind),
    title: a.title,
    purpose: a.purpose,
    audience: a.audience,
    audienceLabel: labelOf(AUDIENCES, a.audience),
    audienceDetail: a.audience_detail,
    commissionedBy: a.commissioned_by,
    commissionedByLabel: labelOf(COMMISSIONERS, a.commissioned_by),
    commissioningDecision: a.commissioning_decision,
    opensOn: a.opens_on,
    closesOn: a.closes_on,
    status: a.status,
    statusLabel: labelOf(ACTIVITY_STATUSES, a.status),
    sessions: sessions.filter(s => s.activity_id === a.id).map(toSession),
    createdAt: a.created_at,
  }
}

export async function getRounds(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<RoundDto[]> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  return (await listRounds(deps.db)).map(toRound)
}

export async function getRound(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<RoundDto> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  const r = await findRound(deps.db, id)
  if (!r) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such round' })
  return toRound(r)
}

export async function getActivities(deps: Pick<AppDeps, 'db'>, actor: Actor, filter: ActivityFilter = {}): Promise<ActivityDto[]> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  const [activities, rounds] = await Promise.all([listActivities(deps.db, filter), listRounds(deps.db)])
  const sessions = await listSessions(deps.db, activities.map(a => a.id))
  const byId = new Map(rounds.map(r => [r.id, r]))
  return activities.map(a => toActivity(a, byId, sessions))
}

export async function getActivity(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<ActivityDto> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  const a = await findActivity(deps.db, id)
  if (!a) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such activity' })
  const [rounds, sessions] = await Promise.all([listRounds(deps.db), listSessions(deps.db, [a.id])])
  return toActivity(a, new Map(rounds.map(r => [r.id, r])), sessions)
}

export async function getSession(deps: Pick<AppDeps, 'db'>, actor: Actor, id: string): Promise<SessionDto> {
  assertMay(mayReadEngagement(actor), 'see engagement')
  const s = await findSession(deps.db, id)
  if (!s) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such session' })
  return toSession(s)
}
