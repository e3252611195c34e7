import ExcelJS from 'exceljs'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildXlsx } from '../../../../packages/tables/src/test-builders'
import { buildTestApp } from '../../testing/build-app'
import type { TestApp } from '../../testing/build-app'
import { signIn } from '../../testing/sign-in'
import { buildIdNumber, dibaoItem } from '../../testing/factories'
import { demoHouseholds } from '../../services/seed.service'
import { demoRegionOf } from '../../testing/demo'

// Every import is parsed in a worker thread (a few seconds to start on a loaded machine).
vi.setConfig({ testTimeout: 120_000 })

const V1 = demoRegionOf('demo-secretary')
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const HEADER = ['序号', '户主姓名', '保障人数', '保障金额（元）', '户号', '备注']

/**
 * What an import says about the sheets, rows and cells of a workbook as secretaries keep it
 * (docs/spreadsheet-imports.md "Workbooks with several sheets" and "Rows that are not imported"), through the
 * routes, the services and the worker thread.
 */
describe('table imports: sheets, skipped rows and messages', () => {
  let t: TestApp
  let server: ReturnType<TestApp['app']['callback']>
  let secretary = ''
  const item = dibaoItem()
  const roster = demoHouseholds(V1)

  beforeAll(async () => {
    t = await buildTestApp()
    server = t.app.callback()
    secretary = (await signIn(t.app, 'demo-secretary')).auth
  })
  afterAll(async () => {
    await t.close()
  })

  async function upload(file: Buffer, filename: string, contentType = XLSX) {
    const started = await request(server)
      .post(`/api/v1/villages/${V1}/table-imports?catalogItemId=${item.id}`)
      .set('Authorization', secretary)
      .attach('file', file, { filename, contentType })
    expect(started.status).toBe(202)
    for (let i = 0; i < 1200; i++) {
      const res = await request(server)
        .get(`/api/v1/table-imports/${started.body.id}`)
        .set('Authorization', secretary)
      if (res.body.status !== 'processing') return res
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error('import did not finish')
  }

  const h = (i: number) => roster[i] ?? { headName: '', householdNo: '' }

  it('should import one of two monthly sheets with the same households, not both, and let the other be chosen (re-probe N1)', async () => {
    const id = (i: number) => buildIdNumber('19600101', i + 1)
    const row = (i: number, amount: number) => [i + 1, h(i).headName, 1, amount, h(i).householdNo, '', id(i)]
    const header = [...HEADER, '身份证号码']
    const file = await buildXlsx([
      { name: '2026年6月', rows: [header, row(0, 600), row(1, 600), row(2, 600)] },
      { name: '2026年5月', rows: [header, row(0, 500), row(1, 500)] },
    ])
    const done = await upload(file, '低保按月.xlsx')
    expect(done.body.status).toBe('ready')
    expect(done.body.rowCount).toBe(3)
    expect(done.body.sheets).toEqual([
      { index: 0, name: '2026年6月', dataRows: 3, use: 'used' },
      { index: 1, name: '2026年5月', dataRows: 2, use: 'overlaps', overlapsWith: '2026年6月' },
    ])
    expect(done.body.warnings).toEqual([])
    const chosen = await request(server)
      .post(`/api/v1/table-imports/${done.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ sheetIndex: 1 })
    expect(chosen.body).toMatchObject({ status: 'ready', rowCount: 2, sheetIndex: 1 })
  })

  it('should import every sheet per 村民小组, skip the 填表说明 sheet and report each; mismatches name the sheet row', async () => {
    const file = await buildXlsx([
      {
        name: '填表说明',
        rows: [['请按下表格式在各组工作表中填写'], [], HEADER, [1, '张三（示例）', 3, 1200, '001']],
      },
      {
        name: '一组',
        rows: [
          ['云溪村一组低保名单'],
          HEADER,
          [1, 2, 3, 4, 5, 6],
          [1, h(0).headName, 2, 1200, h(0).householdNo],
          [2, '', '', '', '', '待补录'],
          [3, h(3).headName, 1, 600, h(3).householdNo],
          ['', '合计：2户', 3, 1800],
          [4],
          [5],
        ],
      },
      {
        name: '二组',
        // 户号 of household 0 with another name: a roster mismatch on sheet 二组, row 3.
        rows: [
          HEADER,
          [1, h(1).headName, 1, 600, h(1).householdNo],
          [2, '张冒名', 3, 1500, h(0).householdNo],
        ],
      },
      {
        name: '汇总',
        rows: [
          ['组别', '户数', '金额'],
          ['一组', 1, 1200],
        ],
      },
    ])
    const done = await upload(file, '各组低保名单.xlsx')
    expect(done.body.status).toBe('ready')
    expect(done.body.rowCount).toBe(4)
    expect(done.body.sheets).toEqual([
      { index: 0, name: '填表说明', dataRows: 1, use: 'instructions' },
      { index: 1, name: '一组', dataRows: 7, use: 'used' },
      { index: 2, name: '二组', dataRows: 2, use: 'used' },
      // 金额 alone is a header with other columns than the sheets used.
      { index: 3, name: '汇总', dataRows: 1, use: 'other_columns' },
    ])
    expect(done.body.sheetIndex).toBe(1)
    expect(done.body.preview.map((r: { name: string }) => r.name)).toEqual([
      h(0).headName,
      h(3).headName,
      h(1).headName,
      '张冒名',
    ])
    expect(done.body.skipped).toEqual([
      {
        reason: 'column_numbers',
        sheet: '一组',
        rows: [3],
        message: '工作表「一组」第 3 行是栏次行（列的编号），没有导入',
      },
      {
        reason: 'no_data',
        sheet: '一组',
        rows: [5],
        message: '工作表「一组」第 5 行是只有序号或备注、没有姓名和金额的行，没有导入',
      },
      {
        reason: 'totals',
        sheet: '一组',
        rows: [7],
        message: '工作表「一组」第 7 行是合计、小计行，没有导入',
      },
    ])
    expect(done.body.skippedCount).toBe(3)
    expect(done.body.warnings.map((w: { code: string }) => w.code)).toEqual(['row_without_data'])
    expect(done.body.warnings[0].message).toMatch(/^工作表「一组」第 5 行：只有 2、待补录/)

    const applied = await request(server)
      .post(`/api/v1/table-imports/${done.body.id}/apply`)
      .set('Authorization', secretary)
      .send({ draft: { period: '2026-05', title: '五月低保名单' } })
    expect(applied.status).toBe(200)
    expect(applied.body.table.rowCount).toBe(4)
    expect(applied.body.rosterMismatches).toEqual([
      `工作表「二组」第3行：户号${h(0).householdNo}在户籍名册上是${h(0).headName}，表中为张冒名`,
    ])
  })

  it('should let the secretary choose one sheet by its index, found afresh', async () => {
    const file = await buildXlsx([
      { name: '一组', rows: [HEADER, [1, h(0).headName, 2, 1200, h(0).householdNo]] },
      {
        name: '二组',
        rows: [['标题'], HEADER, [1, h(1).headName, 1, 600, h(1).householdNo], [2, h(2).headName, 1, 600]],
      },
    ])
    const done = await upload(file, 'groups.xlsx')
    expect(done.body.rowCount).toBe(3)
    const chosen = await request(server)
      .post(`/api/v1/table-imports/${done.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ sheetIndex: 1 })
    expect(chosen.status).toBe(200)
    expect(chosen.body).toMatchObject({ status: 'ready', rowCount: 2, sheetIndex: 1, headerRow: 1 })
    expect(chosen.body.sheets.map((s: { use: string }) => s.use)).toEqual(['not_chosen', 'used'])
    const missing = await request(server)
      .post(`/api/v1/table-imports/${done.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ sheetIndex: 5 })
    expect(missing.status).toBe(400)
    const half = await request(server)
      .post(`/api/v1/table-imports/${done.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ headerRow: 0 })
    expect(half.status).toBe(400)
    // A column past the sheet's edge is named by its label, not the program's key (tester p2, defect 8).
    const outside = await request(server)
      .post(`/api/v1/table-imports/${done.body.id}/mapping`)
      .set('Authorization', secretary)
      .send({ sheetIndex: 1, headerRow: 1, mapping: { ...chosen.body.mapping, amount: 99 } })
    expect(outside.status).toBe(400)
    expect(outside.body.error.message).toBe('「保障金额（月）」一列超出表格范围')
  })

  it('should read a two-row header and name a required column it cannot find', async () => {
    const file = await buildXlsx([
      {
        rows: [
          ['云溪村2026年低保发放花名册'],
          ['姓名', '家庭情况', null, '保障金额', null, '户号'],
          [null, '人数', '身份证号', '月', '年', null],
          ['王建国', 2, buildIdNumber('1965-03-12', 123), 600, 7200, '001'],
        ],
        merges: ['A1:F1', 'A2:A3', 'B2:C2', 'D2:E2', 'F2:F3'],
      },
    ])
    const done = await upload(file, 'two-row.xlsx')
    expect(done.body.status).toBe('ready')
    expect(done.body.headerRow).toBe(2)
    expect(done.body.mapping).toMatchObject({ name: 0, household_size: 1, id_number: 2, amount: 3 })
    expect(done.body.preview[0]).toMatchObject({ name: '王建国', household_size: 2, amount: 60000 })

    const noSize = await upload(
      Buffer.from('户主姓名,保障金额,户号\n王建国,600,001\n'),
      'no-size.csv',
      'text/csv',
    )
    expect(noSize.body.status).toBe('failed')
    expect(noSize.body.failure).toBe('表格里没有找到必填的列：“家庭成员数量”，请选出对应的列')
  })

  it('should name the column letter and the sheet header, refuse negative amounts, read protected numbers and 户号 forms', async () => {
    const id = buildIdNumber('1965-03-12', 123)
    const id2 = buildIdNumber('1955-05-05', 111)
    const csv = [
      '户主姓名,人数,补贴金额,身份证号码,户号',
      `王建国,2,-600,"=""${id}""",一组-001`,
      `李秀英,0,600,'${id2},002号`,
    ].join('\r\n')
    const bad = await upload(Buffer.from(csv), 'neg.csv', 'text/csv')
    expect(bad.body.status).toBe('failed')
    expect(bad.body.errors.map((e: { message: string }) => e.message)).toEqual([
      '第 2 行 C 列（补贴金额）：金额不能是负数（-600）；扣回、退回的钱请另外说明，不要写成负数',
    ])
    const good = await upload(Buffer.from(csv.replace(',-600,', ',600,')), 'ok.csv', 'text/csv')
    expect(good.body.status).toBe('ready')
    expect(good.body.preview.map((r: { household_no: string }) => r.household_no)).toEqual([
      '一组-001',
      '002号',
    ])
    expect(good.body.preview.map((r: { id_number: string }) => r.id_number)).toEqual([id, id2])
    expect(good.body.warnings.map((w: { message: string }) => w.message)).toEqual([
      '第 3 行 B 列（人数）：人数为 0，请核对（0）',
    ])
  })

  it('should skip a row hidden in Excel and say so', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('花名册')
    sheet.addRow(HEADER)
    sheet.addRow([1, h(0).headName, 2, 1200, h(0).householdNo])
    sheet.addRow([2, h(1).headName, 1, 600, h(1).householdNo, '已停保'])
    sheet.addRow([3, h(2).headName, 1, 600, h(2).householdNo])
    sheet.getRow(3).hidden = true
    const done = await upload(Buffer.from(await workbook.xlsx.writeBuffer()), 'hidden.xlsx')
    expect(done.body.status).toBe('ready')
    expect(done.body.rowCount).toBe(2)
    expect(done.body.skipped).toEqual([
      { reason: 'hidden', sheet: null, rows: [3], message: '第 3 行是隐藏的行，没有导入' },
    ])
  })
})
