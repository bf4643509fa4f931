import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { Locator, Page } from 'playwright-core'
import { systemActor } from '../src/platform/auth/actor.ts'
import { runJob } from '../src/platform/jobs/jobs.ts'
import { registerParticipant, retentionJob } from '../src/modules/panel/index.ts'
import { AbstractPage, clickAndWait } from './pages/abstract-page.ts'
import { HomePage } from './pages/home-page.ts'
import { SignInPage } from './pages/sign-in-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { E2E_PASSWORD } from './support/server.ts'

/** Any page of this feature, found by its h1. */
class PanelPage extends AbstractPage {
  private constructor(page: Page, heading: string | RegExp) {
    super(page, heading)
  }

  static async verifyOnPage(page: Page, heading: string | RegExp): Promise<PanelPage> {
    return AbstractPage.verified(new PanelPage(page, heading))
  }

  /** Follow a link in the main content and return the page it leads to. */
  async follow(name: string | RegExp, heading: string | RegExp): Promise<PanelPage> {
    const res = await clickAndWait(this.page, this.page.locator('main').getByRole('link', { name, exact: typeof name === 'string' }))
    assert.equal(res?.status(), 200, `following "${String(name)}"`)
    return PanelPage.verifyOnPage(this.page, heading)
  }

  /** Press a button in the main content; the status of the page that comes back. */
  async press(name: string): Promise<number | undefined> {
    return (await clickAndWait(this.page, this.page.locator('main').getByRole('button', { name, exact: true })))?.status()
  }

