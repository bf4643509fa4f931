import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { RefiError, readQdc, writeQdc, type Codebook } from './codebook.ts'
import { offsetConverter, toCodePointOffset, toUtf16Index } from './offsets.ts'
import { readQdpx, writeQdpx, type QdpxProject } from './project.ts'
import { XmlError, parseXml } from './xml.ts'

const G = (n: number) => `0190f5a2-7c3e-7a10-8b2c-${String(n).padStart(12, '0')}`

const tricky = `Fish & chips <"quoted"> 'single'`

const codebook: Codebook = {
  name: 'Benefits panel',
  codes: [
    {
      guid: G(1),
      name: 'Access & waiting',
      description: 'Getting through: phones, <forms> and "queues".\nSecond line\twith a tab.',
      colour: '#1D70B8',
      isCodable: false,
      children: [
        { guid: G(2), name: tricky, isCodable: true, children: [] },
        {
          guid: G(3),
          name: 'Phone lines',
          colour: '#00703c',
          isCodable: true,
          children: [{ guid: G(4), name: 'Hold music', description: "It's the music", isCodable: true, children: [] }],
        },
      ],
    },
    { guid: G(5), name: 'Respect', isCodable: true, children: [] },
  ],
}

function assertRefi(fn: () => unknown, start: string, contains?: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof RefiError, `expected a RefiError, got ${String(e)}`)
    assert.ok(e.message.startsWith(start), e.message)
    if (contains) assert.match(e.message, contains)
    return true
  })
}

