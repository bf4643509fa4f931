import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, TEST_PASSWORD, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { can } from '../../../../../platform/auth/permissions.ts'
import { ROLES } from '../../../../../platform/auth/roles.ts'
import { domainEvents } from '../../../../../platform/events/event-bus.ts'
import { registerParticipant } from '../../../domain/register-participant.ts'
import type { ParticipantErasedEvent } from '../../../domain/erase-participant.ts'

let serial = 0

describe('erasure: /panel/participants/:participantId/erase and /my-record/erase', () => {
  let t: TestApp
  const published: ParticipantErasedEvent[] = []
  let unsubscribe: () => void

  const tables = ['panel_identity', 'panel_support_need', 'panel_demographic', 'panel_seldom_heard_tag'] as const
  async function rowsOf(participantId: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {}
    for (const table of tables) {
      out[table] = (await t.deps.db.withTables<Record<string, { participant_id: string }>>().selectFrom(table).select('participant_id').where('participant_id', '=', participantId).execute()).length
    }
    return out
  }
  const statusOf = async (id: string) =>
    (await t.deps.db.withTables<{ panel_participant: { id: string; status: string } }>().selectFrom('panel_participant').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

  async function register() {
    serial += 1
    return registerParticipant(t.deps, systemActor('test'), {
      fullName: `Eustacia Vyeworth-${serial}`,
      email: `eustacia.${serial}@example.org`,
      preferredChannel: 'email',
      joinedVia: 'online',
      demographics: { area: 'westhaven', ethnicity: 'white_other' },
      supportNeeds: [{ need: 'accessible_venue' }],
      seldomHeardTags: ['digitally_excluded'],
    })
  }

  /** A member with their own account (linked by user_id), signed in through the sign-in form. */
  async function signedInMember(): Promise<{ agent: Agent; participant: { id: string; pseudonym: string }; userId: string }> {
    const participant = await register()
    const user = await t.createUser('panel_member')
    await t.deps.db.withTables<{ panel_participant: { id: string; user_id: string | null } }>().updateTable('panel_participant').set({ user_id: user.id }).where('id', '=', participant.id).execute()
    const agent = t.agent()
    const res = await agent.post('/sign-in', { email: user.email, password: TEST_PASSWORD })
    assert.equal(res.statusCode, 303)
    return { agent, participant, userId: user.id }
  }

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    unsubscribe = domainEvents.subscribe('panel.participant_erased', e => {
      published.push(e)
    })
  })
  after(async () => {
    unsubscribe()
    await t.close()
  })

  describe('by the panel manager', () => {
    it('asks what to do with what they said, with the warning; an empty answer is an error', async () => {
      const p = await register()
      const agent = await t.signInAs('panel_manager')
      const page = await agent.get(`/panel/participants/${p.id}/erase`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, new RegExp(`<h1 class="govuk-heading-l">Erase the record of ${p.pseudonym}</h1>`))
      assert.match(page.body, /Figures we have already published will not change/)
      assert.match(page.body, /Keep it, without their name/)
      assert.match(page.body, /Delete it as well/)
      assert.match(page.body, /govuk-button--warning/)

      const empty = await agent.post(`/panel/participants/${p.id}/erase`, {})
      assert.equal(empty.statusCode, 400)
      assert.match(empty.body, /<title>Error: /)
      assert.match(empty.body, /<a href="#contributions">Select whether to keep what they said or delete it<\/a>/)
      assert.equal(await statusOf(p.id), 'active')
    })

    it('erases, keeping what they said, then shows the record as erased; a second attempt says it is already erased', async () => {
      const p = await register()
      const agent = await t.signInAs('panel_manager')
      const res = await agent.post(`/panel/participants/${p.id}/erase`, { contributions: 'keep' })
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, `/panel/participants/${p.id}`)
      assert.deepEqual(await rowsOf(p.id), { panel_identity: 0, panel_support_need: 0, panel_demographic: 2, panel_seldom_heard_tag: 1 })
      assert.deepEqual(published.at(-1), { participantId: p.id, pseudonym: p.pseudonym, deleteContributions: false })

      const page = await agent.get(`/panel/participants/${p.id}`)
      assert.match(page.body, new RegExp(`${p.pseudonym} has been erased. What they said is kept, without their name.`))
      assert.match(page.body, /This record has been erased/)
      assert.match(page.body, /Record erased[\s\S]*What they said was kept, without their name/)
      assert.ok(!page.body.includes(`/panel/participants/${p.id}/erase"`), 'no erase link any more')
      assert.ok(!page.body.includes(`/panel/participants/${p.id}/contact"`), 'no contact link any more')

      const again = await agent.get(`/panel/participants/${p.id}/erase`)
      assert.equal(again.statusCode, 200)
      assert.match(again.body, new RegExp(`${p.pseudonym} has already been erased`))
      assert.ok(!again.body.includes('name="contributions"'), 'no form')
      const repost = await agent.post(`/panel/participants/${p.id}/erase`, { contributions: 'delete' })
      assert.equal(repost.statusCode, 409)
      assert.match(repost.body, /has already been erased/)
      assert.equal((await rowsOf(p.id)).panel_demographic, 2, 'nothing more was deleted')

      const contact = await agent.get(`/panel/participants/${p.id}/contact`)
      assert.equal(contact.statusCode, 200)
      assert.match(contact.body, /The name and contact details are gone for good/)
      assert.ok(!contact.body.includes('Eustacia'))
      const status = await agent.get(`/panel/participants/${p.id}/status`)
      assert.equal(status.statusCode, 409)
      assert.match(status.body, /An erased member cannot come back to the panel/)
    })

    it('erases what they said too when asked', async () => {
      const p = await register()
      const agent = await t.signInAs('panel_manager')
      assert.equal((await agent.post(`/panel/participants/${p.id}/erase`, { contributions: 'delete' })).statusCode, 303)
      assert.deepEqual(await rowsOf(p.id), { panel_identity: 0, panel_support_need: 0, panel_demographic: 0, panel_seldom_heard_tag: 0 })
      assert.deepEqual(published.at(-1), { participantId: p.id, pseudonym: p.pseudonym, deleteContributions: true })
    })

    it('is refused to every role without panel:erase', async () => {
      const p = await register()
      for (const role of ROLES) {
        if (can(role, 'panel:erase')) continue
        const agent = await t.signInAs(role)
        assert.equal((await agent.get(`/panel/participants/${p.id}/erase`)).statusCode, 403, role)
        assert.equal((await agent.post(`/panel/participants/${p.id}/erase`, { contributions: 'delete' })).statusCode, 403, role)
      }
      assert.equal(await statusOf(p.id), 'active')
    })
  })

  describe('by the person themselves', () => {
    it('explains what happens in plain words, and asks them to choose', async () => {
      const { agent } = await signedInMember()
      const page = await agent.get('/my-record/erase')
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /<h1 class="govuk-heading-l">Remove me from the panel<\/h1>/)
      assert.match(page.body, /we delete your name and contact details/)
      assert.match(page.body, /What should we do with what you have told us\?/)
      assert.match(page.body, /Keep it, without my name/)
      assert.match(page.body, /Figures we have already published will not change: they are totals and do not show who you are./)
      const empty = await agent.post('/my-record/erase', {})
      assert.equal(empty.statusCode, 400)
      assert.match(empty.body, /<a href="#contributions">Select whether to keep what you told us or delete it<\/a>/)
    })

    it('erases their record and account, signs them out, and confirms', async () => {
      const { agent, participant, userId } = await signedInMember()
      const res = await agent.post('/my-record/erase', { contributions: 'delete' })
      assert.equal(res.statusCode, 303)
      assert.equal(res.headers.location, '/my-record/erased?contributions=deleted')
      assert.equal(await statusOf(participant.id), 'erased')
      assert.deepEqual(await rowsOf(participant.id), { panel_identity: 0, panel_support_need: 0, panel_demographic: 0, panel_seldom_heard_tag: 0 })
      const account = await t.deps.db.selectFrom('app_user').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
      assert.equal(account.status, 'disabled')
      assert.match(account.email, /@erased\.invalid$/)
      assert.deepEqual(published.at(-1), { participantId: participant.id, pseudonym: participant.pseudonym, deleteContributions: true })

      const done = await agent.get(res.headers.location as string)
      assert.equal(done.statusCode, 200)
      assert.match(done.body, /You have left the panel/)
      assert.match(done.body, /We have deleted what you told us as well/)
      assert.ok(!done.body.includes('Signed in as'), 'they are signed out')
      const after = await agent.get('/my-record/erase')
      assert.equal(after.statusCode, 303, 'signed out: asked to sign in again')
      assert.equal(after.headers.location, '/sign-in')
    })

    it('keeps what they said when they choose that', async () => {
      const { agent, participant } = await signedInMember()
      const res = await agent.post('/my-record/erase', { contributions: 'keep' })
      assert.equal(res.headers.location, '/my-record/erased?contributions=kept')
      assert.deepEqual(await rowsOf(participant.id), { panel_identity: 0, panel_support_need: 0, panel_demographic: 2, panel_seldom_heard_tag: 1 })
      assert.match((await agent.get('/my-record/erased?contributions=kept')).body, /We have kept what you told us, without your name/)
    })

    it('answers 404 to someone with a panel role who is not on the panel', async () => {
      const agent = await t.signInAs('core_group_member')
      assert.equal((await agent.get('/my-record/erase')).statusCode, 404)
      assert.equal((await agent.post('/my-record/erase', { contributions: 'delete' })).statusCode, 404)
    })

    it('is refused to staff and visitors', async () => {
      for (const role of ROLES) {
        if (can(role, 'panel:own_record')) continue
        assert.equal((await (await t.signInAs(role)).get('/my-record/erase')).statusCode, 403, role)
      }
      const visitor = t.agent()
      assert.equal((await visitor.get('/my-record/erase')).statusCode, 303)
      assert.equal((await visitor.get('/my-record/erased')).statusCode, 200, 'the confirmation names nobody')
    })
  })
})
