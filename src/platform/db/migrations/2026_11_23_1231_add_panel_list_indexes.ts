import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * Indexes that keep the panel's list, search and counts fast with 50,000 members (bench/panel-list.ts):
 * - (status, pseudonym, id): a page of members in pseudonym order is read straight off the index, and stops after
 *   the page; it also gives the id for the answer and tag conditions without reading the row.
 * - (id, status): the counts walk the answer index and check each member's status from this index alone.
 * - (status, last_participated_at): activity history and attrition ("took part in the last N months").
 * - (dimension, value, participant_id) and (tag, participant_id): the members holding an answer or a tag, read from
 *   the index alone. They replace the narrower (dimension, value) and (tag) indexes.
 * - (dimension, participant_id, value): the people who answered a question, each once, in order, without sorting
 *   (a question where people can give several answers).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('panel_participant_status_pseudonym_idx').on('panel_participant').columns(['status', 'pseudonym', 'id']).execute()
  await db.schema.createIndex('panel_participant_id_status_idx').on('panel_participant').columns(['id', 'status']).execute()
  await db.schema.createIndex('panel_participant_status_activity_idx').on('panel_participant').columns(['status', 'last_participated_at']).execute()
  await db.schema.createIndex('panel_demographic_answer_idx').on('panel_demographic').columns(['dimension', 'value', 'participant_id']).execute()
  await db.schema.dropIndex('panel_demographic_value_idx').execute()
  await db.schema.createIndex('panel_demographic_respondent_idx').on('panel_demographic').columns(['dimension', 'participant_id', 'value']).execute()
  await db.schema.createIndex('panel_seldom_heard_tag_holder_idx').on('panel_seldom_heard_tag').columns(['tag', 'participant_id']).execute()
  await db.schema.dropIndex('panel_seldom_heard_tag_tag_idx').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('panel_seldom_heard_tag_tag_idx').on('panel_seldom_heard_tag').column('tag').execute()
  await db.schema.dropIndex('panel_seldom_heard_tag_holder_idx').execute()
  await db.schema.createIndex('panel_demographic_value_idx').on('panel_demographic').columns(['dimension', 'value']).execute()
  await db.schema.dropIndex('panel_demographic_respondent_idx').execute()
  await db.schema.dropIndex('panel_demographic_answer_idx').execute()
  await db.schema.dropIndex('panel_participant_status_activity_idx').execute()
  await db.schema.dropIndex('panel_participant_id_status_idx').execute()
  await db.schema.dropIndex('panel_participant_status_pseudonym_idx').execute()
}
