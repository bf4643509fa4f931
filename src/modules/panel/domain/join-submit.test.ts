import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { createActiveUser, getUser } from '../../accounts/index.ts'
import { PUBLIC_ACTOR, systemActor, type Actor } from '../../../platform/auth/actor.ts'
import { fixedClock } from '../../../platform/clock.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { createLogger } from '../../../platform/logger.ts'
import type { OutgoingMessage } from '../../../platform/mail/mailer.ts'
import { findDemographicsOf, findParticipantById } from '../data/participant.repository.ts'
import { DEFAULT_PANEL_CATALOGUE } from './catalogue.ts'
import { getConsentHistory, isContactable } from './consent-queries.ts'
import {
  checkJoinResumeLink,
  JOIN_DRAFT_DAYS,
  joinSubmissionOf,
  loadJoinDraft,
  parseJoinAnswers,
  removeExpiredJoinDrafts,
  resumeJoinDraft,
  saveJoinPage,
  sendJoinResumeLink,
} from './join-draft.ts'
import { submitJoin } from './join-submit.ts'
import { getParticipantIdentity } from './get-participant-identity.ts'
import type { FormValues } from './join-questions.ts'

const ME = { ...PUBLIC_ACTOR }
const manager: Actor = { userId: '00000000-0000-7000-8000-00000000000a', role: 'panel_manager', displayName: 'Manager' }
const DAY = 86_400_000
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
let serial = 0

const CONSENTS: FormValues = {
  'consent-contact_research': 'yes',
  'version-contact_research': '1',
  'consent-quotes': 'yes',
  'version-quotes': '1',
  'consent-special_category': 'no',
  'version-special_category': '1',
  'consent-recordings': 'no',
  'version-recordings': '1',
}

async function count(db: TestDatabase['db'], table: string): Promise<number> {
  const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db)
  return Number(r.rows[0]?.n ?? 0)
}

