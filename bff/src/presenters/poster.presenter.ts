import type { DisclosureDto, PosterSize } from '@cunwu/domain'
import { chineseDate, isStillPosted, periodLabel, shanghaiDateOf } from '@cunwu/domain'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { PosterFonts } from './poster-fonts'
import { PosterCanvas, lineHeight } from './poster-text'
import { drawTable } from './poster-table'

/**
 * The printed notice-board poster (公开栏) of a public disclosure, drawn with pdfkit (`docs/posters.md`). It is drawn
 * from the public DTO only (the privacy presenter's output), so nothing hidden on screen can reach the paper. The
 * drawing runs in a poster worker thread (`posters/poster-workers.ts`), never on the server's event loop.
 */

export { POSTER_FONT_PATH, posterFont } from './poster-fonts'

/** Sizes in PDF points (1/72 inch), portrait: ISO 216 A4 210 × 297 mm and A3 297 × 420 mm. */
const PAGE: Record<PosterSize, { scale: number }> = { A4: { scale: 1 }, A3: { scale: Math.SQRT2 } }

/** What the poster needs beyond the disclosure: the link its QR code encodes and the print time. */
export interface PosterOptions {
  size: PosterSize
  /** Absolute HTTPS link of the item (`posterLinkPath`). */
  link: string
  printedAt: Date
}

/** Draws a QR code as vector squares (crisp at any print size). */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const n = qr.modules.size
  const quiet = 2
  const cell = size / (n + quiet * 2)
  doc.save().rect(x, y, size, size).fill('#ffffff')
  doc.fillColor('#000000')
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c)) doc.rect(x + (c + quiet) * cell, y + (r + quiet) * cell, cell, cell)
  doc.fill('#000000').restore()
}

/** A new PDF with the posters' fonts registered, and its bytes once it is ended. */
export function openPosterDocument(options: PDFKit.PDFDocumentOptions): {
  doc: PDFKit.PDFDocument
  fonts: PosterFonts
  done: Promise<Buffer>
} {
  const doc = new PDFDocument({ ...options, bufferPages: true })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  return { doc, fonts: new PosterFonts(doc), done }
}

/** Writes a footer line in the bottom margin of sheets `start`..`end - 1`, numbered from 1. */
export function drawFooters(
  c: PosterCanvas,
  start: number,
  end: number,
  size: number,
  text: (page: number, pages: number) => string,
): void {
  const { doc } = c
  for (let page = start; page < end; page++) {
    doc.switchToPage(page)
    const line = c.lines(text(page - start + 1, end - start), size)[0]
    const y = doc.page.height - c.margin + 2
    if (line) c.drawLine(line, c.left, y, c.width, { size, color: '#333333', align: 'center' })
  }
  doc.switchToPage(end - 1)
}

/** One poster of a print job: the public disclosure and the link its QR code encodes (`posterLinkPath`). */
export interface PosterItem {
  disclosure: DisclosureDto
  link: string
}

/** Renders one poster; the table is paginated across sheets with its header repeated. */
export async function renderPoster(d: DisclosureDto, options: PosterOptions): Promise<Buffer> {
  return renderPosters([{ disclosure: d, link: options.link }], options)
}

/**
 * Renders posters one after another in one PDF (the township's print job); each starts on a new sheet and numbers
 * its own sheets.
 */
export async function renderPosters(
  items: readonly PosterItem[],
  options: Omit<PosterOptions, 'link'>,
): Promise<Buffer> {
  const k = PAGE[options.size].scale
  const margin = 36 * k
  const first = items[0]?.disclosure
  const { doc, fonts, done } = openPosterDocument({
    size: options.size,
    margin,
    info: {
      Title:
        items.length === 1 && first
          ? first.title
          : `${first?.catalogItemName ?? ''}公示（${items.length}份）`,
      Creator: '村务通',
    },
  })
  const printed = chineseDate(shanghaiDateOf(options.printedAt))
  items.forEach((item, i) => {
    if (i > 0) doc.addPage()
    const start = doc.bufferedPageRange().count - 1
    const c = new PosterCanvas(doc, fonts, margin, 14 * k)
    drawPoster(c, item.disclosure, item.link, k)
    // Footer on every sheet of this poster: version, print date, page number, the link.
    drawFooters(
      c,
      start,
      doc.bufferedPageRange().count,
      8 * k,
      (page, pages) =>
        `第${item.disclosure.version}版 · 打印日期 ${printed} · 第${page}/${pages}页 · ${item.link}`,
    )
  })
  doc.end()
  return done
}

