// Complaints against the charter's commitments, handled as the Scottish Public Services Ombudsman's model procedure
// sets it: stage 1 (frontline response within 5 working days, extendable once to 10 with a reason), stage 2
// (investigation: acknowledged within 3 working days, answered within 20), then the ombudsman. Anyone may complain,
// signed in or not; staff enter complaints made by phone, letter, email or in person. The person's name and contact
// details are encrypted in a table of their own. Every step is audited (never with personal details) and recorded in
// the complaint's timeline; each step the person should hear about queues a message by their preferred channel
// (./messages.ts).
import type { Actor } from '../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import type { FieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import {
  appendEvent,
  findComplaint,
  findLearning,
  insertComplaint,
  insertContact,
  insertLearning,
  lastReferenceNumber,
  updateComplaint,
  updateLearning,
  type ComplaintRow,
} from '../data/redress.repository.ts'
import type { ComplaintChannel, ContactChannel, ContactFormat, OutcomeValue } from '../data/redress.table.ts'
import { checkExtension, stageDeadlines } from './calendar/deadlines.ts'
import { deliverQueuedEmails, queueMessage } from './messages.ts'
import {
  assertMayHandle,
  calendarOf,
  CONTACT_CHANNELS,
  contactContext,
  FORMATS,
  formatReference,
  invalidState,
  isIsoDate,
  mayComplain,
  mayHandle,
  NOT_SURE,
  notFound,
  OUTCOME_LABELS,
  OUTCOME_VALUES,
  publishedCommitments,
  STAFF_CHANNELS,
  todayOf,
  validationFailed,
} from './model.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'

export const LIMITS = { name: 200, email: 320, phone: 40, address: 1000, whatHappened: 5000, whatWanted: 2000, response: 10_000, reason: 1000, learning: 2000, owner: 200 } as const

