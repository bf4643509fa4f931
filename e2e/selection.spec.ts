import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { changeConsents, registerParticipants, setRepresentationTargets, type RegisterParticipantInput } from '../src/modules/panel/index.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { ConfirmPage, CoreGroupPage, DrawPage, NewSelectionPage, QuotasPage, SelectionOverviewPage, SelectionRunPage } from './pages/selection-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const AREAS = [
  ['northshire_city', 'Northshire City'],
  ['eastport', 'Eastport'],
  ['glenmoor', 'Glenmoor'],
  ['westhaven', 'Westhaven'],
  ['the_isles', 'The Isles'],
] as const

/** 40 people: 8 per area, alternately women and men. The last has not agreed to be contacted about research. */
function people(): RegisterParticipantInput[] {
  return Array.from({ length: 40 }, (_, i) => ({
    fullName: `Peregrine Ashdown-${i}`,
    email: `peregrine.ashdown.${i}@example.org`,
    preferredChannel: 'email',
    joinedVia: 'online',
    demographics: { area: AREAS[i % 5]![0], gender: i % 2 === 0 ? 'woman' : 'man' },
  }))
}

describe('fair selection of the Core Group: set up, quotas, chances, draw, confirm, a member leaving, top-up', () => {
  let h: Harness
  /** Pseudonym to [area label, gender label], for everyone who may be selected. */
  const pool = new Map<string, [string, string]>()

  before(async () => {
    h = await startHarness({ spec: 'selection' })
    const deps = h.server.deps
    const system = systemActor('e2e')
    const registered = await registerParticipants(deps, system, people())
    for (const [i, p] of registered.entries()) {
      const contactable = i !== 39
      await changeConsents(deps, system, p.id, [{ purpose: 'contact_research', given: contactable }])
      if (contactable) pool.set(p.pseudonym, [AREAS[i % 5]![1], i % 2 === 0 ? 'Woman' : 'Man'])
    }
    await setRepresentationTargets(deps, system, {
      targets: { area: { northshire_city: 40, eastport: 20, glenmoor: 20, westhaven: 10, the_isles: 10 }, gender: { woman: 50, man: 50 } },
      tolerance: 5,
      attritionMonths: 12,
    })
  })
  after(() => h?.close())

  it('an analyst selects the Core Group by a fair lottery, records a member leaving and tops the group up', async () => {
    const { page, home } = await signedInAs(h, 'analyst')
    await home.followNavigationLink('/selection')
    const overview = await SelectionOverviewPage.verifyOnPage(page)
    await overview.checkAccessibility('selection overview (none yet)')

    // Start a selection: first with mistakes, then correctly.
    assert.equal(await overview.press('Start a new selection'), 200)
    const form = await NewSelectionPage.verifyOnPage(page)
    await form.checkAccessibility('new selection')
    await form.name.fill('')
    await form.size.fill('ten')
    await form.seldomHeard.fill('a few')
    assert.equal(await form.continue(), 400)
    const wrong = await NewSelectionPage.verifyOnPage(page)
    await wrong.expectErrors([
      { field: 'title', message: 'Enter a name for this selection, for example “Core Group 2027”' },
      { field: 'panelSize', message: 'Enter how many people to select, as a whole number from 2 to 200' },
      { field: 'seldomHeardMin', message: /^Enter the smallest number of people from seldom-heard groups/ },
    ])
    assert.equal(await wrong.size.inputValue(), 'ten', 'nothing typed is lost')
    assert.equal(await wrong.seldomHeard.inputValue(), 'a few')
    await wrong.checkAccessibility('new selection: errors')
    await wrong.expectEachErrorLinkFocusesItsField()

    await wrong.name.fill('Core Group 2027')
    await wrong.size.fill('10')
    await wrong.seldomHeard.fill('')
    await wrong.chooseDimensions(['Area', 'Gender'])
    assert.ok(await wrong.algorithm('LEXIMIN (recommended)').isChecked())
    assert.equal(await wrong.continue(), 200)

    // The quotas suggested from the targets: change one, first mistyping another.
    const quotas = await QuotasPage.verifyOnPage(page)
    assert.match(await quotas.successBanner.innerText(), /Selection set up/)
    assert.equal(await quotas.box('Minimum', 'Area', 'Northshire City').inputValue(), '3')
    assert.equal(await quotas.box('Maximum', 'Area', 'Northshire City').inputValue(), '5')
    await quotas.checkAccessibility('quotas')
    await quotas.box('Maximum', 'Area', 'Northshire City').fill('4')
    await quotas.box('Minimum', 'Gender', 'Woman').fill('four')
    assert.equal(await quotas.save(), 400)
    const badQuotas = await QuotasPage.verifyOnPage(page)
    await badQuotas.expectErrors([{ field: 'q-gender-woman-min', message: 'Enter the minimum as a whole number from 0 to 10' }])
    assert.equal(await badQuotas.box('Minimum', 'Gender', 'Woman').inputValue(), 'four')
    assert.equal(await badQuotas.box('Maximum', 'Area', 'Northshire City').inputValue(), '4')
    await badQuotas.checkAccessibility('quotas: errors')
    await badQuotas.expectEachErrorLinkFocusesItsField()
    await badQuotas.box('Minimum', 'Gender', 'Woman').fill('4')
    assert.equal(await badQuotas.save(), 200)

    const draft = await SelectionRunPage.verifyOnPage(page, 'Core Group 2027')
    assert.match(await draft.successBanner.innerText(), /Quotas saved/)
    assert.deepEqual((await draft.tableRows('Quotas for each group'))[0], ['Area: Northshire City', '40%', '8', '3', '4'])
    await draft.checkAccessibility('selection: being set up')

    // Work out the chances: follow the progress until the results show.
    const { page: computed } = await draft.computeAndWait('Core Group 2027', { onProgress: p => p.checkAccessibility('selection: working out the chances') })
    // Northshire City needs 3 of its 8 people; the other 7 places are shared by 31 people: 7 in 31 each at least.
    assert.equal(await computed.summaryValue('Smallest chance of being selected'), '22.6% (about 1 in 4)')
    assert.equal(await computed.summaryValue('People who could be selected'), '39')
    await computed.checkAccessibility('selection: chances worked out')

    // The draw: without a seed, then with one in front of witnesses.
    assert.equal(await computed.press('Go to the draw'), 200)
    const draw = await DrawPage.verifyOnPage(page)
    assert.match(await draw.fingerprint.innerText(), /^[0-9a-f]{64}$/)
    await draw.checkAccessibility('the draw')
    assert.equal(await draw.draw('', 'A. Witness (Ombudsman)'), 400)
    const noSeed = await DrawPage.verifyOnPage(page)
    await noSeed.expectErrors([{ field: 'seed', message: 'Enter the seed: the numbers or words announced for the draw' }])
    assert.equal(await noSeed.witnesses.inputValue(), 'A. Witness (Ombudsman)')
    await noSeed.checkAccessibility('the draw: no seed')
    assert.equal(await noSeed.draw('4 12 19 33 41 52', 'A. Witness (Ombudsman); B. Witness (Core Group 2025)'), 200)
    const drawnPage = await SelectionRunPage.verifyOnPage(page, 'Core Group 2027')
    assert.match(await drawnPage.successBanner.innerText(), /The group has been drawn/)
    assert.equal(await drawnPage.summaryValue('Seed'), '4 12 19 33 41 52')
    const drawn = (await drawnPage.tableRows('The people drawn (10)')).map(r => r[0]!)
    assert.equal(drawn.length, 10)
    assert.ok(drawn.every(p => pool.has(p)))
    assert.ok(!(await page.locator('main').innerText()).includes('Ashdown'), 'people appear by pseudonym only')
    await drawnPage.checkAccessibility('selection: drawn')

    // Confirm: a date that does not exist, then a real one.
    assert.equal(await drawnPage.press('Confirm the Core Group'), 200)
    const confirm = await ConfirmPage.verifyOnPage(page)
    assert.equal(await confirm.confirm(['30', '2', '2026']), 400)
    const badDate = await ConfirmPage.verifyOnPage(page)
    await badDate.expectErrors([{ field: 'startsOn-day', message: 'The date they join the Core Group must be a real date, like 27 3 2027' }])
    assert.equal(await badDate.dateBox('Day').inputValue(), '30')
    await badDate.checkAccessibility('confirm: not a real date')
    assert.equal(await badDate.confirm(['12', '1', '2026']), 200)

    const group = await CoreGroupPage.verifyOnPage(page)
    assert.match(await group.successBanner.innerText(), /10 people have joined the Core Group/)
    const members = await group.members()
    assert.deepEqual(members.map(m => m[0]).sort(), [...drawn].sort())
    for (const m of members) assert.deepEqual(m.slice(1, 3), pool.get(m[0]!), m.join(' | '))
    await group.checkAccessibility('the Core Group')

    // A member leaves: one whose place at least two people never selected, of the same area and gender, can fill (so
    // the top-up works whatever was drawn, and ranks an alternate).
    const leaver = members.find(m => [...pool].filter(([p, v]) => !drawn.includes(p) && v[0] === m[1] && v[1] === m[2]).length >= 2)![0]!
    const leave = await group.recordLeaving(leaver)
    await leave.checkAccessibility('a member leaves')
    assert.equal(await leave.leave({}), 400)
    await leave.expectErrors([
      { field: 'leftOn-day', message: 'Enter the date they left' },
      { field: 'reason', message: 'Select why they left' },
    ])
    await leave.checkAccessibility('a member leaves: errors')
    await leave.expectEachErrorLinkFocusesItsField()
    assert.equal(await leave.leave({ date: ['1', '3', '2026'], reason: 'They chose to leave' }), 200)
    const afterLeaving = await CoreGroupPage.verifyOnPage(page)
    assert.match(await afterLeaving.successBanner.innerText(), new RegExp(`${leaver} has left the Core Group`))
    assert.deepEqual(await afterLeaving.tableRows('Past members'), [[leaver, '12 January 2026', '1 March 2026', 'They chose to leave', 'Not yet']])
    await afterLeaving.checkAccessibility('the Core Group: a place to fill')

    // Top up: chances among people never in the group, a draw and confirmation.
    assert.equal(await afterLeaving.press('Top up the Core Group'), 200)
    const title = 'Top-up: 1 place in Core Group 2027'
    const topUp = await SelectionRunPage.verifyOnPage(page, title)
    assert.equal(await topUp.summaryValue('Replacing'), leaver)
    await topUp.checkAccessibility('top-up: being set up')
    const { page: topUpComputed } = await topUp.computeAndWait(title)
    assert.equal(await topUpComputed.summaryValue('People who could be selected'), '29')
    await topUpComputed.checkAccessibility('top-up: chances worked out')
    assert.equal(await topUpComputed.press('Go to the draw'), 200)
    assert.equal(await (await DrawPage.verifyOnPage(page)).draw('dice: 3 5 1'), 200)
    const topUpDrawn = await SelectionRunPage.verifyOnPage(page, title)
    const [newcomer] = (await topUpDrawn.tableRows('The people drawn (1)')).map(r => r[0]!)
    assert.ok(newcomer && !drawn.includes(newcomer), 'someone never in the group')
    assert.ok((await topUpDrawn.tableRows('Alternates, in order, if another place needs filling')).length > 0)
    await topUpDrawn.checkAccessibility('top-up: drawn, with alternates')
    assert.equal(await topUpDrawn.press('Confirm the Core Group'), 200)
    assert.equal(await (await ConfirmPage.verifyOnPage(page)).confirm(['2', '3', '2026']), 200)
    const toppedUp = await CoreGroupPage.verifyOnPage(page)
    assert.match(await toppedUp.successBanner.innerText(), /1 person has joined the Core Group/)
    assert.match(await page.locator('main').innerText(), /10 of 10 places are filled/)
    assert.ok((await toppedUp.members()).some(m => m[0] === newcomer))
    await toppedUp.checkAccessibility('the Core Group: topped up')
    await toppedUp.followNavigationLink('/selection')
    const listed = await SelectionOverviewPage.verifyOnPage(page)
    assert.deepEqual((await listed.tableRows('Selections, newest first')).map(r => r.slice(0, 2)), [
      ['Top-up: 1 place in Core Group 2027', 'Confirmed'],
      ['Core Group 2027', 'Confirmed'],
    ])
    await listed.checkAccessibility('selection overview (two confirmed)')
    assert.deepEqual(h.problems, [])
  })

  it('works without JavaScript: the progress is followed with "Check progress", and the draw is made', async () => {
    const { page } = await signedInAs(h, 'panel_manager', { javaScriptEnabled: false })
    await page.goto('/selection/new')
    const form = await NewSelectionPage.verifyOnPage(page)
    await form.name.fill('Trial without JavaScript')
    await form.size.fill('5')
    await form.chooseDimensions(['Gender'])
    await form.algorithm('MAXIMIN').check()
    assert.equal(await form.continue(), 200)
    assert.equal(await (await QuotasPage.verifyOnPage(page)).save(), 200)
    const draft = await SelectionRunPage.verifyOnPage(page, 'Trial without JavaScript')
    const { page: computed } = await draft.computeAndWait('Trial without JavaScript', { onProgress: p => p.checkAccessibility('selection: working out the chances (no JavaScript)') })
    await computed.checkAccessibility('selection: chances worked out (no JavaScript)')
    assert.equal(await computed.press('Go to the draw'), 200)
    const draw = await DrawPage.verifyOnPage(page)
    assert.equal(await draw.draw(''), 400)
    const noSeed = await DrawPage.verifyOnPage(page)
    await noSeed.expectErrors([{ field: 'seed', message: 'Enter the seed: the numbers or words announced for the draw' }], { summaryFocused: false })
    await noSeed.checkAccessibility('the draw: no seed (no JavaScript)')
    assert.equal(await noSeed.draw('7 7 7'), 200)
    const drawn = await SelectionRunPage.verifyOnPage(page, 'Trial without JavaScript')
    assert.equal((await drawn.tableRows('The people drawn (5)')).length, 5)
    await drawn.checkAccessibility('selection: drawn (no JavaScript)')
    assert.deepEqual(h.problems, [])
  })
})
