import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadMigrations } from './index.ts'

describe('migrations', () => {
  it('are found in name order, and each is frozen in time (no application imports)', async () => {
    const migrations = await loadMigrations()
    const names = Object.keys(migrations)
    assert.ok(names.length >= 4)
    assert.deepEqual(names, [...names].sort())
    assert.equal(names[0], '2026_11_23_0900_create_platform_tables')
    for (const file of fs.readdirSync(import.meta.dirname).filter(f => /^\d{4}_/.test(f))) {
      const source = fs.readFileSync(path.join(import.meta.dirname, file), 'utf8')
      const imports = [...source.matchAll(/from '([^']+)'/g)].map(m => m[1])
      assert.deepEqual(imports.filter(i => i !== 'kysely'), [], `${file} imports only kysely`)
    }
  })

  it('refuses a migration file without up()', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'))
    fs.writeFileSync(path.join(dir, '2026_01_01_0000_broken.ts'), 'export const x = 1\n')
    await assert.rejects(loadMigrations(dir), /has no up\(\) function/)
    fs.rmSync(dir, { recursive: true })
  })
})
