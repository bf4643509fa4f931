import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { inflateSync } from 'node:zlib'
import { charterPage } from './charter-page.ts'
import { EASY_READ_MAX_SENTENCE_WORDS, easyReadRows, easyReadTargets, easyReadWarnings } from './easy-read.ts'
import { canonicalLanguageCode, isEnglish, textDirection } from './language.ts'
import { LARGE_PRINT, renderCharterPdf, renderEasyReadPdf, STANDARD_PRINT } from './pdf.ts'
import { pictureMime } from './picture.ts'
import { sampleContent, TINY_PNG } from './seed.test-support.ts'
import { buildTranslatedContent, translatedTexts, translationFields, untranslated } from './translation.ts'

const content = sampleContent('p-dignity')
const input = {
  content,
  versionNumber: 3,
  principles: [{ key: 'p-dignity', title: 'Dignity' }],
  approval: { body: 'The Northshire Parliament', approvedOn: '2027-03-03' },
  reviewDueOn: '2032-03-03',
  organisationName: 'Northshire Social Security',
  lang: 'en-GB',
}
const meta = { title: 'Our charter', subject: 'Version 3', lang: 'en-GB', author: 'Northshire Social Security' }

/** The text of every content stream in a PDF (pdfkit compresses them with Flate). */
function contentStreams(pdf: Buffer): string {
  const out: string[] = []
  const text = pdf.toString('latin1')
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length
    const end = text.indexOf('endstream', start)
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'))
    } catch {
      // not a Flate stream (an image)
    }
  }
  return out.join('\n')
}

const fontSizes = (streams: string) => [...streams.matchAll(/\/F\d+ ([\d.]+) Tf/g)].map(m => Number(m[1]))

describe('the charter page data', () => {
  it('numbers commitments through the charter, names the principles each delivers, and says who approved it and when it is reviewed', () => {
    const page = charterPage(input)
    assert.equal(page.title, 'Our charter')
    assert.deepEqual(page.introduction, ['This charter says what you can expect from us.', 'We wrote it with people who use our services.'])
    assert.deepEqual(page.sections.map(s => [s.number, s.title]), [[1, 'Applying for help'], [2, 'Decisions']])
    assert.deepEqual(page.sections.flatMap(s => s.commitments.map(c => [c.number, c.text, c.principles])), [
      [1, 'We will explain what you need to send us.', ['Dignity']],
      [2, 'We will answer the phone within 10 minutes.', []],
      [3, 'We will explain every decision.', ['Dignity']],
    ])
    assert.deepEqual(page.sections[0]!.asks, [{ key: 'a-tell', text: 'Tell us if something changes.' }])
    assert.equal(page.approvalLine, 'Approved by The Northshire Parliament on 3 March 2027.')
    assert.equal(page.reviewLine, 'We will review this charter by 3 March 2032.')
    assert.equal(page.versionLine, 'Version 3')
  })
})

describe('the tagged PDF', () => {
  it('is tagged, marked, has its language and title shown, bookmarks per section, and real text in reading order', async () => {
    const pdf = await renderCharterPdf(charterPage(input), meta)
    const raw = pdf.toString('latin1')
    assert.ok(raw.startsWith('%PDF-1.7'))
    for (const needle of ['/StructTreeRoot', '/MarkInfo', '/Lang (en-GB)', '/DisplayDocTitle true', '(Our charter)', '/Outlines', '/Title (1. Applying for help)', '/Title (2. Decisions)']) {
      assert.ok(raw.includes(needle), `has ${needle}`)
    }
    for (const tag of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Sect']) assert.ok(raw.includes(`/S /${tag}\n`), `has a ${tag} element`)
    assert.match(raw, /\/Marked true/)
    const streams = contentStreams(pdf)
    // Text is real text (pdfkit writes it as hex glyph strings in TJ arrays), not pictures of text.
    assert.match(streams, /TJ/)
    assert.ok(!raw.includes('/Subtype /Image'), 'no images of text')
    assert.ok(Math.min(...fontSizes(streams)) >= STANDARD_PRINT.body)
    // The typeface is embedded (a TrueType subset), not left to the reader's viewer; no standard font is used.
    assert.ok(raw.includes('/FontFile2'), 'an embedded font file')
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+AtkinsonHyperlegible-Regular/)
    assert.match(raw, /\/BaseFont \/[A-Z]{6}\+AtkinsonHyperlegible-Bold/)
    assert.ok(!raw.includes('/BaseFont /Helvetica'), 'no standard (unembedded) font')
  })

  it('in large print uses 18 point type or larger, with more space between lines', async () => {
    const pdf = await renderCharterPdf(charterPage(input), { ...meta, title: 'Our charter (large print)' }, LARGE_PRINT)
    const sizes = fontSizes(contentStreams(pdf))
    assert.ok(sizes.length > 5)
    assert.ok(Math.min(...sizes) >= 18, `smallest type ${Math.min(...sizes)}`)
    assert.ok(sizes.includes(18))
    assert.ok(LARGE_PRINT.lineGap >= LARGE_PRINT.body / 2, 'line spacing at least 1.5')
    assert.ok(pdf.toString('latin1').includes('(Our charter \\(large print\\))'))
  })
})

