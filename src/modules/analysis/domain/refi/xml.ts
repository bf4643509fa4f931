// A small, strict XML reader and writer for the REFI-QDA subset: elements, attributes, text, CDATA, comments and
// processing instructions, with namespaces. Deliberately refused: document type declarations (DTDs) and any entity
// other than the five predefined ones (&amp; &lt; &gt; &quot; &apos;) and numeric character references. That rules
// out entity expansion attacks and external entities. Malformed input throws XmlError with the position.

export class XmlError extends Error {
  override name = 'XmlError'
}

export interface XmlElement {
  /** The name as written, e.g. "qda:Code". */
  name: string
  /** The local name, e.g. "Code". */
  local: string
  /** The namespace URI, or null when the element has none. */
  ns: string | null
  /** Attributes by the name as written (namespace declarations excluded). */
  attrs: Map<string, string>
  children: XmlElement[]
  /** The element's own text (text and CDATA directly inside it, concatenated). */
  text: string
}

const MAX_DEPTH = 256
const NAME = /^[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*(?::[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*)?$/
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const XML_NS = 'http://www.w3.org/XML/1998/namespace'

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  )
}

/** Parses a whole document and returns its root element. */
export function parseXml(input: string): XmlElement {
  // XML processors normalise line ends before parsing (XML 1.0, 2.11).
  const src = (input.charCodeAt(0) === 0xfeff ? input.slice(1) : input).replace(/\r\n?/g, '\n')
  let pos = 0

  const fail = (what: string): never => {
    const before = src.slice(0, pos)
    const line = before.split('\n').length
    const column = pos - before.lastIndexOf('\n')
    throw new XmlError(`${what} (line ${line}, column ${column})`)
  }

  const decode = (raw: string, inAttribute: boolean): string => {
    let out = ''
    let i = 0
    while (i < raw.length) {
      const amp = raw.indexOf('&', i)
      const chunk = amp < 0 ? raw.slice(i) : raw.slice(i, amp)
      out += inAttribute ? chunk.replace(/[\t\n]/g, ' ') : chunk
      if (amp < 0) break
      const semi = raw.indexOf(';', amp)
      if (semi < 0) fail('An "&" is not part of a character reference')
      const ref = raw.slice(amp + 1, semi)
      if (ref.startsWith('#')) {
        const num = /^#x[0-9a-fA-F]{1,6}$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]{1,7}$/.test(ref) ? parseInt(ref.slice(1), 10) : NaN
        if (!Number.isFinite(num) || !isXmlChar(num)) fail(`"&${ref};" is not a valid character reference`)
        out += String.fromCodePoint(num)
      } else if (Object.hasOwn(PREDEFINED, ref)) {
        out += PREDEFINED[ref]
      } else {
        fail(`The entity "&${ref};" is not allowed (only &amp; &lt; &gt; &quot; &apos; and numeric references are)`)
      }
      i = semi + 1
    }
    return out
  }

  const skipSpace = () => {
    while (pos < src.length && ' \t\n'.includes(src[pos] as string)) pos++
  }

  const readName = (): string => {
    const start = pos
    while (pos < src.length && !/[\s/>=<"'?!]/.test(src[pos] as string)) pos++
    const name = src.slice(start, pos)
    if (!NAME.test(name)) fail(name ? `"${name}" is not a valid name` : 'A name was expected')
    return name
  }

  /** Skips comments and processing instructions; returns false at anything else. */
  const skipMisc = (): boolean => {
    if (src.startsWith('<!--', pos)) {
      const end = src.indexOf('-->', pos + 4)
      if (end < 0) fail('A comment is not closed')
      if (src.slice(pos + 4, end).includes('--')) fail('A comment contains "--"')
      pos = end + 3
      return true
    }
    if (src.startsWith('<?', pos)) {
      pos += 2
      const target = readName()
      if (target.toLowerCase() === 'xml') fail('The XML declaration must come first')
      const end = src.indexOf('?>', pos)
      if (end < 0) fail('A processing instruction is not closed')
      pos = end + 2
      return true
    }
    if (src.startsWith('<!DOCTYPE', pos) || src.startsWith('<!doctype', pos)) {
      fail('The file contains a document type declaration (DTD), which is not allowed')
    }
    if (src.startsWith('<!ENTITY', pos)) fail('The file declares an entity, which is not allowed')
    return false
  }

  for (let i = 0; i < src.length; i++) {
    const cp = src.codePointAt(i) as number
    if (cp > 0xffff) i++
    else if (!isXmlChar(cp)) {
      pos = i
      fail(`The file contains a character that XML does not allow (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`)
    }
  }

  // The XML declaration.
  if (src.startsWith('<?xml', pos) && /[\s?]/.test(src[pos + 5] ?? '')) {
    const end = src.indexOf('?>', pos)
    if (end < 0) fail('The XML declaration is not closed')
    const decl = src.slice(pos + 5, end)
    const version = /version\s*=\s*["']([^"']*)["']/.exec(decl)
    if (!version || !/^1\.[01]$/.test(version[1] as string)) fail('The XML declaration must give version 1.0')
    pos = end + 2
  }

  // Prolog.
  for (;;) {
    skipSpace()
    if (!skipMisc()) break
  }
  if (src[pos] !== '<') fail(pos >= src.length ? 'The file is empty' : 'The file does not start with an element')

  interface Open {
    el: XmlElement
    scope: Map<string, string | null>
  }
  const stack: Open[] = []
  let root: XmlElement | null = null
  const rootScope = new Map<string, string | null>([['xml', XML_NS]])

  const openElement = () => {
    pos++ // '<'
    const name = readName()
    const raw = new Map<string, string>()
    for (;;) {
      const hadSpace = /\s/.test(src[pos] ?? '')
      skipSpace()
      const c = src[pos]
      if (c === undefined) fail(`The element <${name}> is not closed`)
      if (c === '>' || src.startsWith('/>', pos)) break
      if (!hadSpace) fail(`Attributes of <${name}> must be separated by spaces`)
      const attr = readName()
      skipSpace()
      if (src[pos] !== '=') fail(`The attribute "${attr}" has no value`)
      pos++
      skipSpace()
      const quote = src[pos]
      if (quote !== '"' && quote !== "'") fail(`The value of "${attr}" must be in quotes`)
      const end = src.indexOf(quote as string, pos + 1)
      if (end < 0) fail(`The value of "${attr}" is not closed`)
      const value = src.slice(pos + 1, end)
      if (value.includes('<')) fail(`The value of "${attr}" contains "<"`)
      if (raw.has(attr)) fail(`The attribute "${attr}" appears twice`)
      raw.set(attr, decode(value, true))
      pos = end + 1
    }
    const selfClosing = src.startsWith('/>', pos)
    pos += selfClosing ? 2 : 1

    const parentScope = stack.length ? (stack[stack.length - 1] as Open).scope : rootScope
    let scope = parentScope
    const attrs = new Map<string, string>()
    for (const [k, v] of raw) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope)
        scope.set(k === 'xmlns' ? '' : k.slice(6), v === '' ? null : v)
      } else attrs.set(k, v)
    }
    const colon = name.indexOf(':')
    const prefix = colon < 0 ? '' : name.slice(0, colon)
    const ns = scope.get(prefix) ?? null
    if (prefix && ns === null) fail(`The prefix "${prefix}" is not declared`)
    for (const k of attrs.keys()) {
      const p = k.includes(':') ? k.slice(0, k.indexOf(':')) : ''
      if (p && !scope.has(p)) fail(`The prefix "${p}" is not declared`)
    }
    const el: XmlElement = { name, local: colon < 0 ? name : name.slice(colon + 1), ns, attrs, children: [], text: '' }
    if (stack.length) (stack[stack.length - 1] as Open).el.children.push(el)
    else root = el
    if (!selfClosing) {
      if (stack.length >= MAX_DEPTH) fail('Elements are nested too deeply')
      stack.push({ el, scope })
    }
  }

  openElement()
  while (stack.length) {
    const top = stack[stack.length - 1] as Open
    const lt = src.indexOf('<', pos)
    if (lt < 0) {
      pos = src.length
      fail(`The element <${top.el.name}> is not closed`)
    }
    if (lt > pos) {
      const rawText = src.slice(pos, lt)
      if (rawText.includes(']]>')) fail('"]]>" is not allowed in text')
      top.el.text += decode(rawText, false)
      pos = lt
    }
    if (src.startsWith('</', pos)) {
      pos += 2
      const name = readName()
      if (name !== top.el.name) fail(`</${name}> does not match <${top.el.name}>`)
      skipSpace()
      if (src[pos] !== '>') fail(`</${name}> is not closed`)
      pos++
      stack.pop()
    } else if (src.startsWith('<![CDATA[', pos)) {
      const end = src.indexOf(']]>', pos + 9)
      if (end < 0) fail('A CDATA section is not closed')
      top.el.text += src.slice(pos + 9, end)
      pos = end + 3
    } else if (!skipMisc()) {
      if (src.startsWith('<!', pos)) fail('Unexpected markup')
      openElement()
    }
  }

  for (;;) {
    skipSpace()
    if (pos >= src.length) break
    if (!skipMisc()) fail('There is content after the end of the document')
  }
  return root as unknown as XmlElement
}

/** Removes characters that XML 1.0 cannot carry at all (most control characters, lone surrogates). */
function xmlSafe(s: string): string {
  let out = ''
  for (const ch of s) {
    if (isXmlChar(ch.codePointAt(0) as number)) out += ch
  }
  return out
}

/** Escapes text content: & < > (and > always, so "]]>" cannot appear). */
export function escapeText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;')
}

/** Escapes an attribute value for double quotes; tabs and line ends become references so they survive reading. */
export function escapeAttr(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
}

/** Attributes in the given order; undefined values are left out. */
export function attributes(pairs: readonly (readonly [string, string | undefined])[]): string {
  return pairs
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('')
}
