import assert from 'node:assert/strict'
import { PassThrough } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import type { IdentityRow, ParticipantRow } from '../data/participant.repository.ts'
import { DEFAULT_PANEL_CATALOGUE } from './catalogue.ts'
import { changeConsents } from './consent-change.ts'
import { parseCsv } from './csv-format.ts'
import { prepareIdentityExport, prepareResearchExport, researchColumns, type PreparedExport } from './export-participants.ts'
import { identityContext } from './participant.ts'
import { registerParticipants } from './register-participant.ts'
import type { RegisterParticipantInput } from './registration.schema.ts'

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

const staff = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })
const analyst = staff('analyst')
const manager = staff('panel_manager')
const isCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

/** People with distinctive identity values, so a test can look for them where they must not be. */
const PEOPLE: RegisterParticipantInput[] = [
  {
    fullName: 'Eudora Pennyworth',
    email: 'eudora.pennyworth@example.org',
    phone: '07700 900 811',
    address: { line1: '7 Quillon Crescent', line2: 'Upper Flat', town: 'Glenmoor', postcode: 'GM4 9ZZ' },
    preferredChannel: 'letter',
    preferredFormat: 'large_print',
    demographics: { area: 'glenmoor', age_band: '65_74', benefits: ['winter_heating', 'disability'], long_term_condition: ['sight_loss'] },
    supportNeeds: [{ need: 'travel', detail: 'Taxi from 7 Quillon Crescent' }, { need: 'quiet_room' }],
    seldomHeardTags: ['remote_rural'],
    joinedVia: 'post',
    joinedAt: '2025-04-01T09:00:00.000Z',
  },
  {
    fullName: '=Cornelius Threadgold',
    email: 'cornelius.threadgold@example.org',
    preferredChannel: 'email',
    preferredFormat: 'another_language',
    preferredLanguage: 'Tigrinya',
    demographics: { area: 'eastport', gender: 'prefer_not_to_say' },
    joinedVia: 'online',
  },
  {
    fullName: 'Marigold Featherstonehaugh',
    phone: '+44 1632 960 777',
    preferredChannel: 'phone',
    demographics: { area: 'glenmoor' },
    joinedVia: 'phone',
  },
]
const IDENTITY_STRINGS = ['Eudora', 'Pennyworth', 'example.org', '07700', 'Quillon', 'GM4 9ZZ', 'Upper Flat', 'Cornelius', 'Tigrinya', 'Marigold', '1632', 'Taxi']

async function collect(exp: PreparedExport): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(Buffer.from(c)))
  const ended = new Promise<void>(resolve => out.on('end', () => resolve()))
  await exp.write(out)
  await ended
  return Buffer.concat(chunks)
}

function csvRows(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8')
  assert.ok(text.startsWith('\uFEFF'), 'a CSV export starts with a byte order mark')
  const parsed = parseCsv(text)
  assert.ok(parsed.ok)
  return parsed.records.map(r => r.cells)
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  return wb
}

function allCells(wb: ExcelJS.Workbook): string {
  const out: string[] = []
  wb.eachSheet(ws => ws.eachRow(row => row.eachCell(cell => out.push(String(cell.value)))))
  return out.join('\n')
}

