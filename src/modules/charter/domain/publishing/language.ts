// Language codes for translations: BCP 47 (e.g. 'gd' Scottish Gaelic, 'pl' Polish, 'ur' Urdu, 'zh-Hant'), checked
// and put in canonical form. English is the charter's own language, so it is not a translation.

/** A language tag made of a 2 or 3 letter language and optional subtags (script, region, variant). */
const SHAPE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i

/** The canonical form of a BCP 47 language tag, or null when it is not one we accept. */
export function canonicalLanguageCode(raw: string): string | null {
  const code = raw.trim()
  if (code.length === 0 || code.length > 20 || !SHAPE.test(code)) return null
  try {
    const [canonical] = Intl.getCanonicalLocales(code)
    return canonical ?? null
  } catch {
    return null
  }
}

export function isEnglish(code: string): boolean {
  return code === 'en' || code.startsWith('en-')
}

/** The language's own name for itself when the runtime knows it (e.g. 'Gàidhlig' for 'gd'), or null. */
export function nativeLanguageName(code: string): string | null {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'none' }).of(code)
    return name ?? null
  } catch {
    return null
  }
}

const RIGHT_TO_LEFT = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ku-Arab', 'ps', 'sd', 'ug', 'ur', 'yi'])

/** 'rtl' for languages written right to left (Arabic, Urdu, Farsi, Hebrew ...), else 'ltr'. */
export function textDirection(code: string): 'ltr' | 'rtl' {
  const language = code.split('-')[0] ?? code
  if (RIGHT_TO_LEFT.has(code) || RIGHT_TO_LEFT.has(language)) return 'rtl'
  if (/-Arab(?:-|$)|-Hebr(?:-|$)/.test(code)) return 'rtl'
  return 'ltr'
}
