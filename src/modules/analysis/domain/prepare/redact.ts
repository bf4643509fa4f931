// Finding personal details in free text so they can be redacted before analysis (issue 6, item 2). The finder returns
// spans, not a new string, so a reviewer can see each proposed redaction with the words it hides, keep it or put the
// words back (see ../redactions.ts). applyRedactions() then replaces each span with a plain-English placeholder.
//
// UK formats. Contact details and National Insurance numbers favour recall (every well-formed one is found); names
// favour precision (found only after a cue such as "my name is", "Mrs", "my son", or because the caller passed them
// as known names), so that "I'm Scottish", "Universal Credit" or a capitalised word at the start of a sentence are
// left alone. Pure and deterministic: no database, no model download.
import { isStopWord } from '../suggest/tokenise.ts'

export type RedactionKind = 'name' | 'phone' | 'email' | 'address' | 'postcode' | 'ni_number' | 'bank_details' | 'date_of_birth'

export interface Redaction {
  start: number
  end: number
  kind: RedactionKind
  /** The words hidden: text.slice(start, end). */
  text: string
}

export interface RedactionOptions {
  /** Names to redact wherever they appear as whole words, any case (the panel's and the staff's names). */
  knownNames?: readonly string[]
}

/** Plain-English labels for the review page. */
export const REDACTION_LABELS: Record<RedactionKind, string> = {
  name: 'Name',
  phone: 'Phone number',
  email: 'Email address',
  address: 'Address',
  postcode: 'Postcode',
  ni_number: 'National Insurance number',
  bank_details: 'Bank details',
  date_of_birth: 'Date of birth',
}

/** The placeholders that replace redacted words in the text analysts code. */
export const REDACTION_PLACEHOLDERS: Record<RedactionKind, string> = {
  name: '[name]',
  phone: '[phone number]',
  email: '[email address]',
  address: '[address]',
  postcode: '[postcode]',
  ni_number: '[National Insurance number]',
  bank_details: '[bank details]',
  date_of_birth: '[date of birth]',
}

/** When two candidate spans overlap, the kind earlier in this list wins (then the longer span). */
const PRIORITY: readonly RedactionKind[] = ['email', 'ni_number', 'bank_details', 'phone', 'postcode', 'date_of_birth', 'address', 'name']

// ---------------------------------------------------------------------------------------------------------------------
// Contact details and numbers

const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}-])/gu

// A run that may be a UK phone number: +44 or 0 (optionally in brackets), then digits with single spaces, hyphens,
// dots or brackets between groups. phoneAt() then takes the longest prefix of groups that is a valid number.
const PHONE_RUN = /(?<![\p{L}\p{N}+])(?:\+\s?44[\s.-]?(?:\(0\)[\s.-]?)?|\(\s?0|0)\d[\d)]*(?:[ .\u00a0-]{1,2}\(?\d+\)?)*/gu

/** Valid UK numbers, 0-prefixed: geographic 01/02, 03, mobiles 07, freephone and special-rate 080/084/087/09, 05. */
function validUkNumber(digits: string): boolean {
  if (!digits.startsWith('0')) return false
  const n = digits.length
  if (digits.startsWith('0800') || digits.startsWith('0808')) return n === 10 || n === 11
  if (digits.startsWith('01')) return n === 10 || n === 11
  return n === 11 && /^0[235789]/.test(digits)
}

