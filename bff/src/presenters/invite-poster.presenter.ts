import type { InvitePosterSize } from '@cunwu/domain'
import { shanghaiDateOf } from '@cunwu/domain'
import { drawQr, openPosterDocument } from './poster.presenter'
import { PosterCanvas, lineHeight } from './poster-text'

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
 * use it, on one A5 sheet (or A4). Text stays text, in the posters' fonts (a rare character in a name prints); the
 * QR code is vector, like the notice-board poster's.
 */
export async function renderInvitePoster(p: InvitePoster): Promise<Buffer> {
  const k = SCALE[p.size]
  const margin = 32 * k
  const { doc, fonts, done } = openPosterDocument({
    size: p.size,
    margin,
    info: { Title: `${p.villageName}村务通邀请`, Creator: '村务通' },
  })
  const c = new PosterCanvas(doc, fonts, margin, 0)
  const center = { align: 'center' as const }
  c.y = 40 * k
  c.text('邀请您加入村务通', { size: 26 * k, ...center })
  c.text(p.villageName, { size: 16 * k, ...center })
  c.space(0.6 * lineHeight(16 * k))
  c.text(`${p.name}，请用微信“扫一扫”扫描下面的二维码`, { size: 15 * k, ...center })
  const qrSize = 230 * k
  const qrTop = c.y + 12 * k
  drawQr(doc, p.link, (doc.page.width - qrSize) / 2, qrTop, qrSize)
  c.y = qrTop + qrSize + 14 * k
  c.text('扫码后按提示确认，就能看到本村的村务公开。', { size: 13 * k, ...center })
  c.space(0.4 * lineHeight(13 * k))
  c.text(`有效期到 ${shanghaiDateOf(p.expiresAt)}，只能用一次。`, { size: 13 * k, ...center })
  c.space(0.4 * lineHeight(13 * k))
  c.text('这张邀请只给本人使用，请不要转给别人。', { size: 11 * k, color: '#444444', ...center })
  doc.end()
  return done
}