describe('XML reader', () => {
  it('reads attributes in either quote, predefined and numeric references, CDATA, comments and namespaces', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<!-- hello --><a:r xmlns:a="urn:x" k='1 &amp; 2' v="&#x1F600;&#65;"><?pi x?><b>t&lt;u<![CDATA[<raw>&]]></b><c/></a:r>`,
    )
    assert.equal(root.local, 'r')
    assert.equal(root.ns, 'urn:x')
    assert.equal(root.attrs.get('k'), '1 & 2')
    assert.equal(root.attrs.get('v'), '😀A')
    assert.equal(root.children[0]?.text, 't<u<raw>&')
    assert.equal(root.children[1]?.ns, null)
  })

  it('refuses DTDs, unknown entities, mismatched tags and trailing content', () => {
    assert.throws(() => parseXml('<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>'), XmlError)
    assert.throws(() => parseXml('<r>&nbsp;</r>'), /not allowed/)
    assert.throws(() => parseXml('<r><s></r>'), /does not match/)
    assert.throws(() => parseXml('<r/><s/>'), /after the end/)
    assert.throws(() => parseXml('<r a="1" a="2"/>'), /twice/)
    assert.throws(() => parseXml('<p:r/>'), /not declared/)
    assert.throws(() => parseXml('<r>&#0;</r>'), /not a valid character reference/)
    assert.throws(() => parseXml(''), /empty/)
  })
})

describe('code-point offsets', () => {
  it('converts between JavaScript indices and code points around emoji', () => {
    const text = 'a😀b👍🏽c'
    assert.equal(toCodePointOffset(text, 3), 2) // after "a😀"
    assert.equal(toCodePointOffset(text, 2), null) // inside the emoji's surrogate pair
    assert.equal(toUtf16Index(text, 2), 3)
    assert.equal(toUtf16Index(text, [...text].length), text.length)
    assert.equal(toUtf16Index(text, [...text].length + 1), null)
    const at = offsetConverter(text)
    for (let cp = 0; cp <= [...text].length; cp++) {
      const i = at.toUtf16(cp) as number
      assert.equal(toUtf16Index(text, cp), i)
      assert.equal(at.toCodePoints(i), cp)
      assert.equal([...text.slice(0, i)].length, cp)
    }
    assert.equal(at.toCodePoints(2), null)
  })
})

describe('REFI-QDA codebook (.qdc)', () => {
  it('writes the standard markup with escaping', () => {
    const xml = writeQdc(codebook, 'Charter 0.1 & co')
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Charter 0.1 &amp; co">'))
    assert.match(xml, /<Code guid="0190f5a2-7c3e-7a10-8b2c-000000000002" name="Fish &amp; chips &lt;&quot;quoted&quot;&gt; &apos;single&apos;" isCodable="true"\/>/)
    assert.match(xml, /isCodable="false" color="#1D70B8">/)
    assert.match(xml, /<Description>Getting through: phones, &lt;forms&gt; and "queues".\nSecond line\twith a tab.<\/Description>/)
    assert.doesNotMatch(xml, /Benefits panel/) // the name is not part of the .qdc standard
  })

  it('round-trips names, descriptions, colours, folders and nesting', () => {
    const back = readQdc(writeQdc(codebook, 'Charter'))
    const { name: _name, ...withoutName } = codebook
    assert.deepEqual(back, withoutName)
  })

  it('reads a codebook as NVivo writes it (BOM, CRLF, extra namespaces, capital GUIDs, Sets)', () => {
    const nvivo =
      '\uFEFF<?xml version="1.0" encoding="utf-8"?>\r\n' +
      '<CodeBook xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" origin="NVivo 14" xmlns="urn:QDA-XML:codebook:1.0">\r\n' +
      '  <Codes>\r\n' +
      '    <Code name="Staff attitude" color="#C00" isCodable="true" guid="{8E5B4C5A-1F2D-4E3B-9A7C-0D1E2F3A4B5C}">\r\n' +
      '      <Description>How staff treated people</Description>\r\n' +
      '      <Code guid="2B7F0D11-AAAA-4BBB-8CCC-123456789ABC" name="Kindness" isCodable="true" />\r\n' +
      '      <Code guid="2B7F0D11-AAAA-4BBB-8CCC-123456789ABD" name="Rudeness" isCodable="true">\r\n' +
      '        <Description />\r\n' +
      '      </Code>\r\n' +
      '    </Code>\r\n' +
      '    <Code guid="5f0c1e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f" name="  Money  " isCodable="false"/>\r\n' +
      '  </Codes>\r\n' +
      '  <Sets>\r\n' +
      '    <Set guid="9d8c7b6a-5f4e-4d3c-8b2a-1a2b3c4d5e6f" name="Negative">\r\n' +
      '      <MemberCode guid="2B7F0D11-AAAA-4BBB-8CCC-123456789ABD" />\r\n' +
      '    </Set>\r\n' +
      '  </Sets>\r\n' +
      '</CodeBook>\r\n'
    assert.deepEqual(readQdc(nvivo), {
      codes: [
        {
          guid: '8e5b4c5a-1f2d-4e3b-9a7c-0d1e2f3a4b5c',
          name: 'Staff attitude',
          description: 'How staff treated people',
          colour: '#CC0000',
          isCodable: true,
          children: [
            { guid: '2b7f0d11-aaaa-4bbb-8ccc-123456789abc', name: 'Kindness', isCodable: true, children: [] },
            { guid: '2b7f0d11-aaaa-4bbb-8ccc-123456789abd', name: 'Rudeness', isCodable: true, children: [] },
          ],
        },
        { guid: '5f0c1e2d-3b4a-4c5d-8e6f-7a8b9c0d1e2f', name: 'Money', isCodable: false, children: [] },
      ],
    })
  })

  it('reads a prefixed namespace and single-quoted attributes', () => {
    const xml = `<q:CodeBook xmlns:q='urn:QDA-XML:codebook:1.0'><q:Codes><q:Code isCodable='1' name='A' guid='${G(9)}'/></q:Codes></q:CodeBook>`
    assert.deepEqual(readQdc(xml), { codes: [{ guid: G(9), name: 'A', isCodable: true, children: [] }] })
  })

  it('gives a plain RefiError for files that are not codebooks', () => {
    const start = 'The file is not a REFI-QDA codebook: '
    assertRefi(() => readQdc('name,description\nA,B'), start, /not well-formed XML/)
    assertRefi(() => readQdc('<!DOCTYPE lolz [<!ENTITY lol "lol">]><CodeBook/>'), start, /document type declaration/)
    assertRefi(() => readQdc('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="x" name="&ent;"/></Codes></CodeBook>'), start, /entity/)
    assertRefi(() => readQdc('<html><body/></html>'), start, /<html>, not <CodeBook>/)
    assertRefi(() => readQdc('<CodeBook xmlns="urn:other"><Codes/></CodeBook>'), start, /namespace/)
    assertRefi(() => readQdc('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'), start, /no <Codes>/)
    assertRefi(() => readQdc('<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>'), start, /project/)
    const dup = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${G(1)}" name="A" isCodable="true"><Code guid="${G(1).toUpperCase()}" name="B" isCodable="true"/></Code></Codes></CodeBook>`
    assertRefi(() => readQdc(dup), start, /same identifier/)
    const empty = `<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="${G(1)}" name="  " isCodable="true"/></Codes></CodeBook>`
    assertRefi(() => readQdc(empty), start, /no name/)
    const badGuid = '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="42" name="A" isCodable="true"/></Codes></CodeBook>'
    assertRefi(() => readQdc(badGuid), start, /not a GUID/)
  })

  it('refuses to export what the standard cannot carry', () => {
    assertRefi(() => writeQdc({ codes: [{ guid: 'code-1', name: 'A', isCodable: true, children: [] }] }, 'x'), 'Cannot export: ')
    assertRefi(() => writeQdc({ codes: [{ guid: G(1), name: 'A', colour: 'red', isCodable: true, children: [] }] }, 'x'), 'Cannot export: ')
    const twice = { guid: G(1), name: 'A', isCodable: true, children: [] }
    assertRefi(() => writeQdc({ codes: [twice, { ...twice, name: 'B' }] }, 'x'), 'Cannot export: ', /same identifier/)
  })
})

