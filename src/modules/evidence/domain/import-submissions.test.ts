// Importing stakeholder submissions and public input on every dialect in TEST_DIALECTS: a good CSV file (labels in
// words, headers in any case, defaults, an activity by title), bad rows kept out or everything refused
// (all-or-nothing), a dry run that writes nothing, the same file twice (already imported, nothing doubled), an .xlsx
// workbook, files that cannot be read, and who may import.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { createActivity } from '../../engagement/index.ts'
import { describeImportProblem, importSubmissions, MAX_IMPORT_FILE_BYTES, parseSubmissionDate } from './import-submissions.ts'
import { countEvidence, listEvidence } from './queries.ts'

const SYSTEM = systemActor('import tests')
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const STAKEHOLDER: Actor = { userId: newId(), role: 'stakeholder', displayName: 'Stakeholder' }
const NOW = new Date('2027-04-01T12:00:00.000Z')

function depsOf(database: TestDatabase): AppDeps {
  return {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: { now: () => new Date(NOW) },
    mailer: { send: async () => {}, close: () => {} },
    logger: createLogger('silent'),
  }
}

const csv = (lines: string[]) => ({ name: 'submissions.csv', bytes: Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`) })
const REAL = { allOrNothing: false, dryRun: false }

describe('reading dates (no database)', () => {
  it('takes 2027-03-31 and 31/03/2027, and refuses what is not a date', () => {
    assert.equal(parseSubmissionDate('2027-03-31'), '2027-03-31')
    assert.equal(parseSubmissionDate('31/03/2027'), '2027-03-31')
    assert.equal(parseSubmissionDate('1/4/2027'), '2027-04-01')
    assert.equal(parseSubmissionDate('31/02/2027'), undefined)
    assert.equal(parseSubmissionDate('March 2027'), undefined)
  })

  it('says where a problem is, in words', () => {
    assert.equal(
      describeImportProblem({ line: 7, column: 'organisation', message: 'Enter the organisation that sent this stakeholder submission' }),
      'Row 7, organisation: enter the organisation that sent this stakeholder submission',
    )
    assert.equal(describeImportProblem({ line: null, column: null, message: 'The selected file is empty' }), 'The selected file is empty')
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`importing submissions (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let activityId = ''
    const audits = () =>
      database.db.selectFrom('audit_event').select(['summary', 'actor_role', 'actor_user_id', 'subject_type']).where('action', '=', 'evidence.submissions_imported').orderBy('seq').execute()
    const count = async () => (await countEvidence(deps, ANALYST, {})).livedExperienceAndOther + (await countEvidence(deps, ANALYST, {})).stakeholder

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      ;({ id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'survey', title: 'Call for evidence on letters', purpose: 'To hear about letters', audience: 'public',
        audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      }))
    })
    after(() => database.close())

    it('imports a good file: stakeholder input labelled with its organisation and counted apart, public input as the public', async () => {
      const file = csv([
        'Text,Channel,Source Role,ORGANISATION,reference,submitted on,Consent to quote,activity',
        '"Letters are too long, and people miss deadlines.",Stakeholder submission,,Northshire Advice Network,NAN-1,31/03/2027,Yes,call for evidence on letters',
        'The phone line closes too early.,public_input,,,,2027-03-30,no,',
        'We see people give up on forms.,,stakeholder,Eastport Food Bank,,,,',
      ])
      const before = await count()
      const r = await importSubmissions(deps, ANALYST, file, REAL)
      assert.deepEqual(r.problems, [])
      assert.deepEqual(r.fileProblems, [])
      assert.equal(r.rowsRead, 3)
      assert.equal(r.imported, 3)
      assert.equal(r.importedStakeholder, 2)
      assert.equal(r.alreadyImported, 0)
      assert.equal((await count()) - before, 3)

      const page = await listEvidence(deps, ANALYST, {}, { limit: 10, offset: 0 })
      const stakeholder = page.stakeholder.sort((a, b) => a.body.localeCompare(b.body))
      assert.deepEqual(stakeholder.map(i => i.stakeholderLabel), ['Stakeholder: Northshire Advice Network', 'Stakeholder: Eastport Food Bank'])
      const [nan, foodBank] = stakeholder
      assert.equal(nan!.channel, 'stakeholder_submission')
      assert.equal(nan!.kind, 'submission')
      assert.equal(nan!.entry, 'import')
      assert.equal(nan!.enteredByUserId, ANALYST.userId)
      assert.equal(nan!.consentToQuote, 'yes')
      assert.equal(nan!.activityId, activityId)
      assert.equal(nan!.capturedAt, '2027-03-31T00:00:00.000Z')
      assert.equal(nan!.body, 'Letters are too long, and people miss deadlines.')
      assert.match(nan!.sourceRef, /^import:stakeholder_submission:[0-9a-f]{16}:NAN-1$/)
      assert.equal(foodBank!.consentToQuote, 'not_asked')
      assert.equal(foodBank!.capturedAt, NOW.toISOString(), 'no date: the day of the import')
      const publicItem = page.items.find(i => i.body === 'The phone line closes too early.')!
      assert.equal(publicItem.sourceRole, 'public')
      assert.equal(publicItem.channel, 'public_input')
      assert.equal(publicItem.organisation, null)
      assert.equal(publicItem.isStakeholder, false)
      assert.equal(publicItem.consentToQuote, 'no')

      const [audit] = (await audits()).slice(-1)
      assert.equal(audit!.actor_user_id, ANALYST.userId)
      assert.equal(audit!.subject_type, 'evidence_import')
      const summary = JSON.parse(String(audit!.summary)) as Record<string, unknown>
      assert.deepEqual(summary, { format: 'csv', rowsRead: 3, imported: 3, importedStakeholder: 2, alreadyImported: 0, rejected: 0, allOrNothing: false })
      assert.doesNotMatch(String(audit!.summary), /Northshire|Letters|NAN-1/)

      // The same file again adds nothing, and says so.
      const again = await importSubmissions(deps, ANALYST, file, REAL)
      assert.equal(again.imported, 0)
      assert.equal(again.alreadyImported, 3)
      assert.deepEqual(again.alreadyImportedLines, [2, 3, 4])
      assert.equal((await count()) - before, 3)
    })

    it('reports every bad row with its row, column and what to fix, and imports the good rows', async () => {
      const file = csv([
        'text,channel,source_role,organisation,reference,submitted_on,consent_to_quote,activity',
        'A good one from a charity.,,,Westhaven Carers,W-1,,,',
        'No organisation given.,,,,W-2,,,',
        ',Public input,,,W-3,,,',
        'Bad labels.,Carrier pigeon,King,,W-4,yesterday,Perhaps,',
        'Twice.,,,Westhaven Carers,W-1,,,',
        'Unknown activity.,,,Westhaven Carers,W-5,01/01/2030,,No such thing',
      ])
      const before = await count()
      const r = await importSubmissions(deps, ANALYST, file, REAL)
      assert.deepEqual(
        r.problems.map(p => [p.line, p.column, p.message]),
        [
          [3, 'organisation', 'Enter the organisation that sent this stakeholder submission'],
          [4, 'text', 'Enter the text of the submission, or remove the row'],
          [5, 'channel', '"Carrier pigeon" is not a channel for an import. Use Stakeholder submission or Public input'],
          [5, 'source_role', '"King" is not a role we know. Use one of: Lived experience, Stakeholder, Official, Advisor, Member of the public'],
          [5, 'submitted_on', '"yesterday" is not a date. Write the date it was sent like 2027-03-31 or 31/03/2027'],
          [5, 'consent_to_quote', '"Perhaps" is not an answer for consent to quote. Use Yes, No or Not asked'],
          [6, 'reference', 'The reference W-1 is also on row 2. Give each submission its own reference'],
          [7, 'submitted_on', 'The date it was sent must be today or in the past'],
        ],
      )
      assert.equal(r.rejected, 5)
      assert.equal(r.imported, 1)
      assert.equal((await count()) - before, 1)

      const activity = await importSubmissions(deps, ANALYST, csv(['text,organisation,activity', 'About letters.,Westhaven Carers,No such thing']), REAL)
      assert.deepEqual(activity.problems.map(p => [p.line, p.column, p.message]), [
        [2, 'activity', 'No activity has the title or id "No such thing". Check it against the list of activities, or leave it blank'],
      ])
    })

    it('imports nothing when all-or-nothing is chosen and a row is wrong; a dry run writes nothing', async () => {
      const lines = ['text,organisation', 'Fine.,Glenmoor Housing Association', 'No organisation.,']
      const before = await count()
      const auditsBefore = (await audits()).length
      const strict = await importSubmissions(deps, ANALYST, csv(lines), { allOrNothing: true, dryRun: false })
      assert.equal(strict.imported, 0)
      assert.equal(strict.rejected, 1)
      assert.deepEqual(strict.problems.map(p => describeImportProblem(p)), ['Row 3, organisation: enter the organisation that sent this stakeholder submission'])
      assert.equal(await count(), before)
      assert.equal((await audits()).length, auditsBefore + 1, 'the attempt is audited, with its counts')

      const check = await importSubmissions(deps, ANALYST, csv(lines), { allOrNothing: false, dryRun: true })
      assert.equal(check.dryRun, true)
      assert.equal(check.imported, 1, 'one row would be imported')
      assert.equal(await count(), before)
      assert.equal((await audits()).length, auditsBefore + 1, 'a dry run is not audited')

      const fixed = await importSubmissions(deps, ANALYST, csv(['text,organisation', 'Fine.,Glenmoor Housing Association', 'Now with one.,Glenmoor Housing Association']), { allOrNothing: true, dryRun: false })
      assert.equal(fixed.imported, 2)
      assert.equal((await count()) - before, 2)
    })

    it('reads the first sheet of an .xlsx workbook: dates, numbers and words', async () => {
      const wb = new ExcelJS.Workbook()
      const sheet = wb.addWorksheet('Submissions')
      wb.addWorksheet('Notes').addRow(['Ignored'])
      sheet.addRow(['Text', 'Source role', 'Organisation', 'Reference', 'Submitted on', 'Consent to quote'])
      sheet.addRow(['From a workbook.', 'Stakeholder', 'Northshire Disability Forum', 101, new Date(Date.UTC(2027, 2, 15)), 'Yes, may be quoted'])
      sheet.addRow([])
      sheet.addRow(['Lived experience, sent through the forum.', 'lived experience', '', 102, '15/03/2027', 'not asked'])
      sheet.addRow(['', 'Stakeholder', 'Northshire Disability Forum', 103])
      const bytes = Buffer.from(await wb.xlsx.writeBuffer())
      const r = await importSubmissions(deps, ANALYST, { name: 'forum.xlsx', bytes }, REAL)
      assert.deepEqual(r.problems.map(p => [p.line, p.column]), [[5, 'text']], 'row numbers as the spreadsheet shows them')
      assert.equal(r.imported, 2)
      assert.equal(r.importedStakeholder, 1)
      const forum = await listEvidence(deps, ANALYST, { role: 'stakeholder' }, { limit: 100, offset: 0 })
      const item = forum.items.find(i => i.body === 'From a workbook.')!
      assert.equal(item.organisation, 'Northshire Disability Forum')
      assert.equal(item.capturedAt, '2027-03-15T00:00:00.000Z')
      assert.equal(item.consentToQuote, 'yes')
      assert.match(item.sourceRef, /:101$/)
      const lived = await listEvidence(deps, ANALYST, { role: 'lived_experience' }, { limit: 100, offset: 0 })
      assert.ok(lived.items.some(i => i.body === 'Lived experience, sent through the forum.' && i.entry === 'import'))
      const [audit] = (await audits()).slice(-1)
      assert.equal((JSON.parse(String(audit!.summary)) as { format: string }).format, 'xlsx')
    })

    it('refuses files it cannot read, with what to do', async () => {
      const problem = async (file: { name: string; bytes: Buffer }) => {
        const r = await importSubmissions(deps, ANALYST, file, REAL)
        assert.equal(r.imported, 0)
        return r.fileProblems.map(p => p.message)
      }
      assert.deepEqual(await problem({ name: 'empty.csv', bytes: Buffer.alloc(0) }), ['The selected file is empty'])
      assert.deepEqual(await problem({ name: 'big.csv', bytes: Buffer.alloc(MAX_IMPORT_FILE_BYTES + 1, 0x61) }), [
        'The selected file must be smaller than 5 MB. Split it into smaller files and import each one',
      ])
      assert.match((await problem({ name: 'latin1.csv', bytes: Buffer.from([0x74, 0x65, 0x78, 0x74, 0x0a, 0xe9, 0x0a]) }))[0]!, /not saved as UTF-8/)
      assert.match((await problem(csv(['text;organisation', 'x;y'])))[0]!, /separated by semicolons, not commas/)
      assert.deepEqual(await problem(csv(['text,organisaton', 'x,y'])), ['"organisaton" in column B is not a column we know. Check its spelling, or remove the column'])
      assert.deepEqual(await problem(csv(['organisation', 'x'])), ['There must be a "text" column with the submissions in it'])
      assert.deepEqual(await problem(csv(['text', ''])), ['There are no submissions in the file: put one on each row under the header row'])
      assert.match((await problem({ name: 'fake.xlsx', bytes: Buffer.from('text\nhello\n') }))[0]!, /called \.xlsx but is not an Excel workbook/)
    })

    it('lets only those who may capture evidence import', async () => {
      await assert.rejects(importSubmissions(deps, STAKEHOLDER, csv(['text', 'x']), REAL), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
      const r = await importSubmissions(deps, SYSTEM, csv(['text,channel', 'From the command line.,public input']), REAL)
      assert.equal(r.imported, 1)
    })
  })
}
