import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { clickAndWait } from './pages/abstract-page.ts'
import { AuditEventPage, AuditTrailPage } from './pages/audit-pages.ts'
import { signedInAs } from './support/flows.ts'
import { startHarness, type Harness } from './support/harness.ts'

describe('the audit trail', () => {
  let h: Harness
  before(async () => {
    h = await startHarness({ spec: 'audit' })
  })
  after(() => h?.close())

  it('an admin sees the events, filters them, opens one, and checks the trail is intact', async () => {
    const { page, home } = await signedInAs(h, 'admin')
    await home.followNavigationLink('/audit')
    const audit = await AuditTrailPage.verifyOnPage(page)
    const actions = await audit.actions()
    assert.ok(actions.includes('accounts.user_created'), `events shown: ${actions.join(', ')}`)
    assert.ok(actions.includes('accounts.signed_in'))
    await audit.checkAccessibility('audit trail (admin)')

    await audit.filter({ action: 'accounts.signed_in' })
    const filtered = await AuditTrailPage.verifyOnPage(page)
    const only = await filtered.actions()
    assert.ok(only.length >= 1 && only.every(a => a === 'accounts.signed_in'), `filtered: ${only.join(', ')}`)
    await filtered.checkAccessibility('audit trail filtered by action')

    await filtered.openFirstEvent()
    const event = await AuditEventPage.verifyOnPage(page)
    await event.checkAccessibility('audit event')
    await clickAndWait(page, page.getByRole('link', { name: 'Back' }))

    const back = await AuditTrailPage.verifyOnPage(page)
    const res = await back.verifyChain()
    assert.equal(res?.status(), 200)
    const checked = await AuditTrailPage.verifyOnPage(page)
    const result = await checked.verificationResult.innerText()
    assert.match(result, /The audit trail is intact/)
    const m = /We checked all ([\d,]+) events/.exec(result)
    assert.ok(m && Number(m[1]!.replace(/,/g, '')) >= 2, result)
    await checked.checkAccessibility('audit trail: intact')
  })

  it('the scrutiny body can check it too', async () => {
    const { page, home } = await signedInAs(h, 'scrutiny_body')
    await home.followNavigationLink('/audit')
    const audit = await AuditTrailPage.verifyOnPage(page)
    await audit.verifyChain()
    assert.match(await (await AuditTrailPage.verifyOnPage(page)).verificationResult.innerText(), /The audit trail is intact/)
  })

  it('shows a warning when an event has been changed behind the service’s back', async () => {
    const { page } = await signedInAs(h, 'admin')
    // Tamper as someone with database access would: remove the append-only guard and change an event.
    const db = h.server.deps.db
    if (h.server.deps.dialect === 'postgres') await sql`drop trigger audit_event_no_update on audit_event`.execute(db)
    else await sql`drop trigger audit_event_no_update`.execute(db)
    await db.updateTable('audit_event').set({ action: 'accounts.nothing_to_see' }).where('seq', '=', 2).execute()

    await page.goto('/audit')
    const audit = await AuditTrailPage.verifyOnPage(page)
    await audit.verifyChain()
    const warned = await AuditTrailPage.verifyOnPage(page)
    const result = await warned.verificationResult.innerText()
    assert.match(result, /The audit trail has been tampered with\. The first broken link is event 2/)
    await warned.checkAccessibility('audit trail: tampered with')
    assert.deepEqual(h.problems, [])
  })
})
