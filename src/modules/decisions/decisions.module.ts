import type { ModuleManifest } from '../../platform/module.ts'
import { subscribeToErasure } from './domain/erasure.ts'
import * as log from './web/pages/log/controller.ts'
import * as proposals from './web/pages/proposals/controller.ts'
import * as stakeholders from './web/pages/stakeholders/controller.ts'

export const DECISIONS_AUDIT_EVENTS = [
  'decisions.proposal_raised',
  'decisions.proposal_changed',
  'decisions.option_added',
  'decisions.link_added',
  'decisions.voting_opened',
  'decisions.ballot_cast',
  'decisions.ballot_recorded',
  'decisions.discussion_posted',
  'decisions.decision_recorded',
  'decisions.proposal_withdrawn',
  'decisions.voter_erased',
] as const

/**
 * Decisions: the Core Group's proposals, options, the findings they rest on, discussion (with officials' and
 * advisors' advice and stakeholder comments apart), votes at a meeting, online or by phone through a facilitator,
 * outcomes with rationale and review dates, and the public decision log.
 */
export const decisionsModule: ModuleManifest = {
  name: 'decisions',
  auditEvents: DECISIONS_AUDIT_EVENTS,
  nav: [
    { text: 'Decisions', href: '/decisions', permission: 'decisions:read' },
    { text: 'Record ballots', href: '/decisions/facilitate', permission: 'decisions:facilitate' },
    { text: 'Proposals for comment', href: '/decisions/for-comment', permission: 'decisions:comment_stakeholder' },
    { text: 'Decision log', href: '/decisions/log', permission: 'decisions:read_published' },
  ],
  routes(app, deps) {
    const read = { config: { permission: 'decisions:read' as const } }
    const propose = { config: { permission: 'decisions:propose' as const } }
    const manage = { config: { permission: 'decisions:manage' as const } }
    const facilitate = { config: { permission: 'decisions:facilitate' as const } }
    const published = { config: { permission: 'decisions:read_published' as const } }
    const comment = { config: { permission: 'decisions:comment_stakeholder' as const } }

    app.get('/decisions', read, proposals.list(deps))
    app.get('/decisions/new', propose, proposals.getNew())
    app.post('/decisions/new', propose, proposals.postNew(deps))
    app.get('/decisions/log', published, log.list(deps))
    app.get('/decisions/log/:id', published, log.show(deps))
    app.get('/decisions/for-comment', comment, stakeholders.list(deps))
    app.get('/decisions/facilitate', facilitate, proposals.facilitateList(deps))

    app.get('/decisions/:id', read, proposals.show(deps))
    app.get('/decisions/:id/edit', propose, proposals.getEdit(deps))
    app.post('/decisions/:id/edit', propose, proposals.postEdit(deps))
    app.post('/decisions/:id/options', propose, proposals.postOption(deps))
    app.post('/decisions/:id/links', propose, proposals.postLink(deps))

    app.post('/decisions/:id/vote', { config: { permission: 'decisions:vote' as const } }, proposals.postVote(deps))
    app.get('/decisions/:id/ballots/new', facilitate, proposals.getBallot(deps))
    app.post('/decisions/:id/ballots/new', facilitate, proposals.postBallot(deps))

    app.post('/decisions/:id/discussion', { config: { permission: 'decisions:vote' as const } }, proposals.postDiscussion(deps))
    app.post('/decisions/:id/advice', { config: { permission: 'decisions:advise' as const } }, proposals.postDiscussion(deps))
    app.post('/decisions/:id/notes', facilitate, proposals.postDiscussion(deps))
    app.get('/decisions/:id/comments', comment, stakeholders.show(deps))
    app.post('/decisions/:id/comments', comment, stakeholders.post(deps))

    app.get('/decisions/:id/open', manage, proposals.getManage(deps, 'open'))
    app.post('/decisions/:id/open', manage, proposals.postOpen(deps))
    app.get('/decisions/:id/close', manage, proposals.getManage(deps, 'close'))
    app.post('/decisions/:id/close', manage, proposals.postClose(deps))
    app.get('/decisions/:id/withdraw', manage, proposals.getManage(deps, 'withdraw'))
    app.post('/decisions/:id/withdraw', manage, proposals.postWithdraw(deps))

    const off = subscribeToErasure(deps)
    app.addHook('onClose', async () => off())
  },
}
