import type { DisclosurePrefillReq } from '@cunwu/domain'
import { ErrorCode } from '@cunwu/domain'
import { AppError } from '../errors'
import type { Disclosure } from '../models/Disclosure.model'
import type { User } from '../models/User.model'
import type { AlignmentsService } from './alignments.service'
import type { Actor } from './audit.service'
import type { DisclosuresService } from './disclosures.service'
import { catalogItemOf } from './catalog.service'
import type { GovernmentRowsService } from './government-rows.service'

/**
 * Enter once: a village draft pre-filled from the government rows of that village for the same matter, so nobody
 * types a list twice. The secretary checks it and submits it as any draft.
 */
export class DisclosurePrefillService {
  constructor(
    private readonly deps: {
      disclosures: DisclosuresService
      alignments: AlignmentsService
      rows: Pick<GovernmentRowsService, 'rowsOfVillage'>
    },
  ) {}

  /** Creates the draft; 422 when the township or county has published nothing for this village yet. */
  async prefill(
    villageCode: string,
    req: DisclosurePrefillReq,
    author: User,
    actor: Actor,
  ): Promise<Disclosure> {
    const item = catalogItemOf(req.catalogItemId)
    if (!item.table)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '该事项没有表格，不能从政府名单生成')
    const gov = await this.deps.alignments.counterpart(villageCode, item.id, req.period)
    const own = gov ? await this.deps.rows.rowsOfVillage(gov, villageCode) : []
    if (!gov || own.length === 0)
      throw new AppError(422, ErrorCode.UnprocessableEntity, '乡镇或县还没有公开本村的名单，不能自动生成')
    const keys = item.table.columns.map((c) => c.key)
    const rows = own.map((r) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])))
    return this.deps.disclosures.create(
      villageCode,
      // The standard amounts too: the village restates the government's figures unless the secretary changes them.
      {
        catalogItemId: item.id,
        period: req.period,
        title: req.title ?? `${req.period} ${item.name}`,
        body: '',
        interpretation: null,
        rows,
        figures: gov.figures.map(({ name, value, unit }) => (unit ? { name, value, unit } : { name, value })),
      },
      author,
      actor,
    )
  }
}
