import PDFDocument from 'pdfkit'
import type { PosterSize, ServiceGuideDto } from '@cunwu/domain'
import { shanghaiDateOf } from '@cunwu/domain'
import { drawQr, posterFont } from './poster.presenter'

/** What a printed guide needs beyond the guide: the link its QR code opens, the size and the print time. */
export interface GuidePosterOptions {
  size: PosterSize
  /** Absolute link of the guide's page (`guidePagePath`). */
  link: string
  printedAt: Date
}

const SCALE: Record<PosterSize, number> = { A4: 1, A3: Math.SQRT2 }

/**
 * A 办事指南 on one sheet for the notice board (`docs/service-guides.md`): what it is, who may apply, what to bring,
 * the numbered steps, where and when with the local notes, whom to ask, and a QR code of the guide's page (which
 * also reads it aloud). Drawn from the public DTO, with the posters' font; text stays text.
 */
export async function renderGuidePoster(g: ServiceGuideDto, options: GuidePosterOptions): Promise<Buffer> {
  const k = SCALE[options.size]
  const c = g.content
  const margin = 36 * k
  const doc = new PDFDocument({ size: options.size, margin, info: { Title: c.name, Creator: '村务通' } })
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('cjk', posterFont(), 'WenQuanYiZenHei')
  doc.font('cjk').fillColor('#000000')
  const full = doc.page.width - 2 * margin
  const qrSize = 96 * k
  // The head leaves room for the QR code at the top right.
  const head = full - qrSize - 12 * k
  drawQr(doc, options.link, margin + full - qrSize, margin, qrSize)
  doc.fontSize(8 * k).text('扫码看全文、听朗读', margin + full - qrSize, margin + qrSize + 2 * k, {
    width: qrSize,
    align: 'center',
  })
  doc.fontSize(22 * k).text(`办事指南：${c.name}`, margin, margin, { width: head })
  doc
    .moveDown(0.3)
    .fontSize(12 * k)
    .text(c.summary, { width: head })
  doc.y = Math.max(doc.y, margin + qrSize + 16 * k)

  const heading = (title: string) =>
    doc
      .moveDown(0.5)
      .fontSize(15 * k)
      .text(title, margin, doc.y, { width: full })
  const body = (text: string) =>
    doc.fontSize(12 * k).text(text, margin, doc.y, { width: full, lineGap: 2 * k })

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
  body(c.place.replace(/本地的地点和时间见下方“本地办理”。?/, ''))
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
  body(`${c.timeLimit} ${c.fee} ${c.contact}`)
  doc
    .moveDown(0.6)
    .fontSize(7.5 * k)
    .fillColor('#444444')
    .text(
      `依据：${c.basis.map((b) => `${b.title}${b.articles ?? ''}`).join('；')}。资料核对日期 ${c.checkedOn}，打印日期 ${shanghaiDateOf(options.printedAt)}。`,
      margin,
      doc.y,
      { width: full },
    )
  doc.end()
  return done
}
