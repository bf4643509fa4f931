// Accommodations per session: the rules, all problems at once; add, change (only what changed is audited), remove;
// "to arrange" lists open ones for sessions that have not ended. Runs on every dialect in TEST_DIALECTS.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { accommodationProblems, addAccommodation, changeAccommodation, getAccommodations, getAccommodationsToArrange, removeAccommodation, type AccommodationInput } from './accommodations.ts'
import { addSession, cancelSession, createActivity } from './activities.ts'
import { panelMember, SYSTEM } from './survey-fixtures.test-support.ts'

const NOW = new Date('2027-03-10T12:00:00.000Z')
let tick = 0
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const STAKEHOLDER: Actor = { userId: newId(), role: 'stakeholder', displayName: 'Stakeholder' }
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const fields = (expected: string[]) => (err: unknown) => {
  assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED', String(err))
  assert.deepEqual(err.fieldErrors.map(e => e.field), expected)
  return true
}
const BSL: AccommodationInput = { kind: 'bsl_interpreter', pseudonym: '', status: 'needed', note: '' }

describe('accommodation rules', () => {
  it('finds every problem at once, in the form order', () => {
    assert.deepEqual(accommodationProblems({ kind: 'other', pseudonym: 'P-AAAAAA P-BBBBBB', status: 'x' as never, note: '' }).map(p => p.field), ['pseudonym', 'status', 'note'])
    assert.deepEqual(accommodationProblems(BSL), [])
    assert.match(accommodationProblems({ ...BSL, kind: '' as never })[0]!.message, /Select what must be arranged/)
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`accommodations (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date(NOW.getTime() + (tick += 1000)) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    async function sessionOn(day: string): Promise<string> {
      const { id: activityId } = await createActivity(deps, SYSTEM, {
        roundId: null, kind: 'workshop', title: `Workshop ${day}`, purpose: 'To hear', audience: 'whole_panel', audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      return (await addSession(deps, SYSTEM, activityId, { mode: 'online', startsAt: `${day}T10:00:00.000Z`, endsAt: `${day}T12:00:00.000Z`, location: '', address: '', joiningDetails: '', capacity: 10, accessibility: '' })).id
    }

    it('adds one for a person or for everyone, checks the pseudonym, changes and removes it, each audited', async () => {
      const sessionId = await sessionOn('2027-04-01')
      const p = await panelMember(deps)
      await assert.rejects(addAccommodation(deps, ANALYST, sessionId, { ...BSL, pseudonym: 'P-ZZZZZZ', status: '' as never }), fields(['pseudonym', 'status']))
      await assert.rejects(addAccommodation(deps, STAKEHOLDER, sessionId, BSL), hasCode('FORBIDDEN'))
      await assert.rejects(addAccommodation(deps, ANALYST, newId(), BSL), hasCode('NOT_FOUND'))
      const { id } = await addAccommodation(deps, ANALYST, sessionId, { ...BSL, pseudonym: p.pseudonym.toLowerCase(), note: ' Two interpreters ' })
      await addAccommodation(deps, ANALYST, sessionId, { kind: 'quiet_room', pseudonym: '', status: 'booked', note: '' })
      const rows = await getAccommodations(deps, ANALYST, sessionId)
      assert.deepEqual(rows.map(r => [r.kindLabel, r.pseudonym, r.statusLabel, r.note]), [
        ['BSL interpreter', p.pseudonym, 'Needed', 'Two interpreters'],
        ['Quiet room', null, 'Booked', null],
      ])
      await changeAccommodation(deps, ANALYST, id, { ...BSL, pseudonym: p.pseudonym, status: 'confirmed', note: 'Two interpreters' })
      await changeAccommodation(deps, ANALYST, id, { ...BSL, pseudonym: p.pseudonym, status: 'confirmed', note: 'Two interpreters' })
      const changed = await database.db.selectFrom('audit_event').select('summary').where('action', '=', 'engagement.accommodation_changed').where('subject_id', '=', id).execute()
      assert.deepEqual(changed.map(c => JSON.parse(c.summary)), [{ sessionId, before: { status: 'needed' }, after: { status: 'confirmed' } }], 'only what changed; nothing when nothing did')
      await removeAccommodation(deps, ANALYST, id)
      assert.equal((await getAccommodations(deps, ANALYST, sessionId)).length, 1)
      assert.equal((await database.db.selectFrom('audit_event').select('id').where('action', '=', 'engagement.accommodation_removed').where('subject_id', '=', id).execute()).length, 1)
    })

    it('lists what is still to arrange for sessions going ahead that have not ended, soonest first', async () => {
      const past = await sessionOn('2027-03-01')
      const later = await sessionOn('2027-05-01')
      const sooner = await sessionOn('2027-04-15')
      const cancelled = await sessionOn('2027-04-20')
      await addAccommodation(deps, ANALYST, past, BSL)
      await addAccommodation(deps, ANALYST, later, { ...BSL, kind: 'travel_booking' })
      await addAccommodation(deps, ANALYST, later, { ...BSL, kind: 'quiet_room', status: 'confirmed' })
      await addAccommodation(deps, ANALYST, sooner, { ...BSL, kind: 'papers_format', status: 'not_possible' })
      await addAccommodation(deps, ANALYST, cancelled, BSL)
      await cancelSession(deps, SYSTEM, cancelled)
      const open = (await getAccommodationsToArrange(deps, ANALYST)).filter(r => [past, later, sooner, cancelled].includes(r.sessionId))
      assert.deepEqual(open.map(r => [r.sessionId, r.kind]), [[sooner, 'papers_format'], [later, 'travel_booking']])
      await assert.rejects(getAccommodationsToArrange(deps, STAKEHOLDER), hasCode('FORBIDDEN'))
    })
  })
}
