// Speed of preparing free text for analysis (issue 6, item 2), and the quality of redaction on a labelled synthetic set.
//
//   node_modules/.bin/node bench/analysis/prepare.ts                  50,000 items and the redaction quality table
//   options: --items 50000  --seed 1  --synthetic 3000
//
// Speed: the 6,211 NHS Friends and Family Test comments (../shared/data/analysis/nhs-fft-pxtextmining), replicated with
// small variations (case, punctuation, a few words added or dropped) to --items items, with a letter-writing campaign of
// 1% of the items planted in them (a template with sentences of people's own), then timed separately: redaction
// (findRedactions with 40 known names), segmentation (splitSegments), duplicate grouping (groupDuplicates).
// Quality: sentences with planted personal details of known kinds and offsets, mixed with sentences that look like
// details but are not ("I'm Scottish", "Universal Credit", "3 hours", "£12.50"); recall = planted details found
// (a span of the same kind covering them), precision = spans found that overlap a planted detail of the same kind.
//
// Figures, never assertions. Target: redaction, segmentation and grouping of 50,000 items in well under 6 s in total
// on a 2-core machine.
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { findRedactions, groupDuplicates, splitSegments, type RedactionKind } from '../../src/modules/analysis/index.ts'
import { loadNhsComments, nhsDataAvailable, NHS_FFT_FILE } from './nhs-data.ts'

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    synthetic: { type: 'string', default: '3000' },
  },
})

function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const next = random(Number(values.seed))
const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(next() * 10)).join('')

const FIRST = ['Sarah', 'Ahmed', 'Priya', 'Tom', 'Ewan', 'Agnieszka', 'Fiona', 'Kwame', 'Mairi', 'Callum', 'Chloe', 'Jamie', 'Ruth', 'Olu', 'Zainab', 'Graham', 'Siobhan', 'Declan', 'Morag', 'Tariq']
const LAST = ['Jones', 'Khan', 'Sharma', 'McLeod', "O'Neill", 'Nowak', 'MacDonald', 'Mensah', 'Campbell', 'Fraser', 'Patel', 'Robertson', 'Stewart', 'Hussain', 'Kowalski', 'Reid', 'Murray', 'Paterson', 'Ferguson', 'Okafor']
const KNOWN_NAMES = FIRST.flatMap((f, i) => (i % 2 ? [`${f} ${LAST[i]!}`, `${LAST[(i + 3) % LAST.length]!} ${f}`] : [`${f} ${LAST[i]!}`]))
  .concat(['Hope', 'Will'])
  .slice(0, 40)

// ---------------------------------------------------------------------------------------------------------------------
// Speed on 50,000 items

const CAMPAIGN_TEMPLATE =
  'I am writing as a patient to ask the trust to answer the phone within ten minutes, to send every appointment ' +
  'letter in plain English at least two weeks before the date, and to give every patient a named person to contact.'
const OWN_WORDS = [
  'My dad waited three hours on hold last week.',
  'I am partially sighted and small print letters are no use to me.',
  'Please listen this time.',
  'Last year my letter came the day after my appointment.',
  'We have two young children and cannot wait around all day.',
  'I care for my mum and need to plan ahead.',
]
const ADDITIONS = ['Thank you.', 'Thanks', 'Very happy.', 'Keep it up!', 'Nothing else to add.', 'Could be better.']

function vary(text: string): string {
  const r = next()
  if (r < 0.25) return text.toLowerCase()
  if (r < 0.45) return text.replace(/[.,!]/g, '')
  if (r < 0.65) return `${text} ${pick(ADDITIONS)}`
  if (r < 0.8) {
    const words = text.split(' ')
    if (words.length > 4) words.splice(Math.floor(next() * words.length), 1)
    return words.join(' ')
  }
  return `${pick(['Overall,', 'Honestly', 'Well,', 'To be fair,'])} ${text}`
}

