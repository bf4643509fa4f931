// Consent with objections (sociocracy). Each member consents, consents with a concern (and says what it is), or
// objects (and gives the reasoned objection). The proposal is adopted when the quorum is met and no objection
// stands. An objection stands until the member who made it changes their ballot (for example after the proposal
// is amended); concerns do not stop the decision but are recorded with it.
import { type CastCheck } from './quorum.ts'
import { type Ballot, type Channel, type ConsentCast, type Judgement } from './types.ts'
import { hasText, plural } from './words.ts'

export interface ConsentRemark {
  voterId: string
  channel: Channel
  text: string
}

export interface ConsentCounts {
  method: 'consent'
  /** Consented without a concern. */
  consented: number
  withConcerns: number
  objections: number
  concernList: ConsentRemark[]
  objectionList: ConsentRemark[]
}

export const checkConsentCast: CastCheck = cast => {
  switch (cast.kind) {
    case 'consent':
      return null
    case 'concern':
      return hasText(cast.text)
        ? null
        : { reason: 'reason_missing', message: 'A concern must say what the concern is, so the ballot was not counted.' }
    case 'objection':
      return hasText(cast.text)
        ? null
        : { reason: 'reason_missing', message: 'An objection must give its reasons, so the ballot was not counted.' }
    default:
      return {
        reason: 'wrong_kind',
        message: 'This is not a consent ballot (consent, consent with a concern, or objection), so it was not counted.',
      }
  }
}

export function countConsent(ballots: readonly Ballot<ConsentCast>[]): ConsentCounts {
  const counts: ConsentCounts = { method: 'consent', consented: 0, withConcerns: 0, objections: 0, concernList: [], objectionList: [] }
  for (const { voterId, channel, cast } of ballots) {
    if (cast.kind === 'consent') counts.consented++
    else if (cast.kind === 'concern') {
      counts.withConcerns++
      counts.concernList.push({ voterId, channel, text: cast.text.trim() })
    } else {
      counts.objections++
      counts.objectionList.push({ voterId, channel, text: cast.text.trim() })
    }
  }
  return counts
}

export function judgeConsent(counts: ConsentCounts): Judgement {
  const concerns =
    counts.withConcerns === 0 ? 'no concerns' : `${counts.withConcerns} with ${counts.withConcerns === 1 ? 'a concern' : 'concerns'}`
  const tally = `${counts.consented} consented, ${concerns}`
  const details: string[] = []
  if (counts.withConcerns > 0) {
    details.push(`${plural(counts.withConcerns, 'concern was', 'concerns were')} raised; they are recorded with the decision.`)
  }
  if (counts.objections === 0) {
    return { adopted: true, headline: `Adopted: ${tally}, no objections.`, details }
  }
  details.unshift(
    `An objection stands until the member who made it changes their answer, for example after the proposal is changed to meet it.`,
  )
  return {
    adopted: false,
    headline: `Not adopted: ${plural(counts.objections, 'objection stands', 'objections stand')} (${tally}).`,
    details,
  }
}
