// REFI-QDA counts positions in Unicode code points; JavaScript strings index UTF-16 code units. An emoji or any other
// character outside the Basic Multilingual Plane is one code point but two code units, so the two differ after it.

/** The code-point offset of a UTF-16 index. Null when the index is out of range or splits a surrogate pair. */
export function toCodePointOffset(text: string, utf16Index: number): number | null {
  if (!Number.isInteger(utf16Index) || utf16Index < 0 || utf16Index > text.length) return null
  let points = 0
  let i = 0
  while (i < utf16Index) {
    const cp = text.codePointAt(i) as number
    i += cp > 0xffff ? 2 : 1
    points++
  }
  return i === utf16Index ? points : null
}

/** The UTF-16 index of a code-point offset. Null when the offset is beyond the end of the text. */
export function toUtf16Index(text: string, codePointOffset: number): number | null {
  if (!Number.isInteger(codePointOffset) || codePointOffset < 0) return null
  let i = 0
  for (let n = 0; n < codePointOffset; n++) {
    if (i >= text.length) return null
    i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1
  }
  return i
}

export interface OffsetConverter {
  /** As toCodePointOffset, in constant time. */
  toCodePoints(utf16Index: number): number | null
  /** As toUtf16Index, in constant time. */
  toUtf16(codePointOffset: number): number | null
}

/** A converter for many offsets into the same text (one pass over the text, then constant time per offset). */
export function offsetConverter(text: string): OffsetConverter {
  if (!/[\uD800-\uDFFF]/.test(text)) {
    const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= text.length
    return { toCodePoints: n => (ok(n) ? n : null), toUtf16: n => (ok(n) ? n : null) }
  }
  const utf16OfPoint: number[] = []
  const pointOfUtf16 = new Int32Array(text.length + 1).fill(-1)
  let i = 0
  while (i < text.length) {
    pointOfUtf16[i] = utf16OfPoint.length
    utf16OfPoint.push(i)
    i += (text.codePointAt(i) as number) > 0xffff ? 2 : 1
  }
  pointOfUtf16[text.length] = utf16OfPoint.length
  utf16OfPoint.push(text.length)
  return {
    toCodePoints: n => {
      if (!Number.isInteger(n) || n < 0 || n > text.length) return null
      const p = pointOfUtf16[n] as number
      return p < 0 ? null : p
    },
    toUtf16: n => (Number.isInteger(n) && n >= 0 && n < utf16OfPoint.length ? (utf16OfPoint[n] as number) : null),
  }
}