function speed(): void {
  if (!nhsDataAvailable()) {
    process.stdout.write(`The NHS comments are not available (${NHS_FFT_FILE}): speed not measured.\n`)
    return
  }
  const source = loadNhsComments().items
  const target = Number(values.items)
  const items: { id: string; text: string }[] = []
  const campaignEvery = 100
  for (let i = 0; items.length < target; i++) {
    if (items.length % campaignEvery === campaignEvery - 1) {
      const own = next() < 0.7 ? ` ${pick(OWN_WORDS)}` : ''
      const before = next() < 0.3 ? `${pick(OWN_WORDS)} ` : ''
      items.push({ id: `campaign-${items.length}`, text: `${before}${next() < 0.5 ? CAMPAIGN_TEMPLATE : CAMPAIGN_TEMPLATE.toLowerCase()}${own}` })
      continue
    }
    const s = source[i % source.length]!
    items.push({ id: `${s.id}-${Math.floor(i / source.length)}`, text: i < source.length ? s.text : vary(s.text) })
  }
  const chars = items.reduce((n, it) => n + it.text.length, 0)
  process.stdout.write(`\nSpeed: ${items.length} items (${source.length} NHS comments replicated with variations, ${Math.floor(items.length / campaignEvery)} campaign items), ${(chars / 1e6).toFixed(1)} million characters\n`)

  const cpu = (): number => {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1000
  }
  const c0 = cpu()
  const t0 = performance.now()
  let redactions = 0
  const byKind = new Map<RedactionKind, number>()
  for (const it of items) {
    for (const r of findRedactions(it.text, { knownNames: KNOWN_NAMES })) {
      redactions++
      byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1)
    }
  }
  const t1 = performance.now()
  const c1 = cpu()
  let segments = 0
  for (const it of items) segments += splitSegments(it.text).length
  const t2 = performance.now()
  const c2 = cpu()
  const groups = groupDuplicates(items)
  const t3 = performance.now()
  const c3 = cpu()

  const grouped = groups.reduce((n, g) => n + g.ids.length, 0)
  const ofKind = (k: string) => groups.filter(g => g.kind === k)
  const line = (label: string, ms: number, cpuMs: number, what: string) =>
    process.stdout.write(`  ${label.padEnd(20)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${(cpuMs / 1000).toFixed(2).padStart(6)} s   ${what}\n`)
  process.stdout.write(`  ${''.padEnd(20)} ${'wall'.padStart(8)}  ${'CPU'.padStart(8)}\n`)
  line('redaction', t1 - t0, c1 - c0, `${redactions} spans (${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')})`)
  line('segmentation', t2 - t1, c2 - c1, `${segments} segments (${(segments / items.length).toFixed(2)} per item)`)
  line(
    'duplicate grouping',
    t3 - t2,
    c3 - c2,
    `${groups.length} groups holding ${grouped} items: ${['exact', 'near', 'campaign'].map(k => `${k} ${ofKind(k).length} (${ofKind(k).reduce((n, g) => n + g.ids.length, 0)} items)`).join(', ')}`,
  )
  line('total', t3 - t0, c3 - c0, '')
  const biggestCampaign = ofKind('campaign')[0]
  if (biggestCampaign) {
    const planted = biggestCampaign.ids.filter(id => id.startsWith('campaign-')).length
    process.stdout.write(`  largest campaign: ${biggestCampaign.ids.length} items, ${planted} of the ${Math.floor(items.length / campaignEvery)} planted campaign items, similarity ${biggestCampaign.similarity.toFixed(2)}\n`)
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Redaction quality on a labelled synthetic set

interface Planted {
  kind: RedactionKind
  value: string
}

const STREETS = ['High', 'Leith', 'Bruntsfield', 'Great King', 'Church', 'Victoria', 'Duke', 'Mill', 'Station', 'Albert']
const SUFFIXES = ['Street', 'Road', 'Walk', 'Place', 'Avenue', 'Lane', 'Crescent', 'Terrace', 'Drive', 'Gardens']
const NI_FIRST = 'ABCEGHJKLMNOPRSTWXYZ'
const NI_SECOND = 'ABCEGHJKLMNPRSTWXYZ'
const POSTCODE_AREAS = ['EH', 'G', 'AB', 'DD', 'KY', 'FK', 'IV', 'PA', 'SW', 'M', 'B', 'LS', 'CF', 'BT']
const INWARD = 'ABDEFGHJLNPQRSTUWXYZ'

function plant(kind: RedactionKind): string {
  switch (kind) {
    case 'phone':
      return pick([
        () => `07700 ${digits(6)}`,
        () => `07${digits(9)}`,
        () => `+44 7700 ${digits(6)}`,
        () => `(0131) 496 ${digits(4)}`,
        () => `0141 ${digits(3)} ${digits(4)}`,
        () => `0800 ${digits(3)} ${digits(4)}`,
        () => `020 7946 ${digits(4)}`,
        () => `01786 ${digits(6)}`,
      ])()
    case 'email':
      return `${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase().replace("'", '')}${next() < 0.5 ? digits(2) : ''}@${pick(['example.com', 'mail.example.co.uk', 'example.org'])}`
    case 'ni_number': {
      const prefix = next() < 0.2 ? 'QQ' : pick([...NI_FIRST]) + pick([...NI_SECOND])
      if (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix)) return `QQ${digits(6)}C`
      const d = digits(6)
      const suffix = pick(['A', 'B', 'C', 'D'])
      return next() < 0.5 ? `${prefix}${d}${suffix}` : `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`
    }
    case 'postcode': {
      const area = pick(POSTCODE_AREAS)
      const district = 1 + Math.floor(next() * 20)
      // AA9A and A9A districts ("SW1A", "W1A") have one digit.
      const outward = `${area}${district}${district < 10 && next() < 0.1 ? 'A' : ''}`
      return `${outward} ${Math.floor(next() * 10)}${pick([...INWARD])}${pick([...INWARD])}`
    }
    case 'address': {
      const street = `${1 + Math.floor(next() * 200)}${next() < 0.2 ? 'a' : ''} ${pick(STREETS)} ${pick(SUFFIXES)}`
      return next() < 0.25 ? `Flat ${1 + Math.floor(next() * 9)}, ${street}` : street
    }
    case 'name':
      return next() < 0.5 ? pick(FIRST) : `${pick(FIRST)} ${pick(LAST)}`
    case 'bank_details':
      return `${digits(2)}-${digits(2)}-${digits(2)}`
    case 'date_of_birth':
      return pick([() => `${1 + Math.floor(next() * 28)}/0${1 + Math.floor(next() * 9)}/19${50 + Math.floor(next() * 50)}`, () => `${1 + Math.floor(next() * 28)} ${pick(['March', 'June', 'October'])} 19${50 + Math.floor(next() * 50)}`])()
  }
}

