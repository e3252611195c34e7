import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import {
  CORRECTION_PERIOD_WORKING_DAYS,
  INFO_REPLY_TYPE_LABELS,
  INFO_REQUEST_CONSULT_PARTY_MAX,
  INFO_REQUEST_EXTEND_REASON_MAX,
  INFO_REQUEST_REPLY_TEXT_MAX,
  INFO_REQUEST_RIGHT_OFFICE_MAX,
  InfoReplyTypeSchema,
  type InfoReplyType,
  type InfoRequestDto,
} from '@cunwu/domain'
import {
  archiveInfoRequest,
  consultInfoRequest,
  extendInfoRequest,
  replyInfoRequest,
  sendCorrectionNotice,
} from '@/services/api/info-requests'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { actedMeanwhile } from '@/utils/acted-meanwhile'
import { errorText } from '@/utils/errors'
import { formatDueDate } from '@/utils/format'
import { focusable } from '@/utils/focusable'
import { NO_CUT, TextCount, oneLineMaxLength, tooLongText } from '@/components/text-count'
import { NoticeCount, noticeItems, noticeItemsProblem } from './notice-items'

type Mode = 'reply' | 'notice' | 'extend' | 'consult'

// One a line: a notice's items, a reply's links.
const lines = noticeItems

/**
 * The office's next steps on one request, as the procedure allows them (the BFF checks each again): a reply of
 * a legal type, the one correction notice, the one extension, a consultation; archiving after the reply.
 */
