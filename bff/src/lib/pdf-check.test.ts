import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PDF, PDF_WITH_JAVASCRIPT, pdfFile } from '../testing/upload-files'
import { checkPdf } from './pdf-check'

const CATALOG = '<< /Type /Catalog /Pages 2 0 R >>'
const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>'

/** A content stream holding `data` (latin1), with its length given directly. */
function contentStream(data: string): string {
  return `<< /Length ${data.length} >>\nstream\n${data}\nendstream`
}

describe(checkPdf.name, () => {
  it('should pass a plain PDF, with object streams too', () => {
    expect(checkPdf(PDF)).toBe('ok')
    const text = contentStream('BT /F1 12 Tf 72 712 Td (Hello) Tj ET')
    expect(
      checkPdf(pdfFile([CATALOG, PAGES, PAGE, text], { compressed: '5 0 << /Producer (scan) >>' })),
    ).toBe('ok')
  })

  it('should refuse a PDF that runs JavaScript or another action by itself (tester L3)', () => {
    expect(checkPdf(PDF_WITH_JAVASCRIPT)).toBe('active')
    const launch = '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /Launch /F (cmd.exe) >> >>'
    expect(checkPdf(pdfFile([launch, PAGES, PAGE]))).toBe('active')
    // Written with name escapes (/J#53 is /JS), or inside a compressed object stream.
    const escaped =
      '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>'
    expect(checkPdf(pdfFile([escaped, PAGES, PAGE]))).toBe('active')
    const hidden = pdfFile([CATALOG, PAGES, PAGE], {
      compressed: '5 0 << /S /JavaScript /JS (app.alert(1)) >>',
    })
    expect(checkPdf(hidden)).toBe('active')
    const names = '<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 5 0 R >> >>'
    expect(checkPdf(pdfFile([names, PAGES, PAGE]))).toBe('active')
  })

  it('should find an object stream whose type is written with escapes', () => {
    const pdf = pdfFile([CATALOG, PAGES, PAGE], { compressed: '5 0 << /S /Launch >>' })
    const escaped = Buffer.from(pdf.toString('latin1').replace('/ObjStm', '/Obj#53tm'), 'latin1')
    expect(checkPdf(escaped)).toBe('active')
  })

  it('should refuse a truncated PDF, HTML behind a PDF header, and one whose object stream cannot be read', () => {
    expect(checkPdf(PDF.subarray(0, 60))).toBe('broken')
    expect(checkPdf(Buffer.from('%PDF-1.4\n<html><script>alert(1)</script></html>'))).toBe('broken')
    expect(checkPdf(Buffer.from('%PDF-1.4\n%%EOF\n'))).toBe('broken')
    const noCatalog = Buffer.from(PDF.toString('latin1').replace('/Root', '/Info'), 'latin1')
    expect(checkPdf(noCatalog)).toBe('broken')
    const pdf = pdfFile([CATALOG, PAGES, PAGE], { compressed: '5 0 << /S /Launch >>' }).toString('latin1')
    const at = pdf.indexOf('stream\n') + 10
    const corrupt = Buffer.from(pdf.slice(0, at) + 'XXXX' + pdf.slice(at + 4), 'latin1')
    expect(checkPdf(corrupt)).toBe('broken')
  })

  describe('on generated input', () => {
    it('should never take bytes inside a stream for an action', () => {
      const latin1 = fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1'))
      fc.assert(
        fc.property(latin1, fc.constantFrom('/JS ', '/JavaScript ', '/Launch '), (noise, name) => {
          const data =
            noise.replace(/endstream/g, 'endstreaX') + name + noise.slice(0, 20).replace(/endstream/g, '')
          return checkPdf(pdfFile([CATALOG, PAGES, PAGE, contentStream(data)])) === 'ok'
        }),
      )
    })

    it('should refuse every truncation before the end of file', () => {
      const files = fc.constantFrom(
        PDF,
        PDF_WITH_JAVASCRIPT,
        pdfFile([CATALOG, PAGES, PAGE], { compressed: '5 0 << >>' }),
      )
      fc.assert(
        fc.property(files, fc.nat(), (file, n) => {
          const cut = file.subarray(0, n % (file.lastIndexOf('%%EOF') + 5))
          return checkPdf(cut) === 'broken'
        }),
      )
    })

    it('should never throw on mutated or random input', () => {
      const mutated = fc
        .tuple(
          fc.constantFrom(PDF, PDF_WITH_JAVASCRIPT),
          fc.nat(),
          fc.uint8Array({ minLength: 1, maxLength: 16 }),
        )
        .map(([file, at, bytes]) => {
          const copy = Buffer.from(file)
          Buffer.from(bytes).copy(copy, at % copy.length)
          return copy
        })
      const random = fc
        .uint8Array({ maxLength: 500 })
        .map((b) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(b)]))
      fc.assert(
        fc.property(fc.oneof(mutated, random), (file) => ['ok', 'broken', 'active'].includes(checkPdf(file))),
      )
    })
  })
})