/** Sentence frames: {x} is the planted detail. Names get cues the way people write them. */
const FRAMES: Record<RedactionKind, readonly string[]> = {
  phone: ['You can call me on {x} any time.', 'My number is {x} if you need it.', 'Ring {x} after five, please.', 'I phoned {x} three times and nobody answered.'],
  email: ['Email me at {x} with any news.', 'My email is {x}.', 'Write to {x} please.'],
  ni_number: ['My National Insurance number is {x}.', 'NI: {x}', 'They asked for my NI number ({x}) twice.'],
  postcode: ['I live in {x} and the bus does not run.', 'Postcode {x}.', 'The office near {x} has closed.'],
  address: ['Send letters to {x}, not my old flat.', 'I live at {x} with my two kids.', 'They came to {x} without warning.'],
  name: ['My name is {x} and I have waited months.', 'My caseworker, {x}, never rang me back.', 'My son {x} is autistic.', "Hello, I'm {x} and I am a carer."],
  bank_details: ['My sort code is {x} if that helps.', 'Sort code: {x}.'],
  date_of_birth: ['I was born on {x}.', 'Date of birth: {x}.'],
}
const TITLE_FRAMES = ['Mrs {x} was very helpful.', 'Dr {x} listened to me at last.', 'Mr {x} lost my forms.']

