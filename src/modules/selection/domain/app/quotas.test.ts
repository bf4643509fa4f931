import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PANEL_CATALOGUE, NOT_ANSWERED, type SelectionPoolMember } from '../../../panel/index.ts'
import { buildInstance, checkQuotas, quotaDimensions, quotaFieldId, suggestQuotas } from './quotas.ts'

const catalogue = DEFAULT_PANEL_CATALOGUE
const targets = new Map([
  ['area', new Map([['northshire_city', 38], ['eastport', 20], ['the_isles', 10]])],
  ['gender', new Map([['woman', 50], ['man', 50]])],
])

describe('quotas for a selection from the panel', () => {
  it('offers quotas only on questions with one answer each', () => {
    const keys = quotaDimensions(catalogue).map(d => d.key)
    assert.ok(keys.includes('area') && keys.includes('gender'))
    assert.ok(!keys.includes('benefits'), 'several answers: no quota')
  })

  it('suggests floor(k·t) − slack to ceil(k·t) + slack from the targets, and anything where there is no target', () => {
    const quotas = suggestQuotas({ panelSize: 24, catalogue, targets, settings: { dimensions: ['area', 'gender'], seldomHeardMin: 3, slack: 1 } })
    const q = (f: string, v: string) => quotas.find(x => x.name === f)!.values.find(x => x.value === v)!
    assert.deepEqual([q('area', 'northshire_city').min, q('area', 'northshire_city').max], [8, 11], '24 × 38% = 9.12')
    assert.deepEqual([q('area', 'the_isles').min, q('area', 'the_isles').max], [1, 4], '24 × 10% = 2.4')
    assert.deepEqual([q('gender', 'woman').min, q('gender', 'woman').max], [11, 13], 'exactly 12: 12 ± 1')
    assert.deepEqual([q('area', 'glenmoor').min, q('area', 'glenmoor').max], [0, 24], 'no target')
    assert.deepEqual([q('area', NOT_ANSWERED).min, q('area', 'prefer_not_to_say').max], [0, 24])
    assert.deepEqual(quotas.find(f => f.name === 'seldom_heard')!.values, [
      { value: 'yes', min: 3, max: 24 },
      { value: 'no', min: 0, max: 24 },
    ])
    const tight = suggestQuotas({ panelSize: 10, catalogue, targets, settings: { dimensions: ['area'], seldomHeardMin: null, slack: 0 } })
    assert.deepEqual(tight[0]!.values.find(v => v.value === 'eastport'), { value: 'eastport', min: 2, max: 2 })
    assert.equal(tight.length, 1)
  })

  it('says what is wrong with quotas, on the box to change', () => {
    const quotas = [
      { name: 'gender', values: [{ value: 'woman', min: 7, max: 5 }, { value: 'man', min: 6, max: 1.5 }] },
      { name: 'area', values: [{ value: 'eastport', min: 0, max: 2 }, { value: 'glenmoor', min: 0, max: 3 }] },
      { name: 'age_band', values: [{ value: '16_24', min: 6, max: 10 }, { value: '25_34', min: 5, max: 10 }] },
    ]
    assert.deepEqual(checkQuotas(catalogue, quotas, 10), [
      { field: quotaFieldId('gender', 'woman', 'min'), message: 'Gender: Woman: the minimum (7) must not be more than the maximum (5)' },
      { field: quotaFieldId('gender', 'man', 'max'), message: 'Gender: Man: the maximum must be a whole number from 0 to 10' },
      { field: quotaFieldId('area', 'eastport', 'max'), message: 'Area: the maximums add up to 5, fewer than the 10 seats. Raise some of them' },
      { field: quotaFieldId('age_band', '16_24', 'min'), message: 'Age band: the minimums add up to 11, more than the 10 seats. Lower some of them' },
    ])
  })

  it('builds the selection problem by pseudonym, with households and seldom-heard groups', () => {
    const member = (pseudonym: string, values: Record<string, string>, tags: string[] = [], household: string | null = null): SelectionPoolMember => ({ participantId: `id-${pseudonym}`, pseudonym, values, seldomHeardTags: tags, household })
    const quotas = suggestQuotas({ panelSize: 2, catalogue, targets, settings: { dimensions: ['gender'], seldomHeardMin: 1, slack: 0 } })
    const instance = buildInstance([member('P-A', { gender: 'woman' }, ['remote_rural'], 'h1'), member('P-B', { gender: 'man' })], quotas, 2)
    assert.deepEqual(instance.people, [
      { id: 'P-A', values: ['woman', 'yes'], household: 'h1' },
      { id: 'P-B', values: ['man', 'no'] },
    ])
    assert.deepEqual(instance.features.map(f => f.name), ['gender', 'seldom_heard'])
  })
})
