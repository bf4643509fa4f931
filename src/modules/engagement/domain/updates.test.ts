// "You said, we did" updates on every dialect in TEST_DIALECTS: the pure rule for who is reached and who is skipped
// (erased people included), then the whole journey on a real database: an analyst hands an update over; only the
// panel manager previews and sends it; email through a fake mailer, text messages to a local fake of GOV.UK Notify
// (with and without the updates template), letters as one tagged PDF (large print, Easy Read noted), the phone list
// marked as phoned; the monthly contact limit counting updates (for invitations too); the public page once sent.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import type { OutgoingMessage } from '../../../platform/mail/mailer.ts'
import { changeConsents, changeParticipantStatus, eraseParticipant, registerParticipant, type InvitationReach } from '../../panel/index.ts'
import { createActivity } from './activities.ts'
import { phoneChannel } from './channels/channel.ts'
import { updateEmailChannel } from './channels/email.ts'
import { letterChannel } from './channels/letter.ts'
import { fakeNotify } from './channels/notify-fake.test-support.ts'
import { textMessageSettings, updateTextMessageChannel } from './channels/text-message.ts'
import { previewInvitations } from './invitations.ts'
import {
  getPublicUpdate,
  getUpdate,
  getUpdateLetters,
  getUpdates,
  markPhoned,
  planUpdate,
  previewUpdate,
  queueUpdate,
  sendUpdate,
  updateChannelsFor,
  type HandOver,
  type UpdateChannelSet,
} from './updates.ts'

const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }
const MEMBER: Actor = { userId: newId(), role: 'panel_member', displayName: 'Member' }
const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506'
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'
const UPDATE_TEMPLATE = '0b1e4a3c-7d2f-4f5e-9a8b-6c5d4e3f2a1b'

const reach = (over: Partial<InvitationReach>): InvitationReach => ({
  participantId: over.pseudonym ?? 'x',
  pseudonym: 'P-AAAAAA',
  status: 'active',
  contactable: true,
  maxInvitationsPerMonth: 2,
  preferredChannel: 'email',
  preferredFormat: 'standard',
  hasEmail: true,
  hasPhone: true,
  hasAddress: true,
  supportNeeds: [],
  ...over,
})

const code = (c: string) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err))
  assert.equal(err.code, c, err.message)
  return true
}

