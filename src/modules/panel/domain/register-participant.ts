import type { Actor } from '../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../platform/errors.ts'
import { newId } from '../../../platform/ids.ts'
import {
  findParticipantIdsByEmailIndex,
  insertDemographics,
  insertIdentity,
  insertParticipant,
  insertSeldomHeardTags,
  insertSupportNeeds,
  pseudonymExists,
  type DemographicRow,
  type ParticipantRow,
  type SeldomHeardTagRow,
  type SupportNeedRow,
} from '../data/participant.repository.ts'
import { panelCatalogue } from './catalogue.ts'
import { mayRegisterParticipant } from './panel.policy.ts'
import { identityContext, normaliseEmail, normalisePhone, toResearchDto, type ParticipantResearchDto } from './participant.ts'
import { randomPseudonyms, type PseudonymSource } from './pseudonym.ts'
import { parseRegistration, type Registration, type RegisterParticipantInput } from './registration.schema.ts'

export interface RegisterOptions {
  /** Where pseudonyms come from. Leave it out (cryptographically random); demonstration data passes a seeded source. */
  pseudonyms?: PseudonymSource
}

const PSEUDONYM_ATTEMPTS = 20

/**
 * Put a person on the panel. One transaction: the research record under a new pseudonym, their identity and
 * contact details encrypted in a separate table, their answers, needs and tags, and the audit event.
 * Returns the research view (no identity).
 */
export async function registerParticipant(
  deps: AppDeps,
  actor: Actor,
  input: RegisterParticipantInput,
  opts: RegisterOptions = {},
): Promise<ParticipantResearchDto> {
  const registration = parseRegistration(panelCatalogue(), input)
  assertMayRegister(actor, registration)
  return inTransaction(deps, actor, uow => register(deps, uow, registration, opts))
}

/**
 * Register several people in ONE transaction (all or none), each exactly as `registerParticipant` does, with its
 * own audit event. For imports and demonstration data. Field errors are prefixed `rows-<n>-` (n from 1).
 */
export async function registerParticipants(
  deps: AppDeps,
  actor: Actor,
  inputs: readonly RegisterParticipantInput[],
  opts: RegisterOptions = {},
): Promise<ParticipantResearchDto[]> {
  const catalogue = panelCatalogue()
  const registrations = inputs.map((input, i) => parseRegistration(catalogue, input, `rows-${i + 1}-`))
  for (const r of registrations) assertMayRegister(actor, r)
  return inTransaction(deps, actor, async uow => {
    const out: ParticipantResearchDto[] = []
    for (const [i, r] of registrations.entries()) {
      try {
        out.push(await register(deps, uow, r, opts))
      } catch (err) {
        if (err instanceof AppError && err.code === AppErrorCode.VALIDATION_FAILED) {
          const fieldErrors = err.fieldErrors.map(e => ({ ...e, field: `rows-${i + 1}-${e.field}` }))
          throw new AppError(err.code, { message: `Row ${i + 1}: ${err.message}`, fieldErrors })
        }
        throw err
      }
    }
    return out
  })
}

function assertMayRegister(actor: Actor, r: Registration): void {
  if (!mayRegisterParticipant(actor, r.joinedVia)) {
    throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot add people to the panel this way' })
  }
}

async function register(deps: AppDeps, uow: UnitOfWork, r: Registration, opts: RegisterOptions): Promise<ParticipantResearchDto> {
  const cipher = fieldCipherFor(deps.config.identityKey)
  const now = uow.now.toISOString()
  if (r.joinedAt && new Date(r.joinedAt).getTime() > uow.now.getTime()) {
    throw fieldError('joinedAt', 'The date they joined must be today or in the past')
  }

  const emailIndex = r.email ? cipher.blindIndex(normaliseEmail(r.email), 'email') : null
  if (emailIndex && (await findParticipantIdsByEmailIndex(uow.trx, emailIndex)).length > 0) {
    throw fieldError('email', 'There is already a panel member with this email address')
  }

  const id = newId(uow.now.getTime())
  const pseudonym = await newPseudonym(uow, opts.pseudonyms ?? randomPseudonyms)
  const participant: ParticipantRow = {
    id,
    pseudonym,
    status: 'active',
    joined_at: r.joinedAt ? new Date(r.joinedAt).toISOString() : now,
    joined_via: r.joinedVia,
    entered_by_user_id: uow.actor.userId,
    entered_by_role: uow.actor.role,
    max_invitations_per_month: r.maxInvitationsPerMonth,
    user_id: null,
    last_participated_at: null,
    created_at: now,
    updated_at: now,
  }
  await insertParticipant(uow.trx, participant)

  const enc = (column: string, value: string | undefined) =>
    value === undefined ? null : cipher.encrypt(value, identityContext(column, id))
  await insertIdentity(uow.trx, {
    participant_id: id,
    full_name_enc: cipher.encrypt(r.fullName, identityContext('full_name', id)),
    email_enc: enc('email', r.email),
    email_index: emailIndex,
    phone_enc: enc('phone', r.phone),
    phone_index: r.phone ? cipher.blindIndex(normalisePhone(r.phone), 'phone') : null,
    address_enc: enc('address', r.address ? JSON.stringify(r.address) : undefined),
    preferred_channel: r.preferredChannel,
    preferred_format: r.preferredFormat,
    preferred_language_enc: enc('preferred_language', r.preferredLanguage),
    created_at: now,
    updated_at: now,
  })

  const demographics: DemographicRow[] = Object.entries(r.demographics).flatMap(([dimension, values]) =>
    values.map(value => ({ participant_id: id, dimension, value })),
  )
  const needs: SupportNeedRow[] = r.supportNeeds.map(n => ({ participant_id: id, need: n.need, detail: n.detail ?? null }))
  const tags: SeldomHeardTagRow[] = r.seldomHeardTags.map(tag => ({ participant_id: id, tag }))
  await insertDemographics(uow.trx, demographics)
  await insertSupportNeeds(uow.trx, needs)
  await insertSeldomHeardTags(uow.trx, tags)

  // No identity in the audit trail: the pseudonym and how they joined, nothing more.
  await uow.audit({
    action: 'panel.participant_registered',
    subjectType: 'participant',
    subjectId: id,
    summary: { after: { pseudonym, status: 'active', joinedVia: r.joinedVia } },
  })
  return toResearchDto(participant, demographics, needs, tags)
}

async function newPseudonym(uow: UnitOfWork, source: PseudonymSource): Promise<string> {
  for (let i = 0; i < PSEUDONYM_ATTEMPTS; i++) {
    const candidate = source()
    if (!(await pseudonymExists(uow.trx, candidate))) return candidate
  }
  throw new AppError(AppErrorCode.CONFLICT, { message: 'Could not find an unused pseudonym; try again' })
}
