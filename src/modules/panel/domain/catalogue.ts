import fs from 'node:fs'
import { z } from 'zod'
import { ConfigError } from '../../../platform/config.ts'

/**
 * What the panel records about people, as data. Every command and page asks `panelCatalogue()`. By default it is
 * the catalogue below, written for the default organisation (Northshire Social Security); an organisation can give
 * its own in a JSON file named by PANEL_CATALOGUE_FILE, checked and put in force once at start-up
 * (`configurePanelCatalogueFromFile`, called by the runtime). docs/panel/catalogue.example.json shows the format.
 *
 * Codes are stored; labels are shown. Values can be added and relabelled, but never removed (or their meaning
 * changed) while members hold them: add a new code instead.
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

let inForce: PanelCatalogue = DEFAULT_PANEL_CATALOGUE

/** The catalogue in force: the organisation's own if one was configured at start-up, otherwise the default. */
export function panelCatalogue(): PanelCatalogue {
  return inForce
}

/** Put a catalogue in force (start-up, or a test); with no argument, the default again. */
export function configurePanelCatalogue(catalogue: PanelCatalogue = DEFAULT_PANEL_CATALOGUE): void {
  inForce = catalogue
}

/**
 * At start-up: read, check and put in force the organisation's catalogue file, or the default when there is none.
 * Throws a ConfigError naming the file, the place in the JSON and what to fix.
 */
export function configurePanelCatalogueFromFile(file: string | undefined): PanelCatalogue {
  const catalogue = file ? loadPanelCatalogueFile(file) : DEFAULT_PANEL_CATALOGUE
  configurePanelCatalogue(catalogue)
  return catalogue
}

// ---- the organisation's catalogue file ----

/** Codes and keys are stored in the database: short, lower-case, stable. */
const CODE = /^[a-z0-9_]{1,40}$/
const CODE_HELP = 'use only lower-case letters, digits and underscores, 1 to 40 characters (for example "north_east")'

const code = (what: string) => z.string({ error: `give the ${what} as text in quotes` }).regex(CODE, CODE_HELP)
const text = (what: string, max: number) =>
  z
    .string({ error: `give the ${what} as text in quotes` })
    .trim()
    .min(1, `give the ${what}: it must not be empty`)
    .max(max, `shorten the ${what} to ${max} characters or fewer`)

const OptionFile = z.strictObject({
  code: code('code'),
  label: text('label', 200),
  exclusive: z.boolean({ error: 'write exclusive as true or false, without quotes' }).optional(),
})

const DimensionFile = z.strictObject({
  key: code('key'),
  label: text('label', 100),
  question: text('question', 300),
  multiple: z.boolean({ error: 'write multiple as true or false, without quotes' }).default(false),
  options: z.array(OptionFile, { error: 'give the options as a list: [ { "code": ..., "label": ... } ]' }).min(1, 'give at least one option'),
})

const SupportNeedFile = z.strictObject({
  code: code('code'),
  label: text('label', 200),
  detail: z.enum(['none', 'optional', 'required'], { error: 'write detail as "none", "optional" or "required"' }).default('none'),
})

const CatalogueFile = z.strictObject({
  /** Free text for whoever maintains the file; ignored. */
  about: z.string().optional(),
  dimensions: z
    .array(DimensionFile, { error: 'give the dimensions as a list: [ { "key": ..., "label": ..., "question": ..., "options": [...] } ]' })
    .min(1, 'give at least one dimension'),
  supportNeeds: z.array(SupportNeedFile, { error: 'give the support needs as a list: [ { "code": ..., "label": ... } ]' }).optional(),
  seldomHeardTags: z.array(OptionFile, { error: 'give the seldom-heard groups as a list: [ { "code": ..., "label": ... } ]' }).optional(),
})

type JsonPath = readonly PropertyKey[]