for (const dialect of TEST_DIALECTS) {
  describe(`joining online (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const clock = fixedClock('2026-11-23T09:00:00.000Z')
    const sent: OutgoingMessage[] = []

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = {
        config: database.config,
        db: database.db,
        dialect: database.dialect,
        clock,
        mailer: { send: async m => void sent.push(m), close: () => {} },
        logger: createLogger('silent'),
      }
    })
    after(() => database.close())

    /** A finished journey, page by page, as the person's browser would save it. */
    async function journey(over: Record<string, FormValues> = {}): Promise<{ draftId: string; email: string }> {
      serial += 1
      const email = `wilhelmina.join.${serial}@example.org`
      const pages: Record<string, FormValues> = {
        name: { fullName: `Wilhelmina Joinsworth ${serial}` },
        contact: { email, phone: '07700 900444', addressLine1: '', addressTown: '', addressPostcode: '' },
        preferences: { preferredChannel: 'email', preferredFormat: 'easy_read' },
        'about-area': { 'answer-area': 'glenmoor' },
        'about-disability': { 'answer-disability': 'limited_a_little' },
        'about-benefits': { 'answer-benefits': ['carer', 'housing'] },
        support: { needs: ['travel'], 'needDetail-travel': 'Train fare' },
        consent: CONSENTS,
        ...over,
      }
      let draftId: string | undefined
      for (const [page, values] of Object.entries(pages)) draftId = await saveJoinPage(deps, ME, draftId, page, { ...values, _csrf: 'x', action: 'continue' })
      return { draftId: draftId!, email }
    }

    it('keeps the answers encrypted in the draft, and gives them back page by page', async () => {
      const { draftId, email } = await journey()
      const row = await database.db.withTables<{ panel_join_draft: { id: string; answers_enc: string } }>().selectFrom('panel_join_draft').selectAll().where('id', '=', draftId).executeTakeFirstOrThrow()
      assert.match(row.answers_enc, /^v1\./)
      for (const s of ['Wilhelmina', email, '900444', 'Train fare']) assert.ok(!row.answers_enc.includes(s), `the draft table shows ${s}`)
      const draft = await loadJoinDraft(deps, draftId)
      assert.equal(draft?.pages.name?.fullName, `Wilhelmina Joinsworth ${serial}`)
      assert.equal(draft?.pages.name?._csrf, undefined, 'the form token is not kept')
      assert.equal(draft?.lastPage, 'consent')
    })

    it('says which required pages are missing, and what will not be kept', async () => {
      const draft = await loadJoinDraft(deps, (await journey({ preferences: { preferredChannel: 'letter' } })).draftId)
      const parsed = parseJoinAnswers(DEFAULT_PANEL_CATALOGUE, draft!)
      assert.deepEqual(parsed.incomplete, ['preferences'], 'letter, but no address was given')
      assert.throws(() => joinSubmissionOf(DEFAULT_PANEL_CATALOGUE, parsed), hasCode('INVALID_STATE'))
      const empty = parseJoinAnswers(DEFAULT_PANEL_CATALOGUE, { pages: {} })
      assert.deepEqual(empty.incomplete, ['name', 'contact', 'preferences', 'consent'])

      const complete = parseJoinAnswers(DEFAULT_PANEL_CATALOGUE, (await loadJoinDraft(deps, (await journey()).draftId))!)
      const submission = joinSubmissionOf(DEFAULT_PANEL_CATALOGUE, complete)
      assert.deepEqual(submission.notKept, ['disability'], 'no special-category consent: that answer is not kept')
      assert.deepEqual(submission.registration.demographics, { area: 'glenmoor', benefits: ['carer', 'housing'] })
    })

    it('joins: participant, consents with their wording versions, a linked account with no password, the draft removed, a confirmation email', async () => {
      const { draftId, email } = await journey()
      const result = await submitJoin(deps, ME, draftId)
      assert.equal(result.outcome, 'joined')
      if (result.outcome !== 'joined') return
      assert.equal(result.accountCreated, true)

      const participant = await findParticipantById(deps.db, result.participantId)
      assert.equal(participant?.joined_via, 'online')
      assert.equal(participant?.entered_by_role, 'public')
      assert.ok(participant?.user_id)
      const account = await getUser(deps, participant!.user_id!)
      assert.deepEqual([account.email, account.role, account.hasPassword, account.status], [email, 'panel_member', false, 'active'])

      const identity = await getParticipantIdentity(deps, manager, result.participantId)
      assert.equal(identity.preferredFormat, 'easy_read')
      assert.equal(identity.phone, '07700 900444')
      assert.deepEqual((await findDemographicsOf(deps.db, [result.participantId])).map(d => d.dimension), ['area', 'benefits', 'benefits'])

      const history = await getConsentHistory(deps, systemActor('test'), result.participantId)
      assert.deepEqual(history.map(h => [h.purpose, h.given, h.wordingVersion, h.channel, h.recordedByRole]), [
        ['contact_research', true, 1, 'online', 'public'],
        ['quotes', true, 1, 'online', 'public'],
        ['special_category', false, 1, 'online', 'public'],
        ['recordings', false, 1, 'online', 'public'],
      ])
      assert.equal(await isContactable(deps, result.participantId), true)
      assert.equal(await loadJoinDraft(deps, draftId), null, 'the draft is gone')

      const mail = sent.find(m => m.to === email)
      assert.ok(mail)
      assert.match(mail.subject, /You have joined/)
      assert.match(mail.text, new RegExp(result.pseudonym))
      assert.match(mail.text, /\/my-record/)

      const actions = (await database.db.selectFrom('audit_event').select('action').where('subject_id', '=', result.participantId).orderBy('seq').execute()).map(a => a.action)
      assert.deepEqual(actions.filter(a => a !== 'panel.identity_viewed'), [
        'panel.participant_registered',
        'panel.consent_given',
        'panel.consent_given',
        'panel.consent_declined',
        'panel.consent_declined',
        'panel.account_linked',
        'panel.joined_online',
      ])
    })

    it('sends no confirmation email when email is not their way of contact, and makes no account without an email', async () => {
      const before = sent.length
      const { draftId } = await journey({
        contact: { phone: '07700 900555' },
        preferences: { preferredChannel: 'text', preferredFormat: 'standard' },
      })
      const result = await submitJoin(deps, ME, draftId)
      assert.ok(result.outcome === 'joined' && !result.accountCreated)
      assert.equal(sent.length, before)
    })

    it('does everything in one transaction: if any part fails, nothing is kept', async () => {
      const { draftId } = await journey({ consent: { ...CONSENTS, 'version-recordings': '99' } })
      const tables = ['panel_participant', 'panel_identity', 'panel_consent', 'app_user', 'audit_event', 'panel_join_draft']
      const before = await Promise.all(tables.map(t => count(database.db, t)))
      await assert.rejects(submitJoin(deps, ME, draftId), hasCode('VALIDATION_FAILED'))
      assert.deepEqual(await Promise.all(tables.map(t => count(database.db, t))), before)
    })

    it('never reveals that an email is already on the panel: it emails that address instead, and makes nothing', async () => {
      const first = await journey()
      await submitJoin(deps, ME, first.draftId)
      const again = await journey({ contact: { email: first.email.toUpperCase() } })
      const participants = await count(database.db, 'panel_participant')
      const result = await submitJoin(deps, ME, again.draftId)
      assert.deepEqual(result, { outcome: 'already_on_panel' })
      assert.equal(await count(database.db, 'panel_participant'), participants)
      assert.equal(await loadJoinDraft(deps, again.draftId), null, 'their answers are not kept either')
      const mail = sent.filter(m => m.to === first.email).at(-1)
      assert.match(mail?.subject ?? '', /already on the/)
    })

    it('joins without an account of their own when a staff account already has the email', async () => {
      const { draftId, email } = await journey()
      await createActiveUser(deps, systemActor('test'), { email, displayName: 'Staff', role: 'analyst' })
      const result = await submitJoin(deps, ME, draftId)
      assert.ok(result.outcome === 'joined')
      assert.equal(result.accountCreated, false)
      assert.equal((await findParticipantById(deps.db, result.participantId))?.user_id, null)
    })

    it('is only for someone not signed in, and only for a finished journey', async () => {
      const { draftId } = await journey()
      await assert.rejects(submitJoin(deps, { userId: manager.userId, role: 'panel_member', displayName: 'x' }, draftId), hasCode('FORBIDDEN'))
      await assert.rejects(submitJoin(deps, ME, undefined), hasCode('INVALID_STATE'))
      const unfinished = await saveJoinPage(deps, ME, undefined, 'name', { fullName: 'Half Way' })
      await assert.rejects(submitJoin(deps, ME, unfinished), hasCode('INVALID_STATE'))
    })

    it('emails a one-time link that brings the answers back, until the draft expires', async () => {
      const draftId = await saveJoinPage(deps, ME, undefined, 'name', { fullName: 'Comeback Person' })
      await sendJoinResumeLink(deps, ME, draftId, 'comeback@example.org')
      const mail = sent.at(-1)!
      assert.equal(mail.to, 'comeback@example.org')
      const token = /\/join\/resume\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1]
      assert.ok(token)
      const stored = await database.db.withTables<{ panel_join_draft: { id: string; resume_token_hash: string | null } }>().selectFrom('panel_join_draft').select('resume_token_hash').where('id', '=', draftId).executeTakeFirstOrThrow()
      assert.ok(stored.resume_token_hash && stored.resume_token_hash !== token, 'only the hash is stored')

      assert.deepEqual(await checkJoinResumeLink(deps, token), { ok: true })
      assert.deepEqual(await resumeJoinDraft(deps, ME, token), { draftId, lastPage: 'name' })
      assert.equal(await resumeJoinDraft(deps, ME, token), null, 'once only')
      assert.deepEqual(await checkJoinResumeLink(deps, token), { ok: false, reason: 'unknown' })

      await sendJoinResumeLink(deps, ME, draftId, 'comeback@example.org')
      const later = /\/join\/resume\/([A-Za-z0-9_-]+)/.exec(sent.at(-1)!.text)![1]!
      clock.advance((JOIN_DRAFT_DAYS + 1) * DAY)
      assert.deepEqual(await checkJoinResumeLink(deps, later), { ok: false, reason: 'expired' })
      assert.equal(await resumeJoinDraft(deps, ME, later), null)
      assert.ok((await removeExpiredJoinDrafts(deps)) >= 1, 'the job removes it')
      assert.equal(await loadJoinDraft(deps, draftId), null)
      await assert.rejects(sendJoinResumeLink(deps, ME, draftId, 'comeback@example.org'), hasCode('INVALID_STATE'))
    })
  })
}
