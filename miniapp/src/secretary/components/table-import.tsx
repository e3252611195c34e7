import { useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { DisclosureDto, TableSchema } from '@cunwu/domain'
import { ErrorBox } from '@/components/page-state'
import {
  applyTableImport,
  getTableImport,
  remapTableImport,
  startTableImport,
  type TableImportDto,
} from '@/services/api/table-imports'
import { chooseFile } from '@/services/upload'
import { errorText } from '@/utils/errors'
import './table-import.scss'

/** How often the import is polled while the server reads the file. */
export const POLL_MS = 500

/** Props of {@link TableImport}. */
export interface TableImportProps {
  villageCode: string
  catalogItemId: string
  schema: TableSchema
  /** The draft the rows go into. */
  disclosureId: string
  /** Called with the draft once the rows are in it. */
  onApplied: (draft: DisclosureDto) => void
}

function percent(job: TableImportDto): number {
  if (job.status !== 'processing') return 100
  return job.progress.total > 0 ? Math.floor((job.progress.done / job.progress.total) * 100) : 0
}

/** Excel/CSV import: pick a file, watch the progress, fix the column mapping, read the errors, use the rows. */
export function TableImport({
  villageCode,
  catalogItemId,
  schema,
  disclosureId,
  onApplied,
}: TableImportProps) {
  const [job, setJob] = useState<TableImportDto | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [mapping, setMapping] = useState<Record<string, number | null>>({})
  const [choosingFor, setChoosingFor] = useState<string | null>(null)
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
    if (next.status !== 'processing') return
    timer.current = setTimeout(() => {
      getTableImport(next.id).then(track, (err: unknown) => setError(errorText(err)))
    }, POLL_MS)
  }

  const pick = async () => {
    setError(null)
    const file = await chooseFile({ extensions: ['xlsx', 'csv'] })
    if (!file) return
    setBusy('正在上传…')
    try {
      track(await startTableImport(villageCode, catalogItemId, file))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  }

  const remap = async () => {
    if (!job) return
    setBusy('正在重新检查…')
    setError(null)
    try {
      track(await remapTableImport(job.id, job.headerRow ?? 0, mapping))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  }

  const apply = async () => {
    if (!job) return
    setBusy('正在放入草稿…')
    setError(null)
    try {
      onApplied(await applyTableImport(job.id, disclosureId))
      setJob({ ...job, status: 'applied' })
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(null)
    }
  }

  const labelOf = (key: string | null) => schema.columns.find((c) => c.key === key)?.label ?? key ?? ''
  const needsMapping = job !== null && job.status !== 'processing' && job.unmappedRequired.length > 0

  return (
    <View className="cw-timport">
      <Button className="cw-btn cw-btn--ghost cw-timport__pick" onClick={() => void pick()}>
        从 Excel / CSV 导入
      </Button>
      <Text className="cw-timport__hint">支持 .xlsx 和 .csv 文件，导入后会替换下面表格里的内容。</Text>
      {busy && <Text className="cw-timport__busy">{busy}</Text>}
      {error && <ErrorBox title="导入没有成功" message={error} />}
      {job && (
        <View className={`cw-timport__job cw-timport__job--${job.status}`}>
          <Text className="cw-timport__status">
            {job.status === 'processing'
              ? `正在读取：${job.progress.done} / ${job.progress.total} 行`
              : job.status === 'failed'
                ? '文件没有读成功'
                : job.status === 'applied'
                  ? `已放入草稿：${job.rowCount} 行`
                  : `已读取 ${job.rowCount} 行`}
          </Text>
          <View
            className="cw-timport__progress"
            role="progressbar"
            aria-valuenow={percent(job)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <View className="cw-timport__progress-bar" style={{ width: `${percent(job)}%` }} />
          </View>
          <Text className="cw-timport__percent">{percent(job)}%</Text>
          {job.failure && <Text className="cw-timport__error">{job.failure}</Text>}

          {needsMapping && (
            <View className="cw-timport__mapping">
              <Text className="cw-timport__heading">
                这些必填列没有对上：{job.unmappedRequired.map(labelOf).join('、')}
              </Text>
              <Text className="cw-timport__hint">请为每一列选出表格文件里对应的那一列。</Text>
              {schema.columns.map((c) => (
                <View key={c.key} className="cw-timport__map-row" data-column={c.key}>
                  <Text
                    className="cw-timport__map-label"
                    onClick={() => setChoosingFor(choosingFor === c.key ? null : c.key)}
                  >
                    {c.label}
                    {c.required ? ' *' : ''} ←{' '}
                    {mapping[c.key] != null ? job.sourceLabels[mapping[c.key] ?? 0] : '（未选）'}
                  </Text>
                  {choosingFor === c.key && (
                    <View className="cw-timport__choices">
                      {job.sourceLabels.map((label, index) => (
                        <Text
                          key={index}
                          className={`cw-timport__choice${mapping[c.key] === index ? ' cw-timport__choice--on' : ''}`}
                          onClick={() => {
                            setMapping({ ...mapping, [c.key]: index })
                            setChoosingFor(null)
                          }}
                        >
                          {label || `第${index + 1}列`}
                        </Text>
                      ))}
                      <Text
                        className="cw-timport__choice"
                        onClick={() => {
                          setMapping({ ...mapping, [c.key]: null })
                          setChoosingFor(null)
                        }}
                      >
                        不导入
                      </Text>
                    </View>
                  )}
                </View>
              ))}
              <Button className="cw-btn cw-timport__remap" onClick={() => void remap()}>
                按这个对应关系重新检查
              </Button>
            </View>
          )}

          {job.status !== 'processing' && job.errorCount > 0 && (
            <View className="cw-timport__errors">
              <Text className="cw-timport__heading">
                有 {job.errorCount} 处需要改正（改好文件后重新导入）：
              </Text>
              {job.errors.map((e, i) => (
                <Text key={i} className="cw-timport__error">
                  第 {e.row} 行{e.column ? ` ${labelOf(e.column)}` : ''}：{e.message}
                </Text>
              ))}
            </View>
          )}
          {job.status !== 'processing' &&
            job.warnings.map((w, i) => (
              <Text key={i} className="cw-timport__warning">
                提醒：{w.row > 0 ? `第 ${w.row} 行 ` : ''}
                {w.message}
              </Text>
            ))}
          {job.status === 'ready' && job.errorCount === 0 && job.unmappedRequired.length === 0 && (
            <Button className="cw-btn cw-timport__apply" onClick={() => void apply()}>
              使用这 {job.rowCount} 行
            </Button>
          )}
        </View>
      )}
    </View>
  )
}
