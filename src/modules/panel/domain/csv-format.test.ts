import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PANEL_CATALOGUE } from './catalogue.ts'
import {
  columnLetter,
  csvLine,
  decodeCsv,
  importColumns,
  importTemplate,
  parseCsv,
  parseImportDate,
  readImportFile,
  spreadsheetSafe,
  type ImportProblem,
} from './csv-format.ts'

const NOW = new Date('2026-11-23T12:00:00.000Z')
const catalogue = DEFAULT_PANEL_CATALOGUE

function records(text: string) {
  const r = parseCsv(text)
  assert.ok(r.ok, r.ok ? '' : r.problem.message)
  return r.records
}

/** A file with a header and rows, each row given as column -> value; consent to contact is Yes unless given. */
function file(header: string[], rows: Record<string, string>[], eol = '\n'): string {
  const h = header.includes('consent_contact_research') ? header : [...header, 'consent_contact_research']
  const withConsent: Record<string, string>[] = rows.map(r => ({ consent_contact_research: 'Yes', ...r }))
  return [csvLine(h).trimEnd(), ...withConsent.map(r => csvLine(h.map(c => r[c] ?? '')).trimEnd())].join(eol) + eol
}

const HEADER = ['full_name', 'email', 'phone', 'address_line_1', 'town', 'postcode', 'preferred_channel', 'area', 'benefits', 'support_needs', 'seldom_heard_tags']

function read(text: string, opts: { joinedVia?: 'phone' | 'post' } = { joinedVia: 'post' }) {
  return readImportFile(text, catalogue, { joinedVia: opts.joinedVia, now: NOW })
}

function only(problems: ImportProblem[]): ImportProblem {
  assert.equal(problems.length, 1, JSON.stringify(problems))
  return problems[0]!
}

describe('parseCsv', () => {
  it('reads plain rows, dropping a byte order mark and blank lines', () => {
    assert.deepEqual(records('\uFEFFa,b\n1,2\n\n3,4\n'), [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['3', '4'] },
    ])
  })

  it('reads Windows (CRLF), Unix (LF) and old Mac (CR) line endings, and a last line without one', () => {
    const expected = [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]
    assert.deepEqual(records('a,b\r\n1,2\r\n'), expected)
    assert.deepEqual(records('a,b\n1,2'), expected)
    assert.deepEqual(records('a,b\r1,2\r'), expected)
  })

  it('reads quoted cells with commas, doubled quote marks and line breaks, and gives each record the line it starts on', () => {
    const text = 'name,note\r\n"Smith, Jo","She said ""hello"""\r\n"Two\r\nlines",x\r\nlast,"a\nb\nc"\r\nafter,1\r\n'
    assert.deepEqual(records(text), [
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['Smith, Jo', 'She said "hello"'] },
      { line: 3, cells: ['Two\nlines', 'x'] },
      { line: 5, cells: ['last', 'a\nb\nc'] },
      { line: 8, cells: ['after', '1'] },
    ])
  })

  it('keeps empty cells, including a trailing one, and an empty quoted cell', () => {
    assert.deepEqual(records('a,b,c\n1,,\n"",2,\n'), [
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', '', ''] },
      { line: 3, cells: ['', '2', ''] },
    ])
  })

  it('says on which line a quote mark is never closed', () => {
    const r = parseCsv('a,b\n1,2\n3,"never closed\n4,5\n')
    assert.ok(!r.ok)
    assert.equal(r.problem.line, 3)
    assert.equal(r.problem.columnLetter, 'B')
    assert.match(r.problem.message, /quote mark at the start of a cell on line 3 is never closed/)
  })

  it('says on which line a cell has text after its closing quote mark', () => {
    const r = parseCsv('a,b\n1,"2"x\n')
    assert.ok(!r.ok)
    assert.equal(r.problem.line, 2)
    assert.equal(r.problem.columnLetter, 'B')
    assert.match(r.problem.message, /text after its closing quote mark/)
  })

  it('keeps a quote mark in the middle of an unquoted cell', () => {
    assert.deepEqual(records('a\nO"Brien\n')[1]!.cells, ['O"Brien'])
  })
})