/**
 * Harder ways of writing the same details, which the finder is not built for or only partly: names with no cue or in
 * lower case, numbers with unusual separators. Reported apart, so the figures above are not only the finder's own
 * patterns played back to it.
 */
const HARD: readonly { kind: RedactionKind; make: () => string; frame: string; form: string }[] = [
  { kind: 'name', make: () => pick(FIRST), frame: '{x} from the office was so kind to me.', form: 'name without a cue' },
  { kind: 'name', make: () => pick(FIRST).toLowerCase(), frame: 'my name is {x} and nobody listens.', form: 'name in lower case after "my name is"' },
  { kind: 'name', make: () => `${pick(FIRST)} ${pick(LAST)}`, frame: 'I spoke to {x} on the phone.', form: 'full name after "spoke to"' },
  { kind: 'phone', make: () => `0131.496.${digits(4)}`, frame: 'Call {x} please.', form: 'phone with dots' },
  { kind: 'phone', make: () => `07700-900-${digits(3)}`, frame: 'Text {x} if you can.', form: 'phone with hyphens' },
  { kind: 'postcode', make: () => `eh${1 + Math.floor(next() * 9)}${Math.floor(next() * 10)}ab`, frame: 'I am in {x} now.', form: 'postcode in lower case, no space' },
  { kind: 'ni_number', make: () => `QQ 123 456 ${pick(['A', 'B', 'C'])}`, frame: 'NI {x}.', form: 'NI number grouped 3-3' },
  { kind: 'address', make: () => `${1 + Math.floor(next() * 90)} ${pick(STREETS).toLowerCase()} ${pick(SUFFIXES).toLowerCase()}`, frame: 'I live at {x} now.', form: 'address in lower case' },
  { kind: 'email', make: () => `${pick(FIRST).toLowerCase()} at example dot com`, frame: 'Email {x}.', form: 'email written out in words' },
]

const TRAPS = [
  "I'm Scottish and proud of it, but this system shames me.",
  'Universal Credit was late again this month.',
  'Social Security Scotland paid my Adult Disability Payment on time.',
  'On Monday in March I waited 3 hours for a call back.',
  'It cost £12.50 to get there in 2023 and another £7.80 back.',
  "I'm Disabled and I'm tired of explaining it.",
  'Thank you Social Security Scotland for listening to us.',
  'Brown envelopes still make me feel sick.',
  'Will anyone read this?',
  'I made 3 Universal Credit claims in 2 years.',
  'The A9 road is closed so I missed the M8 bus at 10.30.',
  'My Mum and my GP filled in the forms together.',
  'Ward 12 was clean and the nurses were kind.',
  'Personal Independence Payment was worse than Child Disability Payment.',
  'I rang 5 times on 14/02/2024 and waited 45 minutes each time.',
  'My reference was 123456 but nobody could find it.',
  'The 2nd letter said something different from the 1st.',
  'Hope is all I have left.',
  'Christmas was hard this year on the 7th floor flat.',
  'I am Very Angry About This.',
  'My name is wrong on every letter they send.',
  'my name is spelt wrong, and my address too.',
  'I take the 5 bus lane route because 2 main roads are shut.',
  'I spoke to Universal Credit and then talked to Social Security Scotland.',
  'Flat 3 was cold and we had 2 Park tickets.',
]

