import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DisclosureDto, PresentedTableDto } from '../api/disclosures'
import { presentTableRows } from '../privacy/present'
import { tableTotals } from '../tables'
import type { TableSchema } from '../catalog/table-schema'
import { DIBAO_ROSTER_TABLE } from '../catalog/items/tables'
import { SPEECH_LIST_MAX_ROWS, spokenLabel, writeSpeechScript } from './script'
import { SpeechAudioRequestSchema, speechDownloadName } from './schema'

const TODAY = '2026-12-06'
const NAMES = [
  '张三',
  '李秀英',
  '王建国',
  '赵四',
  '钱五',
  '孙六',
  '周七',
  '吴八',
  '郑九',
  '冯十',
  '陈十一',
  '褚十二',
]

/** A presented public table the way the BFF builds it (the one privacy presenter, then the totals). */
function publicTable(schema: TableSchema, rows: Record<string, string | number | boolean | null>[]) {
  const presented = presentTableRows(schema, rows, { audience: 'public', asOf: TODAY })
  const table: PresentedTableDto = {
    title: schema.title,
    columns: presented.columns,
    rows: presented.rows,
    totals: tableTotals(schema, presented.rows),
    rowCount: presented.rows.length,
    omittedRowCount: presented.omittedRowCount,
  }
  return table
}

function dibaoRows(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: NAMES[i % NAMES.length] ?? '张三',
    household_size: (i % 4) + 1,
    amount: 135_000 + i * 50,
    group: `${(i % 3) + 1}组`,
    id_number: `11010519491231${String(1000 + i).slice(-3)}2`,
    household_no: `HH-0000${i}`,
    bank_account: `62220212345678${String(9000 + i)}`,
    phone: `1380013${String(8000 + i)}`,
  }))
}

function disclosure(over: Partial<DisclosureDto> = {}): DisclosureDto {
  return {
    id: 'a'.repeat(24),
    regionCode: '110105001001',
    regionName: '桃园村',
    catalogItemId: 'dibao-roster',
    catalogItemName: '最低生活保障对象',
    domainId: 'welfare',
    period: '2026-Q4',
    version: 1,
    status: 'published',
    title: '2026年第四季度低保对象名单公示',
    body: '',
    interpretation: null,
    figures: [],
    table: publicTable(DIBAO_ROSTER_TABLE, dibaoRows(3)),
    attachments: [],
    changeNote: null,
    publishedAt: '2026-12-01T02:00:00.000Z',
    postingUntil: '2026-12-11T15:59:59.000Z',
    retractReason: null,
    reviewComment: null,
    alignment: { status: 'unknown', label: '暂无对照信息' },
    ...over,
  }
}

