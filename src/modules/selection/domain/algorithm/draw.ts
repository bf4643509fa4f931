// The transparent draw: one of the lottery's M numbered panels, chosen by a seed that is announced only after the
// lottery is published (for example the numbers of a public lottery draw, entered in front of witnesses).
//
//   lottery hash = SHA-256 of the lottery written as JSON: an array of panels, each an array of ids (in pool order),
//                  with no spaces, e.g. [["3","17",...],...]
//   index        = SHA-256("charter-draw/1\n" + lottery hash (hex) + "\n" + seed), read as a 256-bit big-endian
//                  number, modulo M; panels are numbered from 0.
//
// Anyone can check it, e.g. in Python:
//   int(hashlib.sha256(f"charter-draw/1\n{lottery_hash}\n{seed}".encode()).hexdigest(), 16) % M
// The modulo bias is below M / 2^256, i.e. nil. Because the hash covers the lottery, the seed cannot be chosen to
// suit a lottery made afterwards, and the lottery cannot be changed to suit the seed.
import { sha256Hex } from './random.ts'

export const DRAW_RULE = 'index = SHA-256("charter-draw/1\\n" + lottery hash + "\\n" + seed) as a big-endian integer, modulo the number of panels'

export function lotteryHash(panels: readonly (readonly string[])[]): string {
  return sha256Hex(JSON.stringify(panels))
}

export function drawIndex(lotteryHashHex: string, seed: string, panels: number): number {
  if (!Number.isInteger(panels) || panels < 1) throw new RangeError(`the number of panels must be at least 1 (it is ${panels})`)
  const digest = sha256Hex(`charter-draw/1\n${lotteryHashHex}\n${seed}`)
  return Number(BigInt(`0x${digest}`) % BigInt(panels))
}

/** Seeds are trimmed, and must not be empty. */
export function normaliseSeed(seed: string): string {
  const s = seed.trim()
  if (!s) throw new RangeError('The seed is empty: enter the text announced for the draw (for example the lottery numbers).')
  return s
}
