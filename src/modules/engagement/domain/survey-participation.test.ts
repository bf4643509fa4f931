import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { fixedClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { createEventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { buildSmallSurvey, changeActivityStatus, panelMember, surveyActivity, SYSTEM } from './survey-fixtures.test-support.ts'
import { loadSurvey } from './survey-model.ts'
import { subscribeSurveyParticipation } from './survey-participation.ts'
import { saveSurveyAnswer, startEntryOnBehalf, submitSurveyResponse } from './survey-responses.ts'

const analyst: Actor = { userId: newId(), role: 'analyst', displayName: 'Test analyst' }

for (const dialect of TEST_DIALECTS) {
  describe(`a sent survey response counts as taking part (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const clock = fixedClock('2026-11-23T10:00:00Z')
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    const lastTookPart = async (id: string) =>
      (await database.db.withTables<{ panel_participant: { id: string; last_participated_at: string | null } }>().selectFrom('panel_participant').select('last_participated_at').where('id', '=', id).executeTakeFirstOrThrow()).last_participated_at

    it('moves the member’s “last took part” on when their response is sent, audited, and only then', async () => {
      const activityId = await surveyActivity(deps, { audience: 'selection', audienceDetail: 'People who applied by phone' })
      const s = await buildSmallSurvey(deps, activityId)
      await changeActivityStatus(deps, SYSTEM, activityId, 'open')
      const p = await panelMember(deps)
      const bus = createEventBus()
      const off = subscribeSurveyParticipation(deps, bus)
      const q = (await loadSurvey(deps.db, s.surveyId)).questions
      const r = await startEntryOnBehalf(deps, analyst, s.surveyId, { pseudonym: p.pseudonym, channel: 'phone' })
      await saveSurveyAnswer(deps, analyst, r, q[0]!, 'o2')
      await saveSurveyAnswer(deps, analyst, r, q[2]!, 4)
      await saveSurveyAnswer(deps, analyst, r, q[3]!, ['o1'])
      assert.equal(await lastTookPart(p.id), null, 'answering without sending is not taking part')
      clock.advance(60_000)
      assert.equal(await submitSurveyResponse(deps, analyst, r, bus), true)
      assert.equal(await lastTookPart(p.id), '2026-11-23T10:01:00.000Z')
      const audited = await database.db.selectFrom('audit_event').select(['subject_id', 'actor_role']).where('action', '=', 'panel.participation_recorded').execute()
      assert.deepEqual(audited.map(a => [a.subject_id, a.actor_role]), [[p.id, 'system']])
      off()
    })
  })
}