export interface ComplaintInput {
  name: string
  email: string
  phone: string
  address: string
  preferredChannel: string
  preferredFormat: string
  /** Commitment keys, or NOT_SURE. */
  commitments: string[]
  whatHappened: string
  whatWanted: string
  /** Staff entry only: how the complaint came in, and the day it was received (YYYY-MM-DD; today when empty). */
  channel?: string
  receivedOn?: string
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

function longText(problems: FieldError[], field: string, value: string, max: number, missing: string, what: string): void {
  if (!value.trim()) problems.push({ field, message: missing })
  else if (value.length > max) problems.push({ field, message: `${what} must be ${max.toLocaleString('en-GB')} characters or fewer` })
}

/**
 * A new complaint: from the person themselves (online, signed in or not) or entered by the complaints handler from a
 * phone call, letter, email or visit. Returns its reference and the date a response is due.
 */
export async function submitComplaint(deps: AppDeps, actor: Actor, raw: ComplaintInput): Promise<{ id: string; reference: string; respondBy: string }> {
  const staffEntry = raw.channel !== undefined
  if (staffEntry ? !mayHandle(actor) : !mayComplain(actor)) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: staffEntry ? 'Only the complaints handler can enter complaints for someone' : 'You cannot make a complaint here' })
  }
  const input = {
    name: raw.name.trim(),
    email: raw.email.trim(),
    phone: raw.phone.trim(),
    address: raw.address.trim(),
    preferredChannel: raw.preferredChannel,
    preferredFormat: raw.preferredFormat || 'standard',
    commitments: [...new Set(raw.commitments)],
    whatHappened: raw.whatHappened.trim(),
    whatWanted: raw.whatWanted.trim(),
  }
  const today = todayOf(deps)
  const problems: FieldError[] = []
  if (staffEntry) {
    if (!(STAFF_CHANNELS as readonly string[]).includes(raw.channel!)) problems.push({ field: 'channel', message: 'Choose how the complaint was made' })
  }
  let receivedOn = today
  if (staffEntry && raw.receivedOn) {
    if (!isIsoDate(raw.receivedOn)) problems.push({ field: 'receivedOn-day', message: 'Enter the date the complaint was received as a real date, for example 27 3 2027' })
    else if (raw.receivedOn > today) problems.push({ field: 'receivedOn-day', message: 'The date the complaint was received must be today or in the past' })
    else receivedOn = raw.receivedOn
  }
  const published = await publishedCommitments(deps)
  const keys = new Set(published.commitments.map(c => c.key))
  if (published.commitments.length && input.commitments.length === 0) {
    problems.push({ field: 'commitments', message: 'Choose the commitment your complaint is about, or “I’m not sure”' })
  } else if (input.commitments.some(k => k !== NOT_SURE && !keys.has(k))) {
    problems.push({ field: 'commitments', message: 'One of the commitments chosen is not in the charter: choose again' })
  } else if (input.commitments.includes(NOT_SURE) && input.commitments.length > 1) {
    problems.push({ field: 'commitments', message: 'Choose the commitments, or “I’m not sure”, not both' })
  }
  longText(problems, 'whatHappened', input.whatHappened, LIMITS.whatHappened, 'Tell us what happened', 'What happened')
  longText(problems, 'whatWanted', input.whatWanted, LIMITS.whatWanted, 'Tell us what you would like to happen', 'What you would like to happen')
  if (!input.name) problems.push({ field: 'name', message: 'Enter your name' })
  else if (input.name.length > LIMITS.name) problems.push({ field: 'name', message: `Your name must be ${LIMITS.name} characters or fewer` })
  if (!(CONTACT_CHANNELS as readonly string[]).includes(input.preferredChannel)) {
    problems.push({ field: 'preferredChannel', message: 'Choose how you would like us to contact you' })
  }
  if (input.email && (!EMAIL.test(input.email) || input.email.length > LIMITS.email)) problems.push({ field: 'email', message: 'Enter an email address in the correct format, like name@example.com' })
  else if (input.preferredChannel === 'email' && !input.email) problems.push({ field: 'email', message: 'Enter your email address, or choose another way to contact you' })
  if (input.phone && (!/^[0-9 +()-]{6,}$/.test(input.phone) || input.phone.length > LIMITS.phone)) problems.push({ field: 'phone', message: 'Enter a phone number, like 01632 960 001 or 07700 900 982' })
  else if (input.preferredChannel === 'phone' && !input.phone) problems.push({ field: 'phone', message: 'Enter your phone number, or choose another way to contact you' })
  if (input.address.length > LIMITS.address) problems.push({ field: 'address', message: `Your address must be ${LIMITS.address.toLocaleString('en-GB')} characters or fewer` })
  else if (input.preferredChannel === 'letter' && !input.address) problems.push({ field: 'address', message: 'Enter your postal address, or choose another way to contact you' })
  if (!(FORMATS as readonly string[]).includes(input.preferredFormat)) problems.push({ field: 'preferredFormat', message: 'Choose a format' })
  if (problems.length) throw validationFailed(problems)

  const calendar = calendarOf(deps)
  const respondBy = stageDeadlines(calendar, { stage: 1, receivedOn }).respondBy
  const commitmentKeys = input.commitments.filter(k => k !== NOT_SURE)
  const channel: ComplaintChannel = staffEntry ? (raw.channel as ComplaintChannel) : 'online'
  // Two complaints received at the same moment may take the same next reference: the unique constraint refuses the
  // second, which then tries again with the next number.
  const attempt = () => inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    const id = newId(uow.now.getTime())
    const year = receivedOn.slice(0, 4)
    const reference = formatReference(year, (await lastReferenceNumber(uow.trx, `C-${year}-`)) + 1)
    await insertComplaint(uow.trx, {
      id,
      reference,
      received_on: receivedOn,
      channel,
      entered_by_user_id: staffEntry ? actor.userId : null,
      submitted_by_user_id: staffEntry ? null : actor.userId,
      commitment_keys_json: JSON.stringify(commitmentKeys),
      charter_version: published.version,
      what_happened: input.whatHappened,
      what_wanted: input.whatWanted,
      stage: 1,
      status: 'open',
      created_at: now,
      updated_at: now,
    })
    const cipher = fieldCipherFor(deps.config.identityKey)
    const enc = (column: string, value: string) => (value ? cipher.encrypt(value, contactContext(column, id)) : null)
    await insertContact(uow.trx, {
      complaint_id: id,
      name_enc: cipher.encrypt(input.name, contactContext('name', id)),
      email_enc: enc('email', input.email),
      phone_enc: enc('phone', input.phone),
      address_enc: enc('address', input.address),
      preferred_channel: input.preferredChannel as ContactChannel,
      preferred_format: input.preferredFormat as ContactFormat,
      created_at: now,
    })
    await appendEvent(uow.trx, {
      id: newId(uow.now.getTime()),
      complaint_id: id,
      on_date: receivedOn,
      what: staffEntry ? `Complaint received (${channel.replace('_', ' ')}) and entered by staff. Stage 1 response due by ${respondBy}` : `Complaint received online. Stage 1 response due by ${respondBy}`,
      by_label: actor.displayName,
      created_at: now,
    })
    const row = (await findComplaint(uow.trx, id))!
    await queueMessage(uow, row, input.preferredChannel as ContactChannel, input.preferredFormat as ContactFormat, 'received', {
      subject: `We have received your complaint ${reference}`,
      body: `Thank you for telling us. Your complaint reference is ${reference}.\n\nWe will reply by ${respondBy}. If we need more time, we will tell you why and when you will hear from us.`,
    })
    await uow.audit({
      action: staffEntry ? 'redress.complaint_entered' : 'redress.complaint_received',
      subjectType: 'complaint',
      subjectId: id,
      summary: { reference, channel, receivedOn, commitments: commitmentKeys, notSure: commitmentKeys.length === 0 },
    })
    return { id, reference, respondBy }
  })
  let result: Awaited<ReturnType<typeof attempt>> | undefined
  for (let tries = 1; !result; tries++) {
    try {
      result = await attempt()
    } catch (err) {
      if (tries >= 3 || !/unique|duplicate/i.test(String((err as Error).message))) throw err
    }
  }
  await deliverQueuedEmails(deps, result.id)
  return result
}

