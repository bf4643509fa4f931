import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { createActiveUser, erasedEmail, ERASED_ACCOUNT_NAME } from '../../accounts/index.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { AccountRole } from '../../../platform/auth/roles.ts'
import { systemClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createEventBus, type EventBus } from '../../../platform/events/event-bus.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { eraseOwnRecord, eraseParticipant, findOwnRecordForErasure, type ParticipantErasedEvent } from './erase-participant.ts'
import { getParticipantIdentity } from './get-participant-identity.ts'
import { registerParticipant } from './register-participant.ts'
import type { RegisterParticipantInput } from './registration.schema.ts'

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const SYSTEM = systemActor('test')
let serial = 0

/** Distinctive identity values, so the test can look for them anywhere they must not be. */
function person(): RegisterParticipantInput {
  serial += 1
  return {
    fullName: `Philomena Thistlewood-${serial}`,
    email: `philomena.thistlewood.${serial}@example.org`,
    phone: `07700 900${String(700 + serial).padStart(3, '0')}`,
    address: { line1: `${serial} Quillfeather Row`, town: 'Glenmoor', postcode: 'GM4 8ZY' },
    preferredChannel: 'email',
    demographics: { area: 'glenmoor', age_band: '55_64', benefits: ['disability', 'low_income'] },
    supportNeeds: [{ need: 'bsl_interpreter' }, { need: 'travel', detail: 'Taxi from the ferry' }],
    seldomHeardTags: ['remote_rural', 'deaf_bsl_user'],
    joinedVia: 'phone',
  }
}

const identityStrings = (p: RegisterParticipantInput) => [p.fullName, p.email!, p.phone!, p.address!.line1, p.address!.postcode, 'Thistlewood', 'Taxi from the ferry']

