import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { createActiveUser } from '../../accounts/index.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { findDemographicsOf } from '../data/participant.repository.ts'
import { setParticipantUser } from '../data/participant-update.repository.ts'
import { changeConsents } from './consent-change.ts'
import { contactableParticipantIds, getConsentHistory, getCurrentConsents, getCurrentConsentWordings, isContactable } from './consent-queries.ts'
import { currentConsentsOf, type ConsentAnswer } from './consent.ts'
import { registerParticipant } from './register-participant.ts'

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

const SYSTEM = systemActor('test')
const staff = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
let serial = 0

const ALL_YES: ConsentAnswer[] = [
  { purpose: 'contact_research', given: true },
  { purpose: 'quotes', given: true },
  { purpose: 'special_category', given: true },
  { purpose: 'recordings', given: true },
]

for (const dialect of TEST_DIALECTS) {
  describe(`consent per purpose (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const manager = staff('panel_manager')

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
    })
    after(() => database.close())

    async function member(): Promise<{ id: string; actor: Actor }> {
      serial += 1
      const p = await registerParticipant(deps, SYSTEM, {
        fullName: `Consent Person ${serial}`,
        email: `consent.person.${serial}@example.org`,
        preferredChannel: 'email',
        joinedVia: 'online',
        demographics: { area: 'eastport', disability: 'limited_a_lot', ethnicity: 'mixed', long_term_condition: ['mobility'] },
      })
      const user = await createActiveUser(deps, SYSTEM, { email: `consent.person.${serial}@example.org`, displayName: 'x', role: 'panel_member' })
      await setParticipantUser(deps.db, p.id, user.id, new Date().toISOString())
      return { id: p.id, actor: { userId: user.id, role: 'panel_member', displayName: 'x' } }
    }

    it('shows the current wording of each purpose, in a fixed order', async () => {
      const wordings = await getCurrentConsentWordings(deps)
      assert.deepEqual(wordings.map(w => w.purpose), ['contact_research', 'quotes', 'special_category', 'recordings'])
      assert.ok(wordings.every(w => w.version === 1 && w.wording.length > 0))
    })

    it('records each decision with the wording version, the channel and who recorded it, and keeps the history', async () => {
      const { id, actor } = await member()
      assert.equal(await isContactable(deps, id), false, 'never asked: not contactable')
      const first = await changeConsents(deps, manager, id, ALL_YES, { channel: 'phone' })
      assert.equal(first.changes.length, 4)
      assert.equal(await isContactable(deps, id), true)

      const second = await changeConsents(deps, actor, id, [
        { purpose: 'quotes', given: false },
        { purpose: 'recordings', given: true },
      ])
      assert.deepEqual(second.changes.map(c => [c.purpose, c.given, c.before]), [['quotes', false, true]], 'the same decision again is not recorded twice')

      const history = await getConsentHistory(deps, manager, id)
      assert.deepEqual(history.map(h => [h.entryNo, h.purpose, h.given, h.channel, h.recordedByRole]), [
        [1, 'contact_research', true, 'phone', 'panel_manager'],
        [2, 'quotes', true, 'phone', 'panel_manager'],
        [3, 'special_category', true, 'phone', 'panel_manager'],
        [4, 'recordings', true, 'phone', 'panel_manager'],
        [5, 'quotes', false, 'online', 'panel_member'],
      ])
      assert.equal(history[0]!.recordedByUserId, manager.userId)
      assert.equal(history[4]!.recordedByUserId, actor.userId)
      assert.ok(history.every(h => h.wordingVersion === 1))

      const current = await getCurrentConsents(deps, actor, id)
      assert.deepEqual(current.map(c => [c.purpose, c.given]), [
        ['contact_research', true],
        ['quotes', false],
        ['special_category', true],
        ['recordings', true],
      ])
      assert.equal(current[1]!.channel, 'online')
      assert.equal(current[1]!.wording?.version, 1)
      assert.match(current[1]!.wording?.wording ?? '', /publish/)

      const audit = await database.db.selectFrom('audit_event').select(['action', 'summary', 'actor_role']).where('subject_id', '=', id).orderBy('seq').execute()
      const consentEvents = audit.filter(a => a.action.startsWith('panel.consent_'))
      assert.deepEqual(consentEvents.map(a => a.action), ['panel.consent_given', 'panel.consent_given', 'panel.consent_given', 'panel.consent_given', 'panel.consent_withdrawn'])
      assert.deepEqual(JSON.parse(consentEvents[4]!.summary), { purpose: 'quotes', wordingVersion: 1, channel: 'online', before: 'given' })
    })

    it('stops contact at once when contact consent is withdrawn, and when the member is no longer active', async () => {
      const a = await member()
      const b = await member()
      const c = await member()
      for (const m of [a, b, c]) await changeConsents(deps, manager, m.id, ALL_YES, { channel: 'post' })
      assert.deepEqual([...(await contactableParticipantIds(deps, [a.id, b.id, c.id, a.id]))].sort(), [a.id, b.id, c.id].sort())

      await changeConsents(deps, a.actor, a.id, [{ purpose: 'contact_research', given: false }])
      assert.equal(await isContactable(deps, a.id), false, 'the very next check says no')
      await database.db.withTables<{ panel_participant: { id: string; status: string } }>().updateTable('panel_participant').set({ status: 'withdrawn' }).where('id', '=', b.id).execute()
      assert.equal(await isContactable(deps, b.id), false)
      assert.deepEqual([...(await contactableParticipantIds(deps, [a.id, b.id, c.id]))], [c.id])

      await changeConsents(deps, a.actor, a.id, [{ purpose: 'contact_research', given: true }])
      assert.equal(await isContactable(deps, a.id), true, 'giving it again makes them contactable again')
      assert.equal(await isContactable(deps, newId()), false, 'an unknown id is never contactable')
    })

    it('answers for many ids in batches', async () => {
      const m = await member()
      await changeConsents(deps, manager, m.id, ALL_YES, { channel: 'phone' })
      const ids = [...Array.from({ length: 1200 }, () => newId()), m.id]
      assert.deepEqual([...(await contactableParticipantIds(deps, ids))], [m.id])
    })

    it('removes special-category answers when that consent is withdrawn', async () => {
      const { id, actor } = await member()
      await changeConsents(deps, manager, id, ALL_YES, { channel: 'phone' })
      const result = await changeConsents(deps, actor, id, [{ purpose: 'special_category', given: false }])
      assert.deepEqual(result.removedAnswers, ['disability', 'ethnicity', 'long_term_condition'])
      const left = await findDemographicsOf(deps.db, [id])
      assert.deepEqual(left.map(r => r.dimension), ['area'])
      const event = await database.db.selectFrom('audit_event').select('summary').where('subject_id', '=', id).where('action', '=', 'panel.special_category_answers_removed').executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(event.summary).dimensions, ['disability', 'ethnicity', 'long_term_condition'])
    })

    it('records the wording version shown, and refuses one that does not exist', async () => {
      const { id, actor } = await member()
      await assert.rejects(changeConsents(deps, actor, id, [{ purpose: 'quotes', given: true, wordingVersion: 99 }]), (err: unknown) => {
        assert.ok(err instanceof AppError && err.code === 'VALIDATION_FAILED')
        assert.equal(err.fieldErrors[0]?.field, 'consent-quotes')
        return true
      })
      await assert.rejects(
        changeConsents(deps, actor, id, [
          { purpose: 'quotes', given: true },
          { purpose: 'quotes', given: false },
        ]),
        hasCode('VALIDATION_FAILED'),
      )
      assert.deepEqual(await getConsentHistory(deps, manager, id), [], 'nothing was written')
    })

    it('lets the person change only their own consents, and the panel manager anyone', async () => {
      const mine = await member()
      const theirs = await member()
      await assert.rejects(changeConsents(deps, mine.actor, theirs.id, ALL_YES), hasCode('FORBIDDEN'))
      for (const role of ['analyst', 'admin', 'seldom_heard_partner', 'public', 'core_group_member'] as const) {
        await assert.rejects(changeConsents(deps, staff(role), theirs.id, ALL_YES), hasCode('FORBIDDEN'), role)
      }
      await assert.rejects(changeConsents(deps, manager, newId(), ALL_YES), hasCode('NOT_FOUND'))
      // Reading: the person, and research roles (consent is not identity); not other members or partners.
      await getCurrentConsents(deps, staff('analyst'), theirs.id)
      await assert.rejects(getCurrentConsents(deps, mine.actor, theirs.id), hasCode('FORBIDDEN'))
      await assert.rejects(getConsentHistory(deps, staff('seldom_heard_partner'), theirs.id), hasCode('FORBIDDEN'))
    })

    it('says "never asked" for a purpose with no record', () => {
      const current = currentConsentsOf([], [])
      assert.equal(current.length, 4)
      assert.ok(current.every(c => c.given === null && c.wording === null && c.recordedAt === null))
    })
  })
}
