import type { Actor } from '../../../platform/auth/actor.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findActiveWithConsent, findConsentHistory, findLatestConsents, listCurrentWordings, listWordings } from '../data/consent.repository.ts'
import { findParticipantById } from '../data/participant.repository.ts'
import {
  CONSENT_PURPOSES,
  CONTACT_PURPOSE,
  currentConsentsOf,
  toRecordDto,
  toWordingDto,
  type ConsentRecordDto,
  type ConsentWordingDto,
  type CurrentConsentDto,
} from './consent.ts'
import { mayReadConsents } from './panel.policy.ts'

type ReadDeps = Pick<AppDeps, 'db'>

/** Ids are looked up in batches of this many (a bound on the size of one query's IN list). */
const BATCH = 500

/** The wording now in use for each purpose (newest version), in the order of CONSENT_PURPOSES. Public text. */
export async function getCurrentConsentWordings(deps: ReadDeps): Promise<ConsentWordingDto[]> {
  const rows = await listCurrentWordings(deps.db)
  return rows.map(toWordingDto).sort((a, b) => order(a.purpose) - order(b.purpose))
}

/** Every version of every wording (oldest first within a purpose). Public text. */
export async function getAllConsentWordings(deps: ReadDeps): Promise<ConsentWordingDto[]> {
  const rows = await listWordings(deps.db)
  return rows.map(toWordingDto).sort((a, b) => order(a.purpose) - order(b.purpose) || a.version - b.version)
}

function order(purpose: string): number {
  return CONSENT_PURPOSES.findIndex(p => p.code === purpose)
}

async function assertMayRead(deps: ReadDeps, actor: Actor, participantId: string): Promise<void> {
  const participant = await findParticipantById(deps.db, participantId)
  if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
  if (!mayReadConsents(actor, participant)) throw new AppError(AppErrorCode.FORBIDDEN, { message: "You cannot see this person's consents" })
}

/**
 * A participant's current consent for every purpose (the latest record of each), with the wording they were shown.
 * For the person themselves and for roles that read research data.
 */
export async function getCurrentConsents(deps: ReadDeps, actor: Actor, participantId: string): Promise<CurrentConsentDto[]> {
  await assertMayRead(deps, actor, participantId)
  const [latest, wordings] = await Promise.all([findLatestConsents(deps.db, [participantId]), listWordings(deps.db)])
  return currentConsentsOf(latest, wordings)
}

/** Every consent record of a participant, oldest first: the append-only history. */
export async function getConsentHistory(deps: ReadDeps, actor: Actor, participantId: string): Promise<ConsentRecordDto[]> {
  await assertMayRead(deps, actor, participantId)
  return (await findConsentHistory(deps.db, participantId)).map(toRecordDto)
}

/**
 * May we contact this person about research, now? True only if they are an active panel member AND their latest
 * decision on 'contact_research' gives consent. It reads the database each time, so a withdrawal (or leaving the
 * panel, or erasure) stops contact at once. Every invitation, reminder or message about research must ask this.
 */
export async function isContactable(deps: ReadDeps, participantId: string): Promise<boolean> {
  return (await findActiveWithConsent(deps.db, [participantId], CONTACT_PURPOSE)).length > 0
}

/** Of these participants, the ones `isContactable` says yes to (any number of ids; looked up in batches). */
export async function contactableParticipantIds(deps: ReadDeps, participantIds: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>()
  const unique = [...new Set(participantIds)]
  for (let i = 0; i < unique.length; i += BATCH) {
    for (const id of await findActiveWithConsent(deps.db, unique.slice(i, i + BATCH), CONTACT_PURPOSE)) out.add(id)
  }
  return out
}
