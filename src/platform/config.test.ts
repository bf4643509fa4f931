import assert from 'node:assert/strict'
import { inspect } from 'node:util'
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

  describe('text messages (GOV.UK Notify)', () => {
    const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506'
    const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'
    const KEY = `charter_live-${SERVICE}-${SECRET}`
    const TEMPLATE = 'f33517ff-2a88-4f6e-b855-c550268ce08a'

    it('are not set up unless configured', () => {
      assert.equal(loadConfig({}).textMessages, undefined)
    })

    it('take the key and template, with Notify\'s own address unless another is given', () => {
      const c = loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: KEY, TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE })
      assert.equal(c.textMessages?.apiKey, KEY)
      assert.equal(c.textMessages?.templateId, TEMPLATE)
      assert.equal(c.textMessages?.baseUrl, 'https://api.notifications.service.gov.uk')
      const local = loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: KEY, TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE, TEXT_MESSAGE_NOTIFY_BASE_URL: 'http://127.0.0.1:6011/' })
      assert.equal(local.textMessages?.baseUrl, 'http://127.0.0.1:6011')
      assert.ok(Object.isFrozen(local.textMessages))
    })

    it('keep the key out of logs: not in JSON, not when the configuration is inspected or copied', () => {
      const c = loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: KEY, TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE })
      for (const shown of [JSON.stringify(c), inspect(c, { depth: 10 }), JSON.stringify({ ...c.textMessages })]) {
        assert.ok(!shown.includes(SECRET), `the secret must not appear in: ${shown.slice(0, 80)}...`)
        assert.ok(shown.includes(TEMPLATE), 'the rest of the settings are still shown')
      }
    })

    it('refuse to start when half set, saying what is missing', () => {
      assert.throws(
        () => loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: KEY }),
        (err: unknown) => err instanceof ConfigError && err.problems.length === 1 && /^TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: required when TEXT_MESSAGE_NOTIFY_API_KEY is set/.test(err.problems[0]!),
      )
      assert.throws(() => loadConfig({ TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE }), /TEXT_MESSAGE_NOTIFY_API_KEY: required when TEXT_MESSAGE_NOTIFY_TEMPLATE_ID is set/)
      assert.throws(() => loadConfig({ TEXT_MESSAGE_NOTIFY_BASE_URL: 'https://notify.example' }), /TEXT_MESSAGE_NOTIFY_BASE_URL: set only with TEXT_MESSAGE_NOTIFY_API_KEY and TEXT_MESSAGE_NOTIFY_TEMPLATE_ID/)
    })

    it('say which value is wrong without repeating the key', () => {
      assert.throws(
        () => loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: 'not-a-key-secret-value', TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE }),
        (err: unknown) => err instanceof ConfigError && /TEXT_MESSAGE_NOTIFY_API_KEY: must be a GOV.UK Notify API key/.test(err.message) && !err.message.includes('secret-value'),
      )
      assert.throws(() => loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: KEY, TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: 'welcome' }), /TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: must be the id of a Notify text message template/)
      assert.throws(() => loadConfig({ TEXT_MESSAGE_NOTIFY_API_KEY: KEY, TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE, TEXT_MESSAGE_NOTIFY_BASE_URL: 'notify' }), /TEXT_MESSAGE_NOTIFY_BASE_URL: must be a URL/)
    })

    it('send the key only over https in production', () => {
      const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), IDENTITY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), BASE_URL: 'https://charter.example.org' }
      const notify = { TEXT_MESSAGE_NOTIFY_API_KEY: KEY, TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: TEMPLATE }
      assert.throws(() => loadConfig({ ...production, ...notify, TEXT_MESSAGE_NOTIFY_BASE_URL: 'http://notify.example' }), /TEXT_MESSAGE_NOTIFY_BASE_URL: must be an https:\/\/ URL in production/)
      assert.equal(loadConfig({ ...production, ...notify }).textMessages?.baseUrl, 'https://api.notifications.service.gov.uk')
    })
  })
})
