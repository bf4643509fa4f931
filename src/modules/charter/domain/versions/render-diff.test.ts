import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { CharterContent } from './content.ts'
import { diffContent } from './diff.ts'
import { escapeHtml, renderDiffHtml, renderDiffText } from './render-diff.ts'

function sample(): CharterContent {
  return {
    title: 'Our charter',
    introduction: '',
    sections: [
      {
        key: 'applying',
        title: 'Applying',
        introduction: '',
        commitments: [
          { key: 'c-phone', text: 'We will answer the phone within 10 minutes.', principleKeys: ['dignity'] },
          { key: 'c-forms', text: 'We will make our forms easy to fill in.', principleKeys: ['clarity'] },
          { key: 'c-help', text: 'We will help you apply.', principleKeys: ['dignity'] },
        ],
        asks: [{ key: 'a-changes', text: 'Tell us if your situation changes.' }],
      },
      {
        key: 'decisions',
        title: 'Decisions',
        introduction: '',
        commitments: [{ key: 'c-time', text: 'We will decide within 8 weeks.', principleKeys: ['human-right'] }],
        asks: [],
      },
    ],
  }
}

const PRINCIPLES = new Map([
  ['dignity', 'Dignity & respect'],
  ['clarity', 'Clear information'],
  ['human-right', 'A human right'],
])

