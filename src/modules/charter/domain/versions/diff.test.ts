import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CharterContent } from './content.ts'
import { diffContent, diffSequences, diffWords, joinParts, tokenise, type ItemDiff } from './diff.ts'

function sample(): CharterContent {
  return {
    title: 'Our charter',
    introduction: 'What you can expect from us, and what we ask of you.',
    sections: [
      {
        key: 'applying',
        title: 'Applying',
        introduction: 'When you apply for a benefit.',
        commitments: [
          { key: 'c-explain', text: 'We will explain what you need to send us.', principleKeys: ['clarity'] },
          { key: 'c-phone', text: 'We will answer the phone within 10 minutes.', principleKeys: ['dignity'] },
          { key: 'c-forms', text: 'We will make our forms easy to fill in.', principleKeys: ['clarity'] },
          { key: 'c-help', text: 'We will help you apply if you need help.', principleKeys: ['dignity', 'human-right'] },
        ],
        asks: [{ key: 'a-changes', text: 'Tell us if your situation changes.' }],
      },
      {
        key: 'decisions',
        title: 'Decisions',
        introduction: '',
        commitments: [
          { key: 'c-reasons', text: 'We will give reasons for every decision.', principleKeys: ['human-right'] },
          { key: 'c-time', text: 'We will decide within 8 weeks.', principleKeys: ['dignity'] },
        ],
        asks: [],
      },
      {
        key: 'complaints',
        title: 'Complaints',
        introduction: 'If things go wrong.',
        commitments: [{ key: 'c-listen', text: 'We will listen to you.', principleKeys: ['dignity'] }],
        asks: [],
      },
    ],
  }
}

const clone = (c: CharterContent): CharterContent => structuredClone(c)

function section(content: CharterContent, key: string) {
  const found = content.sections.find(s => s.key === key)
  assert.ok(found, key)
  return found
}

function itemIn(diff: ReturnType<typeof diffContent>, sectionKey: string, itemKey: string): ItemDiff {
  const s = diff.sections.find(x => x.key === sectionKey)
  assert.ok(s, sectionKey)
  const item = [...s.commitments, ...s.asks].find(i => i.key === itemKey)
  assert.ok(item, `${itemKey} in ${sectionKey}`)
  return item
}

/** Random text from a small vocabulary (so that words repeat), with punctuation and irregular spaces. */
function randomText(random: () => number, words: number): string {
  const vocabulary = ['we', 'will', 'you', 'the', 'a', 'decision', 'help', 'explain', 'weeks', '10', "we'll", 'apply']
  const glue = [' ', ' ', ' ', ', ', '. ', '  ', '\n', ' (', ') ', ' – ']
  let text = ''
  for (let i = 0; i < words; i++) {
    text += vocabulary[Math.floor(random() * vocabulary.length)]! + glue[Math.floor(random() * glue.length)]!
  }
  return text
}