function findPhones(text: string, out: Redaction[]): void {
  if (!/\d{3}/.test(text)) return
  for (const m of text.matchAll(PHONE_RUN)) {
    const start = m.index
    const run = m[0]
    // The groups of the run with their end offsets; '+44' counts as a leading 0.
    let digits = ''
    let best = -1
    for (let i = 0; i < run.length; i++) {
      const c = run[i]!
      if (c >= '0' && c <= '9') {
        if (digits === '' && run.startsWith('+')) {
          // "+44" then "(0)" optionally: the first digits seen are 4, 4.
          const rest = run.slice(i)
          const national = rest.replace(/^44[\s.-]?(?:\(0\)[\s.-]?)?/, '')
          const skipped = rest.length - national.length
          digits = '0'
          i += skipped - 1
          continue
        }
        digits += c
        const next = run[i + 1]
        const groupEnds = next === undefined || !(next >= '0' && next <= '9')
        if (groupEnds && validUkNumber(digits)) best = i + 1
        if (digits.length > 11) break
      }
    }
    if (best > 0) {
      let from = start
      let end = start + best
      const span = text.slice(from, end)
      // Balance brackets: "(0131) 496 0000" keeps both; "(07700 900123 is mine)" drops the opening one.
      if ((span.match(/\(/g)?.length ?? 0) > (span.match(/\)/g)?.length ?? 0)) {
        if (text[end] === ')') end += 1
        else if (text[from] === '(') from += 1
      }
      out.push({ start: from, end, kind: 'phone', text: text.slice(from, end) })
    }
  }
}

// National Insurance numbers: two prefix letters (first not D F I Q U V, second not D F I O Q U V; BG GB KN NK NT TN ZZ
// are never issued), six digits, a suffix A-D, with optional spaces or hyphens anywhere ("QQ 12 34 56 C", "QQ 123 456 C"). QQ is the documented example prefix and
// is accepted as well.
const NI_NUMBER = /(?<![\p{L}\p{N}])([A-Za-z]{2})[ \u00a0-]?(?:\d[ \u00a0-]?){5}\d[ \u00a0-]?([A-Da-d])(?![\p{L}\p{N}])/gu
const NEVER_ISSUED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'])

function validNiPrefix(prefix: string): boolean {
  const p = prefix.toUpperCase()
  if (p === 'QQ') return true
  if (NEVER_ISSUED.has(p)) return false
  return !'DFIQUV'.includes(p[0]!) && !'DFIOQUV'.includes(p[1]!)
}

function findNiNumbers(text: string, out: Redaction[]): void {
  for (const m of text.matchAll(NI_NUMBER)) {
    const prefix = m[1]!
    // Mixed case ("Ab 12 34 56 c") is ordinary text far more often than a number.
    if (prefix !== prefix.toUpperCase() && prefix !== prefix.toLowerCase()) continue
    if (!validNiPrefix(prefix)) continue
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'ni_number', text: m[0] })
  }
}

// Postcodes: outward code (A9, A99, AA9, AA99, A9A, AA9A) then the inward code (9AA, never C I K M O V), all upper or
// all lower case. "3rd"/"2nd" are not inward codes, "4pm" neither.
const POSTCODE = /(?<![\p{L}\p{N}])([A-Za-z]{1,2}\d[A-Za-z\d]?)[ \u00a0]?(\d[ABD-HJLNP-UW-Zabd-hjlnp-uw-z]{2})(?![\p{L}\p{N}])/gu

function findPostcodes(text: string, out: Redaction[]): void {
  for (const m of text.matchAll(POSTCODE)) {
    const whole = m[1]! + m[2]!
    const upper = whole === whole.toUpperCase()
    const lower = whole === whole.toLowerCase()
    if (!upper && !lower) continue
    if (lower && /^\d(?:st|nd|rd|th)$/.test(m[2]!)) continue
    // Not a time such as "a4 4pm".
    if (lower && /(?:am|pm)$/.test(m[2]!)) continue
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'postcode', text: m[0] })
  }
}

