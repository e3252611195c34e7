import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorHandler } from '../middlewares/error-handler'
import { readUpload, shortenFilename, sniffType } from './upload'

/** Sends raw bytes over a fresh socket and returns the status line's code and the body. */
function rawRequest(port: number, bytes: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // Not ended on our side: Node drops a request whose client half-closes before the answer is written.
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes))
    let answer = ''
    socket.setEncoding('latin1')
    socket.on('data', (d: string) => (answer += d))
    socket.on('error', reject)
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)
      resolve({ status, body: answer.slice(answer.indexOf('\r\n\r\n') + 4) })
    })
  })
}

/** The error of an answer read as latin1 by rawRequest. */
const errorOf = (body: string) =>
  (JSON.parse(Buffer.from(body, 'latin1').toString('utf8')) as { error: { code: string; message: string } })
    .error

function multipartRequest(body: string): string {
  return (
    'POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\n' +
    `Content-Type: multipart/form-data; boundary=B\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

describe('readUpload', () => {
  let server: http.Server
  let port = 0
  beforeAll(async () => {
    const app = new Koa()
    app.silent = true
    app.use(errorHandler()).use(async (ctx) => {
      const file = await readUpload(ctx, { maxBytes: 1024, types: ['text/csv'] })
      ctx.body = { filename: file.filename, size: file.data.length }
    })
    server = http.createServer(app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('should read a well-formed file part', async () => {
    const body =
      '--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\r\n--B--\r\n'
    const res = await rawRequest(port, multipartRequest(body))
    expect(res.status).toBe(200)
    expect(JSON.parse(res.body)).toEqual({ filename: 'a.csv', size: 3 })
  })

  it('should refuse a second file in the form rather than drop it (tester p2, defect 6)', async () => {
    const part = (name: string) =>
      `--B\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\na,b\r\n`
    const res = await rawRequest(port, multipartRequest(`${part('first.csv')}${part('second.csv')}--B--\r\n`))
    expect(res.status).toBe(400)
    expect(errorOf(res.body)).toMatchObject({
      code: 'validation_error',
      message: '一次只能上传一个文件，请分开上传',
    })
  })

  it('should refuse a compressed upload with 415, not as one cut off (tester p2, defect 7)', async () => {
    const body = gzipSync(
      '--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\r\n--B--\r\n',
    ).toString('latin1')
    for (const coding of ['gzip', 'deflate']) {
      const res = await rawRequest(
        port,
        'POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=B\r\n' +
          `Content-Encoding: ${coding}\r\nContent-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`,
      )
      expect(res.status).toBe(415)
      expect(errorOf(res.body)).toMatchObject({ code: 'unsupported_media_type' })
      expect(errorOf(res.body).message).toMatch(/不要压缩/)
    }
  })

  it('should ask for the file in plain words when the form has none (tester p2, defect 8)', async () => {
    const body = '--B\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--B--\r\n'
    const res = await rawRequest(port, multipartRequest(body))
    expect(res.status).toBe(400)
    expect(errorOf(res.body).message).toBe('请选择要上传的文件')
  })

  it('should take a file of exactly the limit and refuse one byte more, as 上限 says (tester L1)', async () => {
    const part = (size: number) =>
      `--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${'x'.repeat(size)}\r\n--B--\r\n`
    const exact = await rawRequest(port, multipartRequest(part(1024)))
    expect(exact.status).toBe(200)
    expect(JSON.parse(exact.body)).toEqual({ filename: 'a.csv', size: 1024 })
    const over = await rawRequest(port, multipartRequest(part(1025)))
    expect(over.status).toBe(413)
    expect(JSON.parse(over.body).error.code).toBe('file_too_large')
  })

  it('should cut a long file name between characters and keep its extension (tester L2)', async () => {
    const name = `${'a'.repeat(119)}😀.csv`
    const body = `--B\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\na,b\r\n--B--\r\n`
    const res = await rawRequest(port, multipartRequest(body))
    expect(res.status).toBe(200)
    const filename = String(JSON.parse(Buffer.from(res.body, 'latin1').toString('utf8')).filename)
    expect(filename).toBe(`${'a'.repeat(116)}.csv`)
    expect(filename).not.toMatch(/\p{Cs}/u) // no lone surrogate
  })

  it('should answer 400 upload_incomplete when the body ends inside the file part', async () => {
    const body = '--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc'
    expect(Buffer.byteLength(multipartRequest(body))).toBeGreaterThan(0)
    const res = await rawRequest(port, multipartRequest(body))
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.code).toBe('upload_incomplete')
    // The process (and this server) is still there to answer.
    const again = await rawRequest(
      port,
      multipartRequest(
        '--B\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\nx\r\n--B--\r\n',
      ),
    )
    expect(again.status).toBe(200)
  })

  it('should answer 400 upload_incomplete when the body ends inside an ignored part', async () => {
    const body = '--B\r\nContent-Disposition: form-data; name="other"; filename="a.csv"\r\n\r\nabc'
    const res = await rawRequest(port, multipartRequest(body))
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.code).toBe('upload_incomplete')
  })

  it('should let go of an upload whose client disconnects mid-body, and keep serving', async () => {
    const head = multipartRequest(
      '--B\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n' + 'x'.repeat(500),
    )
    await new Promise<void>((resolve) => {
      // Announces more bytes than it sends, then hangs up.
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.write(head.replace(/Content-Length: \d+/, 'Content-Length: 900'), () => socket.destroy()),
      )
      socket.on('close', () => resolve())
    })
    const ok = await rawRequest(
      port,
      multipartRequest(
        '--B\r\nContent-Disposition: form-data; name="file"; filename="b.csv"\r\n\r\nx\r\n--B--\r\n',
      ),
    )
    expect(ok.status).toBe(200)
  })

  it('should answer 400 upload_incomplete when the body ends inside the part headers', async () => {
    const res = await rawRequest(port, multipartRequest('--B\r\nContent-Disposition: form-da'))
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).error.code).toBe('upload_incomplete')
  })
})

describe(shortenFilename.name, () => {
  it('should keep names up to 120 characters as they are, counting characters, not UTF-16 units', () => {
    const emoji = '😀'.repeat(120)
    expect(shortenFilename(emoji)).toBe(emoji)
    expect(shortenFilename('村民代表会议记录.pdf')).toBe('村民代表会议记录.pdf')
  })

  it('should never split a character a person sees as one, and keep the extension', () => {
    const family = '👨‍👩‍👧'
    const cut = shortenFilename(`${'名'.repeat(108)}${family}${family}.jpeg`)
    expect(cut.endsWith('.jpeg')).toBe(true)
    expect([...cut].length).toBeLessThanOrEqual(120)
    expect(cut.slice(0, -5).replace(/名/g, '')).toBe(family.repeat(cut.slice(0, -5).split(family).length - 1))
    expect(cut).not.toMatch(/\p{Cs}/u)
    // An ending too long to be an extension is cut like the rest.
    expect([...shortenFilename(`x.${'y'.repeat(200)}`)].length).toBe(120)
  })
})

describe('sniffType', () => {
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  const ole = Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(504),
  ])

  it('should take a UTF-16 CSV with a byte order mark (Excel 「Unicode 文本」) as CSV, for the reader to decode', () => {
    const text = '户主姓名\t保障金额\r\n王建国\t1200\r\n'
    expect(sniffType(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'a.csv')).toBe(
      'text/csv',
    )
    const be = Buffer.from(text, 'utf16le').swap16()
    expect(sniffType(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'a.csv')).toBe('text/csv')
    // Without a mark, told by its NUL bytes (re-probe N10: a generic 415), in either byte order.
    expect(sniffType(Buffer.from(text, 'utf16le'), 'a.csv')).toBe('text/csv')
    expect(sniffType(be, 'a.csv')).toBe('text/csv')
    // Binary data named .csv is still refused: NUL bytes without a BOM, or NUL code units after one.
    expect(sniffType(Buffer.from([0x41, 0x00, 0x42, 0x00]), 'a.csv')).toBeNull()
    expect(sniffType(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00]), 'a.csv')).toBeNull()
  })

  it('should pass an OLE file named as a workbook to the reader, which says it is an old .xls or has a password', () => {
    expect(sniffType(ole, '名册.xlsx')).toBe(XLSX)
    expect(sniffType(ole, '名册.xls')).toBe(XLSX)
    expect(sniffType(ole, '名册.doc')).toBeNull()
    expect(sniffType(ole, '名册.csv')).toBeNull()
  })
})
