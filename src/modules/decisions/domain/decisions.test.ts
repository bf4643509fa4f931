// Core Group decisions through storage, on every dialect in TEST_DIALECTS: every method end to end, phone ballots
// recorded as such, officials and stakeholders cannot vote, the last ballot counts, no quorum, the review date, the
// public log hides individual ballots, the charter's questions, and the audit events.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { rejectedWith as hasCode, fieldProblem as problem } from '../../../../test/support/app-errors.ts'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../test/support/dialects.ts'
import { sealAuditEvents } from '../../../platform/audit/audit.ts'
import type { Actor } from '../../../platform/auth/actor.ts'
import { PUBLIC_ACTOR } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import { createLogger } from '../../../platform/logger.ts'
import { listBallots } from '../data/decisions.repository.ts'
import { coreGroupMember } from '../decisions.test-support.ts'
import { castBallot, recordBallot } from './ballots.ts'
import { onParticipantErased } from './erasure.ts'
import { postToDiscussion } from './discussion.ts'
import { addOption, changeProposal, closeAndDecide, linkEvidence, linkFinding, openVoting, raiseProposal, withdrawProposal } from './proposals.ts'
import { findDecisionsForSubject, getDecisionLog, getDecisionLogEntry, getProposalDetail, getProposalForStakeholder, listDecisionProposals, listDecisionsForLinking, listProposalsForStakeholders } from './queries.ts'

const actor = (role: Actor['role'], name: string): Actor => ({ userId: newId(), role, displayName: name })
const OFFICIAL = actor('policy_official', 'Priya Official')
const ADVISOR = actor('advisor', 'The Ombudsman')
const ANALYST = actor('analyst', 'Ann Analyst')
const MANAGER = actor('panel_manager', 'Pat Manager')
const STAKEHOLDER = actor('stakeholder', 'Citizens Advice')
const APPROVER = actor('approver', 'Minister')
const SCRUTINY = actor('scrutiny_body', 'Commission')