// Bank details after a cue: sort codes, 8-digit account numbers, IBANs.
const SORT_CODE = /\bsort[ -]?code(?:\s+(?:is|was|:))?[\s:]*(\d{2}[ -]?\d{2}[ -]?\d{2})(?!\d)/giu
const ACCOUNT = /\b(?:account|acc|a\/c)(?:\s+(?:number|no\.?|num))?(?:\s+(?:is|was))?[\s:#]*(\d{8})(?!\d)/giu
const IBAN = /\bGB\d{2}\s?[A-Z]{4}(?:\s?\d{4}){3}\s?\d{2}\b/gu

function findBankDetails(text: string, out: Redaction[]): void {
  if (!/\d{6}|\d{2}[ -]\d{2}[ -]\d{2}/.test(text)) return
  for (const re of [SORT_CODE, ACCOUNT]) {
    for (const m of text.matchAll(re)) {
      const start = m.index + m[0].length - m[1]!.length
      out.push({ start, end: m.index + m[0].length, kind: 'bank_details', text: m[1]! })
    }
  }
  for (const m of text.matchAll(IBAN)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'bank_details', text: m[0] })
}

// Dates of birth after a cue ("born on", "date of birth", "DOB", "my birthday is").
const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?'
const DATE = `(?:\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})|\\d{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+(?:${MONTHS})\\.?,?\\s+\\d{4}|(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4})`
const DATE_OF_BIRTH = new RegExp(`\\b(?:born\\s+(?:on\\s+)?|date\\s+of\\s+birth(?:\\s+is)?[\\s:]*|d\\.?o\\.?b\\.?[\\s:]*|birthday\\s+is\\s+(?:on\\s+)?)(${DATE})`, 'giu')

function findDatesOfBirth(text: string, out: Redaction[]): void {
  for (const m of text.matchAll(DATE_OF_BIRTH)) {
    const start = m.index + m[0].length - m[1]!.length
    out.push({ start, end: m.index + m[0].length, kind: 'date_of_birth', text: m[1]! })
  }
}

// Street addresses: a house number (12, 14a, 3/2, 12-14) then one to three capitalised words and a street word,
// optionally after "Flat 3," or "Flat 2/1". A following ", Edinburgh" is left to the reviewer.
const STREET_WORDS =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Walk|Place|Pl|Crescent|Cres|Terrace|Terr|Drive|Dr|Court|Ct|Gardens|Gdns|Close|' +
  'Way|Square|Sq|Row|Grove|Park|Hill|View|Wynd|Loan|Brae|Green|Gate|Mews|Parade|Boulevard|Circus|Vale|Rise|Path|Bank|' +
  'Quay|Wharf|Broadway|Causeway|Esplanade|Loaning|Neuk|Vennel|Close|Croft|Dale|Meadow|Meadows|Heights|Yard|Steps|Port'