/** Draws one poster from the current sheet on. */
function drawPoster(c: PosterCanvas, d: DisclosureDto, link: string, k: number): void {
  const { doc, margin, width } = c
  const qrSize = 96 * k

  // Every later sheet says whose and which list it is, so a loose sheet on the board can be placed.
  c.onNewSheet.push(() => {
    c.text(`${d.regionName ?? ''} · ${d.title} · ${periodLabel(d.period)} · 第${d.version}版（续）`, {
      size: 8.5 * k,
      color: '#333333',
    })
    doc
      .moveTo(margin, c.y + 1 * k)
      .lineTo(margin + width, c.y + 1 * k)
      .lineWidth(0.5)
      .strokeColor('#999999')
      .stroke()
    c.space(5 * k)
  })

  // Heading, with the QR code at the top right.
  drawQr(doc, link, margin + width - qrSize, margin, qrSize)
  c.y = margin + qrSize + 2
  // A retracted version has no newer one to point to: the code opens the page that says it was withdrawn.
  c.text(d.status === 'retracted' ? '扫码查看撤回说明' : '扫码查看最新版本', {
    size: 9 * k,
    color: '#333333',
    x: margin + width - qrSize,
    width: qrSize,
    align: 'center',
  })
  const textWidth = width - qrSize - 12 * k
  c.y = margin
  c.text(`${d.regionName ?? ''} 村务公开栏`, { size: 12 * k, width: textWidth })
  c.space(0.3 * lineHeight(20 * k))
  c.text(d.title, { size: 20 * k, width: textWidth })
  c.space(0.3 * lineHeight(10 * k))
  c.text(`${d.catalogItemName} · ${periodLabel(d.period)} · 第${d.version}版`, {
    size: 10 * k,
    width: textWidth,
  })
  c.y = Math.max(c.y, margin + qrSize + 16 * k)

  // What state the printed version is in: a retracted or superseded one says so before anything else.
  if (d.status === 'retracted') {
    c.space(0.5 * lineHeight(16 * k))
    c.text(`本公示已撤回：${d.retractReason ?? '未说明原因'}`, { size: 16 * k, color: '#b00020' })
  } else if (d.status === 'superseded') {
    const by = d.alignment.supersededBy
    c.space(0.5 * lineHeight(14 * k))
    c.text(
      by ? `本版已被第${by.version}版取代，请扫码查看最新版本` : '本版已被新版本取代，请扫码查看最新版本',
      { size: 14 * k, color: '#b00020' },
    )
  }

  if (d.body) {
    c.space(0.5 * lineHeight(11 * k))
    c.text(d.body, { size: 11 * k, gap: 2 })
  }
  if (d.figures.length) {
    c.space(0.5 * lineHeight(11 * k))
    for (const f of d.figures) c.text(`${f.name}：${f.value}${f.unit ?? ''}`, { size: 11 * k })
  }

  const table = d.status === 'retracted' ? null : d.table
  if (table && table.columns.length) {
    c.space(0.6 * lineHeight(12 * k))
    c.text(table.title, { size: 12 * k })
    c.space(0.3 * lineHeight(12 * k))
    drawTable(c, table, k)
  }

  // Notice period and how to object (not for a retracted version: it is no longer posted), the alignment state.
  c.space(0.6 * lineHeight(10 * k))
  if (isStillPosted(d.status)) {
    // Dates as the app writes them: 2026年12月8日.
    const from = d.publishedAt ? chineseDate(shanghaiDateOf(new Date(d.publishedAt))) : null
    const until = d.postingUntil ? chineseDate(shanghaiDateOf(new Date(d.postingUntil))) : null
    if (from) c.text(`公示期：${from}${until ? ` 至 ${until}` : ''}`, { size: 10 * k })
    c.text('如有异议，请在公示期内向村务监督委员会或乡镇人民政府反映。', { size: 10 * k })
  }
  c.text(`与政府公开数据对照：${d.alignment.label}`, { size: 10 * k })
  c.onNewSheet.pop()
}
