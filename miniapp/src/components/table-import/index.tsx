import { useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { ErrorCode, GovernmentRowsInvalidDetailsSchema, type TableSchema } from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { ErrorBox } from '@/components/page-state'
import {
  chooseTableImportSheet,
  getTableImport,
  remapTableImport,
  type TableImportDto,
} from '@/services/api/table-imports'
import { ApiError } from '@/services/request'
import { chooseFile, type PickedFile } from '@/services/upload'
import { errorText } from '@/utils/errors'
import { focusable } from '@/utils/focusable'
import { ColumnMapping, type MappingTarget } from './mapping'
import './index.scss'

/** How often the import is polled while the server reads the file. */
export const POLL_MS = 500

/** The key the BFF uses for the village column of a township or county roster. */
const VILLAGE = 'village'

/** Props of {@link TableImport}. */
export interface TableImportProps<T> {
  /** The table the rows fill (its columns are offered in the mapping). */
  schema: TableSchema
  /** Uploads the picked file and starts the import (the BFF answers 202 at once). */
  start: (file: PickedFile) => Promise<TableImportDto>
  /** Puts a ready import's rows into their target, all or nothing; answers what was filled. */
  apply: (importId: string) => Promise<T>
  /** Called with what was filled once the rows are in it. */
  onApplied: (filled: T, job: TableImportDto) => void
  /** The rows name their village (a township or county roster): the mapping asks for that column too. @default false */
  villageColumn?: boolean
  /** The file button's text. @default '从 Excel / CSV 导入' */
  pickLabel?: string
  /** Extra class names of the file button. @default '' */
  pickClassName?: string
  /** The line under the file button. @default '支持 .xlsx 和 .csv 文件，导入后会替换下面表格里的内容。' */
  hint?: string
}

function percent(job: TableImportDto): number {
  if (job.status !== 'processing') return 100
  return job.progress.total > 0 ? Math.floor((job.progress.done / job.progress.total) * 100) : 0
}

function statusText(job: TableImportDto, villages: boolean): string {
  if (job.status === 'processing') {
    if (job.stage === 'reading') return '正在读取文件…'
    if (job.stage === 'saving') return `已检查 ${job.progress.total} 行，正在保存…`
    return `正在检查：${job.progress.done} / ${job.progress.total} 行`
  }
  if (job.status === 'applied') return `已导入：${job.rowCount} 行`
  if (job.status === 'failed')
    return job.errorCount > 0 ? `有 ${job.errorCount} 处需要改正` : '文件没有读成功'
  return villages ? `已读取 ${job.rowCount} 行，涉及 ${job.villageCount} 个村` : `已读取 ${job.rowCount} 行`
}

/** Why a sheet was not imported, in the words of the screen. */
const SHEET_NOT_USED: Record<TableImportDto['sheets'][number]['use'], string> = {
  used: '',
  instructions: '是填表说明或示例',
  hidden: '是隐藏的工作表',
  no_header: '里没有找到表头',
  other_columns: '的列和名单不一样',
  not_chosen: '这次没有选',
  overlaps: '和导入的工作表有相同的户',
}

/**
 * The sheets of a workbook in one or two sentences: which were imported, and why the others were not
 * (docs/spreadsheet-imports.md, "Workbooks with several sheets").
 */
export function sheetsText(job: Pick<TableImportDto, 'sheets' | 'filename'>): string[] {
  const used = job.sheets.filter((s) => s.use === 'used')
  if (job.sheets.length === 0 || !/\.xlsx?$/i.test(job.filename)) return []
  if (job.sheets.length === 1) return [`读取的工作表：“${job.sheets[0]?.name ?? ''}”`]
  const lines = [
    used.length === 0
      ? `工作簿有 ${job.sheets.length} 个工作表，没有一个能导入`
      : used.length === 1
        ? `工作簿有 ${job.sheets.length} 个工作表，只导入了“${used[0]?.name ?? ''}”`
        : `工作簿有 ${job.sheets.length} 个工作表，一起导入了 ${used.length} 个：${used
            .map((s) => `“${s.name}”（${s.dataRows} 行）`)
            .join('、')}`,
  ]
  for (const s of job.sheets) {
    if (s.use === 'overlaps')
      lines.push(
        `“${s.name}”与工作表“${s.overlapsWith ?? ''}”有相同的户（或是另一个月份、汇总表），没有一起导入；如要导入它，请选择这个工作表`,
      )
    else if (s.use !== 'used') lines.push(`“${s.name}”${SHEET_NOT_USED[s.use]}，没有导入`)
  }
  return lines
}

/** The rows a 422 government_rows_invalid lists, as import problems; null for any other failure. */
function rowErrorsOf(err: unknown): Pick<TableImportDto, 'errors' | 'errorCount'> | null {
  if (!(err instanceof ApiError) || err.code !== ErrorCode.GovernmentRowsInvalid) return null
  const parsed = GovernmentRowsInvalidDetailsSchema.safeParse(err.details)
  if (!parsed.success) return null
  return {
    errors: parsed.data.errors.map((e) => ({
      row: e.row,
      column: e.column,
      code: e.code ?? '',
      message: e.message,
    })),
    errorCount: parsed.data.errorCount,
  }
}

/**
 * Excel/CSV import: pick a file, watch the progress, fix the column mapping (and the village column of a roster),
 * read the errors by row, use the rows (all or none).
 */
export function TableImport<T>({
  schema,
  start,
  apply,
  onApplied,
  villageColumn = false,
  pickLabel = '从 Excel / CSV 导入',
  pickClassName = '',
  hint = '支持 .xlsx 和 .csv 文件，导入后会替换下面表格里的内容。',
}: TableImportProps<T>) {
  const [job, setJob] = useState<TableImportDto | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const { once } = useSubmitOnce()
  const [error, setError] = useState<string | null>(null)
  const [mapping, setMapping] = useState<Record<string, number | null>>({})
  const [village, setVillage] = useState<number | null>(null)
  const [editing, setEditing] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
    },
    [],
  )

  const track = (next: TableImportDto) => {
    setJob(next)
    setMapping(next.mapping)
    setVillage(next.villageColumn)
    if (next.status !== 'processing') return
    timer.current = setTimeout(() => {
      getTableImport(next.id).then(track, (err: unknown) => setError(errorText(err)))
    }, POLL_MS)
  }

  // eslint-disable-next-line react-hooks/refs -- once() only wraps; the handler (and its timer ref) runs on a tap
  const pick = once(async () => {
    setError(null)
    const file = await chooseFile({ extensions: ['xlsx', 'csv'], purpose: '选择要导入的表格文件' })
    if (!file) return
    setBusy('正在上传…')
    setEditing(false)
    try {
      track(await start(file))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  // eslint-disable-next-line react-hooks/refs -- once() only wraps; the handler (and its timer ref) runs on a tap
  const remap = once(async () => {
    if (!job) return
    setBusy('正在重新检查…')
    setError(null)
    try {
      track(
        await remapTableImport(
          job.id,
          job.headerRow ?? 0,
          mapping,
          villageColumn ? village : undefined,
          job.sheetIndex,
        ),
      )
      setEditing(false)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  // eslint-disable-next-line react-hooks/refs -- once() only wraps; the handler (and its timer ref) runs on a tap
  const chooseSheet = once(async (sheetIndex: number) => {
    if (!job) return
    setBusy('正在读取这个工作表…')
    setError(null)
    try {
      track(await chooseTableImportSheet(job.id, sheetIndex))
      setEditing(false)
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  const use = once(async () => {
    if (!job) return
    setBusy('正在导入，请稍候…')
    setError(null)
    try {
      const filled = await apply(job.id)
      const done = { ...job, status: 'applied' as const }
      setJob(done)
      onApplied(filled, done)
    } catch (err) {
      const rows = rowErrorsOf(err)
      if (rows) setJob({ ...job, status: 'failed', ...rows })
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  })

  const labelOf = (key: string) =>
    key === VILLAGE ? '所属村' : (schema.columns.find((c) => c.key === key)?.label ?? key)
  const settled = job !== null && job.status !== 'processing' && job.status !== 'applied'
  const usedSheets = job?.sheets.filter((s) => s.use === 'used') ?? []
  // Sheets the secretary may import alone instead: any other sheet with rows, or one of several imported together.
  const otherSheets =
    job?.sheets.filter((s) => s.dataRows > 0 && (s.use !== 'used' || usedSheets.length > 1)) ?? []
  const showMapping = settled && job.headerRow !== null && (editing || job.unmappedRequired.length > 0)
  const targets: MappingTarget[] = [
    ...(villageColumn
      ? [{ key: VILLAGE, label: '所属村（村名或区划代码）', required: true, optional: false }]
      : []),
    ...schema.columns.map((c) => ({ key: c.key, label: c.label, required: c.required, optional: true })),
  ]
  const choose = (key: string, index: number | null) => {
    if (key === VILLAGE) setVillage(index)
    else setMapping({ ...mapping, [key]: index })
  }

  return (
    <View className="cw-timport">
      <Button
        className={`cw-btn cw-btn--ghost cw-timport__pick ${pickClassName}`.trim()}
        disabled={busy !== null || job?.status === 'processing' || undefined}
        onClick={() => void pick()}
      >
        {pickLabel}
      </Button>
      <Text className="cw-timport__hint">{hint}</Text>
      {busy && <Text className="cw-timport__busy">{busy}</Text>}
      {error && <ErrorBox title="导入没有成功" message={error} />}
      {job && (
        <View className={`cw-timport__job cw-timport__job--${job.status}`} data-status={job.status}>
          <Text className="cw-timport__status">{statusText(job, villageColumn)}</Text>
          <View
            className="cw-timport__progress"
            role="progressbar"
            aria-label="导入进度"
            aria-valuenow={percent(job)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <View className="cw-timport__progress-bar" style={{ width: `${percent(job)}%` }} />
          </View>
          <Text className="cw-timport__percent">{percent(job)}%</Text>
          {job.failure && <Text className="cw-timport__error">{job.failure}</Text>}
          {sheetsText(job).map((line, i) => (
            <Text key={i} className="cw-timport__hint cw-timport__sheets">
              {line}
            </Text>
          ))}
          {settled && otherSheets.length > 0 && (
            <View className="cw-timport__choices cw-timport__sheet-choices">
              {otherSheets.map((s) => (
                <View
                  key={s.index}
                  className="cw-timport__choice"
                  role="button"
                  {...focusable}
                  data-sheet={s.index}
                  onClick={() => void chooseSheet(s.index)}
                >
                  只导入“{s.name}”
                </View>
              ))}
            </View>
          )}

          {showMapping && (
            <ColumnMapping
              job={job}
              targets={targets}
              chosen={(key) => (key === VILLAGE ? village : mapping[key])}
              onChoose={choose}
              onlySheet={usedSheets.length > 1 ? (usedSheets[0]?.name ?? '') : null}
              labelOf={labelOf}
              onRemap={() => void remap()}
            />
          )}
          {settled && !showMapping && job.headerRow !== null && (
            <View className="cw-timport__edit" role="button" {...focusable} onClick={() => setEditing(true)}>
              列没有对上？调整列的对应
            </View>
          )}

          {settled && job.errorCount > 0 && (
            <View className="cw-timport__errors">
              <Text className="cw-timport__heading">
                有 {job.errorCount} 处需要改正（改好文件后重新导入）
                {job.errorCount > job.errors.length ? `，下面列出前 ${job.errors.length} 处` : ''}：
              </Text>
              {job.errors.map((e, i) => (
                <Text key={i} className="cw-timport__error" data-row={e.row} data-column={e.column ?? ''}>
                  {e.message}
                </Text>
              ))}
            </View>
          )}
          {settled && job.skipped.length > 0 && (
            <View className="cw-timport__skipped">
              <Text className="cw-timport__heading">
                有 {job.skippedCount} 行没有导入，请核对是否应当导入：
              </Text>
              {job.skipped.map((g, i) => (
                <Text key={i} className="cw-timport__warning" data-reason={g.reason}>
                  {g.message}
                </Text>
              ))}
            </View>
          )}
          {settled &&
            job.warnings.map((w, i) => (
              <Text key={i} className="cw-timport__warning">
                提醒：{w.message}
              </Text>
            ))}
          {settled && job.warningCount > job.warnings.length && (
            <Text className="cw-timport__warning cw-timport__more-warnings">
              另有 {job.warningCount - job.warnings.length} 条提示未列出
            </Text>
          )}
          {job.status === 'ready' && job.errorCount === 0 && job.unmappedRequired.length === 0 && (
            <Button
              className="cw-btn cw-timport__apply"
              disabled={busy !== null || undefined}
              onClick={() => void use()}
            >
              使用这 {job.rowCount} 行
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
