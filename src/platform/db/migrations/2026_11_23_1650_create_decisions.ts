import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Core Group decisions (issue 7, item 1): proposals with their options, the findings and evidence they rest on,
 * the discussion (Core Group, officials' and advisors' advice, stakeholder comments, facilitators' notes), and the
 * ballots by channel (at a meeting, online, by phone through a facilitator). A later ballot of a member replaces an
 * earlier one, but every ballot is kept. No foreign keys to other modules' tables: modules own their tables.
 * Booleans are integers 0/1; dates are 'YYYY-MM-DD', times ISO strings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('decision_proposal')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('title', 'varchar(200)', c => c.notNull())
    .addColumn('background', 'text', c => c.notNull())
    // consent | consensus | majority | ranked
    .addColumn('method', 'varchar(20)', c => c.notNull())
    // quorum { minimumVoters, minimumShare }, threshold { numerator, denominator }, standAsideLimit, seed
    .addColumn('settings_json', 'text', c => c.notNull())
    // draft | open | decided | withdrawn
    .addColumn('status', 'varchar(20)', c => c.notNull())
    .addColumn('voting_opens_on', 'varchar(10)')
    .addColumn('voting_closes_on', 'varchar(10)')
    // The Core Group members who may vote, frozen when voting opens: [{ participantId, pseudonym }]
    .addColumn('eligible_json', 'text')
    .addColumn('raised_by_user_id', 'varchar(36)')
    .addColumn('raised_by_role', 'varchar(40)', c => c.notNull())
    .addColumn('raised_by_label', 'varchar(200)', c => c.notNull())
    // What the decision is about, when it is about something another module owns (e.g. a charter version).
    .addColumn('subject_type', 'varchar(40)')
    .addColumn('subject_id', 'varchar(64)')
    .addColumn('subject_label', 'varchar(300)')
    .addColumn('open_to_stakeholders', 'integer', c => c.notNull().defaultTo(0))
    // adopted | not_adopted | no_quorum | chosen (ranked), and the full outcome as computed
    .addColumn('result', 'varchar(20)')
    .addColumn('outcome_json', 'text')
    .addColumn('rationale', 'text')
    .addColumn('review_on', 'varchar(10)')
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('decided_by_user_id', 'varchar(36)')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('decision_proposal_subject_idx').on('decision_proposal').columns(['subject_type', 'subject_id']).execute()
  await db.schema.createIndex('decision_proposal_status_idx').on('decision_proposal').columns(['status', 'decided_at']).execute()

  await db.schema
    .createTable('decision_option')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('proposal_id', 'varchar(36)', c => c.notNull().references('decision_proposal.id'))
    .addColumn('position', 'integer', c => c.notNull())
    .addColumn('label', 'varchar(200)', c => c.notNull())
    .addColumn('description', 'text', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('decision_option_position_uq', ['proposal_id', 'position'])
    .execute()

  // What a proposal rests on: finding | evidence, the target's id, and its title when linked.
  await db.schema
    .createTable('decision_link')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('proposal_id', 'varchar(36)', c => c.notNull().references('decision_proposal.id'))
    .addColumn('kind', 'varchar(20)', c => c.notNull())
    .addColumn('target_id', 'varchar(64)', c => c.notNull())
    .addColumn('label', 'varchar(300)', c => c.notNull())
    .addColumn('created_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('decision_link_uq', ['proposal_id', 'kind', 'target_id'])
    .execute()

  // core_group | official_advice | advisor_advice | stakeholder | facilitator_note
  await db.schema
    .createTable('decision_post')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('proposal_id', 'varchar(36)', c => c.notNull().references('decision_proposal.id'))
    .addColumn('seq', 'integer', c => c.notNull())
    .addColumn('kind', 'varchar(30)', c => c.notNull())
    .addColumn('author_user_id', 'varchar(36)')
    .addColumn('author_label', 'varchar(200)', c => c.notNull())
    .addColumn('body', 'text', c => c.notNull())
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('decision_post_seq_uq', ['proposal_id', 'seq'])
    .execute()

  // Every ballot, in the order received (seq): the voter is the Core Group member's panel participant id.
  await db.schema
    .createTable('decision_ballot')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('proposal_id', 'varchar(36)', c => c.notNull().references('decision_proposal.id'))
    .addColumn('seq', 'integer', c => c.notNull())
    .addColumn('voter_participant_id', 'varchar(36)', c => c.notNull())
    // meeting | online | phone_facilitated
    .addColumn('channel', 'varchar(30)', c => c.notNull())
    .addColumn('cast_json', 'text', c => c.notNull())
    // The facilitator who entered it (meeting, phone); null when the member cast it themselves online.
    .addColumn('entered_by_user_id', 'varchar(36)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addUniqueConstraint('decision_ballot_seq_uq', ['proposal_id', 'seq'])
    .execute()
  await db.schema.createIndex('decision_ballot_voter_idx').on('decision_ballot').columns(['proposal_id', 'voter_participant_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['decision_ballot', 'decision_post', 'decision_link', 'decision_option', 'decision_proposal']) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
