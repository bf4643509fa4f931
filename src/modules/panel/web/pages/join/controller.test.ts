import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { linkIn } from '../../../../../../test/support/smtp.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { getUser } from '../../../../accounts/index.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { findParticipantByUserId } from '../../../data/participant-update.repository.ts'
import { getConsentHistory } from '../../../domain/consent-queries.ts'
import { DEFAULT_PANEL_CATALOGUE } from '../../../domain/catalogue.ts'

const SYSTEM = systemActor('test')
const DIMENSIONS = DEFAULT_PANEL_CATALOGUE.dimensions.map(d => d.key)

/** The error summary's links, as "#field: message". */
function summaryOf(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]+)<\/a>/g)].map(m => `${m[1]}: ${m[2]!.trim().replace(/&quot;/g, '"').replace(/&#39;/g, "'")}`)
}

const CONSENTS = {
  'consent-contact_research': 'yes',
  'version-contact_research': '1',
  'consent-quotes': 'no',
  'version-quotes': '1',
  'consent-special_category': 'yes',
  'version-special_category': '1',
  'consent-recordings': 'no',
  'version-recordings': '1',
}

describe('joining the panel online (/join)', () => {
  let t: TestApp
  let serial = 0
  before(async () => {
    t = await createTestApp({ env: { PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: '1000' } })
  })
  after(() => t.close())

  async function post(agent: Agent, url: string, form: Record<string, string | string[]>, status = 303) {
    const res = await agent.post(url, { action: 'continue', ...form })
    assert.equal(res.statusCode, status, `${url}: ${res.statusCode}\n${summaryOf(res.body).join('\n')}`)
    return res
  }

  /** Walk the journey from the name page to the check page, as a browser would. */
  async function walk(agent: Agent, email: string) {
    await agent.get('/join/name')
    assert.equal((await post(agent, '/join/name', { fullName: 'Rosalind Joinpage' })).headers.location, '/join/contact')
    assert.equal((await post(agent, '/join/contact', { email, phone: '', addressLine1: '', addressLine2: '', addressTown: '', addressPostcode: '' })).headers.location, '/join/preferences')
    assert.equal((await post(agent, '/join/preferences', { preferredChannel: 'email', preferredFormat: 'large_print' })).headers.location, '/join/about')
    for (const [i, key] of DIMENSIONS.entries()) {
      const answer: Record<string, string | string[]> = key === 'area' ? { 'answer-area': 'westhaven' } : key === 'long_term_condition' ? { 'answer-long_term_condition': ['mobility', 'sight_loss'] } : {}
      const res = await post(agent, `/join/about/${key}`, answer)
      assert.equal(res.headers.location, i + 1 < DIMENSIONS.length ? `/join/about/${DIMENSIONS[i + 1]}` : '/join/support')
    }
    assert.equal((await post(agent, '/join/support', { needs: ['quiet_room', 'travel'], 'needDetail-travel': 'Help with a taxi' })).headers.location, '/join/consent')
    assert.equal((await post(agent, '/join/consent', CONSENTS)).headers.location, '/join/check')
  }

  it('starts with a page that explains joining, and works for anyone not signed in', async () => {
    const res = await t.agent().get('/join')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-xl">Join our panel<\/h1>/)
    assert.match(res.body, /href="\/join\/name"[^>]*govuk-button--start|govuk-button--start[^>]*href="\/join\/name"/)
    assert.match(res.body, /<a class="govuk-service-navigation__link" href="\/join" aria-current="page">[\s\S]*?Join the panel/, 'the navigation offers it to visitors')

    const signedIn = await t.signInAs('analyst')
    const mine = await signedIn.get('/join')
    assert.match(mine.body, /To join the panel yourself, sign out first/)
    assert.doesNotMatch(mine.body, /Start now/)
    assert.equal((await signedIn.get('/join/name')).headers.location, '/join')
    assert.equal((await signedIn.post('/join/name', { fullName: 'X' })).headers.location, '/join')
  })

  it('asks one question a page, shows GOV.UK errors and keeps what was typed', async () => {
    const agent = t.agent()
    const name = await post(agent, '/join/name', { fullName: '   ' }, 400)
    assert.deepEqual(summaryOf(name.body), ['#fullName: Enter your full name'])
    assert.match(name.body, /<title>Error: What is your full name\?/)

    await post(agent, '/join/name', { fullName: 'Tobias Errorsome' })
    const contact = await post(agent, '/join/contact', { email: 'tobias@', phone: '12345', addressLine1: '', addressTown: 'Eastport', addressPostcode: '' }, 400)
    assert.deepEqual(summaryOf(contact.body), [
      '#email: Enter an email address in the correct format, like name@example.com',
      '#phone: Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
      '#addressLine1: Enter the first line of the address',
      '#addressPostcode: Enter the postcode',
    ])
    assert.match(contact.body, /value="tobias@"/)
    assert.match(contact.body, /value="12345"/)
    assert.match(contact.body, /value="Eastport"/)
    // What they typed is kept even if they leave now: the page shows it again.
    assert.match((await agent.get('/join/contact')).body, /value="tobias@"/)

    await post(agent, '/join/contact', { phone: '07700 900321' })
    const prefs = await agent.get('/join/preferences')
    assert.doesNotMatch(prefs.body, /value="email"/, 'only the ways we have details for are offered')
    assert.match(prefs.body, /value="text"/)
    const noChoice = await post(agent, '/join/preferences', { preferredFormat: 'another_language' }, 400)
    assert.deepEqual(summaryOf(noChoice.body), ['#preferredChannel: Select how you would like us to contact you', '#preferredLanguage: Enter the language you would like us to use'])
    const emailWithoutOne = await post(agent, '/join/preferences', { preferredChannel: 'email', preferredFormat: 'standard' }, 400)
    assert.match(summaryOf(emailWithoutOne.body)[0]!, /You have not given an email address/)

    const ltc = await post(agent, '/join/about/long_term_condition', { 'answer-long_term_condition': ['mobility', 'prefer_not_to_say'] }, 400)
    assert.deepEqual(summaryOf(ltc.body), ['#answer-long_term_condition: "Prefer not to say" cannot be chosen with another answer'])
    assert.match(ltc.body, /value="mobility" checked/)
    assert.equal((await post(agent, '/join/about/long_term_condition', {})).headers.location, '/join/about/caring', 'a question can be skipped')
    assert.equal((await agent.get('/join/about/shoe_size')).statusCode, 404)

    const support = await post(agent, '/join/support', { needs: 'other', 'needDetail-other': '' }, 400)
    assert.deepEqual(summaryOf(support.body), ['#needDetail-other: Enter details of the support you need (something else)'])

    const consent = await post(agent, '/join/consent', { 'consent-quotes': 'yes' }, 400)
    assert.deepEqual(summaryOf(consent.body), [
      '#consent-contact_research: Select that you agree to us contacting you about research. You need to agree to this to join the panel',
      '#consent-special_category: Select yes if we can keep information about your health, disability and ethnic group, or no if we cannot',
      '#consent-recordings: Select yes if we can record what you say, or no if we cannot',
    ])
    assert.match(consent.body, /id="consent-quotes" name="consent-quotes" type="radio" value="yes" checked/)
    assert.match(consent.body, /We can use things you say or write/, 'each wording is shown')
  })

  it('goes to the first unanswered page before "check your answers", and Change links come back to it', async () => {
    const agent = t.agent()
    await post(agent, '/join/name', { fullName: 'Half Done' })
    const check = await agent.get('/join/check')
    assert.equal(check.headers.location, '/join/contact')

    serial += 1
    const other = t.agent()
    await walk(other, `change.person.${serial}@example.org`)
    const page = await other.get('/join/name?change=1')
    assert.match(page.body, /action="\/join\/name\?change=1"/)
    assert.match(page.body, /<a href="\/join\/check" class="govuk-back-link">Back<\/a>/)
    assert.equal((await post(other, '/join/name?change=1', { fullName: 'Rosalind Changed' })).headers.location, '/join/check')
    assert.match((await other.get('/join/check')).body, /Rosalind Changed/)

    // Taking away the email address when email is the way to contact them: asked again, then back to the check.
    assert.equal((await post(other, '/join/contact?change=1', { email: '', phone: '07700 900765' })).headers.location, '/join/check')
    assert.equal((await other.get('/join/check')).headers.location, '/join/preferences?change=1')
    assert.equal((await post(other, '/join/preferences?change=1', { preferredChannel: 'text', preferredFormat: 'standard' })).headers.location, '/join/check')
    assert.equal((await other.get('/join/check')).statusCode, 200)
  })

  it('checks the answers, then joins: participant, consents, a linked account, an email; the draft was encrypted', async () => {
    serial += 1
    const email = `rosalind.joinpage.${serial}@example.org`
    const agent = t.agent()
    await walk(agent, email)

    const drafts = await t.deps.db.withTables<{ panel_join_draft: { id: string; answers_enc: string } }>().selectFrom('panel_join_draft').selectAll().execute()
    assert.ok(drafts.length > 0)
    for (const d of drafts) for (const s of ['Rosalind', email, 'taxi']) assert.ok(!d.answers_enc.includes(s), `the draft table shows ${s}`)

    const check = await agent.get('/join/check')
    assert.equal(check.statusCode, 200)
    for (const s of ['Rosalind Joinpage', email, 'Large print', 'Westhaven', 'Physical or mobility impairment<br>Blind or partially sighted', 'Help with travel: Help with a taxi', 'A quiet room']) {
      assert.ok(check.body.includes(s), `check your answers shows ${s}`)
    }
    assert.match(check.body, /href="\/join\/about\/area\?change=1"/)
    assert.match(check.body, /Change<span class="govuk-visually-hidden"> your name<\/span>/)

    const joined = await agent.post('/join/check')
    assert.equal(joined.statusCode, 303)
    assert.equal(joined.headers.location, '/join/confirmation')
    const confirmation = await agent.get('/join/confirmation')
    assert.match(confirmation.body, /You have joined the panel/)
    assert.match(confirmation.body, /We have sent you an email/)
    assert.equal((await agent.get('/join/check')).headers.location, '/join', 'the draft has gone')

    const mail = await t.smtp.waitFor(m => m.to.includes(email) && /You have joined/.test(m.subject))
    assert.match(mail.text, /Your panel reference is P-/)
    const account = await t.deps.db.selectFrom('app_user').selectAll().where('email', '=', email).executeTakeFirstOrThrow()
    const dto = await getUser(t.deps, account.id)
    assert.deepEqual([dto.role, dto.hasPassword, dto.displayName], ['panel_member', false, 'Rosalind Joinpage'])
    const participant = await findParticipantByUserId(t.deps.db, account.id)
    assert.equal(participant?.joined_via, 'online')
    const consents = await getConsentHistory(t.deps, SYSTEM, participant!.id)
    assert.deepEqual(consents.map(c => `${c.purpose}:${c.given}:${c.wordingVersion}:${c.channel}`), [
      'contact_research:true:1:online',
      'quotes:false:1:online',
      'special_category:true:1:online',
      'recordings:false:1:online',
    ])
  })

  it('saves and comes back later by an emailed one-time link, on another device', async () => {
    const agent = t.agent()
    await post(agent, '/join/name', { fullName: 'Perpetua Later' })
    const saving = await agent.post('/join/contact', { email: 'perpetua.later@example.org', phone: '07700 900', action: 'save' })
    assert.equal(saving.headers.location, '/join/save', 'saving does not need the page to be right')
    const form = await agent.get('/join/save')
    assert.match(form.body, /value="perpetua.later@example.org"/, 'the address they gave is offered')

    const empty = await agent.post('/join/save', { email: '' })
    assert.equal(empty.statusCode, 400)
    assert.deepEqual(summaryOf(empty.body), ['#email: Enter your email address'])
    const sent = await agent.post('/join/save', { email: 'perpetua.later@example.org' })
    assert.equal(sent.headers.location, '/join/saved')
    assert.match((await agent.get('/join/saved')).body, /Your answers are saved/)
    assert.doesNotMatch((await agent.get('/join/contact')).body, /perpetua/, 'the answers have left this browser')

    const mail = await t.smtp.waitFor(m => m.to.includes('perpetua.later@example.org') && /carry on joining/.test(m.subject))
    const link = linkIn(mail.text)
    assert.match(link, /^http:\/\/localhost:3000\/join\/resume\/[A-Za-z0-9_-]{43}$/)
    const path = new URL(link).pathname

    const elsewhere = t.agent()
    const open = await elsewhere.get(path)
    assert.equal(open.statusCode, 200)
    assert.match(open.body, /Carry on joining the panel/)
    assert.doesNotMatch((await elsewhere.get('/join/contact')).body, /perpetua/, 'opening the link alone does not bring the answers')
    const resumed = await elsewhere.post(path)
    assert.equal(resumed.statusCode, 303)
    assert.equal(resumed.headers.location, '/join/contact', 'back to where they saved')
    const page = await elsewhere.get('/join/contact')
    assert.match(page.body, /value="perpetua.later@example.org"/)
    assert.match(page.body, /value="07700 900"/, 'exactly as they typed it')

    const again = await t.agent().get(path)
    assert.equal(again.statusCode, 410)
    assert.match(again.body, /This link has stopped working/)
    assert.equal((await t.agent().post(path)).statusCode, 410)
  })

  it('limits how often the public can send the forms', async () => {
    const limited = await createTestApp({ env: { PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: '2' } })
    try {
      const agent = limited.agent()
      await agent.get('/join/name')
      const codes = []
      for (let i = 0; i < 3; i++) codes.push((await agent.post('/join/name', { fullName: 'Speedy', action: 'continue' })).statusCode)
      assert.deepEqual(codes, [303, 303, 429])
    } finally {
      await limited.close()
    }
  })
})