export function OfficeActions({
  r,
  onDone,
  onMoved,
}: {
  r: InfoRequestDto
  onDone: (r: InfoRequestDto) => void
  /** Someone else took a step on the request since the page read it: the page reads it again (D9). */
  onMoved: () => void
}) {
  const [mode, setMode] = useState<Mode | null>(null)
  const [type, setType] = useState<InfoReplyType>('disclosed')
  const [text, setText] = useState('')
  const [extra, setExtra] = useState('')
  const [days, setDays] = useState(String(CORRECTION_PERIOD_WORKING_DAYS.default))
  const { busy, once } = useSubmitOnce()
  const [error, setError] = useState<string | null>(null)

  /** Runs a step unless a required field is empty (`missing`: what to ask for). */
  const run = once(async (step: () => Promise<InfoRequestDto>, missing: string | null = null) => {
    if (missing) return setError(missing)
    setError(null)
    try {
      onDone(await step())
      setMode(null)
      setText('')
      setExtra('')
    } catch (err) {
      if (actedMeanwhile(err)) onMoved()
      else setError(errorText(err))
    }
  })
  const busyProps = busy ? { disabled: true } : {}
  const errorBox = error && (
    <View className="cw-ask__form-error" role="alert">
      {error}
    </View>
  )

  if (r.status === 'replied')
    return (
      <View className="cw-office__actions">
        <Button
          className="cw-btn cw-office__archive"
          {...busyProps}
          onClick={() => void run(() => archiveInfoRequest(r.id))}
        >
          归档
        </Button>
        {errorBox}
      </View>
    )
  if (r.status === 'lapsed')
    return <Text className="cw-ask__hint">申请人逾期未补正，视为放弃申请，不再办理。</Text>
  if (r.status !== 'registered')
    return <Text className="cw-ask__hint">等待申请人补正，补正后重新计算答复期限。</Text>

  const modes: { key: Mode; label: string; shown: boolean }[] = [
    { key: 'reply', label: '答复', shown: true },
    // Art. 30: once, within 7 working days of receipt (the BFF gives the last day while it may still be sent).
    { key: 'notice', label: '补正告知', shown: r.correctionNoticeBy !== null },
    // Art. 33 ¶2: an extension is decided within the period; once it has passed only a (late) reply is left.
    { key: 'extend', label: '延长期限', shown: r.extension === null && !r.overdue },
    { key: 'consult', label: r.consulting ? '征求意见结束' : '征求意见', shown: true },
  ]
  return (
    <View className="cw-office__actions">
      <View className="cw-ask__choice" role="radiogroup" aria-label="办理">
        {modes
          .filter((m) => m.shown)
          .map((m) => (
            <View
              key={m.key}
              role="radio"
              {...focusable}
              aria-checked={mode === m.key}
              className={`cw-ask__option cw-office__mode${mode === m.key ? ' cw-ask__option--on' : ''}`}
              data-mode={m.key}
              onClick={() => setMode(m.key)}
            >
              {m.label}
            </View>
          ))}
      </View>

      {mode === 'reply' && (
        <View className="cw-office__reply">
          <Text className="cw-ask__label">答复类型</Text>
          <View className="cw-ask__choice" role="radiogroup" aria-label="答复类型">
            {InfoReplyTypeSchema.options.map((t) => (
              <View
                key={t}
                role="radio"
                {...focusable}
                aria-checked={type === t}
                className={`cw-ask__option cw-office__type${type === t ? ' cw-ask__option--on' : ''}`}
                data-type={t}
                onClick={() => setType(t)}
              >
                {INFO_REPLY_TYPE_LABELS[t]}
              </View>
            ))}
          </View>
          <Text className="cw-ask__label">答复内容</Text>
          <Text className="cw-ask__hint">部分公开、不予公开要写明理由和依据。</Text>
          <Textarea
            className="cw-ask__textarea cw-office__reply-text"
            aria-label="答复内容"
            placeholder="答复内容"
            value={text}
            // No cut: a maxlength counts UTF-16 units (an emoji is two) and drops typed text silently.
            maxlength={NO_CUT}
            onInput={(e) => setText(e.detail.value)}
          />
          <TextCount text={text} max={INFO_REQUEST_REPLY_TEXT_MAX} />
          <Text className="cw-ask__label">
            {type === 'not_responsible' ? '应向哪个机关申请' : '信息的链接（可不填，每行一个）'}
          </Text>
          <Textarea
            className="cw-ask__textarea cw-office__reply-extra"
            aria-label={type === 'not_responsible' ? '应向哪个机关申请' : '信息的链接'}
            placeholder={type === 'not_responsible' ? '应向哪个机关申请' : '信息的链接'}
            value={extra}
            maxlength={NO_CUT}
            onInput={(e) => setExtra(e.detail.value)}
          />
          {type === 'not_responsible' && (
            <TextCount text={extra} max={INFO_REQUEST_RIGHT_OFFICE_MAX} onlyWhenOver />
          )}
          <Button
            className="cw-btn cw-office__send-reply"
            {...busyProps}
            onClick={() =>
              void run(
                () =>
                  replyInfoRequest(r.id, {
                    type,
                    text: text.trim(),
                    ...(type === 'not_responsible'
                      ? { rightOffice: extra.trim() }
                      : lines(extra).length > 0
                        ? { links: lines(extra) }
                        : {}),
                  }),
                text.trim() === ''
                  ? '请写答复内容'
                  : type === 'not_responsible' && extra.trim() === ''
                    ? '请写明应向哪个机关申请'
                    : (tooLongText('答复内容', text, INFO_REQUEST_REPLY_TEXT_MAX) ??
                      (type === 'not_responsible'
                        ? tooLongText('应向哪个机关申请', extra, INFO_REQUEST_RIGHT_OFFICE_MAX)
                        : null)),
              )
            }
          >
            发送答复
          </Button>
        </View>
      )}

      {mode === 'notice' && (
        <View className="cw-office__notice">
          <Text className="cw-ask__label">需要补正的内容（每行一项）</Text>
          <Text className="cw-ask__hint">
            补正告知只能发一次，请把要补充的内容一次写全；
            {r.correctionNoticeBy &&
              `最晚${formatDueDate(r.correctionNoticeBy, r.correctionNoticeByProvisional)}发出。`}
          </Text>
          <Textarea
            className="cw-ask__textarea cw-office__notice-text"
            aria-label="需要补正的内容"
            placeholder="需要补正的内容"
            value={text}
            maxlength={NO_CUT}
            onInput={(e) => setText(e.detail.value)}
          />
          <NoticeCount text={text} />
          <Text className="cw-ask__label">补正期限（工作日）</Text>
          <Text className="cw-ask__hint">
            从今天起算，{CORRECTION_PERIOD_WORKING_DAYS.min}到{CORRECTION_PERIOD_WORKING_DAYS.max}
            个工作日；逾期不补正的，视为放弃申请。
          </Text>
          <Input
            className="cw-input cw-office__notice-days"
            aria-label="补正期限（工作日）"
            type="number"
            value={days}
            maxlength={2}
            onInput={(e) => setDays(e.detail.value)}
          />
          <Button
            className="cw-btn cw-office__send-notice"
            {...busyProps}
            onClick={() =>
              void run(
                () => sendCorrectionNotice(r.id, lines(text), Number(days)),
                lines(text).length === 0
                  ? '请写要补正的内容'
                  : (noticeItemsProblem(lines(text)) ??
                      (!/^\d+$/.test(days.trim()) ||
                      Number(days) < CORRECTION_PERIOD_WORKING_DAYS.min ||
                      Number(days) > CORRECTION_PERIOD_WORKING_DAYS.max
                        ? `补正期限请填${CORRECTION_PERIOD_WORKING_DAYS.min}到${CORRECTION_PERIOD_WORKING_DAYS.max}个工作日`
                        : null)),
              )
            }
          >
            发出补正告知
          </Button>
        </View>
      )}

      {mode === 'extend' && (
        <View className="cw-office__extend">
          <Text className="cw-ask__label">延长的原因</Text>
          <Text className="cw-ask__hint">答复期限只能延长一次，最多20个工作日。</Text>
          <Input
            className="cw-input cw-office__extend-reason"
            aria-label="延长的原因"
            placeholder="延长的原因"
            value={text}
            maxlength={oneLineMaxLength(INFO_REQUEST_EXTEND_REASON_MAX)}
            onInput={(e) => setText(e.detail.value)}
          />
          <TextCount text={text} max={INFO_REQUEST_EXTEND_REASON_MAX} onlyWhenOver />
          <Button
            className="cw-btn cw-office__send-extend"
            {...busyProps}
            onClick={() =>
              void run(
                () => extendInfoRequest(r.id, text.trim()),
                text.trim() === ''
                  ? '请写延长的原因'
                  : tooLongText('延长的原因', text, INFO_REQUEST_EXTEND_REASON_MAX),
              )
            }
          >
            延长20个工作日
          </Button>
        </View>
      )}

      {mode === 'consult' && (
        <View className="cw-office__consult">
          {!r.consulting && (
            <Input
              className="cw-input cw-office__party"
              aria-label="征求谁的意见"
              placeholder="征求谁的意见（第三方或其他机关）"
              value={text}
              maxlength={oneLineMaxLength(INFO_REQUEST_CONSULT_PARTY_MAX)}
              onInput={(e) => setText(e.detail.value)}
            />
          )}
          {!r.consulting && <TextCount text={text} max={INFO_REQUEST_CONSULT_PARTY_MAX} onlyWhenOver />}
          <Text className="cw-ask__hint">
            {/* Art. 32/33: only a consultation begun within the period holds the clock; a lapsed one stays lapsed. */}
            {r.paused || !r.overdue
              ? '征求意见的时间不计入答复期限。'
              : '答复期限已经届满，征求意见不延长期限，请尽快答复。'}
          </Text>
          <Button
            className="cw-btn cw-office__send-consult"
            {...busyProps}
            onClick={() =>
              void run(() =>
                consultInfoRequest(
                  r.id,
                  r.consulting ? 'end' : 'start',
                  r.consulting ? undefined : text.trim() || undefined,
                ),
              )
            }
          >
            {r.consulting ? '征求意见已结束' : '开始征求意见'}
          </Button>
        </View>
      )}
      {errorBox}
    </View>
  )
}
