// Demonstration invitations: the panel manager invites the panel members who live on the Isles to the workshop at
// The Isles Community Hub, through the real command: by email, text message, letter or phone, each by the person's
// own preference, with people left out (no consent, contact limit, text messages not set up) and their reasons.
//
// The demonstration may run with no mail server (npm start without one): emails then fail at once and are listed as
// "Not sent" with the mail server's reason (the email channel also gives up on a mail server that does not answer),
// so loading the demonstration never fails or hangs because mail cannot be sent.
import type { Actor } from '../platform/auth/actor.ts'
import type { AppDeps } from '../platform/deps.ts'
import { getActivities, sendInvitations } from '../modules/engagement/index.ts'

export const DEMO_WORKSHOP_TITLE = 'Workshops: applying for and getting support'
const ISLES_LOCATION = 'The Isles Community Hub, Kirkhaven'

/** Invite the Isles to their workshop session; a line for the demonstration's summary. */
export async function loadDemoInvitations(deps: AppDeps, panelManager: Actor): Promise<string> {
  const workshop = (await getActivities(deps, panelManager)).find(a => a.title === DEMO_WORKSHOP_TITLE)
  const session = workshop?.sessions.find(s => s.location === ISLES_LOCATION)
  if (!workshop || !session) return 'Invitations: none (the demonstration workshop was not found)'
  const outcome = await sendInvitations(deps, panelManager, workshop.id, { group: 'selection', sessionId: session.id, dimensions: { area: ['the_isles'] }, tags: [] })
  const parts = [`${outcome.invited} invited to the workshop at ${ISLES_LOCATION}`, `${outcome.sent} sent by email or text`, `${outcome.toPrint} ${outcome.toPrint === 1 ? 'letter' : 'letters'} to print`, `${outcome.toPhone} to phone`]
  if (outcome.failed) parts.push(`${outcome.failed} not sent (no mail server?)`)
  parts.push(`${outcome.skipped} left out, with the reason shown`)
  return `Invitations: ${parts.join(', ')}`
}
