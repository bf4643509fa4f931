import { sql, type Kysely } from 'kysely'

// Frozen in time: never import application code here.

/**
 * PostgreSQL only: tell the planner which answers go with which question. Answer codes repeat across questions
 * ("other", "disability"), so without this PostgreSQL assumes question and answer are independent, misjudges how many
 * people hold an answer (by ten times, with 50,000 members) and picks slow plans for the panel's filtered counts.
 * SQLite has no extended statistics and needs none: its ANALYZE already keeps them per index prefix.
 */
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db)
    return String(rows[0]?.v ?? '').startsWith('PostgreSQL')
  } catch {
    return false // SQLite: there is no version() function
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (!(await isPostgres(db))) return
  await sql`create statistics panel_demographic_answer_stats (mcv) on dimension, value from panel_demographic`.execute(db)
  await sql`analyze panel_demographic`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(await isPostgres(db))) return
  await sql`drop statistics if exists panel_demographic_answer_stats`.execute(db)
}
