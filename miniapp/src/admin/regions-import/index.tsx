import { useEffect, useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import {
  ErrorCode,
  RegionImportRefusalDetailsSchema,
  regionImportSummary,
  type RegionImportResultDto,
  type RoleGrantDto,
} from '@cunwu/domain'
import { LoadStateBox } from '@/components/load-error'
import { PageRoot } from '@/components/page-root'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { importRegions } from '@/services/api/admin'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { chooseFile } from '@/services/upload'
import { Routes } from '@/routes'
import { adminErrorText, adminGrants } from '../shared'
import { MAX_CSV_BYTES, UnreadableFileError, readTextFile, utf8Bytes } from './read-file'
import './index.scss'

/** The CSV's columns in words, for the lines of a refused file. */
const COLUMN_LABELS: Readonly<Record<string, string>> = {
  code: '区划代码',
  name: '名称',
  codeYear: '年份',
  urbanRuralCode: '城乡分类代码',
}

/** One bad line of a refused file. */
interface BadLine {
  line: number
  column: string | null
  message: string
}

/** Where an import stands. */
type Stage =
  | { kind: 'idle' }
  | { kind: 'reading' }
  | { kind: 'sending'; source: string; rows: number }
  | { kind: 'refused'; source: string; message: string; lines: BadLine[] }
  | { kind: 'failed'; message: string }
  | { kind: 'older'; csv: string; source: string; message: string }
  | { kind: 'done'; source: string; result: RegionImportResultDto }

/** Data lines of a CSV (not the header, not blank lines), for the progress line before the BFF answers. */
function dataRows(csv: string): number {
  return Math.max(0, csv.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length - 1)
}

/** "第 5 行（区划代码）：区划代码重复（第3行已有）". */
function badLineText(b: BadLine): string {
  const column = b.column ? `（${COLUMN_LABELS[b.column] ?? b.column}）` : ''
  return `第 ${b.line} 行${column}：${b.message}`
}

/** Seconds counted while `running`, from 0 each time it starts. */
function useElapsed(running: boolean): number {
  const [seconds, setSeconds] = useState(0)
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => setSeconds((n) => n + 1), 1000)
    return () => {
      clearInterval(timer)
      setSeconds(0)
    }
  }, [running])
  return seconds
}

/**
 * 导入行政区划, for admins: a CSV (code,name,codeYear,urbanRuralCode) chosen from a chat or the phone, or pasted,
 * sent to `POST /regions/import`. The BFF checks every line before storing any: a refused file lists each bad line
 * and nothing is imported; a region outside the admin's own is refused as a whole. While it runs the page says
 * which step it is on, how many lines, and for how long.
 */
