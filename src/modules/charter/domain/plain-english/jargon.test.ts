import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_JARGON } from './default-jargon.ts'
import { findJargon, formatJargonList, parseJargonList, type JargonEntry } from './jargon.ts'

const LIST: JargonEntry[] = [
  { term: 'utilise', plainer: ['use'] },
  { term: 'facilitate', plainer: ['help'] },
  { term: 'apply', plainer: ['ask for'] },
  { term: 'in receipt of', plainer: ['getting'] },
  { term: 'in accordance with', plainer: ['under', 'as set out in'] },
  { term: 'accordance', plainer: ['agreement'] },
  { term: 'signpost', plainer: ['point you to'], note: 'Say where.' },
  { term: 'follow up', plainer: ['check'] },
]

describe('findJargon', () => {
  it('finds whole words and phrases in any case, with offsets into the text', () => {
    const text = 'People In Receipt Of benefits can UTILISE the service.'
    const found = findJargon(text, LIST)
    assert.deepEqual(
      found.map(f => [f.text, f.term]),
      [
        ['In Receipt Of', 'in receipt of'],
        ['UTILISE', 'utilise'],
      ],
    )
    for (const f of found) assert.equal(text.slice(f.start, f.end), f.text)
  })

  it('finds simple endings: -s, -es, -ed, -ing, and y to -ies and -ied', () => {
    const text = 'We facilitate, she facilitates, they facilitated, facilitating; he applies, she applied, applying; signposts and signposted.'
    assert.deepEqual(
      findJargon(text, LIST).map(f => f.text),
      ['facilitate', 'facilitates', 'facilitated', 'facilitating', 'applies', 'applied', 'applying', 'signposts', 'signposted'],
    )
  })

  it('only matches whole words', () => {
    assert.deepEqual(findJargon('Reapply, misapplying and utilisers are not matches.', LIST), [])
    assert.deepEqual(findJargon('The signposting-free zone', [{ term: 'post', plainer: ['mail'] }]), [])
  })

  it('matches phrases across line breaks, and hyphens for spaces', () => {
    const text = 'We will act in accordance\nwith the law and follow-up within a week.'
    assert.deepEqual(
      findJargon(text, LIST).map(f => f.term),
      ['in accordance with', 'follow up'],
    )
  })

  it('gives an overlap to the longer phrase', () => {
    const found = findJargon('in accordance with the rules', LIST)
    assert.equal(found.length, 1)
    assert.equal(found[0]!.term, 'in accordance with')
    assert.deepEqual(found[0]!.plainer, ['under', 'as set out in'])
  })

  it('carries the note', () => {
    assert.equal(findJargon('We will signpost you.', LIST)[0]!.note, 'Say where.')
    assert.equal(findJargon('We utilise it.', LIST)[0]!.note, undefined)
  })

  it('finds nothing with an empty list', () => {
    assert.deepEqual(findJargon('We utilise it.', []), [])
  })

  it('treats regular-expression characters in a term as plain text', () => {
    assert.deepEqual(findJargon('a.b and aXb', [{ term: 'a.b', plainer: ['x'] }]).map(f => f.text), ['a.b'])
  })
})

describe('the starter list', () => {
  it('has about 80 entries or more, each with a plainer word, and no term twice', () => {
    assert.ok(DEFAULT_JARGON.length >= 80)
    const { entries, errors } = parseJargonList(formatJargonList(DEFAULT_JARGON))
    assert.deepEqual(errors, [])
    assert.deepEqual(entries, DEFAULT_JARGON)
  })

  it('finds the words the brief names, with their plainer words', () => {
    const expectations: Record<string, string> = {
      'in receipt of': 'getting',
      facilitate: 'help',
      utilise: 'use',
      commence: 'start',
      'prior to': 'before',
      'in accordance with': 'under',
      eligibility: 'whether you can get',
      claimant: 'you',
      signpost: 'point you to',
      ensure: 'make sure',
      regarding: 'about',
    }
    for (const [term, plainer] of Object.entries(expectations)) {
      const [found] = findJargon(`We ${term} it.`, DEFAULT_JARGON)
      assert.equal(found?.term, term, term)
      assert.ok(found.plainer.includes(plainer), term)
    }
    for (const term of ['entitlement', 'stakeholder', 'robust', 'going forward']) {
      assert.equal(findJargon(`The ${term} here.`, DEFAULT_JARGON)[0]?.term, term)
    }
  })
})

describe('parseJargonList', () => {
  it('reads one entry a line, with plainer words after "=>" and an optional note after "|"', () => {
    const text = '# Our list\nutilise => use\n\n  In Accordance  With =>  under ,as set out in  \nclaimant => you, the person | Say "you".\n'
    const { entries, errors } = parseJargonList(text)
    assert.deepEqual(errors, [])
    assert.deepEqual(entries, [
      { term: 'utilise', plainer: ['use'] },
      { term: 'In Accordance With', plainer: ['under', 'as set out in'] },
      { term: 'claimant', plainer: ['you', 'the person'], note: 'Say "you".' },
    ])
  })

  it('gives each mistake with its line number, in plain English, and keeps the good lines', () => {
    const text = [
      'utilise => use', // 1
      'facilitate help', // 2
      ' => before', // 3
      'commence =>', // 4
      'prior to => , ,', // 5
      'UTILISE => make use of', // 6
      'a+b => c', // 7
      `${'x'.repeat(61)} => y`, // 8
      'signpost => point you to | see => too', // 9
      'ensure => make sure', // 10
    ].join('\n')
    const { entries, errors } = parseJargonList(text)
    assert.deepEqual(
      entries.map(e => e.term),
      ['utilise', 'ensure'],
    )
    assert.deepEqual(
      errors.map(e => e.line),
      [2, 3, 4, 5, 6, 7, 8, 9],
    )
    assert.equal(errors[0]!.message, 'Line 2: put "=>" between the word and the plainer words, for example "utilise => use".')
    assert.equal(errors[1]!.message, 'Line 3: write the word or phrase to avoid before "=>".')
    assert.match(errors[2]!.message, /^Line 4: write at least one plainer word/)
    assert.match(errors[3]!.message, /^Line 5: write at least one plainer word/)
    assert.equal(errors[4]!.message, 'Line 6: "UTILISE" is already on line 1. Keep one of them.')
    assert.match(errors[5]!.message, /^Line 7: the word or phrase can only have letters, numbers, spaces, hyphens and apostrophes/)
    assert.match(errors[6]!.message, /^Line 8: the word or phrase must be 60 characters or fewer/)
    assert.match(errors[7]!.message, /^Line 9: put each word on a line of its own/)
  })

  it('reads back what formatJargonList writes', () => {
    const entries: JargonEntry[] = [
      { term: 'in receipt of', plainer: ['getting'] },
      { term: 'claimant', plainer: ['you', 'the person'], note: 'Say "you" when you mean the reader.' },
    ]
    assert.deepEqual(parseJargonList(formatJargonList(entries)), { entries, errors: [] })
  })

  it('reads an empty list as no entries and no errors', () => {
    assert.deepEqual(parseJargonList(''), { entries: [], errors: [] })
    assert.deepEqual(parseJargonList('\n# nothing yet\n'), { entries: [], errors: [] })
  })
})
