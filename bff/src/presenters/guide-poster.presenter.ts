import type { PosterSize, ServiceGuideDto } from '@cunwu/domain'
import { chineseDate, shanghaiDateOf } from '@cunwu/domain'
import { drawFooters, drawQr, openPosterDocument } from './poster.presenter'
import { PosterCanvas, lineHeight } from './poster-text'

/** What a printed guide needs beyond the guide: the link its QR code opens, the size and the print time. */
export interface GuidePosterOptions {
  size: PosterSize
  /** Absolute link of the guide's page (`guidePagePath`). */
  link: string
  printedAt: Date
}

const SCALE: Record<PosterSize, number> = { A4: 1, A3: Math.SQRT2 }

/** The guide's text points to the local notes under this heading; the poster prints them under it too. */
const LOCAL_HEADING = '本地办理'

/**
 * A 办事指南 for the notice board (`docs/service-guides.md`): what it is, who may apply, what to bring, the numbered
 * steps, where and when, the local notes (本地办理), how long, the fee and whom to ask on labelled lines, and a QR
 * code of the guide's page (which also reads it aloud). Drawn from the public DTO, with the posters' fonts; text
 * stays text. A guide longer than a sheet carries the footer (name, print date, page numbers) on every sheet.
 */
export async function renderGuidePoster(g: ServiceGuideDto, options: GuidePosterOptions): Promise<Buffer> {
  const k = SCALE[options.size]
  const c = g.content
  const margin = 36 * k
  const { doc, fonts, done } = openPosterDocument({
    size: options.size,
    margin,
    info: { Title: c.name, Creator: '村务通' },
  })
  const canvas = new PosterCanvas(doc, fonts, margin, 10 * k)
  const full = canvas.width
  const qrSize = 96 * k
  // The head leaves room for the QR code at the top right.
  const head = full - qrSize - 12 * k
  drawQr(doc, options.link, margin + full - qrSize, margin, qrSize)
  canvas.y = margin + qrSize + 2 * k
  canvas.text('扫码看全文、听朗读', {
    size: 8 * k,
    x: margin + full - qrSize,
    width: qrSize,
    align: 'center',
  })
  canvas.y = margin
  canvas.text(`办事指南：${c.name}`, { size: 22 * k, width: head })
  canvas.space(0.3 * lineHeight(12 * k))
  canvas.text(c.summary, { size: 12 * k, width: head })
  canvas.y = Math.max(canvas.y, margin + qrSize + 16 * k)

  const heading = (title: string) => {
    canvas.space(0.5 * lineHeight(12 * k))
    // A heading starts a sheet rather than end one.
    if (!canvas.fits(lineHeight(15 * k) + lineHeight(12 * k, 1 * k))) canvas.newSheet()
    canvas.text(title, { size: 15 * k })
  }
  const body = (text: string) => canvas.text(text, { size: 12 * k, gap: 1 * k })

  heading('谁可以申请')
  for (const line of c.eligibility) body(`· ${line}`)
  heading('由谁去办')
  body(c.applicant)
  if (c.materials.length > 0) {
    heading('要带的材料')
    body(c.materials.map((m) => m.name).join('；'))
  }
  heading('办理步骤')
  c.steps.forEach((s, i) =>
    body(`${i + 1}. ${s.title}：${s.detail}${s.timeLimit ? `（${s.timeLimit}）` : ''}`),
  )
  heading('去哪里办、什么时间')
  body(c.place)
  // The section the place text points to ("见下方“本地办理”"), printed under that name.
  heading(LOCAL_HEADING)
  if (g.notes.length === 0) body('本村和乡镇还没有填写本地的办理地点和时间，请向村委会询问。')
  for (const n of g.notes) {
    const parts = [
      n.place && `地点：${n.place}`,
      n.hours && `时间：${n.hours}`,
      n.contact && `电话：${n.contact}`,
      n.note,
    ]
    body(
      `${n.regionName ?? (n.level === 'village' ? '本村' : '本乡镇')}：${parts.filter(Boolean).join('；')}`,
    )
  }
  heading('要多久 · 收不收费 · 问谁')
  body(`办理时限：${c.timeLimit}`)
  body(`收费：${c.fee}`)
  // 咨询电话 when the text gives a number; many guides name the office to ask instead.
  body(`${/\d{3,}/.test(c.contact) ? '咨询电话' : '咨询'}：${c.contact}`)
  canvas.space(0.6 * lineHeight(7.5 * k))
  canvas.text(
    `依据：${c.basis.map((b) => `${b.title}${b.articles ?? ''}`).join('；')}。资料核对日期 ${chineseDate(c.checkedOn)}。`,
    { size: 7.5 * k, color: '#444444' },
  )
  // Dates as the app writes them (`chineseDate`: 2026年12月9日), as on the disclosures' posters.
  const printed = chineseDate(shanghaiDateOf(options.printedAt))
  drawFooters(
    canvas,
    0,
    doc.bufferedPageRange().count,
    7.5 * k,
    (page, pages) => `办事指南：${c.name} · 打印日期 ${printed} · 第${page}/${pages}页`,
  )
  doc.end()
  return done
}