describe('decodeCsv', () => {
  it('decodes UTF-8, with or without a byte order mark', () => {
    const plain = decodeCsv(new TextEncoder().encode('full_name\nZoë\n'))
    assert.deepEqual(plain, { ok: true, text: 'full_name\nZoë\n' })
    const bom = decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('full_name\nZoë\n')]))
    assert.deepEqual(bom, { ok: true, text: 'full_name\nZoë\n' })
  })

  it('explains a file that is not UTF-8, a workbook, UTF-16 or empty', () => {
    const latin1 = decodeCsv(Buffer.from([0x5a, 0x6f, 0xeb, 0x0a]))
    assert.ok(!latin1.ok)
    assert.match(latin1.message, /not saved as UTF-8.*CSV UTF-8 \(Comma delimited\)/)
    const xlsx = decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))
    assert.ok(!xlsx.ok)
    assert.match(xlsx.message, /spreadsheet workbook, not a CSV file/)
    const utf16 = decodeCsv(Buffer.from([0xff, 0xfe, 0x61, 0x00]))
    assert.ok(!utf16.ok)
    assert.match(utf16.message, /UTF-16/)
    const empty = decodeCsv(new Uint8Array())
    assert.deepEqual(empty, { ok: false, message: 'The selected file is empty' })
    assert.deepEqual(decodeCsv(Buffer.from('\uFEFF\r\n  \r\n')), { ok: false, message: 'The selected file is empty' })
  })
})

describe('writing CSV', () => {
  it('quotes only cells that need it and ends lines with CRLF', () => {
    assert.equal(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ' padded', '']), 'a,"b,c","say ""hi""","two\nlines"," padded",\r\n')
  })

  it('round-trips through the reader', () => {
    const cells = ['Smith, Jo', 'She said "hello"', 'two\r\nlines', 'plain']
    assert.deepEqual(records(csvLine(cells))[0]!.cells, ['Smith, Jo', 'She said "hello"', 'two\nlines', 'plain'])
  })

  it('stops a spreadsheet running a cell as a formula', () => {
    assert.equal(spreadsheetSafe('=HYPERLINK("x")'), '\'=HYPERLINK("x")')
    assert.equal(spreadsheetSafe('+1'), "'+1")
    assert.equal(spreadsheetSafe('-1'), "'-1")
    assert.equal(spreadsheetSafe('@SUM(A1)'), "'@SUM(A1)")
    assert.equal(spreadsheetSafe('Jo Smith'), 'Jo Smith')
  })

  it('names spreadsheet columns A to Z, then AA', () => {
    assert.deepEqual([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter), ['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA'])
  })
})

