// The demonstration charter and the Core Group's decisions, through the real commands (validated and audited), each
// by the demonstration account whose job it is:
//
// - the demonstration Core Group member's account, linked to one Core Group member's panel record, so that account
//   can vote, comment and see "My comments";
// - two decisions: one decided by majority ("Commission a poll on phone opening hours", adopted, ballots online, at a
//   meeting and by phone through a facilitator), one open for votes by consent with an official's advice and a
//   stakeholder's comment. The public decision log shows the first;
// - the working draft (title, introduction, four sections, fifteen commitments linked to the principles, four asks),
//   two of the commitments written badly on purpose (jargon; a long sentence) so the plain-English check has
//   something to show; version 1 "First draft for the Core Group", a change after the review, version 2;
// - reviewers (Welfare Rights Network for the stakeholder account; the ombudsman for the advisor account), a closed
//   round on version 1 for the Core Group and stakeholders with four comments (one answered and resolved), and an
//   open round on version 2 for the ombudsman and the staff sounding board;
// - the workflow moved through Core Group review and the stakeholder sense-check to advice, on version 2: each gate
//   met by the closed round on version 1 (see docs/charter/workflow.md).
//
// Dates that must be in the future (the last day to vote, a review date, a round's closing date) are fixed dates of
// the demonstration's story (winter 2026-27), moved later only when the clock has already passed them, so the
// demonstration still loads on a later day.
import type { Actor } from '../platform/auth/actor.ts'
import type { AppDeps } from '../platform/deps.ts'
import { listPublishedFindings } from '../modules/analysis/index.ts'
import {
  addComment,
  addItem,
  addSection,
  changeCharterAbout,
  changeItem,
  closeRound,
  enterCommentOnBehalf,
  listPrinciples,
  moveWorkflowForward,
  openRound,
  registerReviewer,
  respondToComment,
  saveVersion,
  setCommitmentLinks,
  switchWorkflowVersion,
  type ItemInput,
} from '../modules/charter/index.ts'
import { castBallot, closeAndDecide, openVoting, postToDiscussion, raiseProposal, recordBallot } from '../modules/decisions/index.ts'
import { findOwnParticipantId, linkParticipantAccount } from '../modules/panel/index.ts'
import { listCurrentCoreGroupMembers } from '../modules/selection/index.ts'

/** The demonstration accounts that take part, as actors (a missing account is null and its part is skipped). */
export interface DemoCharterActors {
  policyOfficial: Actor
  analyst: Actor
  panelManager: Actor
  coreGroupMember: Actor
  stakeholder: Actor
  ombudsman: Actor
}

export const DEMO_STAKEHOLDER_ORGANISATION = 'Welfare Rights Network'
export const DEMO_CHARTER_TITLE = 'The Northshire Social Security Charter'
export const DEMO_POLL_DECISION = 'Commission a poll on phone opening hours'
export const DEMO_FREEPHONE_PROPOSAL = 'Make our phone line free to call'

type Principle = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7
interface DemoItem {
  key: string
  text: string
  /** Commitments: the demonstration principles it delivers, by place (0 is the first of DEMO_PRINCIPLES). */
  principles?: Principle[]
}
interface DemoSection {
  key: string
  title: string
  introduction: string
  commitments: DemoItem[]
  asks: DemoItem[]
}

/** The commitment written with jargon, and the one written as one long sentence, for the plain-English check. */
export const DEMO_JARGON_COMMITMENT = 'c-full-entitlement'
export const DEMO_LONG_COMMITMENT = 'c-paid-too-little'
const PHONE_COMMITMENT = 'c-answer-the-phone'
const EVIDENCE_COMMITMENT = 'c-evidence-once'
const OMBUDSMAN_COMMITMENT = 'c-how-to-complain'

