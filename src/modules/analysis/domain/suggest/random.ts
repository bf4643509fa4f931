// Seeded randomness for the suggestion model (shuffles and cross-validation folds), so the same input and seed always
// give the same suggestions. xoshiro128** with its state from SHA-256("charter-suggest/1\n" + purpose + "\n" + seed).
import { createHash } from 'node:crypto'

export interface Random {
  /** An integer in [0, n), 1 <= n <= 2^32 (tiny modulo bias for large n is irrelevant here). */
  below(n: number): number
  /** A number in [0, 1). */
  float(): number
}

export function seededRandom(seed: string | number, purpose: string): Random {
  const digest = createHash('sha256').update(`charter-suggest/1\n${purpose}\n${seed}`).digest()
  let s0 = digest.readUInt32BE(0)
  let s1 = digest.readUInt32BE(4)
  let s2 = digest.readUInt32BE(8)
  let s3 = digest.readUInt32BE(12)
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1
  const next = (): number => {
    const result = Math.imul(((Math.imul(s1, 5) << 7) | (Math.imul(s1, 5) >>> 25)) >>> 0, 9) >>> 0
    const t = (s1 << 9) >>> 0
    s2 = (s2 ^ s0) >>> 0
    s3 = (s3 ^ s1) >>> 0
    s1 = (s1 ^ s2) >>> 0
    s0 = (s0 ^ s3) >>> 0
    s2 = (s2 ^ t) >>> 0
    s3 = ((s3 << 11) | (s3 >>> 21)) >>> 0
    return result
  }
  return {
    below: n => Math.floor((next() / 4294967296) * n),
    float: () => next() / 4294967296,
  }
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, random: Random): Int32Array {
  const p = new Int32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = random.below(i + 1)
    const t = p[i]!
    p[i] = p[j]!
    p[j] = t
  }
  return p
}
