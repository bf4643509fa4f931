import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addSession, createActivity } from '../src/modules/engagement/index.ts'
import { changeConsents, registerParticipant } from '../src/modules/panel/index.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { EvidencePage } from './pages/evidence-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const SYSTEM = systemActor('evidence browser tests')
const WORKSHOP = 'Workshop in Eastport: applying for help with housing costs'

describe('evidence: notes from a session, the list and one item (browser, with axe on every page and error state)', () => {
  let h: Harness
  let sessionId = ''
  let pseudonym = ''

  before(async () => {
    h = await startHarness({ spec: 'evidence' })
    const deps = h.server.deps
    const { id: activityId } = await createActivity(deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: WORKSHOP, purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    ;({ id: sessionId } = await addSession(deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre, Eastport',
      address: '1 Harbour Road, Eastport', joiningDetails: '', capacity: 12, accessibility: 'Step-free access',
    }))
    const p = await registerParticipant(deps, SYSTEM, { fullName: 'Evidence Browser Person', phone: '07700 900456', preferredChannel: 'phone', joinedVia: 'phone', demographics: { area: 'northshire_city' } })
    await changeConsents(deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }, { purpose: 'quotes', given: true }], { channel: 'phone' })
    pseudonym = p.pseudonym
  })
  after(() => h?.close())

  it('an analyst adds notes with a mistake, then correctly, sees them listed and opens one; changes and removes another', async () => {
    const { page } = await signedInAs(h, 'analyst')
    await page.goto(`/engagement/sessions/${sessionId}/notes`)
    const notes = await EvidencePage.verifyOnPage(page, 'Notes and transcripts')
    await notes.checkAccessibility('session notes (none yet)')

    // A typo in the pseudonym and no text.
    await notes.choose('What are you adding?', 'Transcript')
    await notes.fill('Pseudonym (optional)', 'P-ZZZZ99')
    await notes.tick('They asked not to be quoted from this session')
    assert.equal(await notes.press('Add'), 400)
    const wrong = await EvidencePage.verifyOnPage(page, 'Notes and transcripts')
    await wrong.expectErrors([
      { field: 'pseudonym', message: 'No active panel member has the pseudonym P-ZZZZ99' },
      { field: 'body', message: 'Enter the notes or transcript' },
    ])
    assert.equal(await wrong.value('Pseudonym (optional)'), 'P-ZZZZ99', 'nothing typed is lost')
    assert.equal(await wrong.isTicked('They asked not to be quoted from this session'), true)
    await wrong.checkAccessibility('session notes: errors')
    await wrong.expectEachErrorLinkFocusesItsField()

    await wrong.fill('Pseudonym (optional)', pseudonym)
    await wrong.main.getByLabel('They asked not to be quoted from this session', { exact: true }).uncheck()
    await wrong.fill('Notes or transcript', 'I waited six weeks for a reply.\nNobody told me why.')
    assert.equal(await wrong.press('Add'), 200)
    const added = await EvidencePage.verifyOnPage(page, 'Notes and transcripts')
    assert.match(await added.successBanner.innerText(), /Transcript added/)
    await added.choose('What are you adding?', 'Notes')
    await added.fill('Notes or transcript', 'The group said the forms were too long.')
    assert.equal(await added.press('Add'), 200)
    const two = await EvidencePage.verifyOnPage(page, 'Notes and transcripts')
    const rows = await two.tableRows('session-notes')
    assert.deepEqual(rows.map(r => [r[1], r[2]]).sort(), [[pseudonym, 'Yes'], ['The group', 'No']].sort())
    await two.checkAccessibility('session notes (two)')

    // The evidence list, filtered to what may be quoted.
    await two.followNavigationLink('/evidence')
    const list = await EvidencePage.verifyOnPage(page, 'Evidence')
    assert.match(await list.count(), /^2 items/)
    await list.checkAccessibility('evidence list')
    await list.tick('Only what may be quoted')
    await list.select('Channel', 'Workshop')
    assert.equal(await list.press('Apply filters'), 200)
    const filtered = await EvidencePage.verifyOnPage(page, 'Evidence')
    assert.match(await filtered.count(), /^1 item/)
    await filtered.checkAccessibility('evidence list, filtered')

    // One item's provenance.
    assert.equal(await filtered.press(/^Transcript/), 200)
    const item = await EvidencePage.verifyOnPage(page, 'Transcript: workshop')
    assert.equal(await item.summaryValue('Who'), pseudonym)
    assert.equal(await item.summaryValue('May be quoted'), 'Yes, may be quoted')
    assert.equal(await item.summaryValue('Their panel answers at the time'), 'Area: Northshire City')
    assert.match(await item.main.locator('#evidence-body').innerText(), /six weeks for a reply\.\s+Nobody told me why\./)
    await item.checkAccessibility('evidence item')

    // Change it with a mistake, then remove it through the confirm page.
    assert.equal(await item.press('Change this transcript'), 200)
    const change = await EvidencePage.verifyOnPage(page, 'Change transcript')
    await change.checkAccessibility('change transcript')
    await change.fill('Notes or transcript', '')
    assert.equal(await change.press('Save changes'), 400)
    const changeWrong = await EvidencePage.verifyOnPage(page, 'Change transcript')
    await changeWrong.expectErrors([{ field: 'body', message: 'Enter the notes or transcript' }])
    await changeWrong.checkAccessibility('change transcript: errors')
    await changeWrong.fill('Notes or transcript', 'I waited six weeks.')
    assert.equal(await changeWrong.press('Save changes'), 200)
    const changed = await EvidencePage.verifyOnPage(page, 'Transcript: workshop')
    assert.match(await changed.successBanner.innerText(), /Transcript changed/)
    assert.equal(await changed.press('Remove this transcript'), 200)
    const confirm = await EvidencePage.verifyOnPage(page, 'Are you sure you want to remove the transcript?')
    await confirm.checkAccessibility('remove transcript: confirm')
    assert.equal(await confirm.press('Yes, remove it'), 200)
    const left = await EvidencePage.verifyOnPage(page, 'Notes and transcripts')
    assert.deepEqual((await left.tableRows('session-notes')).map(r => r[1]), ['The group'])
  })
})
