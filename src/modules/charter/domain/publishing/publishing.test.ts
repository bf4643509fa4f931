import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { sealAuditEvents } from '../../../../platform/audit/audit.ts'
import { systemClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { addPrinciple } from '../add-principle.ts'
import { createTranslation, publishTranslation, saveEasyRead, saveTranslation } from './commands.ts'
import { currentPublishedVersion, findTranslation, listEasyRead, listPublishedVersions, loadApprovedVersion, loadPublishedTranslation, loadPublishedVersion } from './queries.ts'
import { sampleContent, seedVersion, TINY_PNG } from './seed.test-support.ts'
import { translationFields } from './translation.ts'

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
}

const hasCode = (code: string) => (err: unknown) => err instanceof AppError && err.code === code
const fieldsOf = (err: unknown) => (err instanceof AppError ? err.fieldErrors.map(e => e.field) : [])
async function failsWith(p: Promise<unknown>, fields: string[]): Promise<AppError> {
  try {
    await p
  } catch (err) {
    assert.ok(err instanceof AppError, String(err))
    assert.equal(err.code, 'VALIDATION_FAILED', err.message)
    assert.deepEqual(fieldsOf(err), fields)
    return err
  }
  assert.fail('expected a validation failure')
}

const POLICY: Actor = { userId: newId(), role: 'policy_official', displayName: 'Policy official' }
const ANALYST: Actor = { userId: newId(), role: 'analyst', displayName: 'Analyst' }

