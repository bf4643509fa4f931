// The decisions pages through app.inject: raise a proposal (errors re-render with what was typed), open voting,
// a member votes online, a facilitator records a phone ballot, advice and stakeholder comments shown apart, close
// with a rationale and review date, and the public log (no sign-in) without anyone's ballot.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import type { UserDto } from '../../accounts/index.ts'
import { coreGroupMember } from '../decisions.test-support.ts'

const idFrom = (location: string | string[] | number | undefined) => /\/decisions\/([0-9a-f-]{36})/.exec(String(location))![1]!

describe('decisions pages', () => {
  let t: TestApp
  let core: Agent & { user: UserDto }
  let other: { participantId: string; pseudonym: string }
  let mine: { participantId: string; pseudonym: string }
  let analyst: Agent
  let manager: Agent
  let official: Agent
  let stakeholder: Agent
  let proposalId = ''

  before(async () => {
    t = await createTestApp()
    core = await t.signInAs('core_group_member')
    mine = await coreGroupMember(t.deps, 'Dee Member', core.user.id)
    other = await coreGroupMember(t.deps, 'Eli Member')
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
    official = await t.signInAs('policy_official')
    stakeholder = await t.signInAs('stakeholder')
  })
  after(() => t.close())

  it('raises a proposal: errors say what to fix and keep what was typed', async () => {
    assert.equal((await core.get('/decisions/new')).statusCode, 200)
    const wrong = await core.post('/decisions/new', { title: '', background: 'Because people asked', method: '', quorumMinimum: 'ten', options: 'Yes\nNo' })
    expectFormErrors(wrong, 'Raise a proposal', [
      ['title', 'Enter the proposal in a short sentence'],
      ['method', 'Select how the Core Group will decide'],
      ['quorumMinimum', /whole number/],
    ])
    assert.equal(textareaValue(wrong.body, 'background'), 'Because people asked')
    assert.equal(inputValue(wrong.body, 'quorumMinimum'), 'ten')
    assert.match(textareaValue(wrong.body, 'options') ?? '', /Yes\s+No/)
    const ok = await core.post('/decisions/new', { title: 'Call people back within a day', background: 'Because people asked', method: 'consent', quorumPercent: '50', openToStakeholders: 'yes' })
    assert.equal(ok.statusCode, 303)
    proposalId = idFrom(ok.headers.location)
    const page = await core.get(`/decisions/${proposalId}`)
    assert.match(page.body, /Proposal raised as a draft/)
    assert.match(page.body, /Call people back within a day/)
    assert.deepEqual(tableRows((await analyst.get('/decisions')).body, 'proposals')[0]!.slice(0, 3), ['Call people back within a day', 'Consent with objections', 'Draft'])
  })

  it('takes advice and stakeholder comments apart, labelled', async () => {
    const advice = await official.post(`/decisions/${proposalId}/advice`, { body: '' })
    expectFormErrors(advice, 'Call people back within a day', [['body', 'Enter your advice']])
    assert.equal((await official.post(`/decisions/${proposalId}/advice`, { body: 'This is affordable.' })).statusCode, 303)
    assert.equal((await official.post(`/decisions/${proposalId}/vote`, { choice: 'consent' })).statusCode, 403, 'officials never vote')
    assert.match((await stakeholder.get('/decisions/for-comment')).body, /Call people back within a day/)
    const comment = await stakeholder.post(`/decisions/${proposalId}/comments`, { body: 'We welcome it.' })
    assert.equal(comment.statusCode, 303)
    assert.equal((await stakeholder.get(`/decisions/${proposalId}`)).statusCode, 403)
    const page = (await core.get(`/decisions/${proposalId}`)).body
    const adviceSection = page.slice(page.indexOf('id="advice"'), page.indexOf('id="stakeholders"'))
    const stakeholderSection = page.slice(page.indexOf('id="stakeholders"'))
    assert.match(adviceSection, /This is affordable\./)
    assert.doesNotMatch(adviceSection, /We welcome it/)
    assert.match(stakeholderSection, /Stakeholder: Test stakeholder/)
    assert.match(stakeholderSection, /We welcome it\./)
  })

  it('opens voting; a member votes online; a facilitator records a phone ballot', async () => {
    const noDate = await analyst.post(`/decisions/${proposalId}/open`, { 'closesOn-day': '31', 'closesOn-month': '2', 'closesOn-year': '2030' })
    expectFormErrors(noDate, 'Open voting: Call people back within a day', [['closesOn-day', /real date/]])
    assert.equal(inputValue(noDate.body, 'closesOn-day'), '31')
    const year = new Date().getUTCFullYear() + 1
    assert.equal((await analyst.post(`/decisions/${proposalId}/open`, { 'closesOn-day': '1', 'closesOn-month': '3', 'closesOn-year': String(year) })).statusCode, 303)

    const form = await core.get(`/decisions/${proposalId}`)
    assert.match(form.body, /Send your vote/)
    const missing = await core.post(`/decisions/${proposalId}/vote`, { choice: 'objection', reason: '' })
    expectFormErrors(missing, 'Call people back within a day', [['reason', 'Say what your objection is']])
    assert.match(missing.body, /value="objection" checked/)
    assert.equal((await core.post(`/decisions/${proposalId}/vote`, { choice: 'consent' })).statusCode, 303)
    assert.match((await core.get(`/decisions/${proposalId}`)).body, /You have voted \(online\)/)

    assert.match((await manager.get('/decisions/facilitate')).body, /Call people back within a day/)
    const wrong = await manager.post(`/decisions/${proposalId}/ballots/new`, { pseudonym: 'ZZZZ', channel: '', choice: 'concern', reason: '' })
    expectFormErrors(wrong, 'Record a ballot: Call people back within a day', [
      ['pseudonym', /may vote on this proposal/],
      ['channel', 'Select how the member gave their answer'],
      ['reason', 'Say what your concern is'],
    ])
    assert.equal(inputValue(wrong.body, 'pseudonym'), 'ZZZZ')
    const ok = await manager.post(`/decisions/${proposalId}/ballots/new`, { pseudonym: other.pseudonym, channel: 'phone_facilitated', choice: 'concern', reason: 'Evenings are hard' })
    assert.equal(ok.statusCode, 303)
    assert.deepEqual(tableRows((await analyst.get(`/decisions/${proposalId}`)).body, 'by-channel'), [['At a meeting', '0'], ['Online', '1'], ['By phone, through a facilitator', '1']])
  })

  it('closes with a rationale and review date, and publishes it in the log without anyone’s ballot', async () => {
    const wrong = await core.post(`/decisions/${proposalId}/close`, { rationale: 'We all consent.', 'reviewOn-day': '', 'reviewOn-month': '', 'reviewOn-year': '' })
    expectFormErrors(wrong, 'Close voting and record the decision: Call people back within a day', [['reviewOn-day', 'Enter the review date']])
    assert.equal(textareaValue(wrong.body, 'rationale'), 'We all consent.')
    const year = new Date().getUTCFullYear() + 1
    assert.equal((await core.post(`/decisions/${proposalId}/close`, { rationale: 'We all consent.', 'reviewOn-day': '1', 'reviewOn-month': '9', 'reviewOn-year': String(year) })).statusCode, 303)
    const page = (await core.get(`/decisions/${proposalId}`)).body
    assert.match(page, /id="result">Agreed</)
    assert.match(page, /Evenings are hard/)

    const anyone = t.agent()
    const log = await anyone.get('/decisions/log')
    assert.equal(log.statusCode, 200)
    const rows = tableRows(log.body, 'decision-log')
    assert.equal(rows.length, 1)
    assert.equal(rows[0]![0], 'Call people back within a day')
    assert.equal(rows[0]![1], 'Agreed')
    assert.equal(rows[0]![4], '2 of 2')
    const entry = await anyone.get(`/decisions/log/${proposalId}`)
    assert.equal(entry.statusCode, 200)
    assert.match(entry.body, /We all consent\./)
    assert.deepEqual(tableRows(entry.body, 'by-channel'), [['At a meeting', '0'], ['Online', '1'], ['By phone, through a facilitator', '1']])
    for (const leak of [mine.pseudonym, other.pseudonym, 'Evenings are hard']) assert.ok(!entry.body.includes(leak) && !log.body.includes(leak), leak)
    assert.equal((await anyone.get(`/decisions/${proposalId}`)).headers.location, '/sign-in')
  })
})
