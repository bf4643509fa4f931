import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { createActiveUser, getUser } from '../../accounts/index.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { systemClock } from '../../../platform/clock.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import type { OutgoingMessage } from '../../../platform/mail/mailer.ts'
import { findDemographicsOf, findIdentity, findParticipantById, findSeldomHeardTagsOf, findSupportNeedsOf } from '../data/participant.repository.ts'
import { setParticipantUser } from '../data/participant-update.repository.ts'
import { changeConsents } from './consent-change.ts'
import { getParticipantIdentity } from './get-participant-identity.ts'
import { identityContext, normaliseEmail, normalisePhone } from './participant.ts'
import { registerParticipant } from './register-participant.ts'
import { updateContactDetails, updateContactLimit, updateDemographics, updateSeldomHeardTags, updateSupportNeeds } from './update-participant.ts'

const SYSTEM = systemActor('test')
const staff = (role: Actor['role']): Actor => ({ userId: newId(), role, displayName: `Test ${role}` })
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
let serial = 0

function fieldErrorOn(field: string, message?: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof AppError, String(err))
    assert.equal(err.code, 'VALIDATION_FAILED')
    const e = err.fieldErrors.find(x => x.field === field)
    assert.ok(e, `expected an error on ${field}, got ${JSON.stringify(err.fieldErrors)}`)
    if (message) assert.match(e.message, message)
    return true
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`updating a panel member (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const sent: OutgoingMessage[] = []
    const manager = staff('panel_manager')

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = {
        config: database.config,
        db: database.db,
        dialect: database.dialect,
        clock: systemClock,
        mailer: { send: async m => void sent.push(m), close: () => {} },
        logger: createLogger('silent'),
      }
    })
    after(() => database.close())

    /** A member with their own account; identity values are distinctive so the audit trail can be searched for them. */
    async function member(opts: { special?: boolean } = {}) {
      serial += 1
      const email = `quillon.upd.${serial}@example.org`
      const p = await registerParticipant(deps, SYSTEM, {
        fullName: `Quillon Updatesworth ${serial}`,
        email,
        phone: `07700 901${String(serial).padStart(3, '0')}`,
        preferredChannel: 'email',
        joinedVia: 'online',
        demographics: { area: 'eastport', age_band: '25_34' },
        supportNeeds: [{ need: 'quiet_room' }],
      })
      const user = await createActiveUser(deps, SYSTEM, { email, displayName: `Quillon Updatesworth ${serial}`, role: 'panel_member' })
      await setParticipantUser(deps.db, p.id, user.id, new Date().toISOString())
      if (opts.special) await changeConsents(deps, manager, p.id, [{ purpose: 'special_category', given: true }], { channel: 'phone' })
      const actor: Actor = { userId: user.id, role: 'panel_member', displayName: 'Quillon' }
      return { id: p.id, userId: user.id, email, actor }
    }

    async function auditOf(id: string, action: string) {
      const rows = await database.db.selectFrom('audit_event').select(['summary', 'actor_role']).where('subject_id', '=', id).where('action', '=', action).orderBy('seq').execute()
      return rows.map(r => ({ ...(JSON.parse(r.summary) as Record<string, unknown>), actorRole: r.actor_role }))
    }

    it('re-encrypts changed contact details, keeps the fingerprints in step, and audits which fields changed (never their values)', async () => {
      const m = await member()
      const before = await findIdentity(deps.db, m.id)
      const result = await updateContactDetails(deps, m.actor, m.id, {
        fullName: 'Quillon Renamed',
        email: 'Quillon.New@Example.org',
        phone: '+44 7700 955111',
        address: { line1: '9 Zinnia Row', town: 'Glenmoor', postcode: 'gl1 2ab' },
        preferredChannel: 'letter',
        preferredFormat: 'another_language',
        preferredLanguage: 'Welsh',
      })
      assert.deepEqual(result.changed, ['fullName', 'email', 'phone', 'address', 'preferredChannel', 'preferredFormat', 'preferredLanguage'])

      const row = (await findIdentity(deps.db, m.id))!
      assert.notEqual(row.full_name_enc, before!.full_name_enc)
      for (const value of Object.values(row)) assert.ok(!String(value).includes('Renamed') && !String(value).includes('Zinnia'), 'stored encrypted')
      const cipher = fieldCipherFor(deps.config.identityKey)
      assert.equal(row.email_index, cipher.blindIndex(normaliseEmail('quillon.new@example.org'), 'email'))
      assert.equal(row.phone_index, cipher.blindIndex(normalisePhone('07700 955111'), 'phone'))
      assert.equal(cipher.decrypt(row.address_enc!, identityContext('address', m.id)), JSON.stringify({ line1: '9 Zinnia Row', town: 'Glenmoor', postcode: 'GL1 2AB' }))

      const identity = await getParticipantIdentity(deps, manager, m.id)
      assert.equal(identity.fullName, 'Quillon Renamed')
      assert.equal(identity.email, 'quillon.new@example.org')
      assert.equal(identity.preferredLanguage, 'Welsh')

      const account = await getUser(deps, m.userId)
      assert.equal(account.email, 'quillon.new@example.org', 'they sign in with their new email')
      assert.equal(account.displayName, 'Quillon Renamed')

      const [event] = await auditOf(m.id, 'panel.contact_details_changed')
      assert.deepEqual(event, { changed: result.changed, by: 'the person', accountUpdated: true, actorRole: 'panel_member' })
      const trail = JSON.stringify(await database.db.selectFrom('audit_event').select('summary').execute())
      for (const s of ['Renamed', 'quillon.new', '955111', 'Zinnia', 'Welsh']) assert.ok(!trail.includes(s), `the audit trail holds ${s}`)

      const notice = sent.find(s => s.to === m.email)
      assert.ok(notice, 'the old address is told about the change')
      assert.match(notice.text, /has been changed/)
    })

    it('records nothing when nothing changed', async () => {
      const m = await member()
      const identity = await getParticipantIdentity(deps, manager, m.id)
      const result = await updateContactDetails(deps, manager, m.id, {
        fullName: identity.fullName,
        email: identity.email!,
        phone: identity.phone!,
        preferredChannel: 'email',
        preferredFormat: 'standard',
      })
      assert.deepEqual(result.changed, [])
      assert.deepEqual(await auditOf(m.id, 'panel.contact_details_changed'), [])
    })

    it('refuses an email another member or account already has, in words that depend on who asks', async () => {
      const a = await member()
      const b = await member()
      const details = { fullName: 'B', preferredChannel: 'email' as const, preferredFormat: 'standard' as const }
      await assert.rejects(updateContactDetails(deps, manager, b.id, { ...details, email: a.email.toUpperCase() }), fieldErrorOn('email', /already uses this email/))
      await assert.rejects(updateContactDetails(deps, b.actor, b.id, { ...details, email: a.email }), fieldErrorOn('email', /You cannot use this email address/))
      const staffAccount = await createActiveUser(deps, SYSTEM, { email: `staff.${serial}@example.org`, displayName: 'Staff', role: 'analyst' })
      await assert.rejects(updateContactDetails(deps, b.actor, b.id, { ...details, email: staffAccount.email }), fieldErrorOn('email'))
      assert.equal((await getParticipantIdentity(deps, manager, b.id)).fullName, `Quillon Updatesworth ${serial}`, 'nothing changed')
    })

    it('checks the details like the forms do', async () => {
      const m = await member()
      await assert.rejects(updateContactDetails(deps, m.actor, m.id, { fullName: '', preferredChannel: 'email', preferredFormat: 'standard' }), fieldErrorOn('fullName', /Enter your full name/))
      await assert.rejects(
        updateContactDetails(deps, manager, m.id, { fullName: 'X', phone: '07700 900123', preferredChannel: 'email', preferredFormat: 'standard' }),
        fieldErrorOn('email', /Enter their email address, or choose another way/),
      )
    })

    it('replaces answers on the dimensions given, and keeps special-category answers only with consent', async () => {
      const m = await member()
      const r = await updateDemographics(deps, m.actor, m.id, { area: ['glenmoor'], gender: ['woman'], age_band: ['25_34'] })
      assert.deepEqual(r.changed, ['area', 'gender'])
      const answers = (await findDemographicsOf(deps.db, [m.id])).map(d => `${d.dimension}=${d.value}`).sort()
      assert.deepEqual(answers, ['age_band=25_34', 'area=glenmoor', 'gender=woman'])
      await updateDemographics(deps, manager, m.id, { gender: [] })
      assert.ok(!(await findDemographicsOf(deps.db, [m.id])).some(d => d.dimension === 'gender'), 'an empty list means not answered')

      await assert.rejects(updateDemographics(deps, m.actor, m.id, { disability: ['limited_a_lot'] }), fieldErrorOn('answer-disability', /You have not agreed/))
      const withConsent = await member({ special: true })
      await updateDemographics(deps, withConsent.actor, withConsent.id, { disability: ['limited_a_lot'], long_term_condition: ['mobility', 'sight_loss'] })
      assert.equal((await findDemographicsOf(deps.db, [withConsent.id])).filter(d => d.dimension === 'long_term_condition').length, 2)

      await assert.rejects(updateDemographics(deps, m.actor, m.id, { shoe_size: ['9'] }), fieldErrorOn('answer-shoe_size'))
      await assert.rejects(updateDemographics(deps, m.actor, m.id, { long_term_condition: ['none', 'mobility'] }), fieldErrorOn('answer-long_term_condition'))
      const [event] = await auditOf(m.id, 'panel.demographics_changed')
      assert.deepEqual(event, { changed: ['area', 'gender'], by: 'the person', actorRole: 'panel_member' })
    })

    it('replaces support needs, and the audit says only that they changed', async () => {
      const m = await member()
      await updateSupportNeeds(deps, m.actor, m.id, [{ need: 'bsl_interpreter' }, { need: 'other', detail: 'A hearing loop' }])
      assert.deepEqual((await findSupportNeedsOf(deps.db, [m.id])).map(n => [n.need, n.detail]), [
        ['bsl_interpreter', null],
        ['other', 'A hearing loop'],
      ])
      assert.deepEqual((await updateSupportNeeds(deps, m.actor, m.id, [{ need: 'other', detail: 'A hearing loop' }, { need: 'bsl_interpreter' }])).changed, [])
      await assert.rejects(updateSupportNeeds(deps, m.actor, m.id, [{ need: 'other' }]), fieldErrorOn('needDetail-other'))
      const [event] = await auditOf(m.id, 'panel.support_needs_changed')
      assert.deepEqual(event, { changed: ['supportNeeds'], before: 1, after: 2, by: 'the person', actorRole: 'panel_member' })
    })

    it('lets only the panel manager change seldom-heard tags and the contact limit', async () => {
      const m = await member()
      await assert.rejects(updateSeldomHeardTags(deps, m.actor, m.id, ['remote_rural']), hasCode('FORBIDDEN'))
      await assert.rejects(updateContactLimit(deps, m.actor, m.id, 5), hasCode('FORBIDDEN'))
      await updateSeldomHeardTags(deps, manager, m.id, ['remote_rural', 'care_experienced'])
      assert.deepEqual((await findSeldomHeardTagsOf(deps.db, [m.id])).map(t => t.tag), ['care_experienced', 'remote_rural'])
      await assert.rejects(updateSeldomHeardTags(deps, manager, m.id, ['martians']), fieldErrorOn('seldomHeardTags'))
      await updateContactLimit(deps, manager, m.id, 5)
      assert.equal((await findParticipantById(deps.db, m.id))?.max_invitations_per_month, 5)
      await assert.rejects(updateContactLimit(deps, manager, m.id, 21), fieldErrorOn('maxInvitationsPerMonth'))
      assert.deepEqual(await auditOf(m.id, 'panel.contact_limit_changed'), [{ before: { maxInvitationsPerMonth: 2 }, after: { maxInvitationsPerMonth: 5 }, actorRole: 'panel_manager' }])
      assert.deepEqual(await auditOf(m.id, 'panel.seldom_heard_tags_changed'), [{ changed: ['seldomHeardTags'], added: 2, removed: 0, actorRole: 'panel_manager' }])
    })

    it('lets a person change only their own record, and refuses an erased member', async () => {
      const mine = await member()
      const theirs = await member()
      await assert.rejects(updateSupportNeeds(deps, mine.actor, theirs.id, []), hasCode('FORBIDDEN'))
      for (const role of ['analyst', 'admin', 'seldom_heard_partner', 'public'] as const) {
        await assert.rejects(updateDemographics(deps, staff(role), theirs.id, { area: [] }), hasCode('FORBIDDEN'), role)
      }
      await assert.rejects(updateSupportNeeds(deps, manager, newId(), []), hasCode('NOT_FOUND'))
      await database.db.withTables<{ panel_participant: { id: string; status: string } }>().updateTable('panel_participant').set({ status: 'erased' }).where('id', '=', theirs.id).execute()
      await assert.rejects(updateSupportNeeds(deps, manager, theirs.id, []), hasCode('INVALID_STATE'))
    })
  })
}
