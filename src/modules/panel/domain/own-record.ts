import type { Actor } from '../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findLatestConsents, listWordings } from '../data/consent.repository.ts'
import { findDemographicsOf, findIdentity, findSeldomHeardTagsOf, findSupportNeedsOf } from '../data/participant.repository.ts'
import { findParticipantByUserId } from '../data/participant-update.repository.ts'
import { currentConsentsOf, type CurrentConsentDto } from './consent.ts'
import { isOwnRecord } from './panel.policy.ts'
import { identityContext, toResearchDto, type ParticipantIdentityDto, type ParticipantResearchDto, type PostalAddress } from './participant.ts'

/** A panel member's own record, as they see it: their identity (decrypted for them), answers, needs and consents. */
export interface OwnRecordDto {
  participant: ParticipantResearchDto
  identity: ParticipantIdentityDto
  consents: CurrentConsentDto[]
}

const NOT_ON_PANEL = 'There is no panel record for your account'

/**
 * The id of the signed-in person's own participant record (the one whose user_id is their account), or NOT_FOUND.
 * A person can only ever reach their own record this way: there is no id to change in a URL.
 */
export async function findOwnParticipantId(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<string> {
  const participant = actor.userId ? await findParticipantByUserId(deps.db, actor.userId) : undefined
  if (!participant || !isOwnRecord(actor, participant)) throw new AppError(AppErrorCode.NOT_FOUND, { message: NOT_ON_PANEL })
  return participant.id
}

/**
 * The signed-in person's own record, with their name and contact details decrypted for them. Reading identity is
 * recorded in the audit trail ('panel.own_record_viewed'), as every read of identity is.
 */
export async function getOwnRecord(deps: AppDeps, actor: Actor): Promise<OwnRecordDto> {
  return inTransaction(deps, actor, async uow => {
    const participant = actor.userId ? await findParticipantByUserId(uow.trx, actor.userId) : undefined
    if (!participant || !isOwnRecord(actor, participant)) throw new AppError(AppErrorCode.NOT_FOUND, { message: NOT_ON_PANEL })
    const id = participant.id
    const row = await findIdentity(uow.trx, id)
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: NOT_ON_PANEL })
    const [demographics, needs, tags, latest, wordings] = await Promise.all([
      findDemographicsOf(uow.trx, [id]),
      findSupportNeedsOf(uow.trx, [id]),
      findSeldomHeardTagsOf(uow.trx, [id]),
      findLatestConsents(uow.trx, [id]),
      listWordings(uow.trx),
    ])
    const cipher = fieldCipherFor(deps.config.identityKey)
    const dec = (column: string, value: string | null) => (value === null ? null : cipher.decrypt(value, identityContext(column, id)))
    const address = dec('address', row.address_enc)
    await uow.audit({ action: 'panel.own_record_viewed', subjectType: 'participant', subjectId: id, summary: { pseudonym: participant.pseudonym } })
    return {
      participant: toResearchDto(participant, demographics, needs, tags),
      identity: {
        participantId: id,
        pseudonym: participant.pseudonym,
        fullName: cipher.decrypt(row.full_name_enc, identityContext('full_name', id)),
        email: dec('email', row.email_enc),
        phone: dec('phone', row.phone_enc),
        address: address === null ? null : (JSON.parse(address) as PostalAddress),
        preferredChannel: row.preferred_channel,
        preferredFormat: row.preferred_format,
        preferredLanguage: dec('preferred_language', row.preferred_language_enc),
      },
      consents: currentConsentsOf(latest, wordings),
    }
  })
}

/** The signed-in person's own answers, needs and consents, without their identity (so nothing is decrypted). */
export async function getOwnAnswers(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<Omit<OwnRecordDto, 'identity'>> {
  const participant = actor.userId ? await findParticipantByUserId(deps.db, actor.userId) : undefined
  if (!participant || !isOwnRecord(actor, participant)) throw new AppError(AppErrorCode.NOT_FOUND, { message: NOT_ON_PANEL })
  const id = participant.id
  const [demographics, needs, tags, latest, wordings] = await Promise.all([
    findDemographicsOf(deps.db, [id]),
    findSupportNeedsOf(deps.db, [id]),
    findSeldomHeardTagsOf(deps.db, [id]),
    findLatestConsents(deps.db, [id]),
    listWordings(deps.db),
  ])
  return { participant: toResearchDto(participant, demographics, needs, tags), consents: currentConsentsOf(latest, wordings) }
}