describe('Easy Read', () => {
  it('warns about each sentence over 15 words, using the plain-English checker', () => {
    assert.deepEqual(easyReadWarnings('We will help you.\nWe will call you back.'), [])
    const long = 'We will always make sure that every single letter we send you is written in words that you can understand easily.'
    const warnings = easyReadWarnings(`We will help you.\n${long}`)
    assert.equal(warnings.length, 1)
    assert.match(warnings[0]!, /This sentence has 21 words/)
    assert.match(warnings[0]!, new RegExp(`${EASY_READ_MAX_SENTENCE_WORDS} words or fewer`))
  })

  it('gives one row per part in reading order, its own text line by line, or the standard text when not written', () => {
    assert.deepEqual(easyReadTargets(content).map(t => t.key), ['introduction', 'applying', 'c-explain', 'c-phone', 'a-tell', 'decisions', 'c-decide'])
    const sections = easyReadRows(content, [
      { key: 'c-explain', text: 'We will tell you what to send.\nWe will help you send it.', picture: { mime: 'image/png', base64: TINY_PNG.toString('base64'), alt: 'A letter' } },
    ])
    assert.deepEqual(sections.map(s => s.title), [null, 'Applying for help', 'Decisions'])
    const row = sections[1]!.rows.find(r => r.key === 'c-explain')!
    assert.deepEqual(row.lines, ['We will tell you what to send.', 'We will help you send it.'])
    assert.equal(row.written, true)
    assert.equal(row.picture?.alt, 'A letter')
    const phone = sections[1]!.rows.find(r => r.key === 'c-phone')!
    assert.equal(phone.written, false)
    assert.deepEqual(phone.lines, ['We will answer the phone within 10 minutes.'])
  })

  it('as a tagged PDF, with the picture as a figure with its text alternative', async () => {
    const sections = easyReadRows(content, [{ key: 'c-explain', text: 'We will tell you what to send.', picture: { mime: 'image/png', base64: TINY_PNG.toString('base64'), alt: 'A letter' } }])
    const pdf = await renderEasyReadPdf('Our charter: Easy Read', ['This is the Easy Read version.'], sections, { ...meta, title: 'Our charter: Easy Read' })
    const raw = pdf.toString('latin1')
    for (const needle of ['/StructTreeRoot', '/MarkInfo', '/Lang (en-GB)', '/S /Figure', '/Alt (A letter)', '/Subtype /Image', '/Artifact']) assert.ok(raw.includes(needle) || contentStreams(pdf).includes(needle), `has ${needle}`)
    assert.ok(Math.min(...fontSizes(contentStreams(pdf))) >= 16)
  })
})

describe('translations and languages', () => {
  it('accepts BCP 47 codes in canonical form, and knows which are English or right to left', () => {
    assert.equal(canonicalLanguageCode('GD'), 'gd')
    assert.equal(canonicalLanguageCode('zh-hant'), 'zh-Hant')
    assert.equal(canonicalLanguageCode('pl'), 'pl')
    for (const bad of ['', 'polish', 'x', 'gd_GB', 'easy-read', 'a'.repeat(21), '12']) assert.equal(canonicalLanguageCode(bad), null, bad)
    assert.ok(isEnglish('en-GB'))
    assert.ok(!isEnglish('gd'))
    assert.equal(textDirection('ur'), 'rtl')
    assert.equal(textDirection('ar-SA'), 'rtl')
    assert.equal(textDirection('pl'), 'ltr')
  })

  it('has one field per text, keeps the structure and keys, and counts what is still to translate', () => {
    const fields = translationFields(content)
    assert.deepEqual(fields.map(f => f.field), [
      'tr-title', 'tr-introduction', 'tr-section-applying-title', 'tr-section-applying-introduction', 'tr-item-c-explain', 'tr-item-c-phone', 'tr-item-a-tell',
      'tr-section-decisions-title', 'tr-section-decisions-introduction', 'tr-item-c-decide',
    ])
    const texts = { 'tr-title': 'Ar cairt', 'tr-item-c-explain': ' Mìnichidh sinn. ' }
    const translated = buildTranslatedContent(content, texts)
    assert.equal(translated.sections[0]!.commitments[0]!.text, 'Mìnichidh sinn.')
    assert.deepEqual(translated.sections[0]!.commitments[0]!.principleKeys, ['p-dignity'])
    assert.deepEqual(translated.sections.map(s => s.key), ['applying', 'decisions'])
    assert.equal(translatedTexts(content, translated)['tr-item-c-explain'], 'Mìnichidh sinn.')
    // The second section's introduction is empty in English, so it needs no translation.
    assert.equal(untranslated(content, texts).length, 7)
  })

  it('knows PNG and JPEG by their first bytes only', () => {
    assert.equal(pictureMime(TINY_PNG), 'image/png')
    assert.equal(pictureMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0])), 'image/jpeg')
    assert.equal(pictureMime(Buffer.from('GIF89a')), null)
    assert.equal(pictureMime(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), null)
  })
})
