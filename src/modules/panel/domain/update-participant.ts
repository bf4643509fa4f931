import type { Actor } from '../../../platform/auth/actor.ts'
import { findUserByEmail, findUserById, updateUser } from '../../../platform/auth/user.repository.ts'
import { fieldCipherFor } from '../../../platform/crypto/field-cipher.ts'
import { inTransaction, type UnitOfWork } from '../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../platform/deps.ts'
import { AppError, AppErrorCode, fieldError } from '../../../platform/errors.ts'
import { findLatestConsents } from '../data/consent.repository.ts'
import {
  findDemographicsOf,
  findIdentity,
  findParticipantById,
  findParticipantIdsByEmailIndex,
  findSeldomHeardTagsOf,
  findSupportNeedsOf,
  type IdentityRow,
  type ParticipantRow,
} from '../data/participant.repository.ts'
import {
  replaceDemographics,
  replaceSeldomHeardTags,
  replaceSupportNeeds,
  touchParticipant,
  updateIdentityRow,
  updateParticipantRow,
} from '../data/participant-update.repository.ts'
import { findDimension, panelCatalogue } from './catalogue.ts'
import { SPECIAL_CATEGORY_PURPOSE, specialCategoryDimensionKeys } from './consent.ts'
import {
  answerField,
  answersSchema,
  answersToForm,
  contactDetailsSchema,
  contactDetailsToForm,
  contactLimitSchema,
  FIELD,
  parseOrThrow,
  seldomHeardTagsSchema,
  supportNeedsSchema,
  supportNeedsToForm,
  type ContactDetails,
  type SupportNeedAnswer,
  type Voice,
} from './join-questions.ts'
import { isOwnRecord, mayChangeParticipantDetails, mayChangeStaffFields } from './panel.policy.ts'
import { identityContext, normaliseEmail, normalisePhone, type PostalAddress } from './participant.ts'

/**
 * Changes to a panel member's record, by the person themselves (their own record, from their account) or by the
 * panel manager (anyone's). Each is one transaction with its audit event; the audit summary names the fields that
 * changed, never the values of identity fields. All of them refuse an erased member.
 *
 *  - updateContactDetails:  name, email, phone, postal address, preferred way of contact, format and language
 *  - updateDemographics:    answers to the catalogue's questions
 *  - updateSupportNeeds:    support needed to take part
 *  - updateSeldomHeardTags: seldom-heard groups (staff only)
 *  - updateContactLimit:    at most N invitations a month (staff only)
 *
 * Consents are changed with `changeConsents` (consent-change.ts).
 */

export interface UpdateResult {
  /** Field names (contact details) or dimension keys (answers) that changed; empty if nothing did. */
  changed: string[]
}

const ERASED = "This person's details have been erased"

/** The participant, checked: it exists, is not erased, and the actor may change it. Returns who is speaking. */
async function loadForChange(
  uow: UnitOfWork,
  participantId: string,
  allowed: (actor: Actor, p: ParticipantRow) => boolean,
): Promise<{ participant: ParticipantRow; voice: Voice }> {
  const participant = await findParticipantById(uow.trx, participantId)
  if (!participant) throw new AppError(AppErrorCode.NOT_FOUND, { message: 'There is no such panel member' })
  if (!allowed(uow.actor, participant)) throw new AppError(AppErrorCode.FORBIDDEN, { message: "You cannot change this person's record" })
  if (participant.status === 'erased') throw new AppError(AppErrorCode.INVALID_STATE, { message: ERASED })
  return { participant, voice: isOwnRecord(uow.actor, participant) ? 'you' : 'they' }
}

function byWhom(uow: UnitOfWork, participant: ParticipantRow): 'the person' | 'staff' {
  return isOwnRecord(uow.actor, participant) ? 'the person' : 'staff'
}

