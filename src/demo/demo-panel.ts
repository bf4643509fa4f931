import type { Channel, Format, JoinRoute, RegisterParticipantInput } from '../modules/panel/index.ts'
import { chance, integer, mulberry32, pick, weighted, type Random } from './prng.ts'

/**
 * About 300 fictional panel members for Northshire Social Security, generated from a fixed seed so every load
 * is identical. Names are invented; every email address is at example.org and every phone number is in Ofcom's
 * drama range (07700 900000 to 07700 900999), so none can reach a real person.
 */

export const DEMO_PANEL_SEED = 20_251_123
export const DEMO_PANEL_SIZE = 300

/** Who typed the registration in: the person online, the panel manager (phone, post) or the partner organisation. */
export type DemoEnteredBy = 'self' | 'panel_manager' | 'partner'

export interface DemoPanelMember {
  input: RegisterParticipantInput
  enteredBy: DemoEnteredBy
}

const WOMEN = [
  'Aileen', 'Amira', 'Ann', 'Beth', 'Bronwen', 'Caitlin', 'Chloe', 'Claire', 'Donna', 'Eilidh', 'Elaine', 'Fatima', 'Fiona',
  'Grace', 'Hannah', 'Isla', 'Janet', 'Joanne', 'Kirsty', 'Leanne', 'Linda', 'Lorraine', 'Maria', 'Marion', 'Morven', 'Nadia',
  'Niamh', 'Olena', 'Patricia', 'Rachel', 'Roisin', 'Sandra', 'Shona', 'Sofia', 'Tracy', 'Wendy', 'Yasmin', 'Zainab',
] as const
const MEN = [
  'Aaron', 'Ahmed', 'Alasdair', 'Andrzej', 'Brian', 'Callum', 'Craig', 'Darren', 'David', 'Duncan', 'Euan', 'Fraser', 'Gary',
  'Graham', 'Hamza', 'Iain', 'Imran', 'James', 'Jamie', 'Kevin', 'Kwame', 'Liam', 'Malcolm', 'Mark', 'Michael', 'Neil',
  'Omar', 'Paul', 'Piotr', 'Robert', 'Ross', 'Scott', 'Stephen', 'Stuart', 'Tariq', 'Thomas', 'William', 'Yusuf',
] as const
const NEUTRAL = ['Alex', 'Ash', 'Charlie', 'Jordan', 'Morgan', 'Riley', 'Robin', 'Sam', 'Skye', 'Taylor'] as const
const SURNAMES = [
  'Abbott', 'Ahmed', 'Anderson', 'Baird', 'Begum', 'Boyle', 'Brown', 'Cameron', 'Campbell', 'Clark', 'Docherty', 'Duffy',
  'Ferguson', 'Fraser', 'Gallagher', 'Gray', 'Hamilton', 'Hussain', 'Johnston', 'Kaur', 'Kelly', 'Kowalski', 'Lindsay',
  'MacDonald', 'MacLeod', 'Martin', 'McBride', 'McKenzie', 'Mensah', 'Millar', 'Mitchell', 'Morrison', 'Murray', 'Nowak',
  'Okonkwo', 'Paterson', 'Reid', 'Robertson', 'Ross', 'Shah', 'Sinclair', 'Smith', 'Stewart', 'Sutherland', 'Thomson',
  'Walker', 'Watson', 'Wilson', 'Young',
] as const
const STREETS = [
  'Harbour View', 'Mill Lane', 'Station Road', 'Kirk Street', 'Burnside Avenue', 'Hillview Crescent', 'Park Terrace',
  'Castle Wynd', 'Shore Road', 'Glebe Court', 'Rowan Drive', 'Ferry Brae', 'Market Street', 'Willow Gardens', 'Croft Road',
] as const

type Area = 'northshire_city' | 'eastport' | 'glenmoor' | 'westhaven' | 'the_isles'

const AREAS: Readonly<Record<Area, { town: readonly string[]; postcode: string; districts: number }>> = {
  northshire_city: { town: ['Northshire City'], postcode: 'NS', districts: 9 },
  eastport: { town: ['Eastport'], postcode: 'EP', districts: 4 },
  glenmoor: { town: ['Glenmoor', 'Kinloch Moor', 'Strathbrae'], postcode: 'GM', districts: 3 },
  westhaven: { town: ['Westhaven', 'Portwick'], postcode: 'WH', districts: 5 },
  the_isles: { town: ['Isle of Sorrin', 'Isle of Vanna', 'Kirkvaig, Isle of Sorrin'], postcode: 'IS', districts: 3 },
}
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'