export default function RegionsImportPage() {
  const grants = useLoader<RoleGrantDto[]>()
  const start = () => grants.run(async () => adminGrants(await getMe()))
  useDidShow(() => {
    void start()
  })
  const [stage, setStage] = useState<Stage>({ kind: 'idle' })
  const [pasted, setPasted] = useState('')
  const { busy, once } = useSubmitOnce()
  const elapsed = useElapsed(stage.kind === 'sending')

  const send = async (csv: string, source: string, allowOlderCodeYear = false) => {
    if (csv.trim() === '') {
      setStage({ kind: 'failed', message: '文件是空的，没有可以导入的内容' })
      return
    }
    if (utf8Bytes(csv) > MAX_CSV_BYTES) {
      setStage({ kind: 'failed', message: '文件超过 1 MB，请按县或乡镇分成几个文件，一个一个导入' })
      return
    }
    setStage({ kind: 'sending', source, rows: dataRows(csv) })
    try {
      const result = await importRegions(csv, allowOlderCodeYear)
      setStage({ kind: 'done', source, result })
      void Taro.showToast({ title: '导入完成', icon: 'success' })
    } catch (err) {
      const details = err instanceof ApiError ? RegionImportRefusalDetailsSchema.safeParse(err.details) : null
      if (err instanceof ApiError && err.code === ErrorCode.ValidationError && details?.success) {
        const lines = [...details.data.rows].sort((a, b) => a.line - b.line)
        setStage({ kind: 'refused', source, message: err.message, lines })
      } else if (err instanceof ApiError && err.code === ErrorCode.RegionCodeYearOlder) {
        setStage({ kind: 'older', csv, source, message: adminErrorText(err) })
      } else {
        setStage({ kind: 'failed', message: adminErrorText(err) })
      }
    }
  }

  const pickFile = once(async () => {
    const file = await chooseFile({ extensions: ['csv', 'txt'], purpose: '选择要导入的行政区划文件' })
    if (!file) return
    setStage({ kind: 'reading' })
    try {
      await send(await readTextFile(file), file.name)
    } catch (err) {
      setStage({
        kind: 'failed',
        message: err instanceof UnreadableFileError ? err.message : '没有读取到这个文件，请重新选择',
      })
    }
  })

  const sendPasted = once(() => send(pasted, '粘贴的内容'))
  const sendOlder = once(async () => {
    if (stage.kind === 'older') await send(stage.csv, stage.source, true)
  })
  const working = stage.kind === 'reading' || stage.kind === 'sending'

  // Only administrators may import: others are told at once, not after sending a file.
  if (grants.state.kind !== 'ready')
    return (
      <PageRoot className="cw-rimport">
        <LoadStateBox state={grants.state} onRetry={() => void start()} />
      </PageRoot>
    )
  if (grants.state.data.length === 0)
    return (
      <PageRoot className="cw-rimport">
        <EmptyBox text="您不是系统管理员，不能导入行政区划" />
      </PageRoot>
    )
  return (
    <PageRoot className="cw-rimport">
      <Text className="cw-rimport__title">导入行政区划</Text>
      <Text className="cw-rimport__subtitle">在您管理的县（市）下面增加或改名乡镇、村</Text>

      <View className="cw-rimport__howto">
        <Text className="cw-rimport__line">文件是 CSV 表格，第一行写：code,name,codeYear,urbanRuralCode</Text>
        <Text className="cw-rimport__line">
          以后每行一个地区：12 位统计用区划代码、名称、代码年份、城乡分类代码（只有村要填，如 220）。
        </Text>
        <Text className="cw-rimport__line">
          导入前会检查每一行。只要有一处错，就一个也不导入，并列出每一处错。
        </Text>
        <Text className="cw-rimport__example">
          例如：{'\n'}code,name,codeYear,urbanRuralCode{'\n'}360999320000,新丰镇,2026,{'\n'}
          360999320201,新丰村委会,2026,220
        </Text>
      </View>

      {stage.kind === 'reading' && (
        <View className="cw-rimport__progress" role="status">
          <Text className="cw-rimport__step cw-rimport__step--now">第一步：正在读取文件…</Text>
        </View>
      )}
      {stage.kind === 'sending' && (
        <View className="cw-rimport__progress" role="status">
          <Text className="cw-rimport__step">
            ✓ 第一步：已读取{stage.source}，共 {stage.rows} 行
          </Text>
          <Text className="cw-rimport__step cw-rimport__step--now">
            第二步：正在检查每一行，没有错才导入…（已用 {elapsed} 秒）
          </Text>
          <Text className="cw-rimport__hint">请不要离开这个页面。几千行的文件也只要几秒钟。</Text>
        </View>
      )}
      {stage.kind === 'done' && (
        <View className="cw-rimport__result" role="status">
          {/* What the file did: a file sent again changes nothing, and says so (新增0个，更新0个，302个没有变化). */}
          <Text className="cw-rimport__ok">导入完成：{regionImportSummary(stage.result)}</Text>
          <Text className="cw-rimport__hint">
            {stage.result.added + stage.result.updated === 0
              ? `${stage.source}里的地区都和已有的一样，这次没有改动任何地区。`
              : stage.result.added > 0
                ? `来自${stage.source}。新的乡镇和村现在可以授予身份了。`
                : `来自${stage.source}。`}
          </Text>
          <Button
            className="cw-btn cw-btn--ghost cw-rimport__to-users"
            onClick={() => void Taro.navigateTo({ url: Routes.AdminUsers })}
          >
            去授予身份
          </Button>
        </View>
      )}
      {stage.kind === 'refused' && (
        <View className="cw-rimport__refused" role="alert">
          <Text className="cw-rimport__refused-title">没有导入任何地区</Text>
          <Text className="cw-rimport__refused-why">
            {stage.source}中有 {stage.lines.length} 处错误。请改好下面每一处，再重新导入整个文件。
          </Text>
          <View className="cw-rimport__bad-lines" role="list" aria-label="文件中的错误">
            {stage.lines.map((b, i) => (
              <View key={`${b.line}:${b.column ?? ''}:${i}`} className="cw-rimport__bad-line" role="listitem">
                {badLineText(b)}
              </View>
            ))}
          </View>
        </View>
      )}
      {stage.kind === 'older' && (
        <View className="cw-rimport__older">
          <View className="cw-rimport__error" role="alert">
            {stage.message}
          </View>
          <Button className="cw-btn cw-btn--danger cw-rimport__allow-older" onClick={() => void sendOlder()}>
            允许用旧年份覆盖，再导入一次
          </Button>
        </View>
      )}
      {stage.kind === 'failed' && (
        <View className="cw-rimport__error" role="alert">
          {stage.message}
        </View>
      )}

      <Button
        className={`cw-btn cw-rimport__pick${working || busy ? ' cw-btn--busy' : ''}`}
        {...(working || busy ? { disabled: true } : {})}
        onClick={() => void pickFile()}
      >
        {working ? '正在导入…' : '选择 CSV 文件并导入'}
      </Button>

      <Text className="cw-rimport__label">也可以把表格内容粘贴在这里</Text>
      <Textarea
        className="cw-rimport__paste"
        value={pasted}
        placeholder="code,name,codeYear,urbanRuralCode"
        maxlength={-1}
        onInput={(e) => setPasted(e.detail.value)}
      />
      <Button
        className={`cw-btn cw-btn--ghost cw-rimport__send-pasted${working || busy ? ' cw-btn--busy' : ''}`}
        {...(working || busy ? { disabled: true } : {})}
        onClick={() => void sendPasted()}
      >
        导入粘贴的内容
      </Button>
    </PageRoot>
  )
}
