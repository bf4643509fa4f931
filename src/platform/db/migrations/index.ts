import type { Migration } from 'kysely'
import * as m0900 from './2026_11_23_0900_create_platform_tables.ts'

/** Every migration, in order. Names are ISO-dated so they sort; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0900_create_platform_tables': m0900,
}