for (const dialect of TEST_DIALECTS) {
  describe(`eraseParticipant (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const manager: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Test panel manager' }

    const rows = async (table: string, participantId: string) =>
      (await database.db.withTables<Record<string, { participant_id: string }>>().selectFrom(table).select('participant_id').where('participant_id', '=', participantId).execute()).length
    const participantRow = (id: string) =>
      database.db.withTables<{ panel_participant: { id: string; status: string; user_id: string | null; pseudonym: string } }>().selectFrom('panel_participant').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const auditOf = (subjectId: string, action: string) =>
      database.db.selectFrom('audit_event').selectAll().where('subject_id', '=', subjectId).where('action', '=', action).execute()

    /** A member with an account of their own (linked by user_id), and a live session. */
    async function memberWithAccount(role: AccountRole = 'panel_member') {
      const input = person()
      const p = await registerParticipant(deps, SYSTEM, input)
      const user = await createActiveUser(deps, SYSTEM, { email: input.email!, displayName: input.fullName, role, password: 'correct-horse-battery' })
      await database.db.withTables<{ panel_participant: { id: string; user_id: string | null } }>().updateTable('panel_participant').set({ user_id: user.id }).where('id', '=', p.id).execute()
      const now = new Date().toISOString()
      await database.db.insertInto('session').values({ id: `s-${user.id}`, user_id: user.id, data: '{}', expires_at: '2999-01-01T00:00:00.000Z', created_at: now, updated_at: now }).execute()
      const actor: Actor = { userId: user.id, role, displayName: input.fullName }
      return { input, p, user, actor }
    }

    function recorder(): { bus: EventBus; events: ParticipantErasedEvent[] } {
      const bus = createEventBus()
      const events: ParticipantErasedEvent[] = []
      bus.subscribe('panel.participant_erased', e => {
        events.push(e)
      })
      return { bus, events }
    }

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
    })
    after(() => database.close())

    it('removes identity and support needs, keeps answers and tags, scrubs the account, and audits without identity', async () => {
      const { input, p, user } = await memberWithAccount()
      const bus = createEventBus()
      const seen: { event: ParticipantErasedEvent; identityRowsAtDelivery: number; statusAtDelivery: string }[] = []
      bus.subscribe('panel.participant_erased', async event => {
        // Delivered after the commit: the handler, outside the transaction, already sees the erasure.
        seen.push({ event, identityRowsAtDelivery: await rows('panel_identity', event.participantId), statusAtDelivery: (await participantRow(event.participantId)).status })
      })

      const result = await eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: false }, { events: bus })
      assert.deepEqual(result, { participantId: p.id, pseudonym: p.pseudonym, deleteContributions: false, requestedBy: 'panel_manager', accountErased: true, followUpFailed: false })

      assert.equal(await rows('panel_identity', p.id), 0, 'the identity row is gone')
      assert.equal(await rows('panel_support_need', p.id), 0, 'support needs (special category) are gone')
      assert.equal(await rows('panel_demographic', p.id), 4, 'answers are kept, pseudonymised')
      assert.equal(await rows('panel_seldom_heard_tag', p.id), 2, 'tags are kept, pseudonymised')
      const row = await participantRow(p.id)
      assert.equal(row.status, 'erased')
      assert.equal(row.user_id, null, 'the link to the account is gone')
      assert.equal(row.pseudonym, p.pseudonym)

      const account = await database.db.selectFrom('app_user').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow()
      assert.equal(account.email, erasedEmail(user.id))
      assert.equal(account.display_name, ERASED_ACCOUNT_NAME)
      assert.equal(account.status, 'disabled')
      assert.equal(account.password_hash, null)
      assert.equal((await database.db.selectFrom('session').select('id').where('user_id', '=', user.id).execute()).length, 0, 'their sessions ended')

      const [erased] = await auditOf(p.id, 'panel.participant_erased')
      assert.ok(erased)
      const summary = JSON.parse(erased.summary) as Record<string, unknown>
      assert.equal(summary.pseudonym, p.pseudonym)
      assert.equal(summary.contributions, 'kept_pseudonymised')
      assert.equal(summary.requestedBy, 'panel_manager')
      assert.deepEqual(summary.removed, { identity: 1, supportNeeds: 2, answers: 0, seldomHeardTags: 0 })
      assert.equal(erased.actor_role, 'panel_manager')
      const [accountErased] = await auditOf(user.id, 'accounts.account_erased')
      assert.ok(accountErased, 'the account erasure is audited too')
      const everything = JSON.stringify(await database.db.selectFrom('audit_event').selectAll().execute())
      for (const s of identityStrings(input)) assert.ok(!everything.includes(s), `the audit trail contains "${s}"`)

      assert.deepEqual(seen, [{ event: { participantId: p.id, pseudonym: p.pseudonym, deleteContributions: false }, identityRowsAtDelivery: 0, statusAtDelivery: 'erased' }])
      await assert.rejects(getParticipantIdentity(deps, manager, p.id), hasCode('NOT_FOUND'))
    })

    it('deletes answers and tags too when the person asks for their contributions to be deleted', async () => {
      const p = await registerParticipant(deps, SYSTEM, person())
      const { bus, events } = recorder()
      const result = await eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: true }, { events: bus })
      assert.equal(result.accountErased, false, 'they had no account')
      for (const table of ['panel_identity', 'panel_support_need', 'panel_demographic', 'panel_seldom_heard_tag']) assert.equal(await rows(table, p.id), 0, table)
      assert.equal((await participantRow(p.id)).status, 'erased', 'the pseudonymous record of membership stays')
      assert.deepEqual(events, [{ participantId: p.id, pseudonym: p.pseudonym, deleteContributions: true }])
      const [erased] = await auditOf(p.id, 'panel.participant_erased')
      assert.equal((JSON.parse(erased!.summary) as { contributions: string }).contributions, 'deleted')
    })

    it('refuses to erase a member twice, with a clear message, and publishes nothing the second time', async () => {
      const p = await registerParticipant(deps, SYSTEM, person())
      const { bus, events } = recorder()
      await eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: false }, { events: bus })
      await assert.rejects(eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: true }, { events: bus }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.equal(err.code, 'INVALID_STATE')
        assert.equal(err.message, `${p.pseudonym} has already been erased`)
        return true
      })
      assert.equal(events.length, 1)
      assert.equal((await auditOf(p.id, 'panel.participant_erased')).length, 1)
    })

    it('changes nothing and publishes nothing when the transaction fails', async () => {
      // The member's account is the last active administrator's: erasing it is refused, inside the transaction,
      // after the identity and support needs were already deleted. Everything must roll back.
      const { p, user } = await memberWithAccount('admin')
      const { bus, events } = recorder()
      await assert.rejects(eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: true }, { events: bus }), hasCode('CONFLICT'))
      assert.deepEqual(events, [], 'no domain event')
      assert.equal(await rows('panel_identity', p.id), 1)
      assert.equal(await rows('panel_support_need', p.id), 2)
      assert.equal(await rows('panel_demographic', p.id), 4)
      assert.equal((await participantRow(p.id)).status, 'active')
      assert.equal((await participantRow(p.id)).user_id, user.id)
      assert.equal((await database.db.selectFrom('app_user').select('status').where('id', '=', user.id).executeTakeFirstOrThrow()).status, 'active')
      assert.deepEqual(await auditOf(p.id, 'panel.participant_erased'), [])
    })

    it('lets a member erase their own record, and nobody else', async () => {
      const me = await memberWithAccount()
      const other = await registerParticipant(deps, SYSTEM, person())
      assert.deepEqual(await findOwnRecordForErasure(deps, me.actor), { participantId: me.p.id, pseudonym: me.p.pseudonym })
      await assert.rejects(eraseParticipant(deps, me.actor, { participantId: other.id, deleteContributions: true }), hasCode('FORBIDDEN'))
      for (const role of ['analyst', 'admin', 'seldom_heard_partner', 'scrutiny_body'] as const) {
        await assert.rejects(eraseParticipant(deps, { userId: newId(), role, displayName: role }, { participantId: other.id, deleteContributions: false }), hasCode('FORBIDDEN'), role)
      }
      assert.equal(await rows('panel_identity', other.id), 1)

      const { bus, events } = recorder()
      const result = await eraseOwnRecord(deps, me.actor, { deleteContributions: true }, { events: bus })
      assert.equal(result.requestedBy, 'self')
      assert.equal(result.pseudonym, me.p.pseudonym)
      assert.equal(await rows('panel_identity', me.p.id), 0)
      assert.deepEqual(events, [{ participantId: me.p.id, pseudonym: me.p.pseudonym, deleteContributions: true }])
      const [erased] = await auditOf(me.p.id, 'panel.participant_erased')
      assert.equal((JSON.parse(erased!.summary) as { requestedBy: string }).requestedBy, 'self')
      // Their record is no longer linked to them: there is nothing left to erase from their account.
      await assert.rejects(eraseOwnRecord(deps, me.actor, { deleteContributions: true }), hasCode('NOT_FOUND'))
      await assert.rejects(findOwnRecordForErasure(deps, me.actor), hasCode('NOT_FOUND'))
    })

    it('says who is not on the panel, and which member does not exist', async () => {
      const stranger: Actor = { userId: newId(), role: 'panel_member', displayName: 'Not on the panel' }
      await assert.rejects(eraseOwnRecord(deps, stranger, { deleteContributions: false }), hasCode('NOT_FOUND'))
      await assert.rejects(findOwnRecordForErasure(deps, stranger), hasCode('NOT_FOUND'))
      await assert.rejects(findOwnRecordForErasure(deps, manager), hasCode('NOT_FOUND'), 'staff have no own record to erase')
      await assert.rejects(eraseOwnRecord(deps, { userId: null, role: 'public', displayName: 'Visitor' }, { deleteContributions: false }), hasCode('UNAUTHENTICATED'))
      await assert.rejects(eraseParticipant(deps, manager, { participantId: newId(), deleteContributions: false }), hasCode('NOT_FOUND'))
    })

    it('keeps the erasure when a module reacting to it fails, and says so', async () => {
      const p = await registerParticipant(deps, SYSTEM, person())
      const bus = createEventBus()
      bus.subscribe('panel.participant_erased', () => {
        throw new Error('the evidence store is down')
      })
      const result = await eraseParticipant(deps, manager, { participantId: p.id, deleteContributions: true }, { events: bus })
      assert.equal(result.followUpFailed, true)
      assert.equal((await participantRow(p.id)).status, 'erased')
      assert.equal(await rows('panel_identity', p.id), 0)
    })

    it('lets the system (the retention job) erase, and records that it was retention', async () => {
      const p = await registerParticipant(deps, SYSTEM, person())
      const result = await eraseParticipant(deps, systemActor('panel.retention'), { participantId: p.id, deleteContributions: false }, { events: createEventBus() })
      assert.equal(result.requestedBy, 'retention')
      const [erased] = await auditOf(p.id, 'panel.participant_erased')
      assert.equal(erased!.actor_role, 'system')
    })
  })
}
