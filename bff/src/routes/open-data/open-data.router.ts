import Router from '@koa/router'
import { OpenDataDatasetSchema, OpenDataIndexParamsSchema, TableFileParamsSchema } from '@cunwu/domain'
import type { Context } from 'koa'
import type { AppDeps } from '../../deps'
import { notFound } from '../../errors'
import { inputOf, validate } from '../../middlewares/validate'
import { presentTable } from '../../presenters/disclosure.presenter'
import {
  EXPORT_REVISION,
  TABLE_FILE_TYPES,
  attachmentHeader,
  presentOpenDataIndex,
  sheetOfDataset,
  sheetOfTable,
  writeSheet,
} from '../../presenters/open-data.presenter'
import { datasetEtag } from '../../services/open-data.service'

const TableFile = { params: TableFileParamsSchema }
const Index = { params: OpenDataIndexParamsSchema }
const OpenDataDataset = OpenDataDatasetSchema

/**
 * Open data (`docs/open-data.md`): a public table as CSV or .xlsx, and a region's current public tables per catalog
 * item and period with a DCAT/CKAN-style index. Public content only, through the privacy presenter; no sign-in.
 */
export function openDataRouter(deps: AppDeps): Router {
  const router = new Router()
  const svc = () => deps.services().openData

  /** Answers 304 when the client's copy is current (ETag / If-None-Match); true when it did. */
  function notModified(ctx: Context, etag: string): boolean {
    ctx.status = 200
    ctx.etag = etag
    ctx.set('Cache-Control', 'public, max-age=60')
    if (!ctx.fresh) return false
    ctx.status = 304
    return true
  }

  router.get('/disclosures/:id/table.:format', validate(TableFile), async function tableFile(ctx) {
    const { id, format } = inputOf(ctx, TableFile).params
    const { disclosure, item, regionName } = await svc().publicTable(id)
    const table = presentTable(item, disclosure.rows, 'public')
    if (!table) throw notFound('公开表格')
    if (notModified(ctx, datasetEtag([{ disclosure }], `${format}:${EXPORT_REVISION}`))) return
    const name = `${regionName}${item.name}${disclosure.period}第${disclosure.version}版`
    ctx.type = TABLE_FILE_TYPES[format]
    ctx.set('Content-Disposition', attachmentHeader(`${name}.${format}`, `table-${id}.${format}`))
    ctx.body = await writeSheet(sheetOfTable(table, name), format)
  })

  router.get('/regions/:code/open-data', validate(Index), async function openDataIndex(ctx) {
    const { code } = inputOf(ctx, Index).params
    const datasets = await svc().datasets(code)
    const etag = datasetEtag(
      datasets.flatMap((d) => d.parts),
      `index:${EXPORT_REVISION}`,
    )
    if (notModified(ctx, etag)) return
    ctx.body = presentOpenDataIndex(code, datasets)
  })

  router.get('/regions/:code/open-data/:file', validate(OpenDataDataset), async function dataset(ctx) {
    const { params, query } = inputOf(ctx, OpenDataDataset)
    const format = params.file.endsWith('.xlsx') ? 'xlsx' : 'csv'
    const itemId = params.file.slice(0, -`.${format}`.length)
    const ds = await svc().dataset(params.code, itemId, query.period)
    if (notModified(ctx, datasetEtag(ds.parts, `${format}:${EXPORT_REVISION}`))) return
    ctx.type = TABLE_FILE_TYPES[format]
    ctx.set(
      'Content-Disposition',
      attachmentHeader(`${ds.item.name}${ds.period}.${format}`, `${itemId}-${query.period}.${format}`),
    )
    ctx.body = await writeSheet(sheetOfDataset(ds), format)
  })
  return router
}
