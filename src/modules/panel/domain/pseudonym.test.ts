import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isPseudonym, PSEUDONYM_ALPHABET, randomPseudonyms, seededPseudonyms } from './pseudonym.ts'

/** A tiny seeded generator for the test (the demo has its own). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

describe('pseudonyms', () => {
  it('look like P-7K3M9Q: six characters with no look-alikes (no 0, O, 1, I, L or U)', () => {
    assert.ok(isPseudonym('P-7K3M9Q'))
    for (const bad of ['P-7K3M9', 'P-7K3M9QQ', 'X-7K3M9Q', 'P-7K3M0Q', 'P-7K3MOQ', 'P-7K3M1Q', 'P-7K3MIQ', 'P-7K3MLQ', 'P-7K3MUQ', 'p-7k3m9q']) {
      assert.ok(!isPseudonym(bad), bad)
    }
    assert.equal(PSEUDONYM_ALPHABET.length, 30)
    assert.doesNotMatch(PSEUDONYM_ALPHABET, /[01OILU]/)
  })

  it('are random by default: well-formed and (in practice) never repeated', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 5000; i++) {
      const p = randomPseudonyms()
      assert.ok(isPseudonym(p), p)
      seen.add(p)
    }
    assert.equal(seen.size, 5000)
  })

  it('repeat exactly from the same seed (demonstration data only)', () => {
    const a = seededPseudonyms(lcg(42))
    const b = seededPseudonyms(lcg(42))
    const c = seededPseudonyms(lcg(43))
    const first = Array.from({ length: 20 }, () => a())
    assert.deepEqual(Array.from({ length: 20 }, () => b()), first)
    assert.notDeepEqual(Array.from({ length: 20 }, () => c()), first)
    assert.ok(first.every(isPseudonym))
  })

  it('stay within the alphabet even if a generator returns its upper bound', () => {
    assert.ok(isPseudonym(seededPseudonyms(() => 0.9999999999999999)()))
    assert.ok(isPseudonym(seededPseudonyms(() => 1)()))
  })
})