for (const dialect of TEST_DIALECTS) {
  describe(`the published charter's formats (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      const principle = await addPrinciple(deps, POLICY, { title: 'Dignity', body: 'We treat you with respect.' })
      await seedVersion(deps.db, { number: 1, content: sampleContent(principle.id), approvedOn: '2027-03-03', publishedAt: '2027-03-10T10:00:00.000Z' })
      await seedVersion(deps.db, { number: 2, content: sampleContent(principle.id, { extra: true }), approvedOn: '2028-03-03', publishedAt: '2028-03-10T10:00:00.000Z' })
      await seedVersion(deps.db, { number: 3, content: sampleContent(principle.id, { title: 'Our charter, third' }), approvedOn: '2029-01-01' })
      await seedVersion(deps.db, { number: 4, content: sampleContent(principle.id) })
    })
    after(() => database.close())

    it('lists published versions newest first, older ones replaced by the next; only published ones are public', async () => {
      const versions = await listPublishedVersions(deps)
      assert.deepEqual(versions.map(v => [v.number, v.replacedBy]), [[2, null], [1, 2]])
      assert.equal((await currentPublishedVersion(deps))?.number, 2)
      assert.equal(versions[1]!.approval?.body, 'The Northshire Parliament')
      await assert.rejects(loadPublishedVersion(deps, 3), hasCode('NOT_FOUND'))
      const approved = await loadApprovedVersion(deps, POLICY, 3)
      assert.equal(approved.content.title, 'Our charter, third')
      await assert.rejects(loadApprovedVersion(deps, POLICY, 4), hasCode('NOT_FOUND'), 'not approved')
      await assert.rejects(loadApprovedVersion(deps, ANALYST, 3), hasCode('FORBIDDEN'))
    })

    it('saves Easy Read text with a picture and its description, warns about long sentences, and audits it', async () => {
      const long = 'We will always make sure that every single letter we send you is written in words you understand.'
      const { warnings } = await saveEasyRead(deps, POLICY, 2, { key: 'c-explain', text: `We will tell you what to send.\n${long}`, picture: new Uint8Array(TINY_PNG), pictureAlt: ' A letter ' })
      assert.equal(warnings.length, 1)
      let entries = await listEasyRead(deps, (await loadPublishedVersion(deps, 2)).info.id)
      assert.equal(entries.length, 1)
      assert.equal(entries[0]!.picture?.mime, 'image/png')
      assert.equal(entries[0]!.picture?.alt, 'A letter')
      assert.equal(Buffer.from(entries[0]!.picture!.base64, 'base64').equals(TINY_PNG), true)
      // Saving again keeps the picture; removing it takes it away.
      await saveEasyRead(deps, POLICY, 2, { key: 'c-explain', text: 'We will tell you what to send.', pictureAlt: 'A letter in an envelope' })
      entries = await listEasyRead(deps, (await loadPublishedVersion(deps, 2)).info.id)
      assert.equal(entries[0]!.text, 'We will tell you what to send.')
      assert.equal(entries[0]!.picture?.alt, 'A letter in an envelope')
      await saveEasyRead(deps, POLICY, 2, { key: 'c-explain', text: 'We will tell you what to send.', pictureAlt: '', removePicture: true })
      entries = await listEasyRead(deps, (await loadPublishedVersion(deps, 2)).info.id)
      assert.equal(entries[0]!.picture, null)
      await sealAuditEvents(deps)
      const events = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'charter.easy_read_saved').orderBy('seq').execute()
      assert.deepEqual(events.map(e => JSON.parse(e.summary).picture), ['added', 'kept', 'removed'])
      assert.equal(JSON.parse(events[0]!.summary).longSentences, 1)
      assert.ok(!events.some(e => e.summary.includes('letter')), 'the audit holds no text')
    })

    it('refuses a picture that is not PNG or JPEG, one too large, one without a description, and empty text', async () => {
      await failsWith(saveEasyRead(deps, POLICY, 2, { key: 'c-phone', text: '', picture: new Uint8Array(Buffer.from('GIF89a....')), pictureAlt: 'x' }), ['text', 'picture'])
      await failsWith(saveEasyRead(deps, POLICY, 2, { key: 'c-phone', text: 'We answer.', picture: new Uint8Array(TINY_PNG), pictureAlt: '  ' }), ['alt'])
      await failsWith(saveEasyRead(deps, POLICY, 2, { key: 'c-phone', text: 'We answer.', pictureTooLarge: true, pictureAlt: 'A phone' }), ['picture'])
      const damaged = await failsWith(saveEasyRead(deps, POLICY, 2, { key: 'c-phone', text: 'We answer.', picture: new Uint8Array(Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.from('broken')])), pictureAlt: 'A phone' }), ['picture'])
      assert.match(damaged.message, /cannot be read/)
      const big = new Uint8Array(1024 * 1024 + 1)
      big.set(TINY_PNG)
      await failsWith(saveEasyRead(deps, POLICY, 2, { key: 'c-phone', text: 'We answer.', picture: big, pictureAlt: 'A phone' }), ['picture'])
      await assert.rejects(saveEasyRead(deps, POLICY, 2, { key: 'no-such-key', text: 'x', pictureAlt: '' }), hasCode('NOT_FOUND'))
      await assert.rejects(saveEasyRead(deps, POLICY, 4, { key: 'c-phone', text: 'x', pictureAlt: '' }), hasCode('NOT_FOUND'), 'only approved versions')
      await assert.rejects(saveEasyRead(deps, ANALYST, 2, { key: 'c-phone', text: 'x', pictureAlt: '' }), hasCode('FORBIDDEN'))
    })

    it('keeps a partial translation as a draft, refuses to publish it until every text is translated, then publishes it', async () => {
      await failsWith(createTranslation(deps, POLICY, 2, { languageCode: 'gaelic', languageName: '', texts: {} }), ['languageCode', 'languageName'])
      await failsWith(createTranslation(deps, POLICY, 2, { languageCode: 'en-GB', languageName: 'English', texts: {} }), ['languageCode'])
      const { languageCode } = await createTranslation(deps, POLICY, 2, { languageCode: 'GD', languageName: 'Gàidhlig', texts: { 'tr-title': 'Ar cairt' } })
      assert.equal(languageCode, 'gd')
      await failsWith(createTranslation(deps, POLICY, 2, { languageCode: 'gd', languageName: 'Gàidhlig', texts: {} }), ['languageCode'])
      const loaded = await loadPublishedVersion(deps, 2)
      let t = await findTranslation(deps, loaded, 'gd')
      assert.equal(t?.status, 'draft')
      assert.equal(t?.missing, 8)
      await assert.rejects(loadPublishedTranslation(deps, loaded, 'gd'), hasCode('NOT_FOUND'), 'a draft is not public')
      const err = await failsWith(publishTranslation(deps, POLICY, 2, 'gd'), translationFields(loaded.content).filter(f => f.english.trim() && f.field !== 'tr-title').map(f => f.field))
      assert.match(err.fieldErrors[0]!.message, /^Enter the translation of introduction/)
      const texts: Record<string, string> = {}
      for (const f of translationFields(loaded.content)) texts[f.field] = f.english ? `[gd] ${f.english}` : ''
      await saveTranslation(deps, POLICY, 2, 'gd', { languageName: 'Gàidhlig', texts })
      await publishTranslation(deps, POLICY, 2, 'gd')
      t = await loadPublishedTranslation(deps, loaded, 'gd')
      assert.equal(t.status, 'published')
      assert.equal(t.content.sections[0]!.commitments[0]!.text, '[gd] We will explain what you need to send us.')
      // A published translation stays complete.
      await failsWith(saveTranslation(deps, POLICY, 2, 'gd', { languageName: 'Gàidhlig', texts: { ...texts, 'tr-item-c-phone': ' ' } }), ['tr-item-c-phone'])
      await sealAuditEvents(deps)
      const actions = (await database.db.selectFrom('audit_event').select('action').where('subject_type', '=', 'charter_translation').orderBy('seq').execute()).map(e => e.action)
      assert.deepEqual(actions, ['charter.translation_saved', 'charter.translation_saved', 'charter.translation_published'])
    })

    it('translates only approved versions, for policy officials only', async () => {
      await assert.rejects(createTranslation(deps, POLICY, 4, { languageCode: 'pl', languageName: 'Polski', texts: {} }), hasCode('NOT_FOUND'))
      await assert.rejects(createTranslation(deps, ANALYST, 2, { languageCode: 'pl', languageName: 'Polski', texts: {} }), hasCode('FORBIDDEN'))
      // An approved version not yet published can be translated ahead of publication.
      assert.deepEqual(await createTranslation(deps, POLICY, 3, { languageCode: 'pl', languageName: 'Polski', texts: {} }), { languageCode: 'pl' })
    })
  })
}