describe('writeSpeechScript', () => {
  it('should say what it is, where, which period, and the notice period and how to object', () => {
    const { text } = writeSpeechScript(disclosure(), { part: 'summary', today: TODAY })
    expect(text).toContain('桃园村，二零二六年第四季度低保对象名单公示。')
    expect(text).toContain('这是最低生活保障对象，二零二六年第四季度。')
    expect(text).toContain('公示期从十二月一日到十二月十一日。')
    expect(text).toContain('如有异议，请在公示期内向村务监督委员会或乡镇人民政府反映。')
    expect(text).not.toMatch(/[0-9]/)
  })

  it('should read a short list row by row with counts and amounts said naturally', () => {
    const { text, hasList } = writeSpeechScript(disclosure(), { part: 'summary', today: TODAY })
    expect(text).toContain('最低生活保障对象名单，共三户。')
    expect(text).toContain('家庭成员数量合计六人，每月保障金额合计四千零五十一元五角。')
    expect(text).toContain('第一户，张三，一人，每月保障金额一千三百五十元，村民小组一组。')
    expect(text).toContain('第二户，李秀英，两人，每月保障金额一千三百五十元五角，村民小组二组。')
    expect(hasList).toBe(false)
  })

  it('should never read ID, bank, phone or household numbers, not even masked', () => {
    const d = disclosure()
    const { text } = writeSpeechScript(d, { part: 'list', today: TODAY })
    for (const row of dibaoRows(3)) {
      for (const secret of [row.id_number, row.bank_account, row.phone, row.household_no])
        expect(text).not.toContain(secret)
    }
    expect(text).not.toMatch(/身份证|账号|电话|户号|\*/)
  })

  it('should not read a masked column at all', () => {
    const masked: TableSchema = {
      ...DIBAO_ROSTER_TABLE,
      columns: DIBAO_ROSTER_TABLE.columns.map((c) =>
        c.key === 'id_number'
          ? { ...c, policy: 'masked' }
          : c.key === 'name'
            ? { ...c, policy: 'masked' }
            : c,
      ),
    }
    const table = publicTable(masked, dibaoRows(3))
    // The public view shows them masked (张*, 110***********1002): the script reads neither.
    expect(table.rows[0]?.name).toBe('张*')
    const { text } = writeSpeechScript(disclosure({ table }), { part: 'list', today: TODAY })
    expect(text).not.toContain('张')
    expect(text).not.toContain('零一一')
    expect(text).not.toContain('一一零')
    expect(text).toContain('第一户，一人，每月保障金额一千三百五十元')
  })

  it('should drop a masked number from free text (the scrubber masks a pasted ID; the script drops what is left)', () => {
    const d = disclosure({ body: '经核实，张三（身份证110***********002X）符合条件，每月补助1350.5元。' })
    const { text } = writeSpeechScript(d, { part: 'summary', today: TODAY })
    expect(text).toContain('张三（身份证号码不公开）符合条件，每月补助一千三百五十元五角。')
    expect(text).not.toContain('零零二')
  })

  it('should summarise a long list and offer it row by row', () => {
    const d = disclosure({ table: publicTable(DIBAO_ROSTER_TABLE, dibaoRows(42)) })
    const summary = writeSpeechScript(d, { part: 'summary', today: TODAY })
    expect(summary.text).toContain('最低生活保障对象名单，共四十二户。')
    expect(summary.text).toContain('每月保障金额合计')
    expect(summary.text).toContain('要逐个收听，请点“逐个收听”。')
    expect(summary.text).not.toContain('第一户')
    expect(summary.hasList).toBe(true)
    const list = writeSpeechScript(d, { part: 'list', today: TODAY })
    expect(list.text).toContain('第四十二户，')
    expect(list.hasList).toBe(false)
  })

  it('should stop a very long list after the most rows read and say where the rest is', () => {
    const d = disclosure({ table: publicTable(DIBAO_ROSTER_TABLE, dibaoRows(SPEECH_LIST_MAX_ROWS + 5)) })
    const { text } = writeSpeechScript(d, { part: 'list', today: TODAY })
    expect(text).toContain('第三百户，')
    expect(text).not.toContain('第三百零一户')
    expect(text).toContain('其余五户请在村务通里查看。')
  })

  it('should say rows about minors were left out', () => {
    const rows = dibaoRows(3)
    const minor = rows[2]
    if (minor) minor.id_number = '110105201501011234'
    const { text } = writeSpeechScript(disclosure({ table: publicTable(DIBAO_ROSTER_TABLE, rows) }), {
      part: 'summary',
      today: TODAY,
    })
    expect(text).toContain('共两户。')
    expect(text).toContain('另有一户涉及未成年人，依法不公开。')
  })

  it('should say the year of a date in another year', () => {
    const d = disclosure({
      publishedAt: '2025-12-28T02:00:00.000Z',
      postingUntil: '2026-01-05T15:59:59.000Z',
    })
    const { text } = writeSpeechScript(d, { part: 'summary', today: '2026-01-02' })
    expect(text).toContain('公示期从二零二五年十二月二十八日到一月五日。')
  })

  it('should read figures with their units', () => {
    const d = disclosure({ figures: [{ name: '低保标准', value: 680, unit: '元/月' }], table: null })
    expect(writeSpeechScript(d, { part: 'summary', today: TODAY }).text).toContain(
      '低保标准：六百八十元每月。',
    )
  })

  it('should say first that a version was replaced, and for a retracted one only that and why', () => {
    const old = disclosure({
      status: 'superseded',
      alignment: {
        status: 'superseded',
        label: '已被第2版取代',
        supersededBy: { id: 'b'.repeat(24), version: 2 },
      },
    })
    expect(writeSpeechScript(old, { part: 'summary', today: TODAY }).text).toMatch(
      /^这是旧版本，已经被第二版取代。/,
    )
    const gone = disclosure({ status: 'retracted', retractReason: '名单有误，核实后重新公示' })
    const { text } = writeSpeechScript(gone, { part: 'summary', today: TODAY })
    expect(text).toBe(
      '二零二六年第四季度低保对象名单公示，这条公示已经撤回。撤回原因：名单有误，核实后重新公示。',
    )
  })

  it('should say the alignment badge in one sentence when the list differs from the government’s, and only then', () => {
    const differs = disclosure({
      alignment: { status: 'inconsistent', label: '1 户有差异，合计相差 62.50 元，乡镇核查中' },
    })
    const { text } = writeSpeechScript(differs, { part: 'summary', today: TODAY })
    expect(text).toContain('。对照政府公开的内容，一户有差异，合计相差六十二元五角，乡镇核查中。公示期')
    const agrees = disclosure({ alignment: { status: 'consistent', label: '与乡镇公开一致 · 待乡镇核验' } })
    expect(writeSpeechScript(agrees, { part: 'summary', today: TODAY }).text).not.toContain('对照政府')
  })

  it('should open and close a loudspeaker broadcast and read every row', () => {
    const d = disclosure({ table: publicTable(DIBAO_ROSTER_TABLE, dibaoRows(42)) })
    const { text } = writeSpeechScript(d, { part: 'broadcast', today: TODAY })
    expect(text).toMatch(/^各位村民请注意，现在播送桃园村的村务公开。/)
    expect(text).toContain('第四十二户，')
    expect(text).toMatch(/以上是本次播送的村务公开，欢迎村民监督。$/)
  })

  it('should shorten a long body at a sentence end', () => {
    const body = '本村低保工作按照规定进行。'.repeat(60)
    const { text } = writeSpeechScript(disclosure({ body, table: null }), { part: 'summary', today: TODAY })
    expect(text).toContain('其余内容请在村务通里查看。')
    expect(text.length).toBeLessThan(600)
  })
})

describe('spokenLabel', () => {
  it('should turn bracketed periods into spoken words', () => {
    expect(spokenLabel('保障金额（月）')).toBe('每月保障金额')
    expect(spokenLabel('补贴标准（每亩）')).toBe('补贴标准每亩')
    expect(spokenLabel('补贴金额（元）')).toBe('补贴金额')
    expect(spokenLabel('补贴金额')).toBe('补贴金额')
  })
})

describe('speechDownloadName', () => {
  it('should give names the audio route accepts, whatever the title', () => {
    expect(speechDownloadName('2026/Q1 低保名单："第一批"')).toBe('2026-Q1 低保名单：-第一批-')
    expect(speechDownloadName('   ')).toBe('村务公开')
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (title) => {
        expect(
          SpeechAudioRequestSchema.query.safeParse({ download: '1', name: speechDownloadName(title) })
            .success,
        ).toBe(true)
      }),
      { numRuns: 50 },
    )
    // Generating arbitrary Unicode titles is slow on a loaded machine; the property needs no more than 50 of them.
  }, 30_000)
})
