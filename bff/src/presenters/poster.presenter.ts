import { existsSync, readFileSync } from 'node:fs'
import type { DisclosureDto, PosterSize } from '@cunwu/domain'
import { shanghaiDateOf } from '@cunwu/domain'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'
import { serviceUnavailable } from '../errors'

/**
 * The printed notice-board poster (公开栏) of a public disclosure, drawn with pdfkit (`docs/posters.md`). It is drawn
 * from the public DTO only (the privacy presenter's output), so nothing hidden on screen can reach the paper.
 */

/** Debian's fonts-wqy-zenhei (GPL-2.0 with the font embedding exception); pdfkit embeds the used glyphs only. */
export const POSTER_FONT_PATH = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'
const POSTER_FONT_FAMILY = 'WenQuanYiZenHei'

let fontBytes: Buffer | null = null
/** The poster font's bytes, read once; 503 when Debian's fonts-wqy-zenhei is not installed. */
export function posterFont(): Buffer {
  if (fontBytes) return fontBytes
  if (!existsSync(POSTER_FONT_PATH)) throw serviceUnavailable('打印字体未安装，暂不能生成公示海报')
  fontBytes = readFileSync(POSTER_FONT_PATH)
  return fontBytes
}

/** Sizes in PDF points (1/72 inch), portrait: ISO 216 A4 210 × 297 mm and A3 297 × 420 mm. */
const PAGE: Record<PosterSize, { scale: number }> = { A4: { scale: 1 }, A3: { scale: Math.SQRT2 } }

/** What the poster needs beyond the disclosure: the link its QR code encodes and the print time. */
export interface PosterOptions {
  size: PosterSize
  /** Absolute HTTPS link of the item (`posterLinkPath`). */
  link: string
  printedAt: Date
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}

