// What the evidence store copies from the panel when it takes in something a panel member said: their pseudonym,
// their answers to the panel's single-answer questions (the demographic snapshot), and whether they agreed to be
// quoted. Copied, not linked: later changes to the panel record do not rewrite what was true at the time.
import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { getConsentHistory, getCurrentConsents, getDimensionValues, panelCatalogue } from '../../panel/index.ts'
import type { ConsentToQuote } from './evidence-model.ts'

type ReadDeps = Pick<AppDeps, 'db'>

/** The person's answer on each single-answer panel question, as JSON (null: they answered none). */
export async function demographicSnapshot(deps: ReadDeps, actor: Actor, participantId: string): Promise<string | null> {
  const snapshot: Record<string, string> = {}
  for (const d of panelCatalogue().dimensions) {
    if (d.multiple) continue
    const value = (await getDimensionValues(deps, actor, d.key, [participantId])).get(participantId)
    if (value !== undefined) snapshot[d.key] = value
  }
  return Object.keys(snapshot).length > 0 ? JSON.stringify(snapshot) : null
}

const fromDecision = (given: boolean | null | undefined): ConsentToQuote => (given === true ? 'yes' : given === false ? 'no' : 'not_asked')

/** Their current decision on the use of quotes. */
export async function currentQuoteConsent(deps: ReadDeps, actor: Actor, participantId: string): Promise<ConsentToQuote> {
  const consents = await getCurrentConsents(deps, actor, participantId)
  return fromDecision(consents.find(c => c.purpose === 'quotes')?.given)
}

/** Their decision on the use of quotes as it stood at `at` (their latest decision recorded by then). */
export async function quoteConsentAt(deps: ReadDeps, actor: Actor, participantId: string, at: string): Promise<ConsentToQuote> {
  const history = await getConsentHistory(deps, actor, participantId)
  const decisions = history.filter(r => r.purpose === 'quotes' && r.recordedAt <= at)
  return fromDecision(decisions.at(-1)?.given)
}