function seeded(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/** Length of the longest common subsequence, the slow way, to check the fast one. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(row[j]!, row[j - 1]!)
      diagonal = up
    }
  }
  return row[b.length]!
}

describe('tokenise and diffSequences', () => {
  it('splits text into words, spaces and punctuation that join back exactly', () => {
    assert.deepEqual(tokenise("We'll pay you, within 10 days."), ["We'll", ' ', 'pay', ' ', 'you', ',', ' ', 'within', ' ', '10', ' ', 'days', '.'])
    const text = 'Tab\there  and  "quotes" – café naïve 😀 end'
    assert.equal(tokenise(text).join(''), text)
  })

  it('finds a shortest edit script (checked against dynamic programming on random sequences)', () => {
    const random = seeded(7)
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: Math.floor(random() * 30) }, () => 'abcde'[Math.floor(random() * 5)]!)
      const b = Array.from({ length: Math.floor(random() * 30) }, () => 'abcde'[Math.floor(random() * 5)]!)
      const runs = diffSequences(a, b)
      const rebuiltA: string[] = []
      const rebuiltB: string[] = []
      let same = 0
      for (const run of runs) {
        if (run.op !== 'added') rebuiltA.push(...a.slice(run.start, run.start + run.length))
        if (run.op === 'added') rebuiltB.push(...b.slice(run.start, run.start + run.length))
        if (run.op === 'same') {
          rebuiltB.push(...a.slice(run.start, run.start + run.length))
          assert.deepEqual(a.slice(run.start, run.start + run.length), b.slice(run.startB, run.startB + run.length))
          same += run.length
        }
      }
      assert.deepEqual(rebuiltA, a)
      assert.deepEqual(rebuiltB, b)
      assert.equal(same, lcsLength(a, b), `round ${round}: ${a.join('')} / ${b.join('')}`)
    }
  })
})

describe('diffWords', () => {
  it('marks reworded phrases, and both texts rebuild exactly from the parts', () => {
    const before = 'We will answer the phone within 10 minutes.'
    const after = 'We will answer your call within 5 minutes, every day.'
    const parts = diffWords(before, after)
    assert.equal(joinParts(parts, 'before'), before)
    assert.equal(joinParts(parts, 'after'), after)
    assert.deepEqual(parts, [
      { kind: 'same', text: 'We will answer ' },
      { kind: 'removed', text: 'the phone' },
      { kind: 'added', text: 'your call' },
      { kind: 'same', text: ' within ' },
      { kind: 'removed', text: '10' },
      { kind: 'added', text: '5' },
      { kind: 'same', text: ' minutes' },
      { kind: 'added', text: ', every day' },
      { kind: 'same', text: '.' },
    ])
  })

  it('rebuilds both texts exactly for random edits, including spaces, new lines and punctuation', () => {
    const random = seeded(42)
    for (let round = 0; round < 200; round++) {
      const before = randomText(random, Math.floor(random() * 40))
      const tokens = tokenise(before)
      const after = tokens
        .filter(() => random() > 0.2)
        .map(t => (random() > 0.85 ? randomText(random, 2) : t))
        .join('')
      const parts = diffWords(before, after)
      assert.equal(joinParts(parts, 'before'), before)
      assert.equal(joinParts(parts, 'after'), after)
      for (const part of parts) assert.notEqual(part.text, '')
    }
    assert.deepEqual(diffWords('', ''), [])
    assert.deepEqual(diffWords('', 'New.'), [{ kind: 'added', text: 'New.' }])
  })
})

describe('diffContent', () => {
  it('finds no changes between identical versions', () => {
    const diff = diffContent(sample(), sample())
    assert.equal(diff.hasChanges, false)
    assert.deepEqual(diff.summary, [])
    assert.ok(diff.sections.every(s => !s.changed && s.commitments.every(i => !i.changed)))
    assert.deepEqual(diff, diffContent(sample(), sample()))
  })

  it('shows a reworded commitment as changed, with a word difference that rebuilds both texts', () => {
    const after = clone(sample())
    section(after, 'decisions').commitments[1]!.text = 'We will decide within 6 weeks, and tell you why.'
    const diff = diffContent(sample(), after)
    const item = itemIn(diff, 'decisions', 'c-time')
    assert.equal(item.status, 'kept')
    assert.equal(item.reworded, true)
    assert.equal(joinParts(item.text.parts, 'before'), 'We will decide within 8 weeks.')
    assert.equal(joinParts(item.text.parts, 'after'), 'We will decide within 6 weeks, and tell you why.')
    assert.deepEqual(
      item.text.parts.filter(p => p.kind !== 'same'),
      [
        { kind: 'removed', text: '8' },
        { kind: 'added', text: '6' },
        { kind: 'added', text: ', and tell you why' },
      ],
    )
    assert.deepEqual(diff.summary, ['1 commitment changed'])
    assert.equal(diff.sections.filter(s => s.changed).length, 1)
  })

  it('recognises a commitment moved to another section by its key, even when it is also reworded', () => {
    const before = sample()
    const after = clone(before)
    const [moved] = section(after, 'applying').commitments.splice(1, 1)
    moved!.text = 'We will answer the phone within 5 minutes.'
    section(after, 'decisions').commitments.unshift(moved!)
    const diff = diffContent(before, after)
    const arrived = itemIn(diff, 'decisions', 'c-phone')
    assert.equal(arrived.status, 'kept')
    assert.deepEqual(arrived.movedFrom, { key: 'applying', title: 'Applying' })
    assert.equal(arrived.reworded, true)
    assert.equal(arrived.reordered, false)
    const left = itemIn(diff, 'applying', 'c-phone')
    assert.equal(left.status, 'moved-out')
    assert.deepEqual(left.movedTo, { key: 'decisions', title: 'Decisions' })
    // Where it used to be: still second in its old section's list.
    assert.deepEqual(
      diff.sections[0]!.commitments.map(i => i.key),
      ['c-explain', 'c-phone', 'c-forms', 'c-help'],
    )
    assert.equal(diff.counts.commitments.moved, 1)
    assert.equal(diff.counts.commitments.added, 0)
    assert.equal(diff.counts.commitments.removed, 0)
    assert.deepEqual(diff.summary, ['1 commitment changed, 1 moved from Applying to Decisions'])
  })

  it('reports the fewest reorderings within a section, plus additions and removals', () => {
    const after = clone(sample())
    const applying = section(after, 'applying')
    const [help] = applying.commitments.splice(3, 1)
    applying.commitments.unshift(help!)
    applying.commitments.splice(2, 1) // removes c-phone
    applying.commitments.push({ key: 'c-new', text: 'We will write to you in plain English.', principleKeys: ['clarity'] })
    section(after, 'applying').asks.push({ key: 'a-new', text: 'Keep your letters.' })
    const diff = diffContent(sample(), after)
    const items = diff.sections[0]!.commitments
    assert.deepEqual(
      items.map(i => [i.key, i.status, i.reordered]),
      [
        ['c-help', 'kept', true],
        ['c-explain', 'kept', false],
        ['c-phone', 'removed', false],
        ['c-forms', 'kept', false],
        ['c-new', 'added', false],
      ],
    )
    assert.deepEqual(diff.summary, [
      '1 commitment added, 1 removed, 1 moved within the same section',
      '1 “what we ask of you” item added',
    ])
  })

  it('shows a renamed section and a section moved to a different place, and a removed section where it was', () => {
    const after = clone(sample())
    section(after, 'decisions').title = 'Our decisions'
    const complaints = after.sections.pop()!
    after.sections.unshift(complaints)
    after.sections.push({
      key: 'payments',
      title: 'Payments',
      introduction: '',
      commitments: [{ key: 'c-pay', text: 'We will pay you on time.', principleKeys: [] }],
      asks: [],
    })
    const diff = diffContent(sample(), after)
    assert.deepEqual(
      diff.sections.map(s => [s.key, s.status, s.renamed, s.reordered]),
      [
        ['complaints', 'kept', false, true],
        ['applying', 'kept', false, false],
        ['decisions', 'kept', true, false],
        ['payments', 'added', false, false],
      ],
    )
    const decisions = diff.sections[2]!
    assert.equal(decisions.title.before, 'Decisions')
    assert.equal(decisions.title.after, 'Our decisions')
    assert.equal(joinParts(decisions.title.parts, 'after'), 'Our decisions')
    assert.deepEqual(diff.summary, [
      '1 section added, 1 moved to a different place in the charter',
      'Section “Decisions” renamed to “Our decisions”',
      '1 commitment added',
    ])

    const removed = diffContent(after, sample())
    assert.deepEqual(
      removed.sections.map(s => [s.key, s.status]),
      [
        ['applying', 'kept'],
        ['decisions', 'kept'],
        ['payments', 'removed'],
        ['complaints', 'kept'],
      ],
    )
    assert.equal(removed.sections[2]!.commitments[0]!.status, 'removed')
  })

  it('shows principle links added and removed, kept apart from rewording', () => {
    const after = clone(sample())
    section(after, 'applying').commitments[3]!.principleKeys = ['human-right', 'clarity']
    const diff = diffContent(sample(), after)
    const item = itemIn(diff, 'applying', 'c-help')
    assert.equal(item.reworded, false)
    assert.equal(item.changed, true)
    assert.deepEqual(item.principles, { added: ['clarity'], removed: ['dignity'], kept: ['human-right'] })
    assert.deepEqual(diff.summary, ['Links to principles changed on 1 commitment'])
  })

  it('notices changes to the titles and introductions, and only those', () => {
    const after = clone(sample())
    after.title = 'Our social security charter'
    after.introduction = 'What you can expect from us.'
    section(after, 'complaints').introduction = 'If things go wrong, tell us.'
    const diff = diffContent(sample(), after)
    assert.equal(diff.title.changed, true)
    assert.equal(joinParts(diff.introduction.parts, 'before'), sample().introduction)
    assert.deepEqual(diff.summary, [
      'The charter’s title changed from “Our charter” to “Our social security charter”',
      'The charter’s introduction changed',
      'The introduction changed in 1 section',
    ])
  })

  it('refuses versions that repeat a key', () => {
    const broken = clone(sample())
    section(broken, 'decisions').commitments[0]!.key = 'c-explain'
    assert.throws(() => diffContent(sample(), broken), /the new version has two items with the key "c-explain"/)
  })

  it('compares two versions of 200 commitments of 60 words, each reworded and reordered (a few milliseconds)', () => {
    const random = seeded(3)
    const big: CharterContent = { title: 'Big', introduction: '', sections: [] }
    for (let s = 0; s < 10; s++) {
      big.sections.push({
        key: `s-${s}`,
        title: `Section ${s}`,
        introduction: randomText(random, 30),
        commitments: Array.from({ length: 20 }, (_, c) => ({
          key: `c-${s}-${c}`,
          text: randomText(random, 60),
          principleKeys: ['p-1'],
        })),
        asks: [],
      })
    }
    const after = clone(big)
    for (const s of after.sections) {
      for (const c of s.commitments) {
        c.text = tokenise(c.text)
          .map(t => (random() > 0.9 ? 'changed' : t))
          .join('')
      }
      s.commitments.reverse()
    }
    after.sections.push(after.sections.shift()!)
    const diff = diffContent(big, after)
    assert.equal(diff.counts.commitments.reworded, 200)
    assert.equal(diff.counts.commitments.reordered, 190) // 20 reversed: all but one changed place
    assert.equal(diff.counts.sections.reordered, 1) // the first section went to the end
    for (const s of diff.sections) {
      for (const item of s.commitments) {
        const was = big.sections.find(x => x.key === s.key)!.commitments.find(c => c.key === item.key)!
        const is = after.sections.find(x => x.key === s.key)!.commitments.find(c => c.key === item.key)!
        assert.equal(joinParts(item.text.parts, 'before'), was.text)
        assert.equal(joinParts(item.text.parts, 'after'), is.text)
      }
    }
  })
})
