import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { changeConsents, changeParticipantStatus, registerParticipant } from '../src/modules/panel/index.ts'
import { createActivity } from '../src/modules/engagement/index.ts'
import { newId } from '../src/platform/ids.ts'
import type { Actor } from '../src/platform/auth/actor.ts'
import { InvitationPage } from './pages/invitation-pages.ts'
import { linkEmailedTo, signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Set-up' }
const TITLE = 'Workshop: applying for help'

describe('engagement: invitations and replies', () => {
  let h: Harness
  let activityId = ''
  const pseudonyms: Record<string, string> = {}

  before(async () => {
    h = await startHarness({ spec: 'engagement-invitations' })
    const deps = h.server.deps
    const add = async (name: string, over: Record<string, unknown>, consent = true) => {
      const p = await registerParticipant(deps, MANAGER, { fullName: name, joinedVia: 'phone', preferredChannel: 'email', email: `${name.toLowerCase()}@example.org`, ...over } as never)
      await changeConsents(deps, MANAGER, p.id, [{ purpose: 'contact_research', given: consent }])
      pseudonyms[name] = p.pseudonym
      return p
    }
    await add('Ann', { supportNeeds: [{ need: 'bsl_interpreter' }, { need: 'travel' }] })
    await add('Bob', { preferredChannel: 'letter', preferredFormat: 'large_print', address: { line1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' } })
    await add('Eve', {}, false)
    const fay = await add('Fay', {})
    await changeParticipantStatus(deps, MANAGER, { participantId: fay.id, status: 'withdrawn' })
    await add('Cat', { preferredChannel: 'text', phone: '07700 900 982' })
    ;({ id: activityId } = await createActivity(deps, MANAGER, {
      roundId: null, kind: 'workshop', title: TITLE, purpose: 'To hear what made applying hard.', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    }))
  })
  after(() => h?.close())

  it('the panel manager previews who is invited and who is left out (and why), sends, and the person replies through the link', async () => {
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto(`${h.server.baseUrl}/engagement/activities/${activityId}/invitations`)
    const empty = await InvitationPage.verifyOnPage(page, 'Invitations')
    await empty.checkAccessibility('invitations (none yet)')

    await page.goto(`${h.server.baseUrl}/engagement/activities/${activityId}/invitations/new`)
    const choose = await InvitationPage.verifyOnPage(page, 'Invite people')
    await choose.checkAccessibility('invite people')
    // A selection with nothing ticked: the error.
    await choose.choose('A selection of the panel')
    assert.equal(await choose.press('Check who will be invited'), 400)
    const wrong = await InvitationPage.verifyOnPage(page, 'Invite people')
    await wrong.expectErrors([{ field: 'selection', message: 'Select at least one answer or seldom-heard group to choose who to invite' }])
    await wrong.checkAccessibility('invite people (error)')

    await wrong.choose('The whole panel')
    await wrong.press('Check who will be invited')
    const preview = await InvitationPage.verifyOnPage(page, 'Check who will be invited')
    await preview.checkAccessibility('check who will be invited')
    const invited = await preview.tableRows('to-invite')
    assert.deepEqual(invited.map(r => r[0]).sort(), [pseudonyms.Ann, pseudonyms.Bob].sort())
    assert.deepEqual(invited.find(r => r[0] === pseudonyms.Bob)?.slice(1), ['Letter', 'Large print'])
    const skipped = Object.fromEntries((await preview.tableRows('skipped')).map(r => [r[0], r[1]]))
    assert.deepEqual(skipped, {
      [pseudonyms.Cat!]: 'Text messages are not set up',
      [pseudonyms.Eve!]: 'Has not agreed to be contacted about research',
      [pseudonyms.Fay!]: 'Has left the panel',
    })

    await preview.press('Send 2 invitations')
    const list = await InvitationPage.verifyOnPage(page, 'Invitations')
    assert.match(await list.successBanner.innerText(), /Invitations sent: 2 invited, 1 sent by email or text, 1 letter to print/)
    await list.checkAccessibility('invitations (sent)')
    const rows = await list.tableRows('invitations')
    assert.equal(rows.length, 2)
    assert.ok(rows.some(r => r[0] === pseudonyms.Ann && r[2] === 'Email' && r[3] === 'Sent' && r[5] === 'No reply yet'))
    assert.ok(rows.some(r => r[0] === pseudonyms.Bob && r[2] === 'Letter (Large print)' && r[3] === 'Letter to print'))

    // The person follows the link in their email (no sign-in), first leaving out what they need this time.
    const link = await linkEmailedTo(h, 'ann@example.org', /Invitation: Workshop/)
    const person = await h.newPage()
    await person.goto(link)
    const reply = await InvitationPage.verifyOnPage(person, TITLE)
    await reply.checkAccessibility('reply to an invitation')
    assert.equal(await reply.press('Send reply'), 400)
    const replyWrong = await InvitationPage.verifyOnPage(person, TITLE)
    await replyWrong.expectErrors([{ field: 'reply', message: 'Select yes if you can take part, or no if you cannot' }])
    await replyWrong.checkAccessibility('reply to an invitation (error: no answer)')
    await replyWrong.choose('Yes, I can take part')
    assert.equal(await replyWrong.press('Send reply'), 400)
    const needsWrong = await InvitationPage.verifyOnPage(person, TITLE)
    await needsWrong.expectErrors([{ field: 'needs', message: 'Select the support you need this time, or ‘None of these’' }])
    await needsWrong.checkAccessibility('reply to an invitation (error: support)')
    await needsWrong.choose('Help with travel')
    await needsWrong.press('Send reply')
    const thanks = await InvitationPage.verifyOnPage(person, 'Thank you for replying')
    assert.match(await person.locator('main').innerText(), /Thank you for replying[\s\S]*Help with travel/)
    await thanks.checkAccessibility('reply sent')

    // Back on the list, the reply is shown; the letter's reply is taken by phone.
    await page.reload()
    const after = await InvitationPage.verifyOnPage(page, 'Invitations')
    const ann = (await after.tableRows('invitations')).find(r => r[0] === pseudonyms.Ann)!
    assert.deepEqual([ann[5], ann[6]], ['Accepted', 'Help with travel'])
    await page.locator('main').getByRole('link', { name: `Record a phone reply for ${pseudonyms.Bob}` }).click()
    const phone = await InvitationPage.verifyOnPage(page, 'Record a reply taken by phone')
    await phone.checkAccessibility('record a phone reply')
    assert.equal(await phone.press('Save reply'), 400)
    const phoneWrong = await InvitationPage.verifyOnPage(page, 'Record a reply taken by phone')
    await phoneWrong.expectErrors([{ field: 'reply' }])
    await phoneWrong.checkAccessibility('record a phone reply (error)')
    await phoneWrong.choose('No, they cannot take part')
    await phoneWrong.press('Save reply')
    const done = await InvitationPage.verifyOnPage(page, 'Invitations')
    const bob = (await done.tableRows('invitations')).find(r => r[0] === pseudonyms.Bob)!
    assert.equal(bob[5], 'Declined (by phone)')
    assert.deepEqual(h.problems, [])
  })
})
