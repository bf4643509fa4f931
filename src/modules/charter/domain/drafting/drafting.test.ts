// The drafting slice on every dialect: structure (keys made, given, refused and never reused; moves; removal),
// principle tags, links, settings, versions (checked, refused when unchanged, numbered, hash re-checked, audited),
// and the database refusing to change or delete a version.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../../../test/support/dialects.ts'
import { sealAuditEvents } from '../../../../platform/audit/audit.ts'
import type { Actor } from '../../../../platform/auth/actor.ts'
import { systemClock } from '../../../../platform/clock.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import { AppError } from '../../../../platform/errors.ts'
import { newId } from '../../../../platform/ids.ts'
import { createLogger } from '../../../../platform/logger.ts'
import { addPrinciple } from '../add-principle.ts'
import { draftContent, getWorkingDraft } from './draft.ts'
import { keyFromText } from './model.ts'
import { changeCheckerSettings, getDraftingSettings } from './settings.ts'
import { addItem, addSection, changeCharterAbout, changeItem, changeSection, moveItem, moveSection, removeItem, removeSection } from './structure.ts'
import { setCommitmentLinks, unlinkCommitment } from './links.ts'
import { compareVersions, getLatestVersion, getVersion, listVersions, saveVersion } from './versions.ts'

function depsOf(database: TestDatabase): AppDeps {
  return { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
}

const POLICY: Actor = { userId: newId(), role: 'policy_official', displayName: 'Policy official' }
const CORE: Actor = { userId: newId(), role: 'core_group_member', displayName: 'Core Group member' }
const STAKEHOLDER: Actor = { userId: newId(), role: 'stakeholder', displayName: 'Stakeholder' }

const code = (c: string) => (err: unknown) => err instanceof AppError && err.code === c
const fields = (err: unknown) => (err instanceof AppError ? err.fieldErrors.map(e => `${e.field}: ${e.message}`) : [String(err)])

async function rejectsWith(p: Promise<unknown>, expected: RegExp): Promise<void> {
  try {
    await p
  } catch (err) {
    assert.match(fields(err).join('\n'), expected)
    return
  }
  assert.fail('expected a rejection')
}

describe('keyFromText', () => {
  it('makes a key from the first words, without "We will", and numbers it when taken', () => {
    assert.equal(keyFromText('c', 'We will answer the phone within 2 minutes.', () => false), 'c-answer-the-phone-within-2')
    const taken = new Set(['c-answer-the-phone-within-2'])
    assert.equal(keyFromText('c', 'We will answer the phone within 2 minutes.', k => taken.has(k)), 'c-answer-the-phone-within-2-2')
    assert.equal(keyFromText('s', '¿¡', () => false), 's-item')
    assert.equal(keyFromText('s', 'Café décisions', () => false), 's-cafe-decisions')
  })
})

for (const dialect of TEST_DIALECTS) {
  describe(`charter drafting (${dialect})`, () => {
    let database: TestDatabase
    let deps: AppDeps
    let dignity = ''
    let respect = ''
    before(async () => {
      database = await createTestDatabase(dialect)
      deps = depsOf(database)
      dignity = (await addPrinciple(deps, POLICY, { title: 'Dignity', body: 'We treat you with dignity.' })).id
      respect = (await addPrinciple(deps, POLICY, { title: 'Respect', body: 'We respect you.' })).id
    })
    after(() => database.close())

    it('builds the structure with keys made from the text or given, and refuses what is wrong in plain English', async () => {
      await assert.rejects(addSection(deps, CORE, { title: 'Applying', introduction: '' }), code('FORBIDDEN'))
      await rejectsWith(addSection(deps, POLICY, { title: '  ', introduction: '', key: 'bad key!' }), /title: Enter a title for the section\nkey: The key must be letters/)
      const applying = await addSection(deps, POLICY, { title: 'Applying for help', introduction: 'How you apply.' })
      assert.equal(applying.key, 's-applying-for-help')
      const decisions = await addSection(deps, POLICY, { title: 'Decisions', introduction: '', key: 'decisions' })
      await rejectsWith(addSection(deps, POLICY, { title: 'Again', introduction: '', key: 'decisions' }), /Another section already has the key “decisions”/)

      const phone = await addItem(deps, POLICY, applying.id, 'commitment', { text: 'We will answer the phone quickly.', principleIds: [respect, dignity] })
      assert.equal(phone.key, 'c-answer-the-phone-quickly')
      const again = await addItem(deps, POLICY, applying.id, 'commitment', { text: 'We will answer the phone quickly.' })
      assert.equal(again.key, 'c-answer-the-phone-quickly-2')
      const ask = await addItem(deps, POLICY, applying.id, 'ask', { text: 'Tell us if your address changes.', key: 'a-address', principleIds: [dignity] })
      await rejectsWith(addItem(deps, POLICY, applying.id, 'ask', { text: 'x', key: 'a-address' }), /Another item already has the key “a-address”/)
      await rejectsWith(addItem(deps, POLICY, applying.id, 'commitment', { text: ' ', principleIds: ['nope'] }), /text: Enter what we will do\nprinciples: Choose principles from the list/)
      await assert.rejects(addItem(deps, POLICY, newId(), 'commitment', { text: 'We will.' }), code('NOT_FOUND'))

      const content = await draftContent(deps)
      assert.deepEqual(content, {
        title: 'Our charter',
        introduction: '',
        sections: [
          {
            key: 's-applying-for-help',
            title: 'Applying for help',
            introduction: 'How you apply.',
            commitments: [
              { key: 'c-answer-the-phone-quickly', text: 'We will answer the phone quickly.', principleKeys: [dignity, respect].sort() },
              { key: 'c-answer-the-phone-quickly-2', text: 'We will answer the phone quickly.', principleKeys: [] },
            ],
            asks: [{ key: 'a-address', text: 'Tell us if your address changes.' }],
          },
          { key: 'decisions', title: 'Decisions', introduction: '', commitments: [], asks: [] },
        ],
      })

      // Moves: items within their section and kind, sections in the charter; an item to another section goes last.
      await moveItem(deps, POLICY, again.id, 'up')
      await moveSection(deps, POLICY, decisions.id, 'up')
      await moveSection(deps, POLICY, decisions.id, 'up') // already first: nothing happens
      await changeItem(deps, POLICY, phone.id, { text: 'We will answer the phone within 2 minutes.', sectionId: decisions.id, principleIds: [dignity] })
      await changeSection(deps, POLICY, applying.id, { title: 'Applying', introduction: '' })
      const moved = await draftContent(deps)
      assert.deepEqual(moved.sections.map(s => [s.key, s.title, s.commitments.map(c => c.key), s.asks.map(a => a.key)]), [
        ['decisions', 'Decisions', ['c-answer-the-phone-quickly'], []],
        ['s-applying-for-help', 'Applying', ['c-answer-the-phone-quickly-2'], ['a-address']],
      ])
      assert.deepEqual(moved.sections[0]!.commitments[0]!.principleKeys, [dignity])

      // Removal: a section with items is refused; a removed key is never used again.
      await rejectsWith(removeSection(deps, POLICY, applying.id), /remove: The section still has 2 items in it/)
      await removeItem(deps, POLICY, again.id)
      await rejectsWith(addItem(deps, POLICY, applying.id, 'commitment', { text: 'x', key: 'c-answer-the-phone-quickly-2' }), /belonged to an item that was removed/)
      const reworded = await addItem(deps, POLICY, applying.id, 'commitment', { text: 'We will answer the phone quickly.' })
      assert.equal(reworded.key, 'c-answer-the-phone-quickly-3')
      await removeItem(deps, POLICY, reworded.id)
      await removeItem(deps, POLICY, ask.id)
      await removeSection(deps, POLICY, applying.id)
      await rejectsWith(addSection(deps, POLICY, { title: 'Applying for help', introduction: '', key: 's-applying-for-help' }), /belonged to a section that was removed/)
      const fresh = await addSection(deps, POLICY, { title: 'Applying for help', introduction: '' })
      assert.equal(fresh.key, 's-applying-for-help-2')

      await sealAuditEvents(deps)
      const actions = (await database.db.selectFrom('audit_event').select('action').where('action', 'like', 'charter.%').execute()).map(e => e.action)
      for (const a of ['charter.section_added', 'charter.item_added', 'charter.item_moved', 'charter.section_moved', 'charter.item_changed', 'charter.section_changed', 'charter.item_removed', 'charter.section_removed']) {
        assert.ok(actions.includes(a), a)
      }
    })

    it('saves numbered versions, checked and refused when nothing changed, with the hash re-checked and the difference', async () => {
      await assert.rejects(saveVersion(deps, CORE, { note: 'x' }), code('FORBIDDEN'))
      // The fresh section is empty: the problem is listed in plain English, and the note is needed.
      await rejectsWith(saveVersion(deps, POLICY, { note: ' ' }), /problem-0: Add at least one commitment or “what we ask of you” item to section 2 \(“Applying for help”\)\nnote: Say what changed/)
      const fresh = (await getWorkingDraft(deps, POLICY)).sections[1]!
      await addItem(deps, POLICY, fresh.id, 'ask', { text: 'Tell us when things change.' })
      await changeCharterAbout(deps, POLICY, { title: 'Our social security charter', introduction: 'What you can expect from us.' })
      const v1 = await saveVersion(deps, POLICY, { note: 'First draft for the Core Group' })
      assert.equal(v1.number, 1)
      assert.equal(v1.authorRole, 'Policy official')
      await rejectsWith(saveVersion(deps, POLICY, { note: 'Again' }), /unchanged: Nothing has changed since version 1/)

      const draft = await getWorkingDraft(deps, CORE)
      assert.equal(draft.changedSinceLatest, false)
      assert.equal(draft.mayDraft, false)
      const commitment = draft.sections[0]!.commitments[0]!
      await changeItem(deps, POLICY, commitment.id, { text: 'We will answer your call within 2 minutes.', principleIds: [dignity, respect] })
      const v2 = await saveVersion(deps, POLICY, { note: 'Clearer about calls' })
      assert.equal(v2.number, 2)

      const list = await listVersions(deps, CORE)
      assert.deepEqual(list.map(v => v.number), [2, 1])
      assert.ok(list[0]!.summary.messages.length > 0)
      const one = await getVersion(deps, CORE, 1)
      assert.equal(one.hashMatches, true)
      assert.equal(one.content.title, 'Our social security charter')
      assert.equal((await getLatestVersion(deps, CORE))!.number, 2)
      await assert.rejects(getVersion(deps, CORE, 9), code('NOT_FOUND'))
      await assert.rejects(listVersions(deps, STAKEHOLDER), code('FORBIDDEN'))

      const c = await compareVersions(deps, CORE, 1, 2)
      assert.equal(c.diff.hasChanges, true)
      assert.match(c.text, /\[removed: the phone\]\[added: your call\]|removed: .*phone/)
      assert.match(c.html, /<del/)
      assert.match(c.html, /Respect/)

      await sealAuditEvents(deps)
      const saved = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'charter.version_saved').execute()
      assert.equal(saved.length, 2)
      assert.equal(JSON.parse(saved.find(e => e.subject_id === v1.id)!.summary).after.number, 1)
    })

    it('refuses to change or delete a saved version in the database itself', async () => {
      const v = await getVersion(deps, CORE, 1)
      await assert.rejects(database.db.updateTable('charter_version' as never).set({ note: 'changed' } as never).where('number' as never, '=', 1 as never).execute(), /frozen/)
      await assert.rejects(sql`delete from charter_version where number = 1`.execute(database.db), /frozen/)
      assert.equal((await getVersion(deps, CORE, 1)).note, v.note)
    })

    it('keeps the jargon list and reading age, with line-numbered errors, and checks with them', async () => {
      const start = await getDraftingSettings(deps, POLICY)
      assert.equal(start.jargonIsDefault, true)
      assert.equal(start.targetReadingAge, 9)
      await rejectsWith(changeCheckerSettings(deps, POLICY, { jargon: 'utilise => use\nno arrow here', targetReadingAge: 'nine' }), /jargon: Line 2: put "=>".*\ntargetReadingAge: The reading age must be a whole number/)
      await rejectsWith(changeCheckerSettings(deps, POLICY, { jargon: '', targetReadingAge: '30' }), /between 7 and 18/)
      await changeCheckerSettings(deps, POLICY, { jargon: 'call => phone call', targetReadingAge: '10' })
      const s = await getDraftingSettings(deps, POLICY)
      assert.equal(s.jargonIsDefault, false)
      assert.deepEqual(s.jargon, [{ term: 'call', plainer: ['phone call'] }])
      assert.equal(s.targetReadingAge, 10)
      const draft = await getWorkingDraft(deps, POLICY)
      const report = draft.sections[0]!.commitments[0]!.report
      assert.equal(report.targetReadingAge, 10)
      assert.deepEqual(report.jargon.map(j => j.text), ['call'])
      await assert.rejects(changeCheckerSettings(deps, CORE, { jargon: '', targetReadingAge: '9' }), code('FORBIDDEN'))
    })

    it('removes links: only from their own commitment, and by unticking', async () => {
      const key = (await getWorkingDraft(deps, POLICY)).sections[0]!.commitments[0]!.key
      await database.db
        .withTables<{ charter_commitment_link: { id: string; commitment_key: string; kind: string; target_id: string; label: string; created_by_user_id: string | null; created_at: string } }>()
        .insertInto('charter_commitment_link')
        .values({ id: 'link-1', commitment_key: key, kind: 'decision', target_id: 'd-1', label: 'A decision', created_by_user_id: null, created_at: new Date().toISOString() })
        .execute()
      await assert.rejects(unlinkCommitment(deps, POLICY, 'another-key', 'link-1'), code('NOT_FOUND'))
      // Only decisions the decisions module offers can be linked; ticking none unlinks every decision.
      await rejectsWith(setCommitmentLinks(deps, POLICY, key, 'decision', ['not-a-decision']), /decisions: Choose decisions from the list/)
      await assert.rejects(setCommitmentLinks(deps, POLICY, 'no-such-key', 'decision', []), code('NOT_FOUND'))
      assert.deepEqual(await setCommitmentLinks(deps, POLICY, key, 'decision', []), { added: 0, removed: 1 })
      await sealAuditEvents(deps)
      const unlinked = await database.db.selectFrom('audit_event').selectAll().where('action', '=', 'charter.commitment_unlinked').execute()
      assert.deepEqual(unlinked.map(e => e.subject_id), ['link-1'])
      assert.equal((await getWorkingDraft(deps, POLICY)).sections[0]!.commitments[0]!.links.length, 0)
    })
  })
}
