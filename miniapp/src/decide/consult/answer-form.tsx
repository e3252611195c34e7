import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ConsultationDto, ConsultationMineDto, ConsultationResponse } from '@cunwu/domain'
import { CONSULTATION_TEXT_MAX } from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { answerConsultation } from '@/services/api/consultations'
import { errorText } from '@/utils/errors'
import { NO_CUT, TextCount, firstTooLong } from '@/components/text-count'
import { ballotWords } from '../consult-words'

type Entitlement = ConsultationMineDto['entitlements'][number]

/** Whom an answer is for, in plain words. */
function forWords(e: Entitlement): string {
  if (e.as === 'self') return `我自己（${e.name}）`
  if (e.as === 'household') return `我家（户号 ${e.householdNo}）`
  return `代 ${e.name} 填写（户号 ${e.householdNo}）`
}

/** That someone else already answered under this key (never what they chose), and what answering again does. */
export function answeredByOtherWords(e: Entitlement): string {
  const who = e.as === 'proxy' ? `${e.name}本人或其他代填的人` : '替您代填的人'
  return `${who}已经填写过（看不到填了什么）。截止前您再填写，会替换那一份，以最后一次为准。`
}

/** The empty answer of each question, or the one given before. */
function startingResponses(c: ConsultationDto, e: Entitlement | undefined): ConsultationResponse[] {
  if (e?.answer) return e.answer.responses
  return c.questions.map((q) => (q.kind === 'text' ? { text: '' } : { options: [] }))
}

/** Props of {@link AnswerForm}. */
export interface AnswerFormProps {
  consultation: ConsultationDto
  entitlements: Entitlement[]
  /** Called after an answer was saved, to reload what the person answered. */
  onSaved: () => void
}

/**
 * The answer form: whom it is for (oneself, the household, or someone one holds proxy rights for), each question
 * as choices or a text box, and a comment. Sending again changes the answer; it never counts twice. It says first, and
 * again by the button in an open vote, what staff will see of the answer (记名表决 or not).
 */
