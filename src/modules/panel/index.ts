export { panelModule, PANEL_AUDIT_EVENTS } from './panel.module.ts'
export { registerParticipant, registerParticipants, type RegisterOptions } from './domain/register-participant.ts'
export type { RegisterParticipantInput } from './domain/registration.schema.ts'
export { getParticipantIdentity } from './domain/get-participant-identity.ts'
export {
  listParticipants,
  countParticipants,
  countParticipantsByDimension,
  countParticipantsBySeldomHeardTag,
  type ParticipantFilter,
  type DimensionCounts,
  type CountRow,
} from './domain/queries/list-participants.ts'
export type { ParticipantResearchDto, ParticipantIdentityDto, PostalAddress } from './domain/participant.ts'
export { seededPseudonyms, isPseudonym, type PseudonymSource } from './domain/pseudonym.ts'
export {
  panelCatalogue,
  DEFAULT_PANEL_CATALOGUE,
  CHANNELS,
  FORMATS,
  JOIN_ROUTES,
  PARTICIPANT_STATUSES,
  PREFER_NOT_TO_SAY,
  type PanelCatalogue,
  type DimensionDefinition,
  type Option,
  type Channel,
  type Format,
  type JoinRoute,
  type ParticipantStatus,
} from './domain/catalogue.ts'
