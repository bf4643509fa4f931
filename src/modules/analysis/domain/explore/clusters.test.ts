import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clusterByKeywords, defaultClusterCount } from './clusters.ts'

// Three clearly separate topics written for the test (synthetic phrases, no real comments).
const PARKING = ['parking expensive', 'parking spaces full', 'car parking expensive', 'no parking spaces', 'parking fees expensive', 'parking full again']
const WAITING = ['waiting hours', 'long waiting time', 'waiting room hours', 'waiting too long', 'hours waiting again', 'long waiting list']
const STAFF = ['friendly helpful staff', 'staff friendly', 'helpful staff', 'staff very friendly', 'friendly staff helpful', 'staff helpful kind']

function items(): { id: string; text: string }[] {
  const out: { id: string; text: string }[] = []
  for (let round = 0; round < 3; round++) {
    PARKING.forEach((t, i) => out.push({ id: `p-${round}-${i}`, text: t }))
    WAITING.forEach((t, i) => out.push({ id: `w-${round}-${i}`, text: t }))
    STAFF.forEach((t, i) => out.push({ id: `s-${round}-${i}`, text: t }))
  }
  return out
}

describe('keyword clusters', () => {
  it('puts clearly separable texts in separate clusters', () => {
    const clusters = clusterByKeywords(items(), { clusters: 3, seed: 1 })
    assert.equal(clusters.length, 3)
    const topics = clusters.map(c => new Set(c.itemIds.map(id => id[0])))
    for (const t of topics) assert.equal(t.size, 1, `one topic per cluster: ${[...t].join(', ')}`)
    assert.deepEqual(new Set(topics.map(t => [...t][0])), new Set(['p', 'w', 's']))
    assert.equal(clusters.reduce((n, c) => n + c.itemIds.length, 0), items().length, 'every item with words is in a cluster')
  })

  it('labels each cluster with its distinctive words', () => {
    const clusters = clusterByKeywords(items(), { clusters: 3, seed: 1 })
    const expected: Record<string, string> = { p: 'parking', w: 'waiting', s: 'staff' }
    for (const c of clusters) {
      const word = expected[c.itemIds[0]![0]!]!
      assert.ok(c.label.split(' · ').some(part => part.includes(word)), `${c.label} shows ${word}`)
      assert.ok(c.distinctiveWords.length > 0)
      for (let i = 1; i < c.distinctiveWords.length; i++) assert.ok(c.distinctiveWords[i - 1]!.weight >= c.distinctiveWords[i]!.weight)
      for (const w of c.distinctiveWords) assert.ok(w.weight > 0)
      // A word of another topic is not distinctive of this one.
      for (const other of Object.values(expected)) {
        if (other !== word) assert.ok(!c.distinctiveWords.some(w => w.word === other), `${other} not distinctive of ${c.label}`)
      }
    }
  })

  it('is deterministic for the same items and seed', () => {
    const a = clusterByKeywords(items(), { clusters: 4, seed: 5 })
    const b = clusterByKeywords(items(), { clusters: 4, seed: 5 })
    assert.deepEqual(a, b)
  })

  it('gives typical items that belong to their cluster', () => {
    for (const k of [2, 3, 5]) {
      for (const c of clusterByKeywords(items(), { clusters: k, seed: 2 })) {
        assert.ok(c.typicalItemIds.length === Math.min(3, c.itemIds.length))
        assert.equal(new Set(c.typicalItemIds).size, c.typicalItemIds.length)
        for (const id of c.typicalItemIds) assert.ok(c.itemIds.includes(id), `${id} in ${c.label}`)
      }
    }
  })

  it('chooses the number of clusters from the item count, and leaves out items without usable words', () => {
    assert.equal(defaultClusterCount(10), 4)
    assert.equal(defaultClusterCount(200), 10)
    assert.equal(defaultClusterCount(50_000), 20)
    const withEmpty = [...items(), { id: 'empty', text: '' }, { id: 'stop', text: 'the and of' }]
    const clusters = clusterByKeywords(withEmpty, { seed: 1 })
    assert.equal(clusters.length, defaultClusterCount(withEmpty.length))
    const ids = clusters.flatMap(c => c.itemIds)
    assert.ok(!ids.includes('empty') && !ids.includes('stop'))
    assert.equal(ids.length, items().length)
    for (let i = 1; i < clusters.length; i++) assert.ok(clusters[i - 1]!.itemIds.length >= clusters[i]!.itemIds.length, 'largest first')
    assert.deepEqual(clusterByKeywords([]), [])
  })
})
