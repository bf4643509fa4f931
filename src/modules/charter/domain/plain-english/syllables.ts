// An English syllable counter for the reading-age measure. Rules plus a small table of exceptions: it is a rough
// guide (about 9 words in 10 exactly right on everyday words), which is all the Flesch-Kincaid formula needs.
// No dictionary and no dependency. See docs/charter/plain-english.md.

/** Words the rules get wrong, and words that matter in a charter. Lower case, letters only. */
const EXCEPTIONS: Readonly<Record<string, number>> = {
  the: 1,
  every: 2,
  everyone: 3,
  everybody: 4,
  everything: 3,
  everywhere: 3,
  everyday: 3,
  business: 2,
  businesses: 3,
  people: 2,
  peoples: 2,
  benefit: 3,
  benefits: 3,
  disability: 5,
  disabilities: 5,
  wednesday: 2,
  wednesdays: 2,
  being: 2,
  maybe: 2,
  recipe: 3,
  simile: 3,
  apostrophe: 4,
  catastrophe: 4,
  coyote: 3,
  quiet: 2,
  science: 2,
  one: 1,
  once: 1,
  someone: 2,
  something: 2,
  sometimes: 2,
  somewhere: 2,
  anyone: 3,
  evening: 2,
  different: 3,
  interest: 3,
  interested: 4,
  family: 3,
  families: 3,
  several: 3,
  area: 3,
  areas: 3,
  idea: 3,
  ideas: 3,
  create: 2,
  created: 3,
  creates: 2,
  creating: 3,
  really: 2,
  real: 1,
  ratio: 3,
  poem: 2,
  naive: 2,
  fire: 1,
  hour: 1,
  hours: 1,
  our: 1,
  ours: 1,
  whose: 1,
  were: 1,
  are: 1,
  there: 1,
  where: 1,
  here: 1,
  more: 1,
  before: 2,
  therefore: 2,
  gov: 1,
  online: 2,
  lifeline: 2,
  whereby: 2,
  welcome: 2,
  welfare: 2,
  stakeholder: 3,
  stakeholders: 3,
}

/** Abbreviations read as words, with their syllables. Lower case, no dots. */
const ABBREVIATIONS: Readonly<Record<string, number>> = {
  mr: 2,
  mrs: 2,
  ms: 1,
  dr: 2,
  st: 1,
  etc: 4,
  eg: 2,
  ie: 2,
  no: 1,
  pip: 1,
  covid: 2,
  nato: 2,
  unicef: 3,
}

/** Syllables of each letter when an abbreviation is read out letter by letter ("DWP" is dee-double-you-pee). */
function letterSyllables(letters: string): number {
  let n = 0
  for (const ch of letters.toLowerCase()) n += ch === 'w' ? 3 : /[a-z]/.test(ch) ? 1 : 0
  return n
}

const VOWEL = /[aeiouy]/