// ---- handling ----

async function handle<T>(deps: AppDeps, actor: Actor, id: string, work: (uow: UnitOfWork, c: ComplaintRow, today: string) => Promise<T>): Promise<T> {
  assertMayHandle(actor)
  const out = await inTransaction(deps, actor, async uow => {
    const c = await findComplaint(uow.trx, id)
    if (!c) throw notFound()
    return work(uow, c, todayOf(deps))
  })
  await deliverQueuedEmails(deps, id)
  return out
}

async function record(uow: UnitOfWork, c: ComplaintRow, today: string, what: string): Promise<void> {
  await appendEvent(uow.trx, { id: newId(uow.now.getTime()), complaint_id: c.id, on_date: today, what, by_label: uow.actor.displayName, created_at: uow.now.toISOString() })
}

/** The day the current stage started: received (stage 1) or escalated (stage 2). */
export function stageStart(c: Pick<ComplaintRow, 'stage' | 'received_on' | 'escalated_on'>): string {
  return c.stage === 2 ? (c.escalated_on ?? c.received_on) : c.received_on
}

function extendedTo(c: ComplaintRow): string | null {
  return c.stage === 2 ? c.stage2_extended_to : c.stage1_extended_to
}

function assertOpen(c: ComplaintRow): void {
  if (c.status !== 'open') throw invalidState(`Stage ${c.stage} of this complaint has already been answered`)
}

/** Record that the person was told we have their complaint (at the current stage). */
export async function acknowledge(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await handle(deps, actor, id, async (uow, c, today) => {
    assertOpen(c)
    const column = c.stage === 2 ? 'stage2_acknowledged_on' : 'stage1_acknowledged_on'
    if (c[column]) throw invalidState(`Stage ${c.stage} was already acknowledged on ${c[column]}`)
    await updateComplaint(uow.trx, c.id, { [column]: today, updated_at: uow.now.toISOString() })
    await record(uow, c, today, `Stage ${c.stage} acknowledged`)
    const due = stageDeadlines(calendarOf(deps), { stage: c.stage as 1 | 2, receivedOn: stageStart(c), extendedTo: extendedTo(c) }).respondBy
    await queueMessage(uow, c, null, null, 'acknowledged', {
      subject: `Your complaint ${c.reference}: we are looking into it`,
      body: `We are looking into your complaint ${c.reference}${c.stage === 2 ? ' again, at stage 2' : ''}. We will reply by ${due}.`,
    })
    await uow.audit({ action: 'redress.acknowledged', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, stage: c.stage, on: today } })
  })
}

