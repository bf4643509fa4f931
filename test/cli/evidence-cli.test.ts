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

const HEADER = 'Text,Channel,Organisation,Reference,Submitted on,Consent to quote'
const GOOD = [
  '"Letters are hard to follow, our clients tell us.",Stakeholder submission,Northshire Welfare Rights,NWR-1,31/03/2026,Yes',
  'The phone line closes too early.,Public input,,,2026-03-30,No',
]
const BAD = ['No organisation here.,Stakeholder submission,,NWR-2,,', 'A bad date.,Public input,,,31 March,']

describe('charter evidence import (SQLite)', { skip: !TEST_DIALECTS.includes('sqlite') && 'SQLite is not among TEST_DIALECTS' }, () => {
  let dir: string
  let env: Record<string, string>
  let dbFile: string
  const file = (name: string, lines: string[]) => {
    const p = path.join(dir, name)
    fs.writeFileSync(p, `\uFEFF${lines.join('\r\n')}\r\n`)
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
  const items = () => Number(query<{ n: number }>('select count(*) as n from evidence_item')[0]!.n)

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charter-evidence-cli-'))
    dbFile = path.join(dir, 'charter.sqlite')
    env = { SQLITE_PATH: dbFile }
    assert.equal(charter(['migrate'], env).code, 0)
  })
  after(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('explains the evidence command with --help, and refuses bad arguments clearly', () => {
    assert.match(charter(['--help'], env).out, /evidence import FILE/)
    const help = charter(['evidence', '--help'], env)
    assert.equal(help.code, 0)
    assert.match(help.out, /^Usage: charter evidence import FILE\.csv\|FILE\.xlsx \[--dry-run\] \[--all-or-nothing\]/)
    const unknown = charter(['evidence', 'frobnicate'], env)
    assert.equal(unknown.code, 2)
    assert.match(unknown.err, /unknown evidence command 'frobnicate'/)
    const noFile = charter(['evidence', 'import'], env)
    assert.equal(noFile.code, 2)
    assert.match(noFile.err, /give one CSV or \.xlsx file/)
    const missing = charter(['evidence', 'import', path.join(dir, 'nowhere.csv')], env)
    assert.equal(missing.code, 2)
    assert.match(missing.err, /cannot read .*nowhere\.csv: there is no such file/)
    assert.equal(items(), 0)
  })

  it('checks a file without writing anything (--dry-run)', () => {
    const r = charter(['evidence', 'import', file('check.csv', [HEADER, ...GOOD, ...BAD]), '--dry-run'], env)
    assert.equal(r.code, 1, r.err)
    assert.match(r.out, /Checked .*check\.csv: 4 rows of submissions\. Nothing was imported \(a dry run\)\./)
    assert.match(r.out, /2 submissions would be added to the evidence \(1 from stakeholders\)\./)
    assert.match(r.out, /2 rows have problems \(they would not be imported\):/)
    assert.match(r.out, / {2}Row 4, organisation: enter the organisation that sent this stakeholder submission\n/)
    assert.match(r.out, / {2}Row 5, submitted_on: "31 March" is not a date\. Write the date it was sent like 2027-03-31 or 31\/03\/2027\n/)
    assert.equal(items(), 0)
  })

  it('with --all-or-nothing, imports nothing when a row is bad', () => {
    const r = charter(['evidence', 'import', file('strict.csv', [HEADER, ...GOOD, BAD[0]!]), '--all-or-nothing'], env)
    assert.equal(r.code, 1)
    assert.match(r.out, /^0 submissions were added to the evidence \(0 from stakeholders\)\.\n1 row has problems \(so nothing from the file was imported\):/)
    assert.equal(items(), 0)
  })

  it('imports the good rows as the system, reports the bad ones, and adds nothing the second time', () => {
    const csv = file('submissions.csv', [HEADER, ...GOOD, ...BAD])
    const r = charter(['evidence', 'import', csv], env)
    assert.equal(r.code, 1, 'a row had a problem')
    assert.match(r.out, /^2 submissions were added to the evidence \(1 from stakeholders\)\.\n2 rows have problems \(not imported\):\n {2}Row 4, organisation/)
    assert.equal(items(), 2)
    const rows = query<{ source_role: string; organisation: string | null; entry: string; entered_by_role: string }>(
      'select source_role, organisation, entry, entered_by_role from evidence_item order by source_role',
    )
    assert.deepEqual(rows.map(x => `${x.source_role} ${x.organisation} ${x.entry} ${x.entered_by_role}`), ['public null import system', 'stakeholder Northshire Welfare Rights import system'])
    const [event] = query<{ actor_role: string; summary: string }>(`select actor_role, summary from audit_event where action = 'evidence.submissions_imported' order by seq desc limit 1`)
    assert.equal(event!.actor_role, 'system')
    assert.deepEqual(JSON.parse(event!.summary), { format: 'csv', rowsRead: 4, imported: 2, importedStakeholder: 1, alreadyImported: 0, rejected: 2, allOrNothing: false })

    const again = charter(['evidence', 'import', file('fixed.csv', [HEADER, ...GOOD])], env)
    assert.equal(again.code, 0, again.out)
    assert.match(again.out, /^0 submissions were added to the evidence \(0 from stakeholders\)\.\n2 rows were already imported \(rows 2, 3\)\.\n$/)
    assert.equal(items(), 2)
  })

  it('imports an .xlsx workbook, and stops at a file it cannot read', async () => {
    const wb = new ExcelJS.Workbook()
    const sheet = wb.addWorksheet('Submissions')
    sheet.addRow(['text', 'organisation', 'submitted_on'])
    sheet.addRow(['From a workbook.', 'Eastport Tenants Union', new Date(Date.UTC(2026, 2, 1))])
    const xlsx = path.join(dir, 'tenants.xlsx')
    await wb.xlsx.writeFile(xlsx)
    const r = charter(['evidence', 'import', xlsx], env)
    assert.equal(r.code, 0, r.out + r.err)
    assert.match(r.out, /^1 submission was added to the evidence \(1 from stakeholders\)\./)
    assert.equal(query<{ captured_at: string }>(`select captured_at from evidence_item where organisation = 'Eastport Tenants Union'`)[0]!.captured_at, '2026-03-01T00:00:00.000Z')

    const wrong = charter(['evidence', 'import', file('wrong.csv', ['text;organisation', 'x;y'])], env)
    assert.equal(wrong.code, 1)
    assert.match(wrong.err, /could not be read, so nothing was imported:\n {2}Row 1: the columns are separated by semicolons, not commas/)
  })
})
