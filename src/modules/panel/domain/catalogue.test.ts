import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CHANNELS, DEFAULT_PANEL_CATALOGUE, FORMATS, JOIN_ROUTES, PREFER_NOT_TO_SAY, dimensionValueLabel, panelCatalogue } from './catalogue.ts'

describe('the default panel catalogue', () => {
  const catalogue = panelCatalogue()

  it('has the default dimensions, each optional with "prefer not to say"', () => {
    assert.deepEqual(
      catalogue.dimensions.map(d => d.key),
      ['area', 'age_band', 'gender', 'disability', 'long_term_condition', 'caring', 'ethnicity', 'benefits', 'rurality'],
    )
    for (const d of catalogue.dimensions) assert.ok(d.options.some(o => o.code === PREFER_NOT_TO_SAY.code), d.key)
    assert.deepEqual(catalogue.dimensions.filter(d => d.multiple).map(d => d.key), ['long_term_condition', 'benefits'])
  })

  it('uses unique, storable codes everywhere (they fit their columns)', () => {
    const lists = [
      ...catalogue.dimensions.map(d => d.options),
      catalogue.supportNeeds,
      catalogue.seldomHeardTags,
      CHANNELS,
      FORMATS,
      JOIN_ROUTES,
    ]
    for (const options of lists) {
      const codes = options.map(o => o.code)
      assert.equal(new Set(codes).size, codes.length, codes.join(','))
      for (const c of codes) assert.match(c, /^[a-z0-9_]{1,40}$/)
    }
    assert.equal(new Set(catalogue.dimensions.map(d => d.key)).size, catalogue.dimensions.length)
  })

  it('has the support needs and seldom-heard groups the panel asks about', () => {
    assert.deepEqual(
      catalogue.supportNeeds.map(n => n.code),
      ['bsl_interpreter', 'travel', 'carer_companion', 'accessible_venue', 'dietary', 'quiet_room', 'other'],
    )
    assert.equal(catalogue.supportNeeds.find(n => n.code === 'other')?.detail, 'required')
    for (const tag of ['gypsy_traveller', 'minority_ethnic', 'remote_rural', 'care_experienced', 'homeless_or_insecurely_housed']) {
      assert.ok(catalogue.seldomHeardTags.some(t => t.code === tag), tag)
    }
    assert.equal(catalogue, DEFAULT_PANEL_CATALOGUE)
  })

  it('labels stored codes, and shows an unknown code as it is', () => {
    assert.equal(dimensionValueLabel(catalogue, 'area', 'the_isles'), 'The Isles')
    assert.equal(dimensionValueLabel(catalogue, 'age_band', 'prefer_not_to_say'), 'Prefer not to say')
    assert.equal(dimensionValueLabel(catalogue, 'area', 'retired_code'), 'retired_code')
  })
})
