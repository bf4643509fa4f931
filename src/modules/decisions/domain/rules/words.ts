// Small helpers for the plain-English sentences the rules write.

/** "1 member", "3 members". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** "was" or "were" to follow a count. */
export function wasWere(count: number): string {
  return count === 1 ? 'was' : 'were'
}

/** "a", "a and b", "a, b and c". */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? ''
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/**
 * A share as a whole percentage. It never rounds a part up to 100% or down to 0%, so a reader is not told "100%"
 * when someone disagreed.
 */
export function percent(count: number, total: number): string {
  if (total <= 0) return '0%'
  const rounded = Math.round((count / total) * 100)
  if (rounded === 100 && count < total) return '99%'
  if (rounded === 0 && count > 0) return '1%'
  return `${rounded}%`
}

/** A share from 0 to 1 written as a percentage, e.g. 0.25 is "25%", 0.125 is "12.5%". */
export function shareInWords(share: number): string {
  return `${Math.round(share * 1000) / 10}%`
}

const FRACTION_NAMES: Record<string, string> = {
  '1/2': 'half',
  '2/3': 'two-thirds',
  '3/4': 'three-quarters',
  '3/5': 'three-fifths',
  '4/5': 'four-fifths',
  '1/1': 'all',
}

/** "two-thirds", "three-quarters", or "7 in 10" for fractions without a common name. */
export function fractionInWords(numerator: number, denominator: number): string {
  const d = gcd(numerator, denominator)
  const key = `${numerator / d}/${denominator / d}`
  return FRACTION_NAMES[key] ?? `${numerator / d} in ${denominator / d}`
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}

/** The smallest whole number that is at least `share` of `total` (a tolerance absorbs floating-point error). */
export function atLeastShareOf(share: number, total: number): number {
  return Math.max(0, Math.ceil(share * total - 1e-9))
}

/** True when a reason or a concern has some words in it. */
export function hasText(text: unknown): boolean {
  return typeof text === 'string' && text.trim().length > 0
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