/** Text a screen reader would read out (tags dropped; hidden text kept), with entities decoded. */
function readOut(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

describe('renderDiffHtml', () => {
  it('says there are no changes when the versions are the same', () => {
    const diff = diffContent(sample(), sample())
    assert.equal(renderDiffHtml(diff), '<p class="govuk-body app-diff__none">There are no differences between these two versions.</p>')
    assert.equal(
      renderDiffHtml(diff, { beforeLabel: 'version 3', afterLabel: 'version 4' }),
      '<p class="govuk-body app-diff__none">There are no differences between version 3 and version 4.</p>',
    )
    assert.equal(renderDiffText(diff), 'There are no differences between these two versions.\n')
  })

  it('marks removed and added words with <del> and <ins> and hidden labels, never by colour alone', () => {
    const after = sample()
    after.sections[0]!.commitments[0]!.text = 'We will answer the phone within 5 minutes.'
    const html = renderDiffHtml(diffContent(sample(), after))
    assert.ok(
      html.includes(
        'We will answer the phone within ' +
          '<del class="app-diff__removed"><span class="govuk-visually-hidden">removed: </span>10' +
          '<span class="govuk-visually-hidden"> (end of removal)</span></del>' +
          '<ins class="app-diff__added"><span class="govuk-visually-hidden">added: </span>5' +
          '<span class="govuk-visually-hidden"> (end of addition)</span></ins> minutes.',
      ),
      html,
    )
    assert.ok(html.includes('<h2 class="govuk-heading-m">Section: Applying</h2>'))
    assert.ok(html.includes('<h3 class="govuk-heading-s">Commitments</h3>'))
    assert.ok(html.includes('<strong>Reworded</strong>'))
    assert.ok(html.includes('<li>1 commitment changed</li>'))
    assert.ok(html.includes('2 other commitments in this section did not change.'))
    assert.ok(html.includes('1 other section did not change.'))
    assert.ok(!html.includes('Section: Decisions'))
    assert.ok(!html.includes('style='), 'no colour-only styling')
    assert.ok(
      readOut(html).includes(
        'We will answer the phone within removed: 10 (end of removal)added: 5 (end of addition) minutes.',
      ),
    )
  })

  it('escapes <, &, quotes and apostrophes in every piece of text, changed or not', () => {
    const before = sample()
    before.sections[0]!.title = 'Applying <for> "help"'
    before.sections[0]!.commitments[0]!.text = 'We will answer <b>calls</b> & letters.'
    const after = structuredClone(before)
    after.title = 'Tom\'s "charter" <script>alert(1)</script>'
    after.sections[0]!.title = 'Applying & <claims>'
    after.sections[0]!.commitments[0]!.text = 'We will answer <i>calls</i> & "emails".'
    for (const html of [renderDiffHtml(diffContent(before, after), { principleTitles: PRINCIPLES })]) {
      assert.ok(!html.includes('<script>'))
      assert.ok(!html.includes('<b>') && !html.includes('<i>') && !html.includes('<for>') && !html.includes('<claims>'))
      assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))
      assert.ok(html.includes('&quot;emails&quot;'))
      assert.ok(html.includes('Tom&#39;s'))
      assert.ok(html.includes('Renamed from “Applying &lt;for&gt; &quot;help&quot;”.'))
      assert.ok(html.includes(' &amp; '))
      assert.ok(!/&(?!amp;|lt;|gt;|quot;|#39;)/.test(html), 'every & is part of an entity')
      assert.ok(readOut(html).includes('Title: Applying removed: <for> "help" (end of removal)added: & <claims> (end of addition)'), readOut(html))
    }
    assert.equal(escapeHtml(`<a href="x">&'</a>`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;')
  })

  it('says in words what happened to moved, added and removed items and to principle links', () => {
    const after = sample()
    const [moved] = after.sections[0]!.commitments.splice(1, 1)
    after.sections[1]!.commitments.push(moved!)
    after.sections[0]!.commitments[1]!.principleKeys = ['dignity', 'clarity']
    after.sections[0]!.asks = []
    after.sections[1]!.asks.push({ key: 'a-post', text: 'Open your post.' })
    const diff = diffContent(sample(), after)
    const html = renderDiffHtml(diff, { principleTitles: PRINCIPLES })
    assert.ok(html.includes('<strong>Moved to Decisions</strong>'))
    assert.ok(html.includes('<strong>Moved from Applying</strong>'))
    assert.ok(html.includes('<strong>Links to principles changed</strong>'))
    assert.ok(html.includes('Now also delivers “Clear information”.'))
    assert.ok(html.includes('Still delivers “Dignity &amp; respect”.'))
    assert.ok(html.includes('<h3 class="govuk-heading-s">What we ask of you</h3>'))
    assert.ok(html.includes('<strong>Removed</strong>'))
    assert.ok(html.includes('<strong>Added</strong>'))

    const text = renderDiffText(diff, { principleTitles: PRINCIPLES, beforeLabel: 'version 1', afterLabel: 'version 2' })
    assert.equal(
      text,
      [
        'SUMMARY OF CHANGES',
        'From version 1 to version 2.',
        '',
        '- 1 commitment moved from Applying to Decisions',
        '- Links to principles changed on 1 commitment',
        '- 1 “what we ask of you” item added, 1 removed',
        '',
        'Removed words are shown as [removed: ...] and added words as [added: ...].',
        '',
        'SECTION: APPLYING',
        '',
        'Commitments:',
        '* Moved to Decisions: We will make our forms easy to fill in.',
        '* Links to principles changed: We will help you apply.',
        '  Now also delivers “Clear information”.',
        '  Still delivers “Dignity & respect”.',
        '  (1 other commitment in this section did not change.)',
        '',
        'What we ask of you:',
        '* Removed: [removed: Tell us if your situation changes.]',
        '',
        'SECTION: DECISIONS',
        '',
        'Commitments:',
        '* Moved from Applying: We will make our forms easy to fill in.',
        '  (1 other commitment in this section did not change.)',
        '',
        'What we ask of you:',
        '* Added: [added: Open your post.]',
        '',
      ].join('\n'),
    )
  })

  it('writes a renamed section and reworded text for paper with [removed: ...] and [added: ...]', () => {
    const after = sample()
    after.sections[1]!.title = 'Our decisions'
    after.sections[1]!.commitments[0]!.text = 'We will decide within 6 weeks.'
    const text = renderDiffText(diffContent(sample(), after))
    assert.ok(text.includes('SECTION: OUR DECISIONS\nRenamed from “Decisions”.\nTitle: [removed: Decisions][added: Our decisions]'), text)
    assert.ok(text.includes('* Reworded: We will decide within [removed: 8][added: 6] weeks.'))
    const html = renderDiffHtml(diffContent(sample(), after), { headingLevel: 3 })
    assert.ok(html.includes('<h3 class="govuk-heading-m">Section: Our decisions</h3>'))
    assert.ok(html.includes('<h4 class="govuk-heading-s">Commitments</h4>'))
  })
})
