// A translation of one version: the same keys, each text in the other language. Pure: the form's fields, building
// the translated content from what was typed, and what is still to translate.
import type { CharterContent } from '../versions/content.ts'

/** One text to translate: the form field (its id and name), what it is, and the English. */
export interface TranslationField {
  field: string
  label: string
  english: string
}

/** The texts of a version to translate, in reading order. Keys are letters, numbers, - and _, so ids are safe. */
export function translationFields(content: CharterContent): TranslationField[] {
  const out: TranslationField[] = [
    { field: 'tr-title', label: 'Title', english: content.title },
    { field: 'tr-introduction', label: 'Introduction', english: content.introduction },
  ]
  let n = 0
  content.sections.forEach((s, i) => {
    out.push({ field: `tr-section-${s.key}-title`, label: `Section ${i + 1}: title`, english: s.title })
    out.push({ field: `tr-section-${s.key}-introduction`, label: `Section ${i + 1}: introduction`, english: s.introduction })
    for (const c of s.commitments) out.push({ field: `tr-item-${c.key}`, label: `Commitment ${++n}`, english: c.text })
    s.asks.forEach((a, j) => out.push({ field: `tr-item-${a.key}`, label: `Section ${i + 1}: what we ask of you, item ${j + 1}`, english: a.text }))
  })
  return out
}

/** The translated content: the version's structure (keys, principles) with each text from `texts` (by field). */
export function buildTranslatedContent(content: CharterContent, texts: Readonly<Record<string, string>>): CharterContent {
  const t = (field: string) => (texts[field] ?? '').trim()
  return {
    title: t('tr-title'),
    introduction: t('tr-introduction'),
    sections: content.sections.map(s => ({
      key: s.key,
      title: t(`tr-section-${s.key}-title`),
      introduction: t(`tr-section-${s.key}-introduction`),
      commitments: s.commitments.map(c => ({ key: c.key, text: t(`tr-item-${c.key}`), principleKeys: [...c.principleKeys] })),
      asks: s.asks.map(a => ({ key: a.key, text: t(`tr-item-${a.key}`) })),
    })),
  }
}

/** The field values of a stored translation (the inverse of buildTranslatedContent, by key). */
export function translatedTexts(original: CharterContent, translated: CharterContent): Record<string, string> {
  const out: Record<string, string> = { 'tr-title': translated.title, 'tr-introduction': translated.introduction }
  const sections = new Map(translated.sections.map(s => [s.key, s]))
  for (const s of original.sections) {
    const ts = sections.get(s.key)
    out[`tr-section-${s.key}-title`] = ts?.title ?? ''
    out[`tr-section-${s.key}-introduction`] = ts?.introduction ?? ''
  }
  for (const s of translated.sections) {
    for (const c of s.commitments) out[`tr-item-${c.key}`] = c.text
    for (const a of s.asks) out[`tr-item-${a.key}`] = a.text
  }
  return out
}

/** The fields with English text and no translation yet. A translation is published only when there are none. */
export function untranslated(content: CharterContent, texts: Readonly<Record<string, string>>): TranslationField[] {
  return translationFields(content).filter(f => f.english.trim() !== '' && (texts[f.field] ?? '').trim() === '')
}
