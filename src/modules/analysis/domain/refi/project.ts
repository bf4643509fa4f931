// REFI-QDA Project Exchange (.qdpx): a zip holding project.qde (XML, namespace urn:QDA-XML:project:1.0) and the
// sources' plain text as sources/<guid>.txt. This carries the coded text itself, so another tool (NVivo, ATLAS.ti,
// MAXQDA, QualCoder) can open the analysis where Charter left it, and a project coded elsewhere can be read back.
//
// Offsets: in the file, selections count Unicode code points. In QdpxProject, `start` and `end` are JavaScript string
// indices (UTF-16 code units, as String.prototype.slice takes them). writeQdpx and readQdpx convert.
//
// What readQdpx reads: users, the codebook, text sources (plain text inside the zip or inline) with their selections
// and codings. It ignores, without error: picture, PDF, audio and video sources; codings of a whole source rather
// than a selection; notes, cases, variables, sets, links and graphs.
import { strToU8, unzipSync, zipSync } from 'fflate'
import {
  PROJECT_NS,
  RefiError,
  isDateTime,
  normaliseGuid,
  readCodes,
  requireGuid,
  writeCodes,
  type Codebook,
  type CodebookCode,
} from './codebook.ts'
import { offsetConverter } from './offsets.ts'
import { XmlError, attributes, parseXml, type XmlElement } from './xml.ts'

export interface QdpxCoding {
  guid: string
  codeGuid: string
  userGuid?: string
  /** xsd:dateTime, e.g. "2026-03-01T10:00:00Z". */
  createdAt?: string
}

export interface QdpxSelection {
  guid: string
  /** JavaScript string index (UTF-16) of the first character. */
  start: number
  /** JavaScript string index (UTF-16) just after the last character. */
  end: number
  codings: QdpxCoding[]
}

export interface QdpxSource {
  guid: string
  name: string
  /** Plain text. */
  text: string
  selections: QdpxSelection[]
}

export interface QdpxUser {
  guid: string
  name: string
}

export interface QdpxProject {
  name: string
  origin: string
  /** xsd:dateTime. */
  createdAt: string
  users: QdpxUser[]
  codebook: Codebook
  sources: QdpxSource[]
}

export interface QdpxLimits {
  /** Largest total unpacked size (default 200 MB). */
  maxBytes?: number
  /** Most entries in the zip (default 100,000). */
  maxEntries?: number
}

export const QDPX_LIMITS = { maxBytes: 200 * 1024 * 1024, maxEntries: 100_000 }

function collectCodeGuids(codes: readonly CodebookCode[], into: Set<string>): Set<string> {
  for (const c of codes) {
    into.add(normaliseGuid(c.guid) ?? c.guid)
    collectCodeGuids(c.children, into)
  }
  return into
}

