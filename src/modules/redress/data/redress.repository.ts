// The redress module's SQL: complaints, the person's encrypted contact details, the timeline, messages, learning.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type {
  MessageStatus,
  RedressComplaintTable,
  RedressContactTable,
  RedressEventTable,
  RedressLearningActionTable,
  RedressMessageTable,
  RedressTables,
} from './redress.table.ts'

export type ComplaintRow = Selectable<RedressComplaintTable>
export type ContactRow = Selectable<RedressContactTable>
export type EventRow = Selectable<RedressEventTable>
export type MessageRow = Selectable<RedressMessageTable>
export type LearningRow = Selectable<RedressLearningActionTable>

type Tables = { [K in keyof RedressTables]: RedressTables[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- complaints ----

export async function insertComplaint(db: Db, row: Insertable<RedressComplaintTable>): Promise<void> {
  await t(db).insertInto('redress_complaint').values(row).execute()
}

export function findComplaint(db: Db, id: string): Promise<ComplaintRow | undefined> {
  return t(db).selectFrom('redress_complaint').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateComplaint(db: Db, id: string, changes: Updateable<RedressComplaintTable>): Promise<void> {
  await t(db).updateTable('redress_complaint').set(changes).where('id', '=', id).execute()
}

/** The highest reference number used in a year ('C-2027-'), or 0. */
export async function lastReferenceNumber(db: Db, prefix: string): Promise<number> {
  const r = await t(db).selectFrom('redress_complaint').select(eb => eb.fn.max('reference').as('last')).where('reference', 'like', `${prefix}%`).executeTakeFirst()
  const last = r?.last as string | null | undefined
  return last ? Number(last.slice(prefix.length)) : 0
}

/** Every complaint, newest received first (then by id). */
export function listComplaintRows(db: Db, opts: { stage?: number; status?: string } = {}): Promise<ComplaintRow[]> {
  let q = t(db).selectFrom('redress_complaint').selectAll()
  if (opts.stage) q = q.where('stage', '=', opts.stage)
  if (opts.status) q = q.where('status', '=', opts.status as ComplaintRow['status'])
  return q.orderBy('received_on', 'desc').orderBy('id', 'desc').execute()
}

// ---- contact details ----

export async function insertContact(db: Db, row: Insertable<RedressContactTable>): Promise<void> {
  await t(db).insertInto('redress_contact').values(row).execute()
}

export function findContact(db: Db, complaintId: string): Promise<ContactRow | undefined> {
  return t(db).selectFrom('redress_contact').selectAll().where('complaint_id', '=', complaintId).executeTakeFirst()
}

// ---- timeline ----

export async function appendEvent(db: Db, row: Omit<Insertable<RedressEventTable>, 'seq'>): Promise<void> {
  const r = await t(db).selectFrom('redress_event').select(eb => eb.fn.max('seq').as('last')).where('complaint_id', '=', row.complaint_id).executeTakeFirst()
  await t(db).insertInto('redress_event').values({ ...row, seq: Number(r?.last ?? 0) + 1 }).execute()
}

export function listEvents(db: Db, complaintId: string): Promise<EventRow[]> {
  return t(db).selectFrom('redress_event').selectAll().where('complaint_id', '=', complaintId).orderBy('seq').execute()
}

// ---- messages ----

export async function insertMessage(db: Db, row: Insertable<RedressMessageTable>): Promise<void> {
  await t(db).insertInto('redress_message').values(row).execute()
}

export function findMessage(db: Db, id: string): Promise<MessageRow | undefined> {
  return t(db).selectFrom('redress_message').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function setMessageStatus(db: Db, id: string, from: MessageStatus[], changes: Updateable<RedressMessageTable>): Promise<boolean> {
  const r = await t(db).updateTable('redress_message').set(changes).where('id', '=', id).where('status', 'in', from).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

export function listMessagesOf(db: Db, complaintId: string): Promise<MessageRow[]> {
  return t(db).selectFrom('redress_message').selectAll().where('complaint_id', '=', complaintId).orderBy('created_at').orderBy('id').execute()
}

/** Messages waiting: emails not yet sent, letters and calls not yet done. */
export function listWaitingMessages(db: Db, channels: readonly string[]): Promise<MessageRow[]> {
  return t(db)
    .selectFrom('redress_message')
    .selectAll()
    .where('status', 'in', ['queued', 'failed'])
    .where('channel', 'in', channels as MessageRow['channel'][])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

// ---- learning actions ----

export async function insertLearning(db: Db, row: Insertable<RedressLearningActionTable>): Promise<void> {
  await t(db).insertInto('redress_learning_action').values(row).execute()
}

export function findLearning(db: Db, id: string): Promise<LearningRow | undefined> {
  return t(db).selectFrom('redress_learning_action').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateLearning(db: Db, id: string, changes: Updateable<RedressLearningActionTable>): Promise<void> {
  await t(db).updateTable('redress_learning_action').set(changes).where('id', '=', id).execute()
}

export function listLearning(db: Db, complaintIds?: readonly string[]): Promise<LearningRow[]> {
  let q = t(db).selectFrom('redress_learning_action').selectAll()
  if (complaintIds) {
    if (complaintIds.length === 0) return Promise.resolve([])
    q = q.where('complaint_id', 'in', complaintIds)
  }
  return q.orderBy('created_at').orderBy('id').execute()
}
