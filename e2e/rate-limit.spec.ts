import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { TooManyAttemptsPage } from './pages/error-pages.ts'
import { SignInPage } from './pages/sign-in-pages.ts'
import { startHarness, type Harness } from './support/harness.ts'

describe('too many sign-in attempts', () => {
  let h: Harness
  before(async () => {
    // The only spec with a low limit: every other spec uses 1000 a minute.
    h = await startHarness({ spec: 'rate-limit', env: { SIGN_IN_RATE_LIMIT_PER_MINUTE: '2' } })
  })
  after(() => h?.close())

  it('the third try in a minute gets the "Too many attempts" page', async () => {
    const page = await h.newPage()
    for (let i = 1; i <= 2; i += 1) {
      const signIn = await SignInPage.goto(page)
      const res = await signIn.signIn('someone@e2e.example', 'not-a-real-password')
      assert.equal(res?.status(), 400, `try ${i} is refused as a wrong password`)
    }
    const signIn = await SignInPage.goto(page)
    const res = await signIn.signIn('someone@e2e.example', 'not-a-real-password')
    assert.equal(res?.status(), 429)
    assert.equal(res?.headers()['retry-after'] !== undefined, true)
    await (await TooManyAttemptsPage.verifyOnPage(page)).checkAccessibility('too many attempts')
    assert.deepEqual(h.problems, [])
  })
})
