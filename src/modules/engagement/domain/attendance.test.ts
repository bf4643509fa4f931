// Attendance per session: one or several pseudonyms at once, every unknown one named, the session's own rules;
// changing and removing a record; taking part feeds the panel's participation history (the later date wins), after
// the commit and idempotently. Runs on every dialect in TEST_DIALECTS.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { changeParticipantStatus, recordParticipation } from '../../panel/index.ts'
import { addSession, createActivity } from './activities.ts'
import { attendanceStatusProblems, changeAttendance, getAttendance, recordAttendance, removeAttendance, splitPseudonyms } from './attendance.ts'
import { panelMember, SYSTEM } from './survey-fixtures.test-support.ts'

const NOW = new Date('2027-03-10T12:00:00.000Z')
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

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const problems = (expected: [string, string | RegExp][]) => (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED', String(err))
  assert.deepEqual(err.fieldErrors.map(e => e.field), expected.map(e => e[0]))
  for (const [i, [, m]] of expected.entries()) {
    if (typeof m === 'string') assert.equal(err.fieldErrors[i]!.message, m)
    else assert.match(err.fieldErrors[i]!.message, m)
  }
  return true
}

const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const STAKEHOLDER: Actor = { userId: newId(), role: 'stakeholder', displayName: 'Stakeholder' }

/** A workshop with a session on `day` (10:00 to 12:00 UTC). */
async function sessionOn(deps: AppDeps, day: string): Promise<string> {
  const { id: activityId } = await createActivity(deps, SYSTEM, {
    roundId: null, kind: 'workshop', title: `Workshop ${day}`, purpose: 'To hear what made applying hard', audience: 'whole_panel',
    audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
  })
  const { id } = await addSession(deps, SYSTEM, activityId, {
    mode: 'in_person', startsAt: `${day}T10:00:00.000Z`, endsAt: `${day}T12:00:00.000Z`, location: 'Eastport Community Centre, Eastport',
    address: '', joiningDetails: '', capacity: 20, accessibility: '',
  })
  return id
}

