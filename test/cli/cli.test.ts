import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import { TEST_DIALECTS } from '../support/dialects.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(ROOT, 'bin/charter.js')

function charter(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', SMTP_URL: 'smtp://127.0.0.1:9', ...env },
    timeout: 60_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('the charter command (SQLite)', { skip: !TEST_DIALECTS.includes('sqlite') && 'SQLite is not among TEST_DIALECTS' }, () => {
  let dir: string
  let env: Record<string, string>
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-cli-'))
    env = { SQLITE_PATH: path.join(dir, 'charter.sqlite') }
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('explains itself and every subcommand with --help', () => {
    const main = charter(['--help'])
    assert.equal(main.code, 0)
    for (const c of ['serve', 'migrate', 'demo', 'backup', 'users add', 'audit verify']) assert.match(main.out, new RegExp(c))
    for (const c of ['serve', 'migrate', 'demo', 'backup', 'users', 'audit', 'jobs']) {
      const r = charter([c, '--help'])
      assert.equal(r.code, 0, c)
      assert.match(r.out, /^Usage: charter /, c)
    }
    const unknown = charter(['frobnicate'])
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /unknown command 'frobnicate'/)
  })

  it('migrates, then says the database is up to date', () => {
    const first = charter(['migrate'], env)
    assert.equal(first.code, 0, first.err)
    assert.match(first.out, /Applied \d+ migration\(s\)/)
    const second = charter(['migrate'], env)
    assert.match(second.out, /The database is up to date/)
  })

  it('invites a user and prints their one-time link; refuses bad input clearly', () => {
    const r = charter(['users', 'add', '--role', 'admin', '--name', 'Ada Admin', 'ada@test.example'], env)
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /Invited ada@test.example as admin/)
    assert.match(r.out, /http:\/\/localhost:3000\/invitation\/[\w-]{43}/)
    const dup = charter(['users', 'add', '--role', 'admin', 'ada@test.example'], env)
    assert.equal(dup.code, 1)
    assert.match(dup.err, /already an account/)
    const role = charter(['users', 'add', '--role', 'emperor', 'x@test.example'], env)
    assert.equal(role.code, 2)
    assert.match(role.err, /give --role, one of: panel_member/)
    const email = charter(['users', 'add', '--role', 'analyst', 'not-an-email'], env)
    assert.equal(email.code, 2)
  })

  it('verifies the audit trail, and reports tampering with exit code 1', () => {
    const ok = charter(['audit', 'verify'], env)
    assert.equal(ok.code, 0, ok.err)
    assert.match(ok.out, /The audit trail is intact: 1 event\(s\) checked/)
    const copy = path.join(dir, 'tampered.sqlite')
    fs.copyFileSync(env.SQLITE_PATH!, copy)
    for (const ext of ['-wal', '-shm']) if (fs.existsSync(env.SQLITE_PATH + ext)) fs.copyFileSync(env.SQLITE_PATH + ext, copy + ext)
    const raw = new DatabaseSync(copy)
    raw.exec('drop trigger audit_event_no_update')
    raw.exec(`update audit_event set actor_role = 'public' where seq = 1`)
    raw.close()
    const broken = charter(['audit', 'verify'], { SQLITE_PATH: copy })
    assert.equal(broken.code, 1)
    assert.match(broken.out, /BROKEN at event 1/)
  })

  it('lists scheduled jobs and runs one now, printing its report', () => {
    const run = charter(['jobs', 'run', 'platform.sessions_pruned'], env)
    assert.equal(run.code, 0, run.err)
    assert.match(run.out, /platform\.sessions_pruned succeeded: \{"removed":0\}/)
    const list = charter(['jobs', 'list'], env)
    assert.equal(list.code, 0, list.err)
    assert.match(list.out, /platform\.sessions_pruned\s+every 15 min/)
    assert.match(list.out, /last succeeded at/)
    const unknown = charter(['jobs', 'run', 'no.such.job'], env)
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /no job called 'no\.such\.job'/)
  })

  it('backs up the live database to a new file that opens and holds the data', () => {
    const target = path.join(dir, 'backups', 'copy.sqlite')
    const r = charter(['backup', target], env)
    assert.equal(r.code, 0, r.err)
    const copy = new DatabaseSync(target, { readOnly: true })
    const row = copy.prepare('select email from app_user').get() as { email: string }
    copy.close()
    assert.equal(row.email, 'ada@test.example')
    const again = charter(['backup', target], env)
    assert.equal(again.code, 1)
    assert.match(again.err, /already exists/)
    assert.equal(charter(['backup'], env).code, 2)
  })

  it('loads the demonstration organisation into a new database only', () => {
    const demoEnv = { SQLITE_PATH: path.join(dir, 'demo.sqlite') }
    const r = charter(['demo'], demoEnv)
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /Loaded the demonstration organisation/)
    assert.match(r.out, /admin@demo\.charter\.example/)
    const again = charter(['demo'], demoEnv)
    assert.equal(again.code, 2)
    assert.match(again.err, /already has accounts: demonstration data goes only into a new database/)
    const prod = charter(['demo'], { ...demoEnv, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), IDENTITY_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), BASE_URL: 'https://x.example' })
    assert.equal(prod.code, 2)
    assert.match(prod.err, /refusing to load demonstration data in production/)
  })

  it('serves: prints the address, answers /health, and shuts down gracefully on SIGTERM', async () => {
    const child = spawn(process.execPath, [CLI, 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', ...env },
    })
    let out = ''
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 30_000)
      child.stdout.on('data', chunk => {
        out += String(chunk)
        const m = /Open (http:\/\/localhost:\d+) in your browser/.exec(out)
        if (m) {
          clearTimeout(timer)
          resolve(m[1]!)
        }
      })
    })
    const health = await fetch(`${address}/health`)
    assert.equal(health.status, 200)
    assert.deepEqual(await health.json(), { status: 'ok', database: 'sqlite' })
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
    child.kill('SIGTERM')
    assert.equal(await exited, 0)
  })

  it('says what is wrong with the configuration instead of starting', () => {
    const r = charter(['migrate'], { ...env, PORT: 'eighty' })
    assert.equal(r.code, 2)
    assert.match(r.err, /Configuration is not valid:\n {2}- PORT/)
  })
})

describe('the charter command (PostgreSQL backup)', () => {
  it('points to pg_dump for a PostgreSQL database', () => {
    const r = charter(['backup', '/tmp/never-written.sqlite'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' })
    assert.equal(r.code, 1)
    assert.match(r.err, /use pg_dump/)
  })
})
