import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decideRow, explainSuggestion, samplesF1, suggestCodes, trainSuggester, type CodedRow } from './classifier.ts'
import { linearRows, prepareCorpus, vectorise } from './features.ts'
import { isStopWord, stem, tokenise, words } from './tokenise.ts'

describe('tokeniser', () => {
  it('lower-cases, splits on non-letters, drops apostrophes, possessives and stop words, keeps negations', () => {
    assert.deepEqual(words("The nurse's manner wasn't KIND, and I didn't feel heard!"), ['nurse', 'manner', 'wasnt', 'kind', 'didnt', 'feel', 'heard'])
    assert.deepEqual(words('Not good, no parking'), ['not', 'good', 'no', 'parking'])
    assert.deepEqual(words('waited 3 hours—for a bed'), ['waited', '3', 'hours', 'bed'])
    assert.deepEqual(words('It’s great'), ['great'])
    assert.ok(isStopWord('the') && !isStopWord('not') && !isStopWord('never'))
  })

  it('stems inflections lightly (Porter step 1)', () => {
    assert.equal(stem('nurses'), 'nurse')
    assert.equal(stem('waiting'), 'wait')
    assert.equal(stem('waited'), 'wait')
    assert.equal(stem('hopping'), 'hop')
    assert.equal(stem('caresses'), 'caress')
    assert.equal(stem('ponies'), 'poni')
    assert.equal(stem('agreed'), 'agree')
    assert.equal(stem('happy'), 'happi')
    assert.equal(stem('bus'), 'bus')
    assert.deepEqual(tokenise('Staff were caring'), ['staff', 'care'])
  })
})

describe('TF-IDF', () => {
  const items = [
    { id: 'a', text: 'kind staff kind staff' },
    { id: 'b', text: 'kind doctor' },
    { id: 'c', text: 'long wait' },
    { id: 'd', text: 'long wait for staff' },
  ]

  it('learns the vocabulary from all items with a minimum document frequency, rows l2-normalised', () => {
    const corpus = prepareCorpus(items, { charNgrams: null, minDf: 2 })
    const { index } = corpus.vocabulary
    assert.ok(index.has('kind') && index.has('staff') && index.has('long wait'))
    assert.ok(!index.has('doctor'), 'a term in one item only is dropped')
    const m = corpus.matrix
    for (let r = 0; r < m.rows; r++) {
      let sum = 0
      for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) sum += m.values[p]! ** 2
      assert.ok(Math.abs(sum - 1) < 1e-6, `row ${r} has length 1`)
      for (let p = m.indptr[r]! + 1; p < m.indptr[r + 1]!; p++) assert.ok(m.indices[p]! > m.indices[p - 1]!, 'columns ascending')
    }
  })

  it('weights terms by (1 + ln tf) * smooth idf', () => {
    const corpus = prepareCorpus(items, { charNgrams: null, minDf: 1, bigrams: false })
    const v = corpus.vocabulary
    const idf = (df: number) => Math.log(5 / (1 + df)) + 1
    assert.ok(Math.abs(v.idf[v.index.get('kind')!]! - idf(2)) < 1e-12)
    assert.ok(Math.abs(v.idf[v.index.get('doctor')!]! - idf(1)) < 1e-12)
    // Row a: kind and staff both twice, both in two items: equal weights 1/sqrt(2).
    const m = corpus.matrix
    assert.equal(m.indptr[1]! - m.indptr[0]!, 2)
    for (let p = 0; p < 2; p++) assert.ok(Math.abs(m.values[p]! - Math.SQRT1_2) < 1e-6)
    // Row b: doctor (rarer) weighs more than kind.
    const row = (r: number, term: string) => {
      const col = v.index.get(term)!
      for (let p = m.indptr[r]!; p < m.indptr[r + 1]!; p++) if (m.indices[p] === col) return m.values[p]!
      return 0
    }
    assert.ok(row(1, 'doctor') > row(1, 'kind'))
    const x = vectorise(v, 'kind kind unknownword')
    assert.equal(x.indices.length, 1)
    assert.ok(Math.abs(x.values[0]! - 1) < 1e-6)
  })

  it('adds latent dimensions learnt from all items: unit rows, deterministic, related words close', () => {
    // "nurse" and "doctor" never meet, but both keep company with "kind"; "parking" keeps other company.
    const texts = [
      ...Array.from({ length: 10 }, () => 'kind nurse'),
      ...Array.from({ length: 10 }, () => 'kind doctor'),
      ...Array.from({ length: 6 }, () => 'parking fees'),
      ...Array.from({ length: 6 }, () => 'parking spaces'),
      'nurse',
      'doctor',
      'fees',
    ].map((text, i) => ({ id: `t${i}`, text }))
    const corpus = prepareCorpus(texts, { charNgrams: null, bigrams: false, latentDims: 2 })
    const latent = corpus.latent!
    assert.equal(latent.dims, 2)
    assert.equal(latent.values.length, texts.length * 2)
    const row = (r: number) => [latent.values[2 * r]!, latent.values[2 * r + 1]!]
    for (let r = 0; r < texts.length; r++) assert.ok(Math.abs(Math.hypot(...row(r)) - 1) < 1e-5)
    const cos = (a: number, b: number) => row(a)[0]! * row(b)[0]! + row(a)[1]! * row(b)[1]!
    const nurse = texts.length - 3
    assert.ok(cos(nurse, nurse + 1) > cos(nurse, nurse + 2) + 0.1, 'nurse is nearer doctor than fees')
    assert.ok(cos(0, 10) > cos(0, 20) + 0.1, '"kind nurse" is nearer "kind doctor" than "parking fees"')
    assert.deepEqual(prepareCorpus(texts, { charNgrams: null, bigrams: false, latentDims: 2 }).latent, latent)
    assert.equal(prepareCorpus(texts, { latentDims: 0 }).latent, undefined)
    // The linear models see the words, then the latent dimensions, each row of length 1.
    const x = linearRows(corpus, [0, nurse], 0.5)
    assert.equal(x.cols, corpus.matrix.cols + 2)
    for (let i = 0; i < 2; i++) {
      let sum = 0
      for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) sum += x.values[p]! ** 2
      assert.ok(Math.abs(sum - 1) < 1e-5)
      assert.deepEqual([...x.indices.subarray(x.indptr[i + 1]! - 2, x.indptr[i + 1]!)], [corpus.matrix.cols, corpus.matrix.cols + 1])
    }
  })

  it('adds character n-grams within words when asked', () => {
    const corpus = prepareCorpus(items, { charNgrams: [3, 3], minDf: 1 })
    assert.ok(corpus.vocabulary.index.has('#<ki'))
    assert.ok(corpus.vocabulary.index.has('#nd>'))
  })
})

