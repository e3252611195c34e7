import { useState } from 'react'
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { CONSULTATION_DECIDED_MAX } from '@cunwu/domain'
import type { ConsultationDto, ConsultationParticipantsDto } from '@cunwu/domain'
import { NO_CUT, TextCount, tooLongText } from '@/components/text-count'
import { useLostAnswers } from '@/hooks/use-lost-answers'
import { useIdempotencyKey, useSubmitOnce } from '@/hooks/use-submit-once'
import { getConsultation, publishConsultationSummary } from '@/services/api/consultations'
import { Routes, pageUrl } from '@/routes'
import { ACTED_MEANWHILE, actedMeanwhile } from '@/utils/acted-meanwhile'
import { errorText } from '@/utils/errors'
import { formatDateTime } from '@/utils/format'
import { OpenAnswers } from './open-answers'

const VIA_WORDS = { self: '本人', household: '户主', proxy: '代填' } as const

/** Said when the summary tapped again (perhaps changed) finds the one the tap whose answer was lost sent. */
export const SUMMARY_ALREADY_SENT =
  '结果已经交乡镇审核了：刚才那次已经办成，只是网络慢，回复晚到了。交的是那次写的内容，可以点下面打开看'

/** Props of {@link StaffPanel}. */
export interface StaffPanelProps {
  consultation: ConsultationDto
  participants: ConsultationParticipantsDto
  /** The village's secretary writes the summary. */
  maySummarise: boolean
  /** The summary is filed: the page reads the consultation again and shows `notice` (one line) when given. */
  onSummarised: (notice?: string) => void
}

/**
 * What staff see: who took part (each choice only in an open vote), after the deadline each open question's answers
 * (without names), and the summary form: what was decided and which comments and answers to publish (without
 * names); it goes to the township's review. The comments and answers come only after the deadline
 * (docs/consultations.md): read while answers arrive, they could be tied to people.
 */
