import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import {
  addSession,
  cancelSession,
  changeActivity,
  changeActivityStatus,
  changeRound,
  changeSession,
  createActivity,
  createRound,
  getActivities,
  getActivity,
  getRound,
  getRounds,
  getSession,
  nextStatuses,
  type ActivityInput,
  type SessionInput,
} from './activities.ts'

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

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
/** For assert.rejects: a VALIDATION_FAILED with exactly these field errors. */
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
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }

const WORKSHOP: ActivityInput = {
  roundId: null,
  kind: 'workshop',
  title: ' Workshop in Eastport ',
  purpose: 'To hear what made applying hard.',
  audience: 'whole_panel',
  audienceDetail: '',
  commissionedBy: 'research_team',
  commissioningDecision: '',
  opensOn: '2027-03-01',
  closesOn: '2027-04-30',
}

const SESSION: SessionInput = {
  mode: 'in_person',
  startsAt: '2027-04-14T09:30:00.000Z',
  endsAt: '2027-04-14T11:30:00.000Z',
  location: 'Eastport Community Centre',
  address: '',
  joiningDetails: '',
  capacity: 12,
  accessibility: 'Hearing loop',
}

for (const dialect of TEST_DIALECTS) {
  describe(`engagement activities (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())

    const events = (action: string) => database.db.selectFrom('audit_event').selectAll().where('action', '=', action).orderBy('seq').execute()

    it('creates and changes rounds, checking the dates, and audits each change', async () => {
      await assert.rejects(
        createRound(deps, ANALYST, { title: ' ', description: 'x'.repeat(5001), startsOn: '2027-02-30', endsOn: '2027-01-01' }),
        problems([
          ['title', /^Enter a name for the round/],
          ['description', 'The description must be 5,000 characters or fewer'],
          ['startsOn-day', 'The start date must be a real date'],
          ['endsOn-day', 'The end date must be the same as or after the start date'],
        ]),
      )
      await assert.rejects(createRound(deps, ANALYST, { title: 'R', description: '', startsOn: '2027-02-01', endsOn: '2027-01-01' }), problems([['endsOn-day', 'The end date must be the same as or after the start date']]))
      const { id } = await createRound(deps, ANALYST, { title: ' First round ', description: ' ', startsOn: '2027-03-01', endsOn: null })
      const round = await getRound(deps, MANAGER, id)
      assert.deepEqual(round, { id, title: 'First round', description: null, startsOn: '2027-03-01', endsOn: null })
      await changeRound(deps, MANAGER, id, { title: 'First round', description: 'Workshops', startsOn: '2027-03-01', endsOn: '2027-04-30' })
      const [created] = await events('engagement.round_created')
      assert.equal(created!.subject_id, id)
      assert.equal(created!.actor_user_id, ANALYST.userId)
      const [changed] = await events('engagement.round_changed')
      assert.equal(changed!.actor_role, 'panel_manager')
      assert.deepEqual(JSON.parse(changed!.summary).after, { title: 'First round', description: 'Workshops', starts_on: '2027-03-01', ends_on: '2027-04-30' })
      await assert.rejects(changeRound(deps, MANAGER, newId(), { title: 'x', description: '', startsOn: null, endsOn: null }), hasCode('NOT_FOUND'))
    })

    it('checks an activity’s rules: audience, who asked for it, dates, the round', async () => {
      await assert.rejects(
        createActivity(deps, ANALYST, { ...WORKSHOP, roundId: newId(), title: '', purpose: '', audience: 'public', commissionedBy: 'core_group', opensOn: '2027-05-01' }),
        problems([
          ['roundId', 'Select a round from the list, or no round'],
          ['title', /^Enter a name for the activity/],
          ['purpose', /^Enter the purpose/],
          ['audience', 'Only a survey or a poll can be open to anyone'],
          ['commissioningDecision', /^Enter the Core Group decision/],
          ['closesOn-day', 'The end date must be the same as or after the start date'],
        ]),
      )
      await assert.rejects(createActivity(deps, ANALYST, { ...WORKSHOP, audience: 'sub_group' }), problems([['audienceDetail', 'Say who is in the sub-group or selection']]))
      await assert.rejects(createActivity(deps, ANALYST, { ...WORKSHOP, kind: 'party' as never }), problems([['kind', 'Select the kind of activity']]))
      const poll = await createActivity(deps, ANALYST, { ...WORKSHOP, kind: 'poll', title: 'Poll', audience: 'public' })
      assert.equal((await getActivity(deps, ANALYST, poll.id)).audienceLabel, 'Anyone (a public poll)')
      assert.equal((await events('engagement.activity_created')).length, 1, 'nothing written for the refused ones')
    })

    it('creates an activity in a round, changes only what changed, and audits the difference', async () => {
      const [round] = await getRounds(deps, ANALYST)
      const { id } = await createActivity(deps, ANALYST, { ...WORKSHOP, roundId: round!.id, commissionedBy: 'core_group', commissioningDecision: 'Decision 14' })
      const a = await getActivity(deps, ANALYST, id)
      assert.equal(a.title, 'Workshop in Eastport')
      assert.equal(a.roundTitle, 'First round')
      assert.equal(a.status, 'planned')
      assert.equal(a.commissioningDecision, 'Decision 14')
      const before = (await events('engagement.activity_changed')).length
      await changeActivity(deps, MANAGER, id, { ...WORKSHOP, roundId: round!.id, commissionedBy: 'core_group', commissioningDecision: 'Decision 14' })
      assert.equal((await events('engagement.activity_changed')).length, before, 'no change, no event')
      await changeActivity(deps, MANAGER, id, { ...WORKSHOP, roundId: round!.id, commissionedBy: 'core_group', commissioningDecision: 'Decision 14', audience: 'selection', audienceDetail: 'Glenmoor' })
      const changed = (await events('engagement.activity_changed')).at(-1)!
      assert.deepEqual(JSON.parse(changed.summary), { before: { audience: 'whole_panel', audience_detail: null }, after: { audience: 'selection', audience_detail: 'Glenmoor' } })
      const inRound = await getActivities(deps, ANALYST, { roundId: round!.id })
      assert.deepEqual(inRound.map(x => x.id), [id])
      assert.deepEqual((await getActivities(deps, ANALYST, { kind: 'poll' })).map(x => x.title), ['Poll'])
    })

    it('moves an activity only along the allowed statuses', async () => {
      const { id } = await createActivity(deps, ANALYST, { ...WORKSHOP, title: 'Statuses' })
      assert.deepEqual(nextStatuses('planned'), ['open', 'cancelled'])
      await assert.rejects(changeActivityStatus(deps, ANALYST, id, 'closed'), (err: unknown) => err instanceof AppError && err.code === 'INVALID_STATE' && err.message === 'An activity that is planned cannot become closed')
      for (const to of ['open', 'closed', 'open', 'cancelled', 'planned'] as const) await changeActivityStatus(deps, ANALYST, id, to)
      const moves = (await events('engagement.activity_status_changed')).filter(e => e.subject_id === id).map(e => JSON.parse(e.summary) as { before: string; after: string })
      assert.deepEqual(moves.map(m => m.after), ['open', 'closed', 'open', 'cancelled', 'planned'])
      assert.equal((await getActivity(deps, ANALYST, id)).status, 'planned')
    })

    it('adds, changes and cancels sessions with their rules, each audited', async () => {
      const { id: activityId } = await createActivity(deps, ANALYST, { ...WORKSHOP, title: 'With sessions' })
      await assert.rejects(
        addSession(deps, ANALYST, activityId, { ...SESSION, startsAt: 'not a time', location: ' ', capacity: 0 }),
        problems([
          ['date-day', 'Enter the date of the session'],
          ['endTime', 'The end time must be after the start time'],
          ['location', /^Enter the venue and town/],
          ['capacity', /^Enter how many people can take part/],
        ]),
      )
      await assert.rejects(addSession(deps, ANALYST, activityId, { ...SESSION, endsAt: SESSION.startsAt }), problems([['endTime', 'The end time must be after the start time']]))
      await assert.rejects(addSession(deps, ANALYST, newId(), SESSION), hasCode('NOT_FOUND'))
      const late = await addSession(deps, ANALYST, activityId, { ...SESSION, startsAt: '2027-05-01T09:00:00.000Z', endsAt: '2027-05-01T10:00:00.000Z' })
      const early = await addSession(deps, ANALYST, activityId, { ...SESSION, mode: 'phone', location: '', joiningDetails: 'We will call you', capacity: 1 })
      const a = await getActivity(deps, ANALYST, activityId)
      assert.deepEqual(a.sessions.map(s => s.id), [early.id, late.id], 'earliest first')
      assert.equal(a.sessions[0]!.location, null)
      assert.equal(a.sessions[0]!.modeLabel, 'By phone')

      await changeSession(deps, MANAGER, late.id, { ...SESSION, startsAt: '2027-05-01T09:00:00.000Z', endsAt: '2027-05-01T10:00:00.000Z', capacity: 20 })
      const [changed] = (await events('engagement.session_changed')).filter(e => e.subject_id === late.id)
      assert.deepEqual(JSON.parse(changed!.summary), { before: { capacity: 12 }, after: { capacity: 20 } })
      await cancelSession(deps, MANAGER, late.id)
      await cancelSession(deps, MANAGER, late.id)
      assert.equal((await getSession(deps, ANALYST, late.id)).status, 'cancelled')
      assert.equal((await events('engagement.session_cancelled')).length, 1, 'cancelling twice is one event')
      const added = (await events('engagement.session_added')).filter(e => [early.id, late.id].includes(e.subject_id ?? ''))
      assert.equal(added.length, 2)
      assert.equal(JSON.parse(added[0]!.summary).activityId, activityId)
    })

    it('writes nothing when the audit event cannot be written (one transaction)', async () => {
      const before = (await getRounds(deps, ANALYST)).length
      // A clock that fails when the audit event asks it the time: after the round's row is written, in the same transaction.
      let calls = 0
      const failing = { ...deps, clock: { now: () => { calls += 1; if (calls === 3) throw new Error('audit failed'); return new Date() } } }
      await assert.rejects(createRound(failing, ANALYST, { title: 'Never saved', description: '', startsOn: null, endsOn: null }), /audit failed/)
      assert.equal(calls, 3, 'the round was inserted before the audit event failed')
      assert.equal((await getRounds(deps, ANALYST)).length, before)
      assert.equal((await getRounds(deps, ANALYST)).some(r => r.title === 'Never saved'), false)
    })

    it('lets only those with engagement permissions read or change anything', async () => {
      const [round] = await getRounds(deps, ANALYST)
      const [activity] = await getActivities(deps, ANALYST)
      for (const role of ['core_group_member', 'stakeholder', 'policy_official', 'scrutiny_body', 'seldom_heard_partner', 'public'] as const) {
        const who: Actor = { userId: null, role, displayName: role }
        const forbidden = hasCode('FORBIDDEN')
        await assert.rejects(getRounds(deps, who), forbidden, role)
        await assert.rejects(getActivities(deps, who), forbidden, role)
        await assert.rejects(getActivity(deps, who, activity!.id), forbidden, role)
        await assert.rejects(createRound(deps, who, { title: 'x', description: '', startsOn: null, endsOn: null }), forbidden, role)
        await assert.rejects(changeRound(deps, who, round!.id, { title: 'x', description: '', startsOn: null, endsOn: null }), forbidden, role)
        await assert.rejects(createActivity(deps, who, WORKSHOP), forbidden, role)
        await assert.rejects(changeActivityStatus(deps, who, activity!.id, 'open'), forbidden, role)
        await assert.rejects(addSession(deps, who, activity!.id, SESSION), forbidden, role)
      }
    })
  })
}
