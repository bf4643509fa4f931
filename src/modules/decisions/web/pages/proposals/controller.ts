import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../../../../platform/deps.ts'
import type { FieldError } from '../../../../../platform/errors.ts'
import { fieldErrorsOf } from '../../../../../platform/http/validate.ts'
import { listPublishedFindings } from '../../../../analysis/index.ts'
import { castBallot, CHOICES, FACILITATED_CHANNELS, recordBallot } from '../../../domain/ballots.ts'
import { postKindFor, postToDiscussion } from '../../../domain/discussion.ts'
import { CHANNEL_LABELS, may, METHOD_HINTS, METHOD_LABELS } from '../../../domain/model.ts'
import { addOption, changeProposal, closeAndDecide, linkFinding, openVoting, raiseProposal, withdrawProposal, type ProposalInput } from '../../../domain/proposals.ts'
import { getProposalDetail, listDecisionProposals, listOpenForFacilitators, type ProposalDetail } from '../../../domain/queries.ts'
import { METHODS } from '../../../domain/rules/types.ts'
import { THRESHOLDS } from '../../../domain/settings.ts'
import { mergeDateProblem, ranks, readDateParts, text, valuesOf, type Body } from '../../form.ts'

type WithId = FastifyRequest<{ Params: { id: string } }>
const DIR = 'decisions/web/pages/proposals'

interface RenderOpts {
  errors?: FieldError[]
  values?: Record<string, unknown>
  status?: number
}

// ---- the list ----

/** GET /decisions */
export function list(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const proposals = await listDecisionProposals(deps, request.actor)
    return reply.render(`${DIR}/list.njk`, { pageTitle: 'Core Group decisions', proposals, mayPropose: may(request.actor, 'decisions:propose') })
  }
}

/** GET /decisions/facilitate: proposals open for votes, to record ballots given at a meeting or by phone. */
export function facilitateList(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const proposals = await listOpenForFacilitators(deps, request.actor)
    return reply.render(`${DIR}/facilitate.njk`, { pageTitle: 'Record ballots given at a meeting or by phone', proposals })
  }
}

// ---- raising and changing a proposal ----

function readProposal(body: Body): ProposalInput {
  return {
    title: text(body, 'title'),
    background: text(body, 'background'),
    method: text(body, 'method'),
    quorumMinimum: text(body, 'quorumMinimum'),
    quorumPercent: text(body, 'quorumPercent'),
    threshold: text(body, 'threshold'),
    standAsidePercent: text(body, 'standAsidePercent'),
    openToStakeholders: text(body, 'openToStakeholders') === 'yes',
    options: [text(body, 'options')],
  }
}

function formContext(values: Record<string, unknown>) {
  return {
    values,
    methodItems: METHODS.map(m => ({ value: m, text: METHOD_LABELS[m], hint: { text: METHOD_HINTS[m] }, checked: values.method === m })),
    thresholdItems: Object.entries(THRESHOLDS).map(([value, t]) => ({ value, text: t.label, checked: (values.threshold || 'simple') === value })),
  }
}

function renderForm(reply: FastifyReply, p: ProposalDetail | null, opts: RenderOpts) {
  return reply.render(
    `${DIR}/form.njk`,
    {
      pageTitle: p ? `Change the proposal: ${p.title}` : 'Raise a proposal',
      backLink: p ? `/decisions/${p.id}` : '/decisions',
      proposal: p,
      action: p ? `/decisions/${p.id}/edit` : '/decisions/new',
      ...formContext(opts.values ?? {}),
      errors: opts.errors,
    },
    opts.status,
  )
}

/** GET /decisions/new */
export function getNew() {
  return async (_request: FastifyRequest, reply: FastifyReply) => renderForm(reply, null, { values: { threshold: 'simple' } })
}

/** POST /decisions/new (audited) */
export function postNew(deps: AppDeps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const body = request.body as Body
    try {
      const { id } = await raiseProposal(deps, request.actor, readProposal(body))
      request.session.flash = 'Proposal raised as a draft'
      return reply.redirect(`/decisions/${id}`, 303)
    } catch (err) {
      return renderForm(reply, null, { errors: fieldErrorsOf(err), values: valuesOf(body), status: 400 })
    }
  }
}

/** GET /decisions/:id/edit */
export function getEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProposalDetail(deps, request.actor, request.params.id)
    return renderForm(reply, p, { values: { title: p.title, background: p.background, openToStakeholders: p.openToStakeholders ? 'yes' : '', ...p.settingsInput } })
  }
}

/** POST /decisions/:id/edit (audited) */
export function postEdit(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProposalDetail(deps, request.actor, request.params.id)
    const body = request.body as Body
    try {
      await changeProposal(deps, request.actor, p.id, readProposal(body))
      request.session.flash = 'Proposal changed'
      return reply.redirect(`/decisions/${p.id}`, 303)
    } catch (err) {
      return renderForm(reply, p, { errors: fieldErrorsOf(err), values: valuesOf(body), status: 400 })
    }
  }
}