function cellText(type: string, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (type === 'amount_fen' && typeof value === 'number') return yuan(value)
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
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
  const doc = new PDFDocument({
    size: options.size,
    margin,
    info: {
      Title:
        items.length === 1 && first
          ? first.title
          : `${first?.catalogItemName ?? ''}公示（${items.length}份）`,
      Creator: '村务通',
    },
    bufferPages: true,
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', posterFont(), POSTER_FONT_FAMILY)
  const printed = shanghaiDateOf(options.printedAt)
  items.forEach((item, i) => {
    if (i > 0) doc.addPage()
    const start = doc.bufferedPageRange().count - 1
    drawPoster(doc, item.disclosure, item.link, k)
    const end = doc.bufferedPageRange().count
    // Footer on every sheet of this poster: version, print date, page number, the link.
    for (let page = start; page < end; page++) {
      doc.switchToPage(page)
      const y = doc.page.height - margin + 2
      doc.page.margins.bottom = 0
      doc
        .fontSize(8 * k)
        .fillColor('#333333')
        .text(
          `第${item.disclosure.version}版 · 打印日期 ${printed} · 第${page - start + 1}/${end - start}页 · ${item.link}`,
          margin,
          y,
          { width: doc.page.width - margin * 2, align: 'center', lineBreak: false },
        )
      doc.page.margins.bottom = margin
    }
    doc.switchToPage(end - 1)
  })
  doc.end()
  return done
}

/** Draws one poster from the current page on. */
function drawPoster(doc: PDFKit.PDFDocument, d: DisclosureDto, link: string, k: number): void {
  const margin = doc.page.margins.left
  doc.font('cjk').fillColor('#000000')
  doc.x = margin
  doc.y = margin
  const width = doc.page.width - margin * 2
  const bottom = () => doc.page.height - margin - 14 * k
  const qrSize = 96 * k

  // Heading, with the QR code at the top right.
  drawQr(doc, link, margin + width - qrSize, margin, qrSize)
  doc
    .fontSize(9 * k)
    .fillColor('#333333')
    .text('扫码查看最新版本', margin + width - qrSize, margin + qrSize + 2, {
      width: qrSize,
      align: 'center',
    })
  const textWidth = width - qrSize - 12 * k
  doc
    .fillColor('#000000')
    .fontSize(12 * k)
    .text(`${d.regionName ?? ''} 村务公开栏`, margin, margin, { width: textWidth })
  doc
    .moveDown(0.3)
    .fontSize(20 * k)
    .text(d.title, { width: textWidth })
  doc
    .moveDown(0.3)
    .fontSize(10 * k)
    .text(`${d.catalogItemName} · 期次 ${d.period} · 第${d.version}版`, { width: textWidth })
  doc.y = Math.max(doc.y, margin + qrSize + 16 * k)

  // What state the printed version is in: a retracted or superseded one says so before anything else.
  if (d.status === 'retracted') {
    doc
      .moveDown(0.5)
      .fontSize(16 * k)
      .fillColor('#b00020')
      .text(`本公示已撤回：${d.retractReason ?? '未说明原因'}`, { width })
    doc.fillColor('#000000')
  } else if (d.status === 'superseded') {
    const by = d.alignment.supersededBy
    doc
      .moveDown(0.5)
      .fontSize(14 * k)
      .fillColor('#b00020')
      .text(
        by ? `本版已被第${by.version}版取代，请扫码查看最新版本` : '本版已被新版本取代，请扫码查看最新版本',
        { width },
      )
    doc.fillColor('#000000')
  }

  if (d.body)
    doc
      .moveDown(0.5)
      .fontSize(11 * k)
      .text(d.body, { width, lineGap: 2 })
  if (d.figures.length) {
    doc.moveDown(0.5).fontSize(11 * k)
    for (const f of d.figures) doc.text(`${f.name}：${f.value}${f.unit ?? ''}`, { width })
  }

  const table = d.status === 'retracted' ? null : d.table
  if (table && table.columns.length) {
    doc
      .moveDown(0.6)
      .fontSize(12 * k)
      .text(table.title, { width })
    const fontSize = 9 * k
    const rowH = 16 * k
    const colW = width / table.columns.length
    const header = table.columns.map((c) =>
      c.type === 'amount_fen' ? `${c.label}（元）` : c.unit ? `${c.label}（${c.unit}）` : c.label,
    )
    const drawRow = (cells: string[], bold: boolean) => {
      const y = doc.y
      if (bold) doc.rect(margin, y, width, rowH).fill('#eeeeee').fillColor('#000000')
      cells.forEach((text, i) => {
        doc.fontSize(fontSize).text(text, margin + i * colW + 3, y + (rowH - fontSize) / 2 - 1, {
          width: colW - 6,
          height: rowH,
          lineBreak: false,
          ellipsis: true,
        })
      })
      doc
        .moveTo(margin, y + rowH)
        .lineTo(margin + width, y + rowH)
        .lineWidth(0.5)
        .strokeColor('#999999')
        .stroke()
      doc.x = margin
      doc.y = y + rowH
    }
    doc.moveDown(0.3)
    drawRow(header, true)
    for (const row of table.rows) {
      if (doc.y + rowH > bottom()) {
        doc.addPage()
        doc.font('cjk')
        drawRow(header, true)
      }
      drawRow(
        table.columns.map((c) => cellText(c.type, row[c.key])),
        false,
      )
    }
    const totals = table.columns.filter((c) => c.total && table.totals[c.key] !== undefined)
    doc.moveDown(0.4).fontSize(11 * k)
    doc.text(
      [
        `共 ${table.rowCount} 行`,
        ...totals.map(
          (c) =>
            `${c.label}合计 ${cellText(c.type, table.totals[c.key])}${c.type === 'amount_fen' ? ' 元' : (c.unit ?? '')}`,
        ),
      ].join('；'),
      margin,
      doc.y,
      { width },
    )
    if (table.omittedRowCount) doc.text(`另有 ${table.omittedRowCount} 行涉及未成年人，依法不公开`, { width })
  }

  // Notice period, how to object, the alignment state.
  doc.moveDown(0.6).fontSize(10 * k)
  const from = d.publishedAt ? shanghaiDateOf(new Date(d.publishedAt)) : null
  const until = d.postingUntil ? shanghaiDateOf(new Date(d.postingUntil)) : null
  if (from) doc.text(`公示期：${from}${until ? ` 至 ${until}` : ''}`, { width })
  doc.text('如有异议，请在公示期内向村务监督委员会或乡镇人民政府反映。', { width })
  doc.text(`与政府公开数据对照：${d.alignment.label}`, { width })
}