/** The project as a .qdpx file. Throws RefiError when the project cannot be represented faithfully. */
export function writeQdpx(project: QdpxProject): Uint8Array {
  const cannot = (why: string): never => {
    throw new RefiError(`Cannot export: ${why}.`)
  }
  if (!isDateTime(project.createdAt)) cannot(`the project date "${project.createdAt}" is not a date and time`)
  const guids = collectCodeGuids(project.codebook.codes, new Set())
  const codeGuids = new Set(guids)
  const unique = (guid: string, what: string) => {
    requireGuid(guid, what)
    const key = normaliseGuid(guid) as string
    if (guids.has(key)) cannot(`the identifier ${guid} is used twice`)
    guids.add(key)
  }
  const userGuids = new Set<string>()
  let users = ''
  for (const u of project.users) {
    unique(u.guid, 'a user')
    userGuids.add(normaliseGuid(u.guid) as string)
    users += `    <User${attributes([['guid', u.guid], ['name', u.name]])}/>\n`
  }

  const files: Record<string, Uint8Array> = {}
  let sources = ''
  for (const s of project.sources) {
    unique(s.guid, `the source "${s.name}"`)
    const fileName = `${s.guid}.txt`
    files[`sources/${fileName}`] = strToU8(s.text)
    const at = offsetConverter(s.text)
    sources += `    <TextSource${attributes([['guid', s.guid], ['name', s.name], ['plainTextPath', `internal://${fileName}`]])}>\n`
    for (const sel of s.selections) {
      unique(sel.guid, `a selection in "${s.name}"`)
      const start = sel.start <= sel.end ? at.toCodePoints(sel.start) : null
      const end = at.toCodePoints(sel.end)
      if (start === null || end === null) {
        cannot(`a selection in "${s.name}" (${sel.start} to ${sel.end}) is outside the text or splits a character`)
      }
      const selAttrs = attributes([['guid', sel.guid], ['startPosition', String(start)], ['endPosition', String(end)]])
      if (sel.codings.length === 0) {
        sources += `      <PlainTextSelection${selAttrs}/>\n`
        continue
      }
      sources += `      <PlainTextSelection${selAttrs}>\n`
      for (const c of sel.codings) {
        unique(c.guid, `a coding in "${s.name}"`)
        if (!codeGuids.has(normaliseGuid(c.codeGuid) ?? '')) cannot(`a coding in "${s.name}" refers to a code that is not in the codebook`)
        if (c.userGuid !== undefined && !userGuids.has(normaliseGuid(c.userGuid) ?? '')) {
          cannot(`a coding in "${s.name}" refers to a user who is not in the project`)
        }
        if (c.createdAt !== undefined && !isDateTime(c.createdAt)) cannot(`the coding date "${c.createdAt}" is not a date and time`)
        sources +=
          `        <Coding${attributes([['guid', c.guid], ['creatingUser', c.userGuid], ['creationDateTime', c.createdAt]])}>\n` +
          `          <CodeRef${attributes([['targetGUID', c.codeGuid]])}/>\n` +
          '        </Coding>\n'
      }
      sources += '      </PlainTextSelection>\n'
    }
    sources += '    </TextSource>\n'
  }

  const codes = writeCodes(project.codebook.codes, '      ')
  const qde =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    `<Project${attributes([['name', project.name], ['origin', project.origin], ['creationDateTime', project.createdAt]])} xmlns="${PROJECT_NS}">\n` +
    (users ? `  <Users>\n${users}  </Users>\n` : '') +
    (codes ? `  <CodeBook>\n    <Codes>\n${codes}    </Codes>\n  </CodeBook>\n` : '') +
    (sources ? `  <Sources>\n${sources}  </Sources>\n` : '') +
    '</Project>\n'

  // A fixed timestamp (the project's own date) keeps the bytes the same for the same project.
  const when = new Date(project.createdAt)
  const mtime = Number.isNaN(when.getTime()) || when.getUTCFullYear() < 1980 ? new Date(Date.UTC(1980, 0, 1)) : when
  return zipSync({ 'project.qde': strToU8(qde), ...files }, { level: 6, mtime })
}

function decodeText(bytes: Uint8Array, what: string, fail: (why: string) => never): string {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes)
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes)
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return fail(`${what} is not UTF-8 text`)
  }
}

function unsafePath(name: string): boolean {
  return /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name) || name.split(/[\\/]/).includes('..')
}

