import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { fixedClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { createEventBus } from '../../../../platform/events/event-bus.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { changeConsents, eraseParticipant, registerParticipant, setRepresentationTargets } from '../../../panel/index.ts'
import { findRun, listMembers } from '../../data/selection.repository.ts'
import type { SelectionRecord } from '../algorithm/select.ts'
import { verifyDraw } from '../algorithm/verify.ts'
import { runSelectVerifyCommand } from '../../cli/select-command.ts'
import { waitForComputations, startComputation } from './compute.ts'
import { confirmSelection, recordLeaving, startTopUp, subscribeToPanelEvents } from './core-group.ts'
import { getCoreGroup, getRunView, listSelections } from './queries.ts'
import { changeQuotas, createSelection, discardSelection, drawSelection } from './runs.ts'

const SYSTEM = systemActor('test')
const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const AREAS = ['northshire_city', 'eastport', 'glenmoor', 'westhaven', 'the_isles'] as const

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

for (const dialect of TEST_DIALECTS) {
  describe(`fair selection in the application (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let unsubscribe: () => void
    const clock = fixedClock('2026-11-23T10:00:00.000Z')
    const bus = createEventBus()
    const participants: string[] = []

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      unsubscribe = subscribeToPanelEvents(deps, bus)
      // 40 members: 8 per area, alternately women and men; one in six from a seldom-heard group.
      for (let i = 0; i < 40; i++) {
        const p = await registerParticipant(deps, SYSTEM, {
          fullName: `Member ${i}`,
          email: `member${i}@example.org`,
          preferredChannel: 'email',
          joinedVia: 'online',
          demographics: { area: AREAS[i % 5]!, gender: i % 2 === 0 ? 'woman' : 'man' },
          ...(i % 6 === 0 ? { seldomHeardTags: ['gypsy_traveller'] } : {}),
        })
        participants.push(p.id)
        await changeConsents(deps, MANAGER, p.id, [{ purpose: 'contact_research', given: i !== 39 }])
      }
      await setRepresentationTargets(deps, MANAGER, {
        targets: { area: { northshire_city: 40, eastport: 20, glenmoor: 20, westhaven: 10, the_isles: 10 }, gender: { woman: 50, man: 50 } },
        tolerance: 5,
        attritionMonths: 12,
      })
    })
    after(async () => {
      await waitForComputations()
      unsubscribe()
      await database.close()
    })

    let runId = ''

    it('sets up a selection with quotas suggested from the targets', async () => {
      ;({ id: runId } = await createSelection(deps, ANALYST, { title: 'Core Group 2027', panelSize: 10, algorithm: 'leximin', dimensions: ['area', 'gender'], seldomHeardMin: 2, slack: 0 }))
      const view = await getRunView(deps, ANALYST, runId)
      const line = (f: string, v: string) => view.quotas.find(q => q.feature === f && q.value === v)!
      assert.deepEqual([line('area', 'northshire_city').min, line('area', 'northshire_city').max, line('area', 'northshire_city').target], [4, 4, 40])
      assert.deepEqual([line('area', 'the_isles').min, line('area', 'the_isles').max], [1, 1])
      assert.deepEqual([line('area', 'prefer_not_to_say').min, line('area', 'prefer_not_to_say').max], [0, 10], 'no target: anything')
      assert.deepEqual([line('seldom_heard', 'yes').min, line('seldom_heard', 'yes').inPool], [2, 7], '39 contactable, 7 tagged')
      assert.equal(view.status, 'draft')
    })

    it('refuses impossible quotas with every problem on its box, and keeps the old ones', async () => {
      await assert.rejects(changeQuotas(deps, ANALYST, runId, { gender: { woman: { min: 6, max: 5 }, man: { min: 6, max: 10 } } }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['q-gender-woman-min', 'q-gender-woman-min'])
        return true
      })
      await assert.rejects(createSelection(deps, { userId: null, role: 'scrutiny_body', displayName: 'x' }, { title: 'x', panelSize: 5, algorithm: 'leximin', dimensions: [], seldomHeardMin: null, slack: 0 }), hasCode('FORBIDDEN'))
    })

    it('works out the chances in the background and tells what to change when the pool cannot meet the quotas', async () => {
      await changeQuotas(deps, ANALYST, runId, { seldom_heard: { yes: { min: 8, max: 10 } } })
      await startComputation(deps, ANALYST, runId)
      await assert.rejects(startComputation(deps, ANALYST, runId), hasCode('INVALID_STATE'), 'one computation at a time')
      await waitForComputations()
      const failed = await getRunView(deps, ANALYST, runId)
      assert.equal(failed.status, 'failed')
      assert.ok(failed.relaxation.some(l => /Lower the minimum for Seldom-heard group: In a seldom-heard group from 8 to 5/.test(l)), failed.relaxation.join('\n'))
    })

    it('gives everyone the fairest chances the quotas allow, and a lottery fixed before the seed', async () => {
      await changeQuotas(deps, ANALYST, runId, { seldom_heard: { yes: { min: 2, max: 10 } } })
      await startComputation(deps, ANALYST, runId)
      await waitForComputations()
      const view = await getRunView(deps, ANALYST, runId)
      assert.equal(view.status, 'computed', view.error ?? '')
      assert.equal(view.poolSize, 39)
      assert.ok(view.result)
      assert.equal(view.result.excluded, 0)
      // 8 people per area, 4 places for Northshire City: at best 1 in 2; The Isles: 1 place for 8 (one not contactable in westhaven).
      assert.equal(view.result.minimum, '12.5%')
      assert.match(view.result.lotteryHash, /^[0-9a-f]{64}$/)
      const row = (await findRun(deps.db, runId))!
      const record = JSON.parse(row.record_json!) as SelectionRecord
      assert.equal(record.lottery.panels.length, 1000)
      assert.equal(record.draw, undefined)
    })

    it('draws once, with the seed and witnesses on record, and the draw can be checked', async () => {
      await assert.rejects(drawSelection(deps, ANALYST, runId, { seed: '  ', witnesses: '' }), (err: unknown) => err instanceof AppError && err.fieldErrors[0]?.field === 'seed')
      await drawSelection(deps, ANALYST, runId, { seed: '4 12 19 33 41 52', witnesses: 'A. Witness (Ombudsman)' })
      await assert.rejects(drawSelection(deps, ANALYST, runId, { seed: 'again', witnesses: '' }), hasCode('INVALID_STATE'))
      const row = (await findRun(deps.db, runId))!
      const record = JSON.parse(row.record_json!) as SelectionRecord
      assert.equal(record.draw!.seed, '4 12 19 33 41 52')
      assert.equal(record.draw!.panel.length, 10)
      const check = await verifyDraw(record)
      assert.equal(check.ok, true, JSON.stringify(check))
      // The record as the page offers it for download checks with 'charter select verify RECORD.json'.
      const dir = await mkdtemp(join(tmpdir(), 'charter-record-'))
      try {
        await writeFile(join(dir, 'downloaded-record.json'), row.record_json!)
        let out = ''
        const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } }
        assert.equal(await runSelectVerifyCommand([join(dir, 'downloaded-record.json')], io), 0, out)
        assert.match(out, /Verified: the draw in this record is exactly what the inputs and the seed give/)
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
      const view = await getRunView(deps, ANALYST, runId)
      assert.equal(view.draw!.members.length, 10)
      assert.equal(view.draw!.witnesses, 'A. Witness (Ombudsman)')
    })

    it('makes the drawn people the Core Group from a date', async () => {
      await assert.rejects(confirmSelection(deps, ANALYST, runId, { startsOn: '2027-02-30' }), hasCode('VALIDATION_FAILED'))
      const result = await confirmSelection(deps, ANALYST, runId, { startsOn: '2027-01-12' })
      assert.equal(result.joined.length, 10)
      const group = await getCoreGroup(deps, ANALYST)
      assert.equal(group.current.length, 10)
      assert.equal(group.groupSize, 10)
      assert.deepEqual(group.balance.filter(b => b.problem), [])
      assert.equal((await listSelections(deps, ANALYST)).current, 10)
    })

    it('records members who leave, and tops the group up from people never in it, meeting the quotas again', async () => {
      clock.set('2027-03-01T10:00:00.000Z')
      // Two leavers whom the pool can replace within the tight quotas (area and gender exact), with someone left over
      // as an alternate: not from a seldom-heard group, and their area-and-gender cells have more people never
      // selected than leavers from them. The draw is random, so choose.
      const members = await listMembers(deps.db)
      const index = new Map(participants.map((id, i) => [id, i]))
      const ever = new Set(members.map(m => index.get(m.participant_id)!))
      const cell = (i: number) => `${i % 5}/${i % 2}`
      const free = (i: number) => participants.filter((_, j) => j !== 39 && !ever.has(j) && cell(j) === cell(i)).length
      const candidates = members.filter(m => m.left_on === null && index.get(m.participant_id)! % 6 !== 0)
      const pairs = candidates.flatMap((a, x) => candidates.slice(x + 1).map(b => [a, b] as const))
      const pair = pairs.find(([a, b]) => {
        const [i, j] = [index.get(a.participant_id)!, index.get(b.participant_id)!]
        return cell(i) === cell(j) ? free(i) >= 3 : free(i) >= 2 && free(j) >= 2
      })
      assert.ok(pair, 'two replaceable members')
      const replaceable = [...pair]
      const group = await getCoreGroup(deps, ANALYST)
      const leaver = group.current.find(c => c.id === replaceable[0]!.id)!
      await assert.rejects(recordLeaving(deps, ANALYST, leaver.id, { leftOn: '2027-01-01', reason: 'chose_to_leave', detail: '' }), hasCode('VALIDATION_FAILED'))
      await recordLeaving(deps, ANALYST, leaver.id, { leftOn: '2027-02-20', reason: 'chose_to_leave', detail: '' })
      // Someone else is erased from the panel: the event ends their membership too.
      const erased = replaceable[1]!
      await eraseParticipant(deps, MANAGER, { participantId: erased.participant_id, deleteContributions: false }, { events: bus })
      const after = await getCoreGroup(deps, ANALYST)
      assert.equal(after.current.length, 8)
      assert.equal(after.vacancies, 2)
      assert.equal(after.past.find(p => p.pseudonym === erased.pseudonym)?.leaveReason, 'Their record was erased')

      const { id: topUpId } = await startTopUp(deps, ANALYST)
      await assert.rejects(startTopUp(deps, ANALYST), hasCode('INVALID_STATE'), 'one top-up at a time')
      await startComputation(deps, ANALYST, topUpId)
      await waitForComputations()
      const view = await getRunView(deps, ANALYST, topUpId)
      assert.equal(view.status, 'computed', view.error ?? view.relaxation.join(' '))
      assert.equal(view.poolSize, 29, '39 contactable, minus the 10 ever selected')
      await drawSelection(deps, ANALYST, topUpId, { seed: 'dice: 3 5 1', witnesses: '' })
      const drawn = await getRunView(deps, ANALYST, topUpId)
      assert.equal(drawn.draw!.members.length, 2)
      assert.ok(drawn.alternates.length > 0, 'ranked alternates')
      await confirmSelection(deps, ANALYST, topUpId, { startsOn: '2027-03-01' })
      const final = await getCoreGroup(deps, ANALYST)
      assert.equal(final.current.length, 10)
      assert.equal(final.vacancies, 0)
      assert.deepEqual(final.balance.filter(b => b.problem), [], 'the quotas are met again')
    })

    it('keeps a discarded draw on record with its reason', async () => {
      const { id } = await createSelection(deps, ANALYST, { title: 'Trial', panelSize: 5, algorithm: 'legacy', dimensions: ['gender'], seldomHeardMin: null, slack: 1 })
      await startComputation(deps, ANALYST, id)
      await waitForComputations()
      await drawSelection(deps, ANALYST, id, { seed: '1', witnesses: '' })
      await assert.rejects(discardSelection(deps, ANALYST, id, { reason: '' }), (err: unknown) => err instanceof AppError && err.fieldErrors[0]?.field === 'reason')
      await discardSelection(deps, ANALYST, id, { reason: 'A trial run' })
      const view = await getRunView(deps, ANALYST, id)
      assert.deepEqual([view.status, view.discardReason], ['discarded', 'A trial run'])
      await assert.rejects(confirmSelection(deps, ANALYST, id, { startsOn: '2027-03-01' }), hasCode('INVALID_STATE'))
    })
  })
}