/** Give more time to respond, with the reason (stage 1: once, to no later than 10 working days after receipt). */
export async function extend(deps: AppDeps, actor: Actor, id: string, input: { newDate: string; reason: string }): Promise<void> {
  await handle(deps, actor, id, async (uow, c, today) => {
    assertOpen(c)
    const stage = c.stage as 1 | 2
    const reason = input.reason.trim()
    const problems = checkExtension(calendarOf(deps), { stage, receivedOn: stageStart(c), extendedTo: extendedTo(c), newDate: input.newDate, reason, alreadyExtended: Boolean(c.stage1_extended_to) })
    if (!problems.length && reason.length > LIMITS.reason) problems.push({ field: 'extensionReason', message: `The reason must be ${LIMITS.reason} characters or fewer` })
    if (problems.length) throw validationFailed(problems.map(p => ({ field: p.field === 'extendedTo' ? 'extendedTo-day' : p.field, message: p.message })).sort((a, b) => (a.field === 'extendedTo-day' ? -1 : b.field === 'extendedTo-day' ? 1 : 0)))
    const changes = stage === 2 ? { stage2_extended_to: input.newDate, stage2_extension_reason: reason } : { stage1_extended_to: input.newDate, stage1_extension_reason: reason }
    await updateComplaint(uow.trx, c.id, { ...changes, updated_at: uow.now.toISOString() })
    await record(uow, c, today, `Stage ${stage} response date extended to ${input.newDate}. Reason: ${reason}`)
    await queueMessage(uow, c, null, null, 'extended', {
      subject: `Your complaint ${c.reference}: we need more time`,
      body: `We need more time to answer your complaint ${c.reference}, because: ${reason}\n\nWe will now reply by ${input.newDate}.`,
    })
    await uow.audit({ action: 'redress.extended', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, stage, to: input.newDate } })
  })
}

const NEXT_STEP: Record<1 | 2, string> = {
  1: 'If you are not happy with this answer, you can ask us to look at your complaint again (stage 2). Contact us and quote your reference.',
  2: 'This is our final answer. If you are still not happy, you can ask the Scottish Public Services Ombudsman to look at your complaint, within 12 months of when you first knew about the problem: www.spso.org.uk, freephone 0800 377 7330.',
}

/** Answer the complaint at its current stage, with the outcome. */
export async function respond(deps: AppDeps, actor: Actor, id: string, input: { outcome: string; response: string }): Promise<void> {
  await handle(deps, actor, id, async (uow, c, today) => {
    assertOpen(c)
    const stage = c.stage as 1 | 2
    const response = input.response.trim()
    const problems: FieldError[] = []
    if (!(OUTCOME_VALUES as readonly string[]).includes(input.outcome)) problems.push({ field: 'outcome', message: 'Choose the outcome' })
    longText(problems, 'response', response, LIMITS.response, 'Enter the response to send to the person', 'The response')
    if (problems.length) throw validationFailed(problems)
    const outcome = input.outcome as OutcomeValue
    const changes = stage === 2 ? { stage2_responded_on: today, stage2_outcome: outcome, stage2_response: response } : { stage1_responded_on: today, stage1_outcome: outcome, stage1_response: response }
    await updateComplaint(uow.trx, c.id, { ...changes, status: 'responded', updated_at: uow.now.toISOString() })
    await record(uow, c, today, `Stage ${stage} response sent. Outcome: ${OUTCOME_LABELS[outcome]}`)
    await queueMessage(uow, c, null, null, 'responded', {
      subject: `Your complaint ${c.reference}: our ${stage === 2 ? 'final ' : ''}response`,
      body: `${response}\n\nOutcome: ${OUTCOME_LABELS[outcome]}.\n\n${NEXT_STEP[stage]}`,
    })
    await uow.audit({ action: 'redress.responded', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, stage, outcome, on: today } })
  })
}

/** Take the complaint to stage 2, after the stage 1 response, because the person is not satisfied. */
export async function escalate(deps: AppDeps, actor: Actor, id: string, input: { reason: string }): Promise<void> {
  await handle(deps, actor, id, async (uow, c, today) => {
    if (c.stage !== 1) throw invalidState('This complaint is already at stage 2')
    if (c.status !== 'responded') throw invalidState('Send the stage 1 response before taking the complaint to stage 2')
    const reason = input.reason.trim()
    const problems: FieldError[] = []
    longText(problems, 'escalationReason', reason, LIMITS.reason, 'Enter why the person is not satisfied', 'The reason')
    if (problems.length) throw validationFailed(problems)
    await updateComplaint(uow.trx, c.id, { stage: 2, status: 'open', escalated_on: today, escalation_reason: reason, updated_at: uow.now.toISOString() })
    const d = stageDeadlines(calendarOf(deps), { stage: 2, receivedOn: today })
    await record(uow, c, today, `Taken to stage 2. Acknowledge by ${d.acknowledgeBy}, respond by ${d.respondBy}`)
    await queueMessage(uow, c, null, null, 'escalated', {
      subject: `Your complaint ${c.reference}: we will look at it again`,
      body: `You told us you are not happy with our answer, so we will investigate your complaint ${c.reference} (stage 2). We will confirm this by ${d.acknowledgeBy} and give you our final answer by ${d.respondBy}.`,
    })
    await uow.audit({ action: 'redress.escalated', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, on: today } })
  })
}

