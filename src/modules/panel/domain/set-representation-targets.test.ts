import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { fixedClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { panelCatalogue } from './catalogue.ts'
import { getRepresentationSettings } from './queries/representation.ts'
import { setRepresentationTargets, settingProblems, targetFieldId, targetProblems, toTenths } from './set-representation-targets.ts'

const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }

/** For assert.rejects: a VALIDATION_FAILED AppError with exactly these field errors. */
const fieldErrors = (expected: { field: string; message: string }[]) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err))
  assert.equal(err.code, 'VALIDATION_FAILED')
  assert.deepEqual(err.fieldErrors, expected)
  return true
}

describe('the rules for targets', () => {
  const catalogue = panelCatalogue()

  it('takes numbers from 0 to 100 with at most one decimal place', () => {
    assert.deepEqual([toTenths(12.5), toTenths(0), toTenths(100), toTenths(0.1 + 0.2), toTenths(12.25)], [125, 0, 1000, 3, null])
    assert.deepEqual(targetProblems(catalogue, { area: { eastport: 12.5, glenmoor: 0, the_isles: null } }), [])
    assert.deepEqual(targetProblems(catalogue, { area: { eastport: -1, glenmoor: 100.1, westhaven: 12.25, the_isles: Number.NaN } }), [
      { field: 'target--area--eastport', message: 'The target for Eastport (Area) must be 0% or more' },
      { field: 'target--area--glenmoor', message: 'The target for Glenmoor (Area) must be 100% or less' },
      { field: 'target--area--westhaven', message: 'The target for Westhaven (Area) must have no more than 1 decimal place' },
      { field: 'target--area--the_isles', message: 'Enter the target for The Isles (Area) as a number, like 12 or 12.5' },
    ])
  })

  it('lets the targets of a dimension with one answer each add up to 100% at most, but not those with several', () => {
    assert.deepEqual(targetProblems(catalogue, { area: { northshire_city: 60, eastport: 40 } }), [])
    assert.deepEqual(targetProblems(catalogue, { area: { northshire_city: 60, eastport: 40.5 } }), [
      { field: 'target--area--northshire_city', message: 'The targets for area add up to 100.5%. They must add up to 100% or less' },
    ])
    assert.deepEqual(targetProblems(catalogue, { benefits: { disability: 60, low_income: 70, carer: 30 } }), [], 'benefits overlap')
  })

  it('refuses a target for an answer the catalogue does not have, or for "prefer not to say"', () => {
    assert.equal(targetProblems(catalogue, { area: { atlantis: 5 } })[0]?.field, 'form')
    assert.equal(targetProblems(catalogue, { shoe_size: { large: 5 } })[0]?.field, 'form')
    assert.equal(targetProblems(catalogue, { area: { prefer_not_to_say: 5 } })[0]?.field, 'form')
  })

  it('checks the tolerance and the attrition months', () => {
    assert.deepEqual(settingProblems({ tolerance: 5, attritionMonths: 12 }), [])
    assert.deepEqual(settingProblems({ tolerance: 0, attritionMonths: 120 }), [])
    assert.deepEqual(
      settingProblems({ tolerance: 50.05, attritionMonths: 0 }).map(p => p.field),
      ['tolerance', 'attritionMonths'],
    )
    assert.deepEqual(settingProblems({ tolerance: 2.5, attritionMonths: 6.5 }).map(p => p.message), ['Enter a whole number of months from 1 to 120'])
    assert.equal(targetFieldId('age_band', '16_24'), 'target--age_band--16_24')
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`setRepresentationTargets (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const clock = fixedClock('2026-11-23T10:00:00.000Z')
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    const auditRows = () => database.db.selectFrom('audit_event').selectAll().where('action', '=', 'panel.targets_changed').orderBy('seq').execute()

    it('starts with no targets and the default settings', async () => {
      const s = await getRepresentationSettings(deps, MANAGER)
      assert.deepEqual([s.tolerance, s.attritionMonths, s.targets.size, s.updatedAt], [5, 12, 0, null])
    })

    it('sets targets and settings in one audited change, with every change in the audit summary', async () => {
      const r = await setRepresentationTargets(deps, MANAGER, {
        targets: { area: { northshire_city: 40, eastport: 20.5, the_isles: null }, benefits: { disability: 35 } },
        tolerance: 3.5,
        attritionMonths: 6,
      })
      assert.equal(r.changes, 5)
      const s = await getRepresentationSettings(deps, MANAGER)
      assert.deepEqual([s.tolerance, s.attritionMonths, s.updatedAt], [3.5, 6, '2026-11-23T10:00:00.000Z'])
      assert.deepEqual(Object.fromEntries(s.targets.get('area')!), { northshire_city: 40, eastport: 20.5 })
      assert.deepEqual(Object.fromEntries(s.targets.get('benefits')!), { disability: 35 })
      const [event] = await auditRows()
      assert.equal(event!.actor_user_id, MANAGER.userId)
      assert.equal(event!.subject_type, 'panel_representation')
      assert.deepEqual(JSON.parse(event!.summary), {
        targets: [
          { dimension: 'area', value: 'northshire_city', from: null, to: 40 },
          { dimension: 'area', value: 'eastport', from: null, to: 20.5 },
          { dimension: 'benefits', value: 'disability', from: null, to: 35 },
        ],
        tolerance: { from: 5, to: 3.5 },
        attritionMonths: { from: 12, to: 6 },
      })
    })

    it('replaces the whole set: a value left out loses its target; nothing changed writes nothing', async () => {
      clock.advance(60_000)
      const r = await setRepresentationTargets(deps, systemActor('test'), { targets: { area: { northshire_city: 45, eastport: 20.5 } }, tolerance: 3.5, attritionMonths: 6 })
      assert.equal(r.changes, 2)
      const s = await getRepresentationSettings(deps, MANAGER)
      assert.deepEqual(Object.fromEntries(s.targets.get('area')!), { northshire_city: 45, eastport: 20.5 })
      assert.equal(s.targets.has('benefits'), false)
      const events = await auditRows()
      assert.deepEqual(JSON.parse(events[1]!.summary), {
        targets: [
          { dimension: 'area', value: 'northshire_city', from: 40, to: 45 },
          { dimension: 'benefits', value: 'disability', from: 35, to: null },
        ],
      })
      const same = await setRepresentationTargets(deps, MANAGER, { targets: { area: { northshire_city: 45, eastport: 20.5 } }, tolerance: 3.5, attritionMonths: 6 })
      assert.equal(same.changes, 0)
      assert.equal((await auditRows()).length, 2, 'no change, no audit event')
    })

    it('refuses wrong targets with every problem on its field, and changes nothing', async () => {
      await assert.rejects(
        setRepresentationTargets(deps, MANAGER, { targets: { area: { northshire_city: 70, eastport: 40 }, age_band: { '16_24': 101 } }, tolerance: 60, attritionMonths: 12 }),
        fieldErrors([
          { field: 'tolerance', message: 'Enter a number of percentage points from 0 to 50, with no more than 1 decimal place' },
          { field: 'target--area--northshire_city', message: 'The targets for area add up to 110%. They must add up to 100% or less' },
          { field: 'target--age_band--16_24', message: 'The target for 16 to 24 (Age band) must be 100% or less' },
        ]),
      )
      assert.equal((await getRepresentationSettings(deps, MANAGER)).targets.get('area')?.get('northshire_city'), 45)
    })

    it('is for the panel manager and the admin (panel:configure) only', async () => {
      for (const role of ['analyst', 'scrutiny_body', 'panel_member', 'public'] as const) {
        await assert.rejects(
          setRepresentationTargets(deps, { userId: null, role, displayName: role }, { targets: {}, tolerance: 5, attritionMonths: 12 }),
          (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN',
          role,
        )
      }
      const admin: Actor = { userId: newId(), role: 'admin', displayName: 'Admin' }
      assert.equal((await setRepresentationTargets(deps, admin, { targets: { area: { northshire_city: 45, eastport: 20.5 } }, tolerance: 4, attritionMonths: 6 })).changes, 1)
      await assert.rejects(getRepresentationSettings(deps, { userId: null, role: 'stakeholder', displayName: 'x' }), (err: unknown) => err instanceof AppError && err.code === 'FORBIDDEN')
    })
  })
}