const FLAT = `(?:(?:Flat|Apartment|Apt|Unit|Room)\\.?\\s+\\d+[A-Za-z]?(?:/\\d+)?,?\\s+|\\d+F\\d+,?\\s+)`
const ADDRESS = new RegExp(
  `(?<![\\p{L}\\p{N}£$€.,/-])(?:${FLAT})?\\d{1,4}[A-Za-z]?(?:[/-]\\d{1,4}[A-Za-z]?)?,?\\s+((?:[A-Z][\\p{L}'’-]+\\s+){1,3})(?:${STREET_WORDS})\\b\\.?`,
  'gu',
)
/** Words that make "5 Universal Credit Payment" or "3 Hours Drive" a count rather than an address. */
const NOT_STREET_WORDS: ReadonlySet<string> = new Set(
  (
    'universal credit social security adult disability payment payments personal independence child benefit benefits ' +
    'allowance carer carers pension grant support attendance jobseeker employment tax council housing nhs dwp hmrc ' +
    'jobcentre citizens advice minutes hours days weeks months years times people calls letters forms ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april june july august ' +
    'september october november december i me my we you he she they it and or but the of in on at to for'
  ).split(' '),
)
// Addresses typed in lower case ("12 church lane"): one or two words and a street word written in full.
const LOWER_ADDRESS = /(?<![\p{L}\p{N}£$€.,/-])\d{1,4}[a-z]?,?\s+((?:[a-z][a-z'’-]+\s+){1,2})(?:street|road|avenue|lane|walk|place|crescent|terrace|drive|court|gardens|close|square|grove|wynd|brae|mews|parade)\b/gu
const LOWER_NOT_STREET: ReadonlySet<string> = new Set(['bus', 'cycle', 'car', 'fast', 'slow', 'busy', 'quiet', 'main', 'side', 'back', 'long', 'short', 'new', 'old', 'country', 'dark', 'narrow'])
const FLAT_ONLY = new RegExp(`(?<![\\p{L}\\p{N}])(?:Flat|Apartment)\\s+\\d+[A-Za-z]?(?:/\\d+)?(?=,?\\s+\\d)`, 'gu')

function findAddresses(text: string, out: Redaction[]): void {
  if (!/\d/.test(text)) return
  for (const m of text.matchAll(ADDRESS)) {
    let span = m[0]
    if (span.endsWith('.') && !/\b(?:St|Rd|Ave|Ln|Pl|Cres|Terr|Dr|Ct|Gdns|Sq)\.$/.test(span)) span = span.slice(0, -1)
    // "5 Universal Credit Payments" is not an address: the words before the street word must not be service names.
    const words = m[1]!.trim().split(/\s+/)
    if (words.some(w => NOT_STREET_WORDS.has(w.toLowerCase()))) continue
    // "Dr Smith", "St Andrews": the abbreviation is a title, not the end of an address.
    if (/\b(?:Dr|St)\.?$/.test(span) && /^\.?\s+[A-Z]/.test(text.slice(m.index + span.length))) continue
    out.push({ start: m.index, end: m.index + span.length, kind: 'address', text: span })
  }
  for (const m of text.matchAll(LOWER_ADDRESS)) {
    const words = m[1]!.trim().split(/\s+/)
    if (words.some(w => NOT_STREET_WORDS.has(w) || LOWER_NOT_STREET.has(w) || isStopWord(w))) continue
    out.push({ start: m.index, end: m.index + m[0].length, kind: 'address', text: m[0] })
  }
  for (const m of text.matchAll(FLAT_ONLY)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'address', text: m[0] })
}

// ---------------------------------------------------------------------------------------------------------------------
// Names

/**
 * Capitalised words that are not names in what panel members write: days, months, nationalities and identities,
 * benefits, services and organisations, and common words that people capitalise. A candidate name containing one of
 * these is not redacted.
 */
const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    // Days and months.
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december christmas easter weekend today tomorrow yesterday morning afternoon evening ' +
    // Nations, nationalities, identities, faiths, languages.
    'scottish scot scots english british irish welsh polish ukrainian pakistani indian bangladeshi chinese african ' +
    'european asian black white muslim christian catholic protestant jewish sikh hindu buddhist deaf autistic gay ' +
    'lesbian bisexual trans lgbt lgbtq gaelic romanian syrian afghan eritrean somali nigerian italian spanish french ' +
    'german portuguese lithuanian latvian scotland england wales britain ireland uk edinburgh glasgow dundee aberdeen ' +
    'inverness perth stirling london ' +
    // Benefits, services, organisations, roles.
    'universal credit social security adult disability payment personal independence child scottish benefit benefits ' +
    'allowance allowances carer carers pension grant support attendance jobseeker jobseekers employment tax credits ' +
    'council housing nhs dwp hmrc gp jobcentre job centre plus citizens advice bureau agency department government ' +
    'minister ministers parliament service services office team officer advisor adviser helpline charter panel ' +
    'core group ombudsman tribunal appeal appeals assessment assessor pip adp cdp ucp esa jsa ssa ssc hospital ' +
    'surgery clinic pharmacy ward a&e ambulance police court food bank trust foundation association ' +
    // Common words people capitalise or that follow "I'm" / a title.
    'the a an and or but not no yes sorry fine ok okay good great well happy sad angry disabled unemployed retired ' +
    'single married divorced widowed pregnant sick ill unwell tired scared worried afraid grateful thankful still ' +
    'just only really very so too also here there now then always never sure glad pleased going trying looking ' +
    'writing calling waiting worried unable able in on at from with of to for by as about after before over under ' +
    'mum dad mother father son daughter husband wife partner brother sister friend family kids children baby ' +
    'dear sir madam all everyone anyone someone nobody everybody god lord jesus hello hi thanks thank regards ' +
    'street road avenue lane place crescent terrace drive court gardens close way square park hill flat house home ' +
    'i me my we our you your he she they them it this that these those who what when where why how ' +
    'mr mrs ms miss mx dr prof sir dame rev bipolar dyslexic blind deafblind homeless vegan diabetic epileptic ' +
    'neurodivergent adhd asd ptsd ocd cancer covid long term carer lone parent veteran student refugee asylum ' +
    'seeker migrant immigrant british-born working-class practitioner practice specialist consultant manager staff ' +
    'assistant station unit clinic led who doc doctor doctors nurse nurses receptionist reception surgeon paramedic ' +
    'paramedics midwife physio dentist optician pharmacist counsellor therapist psychiatrist psychologist chemist'
  ).split(' '),
)