/** Record that the person took the complaint to the ombudsman (after the stage 2 response). */
export async function referToOmbudsman(deps: AppDeps, actor: Actor, id: string, input: { referredOn: string; ombudsmanReference: string }): Promise<void> {
  await handle(deps, actor, id, async (uow, c, today) => {
    if (c.stage !== 2 || c.status !== 'responded') throw invalidState('A complaint goes to the ombudsman after our stage 2 response')
    const ref = input.ombudsmanReference.trim()
    const problems: FieldError[] = []
    if (!isIsoDate(input.referredOn)) problems.push({ field: 'referredOn-day', message: 'Enter the date the ombudsman told us about the complaint as a real date, for example 27 3 2027' })
    else if (input.referredOn > today) problems.push({ field: 'referredOn-day', message: 'The date must be today or in the past' })
    else if (c.stage2_responded_on && input.referredOn < c.stage2_responded_on) problems.push({ field: 'referredOn-day', message: `The date must be on or after our stage 2 response, ${c.stage2_responded_on}` })
    if (ref.length > 100) problems.push({ field: 'ombudsmanReference', message: 'The ombudsman’s reference must be 100 characters or fewer' })
    if (problems.length) throw validationFailed(problems)
    await updateComplaint(uow.trx, c.id, { status: 'referred', ombudsman_referred_on: input.referredOn, ombudsman_reference: ref || null, updated_at: uow.now.toISOString() })
    await record(uow, c, input.referredOn, `Referred to the Scottish Public Services Ombudsman${ref ? ` (their reference ${ref})` : ''}`)
    await uow.audit({ action: 'redress.referred_to_ombudsman', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, on: input.referredOn } })
  })
}

// ---- learning ----

export interface LearningInput {
  action: string
  owner: string
  dueOn: string
  commitmentKey: string
}

/** What the service will change because of the complaint, linked to a commitment when it is about one. */
export async function addLearningAction(deps: AppDeps, actor: Actor, id: string, raw: LearningInput): Promise<{ id: string }> {
  assertMayHandle(actor)
  const published = await publishedCommitments(deps)
  return handle(deps, actor, id, async (uow, c, today) => {
    const action = raw.action.trim()
    const owner = raw.owner.trim()
    const problems: FieldError[] = []
    longText(problems, 'learningAction', action, LIMITS.learning, 'Enter what will change', 'What will change')
    longText(problems, 'owner', owner, LIMITS.owner, 'Enter who will do it', 'Who will do it')
    if (!isIsoDate(raw.dueOn)) problems.push({ field: 'dueOn-day', message: 'Enter the date it is due as a real date, for example 27 3 2027' })
    const keys = new Set([...(JSON.parse(c.commitment_keys_json) as string[]), ...published.commitments.map(k => k.key)])
    if (raw.commitmentKey && !keys.has(raw.commitmentKey)) problems.push({ field: 'commitmentKey', message: 'Choose a commitment from the charter' })
    if (problems.length) throw validationFailed(problems)
    const learningId = newId(uow.now.getTime())
    await insertLearning(uow.trx, {
      id: learningId,
      complaint_id: c.id,
      commitment_key: raw.commitmentKey || null,
      action,
      owner,
      due_on: raw.dueOn,
      created_by_user_id: actor.userId,
      created_at: uow.now.toISOString(),
    })
    await record(uow, c, today, `Learning action added: ${action} (${owner}, due ${raw.dueOn})`)
    await uow.audit({ action: 'redress.learning_action_added', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, learningId, commitment: raw.commitmentKey || null, dueOn: raw.dueOn } })
    return { id: learningId }
  })
}

export async function completeLearningAction(deps: AppDeps, actor: Actor, id: string, learningId: string): Promise<void> {
  await handle(deps, actor, id, async (uow, c, today) => {
    const l = await findLearning(uow.trx, learningId)
    if (!l || l.complaint_id !== c.id) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such learning action' })
    if (l.done_on) throw invalidState('This learning action is already done')
    await updateLearning(uow.trx, l.id, { done_on: today })
    await record(uow, c, today, `Learning action done: ${l.action}`)
    await uow.audit({ action: 'redress.learning_action_done', subjectType: 'complaint', subjectId: c.id, summary: { reference: c.reference, learningId } })
  })
}
