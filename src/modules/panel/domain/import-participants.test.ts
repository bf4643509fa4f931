import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { csvLine } from './csv-format.ts'
import { getImportReport, importParticipants, type ImportParticipantsInput } from './import-participants.ts'
import { registerParticipant } from './register-participant.ts'

function depsOf(database: TestDatabase): AppDeps {
  return {
    config: database.config,
    db: database.db,
    dialect: database.dialect,
    clock: systemClock,
    mailer: { send: async () => {}, close: () => {} },
    logger: createLogger('silent'),
  }
}

const manager: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Test panel manager' }
const HEADER = ['full_name', 'email', 'phone', 'preferred_channel', 'area', 'age_band', 'seldom_heard_tags', 'consent_contact_research']

function csv(rows: Record<string, string>[], header = HEADER): string {
  return csvLine(header) + rows.map(r => csvLine(header.map(h => r[h] ?? ''))).join('')
}

let serial = 0
/** A good row with distinctive identity values, so a test can look for them where they must not be. */
function good(over: Record<string, string> = {}): Record<string, string> {
  serial += 1
  return {
    full_name: `Wilhelmina Quarrie-${serial}`,
    email: `wilhelmina.quarrie.${serial}@example.org`,
    phone: `07700 9${String(serial).padStart(5, '0')}`,
    area: 'Glenmoor',
    age_band: '25_34',
    consent_contact_research: 'Yes',
    ...over,
  }
}

