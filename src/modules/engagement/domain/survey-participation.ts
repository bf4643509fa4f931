// Answering a survey is taking part: when a named response (a panel member's own, or one staff entered for them) is
// sent, the panel's "last took part" moves on, so the attrition flags and retention count from it. Anonymous poll
// answers name nobody and change nothing.
//
// The panel is told after the response's transaction has committed (modules share no transactions), through the
// domain event; recordParticipation is idempotent, so a late or repeated event does no harm. Events are in-process
// and at-most-once: if the process stops between the commit and this handler, the member's date stays where it
// was until they next take part (a soft signal, not a record; the response itself is safe).
import { systemActor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { domainEvents, type EventBus } from '../../../platform/events/event-bus.ts'
import { recordParticipation } from '../../panel/index.ts'
import { RESPONSE_SUBMITTED_EVENT } from './survey-responses.ts'

const ACTOR = systemActor('engagement: a survey was answered')

/** Subscribe (once per bus). Returns a function that unsubscribes. */
export function subscribeSurveyParticipation(deps: AppDeps, bus: EventBus = domainEvents): () => void {
  return bus.subscribe(RESPONSE_SUBMITTED_EVENT, async e => {
    if (e.participantId) await recordParticipation(deps, ACTOR, e.participantId, e.submittedAt)
  })
}