function decryptIdentity(deps: AppDeps, row: IdentityRow, participantId: string) {
  const cipher = fieldCipherFor(deps.config.identityKey)
  const dec = (column: string, value: string | null) => (value === null ? null : cipher.decrypt(value, identityContext(column, participantId)))
  const address = dec('address', row.address_enc)
  return {
    fullName: cipher.decrypt(row.full_name_enc, identityContext('full_name', participantId)),
    email: dec('email', row.email_enc),
    phone: dec('phone', row.phone_enc),
    address: address === null ? null : (JSON.parse(address) as PostalAddress),
    preferredChannel: row.preferred_channel,
    preferredFormat: row.preferred_format,
    preferredLanguage: dec('preferred_language', row.preferred_language_enc),
  }
}

function sameAddress(a: PostalAddress | null | undefined, b: PostalAddress | null | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * Replace a member's name, contact details and contact preferences (give them all: a detail left out is removed).
 * Every value is encrypted afresh and the email and phone fingerprints follow. An email another panel member already
 * has is refused. If the member has their own account, its sign-in email and name follow too (an email used by
 * another account is refused); removing the email leaves the account's as it was. When the email changes, the old
 * address is told (after the change is saved), so a change the person did not make does not go unnoticed.
 */
export async function updateContactDetails(deps: AppDeps, actor: Actor, participantId: string, input: ContactDetails): Promise<UpdateResult> {
  const cipher = fieldCipherFor(deps.config.identityKey)
  const { result, oldEmail } = await inTransaction(deps, actor, async uow => {
    const { participant, voice } = await loadForChange(uow, participantId, mayChangeParticipantDetails)
    const next = parseOrThrow(contactDetailsSchema(voice), contactDetailsToForm(input))
    const row = await findIdentity(uow.trx, participantId)
    if (!row) throw new AppError(AppErrorCode.INVALID_STATE, { message: ERASED })
    const before = decryptIdentity(deps, row, participantId)

    const changed: string[] = []
    if (next.fullName !== before.fullName) changed.push('fullName')
    if ((next.email ?? null) !== before.email) changed.push('email')
    if ((next.phone ?? null) !== before.phone) changed.push('phone')
    if (!sameAddress(next.address, before.address)) changed.push('address')
    if (next.preferredChannel !== before.preferredChannel) changed.push('preferredChannel')
    if (next.preferredFormat !== before.preferredFormat) changed.push('preferredFormat')
    if ((next.preferredLanguage ?? null) !== before.preferredLanguage) changed.push('preferredLanguage')
    if (changed.length === 0) return { result: { changed }, oldEmail: null }

    const inUse =
      voice === 'you'
        ? `You cannot use this email address. Enter a different one, or call us on ${deps.config.organisation.contactPhone}`
        : 'Another panel member or account already uses this email address'
    const emailIndex = next.email ? cipher.blindIndex(normaliseEmail(next.email), 'email') : null
    if (emailIndex && changed.includes('email')) {
      const others = (await findParticipantIdsByEmailIndex(uow.trx, emailIndex)).filter(id => id !== participantId)
      if (others.length > 0) throw fieldError(FIELD.email, inUse)
    }

    // Their own account signs in with their email: keep it, and the name on it, in step.
    let accountUpdated = false
    if (participant.user_id && (changed.includes('email') || changed.includes('fullName'))) {
      const account = await findUserById(uow.trx, participant.user_id)
      if (account) {
        const changes: { email?: string; display_name?: string; updated_at: string } = { updated_at: uow.now.toISOString() }
        if (next.email && next.email !== account.email) {
          const holder = await findUserByEmail(uow.trx, next.email)
          if (holder && holder.id !== account.id) throw fieldError(FIELD.email, inUse)
          changes.email = next.email
        }
        if (next.fullName !== account.display_name) changes.display_name = next.fullName
        if (changes.email || changes.display_name) {
          await updateUser(uow.trx, account.id, changes)
          accountUpdated = true
        }
      }
    }

    const now = uow.now.toISOString()
    const enc = (column: string, value: string | undefined) => (value === undefined ? null : cipher.encrypt(value, identityContext(column, participantId)))
    await updateIdentityRow(uow.trx, participantId, {
      full_name_enc: cipher.encrypt(next.fullName, identityContext('full_name', participantId)),
      email_enc: enc('email', next.email),
      email_index: emailIndex,
      phone_enc: enc('phone', next.phone),
      phone_index: next.phone ? cipher.blindIndex(normalisePhone(next.phone), 'phone') : null,
      address_enc: enc('address', next.address ? JSON.stringify(next.address) : undefined),
      preferred_channel: next.preferredChannel,
      preferred_format: next.preferredFormat,
      preferred_language_enc: enc('preferred_language', next.preferredLanguage),
      updated_at: now,
    })
    await touchParticipant(uow.trx, participantId, now)
    await uow.audit({
      action: 'panel.contact_details_changed',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { changed, by: byWhom(uow, participant), accountUpdated },
    })
    return { result: { changed }, oldEmail: changed.includes('email') ? before.email : null }
  })
  if (oldEmail) {
    await deps.mailer.send(emailChangedNotice(deps, oldEmail)).catch(err => deps.logger.error({ err }, 'could not tell the old address about an email change'))
  }
  return result
}

function emailChangedNotice(deps: AppDeps, to: string) {
  const org = deps.config.organisation
  return {
    to,
    subject: `Your email address for ${org.serviceName} has changed`,
    text: [
      `The email address on your panel record with ${org.name} has been changed. We will not use this address any more.`,
      '',
      `If you did not ask for this, call us on ${org.contactPhone} or email ${org.contactEmail}.`,
      '',
      org.name,
    ].join('\n'),
  }
}

/**
 * Replace a member's answers on the dimensions named in `answers` (dimension key to the codes chosen; an empty list
 * means "not answered"). Dimensions not named are left as they are. Answers on special-category dimensions (health,
 * disability, ethnic group) are refused unless the member's special-category consent is given.
 */
export async function updateDemographics(
  deps: AppDeps,
  actor: Actor,
  participantId: string,
  answers: Record<string, readonly string[]>,
): Promise<UpdateResult> {
  const catalogue = panelCatalogue()
  const dimensions = Object.keys(answers).map(key => {
    const d = findDimension(catalogue, key)
    if (!d) throw fieldError(answerField(key), 'Answer only the questions on the form')
    return d
  })
  return inTransaction(deps, actor, async uow => {
    const { participant, voice } = await loadForChange(uow, participantId, mayChangeParticipantDetails)
    const next = parseOrThrow(answersSchema(dimensions), answersToForm(answers))

    const special = specialCategoryDimensionKeys(catalogue).filter(k => (next[k]?.length ?? 0) > 0)
    if (special.length > 0) {
      const latest = await findLatestConsents(uow.trx, [participantId])
      const given = latest.some(c => c.purpose === SPECIAL_CATEGORY_PURPOSE && c.decision === 'given')
      if (!given) {
        throw fieldError(
          answerField(special[0]!),
          voice === 'you'
            ? 'You have not agreed to us keeping information about your health, disability and ethnic group. Change your consents first if you want to answer this'
            : 'They have not agreed to us keeping information about their health, disability and ethnic group. Record their agreement first',
        )
      }
    }

    const current = await findDemographicsOf(uow.trx, [participantId])
    const codesOf = (key: string) => current.filter(r => r.dimension === key).map(r => r.value).sort()
    const changed = dimensions.map(d => d.key).filter(key => JSON.stringify(codesOf(key)) !== JSON.stringify([...(next[key] ?? [])].sort()))
    if (changed.length === 0) return { changed }

    const rows = changed.flatMap(key => (next[key] ?? []).map(value => ({ participant_id: participantId, dimension: key, value })))
    await replaceDemographics(uow.trx, participantId, changed, rows)
    await touchParticipant(uow.trx, participantId, uow.now.toISOString())
    await uow.audit({
      action: 'panel.demographics_changed',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { changed, by: byWhom(uow, participant) },
    })
    return { changed }
  })
}

/** Replace a member's support needs with these (each need once; details where the catalogue asks for them). */
export async function updateSupportNeeds(deps: AppDeps, actor: Actor, participantId: string, needs: readonly SupportNeedAnswer[]): Promise<UpdateResult> {
  return inTransaction(deps, actor, async uow => {
    const { participant, voice } = await loadForChange(uow, participantId, mayChangeParticipantDetails)
    if (new Set(needs.map(n => n.need)).size !== needs.length) throw fieldError(FIELD.needs, 'Give each kind of support only once')
    const next = parseOrThrow(supportNeedsSchema(panelCatalogue(), voice), supportNeedsToForm(needs))
    const current = await findSupportNeedsOf(uow.trx, [participantId])
    const key = (list: readonly { need: string; detail?: string | null }[]) =>
      JSON.stringify(list.map(n => [n.need, n.detail ?? null]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))))
    if (key(current) === key(next)) return { changed: [] }
    await replaceSupportNeeds(uow.trx, participantId, next.map(n => ({ participant_id: participantId, need: n.need, detail: n.detail ?? null })))
    await touchParticipant(uow.trx, participantId, uow.now.toISOString())
    // Support needs can reveal health or disability: the audit trail says that they changed, not what they are.
    await uow.audit({
      action: 'panel.support_needs_changed',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { changed: ['supportNeeds'], before: current.length, after: next.length, by: byWhom(uow, participant) },
    })
    return { changed: ['supportNeeds'] }
  })
}