const SECTIONS: readonly DemoSection[] = [
  {
    key: 's-applying',
    title: 'Applying',
    introduction: 'How we help you find out what you can get, and apply for it.',
    commitments: [
      { key: 'c-help-you-apply', text: 'We will tell you what support you can get, and help you apply for all of it.', principles: [0, 1, 4] },
      { key: EVIDENCE_COMMITMENT, text: 'We will tell you at the start what evidence to send. We will not ask you for the same thing twice.', principles: [3, 7] },
      { key: 'c-forms-your-way', text: 'We will give you our forms in large print, Easy Read, Braille or audio, and help you fill them in by phone or face to face.', principles: [1, 3] },
      // Jargon on purpose: "ensure", "claimant", "entitlement" (the checker suggests plainer words).
      { key: DEMO_JARGON_COMMITMENT, text: 'We will ensure every claimant is told about their full entitlement before their claim is assessed.', principles: [1, 4] },
    ],
    asks: [{ key: 'a-tell-us-changes', text: 'Tell us when something changes in your life that affects your payment, such as moving house or starting work.' }],
  },
  {
    key: 's-decisions-and-payments',
    title: 'Decisions and payments',
    introduction: 'How we decide what you get, and how we pay you.',
    commitments: [
      { key: 'c-decide-quickly', text: 'We will make a decision on your application within 10 working days of getting everything we need.', principles: [2, 4] },
      { key: 'c-explain-decisions', text: 'We will explain every decision in plain English and say how we reached it.', principles: [2, 3] },
      { key: 'c-pay-on-time', text: 'We will pay you on time. If a payment is going to be late, we will tell you before the day it is due.', principles: [4, 7] },
      // One long sentence on purpose (the checker flags sentences over 25 words).
      {
        key: DEMO_LONG_COMMITMENT,
        text:
          'We will make sure that if we find we have paid you too little at any time, whatever the reason for the mistake and however long ago it happened, we pay you back everything you are owed as soon as we can and tell you how we worked it out.',
        principles: [1, 4],
      },
    ],
    asks: [{ key: 'a-check-letters', text: 'Check the letters we send you, and tell us if anything in them is wrong.' }],
  },
  {
    key: 's-talking-to-us',
    title: 'Talking to us',
    introduction: 'How you can get in touch with us, and how we will treat you when you do.',
    commitments: [
      { key: PHONE_COMMITMENT, text: 'We will answer the phone within 10 minutes, or call you back at a time that suits you if you would rather not wait.', principles: [2, 3] },
      { key: 'c-dignity-respect', text: 'We will treat you with dignity and respect, and believe what you tell us about your life.', principles: [3] },
      { key: 'c-contact-your-way', text: 'We will get in touch with you the way you ask us to: by letter, email, text message or phone, and in your own language.', principles: [2, 3] },
    ],
    asks: [{ key: 'a-respect-staff', text: 'Treat our staff with respect, as we will treat you.' }],
  },
  {
    key: 's-when-things-go-wrong',
    title: 'When things go wrong',
    introduction: 'What we will do when we get something wrong, and what you can do if you are not happy.',
    commitments: [
      { key: 'c-say-sorry', text: 'We will say sorry when we get something wrong, and put it right quickly.', principles: [3, 6] },
      { key: 'c-look-again', text: 'We will look at a decision again if you ask us to, and tell you what we decided within 4 weeks.', principles: [1, 2] },
      { key: OMBUDSMAN_COMMITMENT, text: 'We will tell you how to complain, and how to take your complaint to the ombudsman if you are still not happy.', principles: [2, 6] },
      { key: 'c-learn-from-complaints', text: 'We will use what people tell us in complaints to make the service better for everyone.', principles: [5, 6] },
    ],
    asks: [{ key: 'a-tell-us-wrong', text: 'Tell us when something has gone wrong, so we can put it right for you and for others.' }],
  },
]

/** Version 2: what the Core Group's review of version 1 changed. */
const PHONE_COMMITMENT_V2 =
  'We will answer the phone within 10 minutes, or call you back at a time that suits you. We will set the hours the phone line is open with you, using the poll the Core Group asked for.'

/** Today in the UK, YYYY-MM-DD. */
function londonToday(deps: Pick<AppDeps, 'clock'>): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(deps.clock.now())
}

/** The story's date, or (when the clock has passed it) the same distance ahead of today. */
function storyDate(deps: Pick<AppDeps, 'clock'>, preferred: string, daysAhead: number): string {
  const today = londonToday(deps)
  const earliest = new Date(Date.parse(`${today}T12:00:00Z`) + daysAhead * 86_400_000).toISOString().slice(0, 10)
  return preferred >= earliest ? preferred : earliest
}

const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
const inWords = (ymd: string) => dayMonthYear.format(new Date(`${ymd}T12:00:00Z`))

