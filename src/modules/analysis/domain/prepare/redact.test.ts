import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { applyRedactions, findRedactions, REDACTION_LABELS, type Redaction, type RedactionKind } from './redact.ts'

/** The spans found, as "kind:text". */
function found(text: string, knownNames?: readonly string[]): string[] {
  return findRedactions(text, knownNames ? { knownNames } : {}).map(r => `${r.kind}:${r.text}`)
}

function assertWellFormed(text: string, redactions: readonly Redaction[]): void {
  for (let i = 0; i < redactions.length; i++) {
    const r = redactions[i]!
    assert.equal(text.slice(r.start, r.end), r.text, 'offsets round-trip')
    if (i > 0) assert.ok(redactions[i - 1]!.end <= r.start, 'sorted and not overlapping')
  }
}

describe('findRedactions: contact details and numbers', () => {
  it('finds UK phone numbers in every common format', () => {
    const numbers = ['07700 900123', '07700900123', '+44 7700 900123', '+447700900123', '+44 (0)131 496 0000', '(0131) 496 0000', '0131 496 0000', '0131-496-0000', '0800 123 4567', '0808 157 0192', '020 7946 0018', '0300 244 4000', '07700 900 123']
    for (const n of numbers) {
      const text = `You can reach me on ${n} most days.`
      assert.deepEqual(found(text), [`phone:${n}`], n)
    }
  })

  it('does not take dates, money, years or counts for phone numbers', () => {
    assert.deepEqual(found('On 01/02/2024 I was paid £0.50 less, 2023 was worse, and I waited 0 days then 100 days.'), [])
    assert.deepEqual(found('Reference 0131 496'), [])
  })

  it('stops a phone number where the number ends', () => {
    const text = 'Ring 0131 496 0000 2 times before 5pm.'
    assert.deepEqual(found(text), ['phone:0131 496 0000'])
  })

  it('finds email addresses without the sentence full stop', () => {
    assert.deepEqual(found('Write to jo.bloggs+charter@example.co.uk. Or JO_B@mail.example.org'), ['email:jo.bloggs+charter@example.co.uk', 'email:JO_B@mail.example.org'])
  })

  it('finds National Insurance numbers, spaced or not, with the real prefix rules and the QQ example prefix', () => {
    assert.deepEqual(found('My NI number is QQ 12 34 56 C.'), ['ni_number:QQ 12 34 56 C'])
    assert.deepEqual(found('NINO QQ123456C'), ['ni_number:QQ123456C'])
    assert.deepEqual(found('It is AB 12 34 56 D or ab123456d or JT-65-43-21-A'), ['ni_number:AB 12 34 56 D', 'ni_number:ab123456d', 'ni_number:JT-65-43-21-A'])
    // D, F, I, U, V never start a number; O never second; BG, GB, NK, KN, TN, NT, ZZ are never issued.
    for (const bad of ['DA123456A', 'FA123456A', 'IA123456A', 'UA123456A', 'VA123456A', 'AO123456A', 'GB123456A', 'ZZ123456A', 'NT123456A', 'AB123456E']) {
      assert.deepEqual(found(`Number ${bad} here`), [], bad)
    }
  })

  it('finds postcodes in upper case or lower case with a space', () => {
    assert.deepEqual(found('Send it to EH1 1AA, G2 3BZ or SW1A 1AA. Also eh6 8ra and EH66HR.'), ['postcode:EH1 1AA', 'postcode:G2 3BZ', 'postcode:SW1A 1AA', 'postcode:eh6 8ra', 'postcode:EH66HR'])
  })

  it('does not take ordinals, times or model numbers for postcodes', () => {
    assert.deepEqual(found('the m25 3rd junction at a4 4pm, on the 2nd floor of B12'), [])
  })

  it('finds street addresses with house numbers, letters and flats', () => {
    assert.deepEqual(found('I live at 12 High Street, Leith.'), ['address:12 High Street'])
    assert.deepEqual(found('Flat 3, 45 Leith Walk, Edinburgh EH6 8RA'), ['address:Flat 3, 45 Leith Walk', 'postcode:EH6 8RA'])
    assert.deepEqual(found('We moved to 14a Bruntsfield Place last year.'), ['address:14a Bruntsfield Place'])
    assert.deepEqual(found('It is 3/2 Great King St.'), ['address:3/2 Great King St.'])
  })

  it('finds addresses, postcodes and NI numbers typed in lower case or grouped differently', () => {
    assert.deepEqual(found('I live at 9 church lane now, eh98ab.'), ['address:9 church lane', 'postcode:eh98ab'])
    assert.deepEqual(found('NI QQ 123 456 C'), ['ni_number:QQ 123 456 C'])
    assert.deepEqual(found('Call 0131.496.0000 or 07700-900-123.'), ['phone:0131.496.0000', 'phone:07700-900-123'])
  })

  it('does not take counts or titles for addresses', () => {
    assert.deepEqual(found('I take the 5 bus lane route because 2 main roads are shut.'), [])
    assert.deepEqual(found('I made 5 Universal Credit Payment claims.'), [])
    assert.deepEqual(found('After 3 hours Dr Smith saw me.'), ['name:Smith'])
  })

  it('finds bank details and dates of birth after a cue', () => {
    assert.deepEqual(found('My sort code is 12-34-56 and account number 12345678.'), ['bank_details:12-34-56', 'bank_details:12345678'])
    assert.deepEqual(found('I was born on 3 March 1980. DOB: 04/05/1975'), ['date_of_birth:3 March 1980', 'date_of_birth:04/05/1975'])
    assert.deepEqual(found('I got the letter on 3 March 1980 and paid 12345678 pence.'), [])
  })
})