const ALLOWED_LOWER = new Set(['van', 'de', 'der', 'den', 'von', 'di', 'da', 'le', 'la', 'du', 'mac', 'bin', 'al'])
const NAME_WORD = `[A-Z][\\p{Ll}'’]*(?:-[A-Z][\\p{Ll}'’]*)?(?:[A-Z][\\p{Ll}]+)?`
const NAME = `${NAME_WORD}(?:\\s+(?:(?:van|de|der|von|di|da|le|la|du|al|bin)\\s+)?${NAME_WORD})?`

/** Words that end like ordinary English words rather than names ("Absolutely", "Exhausted", "Furious"). */
const WORD_ENDING = /^\p{L}{3,}(?:ing|ous|ful|ive|able|ible|ness|ment|ally|tely|sely|less|ish|ist|ism|ated|ized|ised)$/u

/** How much of a candidate is a name: its leading words while they look like names; 0 when none does. */
function nameLength(candidate: string, strict = false): number {
  let end = 0
  let kept = 0
  for (const m of candidate.matchAll(/\S+/g)) {
    const word = m[0]
    if (kept > 0 && ALLOWED_LOWER.has(word)) continue
    const bare = word.replace(/['’]s$/, '')
    const lower = bare.toLowerCase()
    if (bare.length < 2 || NOT_NAME_WORDS.has(lower) || isStopWord(lower) || bare === bare.toUpperCase()) break
    if (strict && WORD_ENDING.test(lower)) break
    end = m.index + bare.length
    kept += 1
    if (bare !== word) break
  }
  return kept > 0 ? end : 0
}

/** A lower-case word after "my name is" as a name: its length, or 0 when it is an ordinary word. */
function lowerNameLength(word: string): number {
  if (word.length < 2 || NOT_NAME_WORDS.has(word) || LOWER_NOT_NAME.has(word) || isStopWord(word) || WORD_ENDING.test(word)) return 0
  return word.length
}

const LOWER_NOT_NAME: ReadonlySet<string> = new Set(['wrong', 'spelt', 'spelled', 'misspelt', 'incorrect', 'different', 'missing', 'listed', 'down', 'there', 'here', 'correct', 'right', 'known', 'unknown', 'irrelevant', 'private', 'withheld', 'confidential', 'anonymous'])

// Cues after which the next capitalised word(s) are a name. Each has the name as its last group.
const TITLE_CUE = new RegExp(`\\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Revd|Cllr)\\.?|Professor|Sir|Dame|Councillor|[Nn]urse|Doctor|[Mm]idwife)[ \\t]+(${NAME})`, 'gu')
const NAMED_CUE = new RegExp(
  `\\b(?:[Mm]y|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur)\\s+(?:full\\s+|first\\s+|real\\s+)?name(?:\\s+is|['’]s)\\s+(${NAME})`,
  'gu',
)
// "my name is sarah": a single lower-case word after the cue, when it does not look like an ordinary word.
const NAMED_LOWER_CUE = /\b[Mm]y\s+(?:first\s+)?name(?:\s+is|['’]s)\s+(\p{Ll}[\p{Ll}'’-]+)(?=\s*(?:[,.!;:]|$|\s+and\s|\s+but\s))/gu
// "I spoke to Sarah Jones", "talking with Ahmed".
const SPOKE_CUE = new RegExp(`\\b(?:spoke|talked|speaking|talking|spoken)\\s+(?:to|with)\\s+(${NAME})`, 'gu')
const CALLED_CUE = new RegExp(
  `\\b(?:[Ii]\\s+am|[Ii]['’]m)\\s+called\\s+(${NAME})|` +
    `\\b(?:[Ss]omeone|[Ss]omebody|[Aa]\\s+(?:man|woman|lady|gentleman|guy|girl|boy|person|chap|bloke)|` +
    `[Aa]n?\\s+(?:advisor|adviser|officer|assessor|agent|nurse|doctor|member\\s+of\\s+staff|staff\\s+member|worker))\\s+(?:called|named)\\s+(${NAME})`,
  'gu',
)
const RELATIONS =
  'son|daughter|husband|wife|partner|mum|mother|dad|father|brother|sister|carer|caseworker|case\\s+worker|case\\s+manager|' +
  'advisor|adviser|social\\s+worker|support\\s+worker|key\\s+worker|friend|neighbour|gran|granny|grandad|grandson|granddaughter|' +
  'grandmother|grandfather|nephew|niece|uncle|aunt|auntie|boyfriend|girlfriend|fianc[ée]e?|stepson|stepdaughter|' +
  'child|boy|girl|little\\s+one|youngest|eldest|cousin|landlord|landlady|manager|boss|GP|doctor|nurse|mentor|assessor'
const RELATION_CUE = new RegExp(`\\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\\s+(?:(?:${RELATIONS})['’]s\\s+)?(?:${RELATIONS})s?,?\\s+(${NAME})`, 'gu')
// "I'm Sarah Jones" (two capitalised words), or "I'm Sarah." / "I'm Sarah, and" / "Hi, I'm Sarah and".
const IM_CUE = new RegExp(`\\b(?:I['’]m|I\\s+am)\\s+(${NAME_WORD}\\s+${NAME_WORD})(?!\\s*[A-Z])`, 'gu')
const GREETING_CUE = new RegExp(
  `(?:^|[.!?\\n]\\s*)(?:Hi|Hello|Hiya|Hey|Good\\s+(?:morning|afternoon|evening))(?:\\s+(?:there|all|everyone))?[,!.]?\\s+(?:I['’]m|I\\s+am|my\\s+name\\s+is|it['’]s)\\s+(${NAME_WORD})(?=\\s*(?:[,.!;:)]|$|\\s+and\\s|\\s+from\\s|\\s+here\\b))`,
  'gu',
)
// Sign-offs: "Thanks,\nSarah", "Yours sincerely, John Smith".
const SIGN_OFF = new RegExp(`\\b(?:[Rr]egards|[Ss]incerely|[Ff]aithfully|[Tt]hanks|[Tt]hank\\s+you|[Cc]heers|[Bb]est\\s+wishes|[Ss]igned)[,.!]?[ \\t]*\\r?\\n?[ \\t]*(${NAME})[ \\t]*(?=\\r?\\n|$)`, 'gu')
// A last line that is only a name, after a line ending with a comma ("Thanks for listening,\nDavid Brown").
const LAST_LINE = new RegExp(`,[ \\t]*\\r?\\n[ \\t]*(${NAME})[ \\t.]*$`, 'gu')

/** Cheap checks on the lower-cased text that each cue needs before its pattern is run (most items have no cue). */
const CUE_NEEDS: readonly [RegExp, (lower: string) => boolean][] = [
  [TITLE_CUE, lower => /\b(?:m[rsx]|mrs|miss|dr|prof|sir|dame|rev|cllr|councillor|nurse|doctor|midwife)\b/.test(lower)],
  [NAMED_CUE, lower => lower.includes('name')],
  [CALLED_CUE, lower => lower.includes('called') || lower.includes('named')],
  [NAMED_LOWER_CUE, lower => lower.includes('name')],
  [SPOKE_CUE, lower => lower.includes('to') || lower.includes('with')],
  [RELATION_CUE, lower => lower.includes('my ') || lower.includes('our ') || lower.includes('his ') || lower.includes('her ') || lower.includes('their ')],
  [IM_CUE, lower => lower.includes('i am') || lower.includes("i'm") || lower.includes('i’m')],
  [GREETING_CUE, lower => lower.includes('hi') || lower.includes('hey') || lower.includes('hello') || lower.includes('good ')],
  [SIGN_OFF, lower => /regards|sincerely|faithfully|thank|cheers|best wishes|signed/.test(lower)],
  [LAST_LINE, lower => lower.includes('\n')],
]

function findCuedNames(text: string, lower: string, out: Redaction[]): void {
  for (const [re, needs] of CUE_NEEDS) {
    if (!needs(lower)) continue
    re.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = re.exec(text)) !== null) {
      const group = m[m.length - 1] ?? m[m.length - 2]
      if (!group) continue
      const start = m.index + m[0].lastIndexOf(group)
      const strict = re === IM_CUE || re === RELATION_CUE || re === SIGN_OFF || re === LAST_LINE || re === SPOKE_CUE || re === NAMED_LOWER_CUE
      const length = re === NAMED_LOWER_CUE ? lowerNameLength(group) : nameLength(group, strict)
      if (length === 0) continue
      // "I'm Sarah Jones" needs both words to look like names.
      if (re === IM_CUE && length < group.length) continue
      out.push({ start, end: start + length, kind: 'name', text: text.slice(start, start + length) })
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

interface KnownPatterns {
  key: string
  /** Whole names, any case. */
  full: RegExp | null
  /** Names that are also ordinary words ("Hope", "Will"): only capitalised and not at the start of a sentence. */
  risky: RegExp | null
  /** Single words of multi-word names ("Sarah" of "Sarah Jones"), lower-cased: only capitalised, never common words. */
  parts: ReadonlySet<string>
}

/** Known names compiled once (cached for the last list seen: the app passes the same list for every item). */
let knownCache: KnownPatterns | null = null

const isCommonWord = (lower: string): boolean => NOT_NAME_WORDS.has(lower) || COMMON_WORDS.has(lower) || isStopWord(lower)

function alternation(names: readonly string[], flags: string): RegExp | null {
  if (names.length === 0) return null
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(n => escapeRegExp(n).replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, flags)
}

function knownPatterns(names: readonly string[]): KnownPatterns {
  const key = names.join('\u0000')
  if (knownCache?.key === key) return knownCache
  const cleaned = [...new Set(names.map(n => n.trim().replace(/\s+/g, ' ')).filter(n => n.length >= 2))].sort((a, b) => b.length - a.length)
  const single = (n: string): boolean => !n.includes(' ')
  const risky = cleaned.filter(n => single(n) && isCommonWord(n.toLowerCase()))
  const safe = cleaned.filter(n => !risky.includes(n))
  const parts = new Set<string>()
  for (const n of cleaned) {
    if (single(n)) continue
    for (const w of n.split(' ')) if (w.length >= 3 && !isCommonWord(w.toLowerCase())) parts.add(w.toLowerCase())
  }
  const capitalised = risky.map(n => n[0]!.toUpperCase() + n.slice(1).toLowerCase())
  knownCache = { key, full: alternation(safe, 'giu'), risky: alternation(capitalised, 'gu'), parts }
  return knownCache
}

/** Words that are names as often as ordinary words: never redacted on their own as part of a known name. */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'will bill mark grace hope faith joy may rose dawn frank jack pat sue summer rich young white black brown green ' +
    'king hill wood bell ward hall page cook baker taylor smith walker wright long short little rob sandy'
  ).split(' '),
)

/** True when the character before index starts a sentence (start of text, after . ! ? or a line break). */
function atSentenceStart(text: string, index: number): boolean {
  let i = index - 1
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '"' || text[i] === '“' || text[i] === "'")) i--
  return i < 0 || '.!?\n\r'.includes(text[i]!)
}