let clock = new Date('2027-03-01T09:00:00.000Z')
const later = (ms = 60_000) => {
  clock = new Date(clock.getTime() + ms)
}

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: { now: () => new Date(clock) }, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
}

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: Core Group decisions`, () => {
    let d: TestDatabase
    let deps: AppDeps
    const members: (Actor & { participantId: string; pseudonym: string })[] = []

    before(async () => {
      d = await createTestDatabase(dialect)
      deps = depsOf(d)
      for (const name of ['Ada Member', 'Bo Member', 'Cy Member']) {
        const a = actor('core_group_member', name)
        const m = await coreGroupMember(deps, name, a.userId!)
        members.push({ ...a, ...m })
      }
    })
    after(() => d?.close())

    it('lets the Core Group and officials raise proposals, refuses others, and says what to fix', async () => {
      for (const who of [STAKEHOLDER, ADVISOR, APPROVER, ANALYST, PUBLIC_ACTOR]) {
        await assert.rejects(raiseProposal(deps, who, { title: 'x', background: 'y', method: 'consent' }), hasCode('FORBIDDEN'), who.role)
      }
      await assert.rejects(raiseProposal(deps, OFFICIAL, { title: ' ', background: '', method: 'vote', quorumPercent: '150' }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['title', 'background', 'method', 'quorumPercent'])
        return true
      })
      await assert.rejects(raiseProposal(deps, members[0]!, { title: 'Pick one', background: 'b', method: 'ranked', options: ['A\nA'] }), problem('options', /different/))
      const { id } = await raiseProposal(deps, OFFICIAL, { title: 'Draft', background: 'Why', method: 'majority', threshold: 'two_thirds', quorumMinimum: '2' })
      await changeProposal(deps, members[0]!, id, { title: 'Draft, changed', background: 'Why', method: 'consensus', quorumMinimum: '2', standAsidePercent: '20', openToStakeholders: true })
      const p = await getProposalDetail(deps, SCRUTINY, id)
      assert.equal(p.title, 'Draft, changed')
      assert.equal(p.method, 'consensus')
      assert.deepEqual(p.settingsWords, ['Quorum: at least 2 members must take part.', 'To be agreed: no one blocks, and fewer than 20% of those taking part stand aside.'])
      assert.equal(p.openToStakeholders, true)
      await assert.rejects(getProposalDetail(deps, STAKEHOLDER, id), hasCode('FORBIDDEN'))
      await withdrawProposal(deps, ANALYST, id, { reason: 'Overtaken by events' })
      await assert.rejects(changeProposal(deps, OFFICIAL, id, { title: 'x', background: 'y', method: 'consent' }), hasCode('INVALID_STATE'))
    })

    it('decides by consent: online, at a meeting and by phone through a facilitator; the last ballot counts; audited', async () => {
      later()
      const [a, b, c] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]]
      const { id } = await raiseProposal(deps, a, { title: 'Letters say how to ask for a review', background: 'People told us they did not know.', method: 'consent' })
      await linkEvidence(deps, a, id, { id: 'ev-1', label: 'Workshop notes, Eastport' })
      await assert.rejects(linkFinding(deps, a, id, newId()), problem('findingId', /published finding/))
      await postToDiscussion(deps, a, id, { body: 'I support this.' })
      await postToDiscussion(deps, OFFICIAL, id, { body: 'The law allows it.' })
      await postToDiscussion(deps, ADVISOR, id, { body: 'Ombudsman view: yes.' })
      await assert.rejects(postToDiscussion(deps, STAKEHOLDER, id, { body: 'Not opened to us' }), hasCode('NOT_FOUND'))
      await assert.rejects(postToDiscussion(deps, APPROVER, id, { body: 'No' }), hasCode('FORBIDDEN'))
      await assert.rejects(castBallot(deps, a, id, { choice: 'consent' }), hasCode('INVALID_STATE'), 'not open yet')

      await assert.rejects(openVoting(deps, OFFICIAL, id, { closesOn: '2027-03-10' }), hasCode('FORBIDDEN'))
      await assert.rejects(openVoting(deps, ANALYST, id, { closesOn: '2027-02-10' }), problem('closesOn-day', /today or in the future/))
      await openVoting(deps, ANALYST, id, { closesOn: '2027-03-10' })
      await assert.rejects(changeProposal(deps, a, id, { title: 'x', background: 'y', method: 'consent' }), hasCode('INVALID_STATE'))

      // Officials, advisors, stakeholders cannot vote; nor can a member who joined after voting opened.
      for (const who of [OFFICIAL, ADVISOR, STAKEHOLDER, ANALYST]) await assert.rejects(castBallot(deps, who, id, { choice: 'consent' }), hasCode('FORBIDDEN'), who.role)
      const newcomer = actor('core_group_member', 'Newcomer')
      await coreGroupMember(deps, 'Newcomer', newcomer.userId!)
      await assert.rejects(castBallot(deps, newcomer, id, { choice: 'consent' }), hasCode('FORBIDDEN'))
      await assert.rejects(recordBallot(deps, MANAGER, id, { pseudonym: 'NOBODY1', channel: 'phone_facilitated', choice: 'consent' }), problem('pseudonym', /may vote/))
      await assert.rejects(recordBallot(deps, OFFICIAL, id, { pseudonym: b.pseudonym, channel: 'phone_facilitated', choice: 'consent' }), hasCode('FORBIDDEN'))

      await assert.rejects(castBallot(deps, a, id, { choice: 'objection', reason: ' ' }), problem('reason', /objection/))
      await castBallot(deps, a, id, { choice: 'consent' })
      later()
      await recordBallot(deps, MANAGER, id, { pseudonym: b.pseudonym.toLowerCase(), channel: 'phone_facilitated', choice: 'concern', reason: 'Keep the letters short' })
      later()
      await recordBallot(deps, ANALYST, id, { pseudonym: c.pseudonym, channel: 'meeting', choice: 'objection', reason: 'Not clear enough' })
      const midway = await getProposalDetail(deps, c, id)
      assert.equal(midway.tookPart, 3)
      assert.deepEqual(midway.me, { mayVote: true, eligible: true, current: { kind: 'objection', text: 'Not clear enough' }, currentChannel: 'meeting' })
      // c changes their mind online, in the same millisecond as nothing else: the later ballot counts.
      await castBallot(deps, c, id, { choice: 'consent' })

      await assert.rejects(closeAndDecide(deps, a, id, { rationale: '', reviewOn: '2027-03-01' }), (err: unknown) => {
        assert.ok(err instanceof AppError)
        assert.deepEqual(err.fieldErrors.map(e => e.field), ['rationale', 'reviewOn-day'])
        assert.match(err.fieldErrors[1]!.message, /future/)
        return true
      })
      const outcome = await closeAndDecide(deps, a, id, { rationale: 'Everyone can live with it.', reviewOn: '2028-03-01' })
      assert.equal(outcome.result, 'adopted')
      assert.deepEqual(outcome.byChannel, { meeting: 0, online: 2, phone_facilitated: 1 })
      assert.match(outcome.explanation.join(' '), /changed their vote/)

      const ballots = await listBallots(d.db, id)
      assert.equal(ballots.length, 4, 'every ballot is kept')
      const phone = ballots.find(x => x.channel === 'phone_facilitated')!
      assert.equal(phone.voter_participant_id, b.participantId)
      assert.equal(phone.entered_by_user_id, MANAGER.userId)
      assert.equal(ballots.find(x => x.channel === 'meeting')!.entered_by_user_id, ANALYST.userId)
      assert.equal(ballots.filter(x => x.channel === 'online').every(x => x.entered_by_user_id === null), true)

      const p = await getProposalDetail(deps, APPROVER, id)
      assert.equal(p.status, 'decided')
      assert.equal(p.resultLabel, 'Agreed')
      assert.equal(p.reviewOn, '2028-03-01')
      assert.deepEqual(p.concerns, ['Keep the letters short'])
      assert.deepEqual(p.discussion.map(x => x.authorLabel), [`Core Group member ${a.pseudonym}`])
      assert.deepEqual(p.advice.map(x => [x.kind, x.authorLabel]), [['official_advice', 'Priya Official, policy official'], ['advisor_advice', 'The Ombudsman, advisor']])
      await assert.rejects(castBallot(deps, a, id, { choice: 'consent' }), hasCode('INVALID_STATE'))
      await assert.rejects(postToDiscussion(deps, a, id, { body: 'Late' }), hasCode('INVALID_STATE'))

      await sealAuditEvents(d)
      const events = await d.db.selectFrom('audit_event').select(['action', 'summary']).where('subject_id', '=', id).orderBy('seq').execute()
      assert.deepEqual(events.map(e => e.action), [
        'decisions.proposal_raised',
        'decisions.link_added',
        'decisions.discussion_posted',
        'decisions.discussion_posted',
        'decisions.discussion_posted',
        'decisions.voting_opened',
        'decisions.ballot_cast',
        'decisions.ballot_recorded',
        'decisions.ballot_recorded',
        'decisions.ballot_cast',
        'decisions.decision_recorded',
      ])
      assert.ok(!events.some(e => String(e.summary).includes('Not clear enough')), 'no ballot text in the audit trail')
    })

    it('records no decision without a quorum, and tells the charter module so', async () => {
      later()
      const subject = { type: 'charter_version', id: newId(), label: 'Charter version 2' }
      const { id } = await raiseProposal(deps, OFFICIAL, { title: 'Sign off charter version 2', background: 'Please sign off.', method: 'majority', quorumMinimum: 3, subject })
      assert.deepEqual((await findDecisionsForSubject(deps, subject.type, subject.id)).map(s => [s.id, s.status, s.outcome, s.href]), [[id, 'draft', null, `/decisions/${id}`]])
      await openVoting(deps, members[0]!, id, { closesOn: '2027-03-20' })
      await castBallot(deps, members[0]!, id, { choice: 'for' })
      const outcome = await closeAndDecide(deps, members[1]!, id, { rationale: 'Too few took part; we will ask again.', reviewOn: '2027-04-01' })
      assert.equal(outcome.result, 'no_quorum')
      const [summary] = await findDecisionsForSubject(deps, subject.type, subject.id)
      assert.equal(summary!.outcome, 'no_quorum')
      assert.equal((await getProposalDetail(deps, ANALYST, id)).resultLabel, 'No decision: not enough members took part')
    })

    it('decides by consensus and by ranked choice through storage; a chosen option counts as adopted', async () => {
      later()
      const [a, b, c] = members as [(typeof members)[0], (typeof members)[0], (typeof members)[0]]
      const cons = await raiseProposal(deps, a, { title: 'Meet monthly', background: 'b', method: 'consensus' })
      await openVoting(deps, a, cons.id, { closesOn: '2027-03-20' })
      await castBallot(deps, a, cons.id, { choice: 'agree' })
      await assert.rejects(castBallot(deps, b, cons.id, { choice: 'block' }), problem('reason', /why you block/))
      await castBallot(deps, b, cons.id, { choice: 'block', reason: 'Too often for carers' })
      later()
      const notAgreed = await closeAndDecide(deps, a, cons.id, { rationale: 'A member blocked.', reviewOn: '2027-06-01' })
      assert.equal(notAgreed.result, 'not_adopted')

      later()
      const ranked = await raiseProposal(deps, OFFICIAL, { title: 'Name the charter', background: 'b', method: 'ranked', options: ['Our promise\nFair and clear'] })
      await assert.rejects(openVoting(deps, a, (await raiseProposal(deps, a, { title: 'One option', background: 'b', method: 'ranked', options: ['Only'] })).id, { closesOn: '2027-03-20' }), problem('options', /two options/))
      const third = await addOption(deps, OFFICIAL, ranked.id, { label: 'The service standard', description: 'Plain' })
      await assert.rejects(addOption(deps, OFFICIAL, ranked.id, { label: 'our promise' }), problem('label', /already/))
      await openVoting(deps, ANALYST, ranked.id, { closesOn: '2027-03-20' })
      const opts = (await getProposalDetail(deps, a, ranked.id)).options
      const [o1, o2, o3] = opts.map(o => o.id) as [string, string, string]
      assert.equal(o3, third.id)
      await assert.rejects(castBallot(deps, a, ranked.id, { ranks: { [o1]: '1', [o2]: '3' } }), problem(`rank-${o2}`, /each number once/))
      await assert.rejects(castBallot(deps, a, ranked.id, { ranks: {} }), problem(`rank-${o1}`, /at least one/))
      await castBallot(deps, a, ranked.id, { ranks: { [o1]: '1', [o2]: '2' } })
      await castBallot(deps, b, ranked.id, { ranks: { [o2]: '1', [o1]: '2' } })
      await recordBallot(deps, ANALYST, ranked.id, { pseudonym: c.pseudonym, channel: 'meeting', ranks: { [o1]: '1' } })
      later()
      const chosen = await closeAndDecide(deps, a, ranked.id, { rationale: 'Most preferred.', reviewOn: '2028-01-01' })
      assert.equal(chosen.result, 'chosen')
      assert.equal(chosen.chosenOptionId, o1)
      assert.equal((await getProposalDetail(deps, ANALYST, ranked.id)).resultLabel, 'Chosen: Our promise')
      const forLinking = await listDecisionsForLinking(deps)
      assert.equal(forLinking[0]!.id, ranked.id, 'newest first')
      assert.equal(forLinking[0]!.outcome, 'adopted')
      assert.equal(forLinking.find(x => x.id === cons.id)!.outcome, 'not_adopted')
    })

    it('lets stakeholders comment only on proposals opened to them, shown apart and labelled', async () => {
      later()
      const { id } = await raiseProposal(deps, OFFICIAL, { title: 'Ask stakeholders', background: 'b', method: 'consent', openToStakeholders: 'yes' })
      assert.deepEqual((await listProposalsForStakeholders(deps, STAKEHOLDER)).map(p => p.id), [id])
      await postToDiscussion(deps, STAKEHOLDER, id, { body: 'We agree, with a caveat.' })
      await postToDiscussion(deps, MANAGER, id, { body: 'On the phone, a member asked for large print.' })
      const seen = await getProposalForStakeholder(deps, STAKEHOLDER, id)
      assert.deepEqual(seen.stakeholderComments.map(c => c.authorLabel), ['Stakeholder: Citizens Advice'])
      const p = await getProposalDetail(deps, members[0]!, id)
      assert.equal(p.discussion.length, 0)
      assert.deepEqual(p.stakeholderComments.map(c => c.kindLabel), ['Stakeholder'])
      assert.deepEqual(p.facilitatorNotes.map(c => c.authorLabel), ['Pat Manager, facilitator'])
      await assert.rejects(listDecisionProposals(deps, STAKEHOLDER), hasCode('FORBIDDEN'))
    })

    it('publishes decided proposals in the log, never who voted how', async () => {
      const log = await getDecisionLog(deps, PUBLIC_ACTOR)
      assert.ok(log.length >= 4)
      assert.ok(log.every(e => e.rationale && e.reviewOn))
      for (let i = 1; i < log.length; i++) assert.ok(log[i - 1]!.decidedAt >= log[i]!.decidedAt, 'most recent first')
      const consent = log.find(e => e.title === 'Letters say how to ask for a review')!
      assert.deepEqual(consent.byChannel.map(c => c.count), [0, 2, 1])
      assert.equal(consent.tookPart, 3)
      const text = JSON.stringify(await Promise.all(log.map(e => getDecisionLogEntry(deps, PUBLIC_ACTOR, e.id))))
      for (const m of members) {
        assert.ok(!text.includes(m.participantId), 'no participant ids')
        assert.ok(!text.includes(m.pseudonym), 'no pseudonyms')
      }
      assert.ok(!text.includes('Keep the letters short') && !text.includes('Too often for carers'), 'no one’s reasons')
      const draft = await raiseProposal(deps, OFFICIAL, { title: 'Not decided', background: 'b', method: 'consent' })
      await assert.rejects(getDecisionLogEntry(deps, PUBLIC_ACTOR, draft.id), hasCode('NOT_FOUND'))
    })

    it('on a member’s erasure keeps every count but unlinks their ballots, and removes their reasons if asked', async () => {
      const b = members[1]!
      const consent = (await getDecisionLog(deps, PUBLIC_ACTOR)).find(e => e.title === 'Letters say how to ask for a review')!
      const before = await listBallots(d.db, consent.id)
      assert.ok(before.some(x => x.voter_participant_id === b.participantId))
      const erased = await onParticipantErased(deps, { participantId: b.participantId, deleteContributions: true })
      assert.ok(erased >= 1)
      const after = await listBallots(d.db, consent.id)
      assert.equal(after.length, before.length)
      assert.ok(!after.some(x => x.voter_participant_id === b.participantId), 'no ballot names them')
      const theirs = after.filter(x => !before.some(y => y.voter_participant_id === x.voter_participant_id))
      assert.equal(new Set(theirs.map(x => x.voter_participant_id)).size, 1, 'one new id for all their ballots')
      assert.ok(!JSON.stringify(after).includes('Keep the letters short'), 'their reason is removed')
      assert.match(theirs[0]!.cast_json, /Removed at the member’s request/)
      const again = (await getDecisionLog(deps, PUBLIC_ACTOR)).find(e => e.id === consent.id)!
      assert.deepEqual([again.byChannel.map(c => c.count), again.tookPart, again.result], [[0, 2, 1], 3, consent.result])
      const detail = await getProposalDetail(deps, ANALYST, consent.id)
      assert.ok(!JSON.stringify(detail).includes(b.pseudonym), 'the frozen voter list no longer names them')
      assert.equal(await onParticipantErased(deps, { participantId: b.participantId, deleteContributions: true }), 0, 'idempotent')
      await sealAuditEvents(d)
      const events = await d.db.selectFrom('audit_event').select(['action']).where('subject_id', '=', b.participantId).where('action', '=', 'decisions.voter_erased').execute()
      assert.equal(events.length, 1)
    })
  })
}
