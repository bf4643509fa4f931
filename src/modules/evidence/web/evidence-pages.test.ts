// The evidence pages with the whole app: a session's notes (the GOV.UK error pattern, what was typed kept), the list
// with filters that work without JavaScript (stakeholder input apart), one item's provenance, change and remove with
// a confirm page; only analysts and panel managers get in.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { expectFormErrors, tableRows, textareaValue, inputValue } from '../../../../test/support/govuk-html.ts'
import { createTestApp, type Agent, type TestApp } from '../../../../test/support/test-app.ts'
import { systemActor } from '../../../platform/auth/actor.ts'
import { newId } from '../../../platform/ids.ts'
import { addSession, createActivity } from '../../engagement/index.ts'
import { changeConsents, registerParticipant } from '../../panel/index.ts'
import { insertItem } from '../data/evidence.repository.ts'

const SYSTEM = systemActor('evidence page tests')

/** The evidence item id linked from the row of the session's notes table whose "Who" cell is `who`. */
function itemOfRow(html: string, who: string): string | undefined {
  const table = /<table class="govuk-table" id="session-notes"[^>]*>[\s\S]*?<\/table>/.exec(html)?.[0] ?? ''
  for (const tr of table.match(/<tr[^>]*>[\s\S]*?<\/tr>/g) ?? []) {
    const cells = [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(c => c[1]!)
    if (cells[1]?.trim() === who) return /href="\/evidence\/([0-9a-f-]{36})"/.exec(cells[0]!)?.[1]
  }
  return undefined
}

describe('the evidence pages', () => {
  let t: TestApp
  let analyst: Agent
  let manager: Agent
  let sessionId = ''
  let activityId = ''
  let pseudonym = ''

  before(async () => {
    t = await createTestApp()
    analyst = await t.signInAs('analyst')
    manager = await t.signInAs('panel_manager')
    ;({ id: activityId } = await createActivity(t.deps, SYSTEM, {
      roundId: null, kind: 'workshop', title: 'Workshop in Eastport', purpose: 'To hear what made applying hard', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    }))
    ;({ id: sessionId } = await addSession(t.deps, SYSTEM, activityId, {
      mode: 'in_person', startsAt: '2027-03-01T10:00:00.000Z', endsAt: '2027-03-01T12:00:00.000Z', location: 'Eastport Community Centre', address: '', joiningDetails: '', capacity: 12, accessibility: '',
    }))
    const p = await registerParticipant(t.deps, SYSTEM, { fullName: 'Quoted Person', phone: '07700 900123', preferredChannel: 'phone', joinedVia: 'phone', demographics: { area: 'northshire_city' } })
    await changeConsents(t.deps, SYSTEM, p.id, [{ purpose: 'contact_research', given: true }, { purpose: 'quotes', given: true }], { channel: 'phone' })
    pseudonym = p.pseudonym
  })
  after(() => t.close())

  it('adds notes after naming every problem at once, keeping what was typed', async () => {
    const page = await analyst.get(`/engagement/sessions/${sessionId}/notes`)
    assert.equal(page.statusCode, 200, page.body.slice(0, 2000))
    assert.match(page.body, /No notes or transcripts from this session yet/)
    const bad = await analyst.post(`/engagement/sessions/${sessionId}/notes`, { kind: '', pseudonym: 'p-zzzz99', body: '  ', notToBeQuoted: 'yes' })
    expectFormErrors(bad, 'Notes and transcripts: Workshop in Eastport', [
      ['kind', 'Select whether these are notes or a transcript'],
      ['pseudonym', 'No active panel member has the pseudonym P-ZZZZ99'],
      ['body', 'Enter the notes or transcript'],
    ])
    assert.equal(inputValue(bad.body, 'pseudonym'), 'p-zzzz99')
    assert.match(bad.body, /name="notToBeQuoted"[^>]*value="yes"[^>]*checked/)

    const typed = await analyst.post(`/engagement/sessions/${sessionId}/notes`, { kind: 'transcript', pseudonym: 'P-ZZZZ99', body: 'Keep this text &amp; that' })
    expectFormErrors(typed, 'Notes and transcripts: Workshop in Eastport', [['pseudonym', /P-ZZZZ99/]])
    assert.equal(textareaValue(typed.body, 'body'), 'Keep this text &amp;amp; that')
    assert.match(typed.body, /name="kind"[^>]*value="transcript"[^>]*checked/)

    const ok = await analyst.post(`/engagement/sessions/${sessionId}/notes`, { kind: 'transcript', pseudonym, body: 'I waited six weeks for a reply.' })
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 2000))
    assert.equal(ok.headers.location, `/engagement/sessions/${sessionId}/notes`)
    const group = await manager.post(`/engagement/sessions/${sessionId}/notes`, { kind: 'note', pseudonym: '', body: 'The group said the forms were long.' })
    assert.equal(group.statusCode, 303)
    const after = await analyst.get(`/engagement/sessions/${sessionId}/notes`)
    assert.match(after.body, /Transcript added|Notes added/)
    const rows = tableRows(after.body, 'session-notes')
    assert.deepEqual(rows.map(r => [r[1], r[2]]).sort(), [[pseudonym, 'Yes'], ['The group', 'No']].sort())
  })

  it('shows one item’s provenance, and changes and removes it through a confirm page', async () => {
    const list = await analyst.get(`/engagement/sessions/${sessionId}/notes`)
    const id = itemOfRow(list.body, pseudonym)
    assert.ok(id, 'the transcript is listed')
    const page = await analyst.get(`/evidence/${id}`)
    assert.equal(page.statusCode, 200)
    const provenance = /<dl class="govuk-summary-list" id="provenance">([\s\S]*?)<\/dl>/.exec(page.body)?.[1] ?? ''
    const text = provenance.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    assert.match(text, /Channel Workshop/)
    assert.match(text, /Activity Workshop in Eastport/)
    assert.match(text, /How it was entered By staff or a partner, from a session/)
    assert.match(text, /Source reference notes:/)
    assert.match(text, new RegExp(`Who ${pseudonym}`))
    assert.match(text, /Their panel answers at the time Area: Northshire City/)
    assert.match(text, /May be quoted Yes, may be quoted/)
    assert.doesNotMatch(page.body, /Quoted Person/)

    const change = await analyst.get(`/evidence/${id}/change`)
    assert.equal(change.statusCode, 200)
    const bad = await analyst.post(`/evidence/${id}/change`, { kind: 'note', pseudonym: '', body: '' })
    expectFormErrors(bad, 'Change transcript', [['body', 'Enter the notes or transcript']])
    const saved = await analyst.post(`/evidence/${id}/change`, { kind: 'note', pseudonym: '', body: 'Now group notes.' })
    assert.equal(saved.statusCode, 303)
    assert.match((await analyst.get(`/evidence/${id}`)).body, /Now group notes\./)

    const confirm = await analyst.get(`/evidence/${id}/remove`)
    assert.equal(confirm.statusCode, 200)
    assert.match(confirm.body, /Are you sure you want to remove the notes\?/)
    const removed = await analyst.post(`/evidence/${id}/remove`)
    assert.equal(removed.statusCode, 303)
    assert.equal(removed.headers.location, `/engagement/sessions/${sessionId}/notes`)
    assert.equal((await analyst.get(`/evidence/${id}`)).statusCode, 404)
  })

  it('filters the list without JavaScript, pages it, and shows stakeholder input apart', async () => {
    for (let n = 0; n < 3; n++) {
      const id = newId()
      const now = new Date().toISOString()
      await insertItem(t.deps.db, {
        id, channel: 'stakeholder_submission', kind: 'submission', source_role: 'stakeholder', activity_id: null, session_id: null, question_id: null, question_text: null,
        participant_id: null, pseudonym: null, demographic_snapshot_json: null, consent_to_quote: 'yes', entry: 'import', entered_by_user_id: null, entered_by_role: null,
        body: `Stakeholder submission ${n}`, source_ref: `test:${id}`, captured_at: now, created_at: now, updated_at: now,
      })
    }
    const all = await analyst.get('/evidence')
    assert.equal(all.statusCode, 200)
    assert.match(all.body, /<strong>1<\/strong> item, and 3 of stakeholder input shown apart/)
    assert.equal(tableRows(all.body, 'stakeholder-evidence').length, 3)
    assert.ok(tableRows(all.body, 'evidence').every(r => !/Stakeholder/.test(r[2]!)))

    const quotable = await analyst.get('/evidence?quotable=yes&channel=workshop')
    assert.match(quotable.body, /<strong>0<\/strong> items/)
    assert.match(quotable.body, /No evidence matches these filters/)
    assert.match(quotable.body, /<option value="workshop" selected>/)

    const bySession = await analyst.get(`/evidence?session=${sessionId}&activity=${activityId}`)
    assert.match(bySession.body, /<strong>1<\/strong> item<\/p>|<strong>1<\/strong> item,/)
    assert.match(bySession.body, new RegExp(`<input type="hidden" name="session" value="${sessionId}">`))

    const stakeholder = await analyst.get('/evidence?role=stakeholder')
    assert.match(stakeholder.body, /<strong>3<\/strong> items of stakeholder input/)
    assert.equal(tableRows(stakeholder.body, 'evidence').length, 3)
    assert.doesNotMatch(stakeholder.body, /id="stakeholder-evidence"/)

    const nonsense = await analyst.get('/evidence?channel=telepathy&role=king&activity=x&page=99')
    assert.equal(nonsense.statusCode, 200)
    assert.match(nonsense.body, /<strong>1<\/strong> item/)
  })

  it('lets only analysts and panel managers in, and shows them the nav item', async () => {
    for (const role of ['stakeholder', 'panel_member', 'scrutiny_body', 'policy_official'] as const) {
      const agent = await t.signInAs(role)
      assert.equal((await agent.get('/evidence')).statusCode, 403, role)
      assert.equal((await agent.get(`/engagement/sessions/${sessionId}/notes`)).statusCode, 403, role)
      assert.equal((await agent.post(`/engagement/sessions/${sessionId}/notes`, { kind: 'note', body: 'x' })).statusCode, 403, role)
    }
    const signedOut = await t.agent().get('/evidence')
    assert.equal(signedOut.statusCode, 303)
    assert.match((await manager.get('/evidence')).body, /href="\/evidence"/)
    assert.equal((await manager.get(`/engagement/sessions/${newId()}/notes`)).statusCode, 404)
  })
})
