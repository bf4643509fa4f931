import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addPrinciple } from '../src/modules/charter/index.ts'
import { addItem, addSection } from '../src/modules/charter/domain/drafting/structure.ts'
import { saveVersion } from '../src/modules/charter/domain/drafting/versions.ts'
import { registerReviewer } from '../src/modules/charter/domain/review/reviewers.ts'
import { coreGroupMember } from '../src/modules/decisions/decisions.test-support.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { formatDate } from '../src/platform/views/nunjucks.ts'
import { CharterJourneyPage as P } from './pages/charter-pages.ts'
import { ForbiddenPage } from './pages/error-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

// Issue 7 item 7: one version of the charter, from the working draft through a review round, the Core Group's
// sign-off decision and the approving body's approval, to the published charter anyone can read.

const SYSTEM = systemActor('charter journey browser tests')
const ORGANISATION = 'Citizens Advice'
const BODY = 'The Northshire Parliament'
const LETTERS = 'We will answer your letters within 10 working days.'
const LISTEN = 'We will listen to you and believe you.'
const ROUND = 'Review of version 1'
const SIGN_OFF = 'Sign off charter version 1'

/** A date `days` from now, as the three numbers of a GOV.UK date input (UK calendar day). */
function ukDate(days = 0): { day: number; month: number; year: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'numeric', year: 'numeric' }).formatToParts(new Date(Date.now() + days * 86_400_000))
  const n = (type: string) => Number(parts.find(p => p.type === type)?.value)
  return { day: n('day'), month: n('month'), year: n('year') }
}

