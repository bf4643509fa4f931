// The decisions module's SQL: proposals, their options and links, the discussion, and the ballots.
import type { Insertable, Selectable, Updateable } from 'kysely'
import type { Db } from '../../../platform/db/database.ts'
import type {
  DecisionBallotTable,
  DecisionLinkTable,
  DecisionOptionTable,
  DecisionPostTable,
  DecisionProposalTable,
  DecisionTables,
  ProposalStatus,
} from './decisions.table.ts'

export type ProposalRow = Selectable<DecisionProposalTable>
export type OptionRow = Selectable<DecisionOptionTable>
export type LinkRow = Selectable<DecisionLinkTable>
export type PostRow = Selectable<DecisionPostTable>
export type BallotRow = Selectable<DecisionBallotTable>

/** `withTables` wants a type with an index signature; an interface has none, so map it to an equivalent type. */
type Tables = { [K in keyof DecisionTables]: DecisionTables[K] }
const t = (db: Db) => db.withTables<Tables>()

// ---- proposals ----

export async function insertProposal(db: Db, row: Insertable<DecisionProposalTable>): Promise<void> {
  await t(db).insertInto('decision_proposal').values(row).execute()
}

export function findProposal(db: Db, id: string): Promise<ProposalRow | undefined> {
  return t(db).selectFrom('decision_proposal').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateProposal(db: Db, id: string, changes: Updateable<DecisionProposalTable>): Promise<void> {
  await t(db).updateTable('decision_proposal').set(changes).where('id', '=', id).execute()
}

/** Move a proposal from one status to another only if it is still in the first (two managers at once). */
export async function updateProposalIfStatus(db: Db, id: string, from: ProposalStatus, changes: Updateable<DecisionProposalTable>): Promise<boolean> {
  const r = await t(db).updateTable('decision_proposal').set(changes).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Every proposal, newest first (by creation time, then id). */
export function listProposals(db: Db, opts: { status?: ProposalStatus; openToStakeholders?: boolean } = {}): Promise<ProposalRow[]> {
  let q = t(db).selectFrom('decision_proposal').selectAll()
  if (opts.status) q = q.where('status', '=', opts.status)
  if (opts.openToStakeholders) q = q.where('open_to_stakeholders', '=', 1)
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()
}

/** Decided proposals, most recently decided first. */
export function listDecided(db: Db): Promise<ProposalRow[]> {
  return t(db).selectFrom('decision_proposal').selectAll().where('status', '=', 'decided').orderBy('decided_at', 'desc').orderBy('id', 'desc').execute()
}

export function listProposalsForSubject(db: Db, subjectType: string, subjectId: string): Promise<ProposalRow[]> {
  return t(db)
    .selectFrom('decision_proposal')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

// ---- options ----

export async function insertOption(db: Db, row: Insertable<DecisionOptionTable>): Promise<void> {
  await t(db).insertInto('decision_option').values(row).execute()
}

export function listOptions(db: Db, proposalId: string): Promise<OptionRow[]> {
  return t(db).selectFrom('decision_option').selectAll().where('proposal_id', '=', proposalId).orderBy('position').execute()
}

// ---- links ----

export async function insertLink(db: Db, row: Insertable<DecisionLinkTable>): Promise<void> {
  await t(db).insertInto('decision_link').values(row).execute()
}

export function listLinks(db: Db, proposalId: string): Promise<LinkRow[]> {
  return t(db).selectFrom('decision_link').selectAll().where('proposal_id', '=', proposalId).orderBy('created_at').orderBy('label').execute()
}

// ---- discussion ----

export async function insertPost(db: Db, row: Omit<Insertable<DecisionPostTable>, 'seq'>): Promise<void> {
  const seq = (await maxSeq(db, 'decision_post', row.proposal_id)) + 1
  await t(db).insertInto('decision_post').values({ ...row, seq }).execute()
}

export function listPosts(db: Db, proposalId: string): Promise<PostRow[]> {
  return t(db).selectFrom('decision_post').selectAll().where('proposal_id', '=', proposalId).orderBy('seq').execute()
}

// ---- ballots ----

export async function insertBallot(db: Db, row: Omit<Insertable<DecisionBallotTable>, 'seq'>): Promise<void> {
  const seq = (await maxSeq(db, 'decision_ballot', row.proposal_id)) + 1
  await t(db).insertInto('decision_ballot').values({ ...row, seq }).execute()
}

/** Every ballot of a proposal in the order received (a voter's later ballot replaces an earlier one). */
export function listBallots(db: Db, proposalId: string): Promise<BallotRow[]> {
  return t(db).selectFrom('decision_ballot').selectAll().where('proposal_id', '=', proposalId).orderBy('seq').execute()
}

async function maxSeq(db: Db, table: 'decision_post' | 'decision_ballot', proposalId: string): Promise<number> {
  const row = await t(db)
    .selectFrom(table)
    .select(eb => eb.fn.max<number | string | null>('seq').as('n'))
    .where('proposal_id', '=', proposalId)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

// ---- erasure ----

/** The proposals whose frozen voter list or ballots name a participant. */
export async function proposalsNamingVoter(db: Db, participantId: string): Promise<ProposalRow[]> {
  const withBallots = t(db).selectFrom('decision_ballot').select('proposal_id').where('voter_participant_id', '=', participantId)
  return t(db)
    .selectFrom('decision_proposal')
    .selectAll()
    .where(eb => eb.or([eb('id', 'in', withBallots), eb('eligible_json', 'like', `%${participantId}%`)]))
    .execute()
}

/** Every ballot a participant gave, in any proposal. */
export function ballotsOfVoter(db: Db, participantId: string): Promise<BallotRow[]> {
  return t(db).selectFrom('decision_ballot').selectAll().where('voter_participant_id', '=', participantId).execute()
}

export async function replaceBallotVoter(db: Db, ballotId: string, voterId: string, castJson: string): Promise<void> {
  await t(db).updateTable('decision_ballot').set({ voter_participant_id: voterId, cast_json: castJson }).where('id', '=', ballotId).execute()
}