// A toy problem with three codes: staff manner, waiting, parking; some items carry two codes.
const STAFF = ['kind nurse', 'friendly nurse', 'caring doctor', 'rude receptionist', 'polite staff', 'helpful nurse', 'lovely staff', 'kind doctor']
const WAIT = ['long wait', 'waited hours', 'delay again', 'slow queue', 'waiting forever', 'late appointment', 'long delay', 'queue slow']
const PARK = ['no parking', 'car park full', 'parking fees', 'park far away', 'parking spaces', 'expensive parking', 'parking ticket', 'car park busy']
const FILLER = ['today', 'again', 'really', 'overall', 'visit', 'monday', 'clinic', 'ward']

function toyData(): { items: { id: string; text: string }[]; labels: number[][] } {
  const items: { id: string; text: string }[] = []
  const labels: number[][] = []
  let id = 0
  for (let round = 0; round < 6; round++) {
    const groups = [STAFF, WAIT, PARK]
    groups.forEach((phrases, code) => {
      for (let j = 0; j < phrases.length; j++) {
        items.push({ id: `item-${id++}`, text: `${phrases[(j + round) % phrases.length]} ${FILLER[(j + round + code) % FILLER.length]}` })
        labels.push([code])
      }
    })
    for (let j = 0; j < 4; j++) {
      items.push({ id: `item-${id++}`, text: `${STAFF[(j + round) % 8]} but ${WAIT[(j + 2 * round) % 8]} ${FILLER[j]}` })
      labels.push([0, 1])
    }
  }
  return { items, labels }
}

