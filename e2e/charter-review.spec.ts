import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { canonicalJson, contentHash, type CharterContent } from '../src/modules/charter/index.ts'
import { newId } from '../src/platform/ids.ts'
import { AbstractPage, clickAndWait, pressAndWait } from './pages/abstract-page.ts'
import { FormPage } from './pages/form-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const CHARTER: CharterContent = {
  title: 'Our social security charter',
  introduction: 'This charter says what you can expect from us.',
  sections: [
    {
      key: 'dignity',
      title: 'Treating you with dignity',
      introduction: 'Everyone deserves respect.',
      commitments: [
        { key: 'listen', text: 'We will listen to you and believe you.', principleKeys: [] },
        { key: 'letters', text: 'We will answer your letters within 10 working days.', principleKeys: [] },
      ],
      asks: [{ key: 'tell-us', text: 'Tell us if your circumstances change.' }],
    },
  ],
}

/** Any review page, found by its h1. */
class ReviewPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<ReviewPage> {
    return AbstractPage.verified(new ReviewPage(page, heading))
  }

  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  async follow(name: string | RegExp): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.main.getByRole('link', { name, exact: typeof name === 'string' }).first()))?.status()
  }
}

describe('charter review: a round, a comment by keyboard, an answer (browser, with axe on every page and an error state)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'charter-review' })
    // A frozen version, as the drafting pages would save it.
    await sql`insert into charter_version (id, number, content_json, content_hash, note, created_by_user_id, created_at)
      values (${newId()}, 1, ${canonicalJson(CHARTER)}, ${contentHash(CHARTER)}, ${'First full draft'}, null, ${new Date().toISOString()})`.execute(h.server.deps.db)
  })
  after(() => h?.close())

  it('a manager opens a round to the Core Group and stakeholders; a stakeholder comments; the manager answers; the stakeholder reads it', async () => {
    const stakeholder = await signedInAs(h, 'stakeholder', { name: 'Casey Advice' })
    const manager = await signedInAs(h, 'policy_official')
    const page = manager.page

    // Register the stakeholder for their organisation.
    await page.goto('/charter/reviewers')
    const reviewers = await ReviewPage.verifyOnPage(page, 'Reviewers')
    await reviewers.checkAccessibility('reviewers')
    assert.equal(await reviewers.follow(/^Register Casey Advice/), 200)
    const register = await ReviewPage.verifyOnPage(page, 'Register Casey Advice as a reviewer')
    await register.fill('Which organisation do they speak for?', 'Citizens Advice')
    assert.equal(await register.press('Save'), 200)
    await ReviewPage.verifyOnPage(page, 'Reviewers')

    // Open a round, after a mistake.
    await page.goto('/charter/reviews')
    const list = await ReviewPage.verifyOnPage(page, 'Charter reviews')
    await list.checkAccessibility('charter reviews (manager, none yet)')
    assert.equal(await list.press('Open a review round'), 200)
    const open = await ReviewPage.verifyOnPage(page, 'Open a review round')
    await open.fill('Title of the round', 'Sense-check of version 1')
    assert.equal(await open.press('Open the round'), 400)
    const wrong = await ReviewPage.verifyOnPage(page, 'Open a review round')
    await wrong.expectErrors([{ field: 'version' }, { field: 'request' }, { field: 'closesOn-day' }, { field: 'audiences' }])
    await wrong.checkAccessibility('open a review round: errors')
    await wrong.choose('Which version is reviewed?', 'Version 1')
    await wrong.fill('What are you asking reviewers to look at?', 'Does this work for the people you support?')
    const closes = new Date(Date.now() + 20 * 86_400_000)
    await wrong.fill('Day', String(closes.getUTCDate()))
    await wrong.fill('Month', String(closes.getUTCMonth() + 1))
    await wrong.fill('Year', String(closes.getUTCFullYear()))
    await wrong.main.getByLabel('Core Group', { exact: true }).check()
    await wrong.main.getByLabel('Stakeholder organisations', { exact: true }).check()
    await wrong.choose('Which stage of the charter’s workflow does it serve?', 'Stakeholder sense-check')
    assert.equal(await wrong.press('Open the round'), 200)
    const round = await ReviewPage.verifyOnPage(page, 'Sense-check of version 1')
    assert.match(await round.successBanner.innerText(), /Review round opened/)
    await round.checkAccessibility('review round (manager)')
    const roundPath = new URL(page.url()).pathname

    // The stakeholder comments on 1.2 by keyboard only.
    const s = stakeholder.page
    await s.goto('/charter/reviews')
    const theirs = await ReviewPage.verifyOnPage(s, 'Charter reviews')
    await theirs.checkAccessibility('charter reviews (stakeholder)')
    assert.equal(await theirs.follow('Sense-check of version 1'), 200)
    const text = await ReviewPage.verifyOnPage(s, 'Sense-check of version 1')
    await text.checkAccessibility('review round (stakeholder)')
    await text.main.getByRole('link', { name: 'Add a comment on this (1.2)' }).focus()
    assert.equal((await pressAndWait(s, 'Enter'))?.status(), 200)
    const form = await ReviewPage.verifyOnPage(s, 'Comment on 1.2')
    await form.checkAccessibility('comment on 1.2')
    await form.main.getByRole('button', { name: 'Send the comment' }).focus()
    assert.equal((await pressAndWait(s, 'Enter'))?.status(), 400)
    const formWrong = await ReviewPage.verifyOnPage(s, 'Comment on 1.2')
    await formWrong.expectErrors([{ field: 'body', message: 'Enter your comment' }])
    await formWrong.checkAccessibility('comment on 1.2: errors')
    await formWrong.main.getByLabel('Your comment', { exact: true }).focus()
    await s.keyboard.type('Ten working days is too long for someone with no money.')
    await s.keyboard.press('Tab')
    assert.equal((await pressAndWait(s, 'Enter'))?.status(), 200)
    const back = await ReviewPage.verifyOnPage(s, 'Sense-check of version 1')
    assert.match(await back.main.innerText(), /Stakeholder: Citizens Advice — online/)

    // The manager answers and resolves it.
    await page.goto(`${roundPath}/comments`)
    const comments = await ReviewPage.verifyOnPage(page, 'Comments')
    await comments.checkAccessibility('comments (manager)')
    await comments.fill('Your answer to this comment', 'We will make it 5 working days.')
    await comments.main.getByLabel('Also mark the comment as resolved', { exact: true }).check()
    assert.equal(await comments.press(/^Send the answer/), 200)
    const answered = await ReviewPage.verifyOnPage(page, 'Comments')
    assert.match(await answered.successBanner.innerText(), /Answer sent and comment resolved/)

    // The stakeholder reads the answer.
    await s.goto('/charter/reviews/mine')
    const mine = await ReviewPage.verifyOnPage(s, 'My comments')
    await mine.checkAccessibility('my comments with an answer')
    const said = await mine.main.innerText()
    assert.match(said, /We will make it 5 working days\./)
    assert.match(said, /Resolved/)
    assert.deepEqual(h.problems, [])
  })
})