function quality(): void {
  const n = Number(values.synthetic)
  const kinds = Object.keys(FRAMES) as RedactionKind[]
  const stats = new Map<RedactionKind, { planted: number; found: number; spans: number; right: number }>()
  for (const k of kinds) stats.set(k, { planted: 0, found: 0, spans: 0, right: 0 })
  let trapSpans = 0
  let trapSentences = 0
  const hard = new Map<string, { planted: number; found: number }>()
  for (let i = 0; i < n; i++) {
    // Each text: one to three sentences, each with one planted detail or a trap.
    const parts: string[] = []
    const planted: (Planted & { start: number; end: number; hard: boolean })[] = []
    const count = 1 + Math.floor(next() * 3)
    for (let s = 0; s < count; s++) {
      const prefix = parts.length ? `${parts.join(' ')} ` : ''
      if (next() < 0.3) {
        parts.push(pick(TRAPS))
        trapSentences++
        continue
      }
      if (next() < 0.1) {
        const h = pick(HARD)
        const value = h.make()
        const at = prefix.length + h.frame.indexOf('{x}')
        const text = `${prefix}${h.frame.replace('{x}', value)}`
        const key = `${h.kind}, ${h.form}: ${h.frame.replace('{x}', `"${value.replace(/\d/g, '9')}"`).replace(/"[^"]*"/, '…')}`
        const st = hard.get(key) ?? { planted: 0, found: 0 }
        st.planted++
        // Scored on its own: found when a span of the right kind covers it, in the text so far.
        if (findRedactions(text).some(r => r.kind === h.kind && r.start <= at && r.end >= at + value.length)) st.found++
        hard.set(key, st)
        parts.push(h.frame.replace('{x}', value))
        planted.push({ kind: h.kind, value, start: at, end: at + value.length, hard: true })
        continue
      }
      const kind = pick(kinds)
      const value = kind === 'name' && next() < 0.3 ? pick(LAST) : plant(kind)
      const frame = kind === 'name' && !value.includes(' ') && LAST.includes(value) ? pick(TITLE_FRAMES) : pick(FRAMES[kind])
      const at = prefix.length + frame.indexOf('{x}')
      planted.push({ kind, value, start: at, end: at + value.length, hard: false })
      parts.push(frame.replace('{x}', value))
    }
    const text = parts.join(' ')
    const found = findRedactions(text)
    for (const p of planted) {
      if (p.hard) continue
      const st = stats.get(p.kind)!
      st.planted++
      if (found.some(r => r.kind === p.kind && r.start <= p.start && r.end >= p.end)) st.found++
    }
    for (const r of found) {
      const match = planted.some(p => p.kind === r.kind && r.start < p.end && p.start < r.end)
      const st = stats.get(r.kind)!
      st.spans++
      if (match) st.right++
      else if (!planted.some(p => r.start < p.end && p.start < r.end)) trapSpans++
    }
  }
  process.stdout.write(`\nRedaction on ${n} synthetic texts (${trapSentences} trap sentences with no personal details)\n`)
  const rows = [['kind', 'planted', 'recall', 'found', 'precision']]
  let P = 0
  let F = 0
  let S = 0
  let R = 0
  for (const [k, s] of stats) {
    rows.push([k, String(s.planted), pct(s.found / s.planted), String(s.spans), pct(s.right / s.spans)])
    P += s.planted
    F += s.found
    S += s.spans
    R += s.right
  }
  rows.push(['all', String(P), pct(F / P), String(S), pct(R / S)])
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map(r => r[c]!.length)))
  for (const r of rows) process.stdout.write(`  ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}\n`)
  process.stdout.write(`  spans found in trap sentences (false alarms): ${trapSpans}\n`)
  process.stdout.write(`\nHarder forms (not counted above; recall only)\n`)
  for (const [key, st] of [...hard].sort()) process.stdout.write(`  ${pct(st.found / st.planted).padStart(6)}  of ${String(st.planted).padStart(3)}  ${key}\n`)
}

const pct = (x: number): string => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`)

process.stdout.write(`Node ${process.version}, ${availableParallelism()} CPUs.\n`)
speed()
quality()