// ---- the proposal's page ----

async function renderShow(deps: AppDeps, request: WithId, reply: FastifyReply, opts: RenderOpts = {}) {
  const actor = request.actor
  const p = await getProposalDetail(deps, actor, request.params.id)
  const values = opts.values ?? {}
  const active = p.status === 'draft' || p.status === 'open'
  const mayPropose = may(actor, 'decisions:propose')
  const findings = mayPropose && active && may(actor, 'analysis:read_findings') ? (await listPublishedFindings(deps, actor)).filter(f => !p.links.some(l => l.kind === 'finding' && l.targetId === f.id)) : []
  const kind = active ? postKindFor(actor) : null
  const postAction = kind === 'core_group' ? 'discussion' : kind === 'official_advice' || kind === 'advisor_advice' ? 'advice' : kind === 'facilitator_note' ? 'notes' : null
  const current = p.me?.current ?? null
  const choiceNow = typeof values.choice === 'string' ? values.choice : current && current.kind !== 'ranking' ? current.kind : ''
  const reasonNow = typeof values.reason === 'string' ? values.reason : current && 'text' in current ? current.text : current && 'reason' in current ? current.reason : ''
  const rankNow = (optionId: string): string => {
    const typed = values[`rank-${optionId}`]
    if (typeof typed === 'string') return typed
    if (current?.kind === 'ranking') {
      const i = current.optionIds.indexOf(optionId)
      return i < 0 ? '' : String(i + 1)
    }
    return ''
  }
  return reply.render(
    `${DIR}/show.njk`,
    {
      pageTitle: p.title,
      backLink: '/decisions',
      p,
      values,
      errors: opts.errors,
      mayPropose: mayPropose && p.status === 'draft',
      mayLink: mayPropose && active,
      mayManage: may(actor, 'decisions:manage'),
      mayFacilitate: may(actor, 'decisions:facilitate') && p.status === 'open',
      findingItems: [{ value: '', text: 'Choose a finding' }, ...findings.map(f => ({ value: f.id, text: `${f.title} (${f.projectTitle})`, selected: values.findingId === f.id }))],
      postAction,
      postKind: kind,
      choiceItems: p.method === 'ranked' ? [] : CHOICES[p.method].map(c => ({ value: c.value, text: c.label, checked: choiceNow === c.value })),
      reasonNow,
      rankItems: p.options.map(o => ({
        id: o.id,
        label: o.label,
        description: o.description,
        items: [{ value: '', text: 'Not ranked' }, ...p.options.map((_, i) => ({ value: String(i + 1), text: String(i + 1), selected: rankNow(o.id) === String(i + 1) }))],
      })),
      currentChannelLabel: p.me?.currentChannel ? CHANNEL_LABELS[p.me.currentChannel] : null,
    },
    opts.status,
  )
}

/** GET /decisions/:id */
export function show(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderShow(deps, request, reply)
}

/** Run a command from a form on the proposal's page: redirect back with a message, or show the page with errors. */
function onShowPage(deps: AppDeps, run: (request: WithId, body: Body) => Promise<unknown>, done: string, anchor = '') {
  return async (request: WithId, reply: FastifyReply) => {
    const body = request.body as Body
    try {
      await run(request, body)
    } catch (err) {
      return renderShow(deps, request, reply, { errors: fieldErrorsOf(err), values: valuesOf(body), status: 400 })
    }
    request.session.flash = done
    return reply.redirect(`/decisions/${request.params.id}${anchor}`, 303)
  }
}

/** POST /decisions/:id/options (audited) */
export function postOption(deps: AppDeps) {
  return onShowPage(deps, (r, body) => addOption(deps, r.actor, r.params.id, { label: text(body, 'label'), description: text(body, 'description') }), 'Option added', '#options')
}

/** POST /decisions/:id/links (audited) */
export function postLink(deps: AppDeps) {
  return onShowPage(deps, (r, body) => linkFinding(deps, r.actor, r.params.id, text(body, 'findingId')), 'Finding linked', '#rests-on')
}

/** POST /decisions/:id/vote: a Core Group member votes online (audited). */
export function postVote(deps: AppDeps) {
  return onShowPage(deps, (r, body) => castBallot(deps, r.actor, r.params.id, { choice: text(body, 'choice'), reason: text(body, 'reason'), ranks: ranks(body) }), 'Your vote has been recorded. You can change it until voting closes.', '#vote')
}

/** POST /decisions/:id/discussion, /advice, /notes: post to the discussion as one's role allows (audited). */
export function postDiscussion(deps: AppDeps) {
  return onShowPage(deps, (r, body) => postToDiscussion(deps, r.actor, r.params.id, { body: text(body, 'body') }), 'Your post has been added', '#discussion')
}

// ---- a facilitator records a ballot ----

