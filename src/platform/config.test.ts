import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.ts'

describe('configuration', () => {
  it('runs on SQLite under ./data with safe development defaults', () => {
    const c = loadConfig({})
    assert.equal(c.env, 'development')
    assert.equal(c.db.dialect, 'sqlite')
    assert.match(c.db.dialect === 'sqlite' ? c.db.sqlitePath : '', /data\/charter\.sqlite$/)
    assert.equal(c.server.baseUrl, 'http://localhost:3000')
    assert.equal(c.session.secureCookies, false)
    assert.equal(c.identityKey.length, 32)
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.db))
  })

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' })
    assert.deepEqual(c.db, { dialect: 'postgres', url: 'postgres://u@h:5432/db', poolSize: 10 })
  })

  it('refuses to start in production without real secrets, listing every problem', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.some(p => p.startsWith('SESSION_SECRET')) &&
        err.problems.some(p => p.startsWith('IDENTITY_ENCRYPTION_KEY')) &&
        err.problems.some(p => p.startsWith('BASE_URL')),
    )
    const ok = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      IDENTITY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      BASE_URL: 'https://charter.example.org',
    })
    assert.equal(ok.session.secureCookies, true)
    assert.equal(ok.demoOnFirstStart, false)
  })

  it('says which variable is wrong and how to fix it', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/)
    assert.throws(() => loadConfig({ BRAND_COLOUR: 'teal' }), /BRAND_COLOUR: must be a colour like #1d4f91/)
    assert.throws(() => loadConfig({ BRAND_COLOUR: '#ffdd00' }), /BRAND_COLOUR: must be dark enough for white text/)
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a postgres:\/\/ URL/)
    assert.throws(() => loadConfig({ IDENTITY_ENCRYPTION_KEY: 'short' }), /openssl rand -base64 32/)
  })
})
