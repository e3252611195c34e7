import { z } from 'zod'
import { PeriodKeySchema } from '../catalog/period'
import { DivisionCodeSchema } from '../regions/code'
import { ObjectIdSchema } from './disclosures'

/** The file formats of a public table's download: CSV (UTF-8 with a BOM, for Excel) and .xlsx. */
export const TableFileFormatSchema = z.enum(['csv', 'xlsx'])
export type TableFileFormat = z.infer<typeof TableFileFormatSchema>

/** Path of `GET /disclosures/:id/table.csv` and `…/table.xlsx`. */
export const TableFileParamsSchema = z.object({ id: ObjectIdSchema, format: TableFileFormatSchema })

/** Path of `GET /regions/:code/open-data`. */
export const OpenDataIndexParamsSchema = z.object({ code: DivisionCodeSchema })

/** Path and query of `GET /regions/:code/open-data/:catalogItemId.csv?period=` (or `.xlsx`). */
export const OpenDataDatasetSchema = {
  params: z.object({
    code: DivisionCodeSchema,
    file: z
      .string()
      .max(120)
      .regex(/^[a-z0-9.-]+\.(csv|xlsx)$/, '数据文件名应为 事项编号.csv 或 事项编号.xlsx'),
  }),
  query: z.object({ period: PeriodKeySchema }),
}

/**
 * The licence open data is offered under (dct:license / CKAN license_id): the project's default, stated once here;
 * `docs/open-data.md` says why.
 */
export const OPEN_DATA_LICENSE = {
  id: 'CC-BY-4.0',
  title: '知识共享署名 4.0 国际许可协议',
  url: 'https://creativecommons.org/licenses/by/4.0/',
} as const

/** One file of a dataset (DCAT Distribution / CKAN resource). */
export interface OpenDataDistribution {
  title: string
  format: 'CSV' | 'XLSX'
  mediaType: 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  /** dcat:downloadURL, relative to the API's origin. */
  downloadURL: string
}

/** One dataset of the index (DCAT Dataset / CKAN package): a catalog item and period across a region's villages. */
export interface OpenDataset {
  identifier: string
  title: string
  catalogItemId: string
  catalogItemName: string
  period: string
  villages: number
  rows: number
  /** dct:modified: the latest publication among the villages' versions. */
  modified: string
  license: typeof OPEN_DATA_LICENSE
  keywords: string[]
  distributions: OpenDataDistribution[]
}

/** `GET /regions/:code/open-data`. */
export interface OpenDataIndexDto {
  regionCode: string
  datasets: OpenDataset[]
}
