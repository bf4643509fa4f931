import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { createActiveUser } from '../../../accounts/index.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import { systemClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { createEventBus } from '../../../../platform/events/event-bus.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { changeParticipantStatus } from '../change-participant-status.ts'
import { getParticipantIdentity } from '../get-participant-identity.ts'
import { IDENTITY_FIELD_NAMES } from '../participant.ts'
import { registerParticipant } from '../register-participant.ts'
import { actionText, getParticipantDetail, getParticipantHistory } from './participant-detail.ts'

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const as = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })

/** Every key anywhere in a value (to prove no identity field is in it). */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf)
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)])
  return []
}

for (const dialect of TEST_DIALECTS) {
  describe(`participant detail and history (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let manager: Actor
    let byPhone: { id: string; pseudonym: string }
    let online: { id: string; pseudonym: string }

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      const staff = await createActiveUser(deps, systemActor('test'), { email: 'hester.manager@example.org', displayName: 'Hester Manager', role: 'panel_manager' })
      manager = { userId: staff.id, role: 'panel_manager', displayName: staff.displayName }
      byPhone = await registerParticipant(deps, manager, {
        fullName: 'Cornelius Ashdown',
        phone: '07700 900999',
        address: { line1: '9 Heron Close', town: 'Eastport', postcode: 'EP1 1AA' },
        preferredChannel: 'phone',
        joinedVia: 'phone',
        demographics: { area: 'eastport', benefits: ['disability', 'winter_heating'], gender: 'prefer_not_to_say' },
        supportNeeds: [{ need: 'travel', detail: 'Needs a taxi' }, { need: 'quiet_room' }],
        seldomHeardTags: ['remote_rural'],
        maxInvitationsPerMonth: 1,
      })
      online = await registerParticipant(deps, { userId: null, role: 'public', displayName: 'Member of the public' }, { fullName: 'Dora Online', email: 'dora@example.org', preferredChannel: 'email', joinedVia: 'online' })
    })
    after(() => database.close())

    it('shows the research record by pseudonym, with answers and tags as words, and who entered it', async () => {
      const d = await getParticipantDetail(deps, as('analyst'), byPhone.id)
      assert.equal(d.pseudonym, byPhone.pseudonym)
      assert.equal(d.status, 'active')
      assert.equal(d.statusLabel, 'Active')
      assert.equal(d.joinedVia, 'phone')
      assert.equal(d.joinedViaLabel, 'By phone')
      assert.deepEqual(d.enteredBy, { role: 'panel_manager', roleLabel: 'Panel manager', staffName: 'Hester Manager' })
      assert.equal(d.maxInvitationsPerMonth, 1)
      assert.equal(d.lastParticipatedAt, null)
      assert.equal(d.hasAccount, false)
      assert.deepEqual(d.answers.find(a => a.key === 'area'), { key: 'area', label: 'Area', values: ['Eastport'] })
      assert.deepEqual(d.answers.find(a => a.key === 'benefits')?.values, ['Disability benefit', 'Winter heating payment'])
      assert.deepEqual(d.answers.find(a => a.key === 'gender')?.values, ['Prefer not to say'])
      assert.deepEqual(d.answers.find(a => a.key === 'age_band')?.values, [], 'not answered')
      assert.deepEqual(d.seldomHeardTags, [{ code: 'remote_rural', label: 'Remote rural' }])
      assert.deepEqual(d.supportNeeds, [
        { code: 'quiet_room', label: 'A quiet room', detail: null },
        { code: 'travel', label: 'Help with travel', detail: 'Needs a taxi' },
      ])
      const keys = keysOf(d)
      for (const field of IDENTITY_FIELD_NAMES) assert.ok(!keys.includes(field), `the research record has ${field}`)
      const text = JSON.stringify(d)
      for (const s of ['Cornelius', 'Ashdown', '07700', 'Heron', 'EP1']) assert.ok(!text.includes(s), `the research record contains ${s}`)

      assert.equal((await getParticipantDetail(deps, as('analyst'), online.id)).enteredBy, null, 'they joined online by themselves')
    })

    it('leaves out support needs for roles that do not arrange activities', async () => {
      const d = await getParticipantDetail(deps, as('admin'), byPhone.id)
      assert.equal(d.supportNeeds, null)
      assert.ok(!JSON.stringify(d).includes('taxi'))
      assert.notEqual((await getParticipantDetail(deps, manager, byPhone.id)).supportNeeds, null)
    })

    it('refuses roles without research access, and knows no unknown member', async () => {
      for (const role of ['stakeholder', 'panel_member', 'scrutiny_body', 'public'] as const) {
        await assert.rejects(getParticipantDetail(deps, as(role), byPhone.id), hasCode('FORBIDDEN'), role)
        await assert.rejects(getParticipantHistory(deps, as(role), byPhone.id, { limit: 10, offset: 0 }), hasCode('FORBIDDEN'), role)
      }
      await assert.rejects(getParticipantDetail(deps, as('analyst'), newId()), hasCode('NOT_FOUND'))
    })

    it('tells the history from the audit trail in plain words, newest first, with roles and never names', async () => {
      await getParticipantIdentity(deps, manager, byPhone.id)
      await changeParticipantStatus(deps, manager, { participantId: byPhone.id, status: 'withdrawn' }, { events: createEventBus() })
      const { entries, total } = await getParticipantHistory(deps, as('analyst'), byPhone.id, { limit: 10, offset: 0 })
      assert.equal(total, 3)
      assert.deepEqual(
        entries.map(e => [e.text, e.by, e.details]),
        [
          ['Left the panel', 'Panel manager', []],
          ['Name and contact details seen', 'Panel manager', []],
          ['Joined the panel', 'Panel manager', ['How: by phone']],
        ],
      )
      const page2 = await getParticipantHistory(deps, as('analyst'), byPhone.id, { limit: 2, offset: 2 })
      assert.deepEqual(page2.entries.map(e => e.text), ['Joined the panel'])
      assert.ok(!JSON.stringify(entries).includes('Hester'))
    })

    it('words events it has no words for from their names', () => {
      assert.equal(actionText('panel.consent_withdrawn'), 'Consent withdrawn')
      assert.equal(actionText('panel.participant_erased'), 'Record erased')
      assert.equal(actionText('odd'), 'Odd')
    })
  })
}
