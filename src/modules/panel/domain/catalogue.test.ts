import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { ConfigError, loadConfig } from '../../../platform/config.ts'
import { createRuntime } from '../../../runtime.ts'
import {
  CHANNELS,
  DEFAULT_PANEL_CATALOGUE,
  FORMATS,
  JOIN_ROUTES,
  PREFER_NOT_TO_SAY,
  configurePanelCatalogue,
  configurePanelCatalogueFromFile,
  dimensionValueLabel,
  loadPanelCatalogueFile,
  panelCatalogue,
  parsePanelCatalogue,
} from './catalogue.ts'
import { parseRegistration } from './registration.schema.ts'

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

describe("an organisation's own catalogue (PANEL_CATALOGUE_FILE)", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'charter-catalogue-'))
  const example = path.resolve(import.meta.dirname, '../../../../docs/panel/catalogue.example.json')
  after(() => {
    configurePanelCatalogue()
    rmSync(dir, { recursive: true, force: true })
  })

  function write(name: string, content: unknown): string {
    const file = path.join(dir, name)
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
    return file
  }

  /** The problems a ConfigError lists, for a file with this content. */
  function problemsOf(content: unknown): string[] {
    const file = write('catalogue.json', content)
    try {
      loadPanelCatalogueFile(file)
    } catch (err) {
      assert.ok(err instanceof ConfigError, String(err))
      for (const p of err.problems) assert.ok(p.startsWith(`PANEL_CATALOGUE_FILE ${file}: `), `names the file: ${p}`)
      return err.problems.map(p => p.slice(`PANEL_CATALOGUE_FILE ${file}: `.length))
    }
    assert.fail('the file was accepted')
  }

  const minimal = (over: Record<string, unknown> = {}) => ({
    dimensions: [{ key: 'area', label: 'Area', question: 'Where do you live?', options: [{ code: 'north', label: 'North' }] }],
    ...over,
  })

  it('reads the documented example, adds "Prefer not to say" to each dimension, and puts it in force at start-up', () => {
    const catalogue = configurePanelCatalogueFromFile(example)
    assert.equal(panelCatalogue(), catalogue)
    assert.deepEqual(catalogue.dimensions.map(d => d.key), ['area', 'age_band', 'tenure', 'disability', 'repairs'])
    const repairs = catalogue.dimensions.find(d => d.key === 'repairs')!
    assert.equal(repairs.multiple, true)
    assert.deepEqual(repairs.options.at(-2), { code: 'none', label: 'None', exclusive: true })
    for (const d of catalogue.dimensions) assert.deepEqual(d.options.at(-1), PREFER_NOT_TO_SAY, d.key)
    assert.equal(catalogue.dimensions[0]!.multiple, false, 'multiple defaults to false')
    assert.deepEqual(catalogue.seldomHeardTags.map(t => t.code), ['temporary_accommodation', 'gypsy_traveller', 'limited_english', 'digitally_excluded'])
    assert.equal(catalogue.supportNeeds.find(n => n.code === 'other')?.detail, 'required')
    assert.equal(dimensionValueLabel(panelCatalogue(), 'tenure', 'council'), 'Rented from the council')
    assert.ok(Object.isFrozen(catalogue.dimensions[0]!.options), 'the catalogue in force cannot be changed by accident')

    configurePanelCatalogueFromFile(undefined)
    assert.equal(panelCatalogue(), DEFAULT_PANEL_CATALOGUE, 'no file: the default catalogue')
  })

  it('keeps the default support needs and seldom-heard groups when the file leaves them out, and allows none', () => {
    const keeps = parsePanelCatalogue(minimal(), 'test.json')
    assert.equal(keeps.supportNeeds, DEFAULT_PANEL_CATALOGUE.supportNeeds)
    assert.equal(keeps.seldomHeardTags, DEFAULT_PANEL_CATALOGUE.seldomHeardTags)
    const none = parsePanelCatalogue(minimal({ supportNeeds: [], seldomHeardTags: [] }), 'test.json')
    assert.deepEqual([none.supportNeeds.length, none.seldomHeardTags.length], [0, 0])
    assert.equal(parsePanelCatalogue(minimal({ supportNeeds: [{ code: 'loop', label: 'Hearing loop' }] }), 'x').supportNeeds[0]?.detail, 'none')
  })

  it('says when the file is missing or is not JSON, with the line and column', () => {
    assert.throws(() => loadPanelCatalogueFile(path.join(dir, 'nowhere.json')), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /PANEL_CATALOGUE_FILE .*nowhere\.json: cannot be read \(there is no such file\)\. Check the path/)
      return true
    })
    assert.deepEqual(problemsOf('{\n  "dimensions": [],\n}'), [
      'is not valid JSON (line 3, column 1: Expected double-quoted property name). Check for a missing comma or quote, or a comma after the last item',
    ])
  })

  it('names the place in the JSON and what to fix', () => {
    assert.deepEqual(problemsOf({}), ['dimensions: give the dimensions as a list: [ { "key": ..., "label": ..., "question": ..., "options": [...] } ]'])
    assert.deepEqual(problemsOf({ dimensions: [] }), ['dimensions: give at least one dimension'])
    assert.deepEqual(
      problemsOf({
        dimensions: [
          { key: 'Area Name', label: '', question: 'Q?', multiple: 'yes', options: [] },
          { key: 'age', label: 'Age', question: 'How old?', options: [{ code: 'a', label: 'A', lable: 'typo' }] },
        ],
        seldomHeardTags: [{ code: 'x' }],
        supportNeeds: [{ code: 'y', label: 'Y', detail: 'sometimes' }],
      }),
      [
        'dimensions[0].key: use only lower-case letters, digits and underscores, 1 to 40 characters (for example "north_east")',
        'dimensions[0].label: give the label: it must not be empty',
        'dimensions[0].multiple: write multiple as true or false, without quotes',
        'dimensions[0].options: give at least one option',
        'dimensions[1].options[0]: remove "lable": not a field the catalogue knows (check the spelling)',
        'supportNeeds[0].detail: write detail as "none", "optional" or "required"',
        'seldomHeardTags[0].label: give the label as text in quotes',
      ],
    )
  })

  it('refuses duplicate keys and codes, and a "prefer_not_to_say" option (every dimension has one already)', () => {
    assert.deepEqual(
      problemsOf({
        dimensions: [
          { key: 'area', label: 'Area', question: 'Where?', options: [{ code: 'north', label: 'North' }, { code: 'north', label: 'North again' }] },
          { key: 'area', label: 'Area again', question: 'Where?', options: [{ code: 'prefer_not_to_say', label: 'Rather not' }] },
        ],
        seldomHeardTags: [{ code: 'rural', label: 'Rural' }, { code: 'rural', label: 'Rural' }],
      }),
      [
        'dimensions[1].key: use a different key: "area" is already used at dimensions[0]',
        'dimensions[0].options[1].code: use a different code: "north" is already used at dimensions[0].options[0]',
        'dimensions[1].options[0].code: remove this option: every dimension offers "Prefer not to say" already',
        'seldomHeardTags[1].code: use a different code: "rural" is already used at seldomHeardTags[0]',
      ],
    )
  })

  it('is read at start-up from PANEL_CATALOGUE_FILE, and a bad file stops the start with what to fix', async () => {
    const config = loadConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:', PANEL_CATALOGUE_FILE: path.relative(process.cwd(), example) })
    assert.equal(config.panelCatalogueFile, example, 'an absolute path')
    const rt = await createRuntime(config, { migrate: false })
    assert.deepEqual(panelCatalogue().dimensions.map(d => d.key), ['area', 'age_band', 'tenure', 'disability', 'repairs'])
    await rt.close()
    const bad = write('bad.json', { dimensions: [{ key: 'area', label: 'Area', question: 'Where?', options: [] }] })
    await assert.rejects(createRuntime(loadConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:', PANEL_CATALOGUE_FILE: bad }), { migrate: false }), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.match(err.message, /Configuration is not valid:\n {2}- PANEL_CATALOGUE_FILE .*bad\.json: dimensions\[0\]\.options: give at least one option/)
      return true
    })
    configurePanelCatalogue()
  })

  it('is what registration and the queries use once in force', () => {
    configurePanelCatalogue(parsePanelCatalogue(minimal(), 'test.json'))
    assert.deepEqual(panelCatalogue().dimensions.map(d => d.key), ['area'])
    const person = (area: string) => ({ fullName: 'A', email: 'a@example.org', preferredChannel: 'email', joinedVia: 'online', demographics: { area } })
    assert.deepEqual(parseRegistration(panelCatalogue(), person('north')).demographics, { area: ['north'] })
    assert.throws(() => parseRegistration(panelCatalogue(), person('eastport')), /Select an answer for area from the list/)
    configurePanelCatalogue()
    assert.equal(panelCatalogue(), DEFAULT_PANEL_CATALOGUE)
  })
})