const OTHER_LANGUAGES = ['Polish', 'Arabic', 'Urdu', 'Romanian', 'Ukrainian', 'Mandarin', 'Tigrinya', 'Punjabi'] as const
const DIETARY = ['Vegetarian', 'Halal', 'Gluten free', 'Diabetic', 'Vegan', 'Nut allergy'] as const
const OTHER_NEEDS = [
  'Needs a break every 30 minutes',
  'Morning sessions only, because of medication',
  'Needs a hearing loop',
  'Would like papers a week before any meeting',
  'Needs somewhere to charge a powered wheelchair',
  'Prefers a female facilitator',
] as const

/** Unanswered questions happen: each optional question is skipped now and then, and some prefer not to say. */
function answerOrSkip<T extends string>(random: Random, value: T, skip = 0.03, preferNot = 0.03): T | 'prefer_not_to_say' | undefined {
  const r = random()
  if (r < skip) return undefined
  if (r < skip + preferNot) return 'prefer_not_to_say'
  return value
}

function postcode(random: Random, area: Area): string {
  const a = AREAS[area]
  const letter = () => pick(random, [...INWARD_LETTERS])
  return `${a.postcode}${integer(random, 1, a.districts)} ${integer(random, 1, 9)}${letter()}${letter()}`
}

function street(random: Random): { line1: string; line2?: string } {
  const line = `${integer(random, 1, 180)} ${pick(random, STREETS)}`
  return chance(random, 0.2) ? { line1: `Flat ${integer(random, 1, 12)}`, line2: line } : { line1: line }
}

