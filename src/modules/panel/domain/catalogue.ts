/**
 * What the panel records about people, as data. An organisation will configure its own dimensions and values
 * (its areas, its benefits); until that exists, every command and page asks `panelCatalogue()` and gets these
 * defaults, written for the default organisation (Northshire Social Security).
 *
 * Codes are stored; labels are shown. Never change the meaning of a stored code: add a new one instead.
 */

export interface Option {
  readonly code: string
  readonly label: string
  /** Cannot be combined with another answer on a multi-valued dimension (e.g. "None", "Prefer not to say"). */
  readonly exclusive?: boolean
}

export interface DimensionDefinition {
  readonly key: string
  readonly label: string
  /** The question as it is asked on the registration form. */
  readonly question: string
  /** More than one answer allowed (e.g. benefits experienced). */
  readonly multiple: boolean
  readonly options: readonly Option[]
}

export interface PanelCatalogue {
  readonly dimensions: readonly DimensionDefinition[]
  readonly supportNeeds: readonly (Option & { readonly detail: 'none' | 'optional' | 'required' })[]
  readonly seldomHeardTags: readonly Option[]
}

export const PREFER_NOT_TO_SAY: Option = { code: 'prefer_not_to_say', label: 'Prefer not to say', exclusive: true }

/** Every dimension is optional and offers "Prefer not to say"; not answering at all is recorded as no answer. */
function dimension(d: Omit<DimensionDefinition, 'options'> & { options: readonly Option[] }): DimensionDefinition {
  return { ...d, options: [...d.options, PREFER_NOT_TO_SAY] }
}

export const CHANNELS = [
  { code: 'email', label: 'Email' },
  { code: 'text', label: 'Text message' },
  { code: 'phone', label: 'Phone call' },
  { code: 'letter', label: 'Letter' },
] as const satisfies readonly Option[]
export type Channel = (typeof CHANNELS)[number]['code']

export const FORMATS = [
  { code: 'standard', label: 'Standard' },
  { code: 'easy_read', label: 'Easy Read' },
  { code: 'large_print', label: 'Large print' },
  { code: 'bsl', label: 'British Sign Language (BSL)' },
  { code: 'another_language', label: 'Another language' },
] as const satisfies readonly Option[]
export type Format = (typeof FORMATS)[number]['code']

export const JOIN_ROUTES = [
  { code: 'online', label: 'Online, by themselves' },
  { code: 'phone', label: 'By phone' },
  { code: 'post', label: 'By post' },
  { code: 'partner', label: 'Through a partner organisation' },
] as const satisfies readonly Option[]
export type JoinRoute = (typeof JOIN_ROUTES)[number]['code']

export const PARTICIPANT_STATUSES = [
  { code: 'active', label: 'Active' },
  { code: 'withdrawn', label: 'Withdrawn' },
  { code: 'erased', label: 'Erased' },
] as const satisfies readonly Option[]
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number]['code']

