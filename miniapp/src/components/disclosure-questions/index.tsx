import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { QUESTION_KIND_LABELS, type QuestionDto } from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { listDisclosureQuestions } from '@/services/api/questions'
import { Routes, pageUrl } from '@/routes'
import { formatDate } from '@/utils/format'
import { LINK } from '@/utils/link-role'
import './index.scss'

/** Props of {@link DisclosureQuestions}. */
export interface DisclosureQuestionsProps {
  disclosureId: string
  /** Only public versions (published, expired, or superseded by a newer one) have threads. */
  status: string
}

/**
 * Under a disclosure: the questions answered and made public (村民问答, part of the item's explanation), the
 * reader's own threads, on any version of the item (one asked on another version says which), and the entry to ask
 * a question or object to the item or one of its rows.
 */
export function DisclosureQuestions({ disclosureId, status }: DisclosureQuestionsProps) {
  const threads = useLoader<QuestionDto[]>()
  const { run } = threads
  // Threads belong to the item's series: every public version lists them (a retracted one answers 404).
  const shown = status === 'published' || status === 'expired' || status === 'superseded'
  useEffect(() => {
    if (shown) void run(() => listDisclosureQuestions(disclosureId))
  }, [run, disclosureId, shown])
  if (!shown) return null
  // The list is a complement: when it cannot be read, the entry to ask still shows.
  const list = threads.state.kind === 'ready' ? threads.state.data : []
  const open = (url: string) => void Taro.navigateTo({ url })
  return (
    <View className="cw-dquestions">
      {list.length > 0 && (
        <View className="cw-dquestions__list">
          <Text className="cw-dquestions__heading">村民问答</Text>
          {list.map((q) => (
            <View
              key={q.id}
              className="cw-dquestions__item"
              data-id={q.id}
              onClick={() => open(pageUrl(Routes.AskQuestion, { id: q.id }))}
            >
              <Text className="cw-dquestions__q" {...LINK}>
                {q.mine ? '我的' : ''}
                {QUESTION_KIND_LABELS[q.kind]}
                {q.disclosureId !== disclosureId && q.disclosureVersion !== null
                  ? `（针对第${q.disclosureVersion}版）`
                  : ''}
                {q.rowRef !== null ? `（第${q.rowRef}行）` : ''}：{q.text}
              </Text>
              <Text className="cw-dquestions__a">
                {q.reply ? `答：${q.reply.text}` : `等待答复，应在${formatDate(q.dueDate)}前答复`}
              </Text>
            </View>
          ))}
        </View>
      )}
      <Button
        className="cw-btn cw-btn--ghost cw-dquestions__ask"
        onClick={() => open(pageUrl(Routes.AskNew, { disclosure: disclosureId }))}
      >
        提问或提异议
      </Button>
    </View>
  )
}
