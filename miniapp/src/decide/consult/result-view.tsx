import { Text, View } from '@tarojs/components'
import type { ConsultationDto, ConsultationTallyDto } from '@cunwu/domain'
import { BarList } from '@/components/bar-list'
import { resultBallotWords } from '../consult-words'

/**
 * The tally after the deadline: how many took part and each question's counts, never who chose what; and what staff
 * can see, which differs in an open vote (记名表决).
 */
export function ResultView({
  consultation: c,
  tally,
}: {
  consultation: ConsultationDto
  tally: ConsultationTallyDto
}) {
  const who = c.unit === 'household' ? '户' : '人'
  return (
    <View className="cw-consult__result">
      <Text className="cw-decide__section">结果</Text>
      <Text className="cw-decide__line cw-consult__turnout">
        应参加 {tally.eligible} {who}，参加了 {tally.answered} {who}（{tally.participationPercent}%）
      </Text>
      <Text className="cw-decide__muted cw-consult__result-ballot">{resultBallotWords(c)}</Text>
      {tally.questions.map((q, qi) => (
        <View key={q.text} className="cw-decide__card cw-consult__tally" data-question={qi}>
          <Text className="cw-decide__card-title">
            {qi + 1}. {q.text}
          </Text>
          <Text className="cw-decide__muted">
            {q.answered} {who}作答
          </Text>
          {q.kind !== 'text' && (
            <BarList
              label={q.text}
              items={q.options.map((o, oi) => ({
                key: String(oi),
                label: `${o.label} ${o.percent}%`,
                count: o.count,
                tone: 'blue',
              }))}
            />
          )}
        </View>
      ))}
    </View>
  )
}
