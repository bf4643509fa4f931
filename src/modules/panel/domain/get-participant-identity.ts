import type { Actor } from '../../../platform/auth/actor.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { findIdentity, findParticipantById } from '../data/participant.repository.ts'
import { mayReadIdentity } from './panel.policy.ts'
import { identityContext, type ParticipantIdentityDto, type PostalAddress } from './participant.ts'

/**
 * A participant's name and contact details, decrypted, for the panel manager only. The read itself is recorded
 * in the audit trail ('panel.identity_viewed'), in the same transaction: no audit event, no identity.
 * A refused attempt is recorded too ('panel.identity_view_refused').
 */
export async function getParticipantIdentity(deps: AppDeps, actor: Actor, participantId: string): Promise<ParticipantIdentityDto> {
  if (!mayReadIdentity(actor)) {
    await inTransaction(deps, actor, uow =>
      uow.audit({
        action: 'panel.identity_view_refused',
        subjectType: 'participant',
        subjectId: participantId,
        summary: { role: actor.role },
      }),
    )
    throw new AppError(AppErrorCode.FORBIDDEN, { message: "Only the panel manager can see people's names and contact details" })
  }
  return inTransaction(deps, actor, async uow => {
    const participant = await findParticipantById(uow.trx, participantId)
    if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
    const row = await findIdentity(uow.trx, participantId)
    if (!row) throw new AppError(AppErrorCode.NOT_FOUND, { message: "This person's name and contact details have been erased" })

    const cipher = fieldCipherFor(deps.config.identityKey)
    const dec = (column: string, value: string | null) =>
      value === null ? null : cipher.decrypt(value, identityContext(column, participantId))
    const address = dec('address', row.address_enc)
    const identity: ParticipantIdentityDto = {
      participantId,
      pseudonym: participant.pseudonym,
      fullName: cipher.decrypt(row.full_name_enc, identityContext('full_name', participantId)),
      email: dec('email', row.email_enc),
      phone: dec('phone', row.phone_enc),
      address: address === null ? null : (JSON.parse(address) as PostalAddress),
      preferredChannel: row.preferred_channel,
      preferredFormat: row.preferred_format,
      preferredLanguage: dec('preferred_language', row.preferred_language_enc),
    }
    await uow.audit({
      action: 'panel.identity_viewed',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { pseudonym: participant.pseudonym },
    })
    return identity
  })
}
