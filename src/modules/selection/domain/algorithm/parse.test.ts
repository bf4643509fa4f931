import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileInstance } from './compile.ts'
import { parseInstance, parsePool, parseQuotas } from './parse.ts'
import { SelectionInputError } from './types.ts'

const PAPER_QUOTAS = 'category,feature,min,max\ngender,female,1,2\ngender,male,1,2\nleaning,liberal,1,2\nleaning,conservative,0,2\n'
const PAPER_POOL = 'gender,leaning\nfemale,liberal\nmale,conservative\nfemale,conservative\nmale,liberal\n'
const SF_QUOTAS = 'feature,value,min,max,min_flex,max_flex\nGender,Female,1,2,0,3\nGender,Male,1,2,0,3\n'
const SF_POOL = [
  'nationbuilder_id,first_name,primary_address1,primary_zip,Gender',
  'a1,Ann,1 High St,AB1 2CD,Female',
  'a2,Bob,1 High  st,ab1 2cd,male',
  'a3,Cat,2 Low Rd,EF3 4GH,Female',
  'a4,Dan,,,Male',
].join('\n')

describe('parsing selection inputs', () => {
  it('reads the paper/Panelot format: the row index (from 0) is the id', () => {
    const instance = parseInstance({ quotas: PAPER_QUOTAS, pool: PAPER_POOL, panelSize: 2 })
    assert.deepEqual(instance.features.map(f => f.name), ['gender', 'leaning'])
    assert.deepEqual(instance.features[1]!.values, [{ value: 'liberal', min: 1, max: 2 }, { value: 'conservative', min: 0, max: 2 }])
    assert.deepEqual(instance.people.map(p => p.id), ['0', '1', '2', '3'])
    assert.deepEqual(instance.people[2]!.values, ['female', 'conservative'])
  })

  it('reads the Sortition Foundation format with flexible bounds, ids and households from addresses', () => {
    const features = parseQuotas(SF_QUOTAS)
    assert.deepEqual(features[0]!.values[0], { value: 'Female', min: 1, max: 2, minFlex: 0, maxFlex: 3 })
    const people = parsePool(SF_POOL, features, { idColumn: 'nationbuilder_id', addressColumns: ['primary_address1', 'primary_zip'] })
    assert.deepEqual(people.map(p => p.id), ['a1', 'a2', 'a3', 'a4'])
    // Values match case-insensitively and take the quota file's spelling.
    assert.deepEqual(people[1]!.values, ['Male'])
    // Addresses are compared ignoring case and repeated spaces; an empty address is a household of one.
    assert.equal(people[0]!.household, people[1]!.household)
    assert.notEqual(people[0]!.household, people[2]!.household)
    assert.equal(people[3]!.household, undefined)
    const model = compileInstance({ panelSize: 2, features, people })
    assert.equal(model.households.length, 1)
  })

  it('reads the Google-Sheet layout with a name column (OpenDLP monitoring)', () => {
    const features = parseQuotas('category,name,suggest min,suggest max,Current #,min,max\ngender,Female,,,,14,16\ngender,Male,,,,12,14\n')
    assert.deepEqual(features[0]!.values, [{ value: 'Female', min: 14, max: 16 }, { value: 'Male', min: 12, max: 14 }])
  })

  const rejects = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (err: unknown) => err instanceof SelectionInputError && pattern.test(err.message))

  it('says which line is wrong, and what to change', () => {
    rejects(() => parseQuotas('category,feature,min,max\ngender,female,1,2\ngender,male,one,2\n', 'categories.csv'), /categories\.csv, line 3: the minimum for gender = male must be a whole number/)
    rejects(() => parseQuotas('category,feature,min,max\ngender,female,3,2\n'), /line 2: the minimum for gender = female \(3\) is above its maximum \(2\)/)
    rejects(() => parseQuotas('category,feature,min,max\ngender,female,1,2\ngender,female,1,2\n'), /line 3: gender = female is listed twice/)
    rejects(() => parseQuotas('name,min,max\nx,1,2\n'), /the header must be/)
    rejects(() => parseQuotas('feature,value,min,max,min_flex,max_flex\nGender,Female,1,2,2,3\n'), /min_flex for Gender = Female \(2\) is above its minimum/)
    const features = parseQuotas(PAPER_QUOTAS)
    rejects(() => parsePool('gender,leaning\nfemale,liberal\nfemale,centrist\n', features, {}, 'respondents.csv'), /respondents\.csv, line 3: leaning is 'centrist', which is not one of the values in the quotas: liberal, conservative/)
    rejects(() => parsePool('gender\nfemale\n', features), /no column for the feature 'leaning'/)
    rejects(() => parsePool('gender,leaning\nfemale,liberal,extra\n', features), /line 2: has 3 fields but the header has 2/)
    rejects(() => parsePool('id,gender,leaning\nx,female,liberal\nx,male,liberal\n', features, { idColumn: 'id' }), /line 3: the id 'x' was already used on line 2/)
    rejects(() => parsePool('gender,leaning\nfemale,liberal\n', features, { idColumn: 'nationbuilder_id' }), /no id column 'nationbuilder_id'/)
    rejects(() => parseQuotas(''), /is empty/)
  })

  it('rejects an impossible panel size', () => {
    assert.throws(() => compileInstance({ ...parseInstance({ quotas: PAPER_QUOTAS, pool: PAPER_POOL, panelSize: 2 }), panelSize: 0 }), /panel size must be a whole number of at least 1/)
  })
})