/** Load the charter's demonstration. Returns the lines for the demonstration's summary. */
export async function loadDemoCharter(deps: AppDeps, actors: DemoCharterActors): Promise<string[]> {
  const lines: string[] = []
  const members = [...(await listCurrentCoreGroupMembers(deps))].sort((a, b) => a.pseudonym.localeCompare(b.pseudonym, 'en-GB'))
  if (members.length < 14) return ['Charter and decisions: none (the demonstration needs a Core Group of at least 14)']

  const linked = await linkCoreGroupAccount(deps, actors, members)
  if (linked) lines.push(`Core Group member account core.member@demo.charter.example linked to Core Group member ${linked}`)

  const decisions = await loadDemoDecisions(deps, actors, members)
  lines.push(
    `Decisions: “${DEMO_POLL_DECISION}” ${decisions.result} by majority (${decisions.tookPart} of ${members.length} took part: online, at a meeting and by phone), in the public decision log; ` +
      `“${DEMO_FREEPHONE_PROPOSAL}” open for votes by consent until ${inWords(decisions.openUntil)}, with an official’s advice and a stakeholder’s comment`,
  )

  const draft = await loadDemoDraft(deps, actors, decisions.pollId)
  lines.push(`Charter draft: “${DEMO_CHARTER_TITLE}”, ${draft.sections} sections, ${draft.commitments} commitments and ${draft.asks} “what we ask of you” items (2 commitments left for the plain-English check to flag)`)

  const review = await loadDemoReview(deps, actors, members, draft.items.get(PHONE_COMMITMENT)!)
  lines.push(
    `  Versions: 1 “First draft for the Core Group”, 2 “Changes after the Core Group’s review”`,
    `  Reviews: version 1 to the Core Group and stakeholders (closed, ${review.comments} comments, 1 answered and resolved; the one by phone led to version 2); version 2 to the ombudsman and staff sounding board, open until ${inWords(review.openUntil)}`,
    `  Workflow: at “Advice”, on version 2 (reviewers: ${DEMO_STAKEHOLDER_ORGANISATION} for the stakeholder account, the ombudsman for the advisor account)`,
  )
  return lines
}

/** The demonstration Core Group account, linked (by the panel manager) to the first Core Group member by pseudonym. */
async function linkCoreGroupAccount(deps: AppDeps, actors: DemoCharterActors, members: readonly { participantId: string; pseudonym: string }[]): Promise<string | null> {
  const { coreGroupMember, panelManager } = actors
  if (!coreGroupMember.userId) return null
  try {
    const own = await findOwnParticipantId(deps, coreGroupMember)
    return members.find(m => m.participantId === own)?.pseudonym ?? null
  } catch {
    // Not linked yet: link it below.
  }
  const member = members[0]!
  await linkParticipantAccount(deps, panelManager, member.participantId, coreGroupMember.userId)
  return member.pseudonym
}

/**
 * Two Core Group decisions. The poll: raised by the Core Group member, 14 of the 24 members take part (the member
 * with an account online; the rest at the December meeting or by phone, recorded by the analyst and the panel
 * manager as facilitators), 11 for, 2 against, 1 abstains: adopted, with reasons and a review date. The free phone
 * line: raised, advised on by the policy official, commented on by the stakeholder, open for votes by consent.
 */
