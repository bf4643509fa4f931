import type { Kysely } from 'kysely'

// Frozen in time: never import application code here.
//
// Someone joining the panel online: their answers so far, saved as they go, tied to their browser session (the
// session holds only the draft's id). The answers contain identity (name, contact details), so they are one
// encrypted JSON value. "Save and come back later" emails a one-time link: only the SHA-256 of its token is stored.
// Drafts expire; a scheduled job removes expired ones.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panel_join_draft')
    .addColumn('id', 'varchar(36)', c => c.primaryKey())
    .addColumn('answers_enc', 'text', c => c.notNull())
    .addColumn('resume_token_hash', 'varchar(64)')
    .addColumn('resume_expires_at', 'varchar(30)')
    .addColumn('created_at', 'varchar(30)', c => c.notNull())
    .addColumn('updated_at', 'varchar(30)', c => c.notNull())
    .addColumn('expires_at', 'varchar(30)', c => c.notNull())
    .execute()
  await db.schema.createIndex('panel_join_draft_resume_idx').on('panel_join_draft').column('resume_token_hash').unique().execute()
  await db.schema.createIndex('panel_join_draft_expires_idx').on('panel_join_draft').column('expires_at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panel_join_draft').execute()
}