  async summaryValue(listId: string, key: string): Promise<string> {
    const row = this.page.locator(`#${listId} .govuk-summary-list__row`, { has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }
}

/** The little of an input element used here (this project compiles without the DOM types). */
interface ChoiceElement {
  value: string
  checked: boolean
}

/** Make a radio or checkbox send a value the server no longer offers, as a form opened before a change would. */
async function stale(input: Locator, value: string): Promise<void> {
  await input.evaluate((el: ChoiceElement, v: string) => {
    el.value = v
    el.checked = true
  }, value)
}

const IDENTITY = { fullName: 'Wilhelmina Brackenbury', email: 'wilhelmina.brackenbury@example.org', phone: '07700 900777' }

describe('panel: a member as the panel manager and analyst see them, leaving, changes, erasure and retention', () => {
  let h: Harness
  let member: { id: string; pseudonym: string }

  before(async () => {
    h = await startHarness({ spec: 'panel-participants' })
    member = await registerParticipant(h.server.deps, systemActor('e2e'), {
      ...IDENTITY,
      address: { line1: '3 Thimble Lane', town: 'Westhaven', postcode: 'WH1 4TT' },
      preferredChannel: 'email',
      joinedVia: 'phone',
      demographics: { area: 'westhaven', age_band: '25_34', benefits: ['carer'] },
      supportNeeds: [{ need: 'accessible_venue', detail: 'Step-free access' }],
      seldomHeardTags: ['care_experienced'],
    })
  })
  after(() => h?.close())

  it('an analyst follows a pseudonym from the list to the research record, which shows no identity', async () => {
    const { page } = await signedInAs(h, 'analyst')
    await page.goto('/panel?status=all')
    const list = await PanelPage.verifyOnPage(page, 'Panel members')
    const detail = await list.follow(member.pseudonym, member.pseudonym)
    await detail.checkAccessibility('member page (analyst)')
    assert.equal(await detail.summaryValue('membership', 'How they joined'), 'By phone')
    assert.equal(await detail.summaryValue('answers', 'Area'), 'Westhaven')
    assert.match(await page.locator('#support-needs').innerText(), /Accessible venue: Step-free access/)
    const text = await page.locator('main').innerText()
    for (const s of Object.values(IDENTITY)) assert.ok(!text.includes(s), `the analyst sees ${s}`)
    assert.equal(await page.getByRole('link', { name: 'See name and contact details' }).count(), 0)
    assert.deepEqual(h.problems, [])
  })

  it('the panel manager sees contact details, records that the member left and brings them back, and changes their record', async () => {
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto(`/panel/participants/${member.id}`)
    const detail = await PanelPage.verifyOnPage(page, member.pseudonym)
    await detail.checkAccessibility('member page (panel manager)')

    const contact = await detail.follow('See name and contact details', 'Name and contact details')
    assert.equal(await contact.summaryValue('contact-details', 'Name'), IDENTITY.fullName)
    assert.match(await contact.summaryValue('contact-details', 'Postal address'), /3 Thimble Lane\s+Westhaven\s+WH1 4TT/)
    await contact.checkAccessibility('contact details')

    await page.goto(`/panel/participants/${member.id}`)
    const status = await (await PanelPage.verifyOnPage(page, member.pseudonym)).follow('Record that they have left the panel', new RegExp(`Is ${member.pseudonym} still on the panel\\?`))
    await status.checkAccessibility('left the panel? (form)')
    await page.getByRole('radio', { name: 'No, they have left the panel' }).check()
    assert.equal(await status.press('Save'), 200)
    const left = await PanelPage.verifyOnPage(page, member.pseudonym)
    assert.match(await left.successBanner.innerText(), /has left the panel\. Nobody will contact them\./)
    await left.checkAccessibility('member page: has left the panel')
    const back = await left.follow('Bring them back to the panel', new RegExp(`Is ${member.pseudonym} still on the panel\\?`))
    await page.getByRole('radio', { name: 'Yes, they are on the panel' }).check()
    await back.press('Save')
    assert.match(await (await PanelPage.verifyOnPage(page, member.pseudonym)).successBanner.innerText(), /is back on the panel/)

    // Each change page: open it, send it with an error, then correctly.
    const changes: { link: string; heading: string | RegExp; label: string; wrong: () => Promise<void>; errors: { field: string; message: string }[]; right: () => Promise<void> }[] = [
      {
        link: 'Change contact details',
        heading: 'Change contact details',
        label: 'change contact details',
        wrong: async () => {
          await page.getByLabel('Full name', { exact: true }).fill('')
          await page.getByLabel('Email address', { exact: true }).fill('wilhelmina-at-example')
        },
        errors: [
          { field: 'fullName', message: 'Enter their full name' },
          { field: 'email', message: 'Enter an email address in the correct format, like name@example.com' },
        ],
        right: async () => {
          await page.getByLabel('Full name', { exact: true }).fill(IDENTITY.fullName)
          await page.getByLabel('Email address', { exact: true }).fill('w.brackenbury@example.org')
        },
      },
      {
        link: 'Change their answers',
        heading: 'Change their answers',
        label: 'change answers',
        wrong: async () => {
          // An answer no longer in the list (a form left open while the organisation changed its questions).
          await stale(page.locator('input[name="answer-area"]').first(), 'atlantis')
        },
        errors: [{ field: 'answer-area', message: 'Select an answer from the list' }],
        right: async () => {
          await page.getByRole('radio', { name: 'The Isles' }).check()
        },
      },
      {
        link: 'Change support needs',
        heading: 'Change support needs',
        label: 'change support needs',
        wrong: async () => {
          await page.getByRole('checkbox', { name: 'Something else' }).check()
        },
        errors: [{ field: 'needDetail-other', message: 'Enter details of the support they need (something else)' }],
        right: async () => {
          await page.locator('#needDetail-other').fill('Papers a week early')
        },
      },
      {
        link: 'Change seldom-heard groups',
        heading: 'Change seldom-heard groups',
        label: 'change seldom-heard groups',
        wrong: async () => {
          await stale(page.locator('input[name="seldomHeardTags"]').first(), 'retired_group')
        },
        errors: [{ field: 'seldomHeardTags', message: 'Select a group from the list' }],
        right: async () => {
          await page.getByRole('checkbox', { name: 'Digitally excluded' }).check()
        },
      },
      {
        link: 'Change how often we may invite them',
        heading: /Change how often we may invite them/,
        label: 'change invitations a month',
        wrong: async () => {
          await page.getByRole('textbox').fill('0')
        },
        errors: [{ field: 'maxInvitationsPerMonth', message: 'Invitations a month must be 1 or more' }],
        right: async () => {
          await page.getByRole('textbox').fill('4')
        },
      },
    ]
    for (const change of changes) {
      await page.goto(`/panel/participants/${member.id}`)
      const form = await (await PanelPage.verifyOnPage(page, member.pseudonym)).follow(change.link, change.heading)
      await form.checkAccessibility(change.label)
      await change.wrong()
      assert.equal(await form.press('Save'), 400, change.label)
      const withErrors = await PanelPage.verifyOnPage(page, change.heading)
      await withErrors.expectErrors(change.errors)
      await withErrors.checkAccessibility(`${change.label}: errors`)
      await change.right()
      assert.equal(await withErrors.press('Save'), 200, change.label)
      const saved = await PanelPage.verifyOnPage(page, member.pseudonym)
      assert.match(await saved.successBanner.innerText(), /saved/, change.label)
    }
    const after = await PanelPage.verifyOnPage(page, member.pseudonym)
    assert.equal(await after.summaryValue('answers', 'Area'), 'The Isles')
    assert.equal(await after.summaryValue('membership', 'Invitations'), 'No more than 4 a month')
    await after.checkAccessibility('member page after changes (panel manager)')
    assert.deepEqual(h.problems, [])
  })

  it('the panel manager erases a record, keeping what they said; a second erasure is refused clearly', async () => {
    const target = await registerParticipant(h.server.deps, systemActor('e2e'), {
      fullName: 'Octavia Merriweather',
      phone: '07700 900778',
      preferredChannel: 'phone',
      joinedVia: 'post',
      demographics: { area: 'eastport' },
    })
    const { page } = await signedInAs(h, 'panel_manager')
    await page.goto(`/panel/participants/${target.id}`)
    const erase = await (await PanelPage.verifyOnPage(page, target.pseudonym)).follow('Erase this record', `Erase the record of ${target.pseudonym}`)
    await erase.checkAccessibility('erase a record (panel manager)')
    assert.equal(await erase.press('Erase this record'), 400)
    const withErrors = await PanelPage.verifyOnPage(page, `Erase the record of ${target.pseudonym}`)
    await withErrors.expectErrors([{ field: 'contributions', message: 'Select whether to keep what they said or delete it' }])
    await withErrors.checkAccessibility('erase a record: nothing chosen')
    await withErrors.expectEachErrorLinkFocusesItsField()
    await page.getByRole('radio', { name: 'Keep it, without their name' }).check()
    assert.equal(await withErrors.press('Erase this record'), 200)
    const erased = await PanelPage.verifyOnPage(page, target.pseudonym)
    assert.match(await erased.successBanner.innerText(), new RegExp(`${target.pseudonym} has been erased`))
    assert.equal(await erased.summaryValue('membership', 'Status'), 'Erased')
    await erased.checkAccessibility('member page: erased')

    await page.goto(`/panel/participants/${target.id}/erase`)
    const again = await PanelPage.verifyOnPage(page, `${target.pseudonym} has already been erased`)
    await again.checkAccessibility('erase a record: already erased')
    for (const [path, heading, label] of [
      ['contact', 'Name and contact details', 'contact details: erased'],
      ['status', 'This record has been erased', 'left the panel?: erased'],
      ['edit/answers', `${target.pseudonym} has been erased`, 'change answers: erased'],
    ] as const) {
      await page.goto(`/panel/participants/${target.id}/${path}`)
      await (await PanelPage.verifyOnPage(page, heading)).checkAccessibility(label)
    }
    assert.deepEqual(h.problems, [])
  })

  it('a panel member removes themselves, without JavaScript, and is signed out', async () => {
    const user = await h.server.createUser('panel_member', { name: 'Bartholomew Quince' })
    const self = await registerParticipant(h.server.deps, systemActor('e2e'), { fullName: 'Bartholomew Quince', email: user.email, preferredChannel: 'email', joinedVia: 'online', demographics: { area: 'glenmoor' } })
    await h.server.deps.db.withTables<{ panel_participant: { id: string; user_id: string | null } }>().updateTable('panel_participant').set({ user_id: user.id }).where('id', '=', self.id).execute()

    const page = await h.newPage({ javaScriptEnabled: false })
    const signIn = await SignInPage.goto(page)
    await signIn.signIn(user.email, E2E_PASSWORD)
    await HomePage.verifyOnPage(page)
    await page.goto('/my-record/erase')
    const form = await PanelPage.verifyOnPage(page, 'Remove me from the panel')
    await form.checkAccessibility('remove me from the panel (no JavaScript)')
    assert.equal(await form.press('Remove me from the panel'), 400)
    const withErrors = await PanelPage.verifyOnPage(page, 'Remove me from the panel')
    await withErrors.expectErrors([{ field: 'contributions', message: 'Select whether to keep what you told us or delete it' }], { summaryFocused: false })
    await withErrors.checkAccessibility('remove me from the panel: nothing chosen (no JavaScript)')
    await page.getByRole('radio', { name: 'Delete it' }).check()
    assert.equal(await withErrors.press('Remove me from the panel'), 200)
    const done = await PanelPage.verifyOnPage(page, 'You have left the panel')
    assert.equal(await done.signedInAs(), null, 'signed out')
    assert.match(await page.locator('main').innerText(), /We have deleted what you told us as well/)
    await done.checkAccessibility('you have left the panel (no JavaScript)')
    await page.goto('/my-record/erase')
    await SignInPage.verifyOnPage(page)
    assert.deepEqual(h.problems, [])
  })

  it('the panel manager sets how long records are kept, sees who the next check would erase, and the report of a run', async () => {
    const inactive = await registerParticipant(h.server.deps, systemActor('e2e'), {
      fullName: 'Long Gone',
      email: 'long.gone@example.org',
      preferredChannel: 'email',
      joinedVia: 'post',
      joinedAt: '2010-01-01T00:00:00.000Z',
    })
    const { page, home } = await signedInAs(h, 'panel_manager')
    await home.followNavigationLink('/panel/settings/retention')
    const settings = await PanelPage.verifyOnPage(page, 'How long we keep panel records')
    assert.match(await page.locator('#preview').innerText(), new RegExp(inactive.pseudonym))
    await settings.checkAccessibility('retention settings')

    const months = page.getByLabel("Erase a member's record after this many months without taking part")
    for (const [value, message] of [
      ['', 'Enter the number of months'],
      ['six', 'The number of months must be a whole number, like 36'],
      ['6', 'The number of months must be between 12 and 240'],
    ] as const) {
      await months.fill(value)
      assert.equal(await settings.press('Save'), 400, value)
      const withErrors = await PanelPage.verifyOnPage(page, 'How long we keep panel records')
      await withErrors.expectErrors([{ field: 'inactiveMonths', message }])
      assert.equal(await months.inputValue(), value, 'what was typed is kept')
      await withErrors.checkAccessibility(`retention settings: "${value}"`)
    }
    await months.fill('60')
    assert.equal(await settings.press('Save'), 200)
    const saved = await PanelPage.verifyOnPage(page, 'How long we keep panel records')
    assert.match(await saved.successBanner.innerText(), /after 60 months/)
    await saved.checkAccessibility('retention settings: saved')

    await runJob(h.server.deps, retentionJob, 'e2e')
    await page.reload()
    const report = await PanelPage.verifyOnPage(page, 'How long we keep panel records')
    const runs = page.locator('#runs')
    assert.match(await runs.innerText(), /Erased: 1 member/)
    await runs.getByText('Erased: 1 member').click()
    assert.match(await runs.innerText(), new RegExp(inactive.pseudonym))
    assert.ok(!(await page.locator('main').innerText()).includes('Long Gone'), 'pseudonyms only')
    await report.checkAccessibility('retention settings: a run report')
    assert.deepEqual(h.problems, [])
  })
})