describe('attendance rules (no database)', () => {
  it('splits pasted pseudonyms on commas, spaces and new lines, each once, in capitals', () => {
    assert.deepEqual(splitPseudonyms(' p-aaaaaa, P-BBBBBB\nP-CCCCCC;P-aaaaaa  '), ['P-AAAAAA', 'P-BBBBBB', 'P-CCCCCC'])
    assert.deepEqual(splitPseudonyms('  \n '), [])
  })
  it('allows taking part only once a session has started, and only cancellations for a cancelled session', () => {
    const past = { status: 'scheduled' as const, starts_at: '2027-03-01T10:00:00.000Z' }
    const future = { status: 'scheduled' as const, starts_at: '2027-04-01T10:00:00.000Z' }
    assert.deepEqual(attendanceStatusProblems('attended', past, NOW), [])
    assert.match(attendanceStatusProblems('attended', future, NOW)[0]!.message, /has not started yet/)
    assert.deepEqual(attendanceStatusProblems('cancelled_in_advance', future, NOW), [])
    assert.match(attendanceStatusProblems('by_phone', { ...past, status: 'cancelled' }, NOW)[0]!.message, /was cancelled/)
    assert.match(attendanceStatusProblems('', past, NOW)[0]!.message, /^Select whether/)
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`attendance (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())

    const events = (action: string) => database.db.selectFrom('audit_event').select(['subject_id', 'summary']).where('action', '=', action).orderBy('seq').execute()
    const lastParticipated = async (id: string) =>
      (await database.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>().selectFrom('panel_participant').select('last_participated_at').where('id', '=', id).executeTakeFirstOrThrow()).last_participated_at

    it('names every pseudonym not on the panel, and a missing status, all at once; saves nothing', async () => {
      const sessionId = await sessionOn(deps, '2027-03-01')
      const a = await panelMember(deps)
      await assert.rejects(
        recordAttendance(deps, ANALYST, sessionId, { pseudonyms: `${a.pseudonym}, P-ZZZZZZ\nnonsense`, status: '' as never }),
        problems([
          ['pseudonyms', 'P-ZZZZZZ and NONSENSE are not pseudonyms of anyone on the panel: check them, for example P-7K3M9Q'],
          ['status', /^Select whether they attended/],
        ]),
      )
      await assert.rejects(recordAttendance(deps, ANALYST, sessionId, { pseudonyms: ' ', status: 'attended' }), problems([['pseudonyms', /^Enter the pseudonym of at least one/]]))
      assert.equal((await getAttendance(deps, ANALYST, sessionId)).total, 0)
      await assert.rejects(recordAttendance(deps, STAKEHOLDER, sessionId, { pseudonyms: a.pseudonym, status: 'attended' }), hasCode('FORBIDDEN'))
      await assert.rejects(recordAttendance(deps, ANALYST, newId(), { pseudonyms: a.pseudonym, status: 'attended' }), hasCode('NOT_FOUND'))
    })

    it('refuses a withdrawn member (not active on the panel)', async () => {
      const sessionId = await sessionOn(deps, '2027-03-01')
      const gone = await panelMember(deps)
      await changeParticipantStatus(deps, SYSTEM, { participantId: gone.id, status: 'withdrawn' })
      await assert.rejects(recordAttendance(deps, ANALYST, sessionId, { pseudonyms: gone.pseudonym, status: 'attended' }), problems([['pseudonyms', `${gone.pseudonym} is not a pseudonym of anyone on the panel: check it, for example P-7K3M9Q`]]))
    })

    it('records several at once, changes those already recorded, counts each status, and audits it', async () => {
      const sessionId = await sessionOn(deps, '2027-03-02')
      const [a, b, c] = [await panelMember(deps), await panelMember(deps), await panelMember(deps)]
      const first = await recordAttendance(deps, ANALYST, sessionId, { pseudonyms: `${a.pseudonym}\n${b.pseudonym.toLowerCase()}`, status: 'attended' })
      assert.deepEqual(first, { added: [a.pseudonym, b.pseudonym], changed: [], unchanged: [] })
      const second = await recordAttendance(deps, ANALYST, sessionId, { pseudonyms: `${b.pseudonym} ${c.pseudonym}`, status: 'by_phone' })
      assert.deepEqual(second, { added: [c.pseudonym], changed: [b.pseudonym], unchanged: [] })
      const third = await recordAttendance(deps, ANALYST, sessionId, { pseudonyms: c.pseudonym, status: 'by_phone' })
      assert.deepEqual(third, { added: [], changed: [], unchanged: [c.pseudonym] })

      const list = await getAttendance(deps, ANALYST, sessionId)
      assert.equal(list.total, 3)
      assert.equal(list.tookPart, 3)
      assert.deepEqual(Object.fromEntries(list.counts.map(x => [x.code, x.count])), { attended: 1, online: 0, by_phone: 2, did_not_attend: 0, cancelled_in_advance: 0 })
      assert.deepEqual(list.rows.map(r => r.pseudonym), [a.pseudonym, b.pseudonym, c.pseudonym].sort())

      const audited = (await events('engagement.attendance_recorded')).filter(e => e.subject_id === sessionId).map(e => JSON.parse(e.summary))
      assert.deepEqual(audited, [
        { status: 'attended', added: [a.pseudonym, b.pseudonym], changed: [] },
        { status: 'by_phone', added: [c.pseudonym], changed: [b.pseudonym] },
      ], 'nothing audited when nothing changed')
    })

    it('feeds the panel participation history with the session date, keeping the later date, and audits it there', async () => {
      const early = await sessionOn(deps, '2027-02-01')
      const late = await sessionOn(deps, '2027-03-03')
      const p = await panelMember(deps)
      const q = await panelMember(deps)
      await recordAttendance(deps, ANALYST, late, { pseudonyms: `${p.pseudonym} ${q.pseudonym}`, status: 'attended' })
      assert.equal(await lastParticipated(p.id), '2027-03-03T10:00:00.000Z')
      await recordAttendance(deps, ANALYST, early, { pseudonyms: p.pseudonym, status: 'by_phone' })
      assert.equal(await lastParticipated(p.id), '2027-03-03T10:00:00.000Z', 'an earlier session does not move it back')
      const audited = (await events('panel.participation_recorded')).filter(e => e.subject_id === p.id)
      assert.equal(audited.length, 1, 'told twice, changed once, audited once')
      assert.deepEqual(JSON.parse(audited[0]!.summary), { pseudonym: p.pseudonym, before: null, after: '2027-03-03T10:00:00.000Z' })

      const other = await sessionOn(deps, '2027-03-05')
      const r = await panelMember(deps)
      await recordAttendance(deps, ANALYST, other, { pseudonyms: r.pseudonym, status: 'did_not_attend' })
      assert.equal(await lastParticipated(r.id), null, 'not attending is not taking part')
      const list = await getAttendance(deps, ANALYST, other)
      await changeAttendance(deps, ANALYST, list.rows[0]!.id, 'attended')
      assert.equal(await lastParticipated(r.id), '2027-03-05T10:00:00.000Z', 'changed to attended: now it counts')

      await assert.rejects(recordParticipation(deps, STAKEHOLDER, r.id, NOW.toISOString()), hasCode('FORBIDDEN'))
      await assert.rejects(recordParticipation(deps, ANALYST, newId(), NOW.toISOString()), hasCode('NOT_FOUND'))
    })

    it('corrects the panel history when a record of taking part is removed or changed to not taking part', async () => {
      const [first, second] = [await sessionOn(deps, '2027-01-11'), await sessionOn(deps, '2027-02-11')]
      const p = await panelMember(deps)
      await recordAttendance(deps, ANALYST, first, { pseudonyms: p.pseudonym, status: 'online' })
      await recordAttendance(deps, ANALYST, second, { pseudonyms: p.pseudonym, status: 'attended' })
      assert.equal(await lastParticipated(p.id), '2027-02-11T10:00:00.000Z')
      const rowAt = async (sessionId: string) => (await getAttendance(deps, ANALYST, sessionId)).rows[0]!

      await removeAttendance(deps, ANALYST, (await rowAt(second)).id)
      assert.equal(await lastParticipated(p.id), '2027-01-11T10:00:00.000Z', 'back to the session they still took part in (online counts)')
      await recordAttendance(deps, ANALYST, second, { pseudonyms: p.pseudonym, status: 'by_phone' })
      assert.equal(await lastParticipated(p.id), '2027-02-11T10:00:00.000Z')
      await recordAttendance(deps, ANALYST, second, { pseudonyms: p.pseudonym, status: 'did_not_attend' })
      assert.equal(await lastParticipated(p.id), '2027-01-11T10:00:00.000Z', 'recorded again as not attending: corrected')
      await changeAttendance(deps, ANALYST, (await rowAt(first)).id, 'cancelled_in_advance')
      assert.equal(await lastParticipated(p.id), null, 'no record of taking part is left: never')

      const audited = (await events('panel.participation_recorded')).filter(e => e.subject_id === p.id).map(e => JSON.parse(e.summary) as { after: string | null; corrected?: boolean })
      assert.deepEqual(audited.map(e => [e.after, e.corrected ?? false]), [
        ['2027-01-11T10:00:00.000Z', false],
        ['2027-02-11T10:00:00.000Z', false],
        ['2027-01-11T10:00:00.000Z', true],
        ['2027-02-11T10:00:00.000Z', false],
        ['2027-01-11T10:00:00.000Z', true],
        [null, true],
      ])
      // Removing a record of not taking part changes nothing.
      await removeAttendance(deps, ANALYST, (await rowAt(first)).id)
      assert.equal((await events('panel.participation_recorded')).filter(e => e.subject_id === p.id).length, 6)
    })

    it('saves the attendance even when the panel cannot be told, and logs it', async () => {
      const sessionId = await sessionOn(deps, '2027-03-06')
      const p = await panelMember(deps)
      const logged: unknown[] = []
      const logger = Object.assign(Object.create(deps.logger) as AppDeps['logger'], { error: (...args: unknown[]) => void logged.push(args) })
      // The panel's transaction, after attendance committed, fails: the third (the first records the attendance, the
      // second seals its audit events into the chain, docs/adr/0007).
      let transactions = 0
      const db = new Proxy(deps.db, {
        get(target, prop) {
          if (prop === 'transaction') {
            transactions += 1
            if (transactions === 3) return () => { throw new Error('database went away') }
          }
          const v = Reflect.get(target, prop, target) as unknown
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
        },
      })
      const result = await recordAttendance({ ...deps, logger, db }, ANALYST, sessionId, { pseudonyms: p.pseudonym, status: 'attended' })
      assert.deepEqual(result.added, [p.pseudonym])
      assert.equal((await getAttendance(deps, ANALYST, sessionId)).total, 1, 'the attendance is saved')
      assert.equal(await lastParticipated(p.id), null)
      assert.equal(logged.length, 1, 'the failure is logged')
      // Saving it again (unchanged) tells the panel again: the history catches up.
      const [row] = (await getAttendance(deps, ANALYST, sessionId)).rows
      await changeAttendance(deps, ANALYST, row!.id, 'attended')
      assert.equal(await lastParticipated(p.id), '2027-03-06T10:00:00.000Z')
    })

    it('changes and removes a record, each audited; the rules apply to a change', async () => {
      const sessionId = await sessionOn(deps, '2027-03-07')
      const p = await panelMember(deps)
      await recordAttendance(deps, ANALYST, sessionId, { pseudonyms: p.pseudonym, status: 'cancelled_in_advance' })
      const [row] = (await getAttendance(deps, ANALYST, sessionId)).rows
      await assert.rejects(changeAttendance(deps, ANALYST, row!.id, 'nonsense' as never), problems([['status', /^Select whether/]]))
      await changeAttendance(deps, ANALYST, row!.id, 'did_not_attend')
      assert.equal((await getAttendance(deps, ANALYST, sessionId)).rows[0]!.status, 'did_not_attend')
      assert.deepEqual(JSON.parse((await events('engagement.attendance_changed')).find(e => e.subject_id === row!.id)!.summary), {
        sessionId, participantId: p.id, before: 'cancelled_in_advance', after: 'did_not_attend',
      })
      assert.deepEqual(await removeAttendance(deps, ANALYST, row!.id), { sessionId })
      assert.equal((await getAttendance(deps, ANALYST, sessionId)).total, 0)
      assert.equal((await events('engagement.attendance_removed')).filter(e => e.subject_id === row!.id).length, 1)
      await assert.rejects(removeAttendance(deps, ANALYST, row!.id), hasCode('NOT_FOUND'))
    })

    it('refuses attended for a session in the future', async () => {
      const sessionId = await sessionOn(deps, '2027-05-01')
      const p = await panelMember(deps)
      await assert.rejects(recordAttendance(deps, ANALYST, sessionId, { pseudonyms: p.pseudonym, status: 'attended' }), problems([['status', /has not started yet/]]))
      await recordAttendance(deps, ANALYST, sessionId, { pseudonyms: p.pseudonym, status: 'cancelled_in_advance' })
    })
  })
}
