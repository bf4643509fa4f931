import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createProject, takeInEvidence } from '../src/modules/analysis/index.ts'
import { addSession, createActivity } from '../src/modules/engagement/index.ts'
import { captureNotes } from '../src/modules/evidence/index.ts'
import { changeConsents, registerParticipant } from '../src/modules/panel/index.ts'
import { newId } from '../src/platform/ids.ts'
import type { Actor } from '../src/platform/auth/actor.ts'
import { InvitationPage } from './pages/invitation-pages.ts'
import { linkEmailedTo, signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Set-up' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Set-up analyst' }
const TITLE = 'What you told us about applying'

describe('engagement: you said, we did updates', () => {
  let h: Harness
  let projectId = ''
  const pseudonyms: Record<string, string> = {}

  before(async () => {
    h = await startHarness({ spec: 'engagement-updates' })
    const deps = h.server.deps
    const { id: activityId } = await createActivity(deps, MANAGER, {
      roundId: null, kind: 'workshop', title: 'Workshop: applying', purpose: 'To hear what made applying hard.', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const { id: sessionId } = await addSession(deps, MANAGER, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 20, accessibility: '',
    })
    const add = async (name: string, over: Record<string, unknown>, consent = true) => {
      const p = await registerParticipant(deps, MANAGER, { fullName: name, joinedVia: 'phone', preferredChannel: 'email', email: `${name.toLowerCase()}@example.org`, ...over } as never)
      await changeConsents(deps, MANAGER, p.id, [{ purpose: 'contact_research', given: consent }])
      pseudonyms[name] = p.pseudonym
      await captureNotes(deps, MANAGER, sessionId, { kind: 'note', pseudonym: p.pseudonym, body: `The form was too long (${name}).`, notToBeQuoted: false })
    }
    await add('Ann', {})
    await add('Bob', { preferredChannel: 'letter', preferredFormat: 'large_print', address: { line1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' } })
    await add('Eve', {}, false)
    ;({ id: projectId } = await createProject(deps, ANALYST, { title: 'Applying', purpose: 'What made applying hard?', channel: 'workshop', activityId, questionId: '' }))
    await takeInEvidence(deps, ANALYST, projectId)
  })
  after(() => h?.close())

  it('the analyst writes and sends a summary; the panel manager checks who gets it and sends it; anyone reads it', async () => {
    // The analyst: the summaries, an empty summary (every problem), then a good one, checked and sent.
    const { page: analystPage } = await signedInAs(h, 'analyst')
    await analystPage.goto(`${h.server.baseUrl}/analysis/${projectId}/feedback`)
    const summaries = await InvitationPage.verifyOnPage(analystPage, 'You said, we did')
    await summaries.checkAccessibility('you said, we did summaries (none yet)')
    await analystPage.locator('main').getByRole('button', { name: 'Write a summary' }).click()
    const write = await InvitationPage.verifyOnPage(analystPage, /^Write a .you said, we did. summary$/)
    await write.checkAccessibility('write a summary')
    assert.equal(await write.press('Save and check'), 400)
    const wrong = await InvitationPage.verifyOnPage(analystPage, /^Write a .you said, we did. summary$/)
    await wrong.expectErrors([
      { field: 'title', message: 'Enter a title' },
      { field: 'youSaid', message: 'Enter what people told us' },
      { field: 'weDid', message: 'Enter what we did, or will do' },
    ])
    await wrong.checkAccessibility('write a summary (errors)')
    const main = analystPage.locator('main')
    await main.getByLabel('Title', { exact: true }).fill(TITLE)
    await main.getByLabel('You said: what people told us').fill('The form was too long.\n\nYou waited too long for an answer.')
    await main.getByLabel('We did: what we did, or will do').fill('We cut the form to four pages.')
    await wrong.press('Save and check')
    const check = await InvitationPage.verifyOnPage(analystPage, 'Check your summary')
    assert.match(await main.innerText(), /Reading age about \d+/)
    await check.checkAccessibility('check your summary')
    await check.press('Send to the people who took part')
    const sent = await InvitationPage.verifyOnPage(analystPage, TITLE)
    assert.match(await sent.successBanner.innerText(), /Summary sent to the panel manager for 3 people who took part/)
    await sent.checkAccessibility('summary sent')

    // The panel manager: the updates, who gets this one by which channel and who is left out, then send.
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto(`${h.server.baseUrl}/engagement/updates`)
    const list = await InvitationPage.verifyOnPage(page, 'You said, we did: updates')
    await list.checkAccessibility('updates (one ready)')
    await page.locator('main').getByRole('link', { name: TITLE }).click()
    const preview = await InvitationPage.verifyOnPage(page, 'Check who will get this update')
    await preview.checkAccessibility('check who will get this update')
    assert.deepEqual(Object.fromEntries((await preview.tableRows('to-send')).map(r => [r[0], r.slice(1)])), {
      [pseudonyms.Ann!]: ['Email', 'Standard'],
      [pseudonyms.Bob!]: ['Letter', 'Large print'],
    })
    assert.deepEqual(await preview.tableRows('skipped'), [[pseudonyms.Eve!, 'Has not agreed to be contacted about research']])
    await preview.press('Send the update to 2 people')
    const done = await InvitationPage.verifyOnPage(page, TITLE)
    assert.match(await done.successBanner.innerText(), /Update sent: 2 people, 1 sent by email or text, 1 letter to print/)
    await done.checkAccessibility('update sent')
    const rows = Object.fromEntries((await done.tableRows('recipients')).map(r => [r[0], r[2]]))
    assert.deepEqual(rows, { [pseudonyms.Ann!]: 'Sent', [pseudonyms.Bob!]: 'Letter to print' })

    // Ann follows the link in her email: the public page, without signing in, with no names.
    const link = await linkEmailedTo(h, 'ann@example.org', new RegExp(`^${TITLE}$`))
    assert.match(link, /\/updates\/[0-9a-f-]{36}$/)
    const person = await h.newPage()
    await person.goto(link)
    const update = await InvitationPage.verifyOnPage(person, TITLE)
    const text = await person.locator('main').innerText()
    assert.match(text, /You said[\s\S]*The form was too long\.[\s\S]*We did[\s\S]*We cut the form to four pages\./)
    for (const p of Object.values(pseudonyms)) assert.ok(!text.includes(p), 'no pseudonyms on the public page')
    await update.checkAccessibility('a sent update (public)')
    assert.deepEqual(h.problems, [])
  })
})