describe('the charter from draft to published: a review round, Core Group sign-off and approval (browser, with axe)', () => {
  let h: Harness
  let phoneMember = ''

  before(async () => {
    h = await startHarness({ spec: 'charter-journey' })
    const deps = h.server.deps
    // The working draft: a section with two commitments, each delivering a principle, and an ask; saved as version 1.
    const dignity = await addPrinciple(deps, SYSTEM, { title: 'Dignity', body: 'We treat you with dignity.' })
    const fairness = await addPrinciple(deps, SYSTEM, { title: 'Fairness', body: 'We treat everyone fairly.' })
    const section = await addSection(deps, SYSTEM, { title: 'Treating you with dignity', introduction: 'Everyone deserves respect.' })
    await addItem(deps, SYSTEM, section.id, 'commitment', { text: LISTEN, principleIds: [dignity.id] })
    await addItem(deps, SYSTEM, section.id, 'commitment', { text: LETTERS, principleIds: [fairness.id] })
    await addItem(deps, SYSTEM, section.id, 'ask', { text: 'Tell us if your circumstances change.' })
    const v1 = await saveVersion(deps, SYSTEM, { note: 'First full draft' })
    assert.equal(v1.number, 1)
    // A second Core Group member who votes by phone; advisors registered for the ombudsman and for staff.
    phoneMember = (await coreGroupMember(deps, 'Phone Member')).pseudonym
    for (const audience of ['ombudsman', 'staff']) {
      const advisor = await h.server.createUser('advisor', { name: `Advisor for ${audience}` })
      await registerReviewer(deps, SYSTEM, { userId: advisor.id, audience, organisation: '' })
    }
  })
  after(() => h?.close())

  it('an official takes version 1 through review and sign-off to approval and publication; anyone reads it', async () => {
    const [official, member, stakeholder, analyst, approver] = await Promise.all([
      signedInAs(h, 'policy_official'),
      signedInAs(h, 'core_group_member', { name: 'Online Member' }),
      signedInAs(h, 'stakeholder', { name: 'Casey Advice' }),
      signedInAs(h, 'analyst'),
      signedInAs(h, 'approver'),
    ])
    await coreGroupMember(h.server.deps, 'Online Member', member.user.id)
    await registerReviewer(h.server.deps, SYSTEM, { userId: stakeholder.user.id, audience: 'stakeholders', organisation: ORGANISATION })
    const o = official.page

    // 1. The official starts the Core Group review of version 1.
    await o.goto('/charter/workflow')
    const start = await P.verifyOnPage(o, 'Charter workflow')
    await start.checkAccessibility('workflow: drafting')
    assert.equal(await start.main.getByLabel('Version 1 (the latest)', { exact: true }).isChecked(), true)
    assert.equal(await start.press('Move to Core Group review'), 200)
    const reviewing = await P.verifyOnPage(o, 'Charter workflow')
    assert.match(await reviewing.successBanner.innerText(), /The charter has moved to “Core Group review”/)
    assert.match(await reviewing.main.locator('#next-needed').innerText(), /Close a review round for the Core Group on version 1/)
    await reviewing.checkAccessibility('workflow: Core Group review, round still needed')

    // 2. One round on version 1 for every gate: the Core Group, stakeholders, the ombudsman and staff. First a mistake.
    await o.goto('/charter/reviews/new')
    const open = await P.verifyOnPage(o, 'Open a review round')
    await open.fill('Title of the round', ROUND)
    await open.choose('Which version is reviewed?', 'Version 1')
    assert.equal(await open.press('Open the round'), 400)
    const wrong = await P.verifyOnPage(o, 'Open a review round')
    await wrong.expectErrors([{ field: 'request' }, { field: 'closesOn-day' }, { field: 'audiences' }])
    assert.equal(await wrong.main.getByLabel('Title of the round', { exact: true }).inputValue(), ROUND)
    await wrong.checkAccessibility('open a review round: errors')
    await wrong.fill('What are you asking reviewers to look at?', 'Does version 1 say what matters to you, in words you can use?')
    await wrong.date('Last day for comments', ukDate(21))
    for (const audience of ['Core Group', 'Stakeholder organisations', 'Ombudsman', 'Staff sounding board']) await wrong.tick(audience)
    await wrong.choose('Which stage of the charter’s workflow does it serve?', 'Core Group review')
    assert.equal(await wrong.press('Open the round'), 200)
    const round = await P.verifyOnPage(o, ROUND)
    assert.match(await round.successBanner.innerText(), /Review round opened/)
    await round.checkAccessibility('review round (official)')
    const roundPath = new URL(o.url()).pathname

    // 3. The Core Group member comments on 1.2 by keyboard; the stakeholder comments on it too.
    const m = member.page
    await m.goto(roundPath)
    const theirs = await P.verifyOnPage(m, ROUND)
    await theirs.checkAccessibility('review round (Core Group member)')
    assert.equal(await theirs.activateByKeyboard(theirs.main.getByRole('link', { name: 'Add a comment on this (1.2)' })), 200)
    const comment = await P.verifyOnPage(m, 'Comment on 1.2')
    await comment.checkAccessibility('comment on 1.2 (Core Group member)')
    await comment.main.getByLabel('Your comment', { exact: true }).focus()
    await m.keyboard.type('Ten working days is too long when you have no money.')
    await m.keyboard.press('Tab')
    assert.equal((await comment.activateByKeyboard(comment.main.getByRole('button', { name: 'Send the comment' }))), 200)
    const commented = await P.verifyOnPage(m, ROUND)
    assert.match(await commented.main.innerText(), /Core Group member — online/)

    const s = stakeholder.page
    await s.goto(roundPath)
    const forStakeholder = await P.verifyOnPage(s, ROUND)
    assert.equal(await forStakeholder.follow('Add a comment on this (1.2)'), 200)
    const stakeholderComment = await P.verifyOnPage(s, 'Comment on 1.2')
    await stakeholderComment.fill('Your comment', 'The people we support need an answer within a week.')
    assert.equal(await stakeholderComment.press('Send the comment'), 200)
    const sent = await P.verifyOnPage(s, ROUND)
    assert.match(await sent.main.innerText(), new RegExp(`Stakeholder: ${ORGANISATION} — online`))
    await sent.checkAccessibility('review round (stakeholder, with their comment)')

    // 4. The official answers and resolves the Core Group member's comment, then closes the round.
    await o.goto(`${roundPath}/comments`)
    const comments = await P.verifyOnPage(o, 'Comments')
    await comments.checkAccessibility('comments (official)')
    const fromMember = comments.main.locator('.govuk-grid-column-two-thirds > div').filter({ hasText: 'Core Group member — online' })
    assert.equal(await fromMember.count(), 1)
    await comments.fill('Your answer to this comment', 'We have changed it to 5 working days in the next version.', fromMember)
    await fromMember.getByLabel('Also mark the comment as resolved', { exact: true }).check()
    assert.equal((await comments.activateByKeyboard(fromMember.getByRole('button', { name: /^Send the answer/ }))), 200)
    const answered = await P.verifyOnPage(o, 'Comments')
    assert.match(await answered.successBanner.innerText(), /Answer sent and comment resolved/)

    await o.goto(roundPath)
    assert.equal(await (await P.verifyOnPage(o, ROUND)).press('Close the round now'), 200)
    const closed = await P.verifyOnPage(o, ROUND)
    assert.match(await closed.main.locator('.govuk-summary-list').innerText(), /Status\s+Closed/)

    await m.goto('/charter/reviews/mine')
    const mine = await P.verifyOnPage(m, 'My comments')
    const said = await mine.main.innerText()
    assert.match(said, /We have changed it to 5 working days in the next version\./)
    assert.match(said, /Answer from The charter team/)
    assert.match(said, /Resolved/)
    await mine.checkAccessibility('my comments with an answer (Core Group member)')

    // 5. The official moves the workflow on, stage by stage, to Core Group sign-off; the stakeholder cannot.
    for (const stage of ['Stakeholder sense-check', 'Advice from the ombudsman and staff', 'Core Group sign-off']) {
      await o.goto('/charter/workflow')
      assert.equal(await (await P.verifyOnPage(o, 'Charter workflow')).press(`Move to ${stage}`), 200)
      assert.match(await (await P.verifyOnPage(o, 'Charter workflow')).successBanner.innerText(), new RegExp(`moved to “${stage}”`))
    }
    const signOff = await P.verifyOnPage(o, 'Charter workflow')
    assert.match(await signOff.main.locator('#where').innerText(), new RegExp(`${SIGN_OFF}: not decided yet`))
    assert.match(await signOff.main.locator('#next-needed').innerText(), /The Core Group has not signed off version 1/)
    await signOff.checkAccessibility('workflow: Core Group sign-off, not decided yet')

    for (const path of ['/charter/workflow', '/charter/workflow/publish', '/charter/approval']) {
      const res = await s.goto(path)
      assert.equal(res?.status(), 403, path)
    }
    await (await ForbiddenPage.verifyOnPage(s)).checkAccessibility('workflow forms refused to a stakeholder')
    // Even with a valid form token (from the sign-out form on the page), moving the workflow is refused.
    const csrf = (await s.locator('input[name="_csrf"]').first().getAttribute('value')) ?? ''
    assert.ok(csrf.length > 0, 'the page carries a form token')
    const refused = await s.request.post('/charter/workflow/forward', { form: { _csrf: csrf, to: 'submitted' }, maxRedirects: 0 })
    assert.equal(refused.status(), 403, 'a stakeholder cannot move the workflow')
    assert.match(await refused.text(), /You do not have permission/)

    // 6. The sign-off decision: the member opens voting and consents; the analyst records the phone vote and closes it.
    await m.goto('/charter/workflow')
    assert.equal(await (await P.verifyOnPage(m, 'Charter workflow')).follow(SIGN_OFF), 200)
    const proposal = await P.verifyOnPage(m, SIGN_OFF)
    await proposal.checkAccessibility('sign-off proposal (draft)')
    const proposalPath = new URL(m.url()).pathname
    assert.equal(await proposal.press('Open voting'), 200)
    const openVoting = await P.verifyOnPage(m, 'Open voting')
    await openVoting.date('What is the last day members can vote?', ukDate(14))
    assert.equal(await openVoting.press('Open voting'), 200)
    const voting = await P.verifyOnPage(m, SIGN_OFF)
    await voting.choose('Your vote', 'I consent')
    assert.equal(await voting.press('Send your vote'), 200)
    const voted = await P.verifyOnPage(m, SIGN_OFF)
    assert.match(await voted.successBanner.innerText(), /Your vote has been recorded/)
    await voted.checkAccessibility('sign-off proposal (open, member voted)')

    const a = analyst.page
    await a.goto(`${proposalPath}/ballots/new`)
    const ballot = await P.verifyOnPage(a, 'Record a ballot')
    await ballot.fill('The member’s pseudonym', phoneMember)
    await ballot.choose('How did they give their answer?', 'By phone, through a facilitator')
    await ballot.choose('Their answer', 'I consent')
    assert.equal(await ballot.press('Record the ballot'), 200)
    assert.match(await (await P.verifyOnPage(a, 'Record a ballot')).successBanner.innerText(), /Ballot recorded for .*by phone/)

    await a.goto(`${proposalPath}/close`)
    const close = await P.verifyOnPage(a, 'Close voting and record the decision')
    await close.checkAccessibility('close voting on the sign-off')
    await close.fill('Why the Core Group decided this', 'Both members consented: version 1 says what the Core Group asked for.')
    await close.date('When will the decision be reviewed?', ukDate(365))
    assert.equal(await close.press('Close voting and record the decision'), 200)
    const decided = await P.verifyOnPage(a, SIGN_OFF)
    assert.equal(await decided.main.locator('#result').innerText(), 'Agreed')

    // 7. Submitted; the approver records the approval (after forgetting to confirm); the official publishes.
    await o.goto('/charter/workflow')
    const adopted = await P.verifyOnPage(o, 'Charter workflow')
    assert.match(await adopted.main.locator('#where').innerText(), new RegExp(`${SIGN_OFF}: adopted`))
    assert.equal(await adopted.press('Move to Submitted for approval'), 200)
    assert.match(await (await P.verifyOnPage(o, 'Charter workflow')).successBanner.innerText(), /moved to “Submitted for approval”/)

    const ap = approver.page
    await ap.goto('/charter/approval')
    const approval = await P.verifyOnPage(ap, 'Record the approval of charter version 1')
    assert.match(await approval.main.locator('#version-text').innerText(), new RegExp(LETTERS))
    await approval.checkAccessibility('record the approval')
    const today = ukDate(0)
    await approval.fill('Which body approved it?', BODY)
    await approval.date('When was it approved?', today)
    assert.equal(await approval.press('Record the approval'), 400)
    const unconfirmed = await P.verifyOnPage(ap, 'Record the approval of charter version 1')
    await unconfirmed.expectErrors([{ field: 'confirmed' }])
    assert.equal(await unconfirmed.main.getByLabel('Which body approved it?', { exact: true }).inputValue(), BODY)
    await unconfirmed.checkAccessibility('record the approval: errors')
    await unconfirmed.tick(`I confirm ${BODY} approved this exact version (version 1)`)
    assert.equal(await unconfirmed.press('Record the approval'), 200)
    await P.verifyOnPage(ap, 'Charter workflow')

    await o.goto('/charter/workflow/publish')
    const publish = await P.verifyOnPage(o, 'Publish charter version 1')
    assert.match(await publish.main.locator('#to-publish').innerText(), new RegExp(`Approved by\\s+${BODY}`))
    await publish.checkAccessibility('publish version 1')
    assert.equal(await publish.press('Publish version 1'), 200)
    const published = await P.verifyOnPage(o, 'Charter workflow')
    assert.match(await published.main.locator('#where').innerText(), /Published/)
    await published.checkAccessibility('workflow: published')

    // 8. Anyone, signed out, reads the charter, downloads its PDF and finds the sign-off in the decision log.
    const visitor = await h.newPage()
    await visitor.goto('/charter')
    const charter = await P.verifyOnPage(visitor, 'Our charter')
    const text = await charter.main.innerText()
    assert.ok(text.includes(LETTERS) && text.includes(LISTEN), 'the commitments are published')
    const approvedOn = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`
    assert.match(text, new RegExp(`Approved by ${BODY} on ${formatDate(approvedOn)}\\.`))
    await charter.checkAccessibility('the published charter (signed out)')
    const pdf = await visitor.request.get('/charter/published/1/charter.pdf')
    assert.equal(pdf.status(), 200)
    assert.equal(pdf.headers()['content-type'], 'application/pdf')

    await visitor.goto('/decisions/log')
    const log = await P.verifyOnPage(visitor, 'Decision log')
    assert.equal(await log.follow(SIGN_OFF), 200)
    const entry = await P.verifyOnPage(visitor, SIGN_OFF)
    const logText = await entry.main.innerText()
    assert.match(logText, /Both members consented/)
    assert.match(logText, /By phone, through a facilitator\s+1/)
    assert.ok(!logText.includes(phoneMember), 'no pseudonym in the public log')
    await entry.checkAccessibility('decision log: the sign-off')
    assert.deepEqual(h.problems, [])
  })
})
