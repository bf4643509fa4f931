import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Migration } from 'kysely'

const NAME = /^(\d{4}_\d{2}_\d{2}_\d{4}_[a-z0-9_]+)\.ts$/

/**
 * Every migration in this folder, in name order. Names start with an ISO date and time
 * (`YYYY_MM_DD_HHMM_<verb>_<thing>.ts`) so they sort; adding a file is all it takes.
 */
export async function loadMigrations(dir: string = import.meta.dirname): Promise<Record<string, Migration>> {
  const files = fs
    .readdirSync(dir)
    .filter(f => NAME.test(f) && !f.endsWith('.test.ts'))
    .sort()
  const out: Record<string, Migration> = {}
  for (const file of files) {
    const name = NAME.exec(file)![1]!
    const m = (await import(pathToFileURL(path.join(dir, file)).href)) as Partial<Migration>
    if (typeof m.up !== 'function') throw new Error(`Migration ${file} has no up() function`)
    out[name] = { up: m.up, down: m.down }
  }
  return out
}
