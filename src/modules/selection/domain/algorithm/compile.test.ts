import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileInstance, panelProblems, typeCountProblems } from './compile.ts'
import type { SelectionInstance } from './types.ts'

const instance: SelectionInstance = {
  panelSize: 2,
  features: [
    { name: 'gender', values: [{ value: 'F', min: 1, max: 1 }, { value: 'M', min: 1, max: 1 }] },
    { name: 'age', values: [{ value: 'young', min: 0, max: 2 }, { value: 'old', min: 0, max: 2 }] },
  ],
  people: [
    { id: 'a', values: ['F', 'young'] },
    { id: 'b', values: ['F', 'young'] },
    { id: 'c', values: ['M', 'old'], household: 'h1' },
    { id: 'd', values: ['F', 'young'], household: 'h1' },
    { id: 'e', values: ['M', 'old'], household: 'h2' },
  ],
}

describe('types of person', () => {
  it('aggregates identical people, but not people who share a household', () => {
    const model = compileInstance(instance)
    // a and b are one type; c and d share a household so each is a type of their own; e lives alone.
    assert.deepEqual(model.types.map(t => t.members), [[0, 1], [2], [3], [4]])
    assert.deepEqual(model.households, [[1, 2]])
    assert.equal(model.types[1]!.household, 0)
    assert.equal(model.types[3]!.household, -1)
  })

  it('checks panels against quotas and households', () => {
    const model = compileInstance(instance)
    assert.deepEqual(panelProblems(model, [0, 2]), [])
    assert.deepEqual(panelProblems(model, [0, 1]).length > 0, true)
    assert.match(panelProblems(model, [2, 3]).join(' '), /2 people from one household/)
    assert.match(panelProblems(model, [0, 0]).join(' '), /appears twice/)
    assert.deepEqual(typeCountProblems(model, [1, 0, 0, 1]), [])
  })
})
