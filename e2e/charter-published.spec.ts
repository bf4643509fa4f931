import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Page } from 'playwright-core'
import { addPrinciple, createTranslation, publishTranslation, saveEasyRead, saveTranslation } from '../src/modules/charter/index.ts'
import { sampleContent, seedVersion, TINY_PNG } from '../src/modules/charter/domain/publishing/seed.test-support.ts'
import { translationFields } from '../src/modules/charter/domain/publishing/translation.ts'
import { systemActor } from '../src/platform/auth/actor.ts'
import { AbstractPage, clickAndWait } from './pages/abstract-page.ts'
import { FormPage } from './pages/form-page.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

const SYSTEM = systemActor('published charter browser tests')

/** Any page of the published charter, found by its h1. */
class CharterPage extends FormPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<CharterPage> {
    return AbstractPage.verified(new CharterPage(page, heading))
  }

  async follow(name: string): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.main.getByRole('link', { name, exact: true }).first()))?.status()
  }

  /** Press the Save button of one part's Easy Read form. */
  async saveEasyRead(key: string): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.main.locator(`#part-${key}`).getByRole('button', { name: 'Save' })))?.status()
  }
}

describe('the published charter (browser, with axe on every page and error state)', () => {
  let h: Harness

  before(async () => {
    h = await startHarness({ spec: 'charter-published' })
    const deps = h.server.deps
    const principle = await addPrinciple(deps, SYSTEM, { title: 'Dignity', body: 'We treat you with respect.' })
    await seedVersion(deps.db, { number: 1, content: sampleContent(principle.id), approvedOn: '2027-03-03', publishedAt: '2027-03-10T10:00:00.000Z' })
    const content = sampleContent(principle.id, { extra: true })
    await seedVersion(deps.db, { number: 2, content, approvedOn: '2028-03-03', publishedAt: '2028-03-10T10:00:00.000Z' })
    await saveEasyRead(deps, SYSTEM, 2, { key: 'c-explain', text: 'We tell you what to send.\nWe help you send it.', picture: new Uint8Array(TINY_PNG), pictureAlt: 'A letter in an envelope' })
    await createTranslation(deps, SYSTEM, 2, { languageCode: 'gd', languageName: 'Gàidhlig', texts: {} })
    const texts: Record<string, string> = {}
    for (const f of translationFields(content)) texts[f.field] = f.english ? `(gd) ${f.english}` : ''
    await saveTranslation(deps, SYSTEM, 2, 'gd', { languageName: 'Gàidhlig', texts })
    await publishTranslation(deps, SYSTEM, 2, 'gd')
  })
  after(() => h?.close())

  it('anyone reads the charter, its Easy Read version and a translation, and downloads the PDFs; a policy official writes Easy Read', async () => {
    const page = await h.newPage()
    await page.goto('/charter')
    const charter = await CharterPage.verifyOnPage(page, 'Our charter')
    await charter.checkAccessibility('the current charter')
    assert.match(await charter.main.innerText(), /Approved by The Northshire Parliament on 3 March 2028\./)

    assert.equal(await charter.follow('Easy Read'), 200)
    const easy = await CharterPage.verifyOnPage(page, 'Our charter: Easy Read')
    assert.equal(await easy.main.getByRole('img', { name: 'A letter in an envelope' }).count(), 1)
    await easy.checkAccessibility('Easy Read')

    await page.goto('/charter')
    assert.equal(await (await CharterPage.verifyOnPage(page, 'Our charter')).follow('Gàidhlig'), 200)
    const gaelic = await CharterPage.verifyOnPage(page, '(gd) Our charter')
    assert.equal(await page.locator('#translated').getAttribute('lang'), 'gd')
    assert.match(await gaelic.main.innerText(), /This is a translation into Gàidhlig of version 2 of our charter/)
    await gaelic.checkAccessibility('a translation')

    await page.goto('/charter/published')
    const versions = await CharterPage.verifyOnPage(page, 'Every version of our charter')
    assert.match(await versions.main.innerText(), /Replaced by version 2/)
    await versions.checkAccessibility('every version')

    for (const path of ['charter.pdf', 'large-print.pdf', 'easy-read.pdf']) {
      const res = await page.request.get(`/charter/published/2/${path}`)
      assert.equal(res.status(), 200, path)
      assert.equal(res.headers()['content-type'], 'application/pdf', path)
    }

    const { page: staff } = await signedInAs(h, 'policy_official')
    await staff.goto('/charter/published/2/easy-read/edit')
    const edit = await CharterPage.verifyOnPage(staff, 'Write the Easy Read version')
    await edit.checkAccessibility('write Easy Read')
    assert.equal(await edit.saveEasyRead('c-phone'), 400)
    const wrong = await CharterPage.verifyOnPage(staff, 'Write the Easy Read version')
    await wrong.expectErrors([{ field: 'text-c-phone', message: 'Enter the Easy Read text' }])
    await wrong.checkAccessibility('write Easy Read: errors')
    await wrong.main.locator('#text-c-phone').fill('We answer the phone fast.\nYou will not wait long.')
    assert.equal(await wrong.saveEasyRead('c-phone'), 200)
    const saved = await CharterPage.verifyOnPage(staff, 'Write the Easy Read version')
    assert.match(await saved.successBanner.innerText(), /Easy Read text saved/)
    assert.match(await saved.main.innerText(), /2 of 7 parts written/)
  })
})
