import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { answerLines, checkQuestionInput, codesFor, parseAnswer, shownQuestions, type QuestionDto } from './survey-questions.ts'

const q = (over: Partial<QuestionDto>): QuestionDto => ({
  id: 'q',
  sectionId: 's',
  position: 1,
  type: 'single_choice',
  typeLabel: '',
  text: 'Q',
  hint: null,
  easyRead: null,
  required: true,
  options: [
    { code: 'o1', label: 'Yes' },
    { code: 'o2', label: 'No' },
  ],
  rows: [],
  scale: null,
  condition: null,
  ...over,
})

describe('survey questions (pure rules)', () => {
  it('keeps the codes of options kept when a builder edits the list', () => {
    assert.deepEqual(codesFor(['No', 'Maybe', 'Yes'], [{ code: 'o1', label: 'Yes' }, { code: 'o2', label: 'No' }], 'o'), [
      { code: 'o2', label: 'No' },
      { code: 'o3', label: 'Maybe' },
      { code: 'o1', label: 'Yes' },
    ])
  })

  it('checks what a builder writes, per type', () => {
    const base = { sectionId: 's', text: 'How was it?', hint: '', easyRead: '', required: true, options: '', rows: '', scaleMin: '1', scaleMax: '5', scaleMinLabel: 'Bad', scaleMaxLabel: 'Good' }
    assert.equal(checkQuestionInput({ ...base, type: 'scale' }).ok, true)
    const r = checkQuestionInput({ ...base, type: 'matrix', options: 'Agree\nagree' })
    assert.deepEqual(r.ok ? [] : r.errors.map(e => e.field), ['options', 'rows'])
    const s = checkQuestionInput({ ...base, type: 'scale', scaleMax: '2' })
    assert.deepEqual(s.ok ? [] : s.errors.map(e => e.field), ['scaleMax'])
    assert.equal(checkQuestionInput({ ...base, type: 'nonsense' }).ok, false)
  })

  it('parses each type of answer, with GOV.UK error messages', () => {
    assert.deepEqual(parseAnswer(q({}), {}), { ok: false, errors: [{ field: 'answer', message: 'Select an answer' }] })
    assert.deepEqual(parseAnswer(q({ required: false }), {}), { ok: true, value: null })
    assert.deepEqual(parseAnswer(q({ type: 'multiple_choice' }), { answer: ['o2', 'o1'] }), { ok: true, value: ['o1', 'o2'] })
    assert.deepEqual(parseAnswer(q({ type: 'multiple_choice' }), { answer: 'o9' }).ok, false)
    const scale = q({ type: 'scale', scale: { min: 1, max: 5, minLabel: 'Bad', maxLabel: 'Good' } })
    assert.deepEqual(parseAnswer(scale, { answer: '5' }), { ok: true, value: 5 })
    assert.equal(parseAnswer(scale, { answer: '6' }).ok, false)
    assert.deepEqual(parseAnswer(q({ type: 'free_text' }), { answer: '  ' }, 'they'), { ok: false, errors: [{ field: 'answer', message: 'Enter their answer' }] })
    const ranking = q({ type: 'ranking', options: [{ code: 'a', label: 'A' }, { code: 'b', label: 'B' }, { code: 'c', label: 'C' }] })
    assert.deepEqual(parseAnswer(ranking, { 'rank-a': '2', 'rank-b': '3', 'rank-c': '1' }), { ok: true, value: ['c', 'a', 'b'] })
    assert.deepEqual(parseAnswer(ranking, { 'rank-a': '1', 'rank-b': '1', 'rank-c': '2' }), { ok: false, errors: [{ field: 'rank-a', message: 'Give each option a different number' }] })
    const matrix = q({ type: 'matrix', rows: [{ code: 'r1', label: 'Staff were kind' }, { code: 'r2', label: 'Letters were clear' }] })
    assert.deepEqual(parseAnswer(matrix, { 'row-r1': 'o1' }), { ok: false, errors: [{ field: 'row-r2', message: 'Select an answer for “Letters were clear”' }] })
    assert.deepEqual(answerLines(matrix, { r1: 'o1', r2: 'o2' }), ['Staff were kind: Yes', 'Letters were clear: No'])
    assert.deepEqual(answerLines(scale, 1), ['1 out of 5 (Bad)'])
  })

  it('shows a conditional question only when the earlier answer matches, and chains', () => {
    const q1 = q({ id: 'q1' })
    const q2 = q({ id: 'q2', condition: { questionId: 'q1', options: ['o1'] } })
    const q3 = q({ id: 'q3', condition: { questionId: 'q2', options: ['o2'] } })
    const ids = (answers: [string, string][]) => shownQuestions([q1, q2, q3], new Map(answers)).map(x => x.id)
    assert.deepEqual(ids([]), ['q1'])
    assert.deepEqual(ids([['q1', 'o1']]), ['q1', 'q2'])
    assert.deepEqual(ids([['q1', 'o1'], ['q2', 'o2']]), ['q1', 'q2', 'q3'])
    assert.deepEqual(ids([['q1', 'o2'], ['q2', 'o2']]), ['q1'], 'q3 depends on a hidden question')
  })
})