function findKnownNames(text: string, names: readonly string[], out: Redaction[]): void {
  const { full, risky, parts } = knownPatterns(names)
  if (full) for (const m of text.matchAll(full)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'name', text: m[0] })
  if (risky) for (const m of text.matchAll(risky)) if (!atSentenceStart(text, m.index)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'name', text: m[0] })
  if (parts.size === 0) return
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])[A-Z][\p{Ll}'’-]+(?![\p{L}\p{N}])/gu)) {
    const word = m[0].replace(/['’]s$/, '')
    if (!parts.has(word.toLowerCase())) continue
    out.push({ start: m.index, end: m.index + word.length, kind: 'name', text: word })
  }
}

// ---------------------------------------------------------------------------------------------------------------------

/** Keep non-overlapping spans: higher-priority kinds first, then longer spans; sorted by start. */
function resolve(candidates: Redaction[]): Redaction[] {
  if (candidates.length <= 1) return candidates
  const ranked = [...candidates].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start) || a.start - b.start)
  const kept: Redaction[] = []
  for (const c of ranked) if (!kept.some(k => c.start < k.end && k.start < c.end)) kept.push(c)
  return kept.sort((a, b) => a.start - b.start)
}

/**
 * The personal details in a text, as spans into it (text.slice(start, end) === redaction.text), sorted and not
 * overlapping. See the comment at the top of this file for what is found.
 */
