/** The charter's tables; the repository widens the database type with `db.withTables<CharterTables>()`. */

/** A principle from the statute, in the order the statute gives them, written in plain English. */
export interface CharterPrincipleTable {
  id: string
  /** 1, 2, 3 ... unique: the order they are shown in. */
  position: number
  title: string
  /** Plain-English text; paragraphs separated by a blank line. */
  body: string
  /** Where the principle comes from, e.g. "Northshire Social Security Act 2025, section 1(a)". */
  source_reference: string | null
  created_at: string
  updated_at: string
}

export interface CharterTables {
  charter_principle: CharterPrincipleTable
}
