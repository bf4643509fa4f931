import { z } from 'zod'
import { JOIN_ROUTES, type PanelCatalogue } from '../../../domain/catalogue.ts'
import {
  answersSchema,
  consentsSchema,
  contactDetailsSchema,
  contactLimitSchema,
  joinedOnSchema,
  seldomHeardTagsSchema,
  supportNeedsSchema,
} from '../../../domain/join-questions.ts'

/** How staff may say someone joined (online is for people who join by themselves). A partner only ever 'partner'. */
export function joinedViaOptions(role: string) {
  const offline = JOIN_ROUTES.filter(r => r.code !== 'online')
  return role === 'seldom_heard_partner' ? offline.filter(r => r.code === 'partner') : offline
}

/** The staff form, section by section, in the order of the page. */
export function addParticipantSections(catalogue: PanelCatalogue) {
  return {
    joinedVia: z.object({
      joinedVia: z.enum(['phone', 'post', 'partner'], { error: 'Select how they joined' }),
    }),
    joinedOn: joinedOnSchema(),
    contact: contactDetailsSchema('they'),
    answers: answersSchema(catalogue.dimensions),
    supportNeeds: supportNeedsSchema(catalogue, 'they'),
    tags: seldomHeardTagsSchema(catalogue),
    limit: contactLimitSchema(),
    consents: consentsSchema('they', { joining: true }),
  }
}