export function findRedactions(text: string, options: RedactionOptions = {}): Redaction[] {
  if (text.length === 0) return []
  const out: Redaction[] = []
  const lower = text.toLowerCase()
  if (text.includes('@')) for (const m of text.matchAll(EMAIL)) out.push({ start: m.index, end: m.index + m[0].length, kind: 'email', text: m[0] })
  if (/\d/.test(text)) {
    findNiNumbers(text, out)
    if (/sort|acc|a\/c|gb\d/.test(lower)) findBankDetails(text, out)
    findPhones(text, out)
    findPostcodes(text, out)
    if (/born|birth|d\.?o\.?b/.test(lower)) findDatesOfBirth(text, out)
    findAddresses(text, out)
  }
  findCuedNames(text, lower, out)
  if (options.knownNames?.length) findKnownNames(text, options.knownNames, out)
  return resolve(out)
}

/**
 * The text with each span replaced by its plain-English placeholder ("[name]", "[phone number]"...). Only start, end
 * and kind are read; overlapping or out-of-range spans are clipped.
 */
export function applyRedactions(text: string, redactions: readonly (Pick<Redaction, 'start' | 'end' | 'kind'> & { text?: string })[]): string {
  if (redactions.length === 0) return text
  const sorted = [...redactions].sort((a, b) => a.start - b.start || b.end - a.end)
  let out = ''
  let at = 0
  for (const r of sorted) {
    const start = Math.min(Math.max(r.start, 0), text.length)
    const end = Math.min(Math.max(r.end, 0), text.length)
    if (end <= start) continue
    if (start < at) {
      // Overlaps the span before: one placeholder covers both.
      at = Math.max(at, end)
      continue
    }
    out += text.slice(at, start) + (REDACTION_PLACEHOLDERS[r.kind] ?? '[redacted]')
    at = end
  }
  return out + text.slice(at)
}
