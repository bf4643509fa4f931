import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * The organisation a stakeholder submission came from (a stakeholder is an organisation). Null for everything else:
 * survey answers, notes from sessions, and public input from a person.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence_item').addColumn('organisation', 'varchar(200)').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evidence_item').dropColumn('organisation').execute()
}
