import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { paginate } from './pagination.ts'

describe('pagination', () => {
  it('links pages, keeping filters, with ellipses for long runs', () => {
    const p = paginate({ total: 1000, page: 5, perPage: 50, path: '/users', query: { role: 'analyst', q: undefined } })
    assert.equal(p.from, 201)
    assert.equal(p.to, 250)
    assert.equal(p.previous?.href, '/users?role=analyst&page=4')
    assert.equal(p.next?.href, '/users?role=analyst&page=6')
    const numbers = p.items.map(i => ('ellipsis' in i ? '…' : String(i.number)))
    assert.deepEqual(numbers, ['1', '…', '4', '5', '6', '…', '20'])
    assert.equal(p.items.find(i => 'current' in i && i.current && i.number === 5) !== undefined, true)
  })

  it('has no page links for a single page and counts an empty list as 0 to 0', () => {
    const p = paginate({ total: 0, page: 1, perPage: 50, path: '/audit' })
    assert.deepEqual([p.from, p.to, p.items.length, p.previous, p.next], [0, 0, 0, undefined, undefined])
  })

  it('keeps a page number past the end on the last page', () => {
    assert.equal(paginate({ total: 120, page: 99, perPage: 50, path: '/x' }).page, 3)
  })
})
