import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { findServiceGuideTemplate, formatYuan } from '@cunwu/domain'
import type { ServiceGuideDto } from '@cunwu/domain'
import { buildPosterDto } from '../testing/poster-dto'
import { renderPoster } from './poster.presenter'
import { renderGuidePoster } from './guide-poster.presenter'

const dir = mkdtempSync(join(tmpdir(), 'poster-presenter-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** pdftotext's reading of a PDF (with -layout or not), its pages (one string each), and pdffonts' font list. */
function read(pdf: Buffer, layout = true): { text: string; pages: string[]; fonts: string } {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  const text = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' })
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' })
  return { text, pages: text.split('\f').filter((p) => p.trim() !== ''), fonts }
}
/**
 * The text of each table column, sheet after sheet, read from pdftotext's word boxes: a word belongs to the column
 * whose header starts at or left of it, and a column's words are joined top to bottom, so a cell wrapped over
 * several lines reads back whole.
 */
function columnTexts(pdf: Buffer, labels: readonly string[]): string[] {
  const file = join(dir, `c-${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, pdf)
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' })
  const columns = labels.map(() => '')
  for (const page of html.split('<page').slice(1)) {
    const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].map(
      (m) => ({
        x: Number(m[1]),
        y: Number(m[2]),
        text: m[3] ?? '',
      }),
    )
    const heads = labels.map((label) => words.find((w) => w.text.startsWith(label)))
    const top = heads[0]?.y
    if (top === undefined) continue
    const xs = heads.map((h) => h?.x ?? Infinity)
    for (const w of words.filter((w) => w.y >= top).sort((a, b) => a.y - b.y || a.x - b.x)) {
      let column = 0
      xs.forEach((x, i) => {
        if (w.x >= x - 0.5) column = i
      })
      columns[column] += w.text
    }
  }
  return columns
}
const options = {
  size: 'A4' as const,
  link: 'https://example.cn/api/v1/p/0123456789abcdef01234567',
  printedAt: new Date(),
}
const flat = (s: string) => s.replace(/\s/g, '')

/** A 收入明细 with long cells: 摘要, 付款单位（个人）, an address and a 备注 of a whole sentence. */
function statement(rows: number) {
  return buildPosterDto(0, {
    title: '2026年11月村集体收入明细公开',
    columns: [
      { key: 'summary', label: '摘要', type: 'text', masked: false },
      { key: 'payer', label: '付款单位（个人）', type: 'text', masked: false },
      { key: 'amount', label: '金额', type: 'amount_fen', masked: false, total: true },
      { key: 'address', label: '地址', type: 'text', masked: false },
      { key: 'note', label: '备注', type: 'text', masked: false },
    ],
    rows: Array.from({ length: rows }, (_, i) => ({
      summary: i % 2 ? '村集体鱼塘承包费' : '村集体经济合作社办公楼出租租金收入',
      payer: i % 3 ? `云溪水产养殖专业合作社第${i}组` : '刘志强',
      amount: 1_234_500 + i,
      address: `云溪村第三村民小组东头老樟树旁边${i}号`,
      note: '按合同分两期支付，第二期于年底前付清，逾期按日加收千分之一的违约金，由村务监督委员会监督执行',
    })),
  })
}

describe('the notice-board poster', () => {
  it('should print every cell of a table with long cells in full, wrapped, with no ellipsis', async () => {
    const d = statement(40)
    const pdf = await renderPoster(d, options)
    const { text, pages } = read(pdf)
    expect(text).not.toContain('…')
    const keys = ['summary', 'payer', 'amount', 'address', 'note']
    const columns = columnTexts(pdf, ['摘要', '付款单位', '金额', '地址', '备注'])
    expect(columns[1]).toContain('付款单位（个人）')
    expect(columns[2]).toContain('金额（元）')
    for (const row of d.table?.rows ?? [])
      keys.forEach((key, i) => {
        const cell = key === 'amount' ? formatYuan(Number(row[key])) : String(row[key])
        expect(columns[i]).toContain(cell)
      })
    const all = flat(text)
    // The header on every sheet, and the numbers on one line each.
    expect(pages.length).toBeGreaterThan(1)
    for (const page of pages) expect(flat(page)).toContain('付款单位（个人）')
    expect(all).toContain('12,345.39')
  }, 60_000)

  it('should draw rare characters and emoji with a font that has them, and 〓 for one no font has', async () => {
    const d = buildPosterDto(0, {
      rows: [
        { name: '刘志强𠮷', household_size: 2, amount: 60_000, group: '第1组', id_number: '' },
        { name: '陈小红😀', household_size: 1, amount: 50_000, group: '第2组', id_number: '' },
        { name: '王\u{30EDD}明', household_size: 1, amount: 50_000, group: '第3组', id_number: '' },
      ],
    })
    const { text, fonts } = read(await renderPoster(d, options))
    expect(text).toContain('刘志强𠮷')
    expect(text).toContain('陈小红😀')
    // U+30EDD (CJK Extension G) is in none of the installed fonts: an honest mark, not an empty box or nothing.
    expect(text).toContain('王〓明')
    // The fallback font is embedded: WenQuanYi Zen Hei has neither 𠮷 nor 😀.
    expect(fonts).toMatch(/HanaMin|Symbola/)
  }, 60_000)

  it('should put the village, title and period on every later sheet, and never the totals alone', async () => {
    for (const rows of [36, 37, 38, 39, 40, 41, 42]) {
      const d = buildPosterDto(rows)
      const { pages } = read(await renderPoster(d, options))
      for (const page of pages.slice(1))
        expect(page).toContain('云溪村 · 2026年第一季度低保名单公示 · 2026年第1季度')
      const last = pages[pages.length - 1] ?? ''
      expect(last).toContain(`共 ${rows} 行`)
      // At least one row on the totals' sheet.
      expect(last, `${rows} rows`).toMatch(/张秀\d{3}/)
    }
  }, 120_000)

  it('should write every amount, date and the period as the app does: 1,000.00, 2026年12月8日, 2026年11月', async () => {
    // Tester r2 N2: cells and totals were printed 2640.00 beside the alignment's 1,870.00, dates 2026-12-08.
    const d = buildPosterDto(0, {
      period: '2026-11',
      publishedAt: '2026-12-08T02:00:00.000Z',
      postingUntil: '2026-12-15T02:00:00.000Z',
      rows: [
        { name: '王建国', household_size: 3, amount: 100_000, group: '第1组', id_number: '' },
        { name: '李秀英', household_size: 2, amount: 164_000, group: '第2组', id_number: '' },
      ],
      alignment: { status: 'inconsistent', label: '4 户有差异，合计相差 1,870.00 元' },
    })
    const { text } = read(
      await renderPoster(d, { ...options, printedAt: new Date('2026-12-09T01:00:00.000Z') }),
    )
    const all = flat(text)
    expect(all).toContain('1,000.00')
    expect(all).toContain('1,640.00')
    expect(all).toContain('月保障金合计2,640.00元')
    expect(all).toContain('合计相差1,870.00元')
    // No amount of four figures or more without its thousands separator.
    expect(all).not.toMatch(/\d{4}\.\d{2}/)
    expect(all).toContain('公示期：2026年12月8日至2026年12月15日')
    expect(all).toContain('打印日期2026年12月9日')
    expect(all).toContain('最低生活保障审批·2026年11月·第1版')
    expect(all).not.toContain('期次')
    expect(all).not.toMatch(/\d{4}-\d{2}/)
  }, 60_000)

  it('should leave out the notice period and how to object on a retracted version', async () => {
    const d = buildPosterDto(3, { status: 'retracted', retractReason: '名单有误，重新核对' })
    const { text } = read(await renderPoster(d, options))
    expect(text).toContain('本公示已撤回：名单有误，重新核对')
    expect(text).not.toContain('公示期')
    expect(text).not.toContain('如有异议')
    // No newer version to scan for.
    expect(text).not.toContain('最新版本')
    expect(text).toContain('扫码查看撤回说明')
    const live = read(await renderPoster(buildPosterDto(3), options)).text
    expect(live).toContain('扫码查看最新版本')
    expect(live).toContain('公示期：')
    expect(live).toContain('如有异议，请在公示期内')
  }, 60_000)
})

describe('the guide poster', () => {
  const template = findServiceGuideTemplate('dibao')
  if (!template) throw new Error('no dibao guide')
  const guide = (notes: ServiceGuideDto['notes']) =>
    ({ id: 'dibao', content: template.content, notes }) as unknown as ServiceGuideDto
  const note = {
    level: 'village',
    regionName: '云溪村',
    place: '村委会一楼',
    hours: '工作日 8:30—17:00',
    contact: '0791-88881234',
    note: null,
  }

  it('should label the time limit, fee and whom to ask on lines of their own, and print 本地办理', async () => {
    const { text } = read(await renderGuidePoster(guide([note] as never), options))
    const lines = text.split('\n').map((l) => l.trim())
    expect(lines.some((l) => l.startsWith('办理时限：'))).toBe(true)
    expect(lines.some((l) => l.startsWith('收费：'))).toBe(true)
    expect(lines.some((l) => /^咨询(电话)?：/.test(l))).toBe(true)
    // The place text points to 本地办理, and the poster has that section with the village's note.
    expect(text).toContain('见下方“本地办理”')
    expect(lines).toContain('本地办理')
    expect(flat(text)).toContain('云溪村：地点：村委会一楼')
  }, 60_000)

  it('should write the print date and the check date as the app does: 2026年12月9日', async () => {
    // The guide's footer printed 打印日期 2026-12-09 while the disclosures' posters print 2026年12月9日.
    const printedAt = new Date('2026-12-08T16:30:00.000Z') // 00:30 on the 9th in China
    const { text } = read(await renderGuidePoster(guide([note] as never), { ...options, printedAt }))
    const all = flat(text)
    expect(all).toContain('打印日期2026年12月9日')
    const [y, m, d] = template.content.checkedOn.split('-').map(Number)
    expect(all).toContain(`资料核对日期${y}年${m}月${d}日`)
    expect(all).not.toMatch(/\d{4}-\d{2}-\d{2}/)
  }, 60_000)

  it('should carry the footer with page numbers on every sheet of a guide longer than one', async () => {
    const long = Array.from({ length: 12 }, (_, i) => ({
      ...note,
      regionName: `第${i}村`,
      note: '带齐材料'.repeat(40),
    }))
    const { pages } = read(await renderGuidePoster(guide(long as never), options))
    expect(pages.length).toBeGreaterThan(1)
    pages.forEach((page, i) => expect(page).toContain(`第${i + 1}/${pages.length}页`))
  }, 60_000)
})
