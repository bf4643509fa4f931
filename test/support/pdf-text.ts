// The text drawn in a PDF made by pdfkit, for tests: content streams inflated, every shown string decoded through
// its font's ToUnicode map (embedded fonts draw glyph ids, not letters) or as single bytes for a standard font. One
// line per text-showing operator. Not a general PDF parser: enough for the files our code writes.
import { inflateSync } from 'node:zlib'

interface PdfObject {
  dict: string
  stream: string | null
}

function objects(raw: string): Map<string, PdfObject> {
  const out = new Map<string, PdfObject>()
  for (const m of raw.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) {
    const body = m[2]!
    const s = /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body)
    let stream: string | null = null
    if (s) {
      try {
        stream = inflateSync(Buffer.from(s[1]!, 'latin1')).toString('latin1')
      } catch {
        stream = s[1]!
      }
    }
    out.set(m[1]!, { dict: s ? body.slice(0, s.index) : body, stream })
  }
  return out
}

/** A ToUnicode CMap's code -> text, from its bfchar and bfrange entries (both forms of bfrange). */
function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>()
  const unicode = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map(h => parseInt(h, 16)))
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(e[1]!, 16), unicode(e[2]!))
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const from = parseInt(e[1]!, 16)
      const to = parseInt(e[2]!, 16)
      const target = e[3]!
      if (target.startsWith('[')) {
        ;[...target.matchAll(/<([0-9a-fA-F]+)>/g)].forEach((h, i) => map.set(from + i, unicode(h[1]!)))
      } else {
        const start = parseInt(target.slice(1, -1), 16)
        for (let c = from; c <= to; c++) map.set(c, String.fromCodePoint(start + (c - from)))
      }
    }
  }
  return map
}

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1')
  const objs = objects(raw)
  const fonts = new Map<string, Map<number, string> | null>()
  for (const o of objs.values()) {
    const resources = /\/Font\s*<<([\s\S]*?)>>/.exec(o.dict)
    if (!resources) continue
    for (const f of resources[1]!.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objs.get(f[2]!)
      const ref = font ? /\/ToUnicode\s+(\d+) 0 R/.exec(font.dict) : null
      const cmap = ref ? objs.get(ref[1]!)?.stream : null
      fonts.set(f[1]!, cmap ? parseCmap(cmap) : null)
    }
  }
  const lines: string[] = []
  for (const o of objs.values()) {
    if (!o.stream || !/\bBT\b/.test(o.stream)) continue
    let cmap: Map<number, string> | null = null
    const ops = /\/(\w+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|\([^)]*\)|[-\d.\s])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g
    for (const op of o.stream.matchAll(ops)) {
      if (op[1] !== undefined) {
        cmap = fonts.get(op[1]) ?? null
        continue
      }
      const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map(h => h[1]!) : [op[3]!]
      const decode = (hex: string) =>
        cmap ? (hex.match(/.{4}/g) ?? []).map(code => cmap!.get(parseInt(code, 16)) ?? '\uFFFD').join('') : Buffer.from(hex, 'hex').toString('latin1')
      lines.push(hexes.map(decode).join(''))
    }
  }
  return lines.join('\n')
}