/** Count syllables in one word: letters (with ' and - inside), a number, or an abbreviation. 0 for no word. */
export function countSyllables(word: string): number {
  const raw = word.trim().replace(/^['’"“‘(]+|['’"”)]+$/g, '')
  if (raw === '') return 0
  // Numbers: "2026", "1,000", "3.5", "21st", "25%", "£20".
  if (/^[£$€]?\d/.test(raw)) return numberSyllables(raw)
  // Hyphenated words: "well-being", "follow-up", "co-design".
  if (/[-‐]/.test(raw)) {
    const parts = raw.split(/[-‐]+/).filter(part => part !== '')
    return parts.reduce((sum, part) => sum + countSyllables(part), 0)
  }
  const bare = raw.replace(/['’]s$/, '') // "DWP's", "person's"
  const undotted = bare.replace(/\./g, '')
  const lowerUndotted = undotted.toLowerCase()
  // Dotted abbreviations: "e.g.", "i.e.", "U.K.", "Mr.".
  if (bare.includes('.')) return ABBREVIATIONS[lowerUndotted] ?? Math.max(1, letterSyllables(undotted))
  const abbreviation = ABBREVIATIONS[lowerUndotted]
  if (abbreviation !== undefined && (undotted === undotted.toUpperCase() || /^(mr|mrs|ms|dr|st|etc)$/i.test(undotted))) {
    return abbreviation
  }
  // Initialisms in capitals, read letter by letter: "DWP", "NHS", "HMRC", "ESA", "NGOs". A longer word in
  // capitals with vowels in it ("COVID", "PLEASE") is read as a word.
  const initialism = /^([A-Z]{2,6})s?$/.exec(undotted)
  if (initialism && (initialism[1]!.length <= 4 || !/[AEIOU]/.test(initialism[1]!))) return letterSyllables(initialism[1]!)
  // Ordinary words. Strip accents and apostrophes: "naïve", "don't", "we'll", "person's".
  const lower = raw.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  // "couldn't", "isn't", "wasn't": the n't is a syllable of its own after a consonant.
  const extra = /[^aeiouy]n['’]t$/.test(lower) ? 1 : 0
  const w = lower.replace(/[^a-z]/g, '')
  if (w === '') return 1
  return wordSyllables(w) + extra
}

function wordSyllables(w: string): number {
  const exact = EXCEPTIONS[w]
  if (exact !== undefined) return exact
  // Plurals and -ed of a listed word: "benefits" is as long as "benefit"; "benefited" adds one.
  if (w.endsWith('s') && EXCEPTIONS[w.slice(0, -1)] !== undefined && !/(s|x|ch|sh|z)$/.test(w.slice(0, -1))) {
    return EXCEPTIONS[w.slice(0, -1)]!
  }
  // Compounds starting with a listed word: "everyone", "sometimes", "peoples'".
  for (const prefix of ['every', 'some', 'any']) {
    if (w.startsWith(prefix) && w.length > prefix.length + 2) {
      const rest = w.slice(prefix.length)
      if (VOWEL.test(rest)) return (EXCEPTIONS[prefix] ?? wordSyllables(prefix)) + wordSyllables(rest)
    }
  }
  // -ing and -ings are a syllable of their own ("go-ing", "be-ing", "try-ing"), when what is left has a vowel.
  const ing = /^(.*[aeiouy].*?)ings?$/.exec(w)
  if (ing && ing[1]!.length >= 2) return stemSyllables(ing[1]!) + 1
  return ruleSyllables(w)
}

/** A stem left after taking off -ing: "mak" (making), "hav" (having), "decid" (deciding). */
function stemSyllables(stem: string): number {
  return Math.max(1, ruleSyllables(stem, true))
}

function ruleSyllables(w: string, isStem = false): number {
  // "y" is a consonant at the start of a word and between vowels ("yes", "saying", "employer").
  const letters = w.split('')
  const isVowel = letters.map((ch, i) => {
    if (ch !== 'y') return /[aeiou]/.test(ch)
    if (i === 0) return false
    return !(/[aeiou]/.test(letters[i - 1]!) && /[aeiou]/.test(letters[i + 1] ?? ''))
  })
  let count = 0
  for (let i = 0; i < letters.length; i++) if (isVowel[i] && !isVowel[i - 1]) count++
  if (count === 0) return 1

  // Silent endings take one off, as long as one syllable is left.
  let minus = 0
  const end = (re: RegExp) => re.test(w)
  if (!isStem) {
    if (end(/[^aeiouy]e$/) && !end(/[^aeiouylr][lr]e$/)) minus++
    // Silent -es ("makes", "times"), but not after s, x, z, ch, sh, c, g ("boxes", "places", "changes") or
    // consonant + l ("tables").
    else if (end(/[^aeiouy]es$/) && !end(/(s|x|z|c|g|ch|sh)es$/) && !end(/[^aeiouylr][lr]es$/)) minus++
    // Silent -ed ("helped", "used"), but not after t or d ("wanted", "decided") or consonant + l ("handled").
    else if (end(/[^aeiou]ed$/) && !end(/[td]ed$/) && !end(/[^aeiouyl]led$/) && !end(/[^aeiouyr]red$/)) minus++
  }
  // A silent e before a suffix: "statement", "careful", "likely", "homeless", "completely".
  if (/[aeiouy][^aeiouy]e(ment|ments|ful|fully|ly|ness|less)$/.test(w) && !/[^aeiouy][lr]e(ly|ment|ness)$/.test(w)) minus++

  // Vowel pairs that are two syllables.
  let plus = 0
  const count2 = (re: RegExp) => (w.match(re) ?? []).length
  plus += count2(/ia/g) - count2(/[ct]ia(l|n|$|ls|ns)/g) // "media", "trial", "negotiate"; not "social", "special"
  plus += count2(/io/g) - count2(/[tscxgl]io/g) // "period", "various", "radio"; not "nation", "religion"
  plus += count2(/eo/g) - count2(/[gc]eou/g) // "video", "theory", "courteous"; not "gorgeous"
  plus += count2(/ua/g) - count2(/[qg]ua/g) // "usual", "actual", "situation"; not "equal", "language"
  plus += count2(/iu/g) // "medium"
  plus += count2(/[^aeiouy]i(er|est)$/g) // "easier", "happiest"
  plus += count2(/[^ctaeiou]ien[ct]/g) // "client", "experience", "audience"; not "ancient", "efficient"
  plus += count2(/[^aeiou](ism|isms|asm|asms)$/g) // "criticism"
  plus += count2(/^re(a(ss|pp|rr|ct|dj)|u[snt]|i[nms]|e[lnvx])/g) // "reassess", "reuse", "reinstate"
  plus += count2(/^co(op|ord|ex)/g) // "cooperate", "coordinate"
  return Math.max(1, count - minus + plus)
}

// ---------------------------------------------------------------------------------------------------------
// Numbers, read aloud the British way: "1,250" is "one thousand, two hundred and fifty"; "2026" as a year is
// "twenty twenty-six".

// zero, one, two, ... nineteen
const SMALL_SYLLABLES = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2]

function underHundred(n: number): number {
  if (n < 20) return SMALL_SYLLABLES[n]!
  // twen-ty, thir-ty, for-ty, fif-ty, six-ty, eigh-ty, nine-ty; sev-en-ty has 3
  const tens = Math.floor(n / 10) === 7 ? 3 : 2
  return tens + (n % 10 === 0 ? 0 : SMALL_SYLLABLES[n % 10]!)
}

function underThousand(n: number): number {
  const hundreds = Math.floor(n / 100)
  const rest = n % 100
  let s = hundreds > 0 ? SMALL_SYLLABLES[hundreds]! + 2 : 0 // "hun-dred"
  if (rest > 0) s += (hundreds > 0 ? 1 : 0) + underHundred(rest) // "and"
  return s
}

function integerSyllables(n: number): number {
  if (n === 0) return 2
  const scales = [
    { size: 1_000_000_000, syllables: 2 }, // bil-lion
    { size: 1_000_000, syllables: 2 }, // mil-lion
    { size: 1_000, syllables: 2 }, // thou-sand
  ]
  let s = 0
  let rest = n
  for (const scale of scales) {
    if (rest >= scale.size) {
      s += integerSyllables(Math.floor(rest / scale.size)) + scale.syllables
      rest %= scale.size
    }
  }
  if (rest > 0) s += (n > rest && rest < 100 ? 1 : 0) + underThousand(rest) // "one thousand and five"
  return s
}

/** Syllables in a number as it is read aloud. Exported for tests; countSyllables calls it for digits. */
export function numberSyllables(token: string): number {
  const m = /^[£$€]?(\d[\d,]*)(?:\.(\d+))?(st|nd|rd|th|%|p|m|bn|k)?$/i.exec(token.trim())
  if (!m) return Math.max(1, token.replace(/[^0-9]/g, '').length) // a code like "0800-123": one per digit
  const digits = m[1]!.replace(/,/g, '')
  if (digits.length > 12) return digits.length
  const n = Number(digits)
  let s: number
  if (!m[1]!.includes(',') && digits.length === 4 && n >= 1100 && n <= 2099 && !(n >= 2000 && n <= 2009) && !m[2]) {
    // A year: "1998" is "nineteen ninety-eight", "2026" is "twenty twenty-six", "2100" is "twenty-one hundred".
    const hi = Math.floor(n / 100)
    const lo = n % 100
    s = underHundred(hi) + (lo === 0 ? 2 : lo < 10 ? 1 + SMALL_SYLLABLES[lo]! : underHundred(lo))
  } else {
    s = integerSyllables(n)
  }
  if (m[2]) s += 1 + m[2].length // "point" and each digit
  const suffix = (m[3] ?? '').toLowerCase()
  if (suffix === '%') s += 2 // per cent
  if (suffix === 'nd' && n % 10 === 2 && n % 100 !== 12) s += 1 // "second" against "two"
  if (suffix === 'm' || suffix === 'bn') s += 2 // million, billion
  if (suffix === 'k') s += 2 // thousand
  if (suffix === 'p') s += 1 // "p" (pence)
  if (token.startsWith('£')) s += 1 // pound, pounds
  return s
}
