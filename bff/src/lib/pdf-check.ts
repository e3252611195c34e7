import { inflateSync } from 'node:zlib'

/** What an uploaded PDF is: one a viewer reads, a broken or fake one, or one with active content. */
export type PdfVerdict = 'ok' | 'broken' | 'active'

/**
 * Names that make a PDF do something by itself or carry another file: scripts (JavaScript, JS, XFA forms), starting
 * programs (Launch), sending or reading data (SubmitForm, ImportData), embedded media and files. Such a PDF is
 * refused: a notice or a voucher needs none of them (docs/privacy.md 'Uploaded files').
 */
const ACTIVE_NAMES = new Set([
  'JavaScript',
  'JS',
  'Launch',
  'SubmitForm',
  'ImportData',
  'RichMedia',
  'EmbeddedFile',
  'EmbeddedFiles',
  'XFA',
])

/** Most bytes an object stream may inflate to (a compressed object stream is small; a bomb is not read on). */
const MAX_OBJECT_STREAM = 32 * 1024 * 1024

/**
 * Checks an uploaded PDF without rendering it: the header, the end of file with its `startxref`, at least one object
 * and a catalog (`/Root`), and no active content. Names are read outside stream data (binary data would match by
 * chance) and inside object streams, which hold dictionaries compressed; `#xx` escapes in names are decoded, so
 * `/J#53` is `/JS`. An object stream that cannot be read is `broken`: what it hides cannot be checked.
 */
export function checkPdf(data: Buffer): PdfVerdict {
  const text = data.toString('latin1')
  if (!/^%PDF-(1\.[0-7]|2\.0)/.test(text)) return 'broken'
  const tail = text.slice(-1024)
  const eof = tail.lastIndexOf('%%EOF')
  if (eof < 0) return 'broken'
  const startxref = /startxref\s+(\d+)\s*$/.exec(tail.slice(0, eof))
  if (!startxref || Number(startxref[1]) >= data.length) return 'broken'
  if (!/\d+\s+\d+\s+obj\b/.test(text)) return 'broken'

  const names = new Set<string>()
  const streamStart = /(?:^|[^A-Za-z])stream(?:\r\n|\n)/g
  let pos = 0
  for (;;) {
    streamStart.lastIndex = pos
    const m = streamStart.exec(text)
    if (!m) break
    const keyword = m.index + m[0].indexOf('stream')
    collectNames(text.slice(pos, keyword), names)
    const start = m.index + m[0].length
    const dictionary = decodeNameEscapes(text.slice(text.lastIndexOf('obj', keyword) + 3, keyword))
    const end = streamEnd(text, dictionary, start)
    if (end < 0) return 'broken'
    if (/\/Type\s*\/ObjStm\b/.test(dictionary)) {
      const content = objectStreamContent(data.subarray(start, end), dictionary)
      if (content === null) return 'broken'
      collectNames(content, names)
    }
    pos = end
  }
  collectNames(text.slice(pos), names)
  if (!names.has('Root')) return 'broken'
  for (const name of names) if (ACTIVE_NAMES.has(name)) return 'active'
  return 'ok'
}

/** Where a stream's data ends: its direct /Length when `endstream` follows there, else the next `endstream`. */
function streamEnd(text: string, dictionary: string, start: number): number {
  const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary)
  if (direct) {
    const end = start + Number(direct[1])
    if (end <= text.length && /^\s*endstream/.test(text.slice(end, end + 32))) return end
  }
  return text.indexOf('endstream', start)
}

/** An object stream's text: raw, or inflated when FlateDecode is its only filter; null when it cannot be read. */
function objectStreamContent(raw: Buffer, dictionary: string): string | null {
  const filter = /\/Filter\s*(\[\s*)?\/(\w+)\s*(\])?/.exec(dictionary)
  if (!filter) return raw.toString('latin1')
  if (filter[2] !== 'FlateDecode' || /\/DecodeParms/.test(dictionary)) return null
  if (filter[1] && !filter[3]) return null // more than one filter
  try {
    return inflateSync(raw, { maxOutputLength: MAX_OBJECT_STREAM }).toString('latin1')
  } catch {
    return null
  }
}

/** Adds every PDF name in `text` (after `/`, up to a delimiter or white space), `#xx` escapes decoded. */
function collectNames(text: string, into: Set<string>): void {
  for (const m of text.matchAll(/\/([^\s/<>[\]()%{}]+)/g)) {
    into.add(decodeNameEscapes(m[1] ?? ''))
  }
}

/** `#xx` escapes of PDF names decoded (`/Obj#53tm` is `/ObjStm`). */
function decodeNameEscapes(text: string): string {
  return text.includes('#')
    ? text.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    : text
}