/** A JSON path as people read it: dimensions[2].options[0].code */
function pathText(path: JsonPath): string {
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`
  return out || '(the whole file)'
}

/** Each list's codes must be unique; "prefer_not_to_say" is added to every dimension for you. */
function duplicateProblems(file: z.infer<typeof CatalogueFile>): { path: JsonPath; message: string }[] {
  const problems: { path: JsonPath; message: string }[] = []
  const unique = (items: readonly { [k: string]: unknown }[], field: string, where: JsonPath) => {
    const seen = new Map<unknown, number>()
    items.forEach((item, i) => {
      const value = item[field]
      const first = seen.get(value)
      if (first === undefined) seen.set(value, i)
      else problems.push({ path: [...where, i, field], message: `use a different ${field}: "${String(value)}" is already used at ${pathText([...where, first])}` })
    })
  }
  unique(file.dimensions, 'key', ['dimensions'])
  file.dimensions.forEach((d, i) => {
    unique(d.options, 'code', ['dimensions', i, 'options'])
    d.options.forEach((o, j) => {
      if (o.code === PREFER_NOT_TO_SAY.code) {
        problems.push({ path: ['dimensions', i, 'options', j, 'code'], message: 'remove this option: every dimension offers "Prefer not to say" already' })
      }
    })
  })
  if (file.supportNeeds) unique(file.supportNeeds, 'code', ['supportNeeds'])
  if (file.seldomHeardTags) unique(file.seldomHeardTags, 'code', ['seldomHeardTags'])
  return problems
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/**
 * Check an organisation's catalogue (parsed JSON) and turn it into the catalogue. `source` names the file in
 * errors. Support needs and seldom-heard groups left out keep the defaults; give [] for none.
 */
export function parsePanelCatalogue(json: unknown, source: string): PanelCatalogue {
  const where = `PANEL_CATALOGUE_FILE ${source}`
  const parsed = CatalogueFile.safeParse(json)
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(issue => {
        const message =
          issue.code === 'unrecognized_keys'
            ? `remove ${issue.keys.map(k => `"${k}"`).join(', ')}: not a field the catalogue knows (check the spelling)`
            : issue.message
        return `${where}: ${pathText(issue.path)}: ${message}`
      }),
    )
  }
  const file = parsed.data
  const duplicates = duplicateProblems(file)
  if (duplicates.length > 0) throw new ConfigError(duplicates.map(p => `${where}: ${pathText(p.path)}: ${p.message}`))
  return deepFreeze({
    dimensions: file.dimensions.map(d =>
      dimension({
        key: d.key,
        label: d.label,
        question: d.question,
        multiple: d.multiple,
        options: d.options.map(o => (o.exclusive ? { code: o.code, label: o.label, exclusive: true } : { code: o.code, label: o.label })),
      }),
    ),
    supportNeeds: file.supportNeeds ? file.supportNeeds.map(n => ({ code: n.code, label: n.label, detail: n.detail })) : DEFAULT_SUPPORT_NEEDS,
    seldomHeardTags: file.seldomHeardTags ? file.seldomHeardTags.map(t => ({ code: t.code, label: t.label })) : DEFAULT_SELDOM_HEARD_TAGS,
  })
}

/** Read and check an organisation's catalogue file. Throws a ConfigError that names the file and what to fix. */
export function loadPanelCatalogueFile(file: string): PanelCatalogue {
  let raw: string
  try {
    raw = fs.readFileSync(file, 'utf8')
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message
    throw new ConfigError([`PANEL_CATALOGUE_FILE ${file}: cannot be read (${reason}). Check the path, or leave PANEL_CATALOGUE_FILE unset for the default catalogue`])
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (err) {
    throw new ConfigError([`PANEL_CATALOGUE_FILE ${file}: is not valid JSON (${jsonErrorPlace(raw, err as Error)}). Check for a missing comma or quote, or a comma after the last item`])
  }
  return parsePanelCatalogue(json, file)
}

/** "line 12, column 5: Unexpected token" from a JSON.parse error, when it says where. */
function jsonErrorPlace(raw: string, err: Error): string {
  const m = /position (\d+)/.exec(err.message)
  const detail = err.message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '')
  if (!m) return detail
  const before = raw.slice(0, Number(m[1]))
  const line = before.split('\n').length
  const column = before.length - before.lastIndexOf('\n')
  return `line ${line}, column ${column}: ${detail}`
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
