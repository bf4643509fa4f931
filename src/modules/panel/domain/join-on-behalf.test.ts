import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { getConsentHistory, isContactable } from './consent-queries.ts'
import type { ConsentAnswer } from './consent.ts'
import { joinOnBehalf, type JoinOnBehalfInput } from './join-on-behalf.ts'

const staff = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
let serial = 0

const CONSENTS: ConsentAnswer[] = [
  { purpose: 'contact_research', given: true },
  { purpose: 'quotes', given: false },
  { purpose: 'special_category', given: true },
  { purpose: 'recordings', given: true },
]

function person(over: Partial<JoinOnBehalfInput> = {}): JoinOnBehalfInput {
  serial += 1
  return {
    fullName: `Bartholomew Phoneman ${serial}`,
    phone: `01632 960${String(serial).padStart(3, '0')}`,
    preferredChannel: 'phone',
    joinedVia: 'phone',
    demographics: { area: 'the_isles', disability: 'limited_a_lot' },
    consents: CONSENTS,
    ...over,
  }
}

async function count(db: TestDatabase['db'], table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

for (const dialect of TEST_DIALECTS) {
  describe(`joining on someone's behalf (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = {
        config: database.config,
        db: database.db,
        dialect: database.dialect,
        clock: systemClock,
        mailer: { send: async () => {}, close: () => {} },
        logger: createLogger('silent'),
      }
    })
    after(() => database.close())

    it('registers them as entered by the staff account, with their consents recorded by that account and channel', async () => {
      const manager = staff('panel_manager')
      const p = await joinOnBehalf(deps, manager, person({ joinedVia: 'post', joinedAt: '2026-03-02T00:00:00.000Z' }))
      assert.deepEqual([p.joinedVia, p.enteredByUserId, p.enteredByRole, p.joinedAt], ['post', manager.userId, 'panel_manager', '2026-03-02T00:00:00.000Z'])
      const history = await getConsentHistory(deps, manager, p.id)
      assert.deepEqual(history.map(h => [h.purpose, h.given, h.channel, h.recordedByUserId]), [
        ['contact_research', true, 'post', manager.userId],
        ['quotes', false, 'post', manager.userId],
        ['special_category', true, 'post', manager.userId],
        ['recordings', true, 'post', manager.userId],
      ])
      assert.equal(await isContactable(deps, p.id), true)
    })

    it('lets a partner register only people who joined through the partner', async () => {
      const partner = staff('seldom_heard_partner')
      await assert.rejects(joinOnBehalf(deps, partner, person({ joinedVia: 'phone' })), hasCode('FORBIDDEN'))
      await assert.rejects(joinOnBehalf(deps, partner, person({ joinedVia: 'post' })), hasCode('FORBIDDEN'))
      const p = await joinOnBehalf(deps, partner, person({ joinedVia: 'partner' }))
      assert.equal(p.enteredByRole, 'seldom_heard_partner')
      assert.ok((await getConsentHistory(deps, staff('panel_manager'), p.id)).every(h => h.channel === 'partner'))
      for (const role of ['analyst', 'panel_member', 'admin', 'public'] as const) {
        await assert.rejects(joinOnBehalf(deps, staff(role), person()), hasCode('FORBIDDEN'), role)
      }
    })

    it('is never "online", needs contact consent, and special-category answers need their consent', async () => {
      const manager = staff('panel_manager')
      const before = await count(database.db, 'panel_participant')
      await assert.rejects(joinOnBehalf(deps, manager, person({ joinedVia: 'online' as 'phone' })), (err: unknown) => err instanceof AppError && err.fieldErrors[0]?.field === 'joinedVia')
      await assert.rejects(
        joinOnBehalf(deps, manager, person({ consents: [{ purpose: 'contact_research', given: false }] })),
        (err: unknown) => err instanceof AppError && err.fieldErrors.map(e => e.field).join() === 'consent-contact_research,answer-disability',
      )
      await assert.rejects(joinOnBehalf(deps, manager, person({ joinedAt: '2999-01-01T00:00:00.000Z' })), (err: unknown) => err instanceof AppError && err.fieldErrors[0]?.field === 'joinedOn-day')
      assert.equal(await count(database.db, 'panel_participant'), before)
    })

    it('keeps nothing if the consents cannot be recorded', async () => {
      const before = await Promise.all(['panel_participant', 'panel_identity', 'panel_consent', 'audit_event'].map(t => count(database.db, t)))
      await assert.rejects(
        joinOnBehalf(deps, staff('panel_manager'), person({ consents: [...CONSENTS.slice(0, 3), { purpose: 'recordings', given: true, wordingVersion: 42 }] })),
        hasCode('VALIDATION_FAILED'),
      )
      assert.deepEqual(await Promise.all(['panel_participant', 'panel_identity', 'panel_consent', 'audit_event'].map(t => count(database.db, t))), before)
    })
  })
}
