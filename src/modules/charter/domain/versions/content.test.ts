import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { describe, it } from 'node:test'
import {
  canonicalJson,
  contentHash,
  contentMatchesHash,
  normaliseContent,
  parseContent,
  validateContent,
  type CharterContent,
} from './content.ts'

const PRINCIPLES = ['dignity', 'human-right', 'clarity']

function sample(): CharterContent {
  return {
    title: 'Our charter',
    introduction: 'What you can expect from us.',
    sections: [
      {
        key: 'applying',
        title: 'Applying',
        introduction: '',
        commitments: [
          { key: 'c-1', text: 'We will explain what you need to send us.', principleKeys: ['clarity', 'dignity'] },
          { key: 'c-2', text: 'We will answer the phone within 10 minutes.', principleKeys: ['dignity'] },
        ],
        asks: [{ key: 'a-1', text: 'Tell us if your situation changes.' }],
      },
      {
        key: 'decisions',
        title: 'Decisions',
        introduction: 'How we decide.',
        commitments: [{ key: 'c-3', text: 'We will explain every decision.', principleKeys: ['human-right'] }],
        asks: [],
      },
    ],
  }
}

describe('validateContent', () => {
  it('accepts a well-formed charter', () => {
    assert.deepEqual(validateContent(sample(), PRINCIPLES), [])
  })

  it('finds repeated keys, blank text and unknown principles, in plain English', () => {
    const content = sample()
    content.title = '  '
    content.sections[1]!.key = 'applying'
    content.sections[1]!.commitments[0]!.key = 'c-1'
    content.sections[0]!.asks[0]!.key = 'c-2'
    content.sections[0]!.commitments[1]!.text = ''
    content.sections[0]!.commitments[0]!.principleKeys = ['clarity', 'fairness', 'clarity']
    content.sections[0]!.asks.push({ key: 'bad key!', text: 'x' })
    const problems = validateContent(content, PRINCIPLES)
    assert.deepEqual(problems, [
      { path: 'title', message: 'Enter a title for the charter' },
      {
        path: 'sections-0-commitments-0-principleKeys',
        message: 'Commitment 1 in section 1 (“Applying”) links to a principle that does not exist (“fairness”)',
      },
      {
        path: 'sections-0-commitments-0-principleKeys',
        message: 'Commitment 1 in section 1 (“Applying”) links to the same principle twice',
      },
      { path: 'sections-0-commitments-1-text', message: 'Enter the text of commitment 2 in section 1 (“Applying”)' },
      {
        path: 'sections-0-asks-0-key',
        message:
          'The key of “what we ask of you” item 1 in section 1 (“Applying”) is already used by commitment 2 in section 1 (“Applying”): each item needs its own key',
      },
      {
        path: 'sections-0-asks-1-key',
        message:
          'The key of “what we ask of you” item 2 in section 1 (“Applying”) must be 1 to 64 letters, numbers, hyphens or underscores, starting with a letter or number',
      },
      {
        path: 'sections-1-key',
        message: 'The key of section 2 (“Decisions”) is already used by section 1: each section needs its own key',
      },
      {
        path: 'sections-1-commitments-0-key',
        message:
          'The key of commitment 1 in section 2 (“Decisions”) is already used by commitment 1 in section 1 (“Applying”): each item needs its own key',
      },
    ])
  })

  it('asks for at least one section, and something in each section', () => {
    assert.deepEqual(validateContent({ title: 'T', introduction: '', sections: [] }, PRINCIPLES), [
      { path: 'sections', message: 'The charter must have at least one section' },
    ])
    const content = sample()
    content.sections[1]!.commitments = []
    content.sections[1]!.title = ''
    assert.deepEqual(validateContent(content, PRINCIPLES), [
      { path: 'sections-1-title', message: 'Enter a title for section 2' },
      { path: 'sections-1', message: 'Add at least one commitment or “what we ask of you” item to section 2' },
    ])
  })
})

describe('canonical JSON and its hash', () => {
  it('is the same whatever the order of object keys and of principle links, and drops unknown fields', () => {
    const content = sample()
    const shuffled = JSON.parse(
      JSON.stringify({
        sections: content.sections.map(s => ({
          asks: s.asks,
          commitments: s.commitments.map(c => ({ principleKeys: [...c.principleKeys].reverse(), text: c.text, key: c.key, note: 'x' })),
          introduction: s.introduction,
          title: s.title,
          key: s.key,
        })),
        introduction: content.introduction,
        title: content.title,
        draftedBy: 'someone',
      }),
    ) as CharterContent
    assert.equal(canonicalJson(shuffled), canonicalJson(content))
    assert.equal(contentHash(shuffled), contentHash(content))
    assert.ok(!canonicalJson(shuffled).includes('draftedBy'))
  })

  it('sorts object keys, keeps array order, and hashes the canonical text with SHA-256', () => {
    const json = canonicalJson(sample())
    assert.ok(json.startsWith('{"introduction":"What you can expect from us.","sections":[{"asks":[{"key":"a-1"'))
    assert.ok(json.includes('"principleKeys":["clarity","dignity"]'))
    assert.ok(json.indexOf('"key":"applying"') < json.indexOf('"key":"decisions"'))
    assert.equal(contentHash(sample()), createHash('sha256').update(json).digest('hex'))
    assert.match(contentHash(sample()), /^[0-9a-f]{64}$/)
  })

  it('changes when any text changes, even by one space, so a stored version can be re-checked', () => {
    const hash = contentHash(sample())
    assert.ok(contentMatchesHash(sample(), hash))
    assert.ok(contentMatchesHash(sample(), hash.toUpperCase()))
    const edited = sample()
    edited.sections[0]!.commitments[0]!.text += ' '
    assert.ok(!contentMatchesHash(edited, hash))
    const reordered = sample()
    reordered.sections.reverse()
    assert.notEqual(contentHash(reordered), hash)
  })

  it('reads stored content back to the same content and hash, and explains what it cannot read', () => {
    const parsed = parseContent(canonicalJson(sample()))
    assert.ok(parsed.ok)
    assert.deepEqual(parsed.content, normaliseContent(sample()))
    assert.equal(contentHash(parsed.content), contentHash(sample()))
    assert.deepEqual(parseContent('{'), { ok: false, reason: 'The stored charter is not valid JSON' })
    assert.deepEqual(parseContent('{"title":"x"}'), {
      ok: false,
      reason: 'The stored charter has no title, introduction or list of sections',
    })
    const broken = JSON.parse(canonicalJson(sample()))
    broken.sections[1].commitments[0].principleKeys = [1]
    assert.deepEqual(parseContent(JSON.stringify(broken)), {
      ok: false,
      reason: 'A commitment in section 2 of the stored charter is incomplete',
    })
  })
})
