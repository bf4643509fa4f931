import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { fixedClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { registerParticipants } from '../register-participant.ts'
import type { RegisterParticipantInput } from '../registration.schema.ts'
import { setRepresentationTargets } from '../set-representation-targets.ts'
import { getRepresentation } from './representation.ts'

const actor = (role: Actor['role']): Actor => ({ userId: null, role, displayName: role })

/**
 * 30 people: 20 in Eastport, 6 in Glenmoor, 2 in the Isles, 1 preferring not to say, 1 not answering. Two
 * withdraw (one from Eastport, one from the Isles), so 28 are active.
 */
function people(): RegisterParticipantInput[] {
  const areas: (string | undefined)[] = [...Array<string>(20).fill('eastport'), ...Array<string>(6).fill('glenmoor'), 'the_isles', 'the_isles', 'prefer_not_to_say', undefined]
  return areas.map((area, i): RegisterParticipantInput => ({
    fullName: `Person ${i}`,
    email: `person.${i}@example.org`,
    preferredChannel: 'email',
    joinedVia: 'online',
    demographics: area ? { area, benefits: i % 2 === 0 ? ['disability', 'carer'] : ['low_income'] } : {},
    seldomHeardTags: i < 12 ? ['remote_rural'] : i < 15 ? ['care_experienced'] : [],
  }))
}

for (const dialect of TEST_DIALECTS) {
  describe(`getRepresentation (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const clock = fixedClock('2026-11-23T10:00:00.000Z')
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      const registered = await registerParticipants(deps, systemActor('test'), people())
      const panel = database.db.withTables<{ panel_participant: { id: string; status: string; last_participated_at: string | null } }>()
      await panel.updateTable('panel_participant').set({ status: 'withdrawn' }).where('id', 'in', [registered[0]!.id, registered[26]!.id]).execute()
      // Took part: 15 recently (within 12 months), 10 over a year ago, 3 never (of the 28 active).
      for (const [i, p] of registered.entries()) {
        if (i === 0 || i === 26) continue
        const at = i <= 15 ? '2026-06-01T00:00:00.000Z' : i <= 25 ? '2025-06-01T00:00:00.000Z' : null
        await panel.updateTable('panel_participant').set({ last_participated_at: at }).where('id', '=', p.id).execute()
      }
      await setRepresentationTargets(deps, systemActor('test'), { targets: { area: { eastport: 50, glenmoor: 30, the_isles: 10 } }, tolerance: 5, attritionMonths: 12 })
    })
    after(() => database.close())

    it('shows an analyst every count: shares of those who answered, gaps to the targets, groups and attrition', async () => {
      const r = await getRepresentation(deps, actor('analyst'))
      assert.equal(r.activeMembers, 28)
      assert.equal(r.suppression.applied, false)
      const area = r.dimensions.find(d => d.key === 'area')!
      assert.equal(area.answered, 26)
      assert.deepEqual(
        area.rows.filter(x => x.target !== null || x.count !== 0).map(x => [x.code, x.count, x.share, x.target, x.gap, x.standing]),
        [
          ['eastport', 19, 73.1, 50, 23.1, 'over'],
          ['glenmoor', 6, 23.1, 30, -6.9, 'under'],
          ['the_isles', 1, 3.8, 10, -6.2, 'under'],
        ],
      )
      assert.deepEqual(area.preferNotToSay, { count: 1, share: 3.6 })
      assert.deepEqual(area.notAnswered, { count: 1, share: 3.6 })
      const benefits = r.dimensions.find(d => d.key === 'benefits')!
      assert.deepEqual([benefits.answered, benefits.notAnswered.count, benefits.preferNotToSay.count], [27, 1, 0])
      assert.deepEqual(r.seldomHeard.filter(t => t.count !== 0).map(t => [t.code, t.count]), [['remote_rural', 11], ['care_experienced', 3]])
      assert.deepEqual(r.attrition, { months: 12, recent: { count: 15, share: 53.6 }, lapsed: { count: 10, share: 35.7 }, never: { count: 3, share: 10.7 } })
      assert.equal(r.dimensions.length, 9, 'every dimension of the catalogue')
      assert.equal(r.settings.tolerance, 5)
    })

    it('hides small numbers from the scrutiny body, with secondary suppression', async () => {
      const r = await getRepresentation(deps, actor('scrutiny_body'))
      assert.deepEqual(r.suppression, { applied: true, threshold: 10 })
      assert.equal(r.activeMembers, 28)
      const area = r.dimensions.find(d => d.key === 'area')!
      // Glenmoor 6 and the Isles 1 are small; together 7, still under 10, so Eastport goes too.
      assert.deepEqual(area.rows.filter(x => x.target !== null).map(x => [x.code, x.count, x.share, x.standing]), [
        ['eastport', null, null, 'hidden'],
        ['glenmoor', null, null, 'hidden'],
        ['the_isles', null, null, 'hidden'],
      ])
      assert.deepEqual([area.preferNotToSay.count, area.notAnswered.count], [null, null])
      assert.deepEqual(r.seldomHeard.filter(t => t.count !== 0).map(t => [t.code, t.count]), [['remote_rural', 11], ['care_experienced', null]])
      // Never taken part (3) is small; the smallest other, lapsed (10), goes with it.
      assert.deepEqual([r.attrition.recent.count, r.attrition.lapsed.count, r.attrition.never.count], [15, null, null])
      assert.ok(r.dimensions.every(d => d.rows.every(x => x.count === null || x.count === 0 || x.count >= 10)))
    })

    it('counts attrition over the months the organisation set', async () => {
      await setRepresentationTargets(deps, systemActor('test'), { targets: { area: { eastport: 50, glenmoor: 30, the_isles: 10 } }, tolerance: 5, attritionMonths: 24 })
      const r = await getRepresentation(deps, actor('panel_manager'))
      assert.deepEqual([r.attrition.months, r.attrition.recent.count, r.attrition.lapsed.count, r.attrition.never.count], [24, 25, 0, 3])
    })

    it('is for analysts, the panel manager, the admin and the scrutiny body', async () => {
      for (const role of ['admin', 'panel_manager', 'analyst'] as const) assert.equal((await getRepresentation(deps, actor(role))).suppression.applied, false, role)
      assert.equal((await getRepresentation(deps, actor('scrutiny_body'))).suppression.applied, true)
      for (const role of ['panel_member', 'stakeholder', 'public', 'policy_official'] as const) {
        await assert.rejects(getRepresentation(deps, actor(role)), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN', role)
      }
    })
  })
}
