import { randomInt } from 'node:crypto'

/**
 * Pseudonyms: "P-" and six characters from an alphabet without look-alikes (no 0/O, 1/I/L, U), e.g. P-7K3M9Q.
 * 30^6 = 729 million possibilities. Random, never derived from identity, stable for the person's whole time on
 * the panel, and unique (the database enforces it). Easy to read aloud on the phone.
 */
export const PSEUDONYM_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ'
const LENGTH = 6
const PATTERN = new RegExp(`^P-[${PSEUDONYM_ALPHABET}]{${LENGTH}}$`)

/** Makes a new candidate pseudonym each call. */
export type PseudonymSource = () => string

/** A source from a function giving a uniform integer in [0, n). */
function fromRandomInt(next: (n: number) => number): PseudonymSource {
  return () => {
    let s = 'P-'
    for (let i = 0; i < LENGTH; i++) s += PSEUDONYM_ALPHABET[next(PSEUDONYM_ALPHABET.length)]
    return s
  }
}

/** The default: cryptographically random. */
export const randomPseudonyms: PseudonymSource = fromRandomInt(n => randomInt(n))

/**
 * A repeatable source from a seeded PRNG giving numbers in [0, 1). For demonstration data and tests only:
 * real registrations use `randomPseudonyms`.
 */
export function seededPseudonyms(random: () => number): PseudonymSource {
  return fromRandomInt(n => Math.min(n - 1, Math.floor(random() * n)))
}

export function isPseudonym(value: string): boolean {
  return PATTERN.test(value)
}
