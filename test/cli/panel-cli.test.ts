import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { TEST_DIALECTS } from '../support/dialects.ts'

const ROOT = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(ROOT, 'bin/charter.js')

function charter(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'silent', SMTP_URL: 'smtp://127.0.0.1:9', ...env },
    timeout: 60_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

const HEADER = 'full_name,email,phone,area,benefits,seldom_heard_tags,consent_contact_research'
const GOOD = [
  'Barnaby Quillfeather,barnaby.quillfeather@example.org,07700 900301,Glenmoor,Disability benefit;carer,,Yes',
  '"Hollis, Marguerite",marguerite.hollis@example.org,,eastport,,Remote rural,yes',
]
const BAD = ['Rowan Tebbit,rowan@,,Glenmoor,,,Yes', 'Iona Crabtree,iona.crabtree@example.org,,Atlantis,,,Yes']
const IDENTITY = ['Barnaby', 'Quillfeather', 'Marguerite', 'Hollis', 'example.org', '07700']

describe('charter panel import and export (SQLite)', { skip: !TEST_DIALECTS.includes('sqlite') && 'SQLite is not among TEST_DIALECTS' }, () => {
  let dir: string
  let env: Record<string, string>
  let dbFile: string
  const file = (name: string, lines: string[], eol = '\r\n') => {
    const p = path.join(dir, name)
    fs.writeFileSync(p, `\uFEFF${lines.join(eol)}${eol}`)
    return p
  }
  const query = <T>(sqlText: string): T[] => {
    const db = new DatabaseSync(dbFile, { readOnly: true })
    try {
      return db.prepare(sqlText).all() as T[]
    } finally {
      db.close()
    }
  }
  const members = () => Number(query<{ n: number }>('select count(*) as n from panel_participant')[0]!.n)

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-panel-cli-'))
    dbFile = path.join(dir, 'charter.sqlite')
    env = { SQLITE_PATH: dbFile }
    assert.equal(charter(['migrate'], env).code, 0)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('explains the panel commands with --help', () => {
    const main = charter(['--help'], env)
    assert.match(main.out, /panel import FILE\.csv/)
    assert.match(main.out, /panel export --research\|--identity --format csv\|xlsx --out FILE/)
    const help = charter(['panel', '--help'], env)
    assert.equal(help.code, 0)
    assert.match(help.out, /^Usage: charter panel import FILE\.csv \[--dry-run\] \[--all-or-nothing\] \[--joined-via WAY\]/)
    assert.match(help.out, /--reason TEXT/)
    const unknown = charter(['panel', 'frobnicate'], env)
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /unknown panel command 'frobnicate'/)
  })

  it('refuses bad arguments clearly', () => {
    const csv = file('people.csv', [HEADER, ...GOOD])
    const noFile = charter(['panel', 'import'], env)
    assert.equal(noFile.code, 2)
    assert.match(noFile.err, /give one CSV file/)
    const missing = charter(['panel', 'import', path.join(dir, 'nowhere.csv')], env)
    assert.equal(missing.code, 2)
    assert.match(missing.err, /cannot read .*nowhere\.csv: there is no such file/)
    const way = charter(['panel', 'import', csv, '--joined-via', 'pigeon'], env)
    assert.equal(way.code, 2)
    assert.match(way.err, /--joined-via must be one of: online, phone, post, partner/)
    assert.equal(members(), 0)
  })

  it('checks a file without writing anything (--dry-run)', () => {
    const csv = file('check.csv', [HEADER, ...GOOD, ...BAD])
    const r = charter(['panel', 'import', csv, '--dry-run', '--joined-via', 'post'], env)
    assert.equal(r.code, 1, r.err)
    assert.match(r.out, /Checked .*check\.csv: 4 rows of people\. Nothing was imported \(a dry run\)\./)
    assert.match(r.out, /2 people would be added to the panel\./)
    assert.match(r.out, /2 rows have problems \(they would not be imported\):/)
    assert.match(r.out, / {2}Line 4, column B \(email\): Enter an email address in the correct format, like name@example\.com/)
    assert.match(r.out, / {2}Line 5, column D \(area\): "Atlantis" is not an answer for area\. Use one of: Northshire City/)
    assert.equal(members(), 0)
    assert.equal(query('select * from panel_import').length, 0)
  })

  it('with --all-or-nothing, imports nobody when a row is bad', () => {
    const csv = file('strict.csv', [HEADER, ...GOOD, BAD[1]!])
    const r = charter(['panel', 'import', csv, '--all-or-nothing', '--joined-via', 'phone'], env)
    assert.equal(r.code, 1)
    assert.match(r.out, /0 people were added to the panel\.\n1 row has problems \(so nobody from the file was added\):/)
    assert.equal(members(), 0)
  })

  it('imports the good rows, reports the bad ones, and records it as the system', () => {
    const csv = file('people.csv', [HEADER, ...GOOD, ...BAD], '\n')
    const r = charter(['panel', 'import', csv, '--joined-via', 'post'], env)
    assert.equal(r.code, 1, 'a row had a problem')
    assert.match(r.out, /^2 people were added to the panel\.\n2 rows have problems \(not imported\):\n {2}Line 4, column B \(email\)/)
    assert.match(r.out, /Report: http:\/\/localhost:3000\/panel\/import\/[0-9a-f-]{36}\n$/)
    assert.equal(members(), 2)
    const people = query<{ joined_via: string; entered_by_role: string }>('select joined_via, entered_by_role from panel_participant')
    assert.deepEqual(people.map(p => `${p.joined_via} ${p.entered_by_role}`), ['post system', 'post system'])
    const [event] = query<{ actor_role: string; summary: string }>(`select actor_role, summary from audit_event where action = 'panel.participants_imported' order by seq desc limit 1`)
    assert.equal(event!.actor_role, 'system')
    assert.deepEqual(JSON.parse(event!.summary), { rowsRead: 4, imported: 2, rejected: 2, allOrNothing: false, joinedVia: 'post' })

    const again = charter(['panel', 'import', file('again.csv', [HEADER, GOOD[0]!]), '--joined-via', 'post'], env)
    assert.equal(again.code, 1)
    assert.match(again.out, /Line 2, column B \(email\): There is already a panel member with this email address/)

    const clean = charter(['panel', 'import', file('clean.csv', ['full_name,phone,consent_contact_research', 'Esme Larkspur,01632 960444,Yes']), '--joined-via', 'phone'], env)
    assert.equal(clean.code, 0, clean.out)
    assert.match(clean.out, /^1 person was added to the panel\./)
  })

  it('stops at a file it cannot read', () => {
    const r = charter(['panel', 'import', file('wrong.csv', ['full_name;email', 'Jo;jo@example.org']), '--joined-via', 'post'], env)
    assert.equal(r.code, 1)
    assert.match(r.err, /could not be read, so nobody was imported:\n {2}Line 1, column A: The columns are separated by semicolons, not commas/)
  })

  it('exports research data as CSV and XLSX, with no names or contact details', async () => {
    const csvOut = path.join(dir, 'research.csv')
    const r = charter(['panel', 'export', '--research', '--format', 'csv', '--out', csvOut], env)
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /Wrote the research data of 3 panel member\(s\) to .*research\.csv/)
    const text = fs.readFileSync(csvOut, 'utf8')
    assert.match(text, /^\uFEFFpseudonym,status,joined,joined_via,area,/)
    assert.match(text, /Disability benefit; Carer's benefit/)
    for (const s of IDENTITY) assert.ok(!text.includes(s), `the research CSV contains ${s}`)

    const xlsxOut = path.join(dir, 'research.xlsx')
    const x = charter(['panel', 'export', '--research', '--format', 'xlsx', '--out', xlsxOut, '--show', 'dimension:area:glenmoor'], env)
    assert.equal(x.code, 0, x.err)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(xlsxOut)
    assert.equal(wb.getWorksheet('Panel members')!.rowCount, 2)
    assert.ok(wb.getWorksheet('About the columns'))

    const exists = charter(['panel', 'export', '--research', '--format', 'csv', '--out', csvOut], env)
    assert.equal(exists.code, 2)
    assert.match(exists.err, /already exists: choose a new file name/)
    assert.equal(charter(['panel', 'export', '--research', '--format', 'pdf', '--out', path.join(dir, 'x.pdf')], env).code, 2)
    assert.equal(charter(['panel', 'export', '--format', 'csv', '--out', path.join(dir, 'x.csv')], env).code, 2)
    const show = charter(['panel', 'export', '--research', '--format', 'csv', '--out', path.join(dir, 'y.csv'), '--show', 'dimension:area:atlantis'], env)
    assert.equal(show.code, 2)
    assert.match(show.err, /--show must be dimension:KEY:CODE or tag:CODE/)
  })

  it('exports names and contact details only with a reason, recorded in the audit trail', () => {
    const out = path.join(dir, 'contacts.csv')
    const noReason = charter(['panel', 'export', '--identity', '--format', 'csv', '--out', out], env)
    assert.equal(noReason.code, 2)
    assert.match(noReason.err, /give the reason for exporting names and contact details: --reason/)
    assert.ok(!fs.existsSync(out))

    const r = charter(['panel', 'export', '--identity', '--format', 'csv', '--out', out, '--reason', 'Posting the annual report'], env)
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /Wrote the names and contact details of 3 panel member\(s\)/)
    const text = fs.readFileSync(out, 'utf8')
    assert.match(text, /Barnaby Quillfeather,barnaby\.quillfeather@example\.org,07700 900301/)
    assert.match(text, /"Hollis, Marguerite"/)
    assert.equal(fs.statSync(out).mode & 0o777, 0o600, 'readable by its owner only')
    const [event] = query<{ actor_role: string; actor_user_id: string | null; summary: string }>(
      `select actor_role, actor_user_id, summary from audit_event where action = 'panel.identity_exported'`,
    )
    assert.equal(event!.actor_role, 'system')
    assert.equal(event!.actor_user_id, null)
    assert.deepEqual(JSON.parse(event!.summary), { rows: 3, format: 'csv', filter: { status: 'active' }, reason: 'Posting the annual report' })
    const trail = JSON.stringify(query('select * from audit_event'))
    for (const s of IDENTITY) assert.ok(!trail.includes(s), `the audit trail contains ${s}`)
  })
})