for (const dialect of TEST_DIALECTS) {
  describe(`panel exports (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let pseudonyms: string[]
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      pseudonyms = (await registerParticipants(deps, systemActor('test'), PEOPLE)).map(p => p.pseudonym)
      const panel = database.db.withTables<{ panel_participant: { pseudonym: string; last_participated_at: string | null; status: string } }>()
      await panel.updateTable('panel_participant').set({ last_participated_at: '2026-10-05T14:00:00.000Z' }).where('pseudonym', '=', pseudonyms[0]!).execute()
      await panel.updateTable('panel_participant').set({ status: 'withdrawn' }).where('pseudonym', '=', pseudonyms[1]!).execute()
    })
    after(() => database.close())

    it('research CSV: one row per member by pseudonym, answers as labels, and no identity at all', async () => {
      const exp = await prepareResearchExport(deps, analyst, { format: 'csv', filter: {} })
      assert.equal(exp.rowCount, 3)
      assert.equal(exp.contentType, 'text/csv; charset=utf-8')
      assert.match(exp.fileName, /^panel-research-data-\d{4}-\d{2}-\d{2}\.csv$/)
      const bytes = await collect(exp)
      const [header, ...rows] = csvRows(bytes)
      assert.deepEqual(header, researchColumns(DEFAULT_PANEL_CATALOGUE, true).map(c => c.key))
      assert.deepEqual(rows.map(r => r[0]), [...pseudonyms].sort())
      const eudora = Object.fromEntries(header!.map((h, i) => [h, rows.find(r => r[0] === pseudonyms[0])![i]]))
      assert.deepEqual(eudora, {
        pseudonym: pseudonyms[0],
        status: 'Active',
        joined: '2025-04-01',
        joined_via: 'By post',
        area: 'Glenmoor',
        age_band: '65 to 74',
        gender: '',
        disability: '',
        long_term_condition: 'Blind or partially sighted',
        caring: '',
        ethnicity: '',
        benefits: 'Disability benefit; Winter heating payment',
        rurality: '',
        seldom_heard_groups: 'Remote rural',
        support_needs: 'Help with travel; A quiet room',
        max_invitations_per_month: '2',
        last_took_part: '2026-10-05',
      })
      const text = bytes.toString('utf8')
      for (const s of IDENTITY_STRINGS) assert.ok(!text.includes(s), `the research export contains ${s}`)
    })

    it('research XLSX: bold frozen header, column widths, a sheet describing the columns, and no identity', async () => {
      const exp = await prepareResearchExport(deps, analyst, { format: 'xlsx', filter: { status: 'active' } })
      assert.equal(exp.rowCount, 2)
      const wb = await workbook(await collect(exp))
      assert.deepEqual(wb.worksheets.map(w => w.name), ['Panel members', 'About the columns'])
      const sheet = wb.getWorksheet('Panel members')!
      assert.equal(sheet.getRow(1).font?.bold, true)
      assert.equal(sheet.views[0]?.state, 'frozen')
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1)
      assert.equal(sheet.getRow(1).getCell(1).value, 'pseudonym')
      assert.ok((sheet.getColumn(1).width ?? 0) >= 12)
      assert.ok((sheet.getColumn(6).width ?? 0) >= 14, 'age band is wide enough for its labels')
      assert.equal(sheet.rowCount, 3)
      const columns = researchColumns(DEFAULT_PANEL_CATALOGUE, true)
      const about = wb.getWorksheet('About the columns')!
      assert.equal(about.getRow(1).font?.bold, true)
      assert.equal(about.rowCount, columns.length + 1)
      assert.deepEqual([1, 2, 3].map(i => about.getRow(2).getCell(i).value), ['pseudonym', 'Pseudonym', columns[0]!.description])
      const all = allCells(wb)
      for (const s of IDENTITY_STRINGS) assert.ok(!all.includes(s), `the research workbook contains ${s}`)
    })

    it('research export follows the list page filters, and refuses an unknown one', async () => {
      const glenmoor = await prepareResearchExport(deps, manager, { format: 'csv', filter: { status: undefined, dimension: { key: 'area', value: 'glenmoor' } } })
      assert.equal(glenmoor.rowCount, 2)
      assert.equal(csvRows(await collect(glenmoor)).length, 3)
      const rural = await prepareResearchExport(deps, manager, { format: 'csv', filter: { tag: 'remote_rural' } })
      assert.equal(rural.rowCount, 1)
      const withdrawn = await prepareResearchExport(deps, manager, { format: 'csv', filter: { status: 'withdrawn' } })
      assert.deepEqual(csvRows(await collect(withdrawn)).slice(1).map(r => r[0]), [pseudonyms[1]])
      await assert.rejects(prepareResearchExport(deps, manager, { format: 'csv', filter: { dimension: { key: 'area', value: 'atlantis' } } }), (err: unknown) => {
        assert.ok(isCode('VALIDATION_FAILED')(err))
        assert.deepEqual((err as AppError).fieldErrors.map(e => e.field), ['show'])
        return true
      })
    })

    it('research export is recorded in the audit trail, and refused to roles without it', async () => {
      await prepareResearchExport(deps, analyst, { format: 'xlsx', filter: { tag: 'remote_rural' } })
      const e = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.research_exported').orderBy('seq', 'desc').executeTakeFirstOrThrow()
      assert.equal(e.actor_user_id, analyst.userId)
      assert.deepEqual(JSON.parse(e.summary), { rows: 1, format: 'xlsx', filter: { status: 'any', tag: 'remote_rural' }, supportNeeds: true })
      for (const role of ['admin', 'panel_member', 'stakeholder', 'scrutiny_body', 'seldom_heard_partner'] as const) {
        await assert.rejects(prepareResearchExport(deps, staff(role), { format: 'csv', filter: {} }), isCode('FORBIDDEN'), role)
      }
    })

    it('leaves out support needs for a role that may not see them', () => {
      const keys = researchColumns(DEFAULT_PANEL_CATALOGUE, false).map(c => c.key)
      assert.ok(!keys.includes('support_needs'))
      assert.ok(researchColumns(DEFAULT_PANEL_CATALOGUE, true).some(c => c.key === 'support_needs'))
    })

    it('identity export: the panel manager gets names and contact details with each pseudonym, audited without identity', async () => {
      const exp = await prepareIdentityExport(deps, manager, { format: 'csv', filter: {} })
      assert.equal(exp.rowCount, 3)
      assert.match(exp.fileName, /^panel-contact-details-\d{4}-\d{2}-\d{2}\.csv$/)
      const [header, ...rows] = csvRows(await collect(exp))
      assert.deepEqual(header, [
        'pseudonym',
        'full_name',
        'email',
        'phone',
        'address_line_1',
        'address_line_2',
        'town',
        'postcode',
        'preferred_channel',
        'preferred_format',
        'preferred_language',
        'may_contact_for_research',
        'status',
      ])
      const byPseudonym = new Map(rows.map(r => [r[0], r]))
      assert.deepEqual(byPseudonym.get(pseudonyms[0]), [
        pseudonyms[0],
        'Eudora Pennyworth',
        'eudora.pennyworth@example.org',
        '07700 900 811',
        '7 Quillon Crescent',
        'Upper Flat',
        'Glenmoor',
        'GM4 9ZZ',
        'Letter',
        'Large print',
        '',
        'No',
        'Active',
      ])
      const cornelius = byPseudonym.get(pseudonyms[1])!
      assert.equal(cornelius[1], "'=Cornelius Threadgold", 'a name that looks like a formula is made safe')
      assert.equal(cornelius[10], 'Tigrinya')
      assert.equal(byPseudonym.get(pseudonyms[2])![3], '+44 1632 960 777', 'a phone number is left as typed')

      const e = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.identity_exported').orderBy('seq', 'desc').executeTakeFirstOrThrow()
      assert.equal(e.actor_user_id, manager.userId)
      assert.equal(e.actor_role, 'panel_manager')
      assert.deepEqual(JSON.parse(e.summary), { rows: 3, format: 'csv', filter: { status: 'any' } })
      const trail = JSON.stringify(await database.db.selectFrom('audit_event').selectAll().execute())
      for (const s of IDENTITY_STRINGS) assert.ok(!trail.includes(s), `the audit trail contains ${s}`)
    })

    it('identity export says who may be contacted about research, as it is when the export runs', async () => {
      const participant = await database.db
        .withTables<{ panel_participant: { id: string; pseudonym: string } }>()
        .selectFrom('panel_participant')
        .select('id')
        .where('pseudonym', '=', pseudonyms[2]!)
        .executeTakeFirstOrThrow()
      await changeConsents(deps, manager, participant.id, [{ purpose: 'contact_research', given: true }], { channel: 'phone' })
      const rows = csvRows(await collect(await prepareIdentityExport(deps, manager, { format: 'csv', filter: {} }))).slice(1)
      assert.deepEqual(rows.map(r => [r[0], r[11]]).sort(), pseudonyms.map(p => [p, p === pseudonyms[2] ? 'Yes' : 'No']).sort())
      await changeConsents(deps, manager, participant.id, [{ purpose: 'contact_research', given: false }], { channel: 'phone' })
      const after = csvRows(await collect(await prepareIdentityExport(deps, manager, { format: 'csv', filter: {} }))).slice(1)
      assert.ok(after.every(r => r[11] === 'No'), 'a withdrawal shows at once')
    })

    it('identity export as XLSX, filtered', async () => {
      const exp = await prepareIdentityExport(deps, manager, { format: 'xlsx', filter: { status: 'active', dimension: { key: 'area', value: 'glenmoor' } } })
      assert.equal(exp.rowCount, 2)
      const wb = await workbook(await collect(exp))
      const sheet = wb.getWorksheet('Contact details')!
      assert.equal(sheet.getRow(1).font?.bold, true)
      assert.equal(sheet.views[0]?.state, 'frozen')
      assert.equal(sheet.rowCount, 3)
      assert.ok(allCells(wb).includes('Marigold Featherstonehaugh'))
      assert.equal(wb.getWorksheet('About the columns')!.rowCount, 14)
    })

    it('identity export is refused to an analyst and every other role, and the refusal is recorded', async () => {
      for (const role of ['analyst', 'admin', 'scrutiny_body', 'panel_member', 'seldom_heard_partner'] as const) {
        const actor = staff(role)
        await assert.rejects(prepareIdentityExport(deps, actor, { format: 'csv', filter: {} }), isCode('FORBIDDEN'), role)
        await assert.rejects(prepareIdentityExport(deps, actor, { format: 'xlsx', filter: {}, reason: 'I have a good reason' }), isCode('FORBIDDEN'), role)
        const refused = await database.db.selectFrom('audit_event').selectAll().where('actor_user_id', '=', actor.userId).execute()
        assert.deepEqual(refused.map(e => e.action), ['panel.identity_export_refused', 'panel.identity_export_refused'])
      }
    })

    it('from the command line (the system), identity export needs a reason, which is recorded', async () => {
      const system = systemActor('charter panel export')
      await assert.rejects(prepareIdentityExport(deps, system, { format: 'csv', filter: {} }), isCode('FORBIDDEN'))
      await assert.rejects(prepareIdentityExport(deps, system, { format: 'csv', filter: {}, reason: '   ' }), isCode('FORBIDDEN'))
      const exp = await prepareIdentityExport(deps, system, { format: 'csv', filter: {}, reason: 'Mail-out of the annual report' })
      assert.equal(exp.rowCount, 3)
      const e = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.identity_exported').orderBy('seq', 'desc').executeTakeFirstOrThrow()
      assert.equal(e.actor_role, 'system')
      assert.equal(e.actor_user_id, null)
      assert.deepEqual(JSON.parse(e.summary), { rows: 3, format: 'csv', filter: { status: 'any' }, reason: 'Mail-out of the annual report' })
    })

    it('pages through a large panel, and holds to the members there were when the export began', async () => {
      const cipher = fieldCipherFor(database.config.identityKey)
      const now = new Date().toISOString()
      const participants: ParticipantRow[] = []
      const identities: IdentityRow[] = []
      for (let i = 0; i < 2100; i++) {
        const id = newId()
        participants.push({
          id,
          pseudonym: `P-Z${String(i).padStart(5, '0')}`,
          status: 'active',
          joined_at: now,
          joined_via: 'online',
          entered_by_user_id: null,
          entered_by_role: 'system',
          max_invitations_per_month: 2,
          user_id: null,
          last_participated_at: null,
          created_at: now,
          updated_at: now,
        })
        identities.push({
          participant_id: id,
          full_name_enc: cipher.encrypt(`Bulk Person ${i}`, identityContext('full_name', id)),
          email_enc: null,
          email_index: null,
          phone_enc: null,
          phone_index: null,
          address_enc: null,
          preferred_channel: 'phone',
          preferred_format: 'standard',
          preferred_language_enc: null,
          created_at: now,
          updated_at: now,
        })
      }
      const bulk = database.db.withTables<{ panel_participant: ParticipantRow; panel_identity: IdentityRow }>()
      for (let i = 0; i < participants.length; i += 300) {
        await bulk.insertInto('panel_participant').values(participants.slice(i, i + 300)).execute()
        await bulk.insertInto('panel_identity').values(identities.slice(i, i + 300)).execute()
      }
      const research = await prepareResearchExport(deps, analyst, { format: 'csv', filter: { status: 'active' } })
      const identity = await prepareIdentityExport(deps, manager, { format: 'xlsx', filter: { status: 'active' } })
      // Someone joins after the exports began: they are in the next export, not these.
      await registerParticipants(deps, systemActor('test'), [{ fullName: 'Late Joiner', email: 'late@example.org', preferredChannel: 'email', joinedVia: 'online' }])
      assert.equal(research.rowCount, 2102)
      const rows = csvRows(await collect(research)).slice(1)
      assert.equal(rows.length, 2102)
      assert.equal(new Set(rows.map(r => r[0])).size, 2102, 'no member twice across pages')
      const sheet = (await workbook(await collect(identity))).getWorksheet('Contact details')!
      assert.equal(sheet.rowCount, 2103)
      const names = new Set<string>()
      sheet.eachRow((row, n) => n > 1 && names.add(String(row.getCell(2).value)))
      assert.equal(names.size, 2102)
      for (const name of ['Bulk Person 0', 'Bulk Person 999', 'Bulk Person 1000', 'Bulk Person 2099', 'Eudora Pennyworth']) assert.ok(names.has(name), name)
      const count = await sql<{ n: number | string }>`select count(*) as n from panel_participant where status = 'active'`.execute(database.db)
      assert.equal(Number(count.rows[0]!.n), 2103)
    })
  })
}
