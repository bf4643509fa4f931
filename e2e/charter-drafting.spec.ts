import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { addPrinciple } from '../src/modules/charter/index.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { AbstractPage } from './pages/abstract-page.ts'
import { FormPage } from './pages/form-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

/** Any drafting page, found by its h1. */
class DraftingPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<DraftingPage> {
    return AbstractPage.verified(new DraftingPage(page, heading))
  }

  async fill(label: string, value: string): Promise<void> {
    await this.main.getByLabel(label, { exact: true }).fill(value)
  }

  checkText(): Promise<string> {
    return this.main.locator('#plain-english').innerText()
  }
}

describe('charter drafting: structure, the plain-English checker, versions and their difference (browser, with axe)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'charter-drafting' })
    await addPrinciple(h.server.deps, systemActor('drafting browser tests'), { title: 'Dignity', body: 'We treat you with dignity.' })
  })
  after(() => h?.close())

  it('a policy official drafts a commitment, fixes what the checker finds, saves two versions and compares them', async () => {
    const { page } = await signedInAs(h, 'policy_official')
    await page.goto('/charter/draft')
    const empty = await DraftingPage.verifyOnPage(page, 'Our charter')
    await empty.checkAccessibility('empty draft')

    assert.equal(await empty.press('Add a section'), 200)
    const newSection = await DraftingPage.verifyOnPage(page, 'Add a section')
    assert.equal(await newSection.press('Save section'), 400)
    const wrong = await DraftingPage.verifyOnPage(page, 'Add a section')
    await wrong.expectErrors([{ field: 'title', message: 'Enter a title for the section' }])
    await wrong.checkAccessibility('add a section: errors')
    await wrong.fill('Title', 'Applying for help')
    assert.equal(await wrong.press('Save section'), 200)

    const section = await DraftingPage.verifyOnPage(page, 'Change a section')
    assert.equal(await section.press('Add a commitment to this section'), 200)
    const add = await DraftingPage.verifyOnPage(page, 'Add a commitment')
    await add.fill('What we will do', 'We will tell you what you are eligible for.')
    await add.main.getByLabel('1. Dignity', { exact: true }).check()
    assert.equal(await add.press('Check plain English'), 200)
    const checked = await DraftingPage.verifyOnPage(page, 'Add a commitment')
    assert.match(await checked.checkText(), /"eligible" may be hard to understand\. Try "can get"/)
    assert.equal(await checked.main.getByLabel('1. Dignity', { exact: true }).isChecked(), true)
    await checked.checkAccessibility('add a commitment: checked')
    assert.equal(await checked.press('Save'), 200)

    const saved = await DraftingPage.verifyOnPage(page, 'Change commitment')
    assert.match(await saved.successBanner.innerText(), /Commitment added/)
    await saved.fill('What we will do', 'We will tell you what you can get.')
    assert.equal(await saved.press('Check plain English'), 200)
    const fixed = await DraftingPage.verifyOnPage(page, 'Change commitment')
    assert.match(await fixed.checkText(), /No problems found/)
    assert.equal(await fixed.press('Save'), 200)
    const commitmentUrl = new URL(page.url()).pathname

    await page.goto('/charter/draft')
    const draft = await DraftingPage.verifyOnPage(page, 'Our charter')
    await draft.checkAccessibility('draft with a section and a commitment')
    assert.equal(await draft.press('Save the draft as a new version'), 200)
    const save = await DraftingPage.verifyOnPage(page, 'Save a version')
    await save.checkAccessibility('save a version')
    await save.fill('What changed in this version', 'First draft for the Core Group')
    assert.equal(await save.press('Save version'), 200)
    const v1 = await DraftingPage.verifyOnPage(page, 'Our charter')
    assert.match(await v1.successBanner.innerText(), /Version 1 saved/)
    await v1.checkAccessibility('version 1')

    await page.goto(commitmentUrl)
    const edit = await DraftingPage.verifyOnPage(page, 'Change commitment')
    await edit.fill('What we will do', 'We will tell you in writing what you can get.')
    assert.equal(await edit.press('Save'), 200)
    await page.goto('/charter/draft/save-version')
    const save2 = await DraftingPage.verifyOnPage(page, 'Save a version')
    assert.match(await save2.main.locator('#changes').innerText(), /1 commitment changed/)
    await save2.fill('What changed in this version', 'Say it is in writing')
    assert.equal(await save2.press('Save version'), 200)
    await DraftingPage.verifyOnPage(page, 'Our charter')

    await page.goto('/charter/versions')
    const versions = await DraftingPage.verifyOnPage(page, 'Versions of the charter')
    await versions.checkAccessibility('versions')
    assert.equal(await versions.press('Compare'), 200)
    const compared = await DraftingPage.verifyOnPage(page, 'Changes from version 1 to version 2')
    assert.match(await compared.main.locator('#diff').innerText(), /in writing/)
    assert.equal(await compared.main.locator('#diff ins').count() > 0, true)
    await compared.checkAccessibility('compare version 1 with version 2')
  })
})
