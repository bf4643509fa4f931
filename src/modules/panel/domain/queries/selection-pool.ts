import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { fieldCipherFor, type FieldCipher } from '../../../../platform/crypto/field-cipher.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../../platform/errors.ts'
import { findParticipantAccounts, readPool, type PoolAnswerRow, type PoolMemberRow, type PoolTagRow } from '../../data/selection-pool.repository.ts'
import { panelCatalogue, type PanelCatalogue } from '../catalogue.ts'
import { CONTACT_PURPOSE } from '../consent.ts'
import { mayReadResearchData } from '../panel.policy.ts'
import { identityContext, type PostalAddress } from '../participant.ts'

/**
 * The pool the selection module draws the Core Group from: every member who may be contacted about research, with
 * their answers on the single-valued dimensions, their seldom-heard tags and a household fingerprint. Research data
 * only: the address is decrypted here, inside the panel, to make the fingerprint, and never leaves it.
 */

/** A dimension the member did not answer. (Not an option code of any dimension.) */
export const NOT_ANSWERED = 'not_answered'

/**
 * The purpose of the household fingerprint: it keeps these fingerprints apart from the email and phone ones made
 * with the same key, so a household fingerprint can never be matched against an email index.
 */
export const HOUSEHOLD_FINGERPRINT_PURPOSE = 'panel_household/v1'

export interface SelectionPoolMember {
  participantId: string
  pseudonym: string
  /** For every SINGLE-valued dimension of panelCatalogue(): the answer's option code, PREFER_NOT_TO_SAY if they
   *  said so, or NOT_ANSWERED if there is no row. */
  values: Record<string, string>
  /** Their seldom-heard tags (codes), sorted. */
  seldomHeardTags: string[]
  /** A keyed fingerprint of their normalised postal address (postcode + first line, case/space-insensitive), so the
   *  selection can allow at most one person per household without ever seeing an address; null if no address. */
  household: string | null
}

function assertMayRead(actor: Actor): void {
  if (!mayReadResearchData(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot see panel research data' })
}

/** Case, spaces and Unicode width do not matter: "EP1 1AA" and "ep11aa" are the same. */
function normalisePart(text: string | undefined): string {
  return (text ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, '')
}

/**
 * What identifies a household in an address: the postcode and the first line, normalised. Undefined if either is
 * missing (the registration form requires both, so only damaged data lacks one).
 */
export function householdKey(address: Pick<PostalAddress, 'line1' | 'postcode'>): string | undefined {
  const postcode = normalisePart(address.postcode)
  const line1 = normalisePart(address.line1)
  if (postcode === '' || line1 === '') return undefined
  return JSON.stringify([postcode, line1])
}

/** The household fingerprint of a stored (encrypted) address; null if there is none. */
function householdOf(cipher: FieldCipher, member: PoolMemberRow): string | null {
  if (member.address_enc === null) return null
  let address: PostalAddress
  try {
    address = JSON.parse(cipher.decrypt(member.address_enc, identityContext('address', member.id))) as PostalAddress
  } catch (err) {
    // Never the address itself in the message: only whose it is.
    throw new Error(`The stored address of ${member.pseudonym} cannot be read, so their household is unknown`, { cause: err })
  }
  const key = householdKey(address)
  return key === undefined ? null : cipher.blindIndex(key, HOUSEHOLD_FINGERPRINT_PURPOSE)
}

/**
 * The household of every member with an address. Decrypting and fingerprinting cost about 50 microseconds an address
 * (some 2.5 seconds for 50,000), so the work is done in slices, giving the event loop a turn between them: other
 * requests are not held up while a large pool is read.
 */
const HOUSEHOLD_SLICE = 1000

async function householdsOf(cipher: FieldCipher, members: readonly PoolMemberRow[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>()
  for (const [i, m] of members.entries()) {
    if (i > 0 && i % HOUSEHOLD_SLICE === 0) await nextTurn()
    out.set(m.id, householdOf(cipher, m))
  }
  return out
}

/** Rows to pool members (pure apart from the cipher): values for the single-valued dimensions, sorted tags. */
export function toPoolMembers(
  catalogue: PanelCatalogue,
  rows: { members: readonly PoolMemberRow[]; answers: readonly PoolAnswerRow[]; tags: readonly PoolTagRow[] },
  household: (member: PoolMemberRow) => string | null,
): SelectionPoolMember[] {
  const single = catalogue.dimensions.filter(d => !d.multiple).map(d => d.key)
  const answers = new Map<string, Map<string, string>>()
  for (const a of rows.answers) {
    let of = answers.get(a.participant_id)
    if (!of) answers.set(a.participant_id, (of = new Map()))
    // One answer per single-valued dimension; should damaged data hold two, take the first in code order.
    const held = of.get(a.dimension)
    if (held === undefined || a.value < held) of.set(a.dimension, a.value)
  }
  const tags = new Map<string, string[]>()
  for (const t of rows.tags) {
    const of = tags.get(t.participant_id)
    if (of) of.push(t.tag)
    else tags.set(t.participant_id, [t.tag])
  }
  // Code-point order, whatever the database's collation: a seeded lottery must see the same order everywhere.
  const members = [...rows.members].sort((a, b) => (a.pseudonym < b.pseudonym ? -1 : a.pseudonym > b.pseudonym ? 1 : 0))
  return members.map(m => {
    const of = answers.get(m.id)
    const values: Record<string, string> = {}
    for (const key of single) values[key] = of?.get(key) ?? NOT_ANSWERED
    return {
      participantId: m.id,
      pseudonym: m.pseudonym,
      values,
      seldomHeardTags: (tags.get(m.id) ?? []).sort(),
      household: household(m),
    }
  })
}

/**
 * Active members whose current 'contact_research' consent is yes (the same rule as isContactable), ordered by
 * pseudonym. Only actors who may read research data (mayReadResearchData) or the system; otherwise FORBIDDEN.
 * Three queries (in one transaction) whatever the size of the panel. Not audited: no identity leaves the panel.
 */
export async function getSelectionPool(deps: Pick<AppDeps, 'db' | 'config'>, actor: Actor): Promise<SelectionPoolMember[]> {
  assertMayRead(actor)
  const catalogue = panelCatalogue()
  const single = catalogue.dimensions.filter(d => !d.multiple).map(d => d.key)
  const rows = await readPool(deps.db, CONTACT_PURPOSE, single)
  const households = await householdsOf(fieldCipherFor(deps.config.identityKey), rows.members)
  return toPoolMembers(catalogue, rows, m => households.get(m.id) ?? null)
}

/** The panel member's own account id for each participant id that has one (for syncing the Core Group role). */
export async function participantAccounts(deps: Pick<AppDeps, 'db'>, actor: Actor, participantIds: readonly string[]): Promise<Map<string, string>> {
  assertMayRead(actor)
  const rows = await findParticipantAccounts(deps.db, participantIds)
  return new Map(rows.map(r => [r.id, r.user_id]))
}