/** Reads a .qdpx file. Throws RefiError ("The file is not a REFI-QDA project: ...") for anything else. */
export function readQdpx(bytes: Uint8Array, limits: QdpxLimits = {}): QdpxProject {
  const maxBytes = limits.maxBytes ?? QDPX_LIMITS.maxBytes
  const maxEntries = limits.maxEntries ?? QDPX_LIMITS.maxEntries
  const fail = (why: string): never => {
    throw new RefiError(`The file is not a REFI-QDA project: ${why}.`)
  }

  let entries = 0
  let total = 0
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(bytes, {
      filter: file => {
        entries++
        total += file.originalSize
        if (entries > maxEntries) throw new RefiError(`The file cannot be opened: it holds more than ${maxEntries.toLocaleString('en-GB')} files.`)
        if (total > maxBytes) {
          throw new RefiError(`The file cannot be opened: it unpacks to more than ${Math.round(maxBytes / 1024 / 1024)} MB.`)
        }
        if (unsafePath(file.name)) throw new RefiError(`The file cannot be opened: it contains an unsafe path ("${file.name}").`)
        // Only the project and plain text are unpacked; pictures, documents and media are skipped.
        return /\.qde$/i.test(file.name) || /\.txt$/i.test(file.name)
      },
    })
  } catch (e) {
    if (e instanceof RefiError) throw e
    return fail('it is not a .qdpx (zip) file, or the zip is damaged')
  }

  const names = Object.keys(files)
  const qdeName = names.find(n => n === 'project.qde') ?? names.find(n => !n.includes('/') && /\.qde$/i.test(n))
  if (qdeName === undefined) fail('it has no project.qde inside')
  let root: XmlElement
  try {
    root = parseXml(decodeText(files[qdeName as string] as Uint8Array, 'project.qde', fail))
  } catch (e) {
    if (e instanceof XmlError) return fail(`project.qde is not well-formed XML (${e.message})`)
    throw e
  }
  if (root.local !== 'Project') fail(`its main element is <${root.name}>, not <Project>`)
  if (root.ns !== PROJECT_NS && root.ns !== null) fail(`it uses the namespace "${root.ns}", not "${PROJECT_NS}"`)
  const ns = root.ns
  const child = (el: XmlElement, local: string) => el.children.find(c => c.local === local && c.ns === ns)
  const all = (el: XmlElement | undefined, local: string) => (el ? el.children.filter(c => c.local === local && c.ns === ns) : [])
  const guidOf = (el: XmlElement, what: string): string => {
    const raw = el.attrs.get('guid')
    const guid = normaliseGuid(raw)
    if (guid === null) return fail(raw === undefined ? `${what} has no identifier (guid)` : `the identifier "${raw}" of ${what} is not a GUID`)
    return guid
  }

  const users = all(child(root, 'Users'), 'User').map(u => ({ guid: guidOf(u, 'a user'), name: u.attrs.get('name') ?? '' }))
  const codesEl = child(root, 'CodeBook') && child(child(root, 'CodeBook') as XmlElement, 'Codes')
  const codes = codesEl ? readCodes(codesEl, ns, fail) : []
  const codeGuids = collectCodeGuids(codes, new Set())

  const sources: QdpxSource[] = []
  for (const el of all(child(root, 'Sources'), 'TextSource')) {
    const guid = guidOf(el, 'a source')
    const name = el.attrs.get('name') ?? ''
    const label = `the source "${name || guid}"`
    let text: string
    const inline = child(el, 'PlainTextContent')
    const path = el.attrs.get('plainTextPath')
    if (inline) text = inline.text
    else if (path !== undefined) {
      const m = /^internal:\/\/(.+)$/.exec(path.trim())
      if (!m) return fail(`the text of ${label} is not inside the file (${path})`)
      const wanted = `sources/${m[1]}`
      const key = wanted in files ? wanted : names.find(n => n.toLowerCase() === wanted.toLowerCase())
      if (key === undefined) return fail(`the text of ${label} (${wanted}) is missing`)
      text = decodeText(files[key] as Uint8Array, `the text of ${label}`, fail)
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    } else return fail(`${label} has no plain text`)

    const at = offsetConverter(text)
    const selections: QdpxSelection[] = []
    for (const s of all(el, 'PlainTextSelection')) {
      const sGuid = guidOf(s, `a selection in ${label}`)
      const position = (attr: string) => {
        const v = s.attrs.get(attr)?.trim() ?? ''
        return /^\d{1,15}$/.test(v) ? Number(v) : NaN
      }
      const startCp = position('startPosition')
      const endCp = position('endPosition')
      const start = startCp <= endCp ? at.toUtf16(startCp) : null
      const end = at.toUtf16(endCp)
      if (start === null || end === null) {
        return fail(`a selection in ${label} (${s.attrs.get('startPosition')} to ${s.attrs.get('endPosition')}) is outside the text`)
      }
      const codings: QdpxCoding[] = []
      for (const c of all(s, 'Coding')) {
        const ref = child(c, 'CodeRef')
        const codeGuid = normaliseGuid(ref?.attrs.get('targetGUID'))
        if (codeGuid === null || !codeGuids.has(codeGuid)) return fail(`a coding in ${label} refers to a code that is not in the codebook`)
        const userGuid = normaliseGuid(c.attrs.get('creatingUser'))
        const createdAt = c.attrs.get('creationDateTime')
        codings.push({
          guid: guidOf(c, `a coding in ${label}`),
          codeGuid,
          ...(userGuid !== null ? { userGuid } : {}),
          ...(createdAt !== undefined ? { createdAt } : {}),
        })
      }
      selections.push({ guid: sGuid, start, end, codings })
    }
    sources.push({ guid, name, text, selections })
  }

  return {
    name: root.attrs.get('name') ?? '',
    origin: root.attrs.get('origin') ?? '',
    createdAt: root.attrs.get('creationDateTime') ?? '',
    users,
    codebook: { codes },
    sources,
  }
}

/** The text of a .qdc or .qde held as bytes (UTF-8, or UTF-16 with a byte-order mark). */
export function xmlTextFromBytes(bytes: Uint8Array): string {
  return decodeText(bytes, 'the file', why => {
    throw new RefiError(`The file is not a REFI-QDA codebook: ${why}.`)
  })
}
