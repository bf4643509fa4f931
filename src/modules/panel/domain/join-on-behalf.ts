import type { Actor } from '../../../platform/auth/actor.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError, type FieldError } from '../../../platform/errors.ts'
import { panelCatalogue } from './catalogue.ts'
import {
  CONTACT_PURPOSE,
  SPECIAL_CATEGORY_PURPOSE,
  specialCategoryDimensionKeys,
  writeConsentDecisions,
  type ConsentAnswer,
  type ConsentChannel,
} from './consent.ts'
import { answerField, consentField } from './join-questions.ts'
import { inOneTransaction } from './join-transaction.ts'
import { mayRegisterParticipant } from './panel.policy.ts'
import type { ParticipantResearchDto } from './participant.ts'
import { registerParticipant } from './register-participant.ts'
import type { RegisterParticipantInput } from './registration.schema.ts'

export interface JoinOnBehalfInput extends RegisterParticipantInput {
  /** How they joined: by phone, by post, or through a partner organisation (a partner may only use 'partner'). */
  joinedVia: 'phone' | 'post' | 'partner'
  /** What they agreed to, as they told us. Contact for research must be agreed to: it is what joining means. */
  consents: ConsentAnswer[]
}

/**
 * Staff (the panel manager) or a seldom-heard partner put someone on the panel who joined by phone, by post or
 * through the partner. ONE transaction: registerParticipant (which records the acting account as the one who entered
 * it on the person's behalf) and their consents, recorded with the same channel and the acting account.
 * Answers on special-category dimensions need the person's special-category consent.
 */
export async function joinOnBehalf(deps: AppDeps, actor: Actor, input: JoinOnBehalfInput): Promise<ParticipantResearchDto> {
  const joinedVia = input.joinedVia as string
  if (joinedVia === 'online') throw fieldError('joinedVia', 'Select how they joined: by phone, by post or through a partner organisation')
  if (!['phone', 'post', 'partner'].includes(joinedVia)) throw fieldError('joinedVia', 'Select how they joined')
  if (!mayRegisterParticipant(actor, input.joinedVia)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'You cannot add people to the panel this way' })

  const problems: FieldError[] = []
  if (input.joinedAt && new Date(input.joinedAt).getTime() > deps.clock.now().getTime()) {
    problems.push({ field: 'joinedOn-day', message: 'The date they joined must be today or in the past' })
  }
  const contact = input.consents.find(c => c.purpose === CONTACT_PURPOSE)
  if (!contact?.given) {
    problems.push({
      field: consentField(CONTACT_PURPOSE),
      message: 'They need to agree to us contacting them about research to join the panel. Select that they agree',
    })
  }
  const specialGiven = input.consents.some(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && c.given)
  if (!specialGiven) {
    for (const key of specialCategoryDimensionKeys(panelCatalogue())) {
      const answer = input.demographics?.[key]
      const given = Array.isArray(answer) ? answer.length > 0 : typeof answer === 'string' && answer !== ''
      if (given) {
        problems.push({
          field: answerField(key),
          message: 'They have not agreed to us keeping information about their health, disability and ethnic group. Remove this answer, or record their agreement',
        })
      }
    }
  }
  if (problems.length > 0) throw new AppError(AppErrorCode.VALIDATION_FAILED, { message: problems[0]!.message, fieldErrors: problems })

  const { consents, ...registration } = input
  const channel: ConsentChannel = input.joinedVia
  return inOneTransaction(deps, async txDeps => {
    const participant = await registerParticipant(txDeps, actor, registration)
    await inTransaction(txDeps, actor, uow => writeConsentDecisions(uow, participant.id, consents, channel))
    return participant
  })
}
