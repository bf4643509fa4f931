// Invitations: the pure rule for who is invited and who is skipped (and why), then the whole journey on a real
// database (both dialects when DATABASE_URL is set): preview, send by email over real SMTP, by text message to a
// local fake of GOV.UK Notify that checks every request, letters as one tagged PDF, replies through the link and by
// phone, the monthly contact limit, and one identity-read audit event per batch.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestApp, type TestApp } from '../../../../test/support/test-app.ts'
import { linkIn } from '../../../../test/support/smtp.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { PUBLIC_ACTOR } from '../../../platform/auth/actor.ts'
import type { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { changeConsents, changeParticipantStatus, registerParticipant, type InvitationReach } from '../../panel/index.ts'
import { createActivity } from './activities.ts'
import { phoneChannel } from './channels/channel.ts'
import { emailChannel } from './channels/email.ts'
import { letterChannel } from './channels/letter.ts'
import { fakeNotify } from './channels/notify-fake.test-support.ts'
import { notifyJwt, parseNotifyKey, textMessageChannel, textMessageSettings } from './channels/text-message.ts'
import {
  getInvitationForReply,
  getInvitations,
  getLetters,
  planInvitations,
  previewInvitations,
  recordPhoneReply,
  replyToInvitation,
  sendInvitations,
  type AudienceChoice,
  type ChannelSet,
} from './invitations.ts'

const MANAGER: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Panel manager' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }

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

describe('planInvitations (the rule)', () => {
  it('invites by the preferred channel and gives each skipped person their reason, in pseudonym order', () => {
    const plan = planInvitations(
      [
        reach({ pseudonym: 'P-HHHHHH', preferredChannel: 'phone' }),
        reach({ pseudonym: 'P-AAAAAA' }),
        reach({ pseudonym: 'P-BBBBBB', status: 'withdrawn' }),
        reach({ pseudonym: 'P-CCCCCC', contactable: false }),
        reach({ pseudonym: 'P-DDDDDD', preferredChannel: 'letter', hasAddress: false }),
        reach({ pseudonym: 'P-EEEEEE', maxInvitationsPerMonth: 1 }),
        reach({ pseudonym: 'P-FFFFFF', preferredChannel: 'text' }),
        reach({ pseudonym: 'P-GGGGGG', preferredChannel: 'letter', preferredFormat: 'large_print' }),
        reach({ pseudonym: 'P-IIIIII' }),
        reach({ pseudonym: 'P-JJJJJJ', hasEmail: false }),
      ],
      { sentThisMonth: new Map([['P-EEEEEE', 1]]), alreadyInvited: new Set(['P-IIIIII']), notReady: { text: 'Text messages are not set up' }, invitedTo: 'this activity' },
    )
    assert.deepEqual(plan.toInvite.map(i => [i.pseudonym, i.channelLabel, i.formatLabel]), [
      ['P-AAAAAA', 'Email', 'Standard'],
      ['P-GGGGGG', 'Letter', 'Large print'],
      ['P-HHHHHH', 'Phone call', 'Standard'],
    ])
    assert.deepEqual(plan.skipped.map(s => [s.pseudonym, s.reasonText]), [
      ['P-BBBBBB', 'Has left the panel'],
      ['P-CCCCCC', 'Has not agreed to be contacted about research'],
      ['P-DDDDDD', 'No address for letters'],
      ['P-EEEEEE', 'Contact limit reached this month (1 of 1)'],
      ['P-FFFFFF', 'Text messages are not set up'],
      ['P-IIIIII', 'Already invited to this activity'],
      ['P-JJJJJJ', 'No email address'],
    ])
  })
})

describe('invitations on a real database', () => {
  let t: TestApp
  let notify: Awaited<ReturnType<typeof fakeNotify>>
  const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506'
  const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'
  const ids: Record<string, string> = {}
  let activityId = ''
  let channels: ChannelSet
  let annLink = ''

  const register = async (name: string, over: Record<string, unknown>, consent = true) => {
    const p = await registerParticipant(t.deps, MANAGER, { fullName: name, joinedVia: 'phone', preferredChannel: 'email', email: `${name.toLowerCase()}@example.org`, ...over } as never)
    await changeConsents(t.deps, MANAGER, p.id, [{ purpose: 'contact_research', given: consent }])
    ids[name] = p.id
    return p
  }
  const WHOLE: AudienceChoice = { group: 'whole_panel', sessionId: null, dimensions: {}, tags: [] }

  before(async () => {
    t = await createTestApp()
    notify = await fakeNotify(SERVICE, SECRET)
    const settings = textMessageSettings({ textMessages: { apiKey: `charter_test-${SERVICE}-${SECRET}`, templateId: 'f33517ff-2a88-4f6e-b855-c550268ce08a', baseUrl: notify.url } })
    const all = { email: emailChannel(t.deps.mailer), text: textMessageChannel(settings), letter: letterChannel, phone: phoneChannel }
    channels = { get: c => all[c] }
    await register('Ann', { supportNeeds: [{ need: 'bsl_interpreter' }, { need: 'travel' }] })
    await register('Bob', { preferredChannel: 'letter', preferredFormat: 'large_print', address: { line1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' } })
    await register('Cat', { preferredChannel: 'text', phone: '07700 900 982' })
    await register('Dan', { preferredChannel: 'text', phone: '07700 000000' })
    await register('Eve', {}, false)
    await register('Fay', {})
    await changeParticipantStatus(t.deps, MANAGER, { participantId: ids.Fay!, status: 'withdrawn' })
    await register('Gus', { maxInvitationsPerMonth: 1 })
    await register('Hal', { preferredChannel: 'phone', phone: '01632 960 001' })
    ;({ id: activityId } = await createActivity(t.deps, MANAGER, {
      roundId: null, kind: 'workshop', title: 'Workshop: applying for help', purpose: 'To hear what made applying hard.', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    }))
  })
  after(async () => {
    await notify?.close()
    await t?.close()
  })

  it('only the panel manager previews, and the preview shows channels and reasons by pseudonym', async () => {
    await assert.rejects(previewInvitations(t.deps, ANALYST, activityId, WHOLE), (e: AppError) => e.code === 'FORBIDDEN')
    const plan = await previewInvitations(t.deps, MANAGER, activityId, WHOLE, channels)
    const byId = (id: string) => plan.toInvite.find(i => i.participantId === id)
    assert.equal(byId(ids.Ann!)?.channel, 'email')
    assert.equal(byId(ids.Bob!)?.format, 'large_print')
    assert.equal(byId(ids.Cat!)?.channel, 'text')
    assert.equal(byId(ids.Hal!)?.channel, 'phone')
    const reasons = Object.fromEntries(plan.skipped.map(s => [s.participantId, s.reasonText]))
    assert.equal(reasons[ids.Eve!], 'Has not agreed to be contacted about research')
    assert.equal(reasons[ids.Fay!], 'Has left the panel')
    assert.ok(plan.skipped.every(s => /^P-/.test(s.pseudonym)))
    // Without a text message provider configured, people who prefer texts are skipped with that reason.
    const plain = await previewInvitations(t.deps, MANAGER, activityId, WHOLE)
    assert.equal(plain.skipped.find(s => s.participantId === ids.Cat)?.reasonText, 'Text messages are not set up')
  })

  it('sends by email over SMTP, by text to the provider, letters to print and calls to make; one identity read per batch', async () => {
    const before = await t.database.db.selectFrom('audit_event').select('id').where('action', '=', 'panel.identity_viewed').execute()
    const outcome = await sendInvitations(t.deps, MANAGER, activityId, WHOLE, channels)
    assert.deepEqual([outcome.invited, outcome.sent, outcome.failed, outcome.toPrint, outcome.toPhone], [6, 3, 1, 1, 1])
    const after = await t.database.db.selectFrom('audit_event').select('id').where('action', '=', 'panel.identity_viewed').execute()
    assert.equal(after.length - before.length, 1, 'one audit event for the batch')
    const mail = await t.smtp.waitFor(m => m.to.includes('ann@example.org'))
    assert.match(mail.subject, /Invitation: Workshop: applying for help/)
    assert.match(mail.text, /Quote your reference: INV-/)
    // Each text message request was checked by the fake provider.
    assert.equal(notify.requests.length, 2)
    assert.deepEqual(notify.requests.flatMap(r => r.problems), [])
    const cat = notify.requests.find(r => r.body.phone_number === '07700 900 982')!
    assert.match(String((cat.body.personalisation as Record<string, string>).reply_link), /\/invitations\/[A-Za-z0-9_-]{43}$/)
    const list = await getInvitations(t.deps, MANAGER, activityId)
    const dan = list.invitations.find(i => i.channel === 'text' && i.status === 'failed')!
    assert.match(dan.failureReason ?? '', /Not a UK mobile number/)
    // Sent again: everyone already invited (the failed text may be tried again).
    const again = await previewInvitations(t.deps, MANAGER, activityId, WHOLE, channels)
    assert.deepEqual(again.toInvite.map(i => i.participantId), [ids.Dan])
    assert.ok(again.skipped.some(s => s.participantId === ids.Ann && s.reasonText === 'Already invited to this activity'))
    annLink = linkIn(mail.text)
  })

  it('respects the monthly contact limit across activities', async () => {
    const { id: second } = await createActivity(t.deps, MANAGER, {
      roundId: null, kind: 'poll', title: 'Poll', purpose: 'A quick question.', audience: 'whole_panel',
      audienceDetail: '', commissionedBy: 'research_team', commissioningDecision: '', opensOn: null, closesOn: null,
    })
    const plan = await previewInvitations(t.deps, MANAGER, second, WHOLE, channels)
    assert.equal(plan.skipped.find(s => s.participantId === ids.Gus)?.reasonText, 'Contact limit reached this month (1 of 1)')
    assert.ok(plan.toInvite.some(i => i.participantId === ids.Ann), 'Ann may have 2 a month')
  })

  it('prints every letter into one tagged PDF, large print for those who asked', async () => {
    const { pdf, count } = await getLetters(t.deps, MANAGER, activityId)
    assert.equal(count, 1)
    const text = pdf.toString('latin1')
    assert.ok(text.startsWith('%PDF-1.7'))
    assert.match(text, /\/StructTreeRoot/)
    assert.match(text, /\/MarkInfo/)
    assert.match(text, /\/Lang \(en-GB\)/)
  })

  it('takes a reply through the link: every problem first, then yes with the support needed this time', async () => {
    const token = new URL(annLink).pathname.split('/').pop()!
    const view = await getInvitationForReply(t.deps, token)
    assert.deepEqual(view.needsOffered.map(n => n.code), ['bsl_interpreter', 'travel'])
    await assert.rejects(replyToInvitation(t.deps, PUBLIC_ACTOR, token, { reply: '', needs: [] }), (e: AppError) => e.fieldErrors[0]?.field === 'reply')
    await assert.rejects(replyToInvitation(t.deps, PUBLIC_ACTOR, token, { reply: 'accepted', needs: [] }), (e: AppError) => e.fieldErrors[0]?.field === 'needs')
    await replyToInvitation(t.deps, PUBLIC_ACTOR, token, { reply: 'accepted', needs: ['travel'] })
    await assert.rejects(getInvitationForReply(t.deps, `${token.slice(0, -2)}xx`), (e: AppError) => e.code === 'NOT_FOUND')
    const ann = (await getInvitations(t.deps, MANAGER, activityId)).invitations.find(i => i.reply !== null)!
    assert.deepEqual([ann.replyLabel, ann.replyNeeds, ann.replyChannel], ['Accepted', ['Help with travel'], 'online'])
  })

  it('records a reply taken by phone', async () => {
    const hal = (await getInvitations(t.deps, MANAGER, activityId)).invitations.find(i => i.channel === 'phone')!
    await assert.rejects(recordPhoneReply(t.deps, ANALYST, hal.id, { reply: 'declined', needs: [] }), (e: AppError) => e.code === 'FORBIDDEN')
    await recordPhoneReply(t.deps, MANAGER, hal.id, { reply: 'declined', needs: [] })
    const after = (await getInvitations(t.deps, MANAGER, activityId)).invitations.find(i => i.id === hal.id)!
    assert.deepEqual([after.replyLabel, after.replyChannel], ['Declined', 'phone'])
  })

  it('builds the Notify bearer token from the key', () => {
    const key = parseNotifyKey(`my_key-${SERVICE}-${SECRET}`)!
    assert.deepEqual(key, { serviceId: SERVICE, secret: SECRET })
    const [, claims] = notifyJwt(key.serviceId, key.secret, 1_700_000_000).split('.')
    assert.deepEqual(JSON.parse(Buffer.from(claims!, 'base64url').toString()), { iss: SERVICE, iat: 1_700_000_000 })
    assert.equal(textMessageSettings(t.deps.config), undefined, 'not configured: the channel is not set up')
  })
})
