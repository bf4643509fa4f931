// The plain-English checker's settings: the organisation's jargon list (text, one entry a line) and the target
// reading age. Kept in charter_setting; the starter list DEFAULT_JARGON and age 9 until someone changes them.
import type { Actor } from '../../../../platform/auth/actor.ts'
import { inTransaction } from '../../../../platform/db/unit-of-work.ts'
import type { AppDeps } from '../../../../platform/deps.ts'
import type { FieldError } from '../../../../platform/errors.ts'
import { writeSetting } from '../../data/drafting.repository.ts'
import { parseJargonList } from '../plain-english/jargon.ts'
import { assertMay, loadSettings, MAX_READING_AGE, mayDraft, mayReadDrafts, MIN_READING_AGE, SETTING, validationFailed, type DraftingSettings } from './model.ts'

export interface CheckerSettingsInput {
  jargon: string
  targetReadingAge: string
}

export const MAX_JARGON_TEXT = 100_000

export async function getDraftingSettings(deps: Pick<AppDeps, 'db'>, actor: Actor): Promise<DraftingSettings> {
  assertMay(mayReadDrafts(actor), 'see the draft charter')
  return loadSettings(deps)
}

/** Save the jargon list and the target reading age. Line-numbered errors for the list. Audited. */
export async function changeCheckerSettings(deps: AppDeps, actor: Actor, input: CheckerSettingsInput): Promise<{ entries: number; targetReadingAge: number }> {
  assertMay(mayDraft(actor), 'change the plain-English settings')
  const errors: FieldError[] = []
  const jargonText = (input.jargon ?? '').replace(/\r\n?/g, '\n')
  const ageText = (input.targetReadingAge ?? '').trim()
  const age = Number(ageText)
  if (ageText === '') errors.push({ field: 'targetReadingAge', message: 'Enter the reading age to aim for, for example 9' })
  else if (!/^\d+$/.test(ageText)) errors.push({ field: 'targetReadingAge', message: 'The reading age must be a whole number, for example 9' })
  else if (age < MIN_READING_AGE || age > MAX_READING_AGE) errors.push({ field: 'targetReadingAge', message: `The reading age must be between ${MIN_READING_AGE} and ${MAX_READING_AGE}` })
  let entries = 0
  if (jargonText.length > MAX_JARGON_TEXT) {
    errors.push({ field: 'jargon', message: `The jargon list must be ${MAX_JARGON_TEXT.toLocaleString('en-GB')} characters or fewer` })
  } else {
    const parsed = parseJargonList(jargonText)
    entries = parsed.entries.length
    // One error for the field, naming every line to fix (the first few), so the summary links to the textarea.
    if (parsed.errors.length) {
      const shown = parsed.errors.slice(0, 5).map(e => e.message)
      const more = parsed.errors.length - shown.length
      errors.push({ field: 'jargon', message: `${shown.join(' ')}${more > 0 ? ` And ${more} more ${more === 1 ? 'line' : 'lines'} to fix.` : ''}` })
    }
  }
  if (errors.length) {
    errors.sort((a, b) => (a.field === 'jargon' ? -1 : b.field === 'jargon' ? 1 : 0))
    throw validationFailed(errors)
  }
  await inTransaction(deps, actor, async uow => {
    const now = uow.now.toISOString()
    await writeSetting(uow.trx, SETTING.jargon, jargonText.trim(), actor.userId, now)
    await writeSetting(uow.trx, SETTING.targetReadingAge, String(age), actor.userId, now)
    await uow.audit({ action: 'charter.checker_settings_changed', subjectType: 'charter_setting', subjectId: 'plain_english', summary: { after: { jargonEntries: entries, targetReadingAge: age } } })
  })
  return { entries, targetReadingAge: age }
}