describe('suggestion classifier', () => {
  const { items, labels } = toyData()
  const corpus = prepareCorpus(items)
  // Code the first two thirds; suggest for the rest.
  const cut = Math.floor((items.length * 2) / 3)
  const coded: CodedRow[] = labels.slice(0, cut).map((codes, row) => ({ row, codes }))
  const held = Array.from({ length: items.length - cut }, (_, i) => cut + i)

  it('learns a separable toy problem, multi-label items included', () => {
    const model = trainSuggester(corpus, coded, 3, { seed: 7 })
    const predicted = suggestCodes(model, corpus, held)
    const f1 = samplesF1(predicted, held.map(r => labels[r]!))
    assert.ok(f1 >= 0.95, `samples-F1 ${f1}`)
    assert.ok(predicted.every(list => list.length >= 1), 'no item is left without a suggestion')
    for (const list of predicted) for (const s of list) assert.ok(s.confidence >= 0 && s.confidence <= 1)
    assert.ok(model.crossValidation !== null && model.crossValidation.samplesF1 > 0.9)
  })

  it('chooses thresholds in (0, 1] and offers confident suggestions in bulk with the promised precision', () => {
    const model = trainSuggester(corpus, coded, 3, { seed: 7 })
    for (const t of model.thresholds) assert.ok(t > 0 && t <= 1.01)
    assert.ok(Number.isFinite(model.bulkThreshold), 'an easy problem gets a bulk threshold')
    const predicted = suggestCodes(model, corpus, held)
    let offered = 0
    let right = 0
    predicted.forEach((list, i) => {
      for (const s of list) {
        assert.equal(s.bulk, s.confidence >= model.bulkThreshold)
        if (!s.bulk) continue
        offered++
        if (labels[held[i]!]!.includes(s.code)) right++
      }
    })
    assert.ok(offered > 0 && right / offered >= 0.85, `${right}/${offered}`)
  })

  it('offers nothing in bulk when the coding is noise', () => {
    let state = 42
    const noise = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      return Math.floor((state / 4294967296) * 3)
    }
    const noisy: CodedRow[] = coded.map(c => ({ row: c.row, codes: [noise()] }))
    const model = trainSuggester(corpus, noisy, 3, { seed: 7 })
    const offered = suggestCodes(model, corpus, held).flat().filter(s => s.bulk).length
    assert.ok(offered < held.length / 10, `${offered} bulk offers on noise`)
  })

  it('explains a suggestion by its decisive words and similar coded examples with that code', () => {
    const model = trainSuggester(corpus, coded, 3, { seed: 7 })
    const row = items.length
    const extended = prepareCorpus([...items, { id: 'new', text: 'parking ticket expensive' }])
    const model2 = trainSuggester(extended, coded, 3, { seed: 7 })
    const [list] = suggestCodes(model2, extended, [row])
    assert.equal(list![0]!.code, 2)
    const why = explainSuggestion(model2, extended, row, 2)
    assert.ok(why.words.length > 0)
    assert.ok(why.words.some(w => /parking|ticket|expensive/.test(w.term)), JSON.stringify(why.words))
    for (let i = 1; i < why.words.length; i++) assert.ok(why.words[i - 1]!.weight >= why.words[i]!.weight)
    assert.equal(why.similar.length, 3)
    for (const id of why.similar) {
      const r = extended.ids.indexOf(id)
      assert.ok(r < cut && labels[r]!.includes(2), `${id} is a coded example with the code`)
    }
    assert.ok(model.linear.codes === 3)
  })

  it('is deterministic: same input and seed, same output', () => {
    const a = trainSuggester(corpus, coded, 3, { seed: 3 })
    const b = trainSuggester(prepareCorpus(items), coded, 3, { seed: 3 })
    assert.deepEqual(a.linear.weights, b.linear.weights)
    assert.deepEqual(a.thresholds, b.thresholds)
    assert.equal(a.bulkThreshold, b.bulkThreshold)
    assert.deepEqual(suggestCodes(a, corpus, held), suggestCodes(b, corpus, held))
  })
})

describe('how many codes an item gets', () => {
  const thresholds = Float64Array.from([0.5, 0.5, 0.5, 0.9])
  const codes = (confidence: number[], ratio: number, minTop = 0) =>
    decideRow(confidence, 0, confidence.length, { thresholds, ratio, minTop }, Infinity).map(s => s.code)

  it('always gives the top code, however unsure, unless a minimum is set', () => {
    assert.deepEqual(codes([0.01, 0.02, 0.005, 0], 0), [1])
    assert.deepEqual(codes([0.01, 0.02, 0.005, 0], 0, 0.05), [])
  })

  it('adds another code only when it reaches its own threshold and is near the top code', () => {
    assert.deepEqual(codes([0.95, 0.6, 0.1, 0.2], 0), [0, 1])
    assert.deepEqual(codes([0.95, 0.6, 0.1, 0.2], 0.7), [0], '0.6 is under 0.7 x 0.95')
    assert.deepEqual(codes([0.7, 0.6, 0.55, 0.2], 0.7), [0, 1, 2])
    assert.deepEqual(codes([0.95, 0.1, 0.1, 0.8], 0), [0], 'code 3 needs 0.9')
  })

  it('lists suggestions best first and marks those at or above the bulk threshold', () => {
    const list = decideRow([0.6, 0.9, 0.1, 0.95], 0, 4, { thresholds, ratio: 0, minTop: 0 }, 0.8)
    assert.deepEqual(list.map(s => [s.code, s.bulk]), [[3, true], [1, true], [0, false]])
  })

  it('chooses the ratio from its candidates by cross-validation', () => {
    const { items, labels } = toyData()
    const corpus = prepareCorpus(items)
    const coded: CodedRow[] = labels.map((codes, row) => ({ row, codes }))
    for (const ratios of [[0.6], [0, 0.3, 0.9]]) {
      const model = trainSuggester(corpus, coded, 3, { seed: 2, secondCodeRatios: ratios })
      assert.ok(ratios.includes(model.secondCodeRatio), `${model.secondCodeRatio} in ${ratios.join(', ')}`)
    }
  })
})
