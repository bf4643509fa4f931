import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { groupDuplicates, normaliseForDuplicates, type DuplicateGroup } from './duplicates.ts'

const TEMPLATE =
  'I am writing to ask that the new charter commits to answering every phone call within ten minutes, to sending every ' +
  'decision letter in plain English, and to giving each person a named contact who knows their case and calls them back.'

const OWN_WORDS = [
  'My mum waited two hours on hold last winter and gave up.',
  'I have a learning disability and the letters confuse me every time.',
  'Please listen to us this time.',
  'The last letter I got made no sense at all and I cried when I read it.',
  'This matters to my whole family because we rely on the payments to eat.',
  'I am a carer for my husband and I have no time to chase people.',
  'Nobody ever called me back after my assessment.',
]

/** 20 people sending the template, most with a sentence or two of their own before or after it. */
function campaignItems(): { id: string; text: string }[] {
  return Array.from({ length: 20 }, (_, i) => {
    const before = i % 3 === 0 ? `${OWN_WORDS[i % OWN_WORDS.length]!} ` : ''
    const after = i % 4 === 3 ? '' : ` ${OWN_WORDS[(i * 5 + 2) % OWN_WORDS.length]!}`
    const template = i % 2 ? TEMPLATE.toUpperCase() : TEMPLATE.replace(/,/g, '')
    return { id: `campaign-${i}`, text: `${before}${template}${after}${i % 5 === 0 ? ' Thank you.' : ''}` }
  })
}

const OTHERS = [
  { id: 'other-1', text: 'The staff at the office were very kind when I went in about my claim, and they sorted it the same day.' },
  { id: 'other-2', text: 'I would like the charter to say how long an appeal will take, because I waited nine months without any news.' },
  { id: 'other-3', text: 'Parking at the assessment centre is terrible and there is no lift to the second floor.' },
  { id: 'other-4', text: 'Good service.' },
]

const kinds = (groups: readonly DuplicateGroup[]): string[] => groups.map(g => `${g.kind}:${g.ids.join(',')}`)

describe('normaliseForDuplicates', () => {
  it('ignores case, spacing, punctuation and apostrophes', () => {
    assert.deepEqual(normaliseForDuplicates("  Didn't   get a REPLY... at all!! "), ['didnt', 'get', 'a', 'reply', 'at', 'all'])
  })
})

describe('groupDuplicates', () => {
  it('groups exact duplicates after normalising case, spacing and punctuation', () => {
    const groups = groupDuplicates([
      { id: 'a', text: 'The phone line is always busy.' },
      { id: 'b', text: 'the phone line is ALWAYS busy' },
      { id: 'c', text: 'The phone line,   is always busy!!' },
      ...OTHERS,
    ])
    assert.deepEqual(kinds(groups), ['exact:a,b,c'])
    assert.equal(groups[0]!.representativeId, 'a')
    assert.equal(groups[0]!.similarity, 1)
  })

  it('groups near duplicates (one extra or changed word in a long answer) and confirms them by Jaccard', () => {
    const base = 'The assessment took far too long and nobody told me what was happening with my application for months on end.'
    const groups = groupDuplicates([
      { id: 'n1', text: base },
      ...OTHERS,
      { id: 'n2', text: `${base} Really.` },
      { id: 'n3', text: `${base} Awful` },
      { id: 'n4', text: base },
    ])
    assert.equal(groups.length, 1)
    assert.equal(groups[0]!.kind, 'near')
    assert.deepEqual(groups[0]!.ids, ['n1', 'n2', 'n3', 'n4'])
    assert.equal(groups[0]!.representativeId, 'n1', 'the most common text')
    assert.ok(groups[0]!.similarity >= 0.8 && groups[0]!.similarity < 1)
  })

  it('does not group texts about the same thing in different words', () => {
    const groups = groupDuplicates([
      { id: 'x', text: 'The phone line is always busy and I could never get through to anyone about my payment.' },
      { id: 'y', text: 'I could never get through on the phone, it was always busy, and my payment was late again.' },
      ...OTHERS,
    ])
    assert.deepEqual(groups, [])
  })

  it('finds a campaign of 20 template texts with personal additions as one campaign', () => {
    const items = [OTHERS[0]!, ...campaignItems().slice(0, 10), OTHERS[1]!, ...campaignItems().slice(10), OTHERS[2]!]
    const groups = groupDuplicates(items)
    assert.equal(groups.length, 1, JSON.stringify(kinds(groups)))
    const [campaign] = groups
    assert.equal(campaign!.kind, 'campaign')
    assert.deepEqual(campaign!.ids, campaignItems().map(i => i.id))
    assert.ok(campaign!.ids.includes(campaign!.representativeId))
    assert.ok(campaign!.similarity >= 0.6)
  })

  it('needs campaignMinSize items and a long enough template for a campaign', () => {
    const four = campaignItems().slice(0, 4)
    const groups = groupDuplicates([...four, ...OTHERS])
    assert.ok(groups.every(g => g.kind !== 'campaign'))
    assert.equal(groupDuplicates([...four, ...OTHERS], { campaignMinSize: 4 })[0]!.kind, 'campaign')
    // Short common answers repeated many times are exact duplicates, not a campaign.
    const short = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, text: i % 2 ? 'Very good service.' : 'very good service' }))
    assert.deepEqual(kinds(groupDuplicates(short)), ['exact:s0,s1,s2,s3,s4,s5,s6,s7'])
  })

  it('puts each item in one group at most and sorts groups by size', () => {
    const items = [
      ...campaignItems(),
      { id: 'e1', text: 'No lift.' },
      { id: 'e2', text: 'no lift' },
      ...OTHERS,
      { id: 'e3', text: 'No lift!' },
      { id: 'c-copy', text: campaignItems()[4]!.text },
    ]
    const groups = groupDuplicates(items)
    assert.deepEqual(
      groups.map(g => [g.kind, g.ids.length]),
      [
        ['campaign', 21],
        ['exact', 3],
      ],
    )
    const all = groups.flatMap(g => g.ids)
    assert.equal(new Set(all).size, all.length)
  })

  it('is deterministic and returns nothing for distinct or empty items', () => {
    const items = [...campaignItems(), ...OTHERS].reverse()
    assert.deepEqual(groupDuplicates(items), groupDuplicates(items))
    assert.deepEqual(groupDuplicates(OTHERS), [])
    assert.deepEqual(groupDuplicates([]), [])
    assert.deepEqual(groupDuplicates([{ id: 'p', text: '...' }, { id: 'q', text: '!!' }]), [])
  })

  it('keeps two campaigns apart', () => {
    const other = 'We ask the government to stop all face to face assessments for people with long term conditions and to accept the evidence from our own doctors and nurses instead of sending us to strangers.'
    const second = Array.from({ length: 6 }, (_, i) => ({ id: `second-${i}`, text: `${other} ${OWN_WORDS[i]!}` }))
    const groups = groupDuplicates([...campaignItems(), ...second])
    assert.deepEqual(
      groups.map(g => [g.kind, g.ids.length, g.ids[0]]),
      [
        ['campaign', 20, 'campaign-0'],
        ['campaign', 6, 'second-0'],
      ],
    )
  })
})
