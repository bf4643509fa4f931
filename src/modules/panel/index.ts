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
export { configurePanelCatalogue, configurePanelCatalogueFromFile, loadPanelCatalogueFile, parsePanelCatalogue } from './domain/catalogue.ts'
export {
  CONSENT_PURPOSES,
  CONSENT_CHANNELS,
  CONTACT_PURPOSE,
  SPECIAL_CATEGORY_DIMENSION_KEYS,
  type ConsentPurpose,
  type ConsentChannel,
  type ConsentAnswer,
  type ConsentWordingDto,
  type CurrentConsentDto,
  type ConsentRecordDto,
} from './domain/consent.ts'
export {
  getCurrentConsents,
  getConsentHistory,
  getCurrentConsentWordings,
  getAllConsentWordings,
  isContactable,
  contactableParticipantIds,
} from './domain/consent-queries.ts'
export { changeConsents, type ChangeConsentsResult } from './domain/consent-change.ts'
export {
  updateContactDetails,
  updateDemographics,
  updateSupportNeeds,
  updateSeldomHeardTags,
  updateContactLimit,
  type UpdateResult,
} from './domain/update-participant.ts'
export type { ContactDetails, SupportNeedAnswer } from './domain/join-questions.ts'
export { joinOnBehalf, type JoinOnBehalfInput } from './domain/join-on-behalf.ts'
export { findOwnParticipantId, getOwnRecord, type OwnRecordDto } from './domain/own-record.ts'
export { eraseParticipant, eraseOwnRecord, PARTICIPANT_ERASED_EVENT, type ParticipantErasedEvent, type ErasureResult } from './domain/erase-participant.ts'
export { changeParticipantStatus, PARTICIPANT_STATUS_CHANGED_EVENT, type ParticipantStatusChangedEvent } from './domain/change-participant-status.ts'
export { getParticipantDetail, getParticipantHistory, type ParticipantDetail } from './domain/queries/participant-detail.ts'
export { getRetentionSettings, changeRetentionPeriod, previewRetention, runRetention, retentionJob, DEFAULT_RETENTION_MONTHS } from './domain/retention.ts'
export { importParticipants, getImportReport, type ImportParticipantsInput, type ImportReport } from './domain/import-participants.ts'
export { importTemplate, MAX_IMPORT_ROWS, type ImportProblem } from './domain/csv-format.ts'
export {
  prepareResearchExport,
  prepareIdentityExport,
  readShowFilter,
  EXPORT_FORMATS,
  type ExportFormat,
  type PreparedExport,
} from './domain/export-participants.ts'
export {
  parsePseudonymSearch,
  ACTIVITY_FILTERS,
  type ActivityFilter,
  type ParticipantListItem,
} from './domain/queries/list-participants.ts'
export { getRepresentation, getRepresentationSettings, type RepresentationSettings } from './domain/queries/representation.ts'
export { DEFAULT_ATTRITION_MONTHS, DEFAULT_GAP_TOLERANCE, type Representation } from './domain/representation.ts'
export { setRepresentationTargets, type SetRepresentationTargetsInput } from './domain/set-representation-targets.ts'
export { getSelectionPool, participantAccounts, NOT_ANSWERED, type SelectionPoolMember } from './domain/queries/selection-pool.ts'
export { getDimensionValues, getPseudonyms, findActiveParticipantByPseudonym, suppressGroup } from './domain/queries/dimension-values.ts'
export { linkParticipantAccount } from './domain/link-account.ts'
export { recordParticipation, correctParticipation } from './domain/record-participation.ts'
export { getInvitationReach, getInvitationContacts, type InvitationReach, type InvitationContact } from './domain/queries/invitation-contacts.ts'
