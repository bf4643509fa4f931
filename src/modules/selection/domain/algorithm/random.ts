// Seeded randomness that anyone can reproduce from the seed text alone.
//
// A stream for (seed text, purpose) is the xoshiro128** generator (Blackman and Vigna, 2018; 32-bit words) whose
// 128-bit state is the first 16 bytes of SHA-256("charter-random/1\n" + purpose + "\n" + seed), read as four
// big-endian 32-bit words (an all-zero state, which has probability 2^-128, is replaced by 1, 2, 3, 4). The purpose
// keeps streams for different jobs (LEGACY runs, alternates) independent. `below(n)` takes words in order and rejects
// those >= the largest multiple of n below 2^32, so every result is exactly equally likely; `float()` makes a number in
// [0, 1) from two words (53 random bits).
//
// The draw of the panel itself does not use a generator at all: see draw.ts (one SHA-256, reduced modulo M).
import { createHash } from 'node:crypto'

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export interface Random {
  /** A uniformly random integer in [0, n), for 1 <= n <= 2^32. */
  below(n: number): number
  /** A uniformly random number in [0, 1) with 53 random bits. */
  float(): number
}

export function seededRandom(seed: string, purpose: string): Random {
  const digest = createHash('sha256').update(`charter-random/1\n${purpose}\n${seed}`).digest()
  const s = new Uint32Array(4)
  for (let i = 0; i < 4; i++) s[i] = digest.readUInt32BE(i * 4)
  if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s.set([1, 2, 3, 4])
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0
  const word = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0
    const t = (s[1]! << 9) >>> 0
    s[2]! ^= s[0]!
    s[3]! ^= s[1]!
    s[1]! ^= s[2]!
    s[0]! ^= s[3]!
    s[2]! ^= t
    s[3] = rotl(s[3]!, 11)
    return result
  }
  return {
    below(n) {
      if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new RangeError(`below(${n})`)
      const limit = Math.floor(2 ** 32 / n) * n
      for (;;) {
        const w = word()
        if (w < limit) return w % n
      }
    },
    float() {
      const hi = word() >>> 5
      const lo = word() >>> 6
      return (hi * 67108864 + lo) / 9007199254740992
    },
  }
}

/** JSON with object keys sorted, so that equal data always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    }
    return v
  })
}

/** Chooses `count` distinct items of `items` uniformly at random (partial Fisher-Yates), in ascending order. */
export function sampleWithoutReplacement(items: readonly number[], count: number, random: Random): number[] {
  const pool = items.slice()
  for (let i = 0; i < count; i++) {
    const j = i + random.below(pool.length - i)
    const tmp = pool[i]!
    pool[i] = pool[j]!
    pool[j] = tmp
  }
  return pool.slice(0, count).sort((a, b) => a - b)
}