describe('the import format', () => {
  it('has one column per demographic dimension, and a template with the header row only', () => {
    const names = importColumns(catalogue).map(c => c.name)
    for (const d of catalogue.dimensions) assert.ok(names.includes(d.key), d.key)
    for (const c of ['full_name', 'email', 'phone', 'preferred_channel', 'preferred_format', 'support_needs', 'seldom_heard_tags', 'max_invitations_per_month']) {
      assert.ok(names.includes(c), c)
    }
    const template = importTemplate(catalogue)
    assert.ok(template.startsWith('\uFEFF'))
    assert.deepEqual(records(template), [{ line: 1, cells: names }])
    const r = read(template)
    assert.match(only(r.fileProblems).message, /There are no panel members in the file/)
  })

  it('reads a good row with codes or labels, several answers, support needs with details and groups', () => {
    const text = file(HEADER, [
      {
        full_name: ' Ottoline Fairweather ',
        email: 'Ottoline@Example.org',
        phone: '07700 900123',
        preferred_channel: 'Text message',
        area: 'the isles',
        benefits: 'Disability benefit; carer ;low_income',
        support_needs: 'bsl_interpreter; Help with travel: taxi from the ferry',
        seldom_heard_tags: 'Remote rural;care_experienced',
      },
    ])
    const r = read(text)
    assert.deepEqual(r.fileProblems, [])
    const [row] = r.rows
    assert.deepEqual(row!.problems, [])
    assert.equal(row!.line, 2)
    assert.equal(row!.email, 'ottoline@example.org')
    assert.equal(row!.phone, '07700900123')
    assert.deepEqual(row!.input, {
      fullName: 'Ottoline Fairweather',
      email: 'Ottoline@Example.org',
      phone: '07700 900123',
      preferredChannel: 'text',
      demographics: { area: 'the_isles', benefits: ['disability', 'carer', 'low_income'] },
      supportNeeds: [{ need: 'bsl_interpreter' }, { need: 'travel', detail: 'taxi from the ferry' }],
      seldomHeardTags: ['remote_rural', 'care_experienced'],
      joinedVia: 'post',
    })
    assert.deepEqual(row!.consents, [{ purpose: 'contact_research', given: true }])
  })

  it('accepts header names in any case and with spaces, and ignores blank rows and unnamed empty columns', () => {
    const text = 'Full Name,E-mail,Preferred channel,Consent contact research,\r\nJo Bloggs,jo@example.org,,yes,\r\n,,,,\r\n\r\n'
    const r = read(text)
    assert.equal(r.fileProblems.length, 1, 'E-mail becomes e_mail, which is not a column')
    const fixed = read('Full Name,Email,Preferred channel,Consent contact research,\r\nJo Bloggs,jo@example.org,,yes,\r\n,,,,\r\n')
    assert.deepEqual(fixed.fileProblems, [])
    assert.equal(fixed.rows.length, 1)
    assert.equal(fixed.rows[0]!.input?.preferredChannel, 'email', 'a blank channel is the first way to contact them given')
  })

  it('chooses the channel from what is given when it is blank: email, then phone, then letter', () => {
    const r = read(
      file(['full_name', 'email', 'phone', 'address_line_1', 'town', 'postcode'], [
        { full_name: 'A', phone: '01632 960001', email: 'a@example.org' },
        { full_name: 'B', phone: '01632 960002' },
        { full_name: 'C', address_line_1: '1 High Street', town: 'Eastport', postcode: 'EP1 1AA' },
      ]),
    )
    assert.deepEqual(r.rows.map(x => x.input?.preferredChannel), ['email', 'phone', 'letter'])
  })

  it('uses joined_via from the row, or the choice for the whole file, or says it is missing', () => {
    const text = file(['full_name', 'email', 'joined_via'], [
      { full_name: 'A', email: 'a@example.org', joined_via: 'Through a partner organisation' },
      { full_name: 'B', email: 'b@example.org' },
    ])
    assert.deepEqual(read(text, { joinedVia: 'phone' }).rows.map(x => x.input?.joinedVia), ['partner', 'phone'])
    const none = read(text, {})
    assert.equal(none.rows[0]!.input?.joinedVia, 'partner')
    const p = only(none.rows[1]!.problems)
    assert.deepEqual([p.line, p.column, p.columnLetter], [3, 'joined_via', 'C'])
    assert.match(p.message, /Say how this person joined/)
  })

  it('reads joined_on as 2025-03-31 or 31/03/2025, and refuses a date that is not real or is in the future', () => {
    assert.equal(parseImportDate('2025-03-31'), '2025-03-31T00:00:00.000Z')
    assert.equal(parseImportDate('31/03/2025'), '2025-03-31T00:00:00.000Z')
    assert.equal(parseImportDate('31/02/2025'), undefined)
    assert.equal(parseImportDate('March 2025'), undefined)
    const r = read(
      file(['full_name', 'email', 'joined_on'], [
        { full_name: 'A', email: 'a@example.org', joined_on: '14/02/2024' },
        { full_name: 'B', email: 'b@example.org', joined_on: '30/02/2024' },
        { full_name: 'C', email: 'c@example.org', joined_on: '2099-01-01' },
      ]),
    )
    assert.equal(r.rows[0]!.input?.joinedAt, '2024-02-14T00:00:00.000Z')
    assert.match(only(r.rows[1]!.problems).message, /^"30\/02\/2024" is not a date/)
    assert.equal(only(r.rows[2]!.problems).message, 'The date they joined must be today or in the past')
  })
})