async function count(db: TestDatabase['db'], table: string, where = sql``): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} ${where}`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

async function counts(db: TestDatabase['db']) {
  const tables = ['panel_participant', 'panel_identity', 'panel_demographic', 'panel_seldom_heard_tag', 'panel_consent', 'panel_import', 'audit_event']
  return Object.fromEntries(await Promise.all(tables.map(async t => [t, await count(db, t)] as const)))
}

function input(file: string, over: Partial<ImportParticipantsInput> = {}): ImportParticipantsInput {
  return { file: Buffer.from(file), joinedVia: 'post', allOrNothing: false, dryRun: false, ...over }
}

for (const dialect of TEST_DIALECTS) {
  describe(`importParticipants (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())
    beforeEach(async () => {
      for (const t of ['panel_consent', 'panel_seldom_heard_tag', 'panel_support_need', 'panel_demographic', 'panel_identity', 'panel_participant', 'panel_import']) {
        await sql`delete from ${sql.table(t)}`.execute(database.db)
      }
    })

    it('imports the good rows and reports each bad one by line and column', async () => {
      const rows = [good(), good({ email: 'not-an-email' }), good({ seldom_heard_tags: 'Remote rural' }), good({ full_name: '' }), good()]
      const report = await importParticipants(deps, manager, input(csv(rows)))
      assert.equal(report.rowsRead, 5)
      assert.equal(report.imported, 3)
      assert.equal(report.rejected, 2)
      assert.deepEqual(report.fileProblems, [])
      assert.deepEqual(
        report.problems.map(p => [p.line, p.column, p.columnLetter, p.message]),
        [
          [3, 'email', 'B', 'Enter an email address in the correct format, like name@example.com'],
          [5, 'full_name', 'A', 'Enter their full name'],
        ],
      )
      assert.equal(await count(database.db, 'panel_participant'), 3)
      const people = await database.db
        .withTables<{ panel_participant: { joined_via: string; entered_by_user_id: string | null; entered_by_role: string } }>()
        .selectFrom('panel_participant')
        .selectAll()
        .execute()
      assert.deepEqual(new Set(people.map(p => `${p.joined_via} ${p.entered_by_role} ${p.entered_by_user_id}`)), new Set([`post panel_manager ${manager.userId}`]))
      assert.equal(await count(database.db, 'panel_seldom_heard_tag'), 1)
      assert.equal(await count(database.db, 'panel_demographic', sql`where dimension = 'area' and value = 'glenmoor'`), 3)
    })

    it('records each person and the import itself in the audit trail, with counts and no identity', async () => {
      const rows = [good(), good(), good({ phone: 'ring the Quarrie house' })]
      const report = await importParticipants(deps, manager, input(csv(rows)))
      assert.ok(report.importId)
      const events = await database.db.selectFrom('audit_event').selectAll().where('actor_user_id', '=', manager.userId).orderBy('seq', 'desc').limit(5).execute()
      const [imported, ...each] = events
      assert.equal(imported!.action, 'panel.participants_imported')
      assert.equal(imported!.subject_type, 'panel_import')
      assert.equal(imported!.subject_id, report.importId)
      assert.deepEqual(JSON.parse(imported!.summary), { rowsRead: 3, imported: 2, rejected: 1, allOrNothing: false, joinedVia: 'post' })
      assert.deepEqual(each.map(e => e.action).reverse(), [
        'panel.participant_registered',
        'panel.participant_registered',
        'panel.consent_given',
        'panel.consent_given',
      ])
      const trail = JSON.stringify(await database.db.selectFrom('audit_event').selectAll().execute())
      const stored = JSON.stringify(await sql`select * from panel_import`.execute(database.db))
      for (const r of rows) {
        for (const s of [r.full_name!, r.email!, r.phone!]) {
          assert.ok(!trail.includes(s), `the audit trail holds ${s}`)
          assert.ok(!stored.includes(s), `the stored import report holds ${s}`)
        }
      }
      const again = await getImportReport(deps, manager, report.importId)
      assert.deepEqual(again, report)
    })

    it('records each person\'s consents with their registration, as told by the way they joined', async () => {
      const header = [...HEADER, 'consent_quotes', 'consent_special_category', 'ethnicity', 'joined_via']
      const rows = [
        good({ consent_quotes: 'No', consent_special_category: 'Yes', ethnicity: 'Asian or Asian British' }),
        good({ joined_via: 'partner' }),
        good({ ethnicity: 'Arab' }),
        good({ consent_contact_research: 'No' }),
      ]
      const report = await importParticipants(deps, manager, input(csv(rows, header)))
      assert.deepEqual([report.imported, report.rejected], [2, 2])
      assert.deepEqual(
        report.problems.map(p => [p.line, p.column]),
        [
          [4, 'ethnicity'],
          [5, 'consent_contact_research'],
        ],
      )
      const consents = await sql<{ purpose: string; decision: string; channel: string; wording_version: number; recorded_by_user_id: string | null; joined_via: string }>`
        select c.purpose, c.decision, c.channel, c.wording_version, c.recorded_by_user_id, p.joined_via
        from panel_consent c join panel_participant p on p.id = c.participant_id order by p.joined_via, c.purpose`.execute(database.db)
      assert.deepEqual(
        consents.rows.map(c => [c.joined_via, c.purpose, c.decision, c.channel, Number(c.wording_version), c.recorded_by_user_id]),
        [
          ['partner', 'contact_research', 'given', 'partner', 1, manager.userId],
          ['post', 'contact_research', 'given', 'post', 1, manager.userId],
          ['post', 'quotes', 'withdrawn', 'post', 1, manager.userId],
          ['post', 'special_category', 'given', 'post', 1, manager.userId],
        ],
      )
      assert.equal(await count(database.db, 'panel_demographic', sql`where dimension = 'ethnicity'`), 1)
    })

    it('all or nothing: one bad row and nothing is imported', async () => {
      const before = await counts(database.db)
      const report = await importParticipants(deps, manager, input(csv([good(), good(), good({ area: 'Atlantis' })]), { allOrNothing: true }))
      assert.equal(report.imported, 0)
      assert.equal(report.rejected, 1)
      assert.equal(report.problems[0]!.line, 4)
      assert.match(report.problems[0]!.message, /"Atlantis" is not an answer for area/)
      const after = await counts(database.db)
      for (const t of ['panel_participant', 'panel_identity', 'panel_demographic', 'panel_seldom_heard_tag']) assert.equal(after[t], before[t], t)
      assert.equal(after.panel_import, (before.panel_import ?? 0) + 1, 'the attempt and its report are kept')
      assert.equal(after.audit_event, (before.audit_event ?? 0) + 1, 'only the import event: nobody was registered')
    })

    it('all or nothing: every row good and every row is imported, in one go', async () => {
      const report = await importParticipants(deps, manager, input(csv([good(), good(), good()]), { allOrNothing: true }))
      assert.deepEqual([report.imported, report.rejected], [3, 0])
      assert.equal(await count(database.db, 'panel_participant'), 3)
    })

    it('dry run: writes nothing at all, and says what would happen', async () => {
      await registerParticipant(deps, systemActor('test'), { fullName: 'Existing Person', email: 'existing@example.org', preferredChannel: 'email', joinedVia: 'online' })
      const before = await counts(database.db)
      const file = csv([good(), good({ email: 'EXISTING@example.org' }), good()])
      const report = await importParticipants(deps, manager, input(file, { dryRun: true }))
      assert.equal(report.importId, null)
      assert.deepEqual([report.dryRun, report.rowsRead, report.imported, report.rejected], [true, 3, 2, 1])
      assert.equal(report.problems[0]!.message, 'There is already a panel member with this email address')
      const strict = await importParticipants(deps, manager, input(file, { dryRun: true, allOrNothing: true }))
      assert.deepEqual([strict.imported, strict.rejected], [0, 1], 'all or nothing would import none')
      assert.deepEqual(await counts(database.db), before)
    })

    it('finds duplicates of existing members by email (any case) and by phone (any format)', async () => {
      await registerParticipant(deps, systemActor('test'), {
        fullName: 'Already Here',
        email: 'already.here@example.org',
        phone: '07700 900 555',
        preferredChannel: 'email',
        joinedVia: 'online',
      })
      const rows = [good({ email: ' Already.Here@EXAMPLE.org ' }), good({ phone: '+44 7700 900555' }), good()]
      const report = await importParticipants(deps, manager, input(csv(rows)))
      assert.deepEqual(
        report.problems.map(p => [p.line, p.column, p.message]),
        [
          [2, 'email', 'There is already a panel member with this email address'],
          [3, 'phone', 'There is already a panel member with this phone number'],
        ],
      )
      assert.equal(report.imported, 1)
    })

    it('finds duplicates within the file, naming the earlier line', async () => {
      const first = good()
      const rows = [first, good({ email: first.email!.toUpperCase() }), good({ phone: first.phone!.replace(/ /g, '') }), good()]
      const report = await importParticipants(deps, manager, input(csv(rows)))
      assert.deepEqual(
        report.problems.map(p => [p.line, p.column, p.message]),
        [
          [3, 'email', 'The same email address is on line 2. Each person can be on the panel only once'],
          [4, 'phone', 'The same phone number is on line 2. Each person can be on the panel only once'],
        ],
      )
      assert.equal(report.imported, 2)
    })

    it('does not count a member who was erased as a duplicate', async () => {
      const gone = await registerParticipant(deps, systemActor('test'), { fullName: 'Gone', email: 'gone@example.org', preferredChannel: 'email', joinedVia: 'online' })
      await database.db.withTables<{ panel_participant: { id: string; status: string } }>().updateTable('panel_participant').set({ status: 'erased' }).where('id', '=', gone.id).execute()
      const report = await importParticipants(deps, manager, input(csv([good({ email: 'gone@example.org' })])))
      assert.deepEqual([report.imported, report.rejected], [1, 0])
    })

    it('imports more rows than one batch holds, with a Windows file (BOM, CRLF, quoted cells)', async () => {
      const rows = Array.from({ length: 520 }, () => good({ full_name: `Quoted, Person ${serial}` }))
      const file = `\uFEFF${csv(rows).replace(/\r\n/g, '\n').replace(/\n/g, '\r\n')}`
      const report = await importParticipants(deps, manager, input(file))
      assert.deepEqual([report.rowsRead, report.imported, report.rejected], [520, 520, 0])
      assert.equal(await count(database.db, 'panel_participant'), 520)
    })

    it('a row that fails only when it is written is reported, and the rest of its batch still goes in', async () => {
      // Take away the wording for recordings: a consent to it can then only fail as it is written.
      const wordings = await sql<Record<string, unknown>>`select * from panel_consent_wording where purpose = 'recordings'`.execute(database.db)
      await sql`delete from panel_consent_wording where purpose = 'recordings'`.execute(database.db)
      try {
        const header = [...HEADER, 'consent_recordings']
        const rows = [good(), good({ consent_recordings: 'Yes' }), good()]
        const report = await importParticipants(deps, manager, input(csv(rows, header)))
        assert.deepEqual([report.imported, report.rejected], [2, 1])
        assert.deepEqual(
          report.problems.map(p => [p.line, p.column, p.columnLetter, p.message]),
          [[3, 'consent_recordings', 'I', 'The wording you were shown has changed. Read it again and give your answer']],
        )
        assert.equal(await count(database.db, 'panel_participant'), 2)

        const strict = await importParticipants(deps, manager, input(csv([good(), good({ consent_recordings: 'Yes' })], header), { allOrNothing: true }))
        assert.deepEqual([strict.imported, strict.rejected], [0, 1])
        assert.equal(strict.problems[0]!.line, 3)
        assert.equal(await count(database.db, 'panel_participant'), 2, 'all or nothing: nobody from the second file')
        const stored = await getImportReport(deps, manager, strict.importId!)
        assert.deepEqual(stored.problems, strict.problems)
      } finally {
        for (const w of wordings.rows) await database.db.withTables<{ panel_consent_wording: Record<string, unknown> }>().insertInto('panel_consent_wording').values(w).execute()
      }
    })

    it('stops at a problem with the file itself and writes nothing', async () => {
      const before = await counts(database.db)
      const report = await importParticipants(deps, manager, input('full_name,favourite_colour\nJo,blue\n'))
      assert.deepEqual([report.rowsRead, report.imported, report.importId], [0, 0, null])
      assert.equal(report.fileProblems.length, 1)
      assert.match(report.fileProblems[0]!.message, /"favourite_colour" is not a column we know/)
      const notText = await importParticipants(deps, manager, { ...input(''), file: Buffer.from([0x50, 0x4b, 0x03, 0x04]) })
      assert.match(notText.fileProblems[0]!.message, /spreadsheet workbook/)
      assert.deepEqual(await counts(database.db), before)
    })

    it('is for the panel manager and the system only', async () => {
      for (const role of ['analyst', 'seldom_heard_partner', 'admin', 'panel_member'] as const) {
        await assert.rejects(
          importParticipants(deps, { userId: newId(), role, displayName: role }, input(csv([good()]))),
          (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN',
          role,
        )
        await assert.rejects(getImportReport(deps, { userId: newId(), role, displayName: role }, newId()), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
      }
      const system = await importParticipants(deps, systemActor('charter panel import'), input(csv([good()]), { joinedVia: 'phone' }))
      assert.equal(system.imported, 1)
      await assert.rejects(getImportReport(deps, manager, newId()), (err: unknown) => err instanceof AppError && err.code === 'NOT_FOUND')
    })
  })
}