export function AnswerForm({ consultation: c, entitlements, onSaved }: AnswerFormProps) {
  const [forIndex, setForIndex] = useState(0)
  const target = entitlements[forIndex]
  const [responses, setResponses] = useState<ConsultationResponse[]>(() => startingResponses(c, target))
  const [comment, setComment] = useState(target?.answer?.comment ?? '')
  const { busy, once } = useSubmitOnce()
  const [formError, setFormError] = useState<string | null>(null)

  if (entitlements.length === 0) {
    return (
      <View className="cw-decide__notice cw-decide__notice--warn cw-consult__not-eligible">
        {c.unit === 'household' ? '这次按户征求意见，请由户主填写。' : '您不在这次征求意见的范围内。'}
      </View>
    )
  }

  const choose = (i: number) => {
    setForIndex(i)
    setResponses(startingResponses(c, entitlements[i]))
    setComment(entitlements[i]?.answer?.comment ?? '')
  }
  const toggle = (qi: number, option: number, single: boolean) => {
    setResponses((rs) =>
      rs.map((r, i) => {
        if (i !== qi || !('options' in r)) return r
        if (single) return { options: [option] }
        return r.options.includes(option)
          ? { options: r.options.filter((o) => o !== option) }
          : { options: [...r.options, option].sort((a, b) => a - b) }
      }),
    )
  }
  const setText = (qi: number, text: string) =>
    setResponses((rs) => rs.map((r, i) => (i === qi ? { text } : r)))

  const submit = once(async () => {
    const missing = c.questions.findIndex((q, i) => {
      const r = responses[i]
      return q.kind !== 'text' && (!r || !('options' in r) || r.options.length === 0)
    })
    if (missing >= 0) {
      setFormError(`第 ${missing + 1} 题还没有选`)
      return
    }
    const tooLong = firstTooLong([
      ...responses.flatMap((r, i): [string, string, number][] =>
        r && 'text' in r ? [[`第 ${i + 1} 题`, r.text, CONSULTATION_TEXT_MAX]] : [],
      ),
      ['其他意见', comment, CONSULTATION_TEXT_MAX],
    ])
    if (tooLong) {
      setFormError(tooLong)
      return
    }
    setFormError(null)
    try {
      const saved = await answerConsultation(c.id, {
        ...(target && target.as !== 'self' && target.as !== 'household'
          ? { onBehalfOf: { householdNo: target.householdNo, name: target.name } }
          : {}),
        responses,
        comment: comment.trim(),
      })
      void Taro.showToast({ title: saved.replaced ? '已修改' : '已提交', icon: 'success' })
      onSaved()
    } catch (err) {
      setFormError(errorText(err))
    }
  })

  return (
    <View className="cw-consult__form">
      <View
        className={`cw-decide__notice${c.ballot === 'open' ? ' cw-decide__notice--warn' : ''} cw-consult__ballot`}
        data-ballot={c.ballot}
      >
        {ballotWords(c)}
      </View>
      {entitlements.length > 1 && (
        <View>
          <Text className="cw-decide__label">替谁填写</Text>
          <View className="cw-decide__choice" role="radiogroup" aria-label="替谁填写">
            {entitlements.map((e, i) => (
              <View
                key={`${e.householdNo}-${e.name}`}
                className={`cw-decide__option cw-consult__for${i === forIndex ? ' cw-decide__option--on' : ''}`}
                role="radio"
                aria-checked={i === forIndex}
                data-as={e.as}
                onClick={() => choose(i)}
              >
                {forWords(e)}
                {e.answer ? '（已填）' : e.answeredByOther ? '（已有人填写）' : ''}
              </View>
            ))}
          </View>
        </View>
      )}
      {target?.answer && (
        <Text className="cw-decide__hint cw-consult__answered">
          已经填过，截止前可以修改，以最后一次为准。
        </Text>
      )}
      {target && !target.answer && target.answeredByOther && (
        <Text className="cw-decide__hint cw-consult__answered">{answeredByOtherWords(target)}</Text>
      )}
      {c.questions.map((q, qi) => {
        const r = responses[qi]
        return (
          <View key={q.text} className="cw-consult__question" data-question={qi}>
            <Text className="cw-decide__label">
              {qi + 1}. {q.text}
              {q.kind === 'multiple' ? '（可多选）' : ''}
            </Text>
            {q.kind === 'text' ? (
              <View>
                <Textarea
                  className="cw-decide__textarea cw-consult__text"
                  value={r && 'text' in r ? r.text : ''}
                  maxlength={NO_CUT}
                  placeholder="可以不填"
                  aria-label={q.text}
                  onInput={(e) => setText(qi, e.detail.value)}
                />
                <TextCount
                  text={r && 'text' in r ? r.text : ''}
                  max={CONSULTATION_TEXT_MAX}
                  className="cw-consult__text-count"
                />
              </View>
            ) : (
              <View
                className="cw-decide__choice"
                role={q.kind === 'single' ? 'radiogroup' : 'group'}
                aria-label={q.text}
              >
                {q.options.map((label, oi) => {
                  const on = !!r && 'options' in r && r.options.includes(oi)
                  return (
                    <View
                      key={label}
                      className={`cw-decide__option cw-consult__option${on ? ' cw-decide__option--on' : ''}`}
                      role={q.kind === 'single' ? 'radio' : 'checkbox'}
                      aria-checked={on}
                      onClick={() => toggle(qi, oi, q.kind === 'single')}
                    >
                      {label}
                    </View>
                  )
                })}
              </View>
            )}
          </View>
        )
      })}
      <Text className="cw-decide__label">其他意见（可以不填）</Text>
      <Textarea
        className="cw-decide__textarea cw-consult__comment"
        value={comment}
        maxlength={NO_CUT}
        placeholder="写下您的想法，村里可能在结果里公开（不署名）"
        aria-label="其他意见"
        onInput={(e) => setComment(e.detail.value)}
      />
      <TextCount text={comment} max={CONSULTATION_TEXT_MAX} className="cw-consult__comment-count" />
      {c.ballot === 'open' && (
        <Text className="cw-decide__hint cw-consult__ballot-reminder">
          记名表决：提交后，工作人员能看到您选了什么。
        </Text>
      )}
      {formError && (
        <View className="cw-decide__form-error" role="alert">
          {formError}
        </View>
      )}
      <Button
        className={`cw-btn cw-consult__submit${busy ? ' cw-btn--busy' : ''}`}
        {...(busy ? { disabled: true } : {})}
        onClick={() => void submit()}
      >
        {busy ? '正在提交…' : target?.answer ? '修改我的意见' : '提交意见'}
      </Button>
    </View>
  )
}
