// The published charter with the whole app, without JavaScript: the page shown before anything is published, the
// current charter and every version (older ones marked as replaced), the PDFs, Easy Read written by a policy official
// (a picture of the wrong type and a picture without a description refused in the GOV.UK error pattern), and a
// translation (a bad language code refused, drafts kept, published with its language on the page).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../../../test/support/test-app.ts'
import { systemActor } from '../../../../../platform/auth/actor.ts'
import { addPrinciple } from '../../../domain/add-principle.ts'
import { sampleContent, seedVersion, TINY_PNG } from '../../../domain/publishing/seed.test-support.ts'
import { translationFields } from '../../../domain/publishing/translation.ts'

function multipart(fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
  const boundary = `----charter-test-${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="picture"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`))
    parts.push(file.content, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe('the published charter pages', () => {
  let t: TestApp
  let policy: Agent
  let visitor: Agent
  let member: Agent
  let principleId = ''

  before(async () => {
    t = await createTestApp()
    policy = await t.signInAs('policy_official')
    member = await t.signInAs('panel_member')
    visitor = t.agent()
    principleId = (await addPrinciple(t.deps, systemActor('test'), { title: 'Dignity', body: 'We treat you with respect.' })).id
  })
  after(() => t.close())

  async function postEasyRead(agent: Agent, fields: Record<string, string>, file?: { name: string; type: string; content: Buffer }) {
    const { payload, headers } = multipart({ _csrf: await agent.csrfToken(), ...fields }, file)
    return agent.request({ method: 'POST', url: '/charter/published/2/easy-read/edit', payload, headers })
  }

  it('says the charter is being written, and when it will be published, before any version is published', async () => {
    const res = await visitor.get('/charter')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /We are writing our charter with people who use our services/)
    assert.match(res.body, /When the charter has been approved, we will publish it here/)
    assert.match(res.body, /class="govuk-service-navigation__link" href="\/charter"[^>]*>[\s\S]{0,200}Our charter/, "in the navigation for everyone")
    const list = await visitor.get('/charter/published')
    assert.match(list.body, /No version has been published yet/)
    await seedVersion(t.deps.db, { number: 1, content: sampleContent(principleId), approvedOn: '2027-03-03', publishedAt: '2027-03-10T10:00:00.000Z' })
    await seedVersion(t.deps.db, { number: 2, content: sampleContent(principleId, { extra: true }), approvedOn: '2028-03-03', publishedAt: '2028-03-10T10:00:00.000Z', reviewDueOn: '2033-03-10' })
    await seedVersion(t.deps.db, { number: 3, content: sampleContent(principleId), approvedOn: '2029-03-03' })
  })

  it('shows the current charter to everyone: numbered commitments, the principles they deliver, approval, review date and formats', async () => {
    const res = await visitor.get('/charter')
    assert.equal(res.statusCode, 200)
    assert.match(res.body, /<h1 class="govuk-heading-xl">Our charter<\/h1>/)
    assert.match(res.body, /<h2 class="govuk-heading-l" id="section-applying-heading">1\. Applying for help<\/h2>/)
    assert.match(res.body, /<span class="govuk-!-font-weight-bold">3\.<\/span> We will explain every decision in plain English\./)
    assert.match(res.body, /This delivers:<\/span> <span>Dignity<\/span>/)
    assert.match(res.body, /What we ask of you/)
    assert.match(res.body, /Approved by The Northshire Parliament on 3 March 2028\./)
    assert.match(res.body, /We will review this charter by 10 March 2033\./)
    for (const href of ['/charter/published/2/charter.pdf', '/charter/published/2/large-print.pdf', '/charter/published/2/easy-read', '/charter/published/2/easy-read.pdf']) assert.ok(res.body.includes(`href="${href}"`), href)
    assert.ok(!res.body.includes('Prepare other formats'), 'no staff links for the public')
  })

  it('keeps older versions, each marked as replaced, and hides versions not yet published', async () => {
    const list = await visitor.get('/charter/published')
    assert.deepEqual(tableRows(list.body, 'versions').map(r => [r[0], r[3]]), [['Version 2', 'Current'], ['Version 1', 'Replaced by version 2']])
    const old = await visitor.get('/charter/published/1')
    assert.equal(old.statusCode, 200)
    assert.match(old.body, /This is an older version of our charter\. It was replaced by <a class="govuk-link" href="\/charter\/published\/2">version 2<\/a>/)
    assert.equal((await visitor.get('/charter/published/3')).statusCode, 404)
    assert.equal((await visitor.get('/charter/published/x')).statusCode, 404)
    assert.equal((await visitor.get('/charter/published/3/charter.pdf')).statusCode, 404)
    // Staff who prepare the formats see the approved version waiting to be published.
    assert.deepEqual(tableRows((await policy.get('/charter/published')).body, 'awaiting').map(r => r[0]), ['Version 3'])
  })

  it('serves the tagged PDF, the large-print PDF and the Easy Read PDF', async () => {
    for (const [path, name] of [['charter.pdf', 'charter-version-2.pdf'], ['large-print.pdf', 'charter-version-2-large-print.pdf'], ['easy-read.pdf', 'charter-version-2-easy-read.pdf']] as const) {
      const res = await visitor.get(`/charter/published/2/${path}`)
      assert.equal(res.statusCode, 200, path)
      assert.equal(res.headers['content-type'], 'application/pdf')
      assert.equal(res.headers['content-disposition'], `inline; filename="${name}"`)
      assert.ok(res.rawPayload.subarray(0, 8).toString('latin1').startsWith('%PDF-'))
      assert.ok(res.rawPayload.toString('latin1').includes('/StructTreeRoot'))
    }
  })

  it('lets a policy official write Easy Read: wrong picture type and missing description refused, what was typed kept', async () => {
    assert.equal((await visitor.get('/charter/published/2/easy-read/edit')).headers.location, '/sign-in')
    assert.equal((await member.get('/charter/published/2/easy-read/edit')).statusCode, 403)
    const page = await policy.get('/charter/published/2/easy-read/edit')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /0 of 7 parts written/)

    const gif = await postEasyRead(policy, { key: 'c-explain', text: 'We tell you what to send.', alt: 'A letter' }, { name: 'letter.png', type: 'image/png', content: Buffer.from('GIF89a not really a png') })
    expectFormErrors(gif, 'Easy Read: version 2', [['picture-c-explain', 'The picture must be a PNG or JPEG']])
    assert.match(gif.body, /<textarea[^>]*id="text-c-explain"[^>]*>We tell you what to send\.<\/textarea>/)
    assert.match(gif.body, /<input[^>]*id="alt-c-explain"[^>]*value="A letter"/)
    assert.match(gif.body, /Choose the file again/)

    const noAlt = await postEasyRead(policy, { key: 'c-explain', text: 'We tell you what to send.', alt: '' }, { name: 'letter.png', type: 'image/png', content: TINY_PNG })
    expectFormErrors(noAlt, 'Easy Read: version 2', [['alt-c-explain', 'Describe the picture for people who cannot see it']])

    const long = 'We will always make sure that every single letter we send you is written in words you understand.'
    const ok = await postEasyRead(policy, { key: 'c-explain', text: `We tell you what to send.\n${long}`, alt: 'A letter' }, { name: 'letter.png', type: 'image/png', content: TINY_PNG })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 2000))
    assert.equal(ok.headers.location, '/charter/published/2/easy-read/edit#part-c-explain')
    const after = await policy.get('/charter/published/2/easy-read/edit')
    assert.match(after.body, /longer than 15 words/)
    assert.match(after.body, /This sentence has 18 words/)
    assert.match(after.body, /1 of 7 parts written/)

    const easy = await visitor.get('/charter/published/2/easy-read')
    assert.equal(easy.statusCode, 200)
    assert.match(easy.body, /<img src="data:image\/png;base64,[^"]+" alt="A letter">/)
    assert.match(easy.body, /<p class="govuk-body">We tell you what to send\.<\/p>/)
    assert.match(easy.body, /This part is not in Easy Read yet/)
    assert.match(easy.body, /class="charter-easy-read__space" aria-hidden="true"/)
  })

  it('lets a policy official translate a version: bad language code refused, a draft kept, then published with its language', async () => {
    const bad = await policy.post('/charter/published/2/translations/new', { languageCode: 'Gaelic', languageName: 'Gàidhlig', 'tr-title': 'Ar cairt' })
    expectFormErrors(bad, 'Add a translation: version 2', [['languageCode', /BCP 47/]])
    assert.equal(inputValue(bad.body, 'languageCode'), 'Gaelic')
    assert.equal(inputValue(bad.body, 'languageName'), 'Gàidhlig')
    assert.equal(textareaValue(bad.body, 'tr-title'), 'Ar cairt')

    const draft = await policy.post('/charter/published/2/translations/new', { languageCode: 'gd', languageName: 'Gàidhlig', 'tr-title': 'Ar cairt' })
    assert.equal(draft.statusCode, 303)
    assert.equal(draft.headers.location, '/charter/published/2/translations/gd/edit')
    const edit = await policy.get('/charter/published/2/translations/gd/edit')
    assert.match(edit.body, /8 texts are still to translate/)
    assert.match(edit.body, /<textarea[^>]*name="tr-item-c-explain"[^>]*lang="gd"/)
    assert.equal((await visitor.get('/charter/published/2/gd')).statusCode, 404, 'a draft is not public')

    const early = await policy.post('/charter/published/2/translations/gd/publish', {})
    assert.equal(early.statusCode, 400)
    assert.match(early.body, /Enter the translation of introduction/)

    const texts: Record<string, string> = { languageName: 'Gàidhlig' }
    for (const f of translationFields(sampleContent(principleId, { extra: true }))) texts[f.field] = f.english ? `(gd) ${f.english}` : ''
    assert.equal((await policy.post('/charter/published/2/translations/gd/edit', texts)).statusCode, 303)
    const published = await policy.post('/charter/published/2/translations/gd/publish', {})
    assert.equal(published.statusCode, 303)
    assert.equal(published.headers.location, '/charter/published/2/gd')

    const page = await visitor.get('/charter/published/2/gd')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<div lang="gd" dir="ltr" id="translated">/)
    assert.match(page.body, /This is a translation into Gàidhlig of <a class="govuk-link" href="\/charter\/published\/2">version 2 of our charter<\/a>/)
    assert.match(page.body, /\(gd\) We will explain what you need to send us\./)
    assert.match(page.body, /<h3 class="govuk-heading-m" lang="en" dir="ltr">What we will do<\/h3>/)
    const charter = await visitor.get('/charter')
    assert.match(charter.body, /<a class="govuk-link" href="\/charter\/published\/2\/gd" hreflang="gd" lang="gd" dir="ltr">Gàidhlig<\/a>/)
  })
})
