// The counts, agreement, findings and exchange pages with the whole app, without JavaScript: counts with groups apart
// and small numbers hidden (and the CSV), drawing a sample (errors named) and coding it, comparing two analysts,
// writing a finding (a quote without consent refused), publishing it and reading it at /findings as the Core Group,
// and the REFI-QDA downloads and import (a file that is not a codebook refused in the GOV.UK error pattern).
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, inputValue, tableRows, textareaValue } from '../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { systemActor, type Actor } from '../../../platform/auth/actor.ts'
import type { UserDto } from '../../accounts/index.ts'
import { addSession, createActivity } from '../../engagement/index.ts'
import { captureNotes } from '../../evidence/index.ts'
import { changeConsents, registerParticipant } from '../../panel/index.ts'
import { addCode } from '../domain/codebook.ts'
import { codeSegment, loadProjectSegments } from '../domain/coding.ts'
import { createProject, takeInEvidence } from '../domain/projects.ts'

const SYSTEM = systemActor('findings page tests')
const actorOf = (u: UserDto): Actor => ({ userId: u.id, role: u.role as Actor['role'], displayName: u.displayName })

function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const boundary = `----charter-test-${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/xml\r\n\r\n`))
  parts.push(Buffer.from(file.content), Buffer.from('\r\n'), Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

describe('the counts, agreement, findings and exchange pages', () => {
  let t: TestApp
  let analyst: Agent & { user: UserDto }
  let second: Agent & { user: UserDto }
  let core: Agent
  let member: Agent
  let projectId = ''
  let pseudonym = ''
  const codes: Record<string, string> = {}

  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
    second = await t.signInAs('analyst')
    core = await t.signInAs('core_group_member')
    member = await t.signInAs('panel_member')
    const { id: activityId } = await createActivity(t.deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop in Eastport', purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const { id: sessionId } = await addSession(t.deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 12, accessibility: '',
    })
    const p = await registerParticipant(t.deps, SYSTEM, { fullName: 'Quoted Page Person', phone: '07700 900222', preferredChannel: 'phone', joinedVia: 'phone', demographics: { area: 'northshire_city' } })
    await changeConsents(t.deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }, { purpose: 'quotes', given: true }], { channel: 'phone' })
    pseudonym = p.pseudonym
    await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym, body: 'The staff were kind to me on the phone.', notToBeQuoted: false })
    for (let i = 0; i < 11; i++) await captureNotes(t.deps, SYSTEM, sessionId, { kind: 'note', pseudonym: '', body: `The group said the wait was long, part ${i + 1}.`, notToBeQuoted: false })
    const me = actorOf(analyst.user)
    ;({ id: projectId } = await createProject(t.deps, me, { title: 'What made applying hard', purpose: 'To find what to fix first', channel: '', activityId: '', questionId: '' }))
    await takeInEvidence(t.deps, me, projectId)
    codes.staff = (await addCode(t.deps, me, projectId, { name: 'Staff', parentId: '', description: '', examples: '' })).id
    codes.kind = (await addCode(t.deps, me, projectId, { name: 'Kind staff', parentId: codes.staff, description: '', examples: '' })).id
    codes.waiting = (await addCode(t.deps, me, projectId, { name: 'Waiting', parentId: '', description: '', examples: '' })).id
    for (const s of (await loadProjectSegments(t.deps, me, projectId, me.userId)).segments) {
      await codeSegment(t.deps, me, projectId, s.segmentId, /kind/.test(s.text) ? [codes.kind!] : /wait/.test(s.text) ? [codes.waiting!] : [])
    }
  })
  after(() => t.close())

  it('links every new step from the analysis', async () => {
    const overview = await analyst.get(`/analysis/${projectId}`)
    for (const step of ['agreement', 'counts', 'findings', 'exchange']) assert.match(overview.body, new RegExp(`href="/analysis/${projectId}/${step}"`))
  })

  it('counts people in tables with captions, groups apart, small numbers hidden in words, and as CSV', async () => {
    const page = await analyst.get(`/analysis/${projectId}/counts`)
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /People with lived experience: 12 people<\/caption>/)
    assert.deepEqual(tableRows(page.body, 'counts-lived_experience').map(r => r.slice(0, 2)), [['Staff', '1'], ['— Staff › Kind staff', '1'], ['Waiting', '11']])
    const cross = await analyst.get(`/analysis/${projectId}/counts?by=area`)
    assert.match(cross.body, /People with lived experience by area/)
    const cells = tableRows(cross.body, 'crosstab')
    // One person in Northshire City (fewer than 10), so the other column is hidden too, or it would give them away.
    assert.ok(cells.some(r => r.includes('fewer than 10')), JSON.stringify(cells))
    assert.ok(cells.some(r => r.includes('hidden so the hidden cell cannot be worked out')), JSON.stringify(cells))
    assert.ok(cells.every(r => r.slice(1, -1).every(c => !/^\d/.test(c))), 'no figure shown in any column')
    const csv = await analyst.get(`/analysis/${projectId}/counts.csv?by=area`)
    assert.equal(csv.statusCode, 200)
    assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/)
    assert.equal(csv.headers['content-disposition'], 'attachment; filename="what-made-applying-hard-counts.csv"')
    assert.match(csv.body, /Lived experience by area,Northshire City,Staff,,,,,,fewer than 10/)
    assert.equal((await core.get(`/analysis/${projectId}/counts`)).statusCode, 403)
    assert.equal((await analyst.get('/analysis/00000000-0000-7000-8000-000000000000/counts')).statusCode, 404)
  })

  let sampleUrl = ''
  it('draws a sample after naming every problem, codes it, and compares two analysts', async () => {
    const list = await analyst.get(`/analysis/${projectId}/agreement`)
    assert.match(list.body, /No samples yet/)
    const bad = await analyst.post(`/analysis/${projectId}/agreement`, { name: '', size: 'lots', seed: 'abc' })
    expectFormErrors(bad, 'Agreement: What made applying hard', [['name', 'Enter a name for the sample'], ['size', /whole number/]])
    assert.equal(inputValue(bad.body, 'seed'), 'abc')
    const ok = await analyst.post(`/analysis/${projectId}/agreement`, { name: 'First check', size: '10', seed: 'abc' })
    assert.equal(ok.statusCode, 303)
    sampleUrl = String(ok.headers.location)
    const sample = await analyst.get(sampleUrl)
    assert.match(sample.body, /Sample of 10 segments drawn \(seed abc\)/)
    assert.match(sample.body, /Code this sample/)
    // The second analyst codes the sample on the coding page, one segment after another.
    let next = await second.get(`${sampleUrl}/code`)
    for (let i = 0; i < 10; i++) {
      assert.equal(next.statusCode, 303)
      const url = String(next.headers.location)
      if (!url.includes('/segments/')) break
      assert.match(url, /\?sample=/)
      const page = await second.get(url)
      assert.match(page.body, /action="[^"]*\?sample=/)
      const text = /id="segment-text">([\s\S]*?)<\/blockquote>/.exec(page.body)![1]!
      next = await second.post(url, { action: 'save', codes: /wait/.test(text) ? codes.waiting! : [] })
    }
    assert.equal(next.headers.location, sampleUrl)
    const compared = await analyst.get(`${sampleUrl}?a=${analyst.user.id}&b=${second.user.id}`)
    assert.match(compared.body, /have both coded 10 segments of this sample/)
    const rows = tableRows(compared.body, 'agreement')
    const waiting = rows.find(r => r[0] === 'Waiting')!
    assert.equal(waiting[2], '0')
    assert.equal(waiting[3], '0')
    assert.match(compared.body, /Pooled kappa/)
    assert.equal((await member.get(sampleUrl)).statusCode, 403)
  })

  let findingUrl = ''
  it('writes a finding: quotes offered without JavaScript, mistakes named, then saved and published', async () => {
    const form = await analyst.get(`/analysis/${projectId}/findings/new`)
    assert.equal(form.statusCode, 200)
    const shown = await analyst.post(`/analysis/${projectId}/findings/new`, { title: 'Staff were kind', body: 'People said so.', codes: codes.staff!, action: 'quotes' })
    assert.equal(shown.statusCode, 200)
    const quote = /name="quotes" type="checkbox" value="([0-9a-f-]{36})"/.exec(shown.body)?.[1]
    assert.ok(quote, shown.body.slice(shown.body.indexOf('Quotes'), shown.body.indexOf('Quotes') + 1500))
    assert.match(shown.body, /A panel member\. Coded Staff › Kind staff/)
    assert.ok(!shown.body.includes(pseudonym), 'no pseudonym offered')
    // A group note: no one agreed to be quoted.
    const group = (await loadProjectSegments(t.deps, actorOf(analyst.user), projectId, analyst.user.id)).segments.find(s => /wait/.test(s.text))!
    const refused = await analyst.post(`/analysis/${projectId}/findings/new`, { title: '', body: 'Kept', codes: [codes.staff!, codes.waiting!], quotes: [group.segmentId], action: 'save' })
    expectFormErrors(refused, 'Write a finding: What made applying hard', [['title', 'Enter a title for the finding'], ['quotes', /did not agree to be quoted/]])
    assert.equal(textareaValue(refused.body, 'body'), 'Kept')
    const saved = await analyst.post(`/analysis/${projectId}/findings/new`, { title: 'Staff were kind', body: 'People said the staff were kind.', codes: codes.staff!, quotes: quote, action: 'save' })
    assert.equal(saved.statusCode, 303)
    findingUrl = String(saved.headers.location)
    const edit = await analyst.get(findingUrl)
    assert.match(edit.body, /Finding saved as a draft/)
    assert.match(edit.body, new RegExp(`value="${quote}" checked`))
    const published = await analyst.post(`${findingUrl}/publish`, {})
    assert.equal(published.statusCode, 303)
    const again = await analyst.post(`${findingUrl}/publish`, {})
    expectFormErrors(again, 'Change finding: Staff were kind', [['publish', 'This finding is already published']])
    const list = await analyst.get(`/analysis/${projectId}/findings`)
    assert.deepEqual(tableRows(list.body, 'findings').map(r => [r[0], r[3]]), [['Staff were kind', 'Published']])
  })

  it('shows published findings to the Core Group at /findings, with counts and quotes but no pseudonym', async () => {
    const page = await core.get('/findings')
    assert.equal(page.statusCode, 200)
    assert.match(page.body, /<h2 class="govuk-heading-m" id="finding-[^"]+">Staff were kind<\/h2>/)
    assert.match(page.body, /fewer than 10 of 12/)
    assert.match(page.body, /“The staff were kind to me on the phone\.”/)
    assert.match(page.body, /A panel member/)
    assert.ok(!page.body.includes(pseudonym))
    assert.equal((await member.get('/findings')).statusCode, 403)
    assert.equal((await core.get(`/analysis/${projectId}/findings`)).statusCode, 403)
  })

  it('downloads the codebook and the project, and refuses a file that is not a codebook', async () => {
    const page = await analyst.get(`/analysis/${projectId}/exchange`)
    assert.equal(page.statusCode, 200)
    const qdc = await analyst.get(`/analysis/${projectId}/exchange/codebook.qdc`)
    assert.match(String(qdc.headers['content-type']), /^application\/xml; charset=utf-8/)
    assert.equal(qdc.headers['content-disposition'], 'attachment; filename="what-made-applying-hard-codebook.qdc"')
    assert.match(qdc.body, /<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/)
    const qdpx = await analyst.get(`/analysis/${projectId}/exchange/project.qdpx`)
    assert.equal(qdpx.headers['content-type'], 'application/zip')
    assert.equal(qdpx.headers['content-disposition'], 'attachment; filename="what-made-applying-hard.qdpx"')
    assert.equal(qdpx.rawPayload.subarray(0, 2).toString(), 'PK')

    const upload = (content: string) => analyst.csrfToken().then(csrf => analyst.request({ method: 'POST', url: `/analysis/${projectId}/exchange/codebook`, ...multipart({ _csrf: csrf }, { name: 'codes.qdc', content }) }))
    const bad = await upload('<notes>not a codebook</notes>')
    expectFormErrors(bad, 'Exchange with other tools: What made applying hard', [['file', /The file is not a REFI-QDA codebook: its main element is &lt;notes&gt;/]])
    const extra = qdc.body.replace('</Codes>', '<Code guid="0b5a3d0e-7a38-4d4e-9c1f-2b8b0d7b1a11" name="Letters" isCodable="true"/></Codes>')
    const ok = await upload(extra)
    assert.equal(ok.statusCode, 200)
    assert.match(ok.body, /1 code added, 3 skipped/)
    assert.deepEqual([...ok.body.matchAll(/<li>([^<]*)<\/li>/g)].map(m => m[1]).filter(x => /Letters|already/.test(x!)), ['Letters', 'Staff: there is already a code with this name', 'Staff › Kind staff: there is already a code with this name', 'Waiting: there is already a code with this name'])
    assert.equal((await core.get(`/analysis/${projectId}/exchange/codebook.qdc`)).statusCode, 403)
  })
})