async function loadDemoDecisions(
  deps: AppDeps,
  actors: DemoCharterActors,
  members: readonly { participantId: string; pseudonym: string }[],
): Promise<{ pollId: string; result: string; tookPart: number; openUntil: string }> {
  const { analyst, panelManager, coreGroupMember, policyOfficial, stakeholder } = actors
  const proposer = coreGroupMember.userId ? coreGroupMember : policyOfficial
  const { id: pollId } = await raiseProposal(deps, proposer, {
    title: DEMO_POLL_DECISION,
    background:
      'In the workshops and the survey, many people told us they could not get through on the phone, or could only call in the evening or at the weekend.\n\n' +
      'Before the charter promises when the phone line is open, we propose to ask the whole panel in a short poll. The poll would be online, by phone and on paper, and open for three weeks.',
    method: 'majority',
    threshold: 'simple',
  })
  await postToDiscussion(deps, policyOfficial, pollId, {
    body: 'The service can change its opening hours from next April. A poll of the panel would give the Core Group good evidence for the charter’s commitment on the phone line.',
  })
  await openVoting(deps, analyst, pollId, { closesOn: storyDate(deps, '2026-12-10', 1) })
  // Who voted how is never shown anywhere; the pattern only makes the count believable.
  const choiceOf = (i: number) => (i === 5 || i === 11 ? 'against' : i === 8 ? 'abstain' : 'for')
  if (coreGroupMember.userId) await castBallot(deps, coreGroupMember, pollId, { choice: choiceOf(0) })
  for (let i = 1; i < 14; i++) {
    const byPhone = i >= 10
    await recordBallot(deps, byPhone ? panelManager : analyst, pollId, { pseudonym: members[i]!.pseudonym, channel: byPhone ? 'phone_facilitated' : 'meeting', choice: choiceOf(i) })
  }
  const outcome = await closeAndDecide(deps, analyst, pollId, {
    rationale:
      'Most members agreed that the charter should not promise opening hours until the whole panel has had a say. ' +
      'The poll will be short, open for three weeks, and offered by phone and on paper as well as online. ' +
      'Two members were against: they felt the evening opening was already clear from the workshops.',
    reviewOn: storyDate(deps, '2027-03-31', 30),
  })

  const { id: freephoneId } = await raiseProposal(deps, proposer, {
    title: DEMO_FREEPHONE_PROPOSAL,
    background:
      'People told us they run out of phone credit while they wait on hold. We propose that the phone line becomes free to call from mobiles and landlines, and that the charter says so.',
    method: 'consent',
    openToStakeholders: true,
  })
  await postToDiscussion(deps, policyOfficial, freephoneId, {
    body:
      'Numbers starting 0800 are free to call from mobiles and landlines in the UK. The service would pay for the calls instead: about £180,000 a year at today’s number of calls. ' +
      'Ministers would need to agree the money before the charter could promise it.',
  })
  if (stakeholder.userId) {
    await postToDiscussion(deps, stakeholder, freephoneId, {
      body: 'Many of the people we support use pay-as-you-go phones and run out of credit while they are on hold. A free number would make a real difference to them.',
    })
  }
  const openUntil = storyDate(deps, '2027-01-08', 14)
  await openVoting(deps, analyst, freephoneId, { closesOn: openUntil })
  await recordBallot(deps, analyst, freephoneId, { pseudonym: members[2]!.pseudonym, channel: 'meeting', choice: 'consent' })
  await recordBallot(deps, analyst, freephoneId, { pseudonym: members[3]!.pseudonym, channel: 'meeting', choice: 'concern', reason: 'Only if the money does not come from other support.' })
  await recordBallot(deps, panelManager, freephoneId, { pseudonym: members[4]!.pseudonym, channel: 'phone_facilitated', choice: 'consent' })
  return { pollId, result: outcome.result.replace(/_/g, ' '), tookPart: outcome.quorum.tookPart, openUntil }
}

/** The working draft and its links, by the policy official; then version 1. */
async function loadDemoDraft(deps: AppDeps, actors: DemoCharterActors, pollId: string): Promise<{ sections: number; commitments: number; asks: number; items: Map<string, ItemInput & { id: string }> }> {
  const { policyOfficial } = actors
  const principles = await listPrinciples(deps)
  await changeCharterAbout(deps, policyOfficial, {
    title: DEMO_CHARTER_TITLE,
    introduction:
      'This charter says what you can expect from Northshire Social Security, and what we ask of you in return.\n\n' +
      'We wrote it with people who get benefits: our panel, and the Core Group chosen from it. Each promise we make here rests on a principle of the Northshire Social Security Act 2025.',
  })
  const items = new Map<string, ItemInput & { id: string }>()
  let commitments = 0
  let asks = 0
  for (const s of SECTIONS) {
    const { id: sectionId } = await addSection(deps, policyOfficial, { key: s.key, title: s.title, introduction: s.introduction })
    for (const c of s.commitments) {
      const principleIds = (c.principles ?? []).map(i => principles[i]?.id).filter((id): id is string => Boolean(id))
      const { id } = await addItem(deps, policyOfficial, sectionId, 'commitment', { key: c.key, text: c.text, principleIds })
      items.set(c.key, { id, text: c.text, principleIds })
      commitments += 1
    }
    for (const a of s.asks) {
      await addItem(deps, policyOfficial, sectionId, 'ask', { key: a.key, text: a.text })
      asks += 1
    }
  }
  // What the phone commitment rests on: the Core Group's decision, and a published finding if the analysis has one.
  await setCommitmentLinks(deps, policyOfficial, PHONE_COMMITMENT, 'decision', [pollId])
  const [finding] = await listPublishedFindings(deps, policyOfficial)
  if (finding) await setCommitmentLinks(deps, policyOfficial, EVIDENCE_COMMITMENT, 'finding', [finding.id])
  await saveVersion(deps, policyOfficial, { note: 'First draft for the Core Group' })
  return { sections: SECTIONS.length, commitments, asks, items }
}

/**
 * The review: reviewers registered; version 1 reviewed by the Core Group and stakeholders (a round the workflow's
 * Core Group review and stakeholder sense-check both rest on), four comments, one answered and resolved, the round
 * closed; the change it led to saved as version 2; the workflow moved to advice on version 2; and version 2 opened
 * to the ombudsman and the staff sounding board.
 */