function member(random: Random, index: number): DemoPanelMember {
  const area = weighted<Area>(random, { northshire_city: 34, eastport: 22, westhaven: 20, glenmoor: 14, the_isles: 10 })
  const rurality =
    area === 'northshire_city'
      ? weighted(random, { urban: 95, small_town: 5 })
      : area === 'eastport'
        ? weighted(random, { urban: 70, small_town: 30 })
        : area === 'westhaven'
          ? weighted(random, { small_town: 60, urban: 30, rural: 10 })
          : area === 'glenmoor'
            ? weighted(random, { rural: 70, small_town: 20, remote_rural: 10 })
            : weighted(random, { remote_rural: 90, rural: 10 })
  const ageBand = weighted(random, { '16_24': 10, '25_34': 16, '35_44': 18, '45_54': 20, '55_64': 20, '65_74': 10, '75_plus': 6 })
  const older = ageBand === '65_74' || ageBand === '75_plus'
  const younger = ageBand === '16_24' || ageBand === '25_34'
  const gender = weighted(random, { woman: 54, man: 42, non_binary: 2, another_way: 1, prefer_not_to_say: 1 })
  const disability = weighted(
    random,
    older
      ? { limited_a_lot: 45, limited_a_little: 30, not_limited: 20, prefer_not_to_say: 5 }
      : { limited_a_lot: 35, limited_a_little: 27, not_limited: 33, prefer_not_to_say: 5 },
  )

  const conditionWeights = {
    mental_health: 30,
    mobility: 22,
    chronic_pain: 16,
    long_term_illness: 16,
    neurological: 5,
    learning_disability: 5,
    neurodivergent: 7,
    sight_loss: 4,
    deaf_or_hearing_loss: 5,
    other: 3,
  }
  const conditionPool = Object.keys(conditionWeights)
  let conditions: string[] = []
  if (disability === 'limited_a_lot' || disability === 'limited_a_little') {
    const n = disability === 'limited_a_lot' ? integer(random, 1, 3) : integer(random, 1, 2)
    const set = new Set<string>()
    while (set.size < n) set.add(weighted(random, conditionWeights))
    conditions = conditionPool.filter(c => set.has(c))
  } else if (disability === 'not_limited') {
    conditions = chance(random, 0.65) ? ['none'] : [weighted(random, { mental_health: 50, long_term_illness: 50 })]
  } else if (chance(random, 0.5)) {
    conditions = ['prefer_not_to_say']
  }
  const has = (c: string) => conditions.includes(c)

  const caring = weighted(random, { not_caring: 60, under_20_hours: 15, '20_to_49_hours': 10, '50_plus_hours': 12, prefer_not_to_say: 3 })
  const ethnicity = weighted(
    random,
    area === 'northshire_city' || area === 'eastport'
      ? { white_british: 72, white_other: 8, gypsy_traveller: 3, mixed: 3, asian: 8, black: 4, arab: 2, other: 1 }
      : { white_british: 86, white_other: 5, gypsy_traveller: 6, mixed: 1, asian: 1, black: 0.5, arab: 0.2, other: 0.3 },
  )

  const benefits = new Set<string>()
  if ((disability === 'limited_a_lot' || disability === 'limited_a_little') && chance(random, 0.85)) benefits.add('disability')
  if ((caring === '20_to_49_hours' || caring === '50_plus_hours') && chance(random, 0.8)) benefits.add('carer')
  if (['16_24', '25_34', '35_44'].includes(ageBand) && chance(random, 0.45)) benefits.add('child_family')
  if (chance(random, 0.45)) benefits.add('low_income')
  if (chance(random, 0.3)) benefits.add('housing')
  if ((older && chance(random, 0.6)) || (disability === 'limited_a_lot' && chance(random, 0.2))) benefits.add('winter_heating')
  if (chance(random, 0.04)) benefits.add('funeral_bereavement')
  if (!older && chance(random, 0.15)) benefits.add('employment_support')
  if (chance(random, 0.03)) benefits.add('other')
  if (benefits.size === 0) benefits.add('low_income')
  const benefitOrder = [
    'disability',
    'carer',
    'child_family',
    'low_income',
    'housing',
    'winter_heating',
    'funeral_bereavement',
    'employment_support',
    'other',
  ]

  // Seldom-heard groups
  const homeless = chance(random, younger || ageBand === '35_44' ? 0.06 : 0.025)
  const careExperienced = chance(random, younger ? 0.1 : 0.03)
  const prisonLeaver = chance(random, 0.015)

  // Preferred format and language
  let format: Format = 'standard'
  let language: string | undefined
  if (has('learning_disability') && chance(random, 0.7)) format = 'easy_read'
  else if (has('sight_loss') && chance(random, 0.7)) format = 'large_print'
  else if (has('deaf_or_hearing_loss') && chance(random, 0.5)) format = 'bsl'
  else if ((ethnicity === 'white_other' || ethnicity === 'arab' || ethnicity === 'asian' || ethnicity === 'other') && chance(random, 0.3)) {
    format = 'another_language'
    language = pick(random, OTHER_LANGUAGES)
  } else if (older && chance(random, 0.12)) format = 'large_print'

  // How they like to be contacted, and which details they gave
  let channel: Channel
  if (format === 'bsl') channel = weighted(random, { text: 60, email: 40 })
  else if (homeless) channel = weighted(random, { text: 50, phone: 40, email: 10 })
  else if (older) channel = weighted(random, { letter: 45, phone: 30, email: 20, text: 5 })
  else if (younger) channel = weighted(random, { email: 50, text: 35, phone: 10, letter: 5 })
  else channel = weighted(random, { email: 45, text: 15, phone: 20, letter: 20 })
  const hasEmail =
    channel === 'email' || (channel === 'text' && chance(random, 0.5)) || (!homeless && channel !== 'letter' && channel !== 'phone' && chance(random, 0.4))
  const hasPhone = channel === 'text' || channel === 'phone' || chance(random, 0.6)
  const hasAddress = !homeless

  // Names and contact details: invented and unreachable
  const first =
    gender === 'woman' ? pick(random, WOMEN) : gender === 'man' ? pick(random, MEN) : pick(random, [...NEUTRAL, ...WOMEN, ...MEN])
  const last = pick(random, SURNAMES)
  const town = pick(random, AREAS[area].town)
  const emailLocal = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '')

  const tags = new Set<string>()
  if (ethnicity === 'gypsy_traveller') tags.add('gypsy_traveller')
  if (['mixed', 'asian', 'black', 'arab', 'other'].includes(ethnicity)) tags.add('minority_ethnic')
  if (rurality === 'remote_rural') tags.add('remote_rural')
  if (careExperienced) tags.add('care_experienced')
  if (homeless) tags.add('homeless_or_insecurely_housed')
  if (format === 'another_language') tags.add('limited_english')
  if (format === 'bsl') tags.add('deaf_bsl_user')
  if (has('learning_disability')) tags.add('learning_disability')
  if (!hasEmail && (older || chance(random, 0.3))) tags.add('digitally_excluded')
  if (prisonLeaver) tags.add('prison_leaver')

  const needs: { need: string; detail?: string }[] = []
  if (format === 'bsl') needs.push({ need: 'bsl_interpreter' })
  if ((rurality === 'rural' || rurality === 'remote_rural') && chance(random, 0.45)) {
    needs.push({ need: 'travel', detail: area === 'the_isles' ? 'Ferry and taxi to the mainland venue' : undefined })
  }
  else if ((has('mobility') && chance(random, 0.4)) || chance(random, 0.06)) needs.push({ need: 'travel' })
  if ((has('learning_disability') && chance(random, 0.6)) || (disability === 'limited_a_lot' && chance(random, 0.12))) {
    needs.push({ need: 'carer_companion' })
  }
  if ((has('mobility') && chance(random, 0.7)) || (disability === 'limited_a_lot' && chance(random, 0.2))) {
    needs.push({ need: 'accessible_venue', detail: chance(random, 0.4) ? 'Step-free access and an accessible toilet' : undefined })
  }
  if (chance(random, 0.08)) needs.push({ need: 'dietary', detail: pick(random, DIETARY) })
  if ((has('neurodivergent') && chance(random, 0.5)) || (has('mental_health') && chance(random, 0.2))) needs.push({ need: 'quiet_room' })
  if (chance(random, 0.03)) needs.push({ need: 'other', detail: pick(random, OTHER_NEEDS) })

  let joinedVia: JoinRoute
  if (tags.has('gypsy_traveller') || homeless || prisonLeaver) joinedVia = weighted(random, { partner: 60, phone: 25, online: 15 })
  else if (channel === 'letter') joinedVia = weighted(random, { post: 50, phone: 30, online: 10, partner: 10 })
  else if (channel === 'phone') joinedVia = weighted(random, { phone: 50, online: 30, post: 10, partner: 10 })
  else joinedVia = weighted(random, { online: 78, phone: 7, post: 3, partner: 12 })

  const joinedDay = Date.UTC(2025, 2, 1) + integer(random, 0, 600) * 86_400_000
  const joinedAt = new Date(joinedDay + integer(random, 8 * 60, 19 * 60) * 60_000).toISOString()

  const demographics: Record<string, string | string[]> = { area }
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined) demographics[key] = value
  }
  put('age_band', answerOrSkip(random, ageBand, 0.01, 0.01))
  put('gender', gender)
  put('disability', disability)
  if (conditions.length > 0) demographics.long_term_condition = conditions
  put('caring', caring)
  put('ethnicity', answerOrSkip(random, ethnicity, 0.02, 0.03))
  if (chance(random, 0.97)) demographics.benefits = benefitOrder.filter(b => benefits.has(b))
  else demographics.benefits = ['prefer_not_to_say']
  put('rurality', answerOrSkip(random, rurality, 0.04, 0.01))

  const input: RegisterParticipantInput = {
    fullName: `${first} ${last}`,
    email: hasEmail ? `${emailLocal}.${index + 1}@example.org` : undefined,
    phone: hasPhone ? `07700 900${String(index).padStart(3, '0')}` : undefined,
    address: hasAddress
      ? { ...street(random), town, postcode: postcode(random, area) }
      : undefined,
    preferredChannel: channel,
    preferredFormat: format,
    preferredLanguage: language,
    demographics,
    supportNeeds: needs,
    seldomHeardTags: [...tags],
    joinedVia,
    joinedAt,
    maxInvitationsPerMonth: Number(weighted(random, { '2': 70, '1': 20, '4': 10 })),
  }
  const enteredBy: DemoEnteredBy = joinedVia === 'online' ? 'self' : joinedVia === 'partner' ? 'partner' : 'panel_manager'
  return { input, enteredBy }
}

/** The demonstration panel: the same people, in the same order, every time. */
export function generateDemoPanel(size = DEMO_PANEL_SIZE, seed = DEMO_PANEL_SEED): DemoPanelMember[] {
  if (size > 1000) throw new Error('The drama phone range has 1,000 numbers: at most 1,000 demonstration members')
  const random = mulberry32(seed)
  return Array.from({ length: size }, (_, i) => member(random, i))
}
