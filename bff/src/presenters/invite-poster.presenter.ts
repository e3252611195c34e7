import PDFDocument from 'pdfkit'
import type { InvitePosterSize } from '@cunwu/domain'
import { shanghaiDateOf } from '@cunwu/domain'
import { drawQr, posterFont } from './poster.presenter'

/** What a printed join invite shows. */
export interface InvitePoster {
  villageName: string
  /** The invited household member. */
  name: string
  /** Absolute link the QR code encodes (`inviteLinkPath`). */
  link: string
  expiresAt: Date
  size: InvitePosterSize
}

/** ISO 216 A5 (148 × 210 mm) is the base; A4 scales every length by √2. */
const SCALE: Record<InvitePosterSize, number> = { A5: 1, A4: Math.SQRT2 }

/**
 * The secretary's join invite on paper (`docs/posters.md`): the village, whom it is for, a large QR code and how to
 * use it, on one A5 sheet (or A4). Text stays text; the QR code is vector, like the notice-board poster's.
 */
export async function renderInvitePoster(p: InvitePoster): Promise<Buffer> {
  const k = SCALE[p.size]
  const doc = new PDFDocument({
    size: p.size,
    margin: 32 * k,
    info: { Title: `${p.villageName}村务通邀请`, Creator: '村务通' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', posterFont(), 'WenQuanYiZenHei')
  const width = doc.page.width - 64 * k
  const left = 32 * k
  doc.font('cjk').fillColor('#000000')
  doc.fontSize(26 * k).text('邀请您加入村务通', left, 40 * k, { width, align: 'center' })
  doc.fontSize(16 * k).text(p.villageName, { width, align: 'center' })
  doc.moveDown(0.6)
  doc.fontSize(15 * k).text(`${p.name}，请用微信“扫一扫”扫描下面的二维码`, { width, align: 'center' })
  const qrSize = 230 * k
  const qrTop = doc.y + 12 * k
  drawQr(doc, p.link, (doc.page.width - qrSize) / 2, qrTop, qrSize)
  doc.y = qrTop + qrSize + 14 * k
  doc.fontSize(13 * k)
  doc.text('扫码后按提示确认，就能看到本村的村务公开。', left, doc.y, {
    width,
    align: 'center',
  })
  doc.moveDown(0.4)
  doc.text(`有效期到 ${shanghaiDateOf(p.expiresAt)}，只能用一次。`, { width, align: 'center' })
  doc.moveDown(0.4)
  doc.fontSize(11 * k).fillColor('#444444')
  doc.text('这张邀请只给本人使用，请不要转给别人。', { width, align: 'center' })
  doc.end()
  return done
}