export function StaffPanel({ consultation: c, participants, maySummarise, onSummarised }: StaffPanelProps) {
  const [decided, setDecided] = useState('')
  const [chosen, setChosen] = useState<string[]>([])
  const [chosenAnswers, setChosenAnswers] = useState<string[]>([])
  const { busy, once } = useSubmitOnce()
  const idempotency = useIdempotencyKey()
  const lost = useLostAnswers()
  const [formError, setFormError] = useState<string | null>(null)
  const comments = participants.comments ?? []
  const toggleIn = (set: typeof setChosen) => (id: string) =>
    set((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]))
  const toggle = toggleIn(setChosen)
  const hasText = c.questions.some((q) => q.kind === 'text')
  const openAnswers = participants.openAnswers?.filter((q) => q.answers.length > 0) ?? []
  // The summary form, where the secretary chooses what to publish; other staff read the answers as they are.
  const summarising = maySummarise && c.closed && !c.summaryDisclosureId

  const submit = once(async () => {
    if (decided.trim().length < 2) {
      setFormError('请写明根据大家的意见，村里决定怎么办')
      return
    }
    const tooLong = tooLongText('村里决定怎么办', decided, CONSULTATION_DECIDED_MAX)
    if (tooLong) {
      setFormError(tooLong)
      return
    }
    setFormError(null)
    try {
      const req = { decided: decided.trim(), commentIds: chosen, openAnswerIds: chosenAnswers }
      // The same summary sent again (after a lost answer) carries the same key: the server files it once. A changed
      // one has a new key and is refused 409; the consultation read again then shows the summary the lost tap filed.
      const sent = await lost.run(
        `summary:${c.id}`,
        () => publishConsultationSummary(c.id, req, idempotency.keyFor({ consultation: c.id, req })),
        async () => ((await getConsultation(c.id)).summaryDisclosureId ? true : null),
      )
      idempotency.done()
      if (sent.already) return onSummarised(SUMMARY_ALREADY_SENT)
      void Taro.showToast({ title: '已交乡镇审核', icon: 'success' })
      onSummarised()
    } catch (err) {
      // Someone else filed it meanwhile (docs/miniapp.md, "After a colleague acted"): shown as it is now.
      if (actedMeanwhile(err)) return onSummarised(ACTED_MEANWHILE)
      setFormError(errorText(err))
    }
  })

  return (
    <View className="cw-consult__staff">
      <Text className="cw-decide__section">谁参加了（{participants.participants.length}）</Text>
      <Text className="cw-decide__muted">
        {participants.ballot === 'open'
          ? '这次是记名表决，可以看到每人的选择。'
          : '不记名：只看得到谁参加了，看不到选了什么。'}
      </Text>
      {participants.participants.map((p) => (
        <View key={`${p.householdNo}-${p.name}`} className="cw-consult__participant">
          <Text className="cw-decide__line">
            {p.name}（户号 {p.householdNo}，{VIA_WORDS[p.via]}） {formatDateTime(p.answeredAt)}
          </Text>
          {p.responses && (
            <Text className="cw-decide__muted">
              {p.responses
                .map((r, i) => {
                  const q = c.questions[i]
                  if ('text' in r) return r.text
                  return q && q.kind !== 'text' ? r.options.map((o) => q.options[o] ?? '').join('、') : ''
                })
                .filter((x) => x.length > 0)
                .join('；')}
            </Text>
          )}
        </View>
      ))}
      {participants.comments === null && (
        <Text className="cw-decide__muted cw-consult__comments-later">
          {hasText ? '截止后可以看到意见和写的回答（不署名）。' : '截止后可以看到意见（不署名）。'}
        </Text>
      )}
      {!summarising && openAnswers.length > 0 && <OpenAnswers openAnswers={openAnswers} />}
      {(participants.textsHeld ?? 0) > 0 && (
        <Text className="cw-decide__muted cw-consult__held">
          另有{participants.textsHeld}份写的意见或回答，内容检查要求人工核实，这里没有列出，也不能公开。
        </Text>
      )}
      {c.summaryDisclosureId && (
        <View
          className="cw-decide__notice cw-consult__summary-link"
          role="link"
          onClick={() =>
            void Taro.navigateTo({ url: pageUrl(Routes.Disclosure, { id: c.summaryDisclosureId ?? '' }) })
          }
        >
          结果已写成公开内容（乡镇审核后公开）
        </View>
      )}
      {summarising && (
        <View className="cw-consult__summary">
          <Text className="cw-decide__section">公布结果</Text>
          <Text className="cw-decide__label">村里决定怎么办</Text>
          <Textarea
            className="cw-decide__textarea cw-consult__decided"
            value={decided}
            maxlength={NO_CUT}
            placeholder="例如：多数户同意，提交村民代表会议表决"
            aria-label="村里决定怎么办"
            onInput={(e) => setDecided(e.detail.value)}
          />
          <TextCount text={decided} max={CONSULTATION_DECIDED_MAX} className="cw-consult__decided-count" />
          {openAnswers.length > 0 && (
            <Text className="cw-decide__label">一起公开哪些回答（印在题目下面，不署名）</Text>
          )}
          <OpenAnswers
            openAnswers={openAnswers}
            chosen={chosenAnswers}
            onToggle={toggleIn(setChosenAnswers)}
          />
          {comments.length > 0 && <Text className="cw-decide__label">一起公开哪些意见（不署名）</Text>}
          <View role="group" aria-label="一起公开的意见">
            {comments.map((m) => (
              <View
                key={m.id}
                className={`cw-decide__option cw-consult__pick${chosen.includes(m.id) ? ' cw-decide__option--on' : ''}`}
                role="checkbox"
                aria-checked={chosen.includes(m.id)}
                onClick={() => toggle(m.id)}
              >
                {m.text}
              </View>
            ))}
          </View>
          {formError && (
            <View className="cw-decide__form-error" role="alert">
              {formError}
            </View>
          )}
          <Button
            className={`cw-btn cw-consult__publish${busy ? ' cw-btn--busy' : ''}`}
            {...(busy ? { disabled: true } : {})}
            onClick={() => void submit()}
          >
            {busy ? '正在提交…' : '交乡镇审核后公开'}
          </Button>
        </View>
      )}
    </View>
  )
}
