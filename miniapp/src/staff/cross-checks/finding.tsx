import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { CROSS_CHECK_TEXT_MAX, ErrorCode } from '@cunwu/domain'
import type { CrossCheckFindingDto, CrossCheckStatus } from '@cunwu/domain'
import type { LostAnswers } from '@/hooks/use-lost-answers'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { confirmCrossCheck, getCrossCheck, resolveCrossCheck } from '@/services/api/cross-checks'
import { getMe } from '@/services/api/me'
import { ApiError } from '@/services/request'
import { errorText } from '@/utils/errors'
import { NO_CUT, TextCount, tooLongText } from '@/components/text-count'

const STATUS_TEXT: Record<CrossCheckStatus, string> = {
  open: '待处理',
  confirmed: '已要求村里更正',
  resolved: '已说明',
  closed: '已关闭',
}

/** The cells staff need to recognise a row, in Chinese. */
const CELL_LABELS: [string, string][] = [
  ['name', '姓名'],
  ['household_no', '户号'],
  ['household_size', '人数'],
  ['amount', '金额'],
  ['id_number', '身份证号'],
  ['bank_account', '发放账号'],
]

function cellText(key: string, value: unknown): string {
  if (key === 'amount' && typeof value === 'number') return `${(value / 100).toFixed(2)}元`
  return String(value)
}

/** Said after reading the findings again when another officer (or a run) changed this one since the page loaded. */
export const STALE_TEXT =
  '刚刚已有其他工作人员处理过这条核查结果（或已重新核查），已重新读取，请看最新结果后再处理'

type Action = 'confirm' | 'resolve'

/** Said when a tap whose answer was lost had done it: the retry was refused because the finding had moved on. */
export const ALREADY_DONE: Record<Action, string> = {
  confirm: '已确认有问题，已通知村里更正（刚才那次已经办成，只是网络慢，回复晚到了）',
  resolve: '已说明情况（刚才那次已经办成，只是网络慢，回复晚到了）',
}

/** What the page says above the list after a finding changed: done, or acted on by someone else. */
export interface Notice {
  text: string
  stale: boolean
}

/**
 * Whether the officer may confirm it: an open finding, or a confirmed one that spans other townships (the viewer
 * cannot resolve it), which each township confirms for its own villages (docs/cross-checks.md).
 */
function mayConfirm(f: CrossCheckFindingDto): boolean {
  return f.status === 'open' || (f.status === 'confirmed' && !f.canResolve)
}

/** Whether the finding as read now carries this officer's own step with these words: the lost tap did it. */
export function showsOwnStep(now: CrossCheckFindingDto, action: Action, text: string, me: string): boolean {
  const step = action === 'confirm' ? now.confirmation : now.resolution
  const status = action === 'confirm' ? 'confirmed' : 'resolved'
  return now.status === status && step !== null && step.name === me && (step.text ?? '') === text
}

/** One finding with its rows one tap away, and the officer's 确认 and 说明. */
export function Finding(props: {
  f: CrossCheckFindingDto
  lost: LostAnswers
  onChanged: (notice?: Notice) => void
}) {
  const { f, lost, onChanged } = props
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const { busy, once } = useSubmitOnce()
  const [acting, setActing] = useState<Action | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const act = once(async (kind: Action) => {
    const trimmed = text.trim()
    if (kind === 'resolve' && trimmed.length < 2) {
      setMessage('请写明处理理由')
      return
    }
    const tooLong = tooLongText('说明或理由', trimmed, CROSS_CHECK_TEXT_MAX)
    if (tooLong) {
      setMessage(tooLong)
      return
    }
    setMessage(null)
    setActing(kind)
    try {
      // A tap whose answer was lost may have done it: the retry is refused as stale, and the finding read again
      // shows this officer's own step (hooks/use-lost-answers.ts; docs/miniapp.md, "A step whose answer was lost").
      const outcome = await lost.run(
        `${kind}:${f.id}`,
        () => (kind === 'confirm' ? confirmCrossCheck(f, trimmed) : resolveCrossCheck(f, trimmed)),
        async () => {
          const [now, me] = await Promise.all([getCrossCheck(f.id), getMe()])
          return showsOwnStep(now, kind, trimmed, me.displayName) ? now : null
        },
      )
      onChanged(outcome.already ? { text: ALREADY_DONE[kind], stale: false } : undefined)
    } catch (err) {
      // Acted on since the page loaded: nothing was saved; read the findings again and say why.
      if (err instanceof ApiError && err.code === ErrorCode.CrossCheckStale)
        onChanged({ text: STALE_TEXT, stale: true })
      else setMessage(errorText(err))
    } finally {
      setActing(null)
    }
  })
  const actionable = f.status === 'open' || f.status === 'confirmed'
  const places = [...f.villages.map((v) => v.name), ...(f.elsewhere ? ['外乡镇'] : [])]
  return (
    <View className={`cw-list-row cw-cross__finding cw-cross__finding--${f.status}`} data-kind={f.kind}>
      <Text className="cw-cross__kind">
        {f.kindLabel} · {STATUS_TEXT[f.status]}
      </Text>
      <Text className="cw-cross__explanation">{f.explanation}</Text>
      <Text className="cw-cross__meta">涉及：{places.join('、')}</Text>
      {f.closedReason && <Text className="cw-cross__meta">{f.closedReason}</Text>}
      {f.resolution && <Text className="cw-cross__meta">说明：{f.resolution.text}</Text>}
      <Button className="cw-btn cw-btn--ghost cw-cross__toggle" onClick={() => setOpen(!open)}>
        {open ? '收起名单行' : `查看名单行（${f.rows.length}）`}
      </Button>
      {open &&
        f.rows.map((r) => (
          <View key={`${r.disclosureId}-${r.rowIndex}`} className="cw-cross__row">
            <Text className="cw-cross__meta">
              {r.villageName} 第{r.rowIndex + 1}行
            </Text>
            <Text className="cw-cross__cells">
              {CELL_LABELS.filter(([k]) => r.cells[k] !== undefined && r.cells[k] !== null)
                .map(([k, label]) => `${label}：${cellText(k, r.cells[k])}`)
                .join('，')}
            </Text>
          </View>
        ))}
      {actionable && (
        <View className="cw-cross__actions">
          <Textarea
            className="cw-cross__text"
            value={text}
            // No cut (a maxlength counts an emoji as two): the counter and the check count as the server does.
            maxlength={NO_CUT}
            placeholder="说明或理由（说明情况时必填）"
            onInput={(e) => setText(e.detail.value)}
          />
          <TextCount text={text} max={CROSS_CHECK_TEXT_MAX} className="cw-cross__text-count" />
          {mayConfirm(f) && (
            <Button
              className="cw-btn cw-cross__confirm"
              disabled={busy || undefined}
              onClick={() => void act('confirm')}
            >
              {acting === 'confirm' ? '正在处理…' : '确认有问题，要求村里更正'}
            </Button>
          )}
          {f.canResolve ? (
            <Button
              className="cw-btn cw-btn--ghost cw-cross__resolve"
              disabled={busy || undefined}
              onClick={() => void act('resolve')}
            >
              {acting === 'resolve' ? '正在处理…' : '不是问题，说明情况'}
            </Button>
          ) : (
            <Text className="cw-cross__notice">涉及其他乡镇的村，是否是问题由县里说明。</Text>
          )}
        </View>
      )}
      {message && <Text className="cw-cross__notice">{message}</Text>}
    </View>
  )
}
