import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { addPrinciple } from './add-principle.ts'
import { listPrinciples } from './queries/list-principles.ts'

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

/** For assert.rejects: the error is an AppError with this code. */
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code

const POLICY: Actor = { userId: newId(), role: 'policy_official', displayName: 'Policy official' }

for (const dialect of TEST_DIALECTS) {
  describe(`addPrinciple (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())

    it('adds principles at the end by default, in plain English with paragraphs, and audits each', async () => {
      const first = await addPrinciple(deps, POLICY, {
        title: '  Dignity comes first ',
        body: 'We treat you with respect.\n\nWe listen.',
        sourceReference: 'Act, section 1(d)',
      })
      const second = await addPrinciple(deps, systemActor('test'), { title: 'A human right', body: 'Social security is a human right.' })
      assert.equal(first.position, 1)
      assert.equal(first.title, 'Dignity comes first')
      assert.deepEqual(first.paragraphs, ['We treat you with respect.', 'We listen.'])
      assert.equal(second.position, 2)
      assert.equal(second.sourceReference, null)
      const events = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'charter.principle_added').orderBy('seq').execute()
      assert.deepEqual(events.map(e => e.subject_id), [first.id, second.id])
      assert.equal(events[0]!.actor_user_id, POLICY.userId)
      assert.equal(events[0]!.subject_type, 'charter_principle')
      assert.deepEqual(JSON.parse(events[0]!.summary), { after: { position: 1, title: 'Dignity comes first' } })
    })

    it('puts a principle at a chosen free position, and refuses a taken one', async () => {
      const fifth = await addPrinciple(deps, POLICY, { title: 'Fifth', body: 'Text.', position: 5 })
      assert.equal(fifth.position, 5)
      await assert.rejects(addPrinciple(deps, POLICY, { title: 'Clash', body: 'Text.', position: 1 }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors, [{ field: 'position', message: 'There is already a principle at position 1' }])
        return true
      })
      const next = await addPrinciple(deps, POLICY, { title: 'After the fifth', body: 'Text.' })
      assert.equal(next.position, 6)
      assert.deepEqual((await listPrinciples(deps)).map(p => p.position), [1, 2, 5, 6])
    })

    it('validates with GOV.UK messages and writes nothing when the input is wrong', async () => {
      const before = (await listPrinciples(deps)).length
      const cases: [object, string, string][] = [
        [{ title: '', body: 'x' }, 'title', 'Enter a title'],
        [{ title: 'x', body: '   ' }, 'body', 'Enter the principle in plain English'],
        [{ title: 'x'.repeat(201), body: 'x' }, 'title', 'Title must be 200 characters or fewer'],
        [{ title: 'x', body: 'x', position: 0 }, 'position', 'Position must be 1 or more'],
        [{ title: 'x', body: 'x', sourceReference: 'y'.repeat(301) }, 'sourceReference', 'Source reference must be 300 characters or fewer'],
      ]
      for (const [input, field, message] of cases) {
        await assert.rejects(addPrinciple(deps, POLICY, input as never), (err: unknown) => {
          assert.ok(err instanceof AppError)
          assert.equal(err.code, 'VALIDATION_FAILED')
          assert.deepEqual(err.fieldErrors, [{ field, message }])
          return true
        })
      }
      assert.equal((await listPrinciples(deps)).length, before)
    })

    it('lets only policy officials, admins and the system change the principles', async () => {
      for (const role of ['analyst', 'panel_manager', 'core_group_member', 'public', 'approver'] as const) {
        await assert.rejects(addPrinciple(deps, { userId: null, role, displayName: role }, { title: 'x', body: 'x' }), hasCode('FORBIDDEN'), role)
      }
      const byAdmin = await addPrinciple(deps, { userId: newId(), role: 'admin', displayName: 'Admin' }, { title: 'By the admin', body: 'x' })
      assert.ok(byAdmin.id)
    })
  })
}
