import type { Actor } from '../../../platform/auth/actor.ts'
import { findUserByEmail } from '../../../platform/auth/user.repository.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode } from '../../../platform/errors.ts'
import { createActiveUser } from '../../accounts/index.ts'
import { deleteJoinDraft, findLiveJoinDraft } from '../data/join-draft.repository.ts'
import { findParticipantIdsByEmailIndex } from '../data/participant.repository.ts'
import { setParticipantUser } from '../data/participant-update.repository.ts'
import { panelCatalogue } from './catalogue.ts'
import { writeConsentDecisions } from './consent.ts'
import { joinSubmissionOf, loadJoinDraft, parseJoinAnswers } from './join-draft.ts'
import { alreadyJoinedEmail, joinedEmail } from './join-emails.ts'
import { inOneTransaction } from './join-transaction.ts'
import { mayJoinOnline } from './panel.policy.ts'
import { normaliseEmail } from './participant.ts'
import { registerParticipant } from './register-participant.ts'

export type JoinOutcome =
  | { outcome: 'joined'; participantId: string; pseudonym: string; accountCreated: boolean }
  /** The email is already on the panel: nothing new was made, and the address was told (not the page). */
  | { outcome: 'already_on_panel' }

/**
 * Join the panel with the answers of a finished online journey (the person, not signed in). ONE transaction:
 * the participant (registerParticipant, joined 'online'), their consents with the wording versions they were shown
 * (channel 'online'), and, if they gave an email address, their own panel-member account with no password (they sign
 * in with emailed links) linked by panel_participant.user_id; then the draft is removed. After it commits, a
 * plain-text confirmation is emailed if email is their preferred way of contact.
 *
 * If the email address is already on the panel, nothing is made: the address is emailed instead, and the caller
 * shows the same confirmation page, so the page never reveals who is on the panel. If an account (not a panel
 * member's) already has the address, they join without an account of their own.
 */
export async function submitJoin(deps: AppDeps, actor: Actor, draftId: string | undefined): Promise<JoinOutcome> {
  if (!mayJoinOnline(actor)) throw new AppError(AppErrorCode.FORBIDDEN, { message: 'Sign out to join the panel yourself' })
  const draft = await loadJoinDraft(deps, draftId)
  if (!draft || !draftId) throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Your answers are no longer saved. Start again' })
  const catalogue = panelCatalogue()
  const { registration, consents, notKept } = joinSubmissionOf(catalogue, parseJoinAnswers(catalogue, draft))
  const email = registration.email

  const outcome = await inOneTransaction(deps, txDeps =>
    inTransaction(txDeps, actor, async (uow): Promise<JoinOutcome> => {
      if (!(await findLiveJoinDraft(uow.trx, draftId, uow.now.toISOString()))) {
        throw new AppError(AppErrorCode.INVALID_STATE, { message: 'Your answers are no longer saved. Start again' })
      }
      await deleteJoinDraft(uow.trx, draftId)

      if (email) {
        const index = fieldCipherFor(deps.config.identityKey).blindIndex(normaliseEmail(email), 'email')
        const existing = await findParticipantIdsByEmailIndex(uow.trx, index)
        if (existing.length > 0) {
          await uow.audit({ action: 'panel.join_refused_already_on_panel', subjectType: 'participant', subjectId: existing[0], summary: { joinedVia: 'online' } })
          return { outcome: 'already_on_panel' }
        }
      }

      const participant = await registerParticipant(txDeps, actor, registration)
      await writeConsentDecisions(uow, participant.id, consents, 'online')

      let accountCreated = false
      if (email && !(await findUserByEmail(uow.trx, email))) {
        const user = await createActiveUser(txDeps, actor, { email, displayName: registration.fullName, role: 'panel_member' })
        await setParticipantUser(uow.trx, participant.id, user.id, uow.now.toISOString())
        await uow.audit({ action: 'panel.account_linked', subjectType: 'participant', subjectId: participant.id, summary: { userId: user.id } })
        accountCreated = true
      }
      await uow.audit({
        action: 'panel.joined_online',
        subjectType: 'participant',
        subjectId: participant.id,
        summary: { pseudonym: participant.pseudonym, accountCreated, specialCategoryAnswersNotKept: notKept },
      })
      return { outcome: 'joined', participantId: participant.id, pseudonym: participant.pseudonym, accountCreated }
    }),
  )

  if (email) {
    const org = deps.config.organisation
    const myRecordLink = `${deps.config.server.baseUrl}/my-record`
    const message =
      outcome.outcome === 'already_on_panel'
        ? alreadyJoinedEmail(org, email, { myRecordLink })
        : registration.preferredChannel === 'email'
          ? joinedEmail(org, email, {
              pseudonym: outcome.pseudonym,
              myRecordLink,
              signInLink: `${deps.config.server.baseUrl}/sign-in/email-link`,
              hasAccount: outcome.accountCreated,
            })
          : null
    if (message) await deps.mailer.send(message).catch(err => deps.logger.error({ err }, 'could not send the joining email'))
  }
  return outcome
}
