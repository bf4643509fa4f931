// The review pages with the whole app, without JavaScript: registering a stakeholder, opening a round (errors in the
// GOV.UK pattern, nothing typed lost), the text with its numbered parts, commenting on one part by its own form,
// staff entering a phone comment, answering and resolving, the commenter reading the answer, and the review pack.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import type { UserDto } from '../../../../accounts/index.ts'
import { registerParticipant } from '../../../../panel/index.ts'
import { insertTestVersion } from '../../../domain/review/review.test-support.ts'

const SYSTEM = systemActor('review page tests')

function inDays(days: number): { day: string; month: string; year: string } {
  const d = new Date(Date.now() + days * 86_400_000)
  return { day: String(d.getUTCDate()), month: String(d.getUTCMonth() + 1), year: String(d.getUTCFullYear()) }
}

describe('the charter review pages', () => {
  let t: TestApp
  let policy: Agent & { user: UserDto }
  let stakeholder: Agent & { user: UserDto }
  let core: Agent & { user: UserDto }
  let member: Agent
  let versionNumber = 0
  let roundId = ''
  let commentId = ''
  let pseudonym = ''

  before(async () => {
    t = await createTestApp()
    policy = await t.signInAs('policy_official')
    stakeholder = await t.signInAs('stakeholder')
    core = await t.signInAs('core_group_member')
    member = await t.signInAs('panel_member')
    ;({ number: versionNumber } = await insertTestVersion(t.database.db))
    pseudonym = (await registerParticipant(t.deps, SYSTEM, { fullName: 'Paper Reviewer', phone: '07700 900333', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })).pseudonym
  })
  after(() => t.close())

  it('tells an unregistered stakeholder whom to ask, and refuses a panel member (reviews are not theirs)', async () => {
    const page = await stakeholder.get('/charter/reviews')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Ask the charter team to register you as a reviewer/)
    const other = await member.get('/charter/reviews')
    assert.equal(other.statusCode, 403)
  })

  it('registers a stakeholder for their organisation, refusing an empty organisation', async () => {
    const list = await policy.get('/charter/reviewers')
    assert.equal(list.statusCode, 200)
    const row = tableRows(list.body, 'reviewers').find(r => r[0]!.includes(stakeholder.user.displayName))
    assert.match(row![2]!, /Not registered/)
    const bad = await policy.post(`/charter/reviewers/${stakeholder.user.id}`, { organisation: '  ' })
    expectFormErrors(bad, `Register ${stakeholder.user.displayName} as a reviewer`, [['organisation', 'Enter the organisation this stakeholder speaks for']])
    const ok = await policy.post(`/charter/reviewers/${stakeholder.user.id}`, { organisation: 'Citizens Advice' })
    assert.equal(ok.statusCode, 303)
    const after = await policy.get('/charter/reviewers')
    assert.ok(tableRows(after.body, 'reviewers').some(r => r[2] === 'Stakeholder: Citizens Advice'))
  })

  it('opens a round: every problem named, nothing typed lost, then the text laid out with numbered parts', async () => {
    const form = await policy.get('/charter/reviews/new')
    assert.equal(form.statusCode, 200)
    assert.match(form.body, new RegExp(`Version ${versionNumber}`))
    const bad = await policy.post('/charter/reviews/new', { title: 'Sense-check of version 1', request: '', 'closesOn-day': '1', 'closesOn-month': '1', 'closesOn-year': '2020', stage: '' })
    expectFormErrors(bad, 'Open a review round', [
      ['version', 'Choose the version to review'],
      ['request', 'Enter what you are asking reviewers to look at'],
      ['closesOn-day', 'The closing date must be in the future'],
      ['audiences', 'Choose who is asked to review: at least one group'],
    ])
    assert.equal(inputValue(bad.body, 'title'), 'Sense-check of version 1')
    assert.equal(inputValue(bad.body, 'closesOn-year'), '2020')
    const date = inDays(30)
    const ok = await policy.post('/charter/reviews/new', {
      version: String(versionNumber),
      title: 'Sense-check of version 1',
      request: 'Does this work for the people you support?',
      'closesOn-day': date.day,
      'closesOn-month': date.month,
      'closesOn-year': date.year,
      audiences: ['core_group', 'stakeholders'],
      stage: 'stakeholder_sense_check',
    })
    assert.equal(ok.statusCode, 303)
    roundId = ok.headers.location!.split('/').pop()!
    const page = await policy.get(`/charter/reviews/${roundId}`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /Review round opened/)
    assert.match(page.body, /<span class="charter-review-number">1\.2<\/span>/)
    assert.match(page.body, /We will answer your letters within 10 working days\./)
    assert.match(page.body, new RegExp(`href="/charter/reviews/${roundId}/pack.pdf"`))
  })

  it('lets a stakeholder comment on one part by its own form, re-showing what they typed when it is wrong', async () => {
    const round = await stakeholder.get(`/charter/reviews/${roundId}`)
    assert.equal(round.statusCode, 200)
    assert.match(round.body, new RegExp(`href="/charter/reviews/${roundId}/comment\\?on=letters"`))
    const form = await stakeholder.get(`/charter/reviews/${roundId}/comment?on=letters`)
    assert.equal(form.statusCode, 200)
    assert.match(form.body, /<h1 class="govuk-heading-l">Comment on 1\.2<\/h1>/)
    assert.match(form.body, /Stakeholder: Citizens Advice — online/)
    const long = 'x'.repeat(5001)
    const bad = await stakeholder.post(`/charter/reviews/${roundId}/comment`, { on: 'letters', body: long })
    expectFormErrors(bad, 'Comment on 1.2', [['body', 'Your comment must be 5,000 characters or fewer']])
    assert.equal(textareaValue(bad.body, 'body'), long)
    assert.match(bad.body, /name="on" value="letters"/)
    const ok = await stakeholder.post(`/charter/reviews/${roundId}/comment`, { on: 'letters', body: 'Ten days is too long.' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, `/charter/reviews/${roundId}#part-letters`)
    const after = await stakeholder.get(`/charter/reviews/${roundId}`)
    assert.match(after.body, /Stakeholder: Citizens Advice — online/)
    assert.match(after.body, /Ten days is too long\./)
  })

  it('lets staff enter a Core Group member’s phone comment by pseudonym', async () => {
    const bad = await policy.post(`/charter/reviews/${roundId}/enter`, { audience: 'core_group', pseudonym: 'NOT-A-PERSON', on: '', body: 'Keep it short.' })
    expectFormErrors(bad, `Enter a comment: Sense-check of version 1`, [
      ['pseudonym', 'There is no active panel member with that pseudonym: check it and try again'],
      ['channel', 'Choose how the comment was given: on paper, by phone, at a meeting or by email'],
      ['on', 'Choose the part of the charter your comment is about'],
    ])
    assert.equal(textareaValue(bad.body, 'body'), 'Keep it short.')
    const ok = await policy.post(`/charter/reviews/${roundId}/enter`, { audience: 'core_group', pseudonym, channel: 'phone', on: 'title', body: 'Keep it short.' })
    assert.equal(ok.statusCode, 303)
    const page = await core.get(`/charter/reviews/${roundId}`)
    assert.match(page.body, /Core Group member — by phone, entered by staff/)
  })

  it('lists every comment with filters, answers and resolves one; the stakeholder reads the answer', async () => {
    const list = await policy.get(`/charter/reviews/${roundId}/comments?audience=stakeholders`)
    assert.equal(list.statusCode, 200)
    commentId = /id="comment-([0-9a-f-]{36})"/.exec(list.body)![1]!
    assert.doesNotMatch(list.body, /by phone, entered by staff/)
    assert.match((await policy.get(`/charter/reviews/${roundId}/comments?channel=phone`)).body, /Core Group member — by phone, entered by staff/)
    assert.equal((await stakeholder.get(`/charter/reviews/${roundId}/comments`)).statusCode, 403)

    const bad = await policy.post(`/charter/comments/${commentId}/respond`, { response: ' ', resolve: 'yes', 'filter-audience': 'stakeholders' })
    expectFormErrors(bad, 'Comments: Sense-check of version 1', [[`response-${commentId}`, 'Enter your answer to the comment']])
    assert.match(bad.body, new RegExp(`id="resolve-${commentId}" name="resolve" type="checkbox" value="yes" checked`))
    const ok = await policy.post(`/charter/comments/${commentId}/respond`, { response: 'We will make it 5 working days.', resolve: 'yes', 'filter-audience': 'stakeholders' })
    assert.equal(ok.statusCode, 303)
    assert.equal(ok.headers.location, `/charter/reviews/${roundId}/comments?audience=stakeholders#comment-${commentId}`)

    const mine = await stakeholder.get('/charter/reviews/mine')
    assert.equal(mine.statusCode, 200)
    assert.match(mine.body, /We will make it 5 working days\./)
    assert.match(mine.body, /Answer from The charter team \(Policy official\)/)
    assert.match(mine.body, /Resolved/)
    const reopened = await policy.post(`/charter/comments/${commentId}/reopen`, {})
    assert.equal(reopened.statusCode, 303)
  })

  it('prints the review pack as a PDF; hides a Core Group-only round from stakeholders', async () => {
    const pdf = await policy.get(`/charter/reviews/${roundId}/pack.pdf`)
    assert.equal(pdf.statusCode, 200)
    assert.equal(pdf.headers['content-type'], 'application/pdf')
    assert.ok(pdf.rawPayload.subarray(0, 8).toString('latin1').startsWith('%PDF-1.7'))
    const date = inDays(10)
    const coreOnly = await policy.post('/charter/reviews/new', {
      version: String(versionNumber), title: 'Core Group only', request: 'For you.', 'closesOn-day': date.day, 'closesOn-month': date.month, 'closesOn-year': date.year, audiences: 'core_group', stage: '',
    })
    const id = coreOnly.headers.location!.split('/').pop()!
    assert.equal((await stakeholder.get(`/charter/reviews/${id}`)).statusCode, 404)
    assert.doesNotMatch((await stakeholder.get('/charter/reviews')).body, /Core Group only/)
    assert.match((await core.get('/charter/reviews')).body, /Core Group only/)
    const closed = await policy.post(`/charter/reviews/${id}/close`, {})
    assert.equal(closed.statusCode, 303)
    const form = await core.get(`/charter/reviews/${id}/comment?on=title`)
    assert.match(form.body, /no more comments can be added/)
    assert.doesNotMatch(form.body, /name="body"/)
  })
})