describe('planUpdate (the rule)', () => {
  it('reaches people by their channel, and gives erased and removed people their own reason', () => {
    const people = [
      reach({ pseudonym: 'P-AAAAAA' }),
      reach({ pseudonym: 'P-BBBBBB', status: 'erased', preferredChannel: null }),
      reach({ pseudonym: 'P-CCCCCC', status: 'withdrawn' }),
      reach({ pseudonym: 'P-DDDDDD', preferredChannel: 'text' }),
      reach({ pseudonym: 'P-EEEEEE', maxInvitationsPerMonth: 1 }),
      reach({ pseudonym: 'P-FFFFFF', preferredChannel: 'letter', preferredFormat: 'easy_read' }),
    ]
    const ids = [...people.map(p => p.participantId), 'gone']
    const plan = planUpdate(ids, people, { sentThisMonth: new Map([['P-EEEEEE', 1]]), notReady: { text: 'Text messages for updates are not set up' } })
    assert.deepEqual(plan.toSend.map(p => [p.pseudonym, p.channelLabel, p.formatLabel]), [
      ['P-AAAAAA', 'Email', 'Standard'],
      ['P-FFFFFF', 'Letter', 'Easy Read'],
    ])
    assert.deepEqual(plan.skipped.map(s => [s.pseudonym, s.reasonText]), [
      ['P-BBBBBB', 'Name and contact details have been erased'],
      ['P-CCCCCC', 'Has left the panel'],
      ['P-DDDDDD', 'Text messages for updates are not set up'],
      ['P-EEEEEE', 'Contact limit reached this month (1 of 1)'],
      ['Removed', 'Name and contact details have been erased'],
    ])
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: you said, we did updates`, () => {
    let d: TestDatabase
    let deps: AppDeps
    let notify: Awaited<ReturnType<typeof fakeNotify>>
    let channels: UpdateChannelSet
    const mails: OutgoingMessage[] = []
    const ids: Record<string, string> = {}
    const pseudonyms: Record<string, string> = {}
    let updateId = ''

    const register = async (name: string, over: Record<string, unknown>, consent = true) => {
      const p = await registerParticipant(deps, MANAGER, { fullName: name, joinedVia: 'phone', preferredChannel: 'email', email: `${name.toLowerCase()}@example.org`, ...over } as never)
      await changeConsents(deps, MANAGER, p.id, [{ purpose: 'contact_research', given: consent }])
      ids[name] = p.id
      pseudonyms[name] = p.pseudonym
    }
    const handOver = (over: Partial<HandOver> = {}, actor: Actor = ANALYST) =>
      inTransaction(deps, actor, uow =>
        queueUpdate(uow, {
          title: 'What you told us about applying',
          youSaid: 'The form was too long.\n\nYou waited too long for an answer.',
          weDid: 'We cut the form to four pages.',
          sourceType: 'analysis_feedback',
          sourceId: newId(),
          participantIds: Object.values(ids),
          ...over,
        }),
      )
    const actions = async (action: string) => d.db.selectFrom('audit_event').select(['summary', 'subject_id']).where('action', '=', action).execute()

    before(async () => {
      notify = await fakeNotify(SERVICE, SECRET)
      d = await createTestDatabase(dialect)
      deps = {
        config: d.config,
        db: d.db,
        dialect: d.dialect,
        clock: { now: () => new Date() },
        mailer: { send: async m => void mails.push(m), close: () => {} },
        logger: createLogger('silent'),
      }
      const settings = textMessageSettings({ textMessages: { apiKey: `charter_test-${SERVICE}-${SECRET}`, templateId: 'f33517ff-2a88-4f6e-b855-c550268ce08a', updateTemplateId: UPDATE_TEMPLATE, baseUrl: notify.url } })
      const all = { email: updateEmailChannel(deps.mailer), text: updateTextMessageChannel(settings), letter: letterChannel, phone: phoneChannel }
      channels = { get: c => all[c] }
      await register('Ann', {})
      await register('Bob', { preferredChannel: 'letter', preferredFormat: 'large_print', address: { line1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' } })
      await register('Kim', { preferredChannel: 'letter', preferredFormat: 'easy_read', address: { line1: '2 High Street', town: 'Eastport', postcode: 'EP1 1AB' } })
      await register('Cat', { preferredChannel: 'text', phone: '07700 900 982' })
      await register('Dan', { preferredChannel: 'text', phone: '07700 000000' })
      await register('Eve', {}, false)
      await register('Fay', {})
      await changeParticipantStatus(deps, MANAGER, { participantId: ids.Fay!, status: 'withdrawn' })
      await register('Gus', { maxInvitationsPerMonth: 1 })
      await register('Hal', { preferredChannel: 'phone', phone: '01632 960 001' })
      await register('Ivy', {})
      await eraseParticipant(deps, MANAGER, { participantId: ids.Ivy!, deleteContributions: false })
    })
    after(async () => {
      await notify?.close()
      await d?.close()
    })

    it('is handed over by an analyst only, with its text checked and someone to send it to', async () => {
      await assert.rejects(handOver({}, MANAGER), code('FORBIDDEN'))
      await assert.rejects(handOver({ title: ' ', weDid: 'x'.repeat(1501), participantIds: [] }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['title', 'weDid', 'people'])
        return true
      })
      // A first update, to Gus alone, sent now: it counts against his limit of one contact a month.
      const { id: first } = await handOver({ participantIds: [ids.Gus!], title: 'An earlier update' })
      await sendUpdate(deps, MANAGER, first, channels)
      ;({ id: updateId } = await handOver())
      const received = await actions('engagement.update_received')
      assert.equal(received.length, 2)
      assert.doesNotMatch(received.map(r => r.summary).join(' '), /Ann|Gus|example\.org/)
    })

    it('shows only the panel manager who gets it by which channel, and who is left out and why', async () => {
      await assert.rejects(previewUpdate(deps, ANALYST, updateId, channels), code('FORBIDDEN'))
      await assert.rejects(getUpdates(deps, MEMBER), code('FORBIDDEN'))
      await assert.rejects(getUpdate(deps, ANALYST, updateId), code('FORBIDDEN'))
      const plan = await previewUpdate(deps, MANAGER, updateId, channels)
      const by = Object.fromEntries(plan.toSend.map(p => [p.participantId, `${p.channelLabel}, ${p.formatLabel}`]))
      assert.deepEqual(by, {
        [ids.Ann!]: 'Email, Standard',
        [ids.Bob!]: 'Letter, Large print',
        [ids.Kim!]: 'Letter, Easy Read',
        [ids.Cat!]: 'Text message, Standard',
        [ids.Dan!]: 'Text message, Standard',
        [ids.Hal!]: 'Phone call, Standard',
      })
      const why = Object.fromEntries(plan.skipped.map(s => [s.participantId, s.reasonText]))
      assert.deepEqual(why, {
        [ids.Eve!]: 'Has not agreed to be contacted about research',
        [ids.Fay!]: 'Has left the panel',
        [ids.Gus!]: 'Contact limit reached this month (1 of 1)',
        [ids.Ivy!]: 'Name and contact details have been erased',
      })
      assert.ok(plan.skipped.every(s => /^P-/.test(s.pseudonym)), 'by pseudonym, never by name')
      // Without the updates template (or without text messages at all), people who prefer texts are left out, saying so.
      const noTemplate = await previewUpdate(deps, MANAGER, updateId, {
        get: c => (c === 'text' ? updateTextMessageChannel(textMessageSettings({ textMessages: { apiKey: `k-${SERVICE}-${SECRET}`, templateId: UPDATE_TEMPLATE, baseUrl: notify.url } })) : channels.get(c)),
      })
      assert.equal(noTemplate.skipped.find(s => s.participantId === ids.Cat)?.reasonText, 'Text messages for updates are not set up')
      const none = await previewUpdate(deps, MANAGER, updateId, updateChannelsFor(deps))
      assert.equal(none.skipped.find(s => s.participantId === ids.Dan)?.reasonText, 'Text messages are not set up')
    })

    it('is not public until sent', async () => {
      await assert.rejects(getPublicUpdate(deps, updateId), code('NOT_FOUND'))
      await assert.rejects(getPublicUpdate(deps, 'not-an-id'), code('NOT_FOUND'))
    })

    it('sends by email and text, keeps letters to print and calls to make, and records what happened', async () => {
      await assert.rejects(sendUpdate(deps, ANALYST, updateId, channels), code('FORBIDDEN'))
      const identityReadsBefore = (await actions('panel.identity_viewed')).length
      const before = notify.requests.length
      const outcome = await sendUpdate(deps, MANAGER, updateId, channels)
      assert.deepEqual([outcome.recipients, outcome.sent, outcome.failed, outcome.toPrint, outcome.toPhone, outcome.skipped], [6, 2, 1, 2, 1, 4])
      assert.equal((await actions('panel.identity_viewed')).length - identityReadsBefore, 1, 'one identity read for the batch')

      const mail = mails.find(m => m.to === 'ann@example.org' && m.subject === 'What you told us about applying')
      assert.ok(mail, 'Ann is emailed, the subject being the title')
      assert.match(mail.text ?? '', /^Dear Ann,/)
      assert.match(mail.text ?? '', /You said:\nThe form was too long\.\n\nYou waited too long for an answer\.\n\nWe did:\nWe cut the form to four pages\./)
      assert.match(mail.text ?? '', new RegExp(`/updates/${updateId}`))

      const texts = notify.requests.slice(before)
      assert.equal(texts.length, 2)
      assert.deepEqual(texts.flatMap(r => r.problems), [])
      const cat = texts.find(r => r.body.phone_number === '07700 900 982')!
      assert.equal(cat.body.template_id, UPDATE_TEMPLATE)
      assert.deepEqual(cat.body.personalisation, { title: 'What you told us about applying', link: `${deps.config.server.baseUrl}/updates/${updateId}` })

      const update = await getUpdate(deps, MANAGER, updateId)
      assert.equal(update.status, 'sent')
      const status = Object.fromEntries(update.recipients.map(r => [r.participantId, r.statusLabel]))
      assert.equal(status[ids.Ann!], 'Sent')
      assert.equal(status[ids.Cat!], 'Sent')
      assert.equal(status[ids.Dan!], 'Not sent')
      assert.match(update.recipients.find(r => r.participantId === ids.Dan)?.failureReason ?? '', /Not a UK mobile number/)
      assert.equal(status[ids.Bob!], 'Letter to print')
      assert.equal(status[ids.Hal!], 'To phone')

      const [sent] = await actions('engagement.update_sent')
        .then(rows => rows.filter(r => r.subject_id === updateId))
      const summary = JSON.parse(sent!.summary) as { byChannel: Record<string, number>; sentTo: string[]; skipped: { reason: string }[] }
      assert.deepEqual(summary.byChannel, { email: 1, text: 2, phone: 1, letter: 2 })
      assert.doesNotMatch(sent!.summary, /Ann|example\.org|07700/)
      assert.equal((await actions('engagement.update_delivered')).filter(r => r.subject_id === updateId).length, 1)

      await assert.rejects(sendUpdate(deps, MANAGER, updateId, channels), code('INVALID_STATE'), 'sent once only')
      assert.deepEqual((await getUpdates(deps, MANAGER)).map(u => u.status), ['sent', 'sent'])
    })

    it('prints the letters into one tagged PDF', async () => {
      const { pdf, count } = await getUpdateLetters(deps, MANAGER, updateId)
      assert.equal(count, 2)
      const text = pdf.toString('latin1')
      assert.ok(text.startsWith('%PDF-1.7'))
      assert.match(text, /\/StructTreeRoot/)
      assert.match(text, /\/Lang \(en-GB\)/)
      await assert.rejects(getUpdateLetters(deps, ANALYST, updateId), code('FORBIDDEN'))
    })

    it('marks a phone call as made, once', async () => {
      const hal = (await getUpdate(deps, MANAGER, updateId)).recipients.find(r => r.channel === 'phone')!
      await assert.rejects(markPhoned(deps, ANALYST, updateId, hal.id), code('FORBIDDEN'))
      await markPhoned(deps, MANAGER, updateId, hal.id)
      const after = (await getUpdate(deps, MANAGER, updateId)).recipients.find(r => r.id === hal.id)!
      assert.equal(after.statusLabel, 'Phoned')
      await assert.rejects(markPhoned(deps, MANAGER, updateId, hal.id), code('INVALID_STATE'))
      const ann = (await getUpdate(deps, MANAGER, updateId)).recipients.find(r => r.participantId === ids.Ann)!
      await assert.rejects(markPhoned(deps, MANAGER, updateId, ann.id), code('INVALID_STATE'))
      await assert.rejects(markPhoned(deps, MANAGER, newId(), hal.id), code('NOT_FOUND'))
    })

    it('is public once sent, in paragraphs, with no names', async () => {
      const page = await getPublicUpdate(deps, updateId)
      assert.deepEqual([page.title, page.youSaid, page.weDid], ['What you told us about applying', ['The form was too long.', 'You waited too long for an answer.'], ['We cut the form to four pages.']])
      assert.doesNotMatch(JSON.stringify(page), /P-[A-Z0-9]{6}|Ann/)
    })

    it('counts updates as contacts when inviting people too', async () => {
      const { id: activityId } = await createActivity(deps, MANAGER, {
        roundId: null, kind: 'workshop', title: 'Workshop', purpose: 'To hear more.', audience: 'whole_panel',
        audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
      })
      const plan = await previewInvitations(deps, MANAGER, activityId, { group: 'whole_panel', sessionId: null, dimensions: {}, tags: [] })
      assert.equal(plan.skipped.find(s => s.participantId === ids.Gus)?.reasonText, 'Contact limit reached this month (1 of 1)')
      assert.ok(plan.toInvite.some(i => i.participantId === ids.Ann), 'Ann may have 2 a month: one update so far')
    })
  })
}