async function loadDemoReview(
  deps: AppDeps,
  actors: DemoCharterActors,
  members: readonly { pseudonym: string }[],
  phone: ItemInput & { id: string },
): Promise<{ comments: number; openUntil: string }> {
  const { policyOfficial, analyst, coreGroupMember, stakeholder, ombudsman } = actors
  if (stakeholder.userId) await registerReviewer(deps, policyOfficial, { userId: stakeholder.userId, audience: 'stakeholders', organisation: DEMO_STAKEHOLDER_ORGANISATION })
  if (ombudsman.userId) await registerReviewer(deps, policyOfficial, { userId: ombudsman.userId, audience: 'ombudsman', organisation: 'Northshire Public Services Ombudsman' })

  await moveWorkflowForward(deps, policyOfficial, { to: 'core_group_review', note: 'The first draft goes to the Core Group, with stakeholder organisations asked at the same time.' })
  const { id: firstRound } = await openRound(deps, policyOfficial, {
    version: '1',
    title: 'First draft: Core Group review and stakeholder sense-check',
    request: 'Read the first draft. Tell us what is missing, what is wrong, and anything that is hard to understand. Comment on the part you mean.',
    closesOn: storyDate(deps, '2026-12-11', 7),
    audiences: ['core_group', 'stakeholders'],
    stage: 'core_group_review',
  })
  let comments = 0
  // The Core Group account's own comment is the one answered and resolved, so its "My comments" shows the answer.
  const own = coreGroupMember.userId
    ? await addComment(deps, coreGroupMember, firstRound, { targetKey: PHONE_COMMITMENT, body: 'Ten minutes is still a long time when you are paying for the call. Could the phone line be free to call?' })
    : null
  if (own) comments += 1
  await enterCommentOnBehalf(deps, analyst, firstRound, {
    targetKey: PHONE_COMMITMENT,
    body: 'I work in the day, so I can only call in the evening. Please say when the phone line is open.',
    audience: 'core_group',
    channel: 'phone',
    pseudonym: members[1]!.pseudonym,
    organisation: '',
  })
  comments += 1
  await enterCommentOnBehalf(deps, analyst, firstRound, {
    targetKey: OMBUDSMAN_COMMITMENT,
    body: 'Say who the ombudsman is and that going to them is free. Not everyone knows.',
    audience: 'core_group',
    channel: 'meeting',
    pseudonym: members[2]!.pseudonym,
    organisation: '',
  })
  comments += 1
  if (stakeholder.userId) {
    await addComment(deps, stakeholder, firstRound, {
      targetKey: EVIDENCE_COMMITMENT,
      body: 'People we advise are often asked for evidence the service already has. Say that you will get it from other services yourselves, if the person agrees.',
    })
    comments += 1
  }
  if (own) {
    await respondToComment(deps, policyOfficial, own.id, {
      body: 'Thank you. The Core Group is now deciding whether to make the phone line free to call: see the proposal “Make our phone line free to call”. If it is agreed, the charter will say so.',
      resolve: true,
    })
  }
  await closeRound(deps, policyOfficial, firstRound)

  // The change the review led to, and version 2.
  await changeItem(deps, policyOfficial, phone.id, { text: PHONE_COMMITMENT_V2, principleIds: phone.principleIds ?? [] })
  const v2 = await saveVersion(deps, policyOfficial, { note: 'Changes after the Core Group’s review' })

  // The workflow, each gate met by the closed round on version 1; then the newer version replaces it.
  await moveWorkflowForward(deps, policyOfficial, { to: 'stakeholder_sense_check', note: 'The Core Group reviewed version 1.' })
  await moveWorkflowForward(deps, policyOfficial, { to: 'advice', note: `${DEMO_STAKEHOLDER_ORGANISATION} sense-checked version 1.` })
  await switchWorkflowVersion(deps, policyOfficial, { versionId: v2.id, note: 'Version 2 answers the Core Group’s comments on the phone line.' })

  const openUntil = storyDate(deps, '2027-01-15', 14)
  const { id: secondRound } = await openRound(deps, policyOfficial, {
    version: '2',
    title: 'Version 2: advice from the ombudsman and service staff',
    request: 'Tell us whether the commitments are clear and can be kept, and how people can hold us to them when things go wrong.',
    closesOn: openUntil,
    audiences: ['ombudsman', 'staff'],
    stage: 'advice',
  })
  if (ombudsman.userId) {
    await addComment(deps, ombudsman, secondRound, {
      targetKey: OMBUDSMAN_COMMITMENT,
      body: 'Say that people can come to the ombudsman once the service’s own complaints process has finished, and that it costs nothing.',
    })
  }
  return { comments, openUntil }
}
