import { useState } from 'react'
import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import {
  ErrorCode,
  findMinorDetails,
  minorDetailsMessage,
  QUESTION_PUBLIC_TEXT_MAX,
  QUESTION_UNPUBLISH_REASON_MAX,
  type QuestionDto,
} from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { publishQuestion, unpublishQuestion } from '@/services/api/questions'
import { ApiError } from '@/services/request'
import { errorText } from '@/utils/errors'
import { NO_CUT, TextCount, firstTooLong, oneLineMaxLength, tooLongText } from '@/components/text-count'

/** Likely details of a minor in the question and the answer as typed (the BFF checks again when publishing). */
function minorWarning(q: QuestionDto): string | null {
  const currentYear = new Date().getFullYear()
  const found = [
    ...findMinorDetails(q.text, { currentYear }),
    ...findMinorDetails(q.reply?.text ?? '', { currentYear }),
  ]
  return found.length > 0 ? minorDetailsMessage(found) : null
}

/**
 * The secretary publishes an answered thread once the asker agreed. When the question or the answer may name a
 * child (孙子, 8岁, 小学…) the panel says so and opens the public wording, prefilled with the typed texts, to be
 * rewritten: the public reads that wording, the asker and staff keep the originals (docs/questions.md).
 */
export function PublishPanel({ q, onDone }: { q: QuestionDto; onDone: (q: QuestionDto) => void }) {
  const warning = minorWarning(q)
  const [editing, setEditing] = useState(warning !== null)
  const [publicText, setPublicText] = useState(q.text)
  const [publicReply, setPublicReply] = useState(q.reply?.text ?? '')
  const [error, setError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()
  const publish = once(async () => {
    setError(null)
    const text = publicText.trim()
    const reply = publicReply.trim()
    if (editing && (text === '' || (q.reply !== null && reply === ''))) {
      return setError('公开时显示的文字不能为空')
    }
    const tooLong = editing
      ? firstTooLong([
          ['公开时显示的问题', text, QUESTION_PUBLIC_TEXT_MAX],
          ['公开时显示的答复', reply, QUESTION_PUBLIC_TEXT_MAX],
        ])
      : null
    if (tooLong) return setError(tooLong)
    // Only what was changed is sent as public wording; the rest is published as typed.
    const wording = editing
      ? {
          ...(text !== q.text.trim() ? { publicText: text } : {}),
          ...(q.reply && reply !== q.reply.text.trim() ? { publicReply: reply } : {}),
        }
      : {}
    try {
      onDone(await publishQuestion(q.id, wording))
    } catch (err) {
      if (
        err instanceof ApiError &&
        (err.code === ErrorCode.MinorDetails || err.code === ErrorCode.ContentReview)
      )
        setEditing(true)
      setError(errorText(err))
    }
  })
  return (
    <View className="cw-question__publish">
      <Text className="cw-ask__hint">
        经提问的村民同意后，可以把这条问答公开在这项公开内容的“政策解读”里（不显示村民的名字）。
      </Text>
      {warning && (
        <View className="cw-ask__notice cw-ask__notice--warn cw-question__minor-warning" role="status">
          {`问答的${warning}请在下面改写公开时显示的文字。`}
        </View>
      )}
      {editing ? (
        <View className="cw-question__wording">
          <Text className="cw-ask__label">公开时显示的问题</Text>
          <Textarea
            className="cw-ask__textarea cw-question__public-text"
            aria-label="公开时显示的问题"
            value={publicText}
            maxlength={NO_CUT}
            onInput={(e) => setPublicText(e.detail.value)}
          />
          <TextCount
            text={publicText}
            max={QUESTION_PUBLIC_TEXT_MAX}
            className="cw-question__public-text-count"
          />
          {q.reply && (
            <>
              <Text className="cw-ask__label">公开时显示的答复</Text>
              <Textarea
                className="cw-ask__textarea cw-question__public-reply"
                aria-label="公开时显示的答复"
                value={publicReply}
                maxlength={NO_CUT}
                onInput={(e) => setPublicReply(e.detail.value)}
              />
              <TextCount
                text={publicReply}
                max={QUESTION_PUBLIC_TEXT_MAX}
                className="cw-question__public-reply-count"
              />
            </>
          )}
          <Text className="cw-ask__hint">提问的村民和村里看到的仍是原来的文字。</Text>
        </View>
      ) : (
        <Button className="cw-btn cw-btn--ghost cw-question__edit-wording" onClick={() => setEditing(true)}>
          修改公开时显示的文字
        </Button>
      )}
      <Button
        className={`cw-btn cw-btn--ghost cw-question__publish-button${busy ? ' cw-btn--busy' : ''}`}
        {...(busy ? { disabled: true } : {})}
        onClick={() => void publish()}
      >
        村民已同意，公开问答
      </Button>
      {error && (
        <View className="cw-ask__form-error" role="alert">
          {error}
        </View>
      )}
    </View>
  )
}

/** A public thread: staff see the wording the public reads, and may withdraw it (撤回公开) with a reason. */
export function PublicPanel({
  q,
  staff,
  onDone,
}: {
  q: QuestionDto
  staff: boolean
  onDone: (q: QuestionDto) => void
}) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const { busy, once } = useSubmitOnce()
  const withdraw = once(async () => {
    setError(null)
    if (reason.trim() === '') return setError('请写明撤回的原因')
    const tooLong = tooLongText('撤回公开的原因', reason, QUESTION_UNPUBLISH_REASON_MAX)
    if (tooLong) return setError(tooLong)
    try {
      onDone(await unpublishQuestion(q.id, { reason: reason.trim() }))
    } catch (err) {
      setError(errorText(err))
    }
  })
  return (
    <View className="cw-question__public">
      <Text className="cw-ask__hint">这条问答已公开。</Text>
      {staff && q.publicWording?.text && (
        <Text className="cw-ask__line cw-question__public-wording">公开的问题：{q.publicWording.text}</Text>
      )}
      {staff && q.publicWording?.reply && (
        <Text className="cw-ask__line cw-question__public-wording">公开的答复：{q.publicWording.reply}</Text>
      )}
      {staff && (
        <View className="cw-question__unpublish">
          <Text className="cw-ask__label">撤回公开的原因</Text>
          <Input
            className="cw-input cw-question__unpublish-reason"
            aria-label="撤回公开的原因"
            value={reason}
            placeholder="例如：答复里有孩子的信息"
            maxlength={oneLineMaxLength(QUESTION_UNPUBLISH_REASON_MAX)}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button
            className={`cw-btn cw-btn--ghost cw-question__unpublish-button${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void withdraw()}
          >
            撤回公开
          </Button>
        </View>
      )}
      {error && (
        <View className="cw-ask__form-error" role="alert">
          {error}
        </View>
      )}
    </View>
  )
}
