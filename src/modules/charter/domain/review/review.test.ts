import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { pdfText } from '../../../../../test/support/pdf-text.ts'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { sealAuditEvents } from '../../../../platform/audit/audit.ts'
import { systemActor, type Actor } from '../../../../platform/auth/actor.ts'
import type { AccountRole } from '../../../../platform/auth/roles.ts'
import { fixedClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { createLogger } from '../../../../platform/logger.ts'
import type { CharterDraftingTables } from '../../data/charter.table.ts'
import { createActiveUser } from '../../../accounts/index.ts'
import { linkParticipantAccount, registerParticipant } from '../../../panel/index.ts'
import { addComment, enterCommentOnBehalf, listCommentsForRoundPage, listCommentsOfRound, listMyComments, reopenComment, resolveComment, respondToComment } from './comments.ts'
import { onParticipantErased } from './erasure.ts'
import { londonToday, standingOf } from './model.ts'
import { getReviewPack } from './pack.ts'
import { listReviewerAccounts, registerReviewer, removeReviewer } from './reviewers.ts'
import { insertTestVersion } from './review.test-support.ts'
import { closeRound, getRound, getRoundText, listRoundsForVersion, listVisibleRounds, openRound } from './rounds.ts'

const SYSTEM = systemActor('review tests')
const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const fieldIs = (field: string, message?: RegExp) => (err: unknown) =>
  err instanceof AppError && err.code === 'VALIDATION_FAILED' && err.fieldErrors.some(e => e.field === field && (!message || message.test(e.message)))

let counter = 0

for (const dialect of TEST_DIALECTS) {
  describe(`charter review rounds and comments (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    const clock = fixedClock('2027-03-10T12:00:00.000Z')
    const people: Record<string, Actor> = {}
    let versionId = ''
    let versionNumber = 0

    async function person(role: AccountRole, name: string): Promise<Actor> {
      counter += 1
      const u = await createActiveUser(deps, SYSTEM, { email: `review.${counter}.${Date.now()}@test.example`, displayName: name, role })
      return { userId: u.id, role, displayName: name }
    }

    before(async () => {
      database = await createTestDatabase(dialect)
      deps = { config: database.config, db: database.db, dialect: database.dialect, clock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
      people.policy = await person('policy_official', 'Policy Person')
      people.analyst = await person('analyst', 'Analyst Person')
      people.core = await person('core_group_member', 'Core Person')
      people.citizens = await person('stakeholder', 'Citizens Advice contact')
      people.lonely = await person('stakeholder', 'Unregistered stakeholder')
      people.ombudsman = await person('advisor', 'Ombudsman contact')
      people.scrutiny = await person('scrutiny_body', 'Scrutiny Person')
      people.member = await person('panel_member', 'Panel Person')
      ;({ id: versionId, number: versionNumber } = await insertTestVersion(database.db))
    })
    after(() => database.close())

    it('registers stakeholders by organisation and advisors by group, each with the label their comments carry', async () => {
      await assert.rejects(registerReviewer(deps, people.citizens!, { userId: people.citizens!.userId!, audience: '', organisation: 'Me' }), hasCode('FORBIDDEN'))
      await assert.rejects(registerReviewer(deps, people.policy!, { userId: people.citizens!.userId!, audience: '', organisation: '  ' }), fieldIs('organisation'))
      await assert.rejects(registerReviewer(deps, people.policy!, { userId: people.ombudsman!.userId!, audience: 'stakeholders', organisation: '' }), fieldIs('audience'))
      await assert.rejects(registerReviewer(deps, people.policy!, { userId: people.core!.userId!, audience: 'staff', organisation: '' }), hasCode('NOT_FOUND'))
      await registerReviewer(deps, people.policy!, { userId: people.citizens!.userId!, audience: '', organisation: ' Citizens Advice ' })
      await registerReviewer(deps, people.policy!, { userId: people.ombudsman!.userId!, audience: 'ombudsman', organisation: '' })
      assert.deepEqual(await standingOf(deps, people.citizens!), { kind: 'reviewer', audience: 'stakeholders', label: 'Stakeholder: Citizens Advice' })
      assert.deepEqual(await standingOf(deps, people.ombudsman!), { kind: 'reviewer', audience: 'ombudsman', label: 'Ombudsman' })
      assert.deepEqual(await standingOf(deps, people.core!), { kind: 'reviewer', audience: 'core_group', label: 'Core Group member' })
      assert.deepEqual(await standingOf(deps, people.lonely!), { kind: 'unregistered', role: 'stakeholder' })
      assert.deepEqual(await standingOf(deps, people.analyst!), { kind: 'none' })
      const accounts = await listReviewerAccounts(deps, people.analyst!)
      assert.equal(accounts.find(a => a.userId === people.citizens!.userId)?.label, 'Stakeholder: Citizens Advice')
      assert.equal(accounts.find(a => a.userId === people.lonely!.userId)?.label, null)
      assert.ok(!accounts.some(a => a.userId === people.core!.userId), 'only stakeholder and advisor accounts are listed')

      const temp = await person('advisor', 'Temporary advisor')
      await registerReviewer(deps, people.policy!, { userId: temp.userId!, audience: 'staff', organisation: '' })
      await removeReviewer(deps, people.policy!, temp.userId!)
      assert.deepEqual(await standingOf(deps, temp), { kind: 'unregistered', role: 'advisor' })
      await sealAuditEvents(database)
      const events = await database.db.selectFrom('audit_event').select(['action', 'subject_id']).where('subject_id', '=', temp.userId!).orderBy('seq').execute()
      assert.deepEqual(events.map(e => e.action).filter(a => a.startsWith('charter.')), ['charter.reviewer_registered', 'charter.reviewer_removed'])
    })

    it('opens a round only with a version, a title, a request, a future UK date and at least one audience', async () => {
      await assert.rejects(openRound(deps, people.core!, { version: String(versionNumber), title: 'x', request: 'y', closesOn: '2027-04-01', audiences: ['core_group'] }), hasCode('FORBIDDEN'))
      const err = await openRound(deps, people.policy!, { version: '999', title: ' ', request: '', closesOn: '2027-03-10', audiences: [], stage: 'nonsense' }).catch(e => e as AppError)
      assert.ok(err instanceof AppError)
      assert.deepEqual(
        err.fieldErrors.map(e => e.field),
        ['version', 'title', 'request', 'closesOn-day', 'audiences', 'stage'],
      )
      assert.match(err.fieldErrors[3]!.message, /must be in the future/)
      await assert.rejects(openRound(deps, people.policy!, { version: versionId, title: 'T', request: 'R', closesOn: '2027-02-30', audiences: ['core_group'] }), fieldIs('closesOn-day', /real date/))
      await assert.rejects(openRound(deps, people.policy!, { version: versionId, title: 'T', request: 'R', closesOn: '2027-04-01', audiences: ['core_group', 'public'] }), fieldIs('audiences'))
    })

    let coreOnly = ''
    let sense = ''
    it('shows people only the rounds opened to their audience; readers of drafts see them all', async () => {
      ;({ id: coreOnly } = await openRound(deps, people.policy!, { version: String(versionNumber), title: 'Core Group review', request: 'Is it clear?', closesOn: '2027-03-31', audiences: ['core_group'], stage: 'core_group_review' }))
      ;({ id: sense } = await openRound(deps, people.analyst!, { version: versionId, title: 'Sense-check', request: 'Does it work for the people you support?', closesOn: '2027-06-30', audiences: ['stakeholders', 'core_group', 'ombudsman'], stage: null }))
      const titles = async (a: Actor) => (await listVisibleRounds(deps, a)).map(r => r.title).sort()
      assert.deepEqual(await titles(people.citizens!), ['Sense-check'])
      assert.deepEqual(await titles(people.ombudsman!), ['Sense-check'])
      assert.deepEqual(await titles(people.lonely!), [])
      assert.deepEqual(await titles(people.member!), [])
      assert.deepEqual(await titles(people.core!), ['Core Group review', 'Sense-check'])
      assert.deepEqual(await titles(people.scrutiny!), ['Core Group review', 'Sense-check'])
      await assert.rejects(getRound(deps, people.citizens!, coreOnly), hasCode('NOT_FOUND'))
      const round = await getRound(deps, people.citizens!, sense)
      assert.deepEqual(round.audiences, ['core_group', 'stakeholders', 'ombudsman'])
      assert.equal(round.versionNumber, versionNumber)
      assert.equal(round.acceptingComments, true)
      const { targets } = await getRoundText(deps, round)
      assert.deepEqual(
        targets.map(t => `${t.number}=${t.key}`),
        ['Title=title', 'Introduction=introduction', '1=dignity', '1.1=listen', '1.2=letters', '1.3=tell-us', '2=access', '2.1=formats'],
      )
      await sealAuditEvents(database)
      const opened = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'charter.review_round_opened').where('subject_id', '=', coreOnly).executeTakeFirstOrThrow()
      assert.deepEqual(JSON.parse(opened.summary).after.audiences, ['core_group'])
    })

    it('labels every comment with its audience and channel, and checks what it is on and its length', async () => {
      const { id } = await addComment(deps, people.citizens!, sense, { targetKey: 'letters', body: '  Ten working days is too long for someone with no money.  ' })
      await addComment(deps, people.ombudsman!, sense, { targetKey: 'dignity', body: 'Say how people can complain.' })
      await addComment(deps, people.core!, sense, { targetKey: 'title', body: 'I like the title.' })
      await assert.rejects(addComment(deps, people.citizens!, sense, { targetKey: 'nowhere', body: 'x' }), fieldIs('on'))
      await assert.rejects(addComment(deps, people.citizens!, sense, { targetKey: 'letters', body: '   ' }), fieldIs('body', /Enter your comment/))
      await assert.rejects(addComment(deps, people.citizens!, sense, { targetKey: 'letters', body: 'x'.repeat(5001) }), fieldIs('body', /5,000 characters/))
      await assert.rejects(addComment(deps, people.citizens!, coreOnly, { targetKey: 'letters', body: 'Sneaking in' }), hasCode('NOT_FOUND'))
      await assert.rejects(addComment(deps, people.lonely!, sense, { targetKey: 'letters', body: 'Hello' }), hasCode('NOT_FOUND'))
      await assert.rejects(addComment(deps, people.analyst!, sense, { targetKey: 'letters', body: 'Hello' }), hasCode('FORBIDDEN'))

      const all = await listCommentsOfRound(deps, people.analyst!, sense)
      const mine = all.find(c => c.id === id)!
      assert.equal(mine.label, 'Stakeholder: Citizens Advice — online')
      assert.equal(mine.body, 'Ten working days is too long for someone with no money.')
      assert.equal(mine.targetNumber, '1.2')
      assert.deepEqual(all.map(c => c.label).sort(), ['Core Group member — online', 'Ombudsman — online', 'Stakeholder: Citizens Advice — online'])
      assert.deepEqual((await listCommentsOfRound(deps, people.analyst!, sense, { audience: 'stakeholders' })).map(c => c.id), [id])
      // A stakeholder sees only their own comments under the text; the Core Group (who read drafts) sees them all.
      const round = await getRound(deps, people.citizens!, sense)
      const { targets } = await getRoundText(deps, round)
      assert.deepEqual((await listCommentsForRoundPage(deps, people.citizens!, round, targets)).map(c => c.id), [id])
      assert.equal((await listCommentsForRoundPage(deps, people.core!, round, targets)).length, 3)
      await assert.rejects(listCommentsOfRound(deps, people.citizens!, sense), hasCode('FORBIDDEN'))
      const [summary] = await listRoundsForVersion(deps, versionId).then(rs => rs.filter(r => r.id === sense))
      assert.deepEqual({ status: summary!.status, commentCount: summary!.commentCount, openCommentCount: summary!.openCommentCount, stage: summary!.stage }, { status: 'open', commentCount: 3, openCommentCount: 3, stage: null })
    })

    it('enters comments given on paper, by phone, at a meeting or by email, naming a Core Group member by pseudonym', async () => {
      const p = await registerParticipant(deps, SYSTEM, { fullName: 'Phone Reviewer', phone: '07700 900111', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
      await assert.rejects(enterCommentOnBehalf(deps, people.citizens!, sense, { audience: 'core_group', channel: 'phone', pseudonym: p.pseudonym, organisation: '', targetKey: 'listen', body: 'x' }), hasCode('FORBIDDEN'))
      const err = await enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'core_group', channel: 'online', pseudonym: 'NOBODY-1', organisation: '', targetKey: '', body: '' }).catch(e => e as AppError)
      assert.ok(err instanceof AppError)
      assert.deepEqual(err.fieldErrors.map(e => e.field), ['pseudonym', 'channel', 'on', 'body'])
      await assert.rejects(enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'staff', channel: 'paper', pseudonym: '', organisation: '', targetKey: 'listen', body: 'x' }), fieldIs('audience'))
      await assert.rejects(enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'stakeholders', channel: 'email', pseudonym: '', organisation: '', targetKey: 'listen', body: 'x' }), fieldIs('organisation'))

      const { id } = await enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'core_group', channel: 'phone', pseudonym: ` ${p.pseudonym.toLowerCase()} `, organisation: '', targetKey: 'listen', body: 'Believe people first.' })
      await enterCommentOnBehalf(deps, people.analyst!, sense, { audience: 'stakeholders', channel: 'email', pseudonym: '', organisation: 'Shelter', targetKey: 'formats', body: 'Offer Easy Read.' })
      const all = await listCommentsOfRound(deps, people.policy!, sense, { channel: 'phone' })
      assert.deepEqual(all.map(c => [c.id, c.label, c.enteredByStaff]), [[id, 'Core Group member — by phone, entered by staff', true]])
      const row = await database.db.withTables<CharterDraftingTables>().selectFrom('charter_comment').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
      assert.equal(row.commenter_participant_id, p.id)
      assert.equal(row.entered_by_user_id, people.policy!.userId)
      assert.equal(row.commenter_user_id, null)
      assert.deepEqual((await listCommentsOfRound(deps, people.policy!, sense, { channel: 'email' })).map(c => c.label), ['Stakeholder: Shelter — by email, entered by staff'])
      // Once the member's account is linked to their panel record, they see it under My comments too.
      await linkParticipantAccount(deps, SYSTEM, p.id, people.core!.userId!)
      assert.deepEqual((await listMyComments(deps, people.core!)).map(c => c.label).sort(), ['Core Group member — by phone, entered by staff', 'Core Group member — online'])
    })

    it('on a member’s erasure unlinks the comments staff entered for them, or deletes them (with their answers) if asked', async () => {
      const comments = () => database.db.withTables<CharterDraftingTables>().selectFrom('charter_comment').selectAll()
      const keep = await registerParticipant(deps, SYSTEM, { fullName: 'Keep Words', phone: '07700 900112', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
      const gone = await registerParticipant(deps, SYSTEM, { fullName: 'Delete Words', phone: '07700 900113', preferredChannel: 'phone', joinedVia: 'phone', demographics: {} })
      const kept = await enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'core_group', channel: 'paper', pseudonym: keep.pseudonym, organisation: '', targetKey: 'listen', body: 'Say who to call.' })
      const deleted = await enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'core_group', channel: 'meeting', pseudonym: gone.pseudonym, organisation: '', targetKey: 'listen', body: 'Ring me back.' })
      await respondToComment(deps, people.policy!, deleted.id, { body: 'We will.' })

      assert.equal(await onParticipantErased(deps, { participantId: keep.id, deleteContributions: false }), 1)
      const row = await comments().where('id', '=', kept.id).executeTakeFirstOrThrow()
      assert.deepEqual([row.commenter_participant_id, row.body, row.commenter_label], [null, 'Say who to call.', 'Core Group member'])
      assert.equal(await onParticipantErased(deps, { participantId: gone.id, deleteContributions: true }), 1)
      assert.equal(await comments().where('id', '=', deleted.id).executeTakeFirst(), undefined)
      const answers = await database.db.withTables<CharterDraftingTables>().selectFrom('charter_comment_response').selectAll().where('comment_id', '=', deleted.id).execute()
      assert.deepEqual(answers, [])
      // A second run finds nothing left to do.
      assert.equal(await onParticipantErased(deps, { participantId: gone.id, deleteContributions: true }), 0)
      await sealAuditEvents(database)
      const events = await database.db.selectFrom('audit_event').select(['action', 'subject_id']).where('subject_id', 'in', [keep.id, gone.id]).where('action', 'like', 'charter.%').orderBy('seq').execute()
      assert.deepEqual(events.map(e => e.action), ['charter.comments_unlinked_on_erasure', 'charter.comments_deleted_on_erasure'])
    })

    it('answers and resolves comments; the commenter sees the answer under My comments; every step is audited', async () => {
      const [comment] = await listCommentsOfRound(deps, people.policy!, sense, { audience: 'stakeholders', channel: 'online' })
      await assert.rejects(respondToComment(deps, people.citizens!, comment!.id, { body: 'x' }), hasCode('FORBIDDEN'))
      await assert.rejects(respondToComment(deps, people.policy!, comment!.id, { body: '  ' }), fieldIs(`response-${comment!.id}`))
      await respondToComment(deps, people.policy!, comment!.id, { body: 'We will change it to 5 working days.', resolve: true })
      const mine = await listMyComments(deps, people.citizens!)
      assert.equal(mine.length, 1)
      assert.equal(mine[0]!.status, 'resolved')
      assert.equal(mine[0]!.roundTitle, 'Sense-check')
      assert.deepEqual(mine[0]!.responses.map(r => [r.body, r.responderLabel]), [['We will change it to 5 working days.', 'The charter team (Policy official)']])
      assert.deepEqual(await listMyComments(deps, people.ombudsman!).then(cs => cs.map(c => c.responses.length)), [0])
      await reopenComment(deps, people.analyst!, comment!.id)
      assert.equal((await listMyComments(deps, people.citizens!))[0]!.status, 'open')
      await resolveComment(deps, people.analyst!, comment!.id)
      assert.equal((await listMyComments(deps, people.citizens!))[0]!.status, 'resolved')
      await sealAuditEvents(database)
      const events = await database.db.selectFrom('audit_event').select(['action', 'summary']).where('subject_id', '=', comment!.id).orderBy('seq').execute()
      assert.deepEqual(events.map(e => e.action), ['charter.comment_added', 'charter.comment_answered', 'charter.comment_resolved', 'charter.comment_reopened', 'charter.comment_resolved'])
      assert.ok(!events.some(e => e.summary.includes('5 working days') || e.summary.includes('no money')), 'no comment or answer text in the audit trail')
    })

    it('takes comments until the end of the closing day in the UK, and none once a round is closed', async () => {
      // 30 June 2027 is in British Summer Time: 23:30 UTC is already 1 July in London.
      clock.set('2027-06-30T22:30:00.000Z')
      assert.equal(londonToday(clock), '2027-06-30')
      await addComment(deps, people.ombudsman!, sense, { targetKey: 'access', body: 'Last-minute thought.' })
      clock.set('2027-06-30T23:30:00.000Z')
      assert.equal(londonToday(clock), '2027-07-01')
      await assert.rejects(addComment(deps, people.ombudsman!, sense, { targetKey: 'access', body: 'Too late.' }), fieldIs('body', /closed/))
      await assert.rejects(
        enterCommentOnBehalf(deps, people.policy!, sense, { audience: 'ombudsman', channel: 'paper', pseudonym: '', organisation: '', targetKey: 'access', body: 'Too late.' }),
        fieldIs('body', /closed/),
      )
      assert.equal((await getRound(deps, people.policy!, sense)).status, 'closed')
      clock.set('2027-03-10T12:00:00.000Z')
      await closeRound(deps, people.policy!, coreOnly)
      await assert.rejects(closeRound(deps, people.policy!, coreOnly), hasCode('INVALID_STATE'))
      await assert.rejects(addComment(deps, people.core!, coreOnly, { targetKey: 'title', body: 'After closing.' }), fieldIs('body', /closed/))
      assert.equal((await getRound(deps, people.core!, coreOnly)).status, 'closed')
    })

    it('prints a tagged review pack with numbered parts, the request, the closing date and how to send comments back', async () => {
      await assert.rejects(getReviewPack(deps, people.citizens!, sense), hasCode('FORBIDDEN'))
      const { pdf, filename } = await getReviewPack(deps, people.analyst!, sense)
      assert.equal(filename, `review-pack-version-${versionNumber}.pdf`)
      const raw = pdf.toString('latin1')
      assert.ok(raw.startsWith('%PDF-1.7'))
      assert.match(raw, /\/StructTreeRoot/)
      assert.match(raw, /\/Lang \(en-GB\)/)
      assert.match(raw, /\/DisplayDocTitle true/)
      const text = await pdfText(pdf)
      for (const expected of ['Review pack: Sense-check', 'Does it work for the people you support?', 'Please send us your comments by 30 June 2027.', '1.2  We will answer your letters within 10 working days.', '1.3  What we ask of you: Tell us if your circumstances change.', '2 Making it easy to apply', 'Your comment on 2.1:']) {
        assert.ok(text.includes(expected), `the pack says "${expected}"\n${text.slice(0, 2000)}`)
      }
    })
  })
}
