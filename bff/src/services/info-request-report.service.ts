import ExcelJS from 'exceljs'
import {
  INFO_REPORT_COLUMNS,
  INFO_REPORT_ROW_OF_LAPSE,
  INFO_REPORT_ROW_OF_REPLY,
  infoRequestLapsedOn,
  INFO_REPORT_ROWS,
  type InfoRequestAppeals,
  shanghaiDayStart,
} from '@cunwu/domain'
import { forbidden, notFound } from '../errors'
import type { Models } from '../models'
import type { User } from '../models/User.model'
import type { Actor, AuditService } from './audit.service'
import type { InfoRequestsService } from './info-requests.service'

type ColumnKey = (typeof INFO_REPORT_COLUMNS)[number]['key']
type Counts = Record<ColumnKey, number>

/** The 依申请公开 tables of an office's annual report, computed from the records (docs/info-requests.md). */
export interface InfoRequestReport {
  regionCode: string
  regionName: string
  year: number
  /** Section 三: one line per row of the official table, numbers per column. */
  rows: { key: string; label: string; counts: Counts }[]
  /** Section 四 as entered by hand; null until entered. */
  appeals: InfoRequestAppeals | null
  /** 一 + 二 = （七）总计 + 四 (the format's check). */
  balanced: boolean
}

const zero = (): Counts => ({
  person: 0,
  business: 0,
  research: 0,
  charity: 0,
  legal: 0,
  other_org: 0,
  total: 0,
})

/** Annual report of 依申请公开 and its hand-entered appeal counts. */
export class InfoRequestReportService {
  constructor(
    private readonly deps: { models: Models; audit: AuditService; requests: InfoRequestsService },
  ) {}

  async report(regionCode: string, year: number, user: User): Promise<InfoRequestReport> {
    const { models } = this.deps
    if (!this.deps.requests.isOffice(user, regionCode)) throw forbidden('只有本机关可以查看年度报告')
    const region = await models.Region.findById(regionCode, { name: 1 }).lean()
    if (!region) throw notFound('机关')
    const start = new Date(shanghaiDayStart(`${year}-01-01`))
    const end = new Date(shanghaiDayStart(`${year + 1}-01-01`))
    const counts = new Map<string, Counts>(INFO_REPORT_ROWS.map((r) => [r.key, zero()]))
    const add = (row: string, column: ColumnKey) => {
      const c = counts.get(row)
      if (!c) return
      c[column] += 1
      c.total += 1
    }
    // Everything received before the year ends and not answered before it began.
    const cursor = models.InfoRequest.find(
      { regionCode, createdAt: { $lt: end }, $or: [{ reply: null }, { 'reply.at': { $gte: start } }] },
      { createdAt: 1, reply: 1, requester: 1, status: 1, correctionNotice: 1 },
    )
      .lean()
      .cursor()
    const today = this.deps.requests.today()
    for await (const r of cursor) {
      // Not corrected in time (art. 30): closed on the day it lapsed, in row （六）1 of that year.
      const lapsedOn = infoRequestLapsedOn(r, today)
      if (lapsedOn !== null && lapsedOn < `${year}-01-01`) continue
      const column: ColumnKey = r.requester.type === 'organization' ? 'other_org' : 'person'
      add(r.createdAt >= start ? 'new' : 'carried_in', column)
      if (r.reply && r.reply.at < end) {
        add(INFO_REPORT_ROW_OF_REPLY[r.reply.type], column)
        add('total', column)
      } else if (lapsedOn !== null && lapsedOn < `${year + 1}-01-01`) {
        add(INFO_REPORT_ROW_OF_LAPSE, column)
        add('total', column)
      } else {
        add('carried_out', column)
      }
    }
    const appeals = await models.InfoRequestAppeals.findById(`${regionCode}|${year}`).lean()
    const n = (key: string) => counts.get(key)?.total ?? 0
    return {
      regionCode,
      regionName: region.name,
      year,
      rows: INFO_REPORT_ROWS.map((r) => ({
        key: r.key,
        label: r.label,
        counts: counts.get(r.key) ?? zero(),
      })),
      appeals: appeals?.counts ?? null,
      balanced: n('new') + n('carried_in') === n('total') + n('carried_out'),
    }
  }

  /** Records section 四 (entered by hand from the reconsideration and court records). */
  async setAppeals(
    regionCode: string,
    year: number,
    counts: InfoRequestAppeals,
    user: User,
    actor: Actor,
  ): Promise<void> {
    if (!this.deps.requests.isOffice(user, regionCode)) throw forbidden('只有本机关可以填写')
    await this.deps.models.InfoRequestAppeals.updateOne(
      { _id: `${regionCode}|${year}` },
      { $set: { regionCode, year, counts, updatedAt: new Date() } },
      { upsert: true },
    )
    await this.deps.audit.record(actor, {
      action: 'info_request.appeals_set',
      targetType: 'info_request_report',
      targetId: `${regionCode}|${year}`,
      regionCode,
      data: { counts },
    })
  }

  /** The report as a workbook: section 三 as in the official table, section 四 below it. */
  async workbook(report: InfoRequestReport): Promise<Buffer> {
    const wb = new ExcelJS.Workbook()
    wb.creator = '村务通'
    const sheet = wb.addWorksheet('依申请公开')
    sheet.addRow([`${report.regionName} ${report.year}年 收到和处理政府信息公开申请情况`]).font = {
      bold: true,
      size: 14,
    }
    sheet.addRow(['本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和'])
    sheet.addRow(['申请人情况', ...INFO_REPORT_COLUMNS.map((c) => c.label)]).font = { bold: true }
    for (const row of report.rows) {
      if (row.key === 'r1') sheet.addRow(['三、本年度办理结果'])
      sheet.addRow([row.label, ...INFO_REPORT_COLUMNS.map((c) => row.counts[c.key])])
    }
    sheet.addRow([])
    sheet.addRow(['政府信息公开行政复议、行政诉讼情况']).font = { bold: true }
    const header = ['', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计']
    const parts: [string, keyof InfoRequestAppeals][] = [
      ['行政复议', 'reconsideration'],
      ['行政诉讼（未经复议直接起诉）', 'litigationDirect'],
      ['行政诉讼（复议后起诉）', 'litigationAfterReconsideration'],
    ]
    sheet.addRow(header).font = { bold: true }
    for (const [label, key] of parts) {
      const c = report.appeals?.[key]
      sheet.addRow(
        c
          ? [
              label,
              c.maintained,
              c.corrected,
              c.other,
              c.pending,
              c.maintained + c.corrected + c.other + c.pending,
            ]
          : [label, '未填写'],
      )
    }
    sheet.getColumn(1).width = 60
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
}
