import zlib from 'node:zlib'
import { readZipDirectory } from './zip'

/**
 * Test factories for hostile workbooks (used by the tests and the bombs bench): the parts of a real .xlsx, and a
 * ZIP writer that can declare sizes other than the real ones.
 */

/** One part to write: its bytes, and the uncompressed size to declare when it should lie. */
export interface ZipPart {
  name: string
  data: Buffer
  declaredSize?: number
  /** Already deflated (a part too large to hold inflated): the raw deflate body, its CRC-32 and real size. */
  deflated?: { body: Buffer; crc: number; size: number }
}

/** The parts of an .xlsx (or any ZIP) by name, inflated. */
export function zipParts(file: Buffer): Map<string, Buffer> {
  const parts = new Map<string, Buffer>()
  for (const entry of readZipDirectory(file)) {
    const start =
      entry.localOffset +
      30 +
      file.readUInt16LE(entry.localOffset + 26) +
      file.readUInt16LE(entry.localOffset + 28)
    const raw = file.subarray(start, start + entry.compressedSize)
    parts.set(entry.name, entry.method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw))
  }
  return parts
}

/** Writes a deflated ZIP archive (no data descriptors, no ZIP64). */
export function buildZip(parts: readonly ZipPart[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8')
    const body = part.deflated?.body ?? zlib.deflateRawSync(part.data, { level: 9 })
    const crc = part.deflated?.crc ?? zlib.crc32(part.data)
    const size = part.declaredSize ?? part.deflated?.size ?? part.data.length
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(size, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(body.length, 20)
    central.writeUInt32LE(size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, body)
    centrals.push(central, name)
    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** Rebuilds an .xlsx with some parts replaced (a worksheet swapped for a hostile one). */
export function replaceParts(file: Buffer, replaced: readonly ZipPart[]): Buffer {
  const parts: ZipPart[] = [...zipParts(file)].map(([name, data]) => ({ name, data }))
  for (const part of replaced) {
    const at = parts.findIndex((p) => p.name === part.name)
    if (at === -1) parts.push(part)
    else parts[at] = part
  }
  return buildZip(parts)
}

/** Worksheet XML with the given rows of inline strings ({ r: 1-based row, cells: [column, text][] }). */
export function worksheetXml(rows: Iterable<{ r: number; cells: [number, string][] }>, tail = ''): Buffer {
  const chunks: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ]
  for (const row of rows) {
    const cells = row.cells
      .map(([c, text]) => `<c r="${columnName(c)}${row.r}" t="inlineStr"><is><t>${text}</t></is></c>`)
      .join('')
    chunks.push(`<row r="${row.r}">${cells}</row>`)
  }
  chunks.push(tail === '' ? '</sheetData></worksheet>' : tail)
  return Buffer.from(chunks.join(''))
}

function columnName(n: number): string {
  let name = ''
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name
  return name
}