function renderBallot(reply: FastifyReply, p: ProposalDetail, opts: RenderOpts) {
  const values = opts.values ?? {}
  return reply.render(
    `${DIR}/ballot.njk`,
    {
      pageTitle: `Record a ballot: ${p.title}`,
      backLink: '/decisions/facilitate',
      p,
      values,
      errors: opts.errors,
      channelItems: FACILITATED_CHANNELS.map(c => ({ value: c, text: CHANNEL_LABELS[c], checked: values.channel === c })),
      choiceItems: p.method === 'ranked' ? [] : CHOICES[p.method].map(c => ({ value: c.value, text: c.label, checked: values.choice === c.value })),
      rankItems: p.options.map(o => ({
        id: o.id,
        label: o.label,
        description: o.description,
        items: [{ value: '', text: 'Not ranked' }, ...p.options.map((_, i) => ({ value: String(i + 1), text: String(i + 1), selected: values[`rank-${o.id}`] === String(i + 1) }))],
      })),
    },
    opts.status,
  )
}

/** GET /decisions/:id/ballots/new */
export function getBallot(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => renderBallot(reply, await getProposalDetail(deps, request.actor, request.params.id), {})
}

/** POST /decisions/:id/ballots/new (audited) */
export function postBallot(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProposalDetail(deps, request.actor, request.params.id)
    const body = request.body as Body
    try {
      await recordBallot(deps, request.actor, p.id, { pseudonym: text(body, 'pseudonym'), channel: text(body, 'channel'), choice: text(body, 'choice'), reason: text(body, 'reason'), ranks: ranks(body) })
    } catch (err) {
      return renderBallot(reply, p, { errors: fieldErrorsOf(err), values: valuesOf(body), status: 400 })
    }
    request.session.flash = `Ballot recorded for ${text(body, 'pseudonym').trim().toUpperCase()}, ${CHANNEL_LABELS[text(body, 'channel') as 'meeting'].toLowerCase()}`
    // Back to the same form: at a meeting, a facilitator records one member after another.
    return reply.redirect(`/decisions/${p.id}/ballots/new`, 303)
  }
}

// ---- managing: open, close, withdraw ----

function renderManage(reply: FastifyReply, view: 'open' | 'close' | 'withdraw', p: ProposalDetail, opts: RenderOpts) {
  const titles = { open: 'Open voting', close: 'Close voting and record the decision', withdraw: 'Withdraw the proposal' }
  return reply.render(`${DIR}/${view}.njk`, { pageTitle: `${titles[view]}: ${p.title}`, heading: titles[view], backLink: `/decisions/${p.id}`, p, values: opts.values ?? {}, errors: opts.errors }, opts.status)
}

export function getManage(deps: AppDeps, view: 'open' | 'close' | 'withdraw') {
  return async (request: WithId, reply: FastifyReply) => renderManage(reply, view, await getProposalDetail(deps, request.actor, request.params.id), {})
}

/** POST /decisions/:id/open (audited) */
export function postOpen(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProposalDetail(deps, request.actor, request.params.id)
    const body = request.body as Body
    const date = readDateParts(valuesOf(body), 'closesOn', 'the last day to vote')
    try {
      await openVoting(deps, request.actor, p.id, { closesOn: date.value })
    } catch (err) {
      return renderManage(reply, 'open', p, { errors: mergeDateProblem(fieldErrorsOf(err), 'closesOn', date.problem), values: valuesOf(body), status: 400 })
    }
    request.session.flash = 'Voting is open'
    return reply.redirect(`/decisions/${p.id}`, 303)
  }
}

/** POST /decisions/:id/close (audited) */
export function postClose(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProposalDetail(deps, request.actor, request.params.id)
    const body = request.body as Body
    const date = readDateParts(valuesOf(body), 'reviewOn', 'the review date')
    try {
      await closeAndDecide(deps, request.actor, p.id, { rationale: text(body, 'rationale'), reviewOn: date.value })
    } catch (err) {
      return renderManage(reply, 'close', p, { errors: mergeDateProblem(fieldErrorsOf(err), 'reviewOn', date.problem), values: valuesOf(body), status: 400 })
    }
    request.session.flash = 'The decision has been recorded'
    return reply.redirect(`/decisions/${p.id}`, 303)
  }
}

/** POST /decisions/:id/withdraw (audited) */
export function postWithdraw(deps: AppDeps) {
  return async (request: WithId, reply: FastifyReply) => {
    const p = await getProposalDetail(deps, request.actor, request.params.id)
    const body = request.body as Body
    try {
      await withdrawProposal(deps, request.actor, p.id, { reason: text(body, 'reason') })
    } catch (err) {
      return renderManage(reply, 'withdraw', p, { errors: fieldErrorsOf(err), values: valuesOf(body), status: 400 })
    }
    request.session.flash = 'The proposal has been withdrawn'
    return reply.redirect(`/decisions/${p.id}`, 303)
  }
}