const text = 'I waited 😀😀 three hours & they said "try again" <later>.\r\nStaff 👍🏽 were kind.'
const project: QdpxProject = {
  name: `Panel round 1: "access" & <respect>`,
  origin: 'Charter 0.1',
  createdAt: '2026-03-01T10:00:00Z',
  users: [
    { guid: G(100), name: 'Analyst A' },
    { guid: G(101), name: 'Analyst B' },
  ],
  codebook: { codes: codebook.codes },
  sources: [
    {
      guid: G(200),
      name: 'Response 17 & 18',
      text,
      selections: [
        {
          guid: G(300),
          start: text.indexOf('three'),
          end: text.indexOf(' &'),
          codings: [
            { guid: G(400), codeGuid: G(4), userGuid: G(100), createdAt: '2026-03-02T09:30:00Z' },
            { guid: G(401), codeGuid: G(2), userGuid: G(101) },
          ],
        },
        { guid: G(301), start: text.indexOf('Staff'), end: text.length, codings: [{ guid: G(402), codeGuid: G(5) }] },
        { guid: G(302), start: 2, end: 13, codings: [] },
      ],
    },
    { guid: G(201), name: 'Empty', text: '', selections: [] },
  ],
}

describe('REFI-QDA project (.qdpx)', () => {
  it('writes project.qde and one text file per source, with code-point positions', () => {
    const files = unzipSync(writeQdpx(project))
    assert.deepEqual(Object.keys(files).sort(), ['project.qde', `sources/${G(200)}.txt`, `sources/${G(201)}.txt`])
    assert.equal(strFromU8(files[`sources/${G(200)}.txt`] as Uint8Array), text)
    const qde = strFromU8(files['project.qde'] as Uint8Array)
    assert.match(qde, /<Project name="Panel round 1: &quot;access&quot; &amp; &lt;respect&gt;" origin="Charter 0.1" creationDateTime="2026-03-01T10:00:00Z" xmlns="urn:QDA-XML:project:1.0">/)
    assert.match(qde, new RegExp(`<TextSource guid="${G(200)}" name="Response 17 &amp; 18" plainTextPath="internal://${G(200)}.txt">`))
    // "three" starts at code point 12 ("I waited " is 9, then two emoji and a space), JavaScript index 14.
    assert.equal(text.indexOf('three'), 14)
    const cpStart = [...text.slice(0, text.indexOf('three'))].length
    const cpEnd = [...text.slice(0, text.indexOf(' &'))].length
    assert.equal(cpStart, 12)
    assert.match(qde, new RegExp(`<PlainTextSelection guid="${G(300)}" startPosition="${cpStart}" endPosition="${cpEnd}">`))
    assert.match(qde, new RegExp(`<Coding guid="${G(400)}" creatingUser="${G(100)}" creationDateTime="2026-03-02T09:30:00Z">\\s*<CodeRef targetGUID="${G(4)}"/>`))
    assert.match(qde, new RegExp(`<User guid="${G(100)}" name="Analyst A"/>`))
  })

  it('round-trips users, codebook, sources, selections and codings', () => {
    const back = readQdpx(writeQdpx(project))
    assert.deepEqual(back, project)
    const sel = back.sources[0]?.selections[0]
    assert.equal(text.slice(sel?.start, sel?.end), 'three hours')
    assert.equal(text.slice(back.sources[0]?.selections[1]?.start), 'Staff 👍🏽 were kind.')
  })

  it('writes the same bytes for the same project', () => {
    assert.deepEqual(writeQdpx(project), writeQdpx(project))
  })

  it('reads a project coded elsewhere (inline text, braces and capitals in GUIDs, other sources ignored)', () => {
    const qde =
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<Project xmlns="urn:QDA-XML:project:1.0" name="From ATLAS.ti" origin="ATLAS.ti 23" creationDateTime="2025-11-05T08:00:00">\n' +
      '  <Users><User guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Coder"/></Users>\n' +
      '  <CodeBook><Codes><Code guid="BBBBBBBB-0000-4000-8000-000000000001" name="Waiting" isCodable="true"/></Codes></CodeBook>\n' +
      '  <Sources>\n' +
      '    <PDFSource guid="CCCCCCCC-0000-4000-8000-000000000009" name="Leaflet" path="internal://x.pdf"/>\n' +
      '    <TextSource guid="CCCCCCCC-0000-4000-8000-000000000001" name="Note">\n' +
      '      <PlainTextContent>😀 long wait</PlainTextContent>\n' +
      '      <PlainTextSelection guid="DDDDDDDD-0000-4000-8000-000000000001" startPosition="2" endPosition="11" creatingUser="AAAAAAAA-0000-4000-8000-000000000001">\n' +
      '        <Description>memo</Description>\n' +
      '        <Coding guid="EEEEEEEE-0000-4000-8000-000000000001" creatingUser="{AAAAAAAA-0000-4000-8000-000000000001}"><CodeRef targetGUID="bbbbbbbb-0000-4000-8000-000000000001"/></Coding>\n' +
      '      </PlainTextSelection>\n' +
      '    </TextSource>\n' +
      '  </Sources>\n' +
      '  <Notes/>\n' +
      '</Project>\n'
    const back = readQdpx(zipSync({ 'project.qde': strToU8(qde), 'sources/x.pdf': new Uint8Array([37, 80, 68, 70]) }))
    assert.equal(back.name, 'From ATLAS.ti')
    assert.deepEqual(back.users, [{ guid: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Coder' }])
    const source = back.sources[0]
    assert.equal(back.sources.length, 1)
    assert.equal(source?.text, '😀 long wait')
    assert.equal(source?.text.slice(source.selections[0]?.start, source.selections[0]?.end), 'long wait')
    assert.deepEqual(source?.selections[0]?.codings, [
      { guid: 'eeeeeeee-0000-4000-8000-000000000001', codeGuid: 'bbbbbbbb-0000-4000-8000-000000000001', userGuid: 'aaaaaaaa-0000-4000-8000-000000000001' },
    ])
  })

  it('gives a plain RefiError for bad or dangerous files', () => {
    const start = 'The file is not a REFI-QDA project: '
    assertRefi(() => readQdpx(strToU8('not a zip at all, just some text')), start, /zip/)
    assertRefi(() => readQdpx(zipSync({ 'readme.txt': strToU8('hi') })), start, /no project\.qde/)
    assertRefi(() => readQdpx(zipSync({ 'project.qde': strToU8('<Project') })), start, /not well-formed/)
    assertRefi(() => readQdpx(zipSync({ 'project.qde': strToU8('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>') })), start, /not <Project>/)
    const good = unzipSync(writeQdpx(project))
    assertRefi(() => readQdpx(zipSync({ ...good, '../evil.txt': strToU8('x') })), 'The file cannot be opened: ', /unsafe path/)
    assertRefi(() => readQdpx(zipSync({ ...good, 'a/../../b.qde': strToU8('x') })), 'The file cannot be opened: ', /unsafe path/)
    assertRefi(() => readQdpx(writeQdpx(project), { maxEntries: 2 }), 'The file cannot be opened: ', /more than 2 files/)
    assertRefi(() => readQdpx(writeQdpx(project), { maxBytes: 1024 * 1024 * 0.001 }), 'The file cannot be opened: ', /unpacks to more than/)

    // A zip bomb's declared sizes are checked before anything is unpacked: claim 300 MB in the central directory.
    const bomb = writeQdpx(project).slice()
    const view = new DataView(bomb.buffer)
    for (let i = 0; i < bomb.length - 4; i++) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 300 * 1024 * 1024, true)
    }
    assertRefi(() => readQdpx(bomb), 'The file cannot be opened: ', /200 MB/)

    const missingText = { ...good }
    delete missingText[`sources/${G(200)}.txt`]
    assertRefi(() => readQdpx(zipSync(missingText)), start, /is missing/)
    const qde = strFromU8(good['project.qde'] as Uint8Array)
    const unknownCode = qde.replace(`<CodeRef targetGUID="${G(5)}"/>`, `<CodeRef targetGUID="${G(999)}"/>`)
    assertRefi(() => readQdpx(zipSync({ ...good, 'project.qde': strToU8(unknownCode) })), start, /not in the codebook/)
    const outside = qde.replace('endPosition="11"', 'endPosition="9999"')
    assert.notEqual(outside, qde)
    assertRefi(() => readQdpx(zipSync({ ...good, 'project.qde': strToU8(outside) })), start, /outside the text/)
    const external = qde.replace(`internal://${G(201)}.txt`, 'absolute://C:/Users/x/notes.txt')
    assertRefi(() => readQdpx(zipSync({ ...good, 'project.qde': strToU8(external) })), start, /not inside the file/)
  })

  it('refuses to export selections that split a character or lie outside the text, and unknown codes', () => {
    const source = project.sources[0] as QdpxProject['sources'][number]
    const withSelection = (start: number, end: number, codeGuid = G(5)): QdpxProject => ({
      ...project,
      sources: [{ ...source, selections: [{ guid: G(500), start, end, codings: [{ guid: G(501), codeGuid }] }] }],
    })
    assert.ok(writeQdpx(withSelection(9, 11)).length > 0)
    assertRefi(() => writeQdpx(withSelection(10, 11)), 'Cannot export: ', /splits a character/)
    assertRefi(() => writeQdpx(withSelection(5, text.length + 1)), 'Cannot export: ')
    assertRefi(() => writeQdpx(withSelection(6, 5)), 'Cannot export: ')
    assertRefi(() => writeQdpx(withSelection(0, 1, G(998))), 'Cannot export: ', /not in the codebook/)
    assertRefi(() => writeQdpx({ ...project, createdAt: 'yesterday' }), 'Cannot export: ')
  })
})