describe('problems, each with its line, column and what is wrong', () => {
  function problemOf(row: Record<string, string>, header = HEADER): ImportProblem {
    const r = read(file(header, [{ full_name: 'Jo Bloggs', email: 'jo@example.org', ...row }]))
    assert.deepEqual(r.fileProblems, [])
    return only(r.rows[0]!.problems)
  }

  it('a bad email address', () => {
    const p = problemOf({ email: 'jo@' })
    assert.deepEqual(p, { line: 2, column: 'email', columnLetter: 'B', message: 'Enter an email address in the correct format, like name@example.com' })
  })

  it('a bad phone number, and one whose leading 0 a spreadsheet removed', () => {
    const bad = problemOf({ phone: '12345' })
    assert.deepEqual([bad.line, bad.column, bad.columnLetter], [2, 'phone', 'C'])
    assert.match(bad.message, /^Enter a phone number, like/)
    const lost = problemOf({ phone: '7700900123' })
    assert.match(lost.message, /lost the 0 at its start/)
  })

  it('a missing name', () => {
    const p = problemOf({ full_name: '  ' })
    assert.deepEqual(p, { line: 2, column: 'full_name', columnLetter: 'A', message: 'Enter their full name' })
  })

  it('no way to contact the person', () => {
    const p = problemOf({ email: '' })
    assert.equal(p.line, 2)
    assert.equal(p.column, 'email, phone, address_line_1')
    assert.equal(p.message, 'There is no way to contact this person. Give an email address, a phone number or a postal address')
  })

  it('a channel with nothing to use it', () => {
    const p = problemOf({ preferred_channel: 'letter' })
    assert.deepEqual([p.column, p.message], ['address_line_1', 'Enter a postal address, or choose another way to contact them'])
  })

  it('an unknown category value, with the values allowed', () => {
    const p = problemOf({ area: 'Atlantis' })
    assert.deepEqual([p.line, p.column, p.columnLetter], [2, 'area', 'H'])
    assert.equal(p.message, '"Atlantis" is not an answer for area. Use one of: Northshire City, Eastport, Glenmoor, Westhaven, The Isles, Prefer not to say')
    const many = problemOf({ benefits: 'carer; space travel' })
    assert.equal(many.column, 'benefits')
    assert.match(many.message, /^"space travel" is not an answer for benefits experienced\. Use one of: Disability benefit, .* \(separate several with ;\)$/)
    const channel = problemOf({ preferred_channel: 'pigeon' })
    assert.match(channel.message, /^"pigeon" is not a way to contact someone\. Use one of: Email, Text message, Phone call, Letter$/)
    const need = problemOf({ support_needs: 'jetpack' })
    assert.match(need.message, /^"jetpack" is not a support need we know\. Use one of: BSL interpreter/)
    const tag = problemOf({ seldom_heard_tags: 'astronauts' })
    assert.match(tag.message, /^"astronauts" is not an answer for seldom-heard groups/)
  })

  it('two answers where only one is allowed, and "Prefer not to say" with another answer', () => {
    const two = problemOf({ area: 'Eastport; Glenmoor' })
    assert.match(two.message, /^Give only one answer for area\./)
    const exclusive = problemOf({ benefits: 'carer; prefer not to say' })
    assert.equal(exclusive.message, '"Prefer not to say" cannot be chosen with another answer for benefits experienced')
  })

  it('a support need that needs details without them', () => {
    const p = problemOf({ support_needs: 'other' })
    assert.equal(p.column, 'support_needs')
    assert.match(p.message, /^Enter details of the support they need \(something else\): write it after a colon/)
  })

  it('a value in a column with no name, and more cells than the header has', () => {
    const unnamed = read('full_name,,email,consent_contact_research\nJo,oops,jo@example.org,Yes\n')
    assert.deepEqual(unnamed.fileProblems, [])
    const p = only(unnamed.rows[0]!.problems)
    assert.deepEqual([p.line, p.column, p.columnLetter], [2, null, 'B'])
    assert.match(p.message, /has a value in column B, which has no name/)
    const extra = read('full_name,email,consent_contact_research\nJo,jo@example.org,Yes,surprise\n')
    assert.match(only(extra.rows[0]!.problems).message, /more cells than the header row has columns \(a value is in column D\)/)
  })

  it('several problems on one row, left to right, and the lines of rows after a multi-line cell', () => {
    const text = 'full_name,email,area,postcode,consent_contact_research\n"Jo\nBloggs",jo@,Atlantis,,Yes\n,x@example.org,eastport,,Yes\n'
    const r = read(text)
    assert.deepEqual(
      r.rows.flatMap(x => x.problems).map(p => [p.line, p.columnLetter]),
      [
        [2, 'B'],
        [2, 'C'],
        [4, 'A'],
      ],
    )
  })
})

