import type { Migration } from 'kysely'
import * as m0900 from './2026_11_23_0900_create_platform_tables.ts'
import * as m1000 from './2026_11_23_1000_create_panel_tables.ts'
import * as m1010 from './2026_11_23_1010_create_charter_principle.ts'
import * as m1100 from './2026_11_23_1100_create_job_tables.ts'
import * as m1110 from './2026_11_23_1110_create_rate_limit_counter.ts'

/** Every migration, in order. Names are ISO-dated so they sort; add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '2026_11_23_0900_create_platform_tables': m0900,
  '2026_11_23_1000_create_panel_tables': m1000,
  '2026_11_23_1010_create_charter_principle': m1010,
  '2026_11_23_1100_create_job_tables': m1100,
  '2026_11_23_1110_create_rate_limit_counter': m1110,
}
