import { Text, View } from '@tarojs/components'
import type { ConsultationParticipantsDto } from '@cunwu/domain'

/** Props of {@link OpenAnswers}. */
export interface OpenAnswersProps {
  openAnswers: NonNullable<ConsultationParticipantsDto['openAnswers']>
  /** With `onToggle`: the answers chosen for the summary, offered as checkboxes. Without: read only. */
  chosen?: readonly string[]
  onToggle?: (id: string) => void
}

/**
 * Each open question's answers, as staff read them after the deadline: without names, in the BFF's order (by text,
 * never by who wrote them), under their question; in the summary form, each may be chosen to print under it
 * (docs/consultations.md).
 */
export function OpenAnswers({ openAnswers, chosen, onToggle }: OpenAnswersProps) {
  return (
    <View className="cw-consult__open-answers">
      {openAnswers.map((q) => (
        <View key={q.question} data-question={q.question} role="group" aria-label={q.text}>
          <Text className="cw-decide__label">{`第 ${q.question + 1} 题 ${q.text}（${q.answers.length} 条回答，不署名）`}</Text>
          {q.answers.map((a) =>
            onToggle ? (
              <View
                key={a.id}
                className={`cw-decide__option cw-consult__pick cw-consult__pick-answer${chosen?.includes(a.id) ? ' cw-decide__option--on' : ''}`}
                role="checkbox"
                aria-checked={!!chosen?.includes(a.id)}
                onClick={() => onToggle(a.id)}
              >
                {a.text}
              </View>
            ) : (
              <Text key={a.id} className="cw-decide__line cw-consult__open-answer">
                {a.text}
              </Text>
            ),
          )}
        </View>
      ))}
    </View>
  )
}
