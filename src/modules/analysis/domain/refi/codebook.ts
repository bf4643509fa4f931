// REFI-QDA Codebook Exchange (.qdc, namespace urn:QDA-XML:codebook:1.0): the codebook alone, as NVivo, ATLAS.ti,
// MAXQDA and others export and import it. Pure functions: a Codebook in, XML text out, and back.
//
// Reading is tolerant of what real tools write (attribute order, whitespace, a byte-order mark, extra namespaces,
// GUIDs in braces or capitals, 3-digit colours, Sets and notes, which are ignored) and strict about what matters:
// the root element, unique GUIDs and non-empty names. Anything else gives a RefiError with a plain message.
import { XmlError, attributes, escapeText, parseXml, type XmlElement } from './xml.ts'

export const CODEBOOK_NS = 'urn:QDA-XML:codebook:1.0'
export const PROJECT_NS = 'urn:QDA-XML:project:1.0'

/** A problem with a REFI-QDA file, in words an analyst can act on. */
export class RefiError extends Error {
  override name = 'RefiError'
}

export interface CodebookCode {
  /** A UUID (the app's UUIDv7 ids are valid as they are). */
  guid: string
  name: string
  description?: string
  /** "#RRGGBB". */
  colour?: string
  /** False for a code that only groups others (a folder). */
  isCodable: boolean
  children: CodebookCode[]
}

export interface Codebook {
  /** Not part of the standard's .qdc format (it is not written there); use it for the file name. */
  name?: string
  codes: CodebookCode[]
}

const GUID = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/

/** The GUID as we keep it: without braces, in lower case. Null when it is not a GUID. */
export function normaliseGuid(value: string | undefined): string | null {
  const m = value === undefined ? null : GUID.exec(value.trim())
  return m ? (m[1] as string).toLowerCase() : null
}

export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value)
}

/** Throws a RefiError for a value the standard cannot carry (a programming error upstream, reported plainly). */
export function requireGuid(value: string, what: string): string {
  if (!GUID.test(value)) throw new RefiError(`Cannot export: ${what} has an identifier that is not a GUID ("${value}").`)
  return value
}

function colourFromFile(value: string | undefined): string | undefined {
  const v = value?.trim()
  if (!v) return undefined
  if (/^#[0-9a-fA-F]{6}$/.test(v)) return v
  if (/^#[0-9a-fA-F]{3}$/.test(v)) return `#${[...v.slice(1)].map(c => c + c).join('')}`
  return undefined // colours are cosmetic: an unreadable one is dropped, not an error
}

function booleanFromFile(value: string | undefined): boolean {
  const v = value?.trim()
  return !(v === 'false' || v === '0')
}

/** Writes <Code> elements (shared by .qdc and .qde, whose code elements are the same). */
export function writeCodes(codes: readonly CodebookCode[], indent: string): string {
  let out = ''
  const seen = new Set<string>()
  const walk = (list: readonly CodebookCode[], pad: string) => {
    for (const c of list) {
      requireGuid(c.guid, `the code "${c.name}"`)
      const key = normaliseGuid(c.guid) as string
      if (seen.has(key)) throw new RefiError(`Cannot export: two codes have the same identifier (${c.guid}).`)
      seen.add(key)
      if (!c.name.trim()) throw new RefiError(`Cannot export: the code ${c.guid} has no name.`)
      if (c.colour !== undefined && !/^#[0-9a-fA-F]{6}$/.test(c.colour)) {
        throw new RefiError(`Cannot export: the colour of "${c.name}" is not in the form #RRGGBB.`)
      }
      const attrs = attributes([
        ['guid', c.guid],
        ['name', c.name],
        ['isCodable', c.isCodable ? 'true' : 'false'],
        ['color', c.colour],
      ])
      const hasDescription = c.description !== undefined && c.description !== ''
      if (!hasDescription && c.children.length === 0) {
        out += `${pad}<Code${attrs}/>\n`
        continue
      }
      out += `${pad}<Code${attrs}>\n`
      if (hasDescription) out += `${pad}  <Description>${escapeText(c.description as string)}</Description>\n`
      walk(c.children, pad + '  ')
      out += `${pad}</Code>\n`
    }
  }
  walk(codes, indent)
  return out
}

/** Reads the <Code> children of a <Codes> element. `fail` prefixes the message for the kind of file. */
export function readCodes(codesEl: XmlElement, ns: string | null, fail: (why: string) => never): CodebookCode[] {
  const seen = new Set<string>()
  const walk = (parent: XmlElement, depth: number): CodebookCode[] => {
    const out: CodebookCode[] = []
    for (const el of parent.children) {
      if (el.local !== 'Code' || el.ns !== ns) continue
      const rawGuid = el.attrs.get('guid')
      const guid = normaliseGuid(rawGuid)
      if (rawGuid === undefined) fail('a code has no identifier (guid)')
      if (guid === null) fail(`the identifier "${rawGuid}" of a code is not a GUID`)
      if (seen.has(guid)) fail(`two codes have the same identifier (${guid})`)
      seen.add(guid)
      const name = (el.attrs.get('name') ?? '').trim()
      if (!name) fail(`the code ${guid} has no name`)
      const description = el.children.find(d => d.local === 'Description' && d.ns === ns)?.text
      const colour = colourFromFile(el.attrs.get('color'))
      if (depth > 64) fail('codes are nested too deeply')
      out.push({
        guid,
        name,
        ...(description !== undefined && description.trim() !== '' ? { description } : {}),
        ...(colour !== undefined ? { colour } : {}),
        isCodable: booleanFromFile(el.attrs.get('isCodable')),
        children: walk(el, depth + 1),
      })
    }
    return out
  }
  return walk(codesEl, 0)
}

/** The codebook as a .qdc file (UTF-8 text). `origin` names the exporting software, e.g. "Charter 0.1". */
export function writeQdc(codebook: Codebook, origin: string): string {
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<CodeBook xmlns="${CODEBOOK_NS}"${attributes([['origin', origin]])}>\n` +
    '  <Codes>\n' +
    writeCodes(codebook.codes, '    ') +
    '  </Codes>\n' +
    '</CodeBook>\n'
  )
}

/** Reads a .qdc file. Throws RefiError ("The file is not a REFI-QDA codebook: ...") for anything else. */
export function readQdc(xml: string): Codebook {
  const fail = (why: string): never => {
    throw new RefiError(`The file is not a REFI-QDA codebook: ${why}.`)
  }
  let root: XmlElement
  try {
    root = parseXml(xml)
  } catch (e) {
    if (e instanceof XmlError) return fail(`it is not well-formed XML (${e.message})`)
    throw e
  }
  if (root.local === 'Project' && root.ns === PROJECT_NS) {
    fail('it is a REFI-QDA project (.qde), not a codebook; open the .qdpx file instead')
  }
  if (root.local !== 'CodeBook') fail(`its main element is <${root.name}>, not <CodeBook>`)
  if (root.ns !== CODEBOOK_NS && root.ns !== null) fail(`it uses the namespace "${root.ns}", not "${CODEBOOK_NS}"`)
  const codesEl = root.children.find(c => c.local === 'Codes' && c.ns === root.ns)
  if (!codesEl) fail('it has no <Codes> element')
  return { codes: readCodes(codesEl as XmlElement, root.ns, fail) }
}