describe('findRedactions: names', () => {
  it('finds names after cues', () => {
    assert.deepEqual(found('My name is Sarah Jones and I claim ADP.'), ['name:Sarah Jones'])
    assert.deepEqual(found('Mrs Patel and Dr. O’Brien were kind, Mr McDonald was not.'), ['name:Patel', 'name:O’Brien', 'name:McDonald'])
    assert.deepEqual(found('My son Jamie has a learning disability.'), ['name:Jamie'])
    assert.deepEqual(found('My caseworker, Ahmed Khan, said no.'), ['name:Ahmed Khan'])
    assert.deepEqual(found("I'm Priya Sharma, a carer."), ['name:Priya Sharma'])
    assert.deepEqual(found("Hello, I'm Ruth and I waited."), ['name:Ruth'])
    assert.deepEqual(found('A woman called Janet answered.'), ['name:Janet'])
    assert.deepEqual(found("My daughter's friend Chloe's mum helped."), ['name:Chloe'])
    assert.deepEqual(found('Thanks for listening,\nDavid Brown'), ['name:David Brown'])
    assert.deepEqual(found('I spoke to Morag Campbell on the phone.'), ['name:Morag Campbell'])
    assert.deepEqual(found('Nurse Kelly was lovely.'), ['name:Kelly'])
    assert.deepEqual(found('my name is ahmed and nobody listens.'), ['name:ahmed'])
  })

  it('leaves nationalities, benefits, organisations, days and months alone', () => {
    const traps = [
      "I'm Scottish and proud of it.",
      "I'm Deaf and I need BSL.",
      'Universal Credit was late again.',
      'Social Security Scotland paid my Adult Disability Payment in March.',
      "On Monday I called Citizens Advice. I'm Absolutely Furious.",
      'My Universal Credit claim was closed.',
      'My caseworker, Social Security Scotland, wrote to me.',
      'Thank you Social Security Scotland',
      'Personal Independence Payment and Child Disability Payment are different.',
      'Sarah was kind. Brown envelopes scare me. Will they listen?',
      'My Mum and my GP were both involved.',
      'I am Very Angry About This.',
      'My name is wrong on every letter they send.',
      'my name is spelt wrong, and my address too.',
      'I spoke to Universal Credit and then talked to Social Security Scotland.',
      'The Nurse Practitioner was great.',
    ]
    for (const text of traps) assert.deepEqual(found(text), [], text)
  })

  it('redacts the names passed as known names, whole words in any case', () => {
    const names = ['Sarah Jones', 'Ahmed', 'Hope']
    assert.deepEqual(found('sarah jones called. AHMED was there. Ahmedabad is a city.', names), ['name:sarah jones', 'name:AHMED'])
    // "Sarah" on its own is part of a known name; a common word that is also a name only when capitalised mid-sentence.
    assert.deepEqual(found('I hope Sarah can help. Hope said yes. I asked Hope.', names), ['name:Sarah', 'name:Hope'])
  })

  it('keeps redactions sorted, not overlapping, with offsets into the text', () => {
    const text = 'Mrs Jones (QQ 12 34 56 C) of 12 High Street, EH1 1AA, phone 0131 496 0000, email jones@example.com, my son Tom.'
    const r = findRedactions(text)
    assertWellFormed(text, r)
    assert.deepEqual(
      r.map(x => x.kind),
      ['name', 'ni_number', 'address', 'postcode', 'phone', 'email', 'name'] satisfies RedactionKind[],
    )
  })

  it('is deterministic', () => {
    const text = 'Mr Smith, 07700 900123, 45 Leith Walk, QQ123456C, my wife Anna.'
    assert.deepEqual(findRedactions(text, { knownNames: ['Anna'] }), findRedactions(text, { knownNames: ['Anna'] }))
  })

  it('returns nothing for empty or plain text', () => {
    assert.deepEqual(findRedactions(''), [])
    assert.deepEqual(findRedactions('The letters are too long and the phone line is always busy.'), [])
  })
})

describe('applyRedactions', () => {
  it('replaces each span with a plain-English placeholder', () => {
    const text = 'I am Mrs Jones, call 07700 900123 or write to jones@example.com at 12 High Street, EH1 1AA. NI QQ123456C.'
    assert.equal(
      applyRedactions(text, findRedactions(text)),
      'I am Mrs [name], call [phone number] or write to [email address] at [address], [postcode]. NI [National Insurance number].',
    )
  })

  it('reads only start, end and kind, and copes with unsorted or overlapping spans', () => {
    const text = 'abcdefghij'
    assert.equal(applyRedactions(text, [{ start: 6, end: 8, kind: 'phone', text: '' }, { start: 0, end: 2, kind: 'name', text: '' }]), '[name]cdef[phone number]ij')
    assert.equal(applyRedactions(text, [{ start: 0, end: 5, kind: 'name', text: '' }, { start: 3, end: 7, kind: 'email', text: '' }]), '[name]hij')
    assert.equal(applyRedactions(text, [{ start: 8, end: 50, kind: 'address', text: '' }]), 'abcdefgh[address]')
    assert.equal(applyRedactions(text, []), text)
  })

  it('has a plain-English label for every kind', () => {
    for (const [kind, label] of Object.entries(REDACTION_LABELS)) {
      assert.ok(label.length > 0, kind)
      assert.equal(label[0], label[0]!.toUpperCase())
      assert.ok(!label.includes('_'), `${kind} label is plain English`)
    }
  })
})
