// The tokeniser for code suggestions: lower-case, split on anything that is not a letter, digit or apostrophe,
// apostrophes dropped inside words ("didn't" -> "didnt", so negations survive as one token) and possessive "'s"
// removed, a short list of English stop words dropped (negations such as "not", "no", "never" are kept: they decide
// many codes), then a light stemmer (Porter's step 1: plurals, -ed, -ing, final y; see stem()).
//
// Pure and dependency-free; no model download. Word unigrams and bigrams and character n-grams are built in features.ts.

const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again all am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers herself ' +
    'him himself his how i if in into is it its itself just me more most my myself of off on once only or other our ' +
    'ours ourselves out over own same she should so some such than that the their theirs them themselves then there ' +
    'these they this those through to too under until up very was we were what when where which while who whom why ' +
    'will with would you your yours yourself yourselves im ive id ill youre youve weve theyre thats theres also get got ' +
    'us one'
  ).split(' '),
)

/** True for the words the tokeniser drops. Exposed for tests and the documentation. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word)
}

const VOWEL = /[aeiouy]/
const hasVowel = (s: string): boolean => VOWEL.test(s)

function isConsonant(word: string, i: number): boolean {
  const c = word[i]
  if (c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u') return false
  if (c === 'y') return i === 0 || !isConsonant(word, i - 1)
  return true
}

/** Porter's "measure": the number of vowel-consonant sequences in the stem. */
function measure(stem: string): number {
  let m = 0
  let i = 0
  const n = stem.length
  while (i < n && isConsonant(stem, i)) i++
  while (i < n) {
    while (i < n && !isConsonant(stem, i)) i++
    if (i >= n) break
    m++
    while (i < n && isConsonant(stem, i)) i++
  }
  return m
}

/** Ends consonant-vowel-consonant, the last not w, x or y ("hop" -> "hope" after -ing is removed). */
function endsCvc(word: string): boolean {
  const n = word.length
  if (n < 3) return false
  const last = word[n - 1]
  return isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1) && last !== 'w' && last !== 'x' && last !== 'y'
}

/**
 * A light stemmer: Porter's step 1 (1a plurals, 1b -ed/-ing, 1c final y -> i), which folds the common inflections
 * ("nurses" -> "nurs", "waiting"/"waited" -> "wait", "friendly" stays recognisable) without Porter's later, more
 * aggressive suffix rules. Words of three letters or fewer are left alone.
 */
export function stem(word: string): string {
  if (word.length <= 3) return word
  let w = word
  // Step 1a.
  if (w.endsWith('sses')) w = w.slice(0, -2)
  else if (w.endsWith('ies')) w = w.slice(0, -2)
  else if (w.endsWith('ss')) {
    // unchanged
  } else if (w.endsWith('s') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1)
  // Step 1b.
  let stripped = false
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1)
  } else if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2)
    stripped = true
  } else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3)
    stripped = true
  }
  if (stripped) {
    if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e'
    else if (w.length >= 2 && w[w.length - 1] === w[w.length - 2] && isConsonant(w, w.length - 1) && !/[lsz]$/.test(w)) w = w.slice(0, -1)
    else if (measure(w) === 1 && endsCvc(w)) w += 'e'
  }
  // Step 1c.
  if (w.endsWith('y') && w.length > 2 && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + 'i'
  return w
}

const SPLIT = /[^\p{L}\p{N}']+/u
const APOSTROPHES = /[\u2018\u2019\u02bc`]/g

/**
 * The words of a text, lower-cased, without apostrophes, possessives or stop words, not stemmed (see tokenise()).
 * Tokens are at most 40 characters (longer runs are usually pasted links or noise).
 */
export function words(text: string): string[] {
  const out: string[] = []
  const parts = text.toLowerCase().replace(APOSTROPHES, "'").split(SPLIT)
  for (let part of parts) {
    if (part.length === 0) continue
    if (part.endsWith("'s")) part = part.slice(0, -2)
    if (part.includes("'")) part = part.replace(/'/g, '')
    if (part.length === 0 || part.length > 40) continue
    if (STOP_WORDS.has(part)) continue
    out.push(part)
  }
  return out
}

/** The stemmed tokens of a text, in order: words() then stem(). */
export function tokenise(text: string): string[] {
  return words(text).map(stem)
}