/** Replace a member's seldom-heard group tags. Staff only: a person does not tag themselves. */
export async function updateSeldomHeardTags(deps: AppDeps, actor: Actor, participantId: string, tags: readonly string[]): Promise<UpdateResult> {
  return inTransaction(deps, actor, async uow => {
    await loadForChange(uow, participantId, a => mayChangeStaffFields(a))
    const next = parseOrThrow(seldomHeardTagsSchema(panelCatalogue()), { [FIELD.seldomHeardTags]: [...tags] })
    const current = (await findSeldomHeardTagsOf(uow.trx, [participantId])).map(t => t.tag)
    const added = next.filter(t => !current.includes(t))
    const removed = current.filter(t => !next.includes(t))
    if (added.length === 0 && removed.length === 0) return { changed: [] }
    await replaceSeldomHeardTags(uow.trx, participantId, next.map(tag => ({ participant_id: participantId, tag })))
    await touchParticipant(uow.trx, participantId, uow.now.toISOString())
    await uow.audit({
      action: 'panel.seldom_heard_tags_changed',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { changed: ['seldomHeardTags'], added: added.length, removed: removed.length },
    })
    return { changed: ['seldomHeardTags'] }
  })
}

/** Set the most invitations a month the member may get (1 to 20). Staff only. */
export async function updateContactLimit(deps: AppDeps, actor: Actor, participantId: string, maxInvitationsPerMonth: number): Promise<UpdateResult> {
  return inTransaction(deps, actor, async uow => {
    const { participant } = await loadForChange(uow, participantId, a => mayChangeStaffFields(a))
    const next = parseOrThrow(contactLimitSchema(), { [FIELD.maxInvitationsPerMonth]: String(maxInvitationsPerMonth) })
    if (next === participant.max_invitations_per_month) return { changed: [] }
    await updateParticipantRow(uow.trx, participantId, { max_invitations_per_month: next, updated_at: uow.now.toISOString() })
    await uow.audit({
      action: 'panel.contact_limit_changed',
      subjectType: 'participant',
      subjectId: participantId,
      summary: { before: { maxInvitationsPerMonth: participant.max_invitations_per_month }, after: { maxInvitationsPerMonth: next } },
    })
    return { changed: ['maxInvitationsPerMonth'] }
  })
}
