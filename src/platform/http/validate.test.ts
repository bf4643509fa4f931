import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { AppError, AppErrorCode, fieldError } from '../errors.ts'
import { fieldErrorsOf, pageNumber, parseForm, queryString } from './validate.ts'

describe('form validation', () => {
  const schema = z.object({
    name: z.string().trim().min(1, 'Enter your name'),
    when: z.object({ day: z.coerce.number().int().min(1, 'Date must include a day') }),
  })

  it('returns the parsed value, without the CSRF token', () => {
    const r = parseForm(schema, { name: ' Ann ', when: { day: '3' }, _csrf: 't' })
    assert.deepEqual(r, { ok: true, value: { name: 'Ann', when: { day: 3 } } })
  })

  it('returns one GOV.UK error per field, with the field id, and keeps what was typed', () => {
    const r = parseForm(schema, { name: '', when: { day: '0' }, _csrf: 't' })
    assert.equal(r.ok, false)
    if (r.ok) return
    assert.deepEqual(r.errors, [
      { field: 'name', message: 'Enter your name' },
      { field: 'when-day', message: 'Date must include a day' },
    ])
    assert.deepEqual(r.values, { name: '', when: { day: '0' } })
  })

  it('turns business-rule failures into form errors and rethrows anything else', () => {
    assert.deepEqual(fieldErrorsOf(fieldError('email', 'Taken')), [{ field: 'email', message: 'Taken' }])
    assert.throws(() => fieldErrorsOf(new AppError(AppErrorCode.NOT_FOUND)), AppError)
    assert.throws(() => fieldErrorsOf(new Error('boom')), /boom/)
  })

  it('reads page numbers and query strings defensively', () => {
    assert.equal(pageNumber('3'), 3)
    assert.equal(pageNumber('-1'), 1)
    assert.equal(pageNumber('abc'), 1)
    assert.equal(pageNumber(undefined), 1)
    assert.equal(queryString(['a', 'b']), 'a')
    assert.equal(queryString('  '), undefined)
    assert.equal(queryString('x'.repeat(300), 10), 'x'.repeat(10))
  })
})