export const DEFAULT_DIMENSIONS: readonly DimensionDefinition[] = [
  dimension({
    key: 'area',
    label: 'Area',
    question: 'Which area do you live in?',
    multiple: false,
    options: [
      { code: 'northshire_city', label: 'Northshire City' },
      { code: 'eastport', label: 'Eastport' },
      { code: 'glenmoor', label: 'Glenmoor' },
      { code: 'westhaven', label: 'Westhaven' },
      { code: 'the_isles', label: 'The Isles' },
    ],
  }),
  dimension({
    key: 'age_band',
    label: 'Age band',
    question: 'How old are you?',
    multiple: false,
    options: [
      { code: '16_24', label: '16 to 24' },
      { code: '25_34', label: '25 to 34' },
      { code: '35_44', label: '35 to 44' },
      { code: '45_54', label: '45 to 54' },
      { code: '55_64', label: '55 to 64' },
      { code: '65_74', label: '65 to 74' },
      { code: '75_plus', label: '75 or over' },
    ],
  }),
  dimension({
    key: 'gender',
    label: 'Gender',
    question: 'How would you describe your gender?',
    multiple: false,
    options: [
      { code: 'woman', label: 'Woman' },
      { code: 'man', label: 'Man' },
      { code: 'non_binary', label: 'Non-binary' },
      { code: 'another_way', label: 'In another way' },
    ],
  }),
  dimension({
    key: 'disability',
    label: 'Disability',
    question: 'Are your day-to-day activities limited by a health problem or disability?',
    multiple: false,
    options: [
      { code: 'limited_a_lot', label: 'Yes, limited a lot' },
      { code: 'limited_a_little', label: 'Yes, limited a little' },
      { code: 'not_limited', label: 'No' },
    ],
  }),
  dimension({
    key: 'long_term_condition',
    label: 'Long-term condition',
    question: 'Do you have any of these long-term conditions?',
    multiple: true,
    options: [
      { code: 'mental_health', label: 'Mental health condition' },
      { code: 'mobility', label: 'Physical or mobility impairment' },
      { code: 'chronic_pain', label: 'Chronic pain or fatigue' },
      { code: 'long_term_illness', label: 'Long-term illness (for example diabetes, heart or lung condition)' },
      { code: 'neurological', label: 'Neurological condition (for example epilepsy, MS)' },
      { code: 'learning_disability', label: 'Learning disability' },
      { code: 'neurodivergent', label: 'Autism, ADHD or another neurodivergent condition' },
      { code: 'sight_loss', label: 'Blind or partially sighted' },
      { code: 'deaf_or_hearing_loss', label: 'Deaf or hard of hearing' },
      { code: 'other', label: 'Another condition' },
      { code: 'none', label: 'None', exclusive: true },
    ],
  }),
  dimension({
    key: 'caring',
    label: 'Caring',
    question: 'Do you look after or support someone because of their health, disability or age, without being paid?',
    multiple: false,
    options: [
      { code: 'not_caring', label: 'No' },
      { code: 'under_20_hours', label: 'Yes, fewer than 20 hours a week' },
      { code: '20_to_49_hours', label: 'Yes, 20 to 49 hours a week' },
      { code: '50_plus_hours', label: 'Yes, 50 or more hours a week' },
    ],
  }),
  dimension({
    key: 'ethnicity',
    label: 'Ethnic group',
    question: 'What is your ethnic group?',
    multiple: false,
    options: [
      { code: 'white_british', label: 'White: British or Northshire' },
      { code: 'white_other', label: 'White: another background' },
      { code: 'gypsy_traveller', label: 'Gypsy, Roma or Traveller' },
      { code: 'mixed', label: 'Mixed or multiple ethnic groups' },
      { code: 'asian', label: 'Asian or Asian British' },
      { code: 'black', label: 'Black, African, Caribbean or Black British' },
      { code: 'arab', label: 'Arab' },
      { code: 'other', label: 'Another ethnic group' },
    ],
  }),
  dimension({
    key: 'benefits',
    label: 'Benefits experienced',
    question: 'Which kinds of benefit have you applied for or received?',
    multiple: true,
    options: [
      { code: 'disability', label: 'Disability benefit' },
      { code: 'carer', label: "Carer's benefit" },
      { code: 'child_family', label: 'Child or family payment' },
      { code: 'low_income', label: 'Low-income support' },
      { code: 'housing', label: 'Help with housing costs' },
      { code: 'winter_heating', label: 'Winter heating payment' },
      { code: 'funeral_bereavement', label: 'Funeral or bereavement support' },
      { code: 'employment_support', label: 'Employment or job-start support' },
      { code: 'other', label: 'Another benefit' },
    ],
  }),
  dimension({
    key: 'rurality',
    label: 'Rurality',
    question: 'Which best describes where you live?',
    multiple: false,
    options: [
      { code: 'urban', label: 'City or large town' },
      { code: 'small_town', label: 'Small town' },
      { code: 'rural', label: 'Rural' },
      { code: 'remote_rural', label: 'Remote rural or island' },
    ],
  }),
]

export const DEFAULT_SUPPORT_NEEDS: PanelCatalogue['supportNeeds'] = [
  { code: 'bsl_interpreter', label: 'BSL interpreter', detail: 'none' },
  { code: 'travel', label: 'Help with travel', detail: 'optional' },
  { code: 'carer_companion', label: 'A carer or companion to come with me', detail: 'none' },
  { code: 'accessible_venue', label: 'Accessible venue', detail: 'optional' },
  { code: 'dietary', label: 'Dietary needs', detail: 'optional' },
  { code: 'quiet_room', label: 'A quiet room', detail: 'none' },
  { code: 'other', label: 'Something else', detail: 'required' },
]

export const DEFAULT_SELDOM_HEARD_TAGS: readonly Option[] = [
  { code: 'gypsy_traveller', label: 'Gypsy/Traveller' },
  { code: 'minority_ethnic', label: 'Minority ethnic' },
  { code: 'remote_rural', label: 'Remote rural' },
  { code: 'care_experienced', label: 'Care-experienced' },
  { code: 'homeless_or_insecurely_housed', label: 'Homeless or insecurely housed' },
  { code: 'limited_english', label: 'Limited English' },
  { code: 'deaf_bsl_user', label: 'Deaf BSL user' },
  { code: 'learning_disability', label: 'Learning disability' },
  { code: 'digitally_excluded', label: 'Digitally excluded' },
  { code: 'prison_leaver', label: 'Recently left prison' },
]

export const DEFAULT_PANEL_CATALOGUE: PanelCatalogue = {
  dimensions: DEFAULT_DIMENSIONS,
  supportNeeds: DEFAULT_SUPPORT_NEEDS,
  seldomHeardTags: DEFAULT_SELDOM_HEARD_TAGS,
}

/** The catalogue in force. The one place organisation configuration will plug in. */
export function panelCatalogue(): PanelCatalogue {
  return DEFAULT_PANEL_CATALOGUE
}

export function findDimension(catalogue: PanelCatalogue, key: string): DimensionDefinition | undefined {
  return catalogue.dimensions.find(d => d.key === key)
}

/** The label for a stored code, or the code itself if the catalogue no longer has it. */
export function labelOf(options: readonly Option[], code: string): string {
  return options.find(o => o.code === code)?.label ?? code
}

export function dimensionValueLabel(catalogue: PanelCatalogue, dimensionKey: string, code: string): string {
  const d = findDimension(catalogue, dimensionKey)
  return d ? labelOf(d.options, code) : code
}
