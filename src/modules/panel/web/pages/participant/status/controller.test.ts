import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../../platform/auth/actor.ts'
import { ROLES } from '../../../../../../platform/auth/roles.ts'
import { can } from '../../../../../../platform/auth/permissions.ts'
import { registerParticipant } from '../../../../domain/register-participant.ts'

describe('leaving the panel and coming back: /panel/participants/:participantId/status', () => {
  let t: TestApp
  let member: { id: string; pseudonym: string }
  const url = () => `/panel/participants/${member.id}/status`
  const statusOf = async () =>
    (await t.deps.db.withTables<{ panel_participant: { id: string; status: string } }>().selectFrom('panel_participant').select('status').where('id', '=', member.id).executeTakeFirstOrThrow()).status

  before(async () => {
    t = await createTestApp({ env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' } })
    member = await registerParticipant(t.deps, systemActor('test'), { fullName: 'Ivo Leaving', phone: '07700 900321', preferredChannel: 'phone', joinedVia: 'phone' })
  })
  after(() => t.close())

  it('asks whether they are still on the panel, with the current answer chosen', async () => {
    const agent = await t.signInAs('panel_manager')
    const res = await agent.get(url())
    assert.equal(res.statusCode, 200)
    assert.match(res.body, new RegExp(`Is ${member.pseudonym} still on the panel\\?`))
    assert.match(res.body, /<input class="govuk-radios__input" id="status" name="status" type="radio" value="active" checked>/)
  })

  it('shows an error when nothing is chosen, then records that they left, then brings them back', async () => {
    const agent = await t.signInAs('panel_manager')
    const empty = await agent.post(url(), {})
    assert.equal(empty.statusCode, 400)
    assert.match(empty.body, /<title>Error: /)
    assert.match(empty.body, /<a href="#status">Select whether they are still on the panel<\/a>/)
    assert.match(empty.body, /govuk-error-message/)

    const nonsense = await agent.post(url(), { status: 'erased' })
    assert.equal(nonsense.statusCode, 400, 'erasing is not done here')

    const left = await agent.post(url(), { status: 'withdrawn' })
    assert.equal(left.statusCode, 303)
    assert.equal(left.headers.location, `/panel/participants/${member.id}`)
    assert.equal(await statusOf(), 'withdrawn')
    const page = await agent.get(`/panel/participants/${member.id}`)
    assert.match(page.body, new RegExp(`${member.pseudonym} has left the panel. Nobody will contact them.`), 'the success message')
    assert.match(page.body, /Do not contact them about anything/)
    assert.match(page.body, /Left the panel/)
    assert.match(page.body, /Bring them back to the panel/)

    const back = await agent.post(url(), { status: 'active' })
    assert.equal(back.statusCode, 303)
    assert.equal(await statusOf(), 'active')
    assert.match((await agent.get(`/panel/participants/${member.id}`)).body, /is back on the panel/)
  })

  it('is only for the panel manager', async () => {
    for (const role of ROLES) {
      if (can(role, 'panel:edit')) continue
      const agent = await t.signInAs(role)
      assert.equal((await agent.get(url())).statusCode, 403, role)
      assert.equal((await agent.post(url(), { status: 'withdrawn' })).statusCode, 403, role)
    }
    assert.equal(await statusOf(), 'active')
  })
})