describe('consents', () => {
  const HEAD = ['full_name', 'email', 'disability', 'ethnicity', 'area', 'consent_contact_research', 'consent_quotes', 'consent_special_category', 'consent_recordings']

  it('reads each consent as Yes or No, leaving out those not asked', () => {
    const r = read(file(HEAD, [{ full_name: 'A', email: 'a@example.org', consent_contact_research: 'yes', consent_quotes: 'No', consent_recordings: 'YES' }]))
    assert.deepEqual(r.rows[0]!.problems, [])
    assert.deepEqual(r.rows[0]!.consents, [
      { purpose: 'contact_research', given: true },
      { purpose: 'quotes', given: false },
      { purpose: 'recordings', given: true },
    ])
  })

  it('needs agreement to be contacted about research', () => {
    const r = read(
      file(HEAD, [
        { full_name: 'A', email: 'a@example.org', consent_contact_research: '' },
        { full_name: 'B', email: 'b@example.org', consent_contact_research: 'No' },
        { full_name: 'C', email: 'c@example.org', consent_contact_research: 'perhaps' },
      ]),
    )
    const [blank, no, perhaps] = r.rows.map(x => only(x.problems))
    assert.deepEqual([blank!.line, blank!.column, blank!.columnLetter], [2, 'consent_contact_research', 'F'])
    assert.equal(blank!.message, 'They need to agree to us contacting them about research to join the panel. Write Yes once they have agreed')
    assert.equal(no!.message, 'They have not agreed to us contacting them about research, so they cannot join the panel')
    assert.equal(perhaps!.message, '"perhaps" is not Yes or No. Use one of: Yes, No')
  })

  it('keeps answers about health, disability and ethnic group only with special-category consent', () => {
    const r = read(
      file(HEAD, [
        { full_name: 'A', email: 'a@example.org', disability: 'No', ethnicity: 'Arab', area: 'Eastport' },
        { full_name: 'B', email: 'b@example.org', disability: 'No', ethnicity: 'Arab', area: 'Eastport', consent_special_category: 'No' },
        { full_name: 'C', email: 'c@example.org', disability: 'No', ethnicity: 'Arab', area: 'Eastport', consent_special_category: 'Yes' },
        { full_name: 'D', email: 'd@example.org', area: 'Eastport' },
      ]),
    )
    for (const row of r.rows.slice(0, 2)) {
      assert.deepEqual(
        row.problems.map(p => [p.column, p.columnLetter]),
        [
          ['disability', 'C'],
          ['ethnicity', 'D'],
        ],
      )
      assert.match(row.problems[0]!.message, /^They have not agreed to us keeping information about their health, disability and ethnic group\. Remove this answer, or write Yes in consent_special_category/)
    }
    assert.deepEqual(r.rows[2]!.problems, [])
    assert.deepEqual(r.rows[2]!.input?.demographics, { disability: 'not_limited', ethnicity: 'arab', area: 'eastport' })
    assert.deepEqual(r.rows[3]!.problems, [], 'other answers need no special consent')
  })

  it('needs a consent_contact_research column in the file', () => {
    const p = only(read('full_name,email\nJo,jo@example.org\n').fileProblems)
    assert.equal(p.column, 'consent_contact_research')
    assert.match(p.message, /There must be a "consent_contact_research" column: nobody can join the panel without agreeing/)
  })
})

describe('problems with the file itself', () => {
  it('an unknown column, a column twice, and no full_name column', () => {
    const unknown = read('full_name,emial\nJo,jo@example.org\n')
    const p = only(unknown.fileProblems)
    assert.deepEqual([p.line, p.column, p.columnLetter], [1, 'emial', 'B'])
    assert.equal(p.message, '"emial" is not a column we know. Check its spelling against the template, or remove the column')
    assert.deepEqual(unknown.rows, [])

    const twice = only(read('email,full_name,Email\na@example.org,A,b@example.org\n').fileProblems)
    assert.deepEqual([twice.line, twice.columnLetter], [1, 'C'])
    assert.equal(twice.message, 'The column "email" is in the file twice (also in column A). Remove one of them')

    const noName = only(read('email\na@example.org\n').fileProblems)
    assert.match(noName.message, /there must be a "full_name" column/)
  })

  it('columns separated by semicolons or tabs', () => {
    assert.match(only(read('full_name;email\nJo;jo@example.org\n').fileProblems).message, /separated by semicolons, not commas/)
    assert.match(only(read('full_name\temail\nJo\tjo@example.org\n').fileProblems).message, /separated by tabs, not commas/)
  })

  it('a quote mark never closed', () => {
    const p = only(read('full_name,email\nJo,"jo@example.org\n').fileProblems)
    assert.equal(p.line, 2)
    assert.match(p.message, /never closed/)
  })
})
