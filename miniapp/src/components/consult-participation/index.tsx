import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { isWithin, levelOfCode, percentOf, type ConsultationParticipationDto } from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { getConsultationParticipation } from '@/services/api/consultations'
import { Routes, pageUrl } from '@/routes'
import './index.scss'

/** Props of {@link ConsultParticipation}. */
export interface ConsultParticipationProps {
  /** The dashboard's region (township or county, or one village). */
  regionCode: string
  /** The lines of the column: the region's villages or townships (or the village itself). */
  areas: { code: string; name: string }[]
}

interface Line {
  code: string
  name: string
  open: number
  closed: number
  eligible: number
  answered: number
  ratePercent: number
}

/**
 * Sums the villages' consultation figures per area (a township line adds up its villages); areas that held
 * consultations first, lowest rate first, then the others.
 */
export function participationLines(
  data: ConsultationParticipationDto,
  areas: ConsultParticipationProps['areas'],
): Line[] {
  return areas
    .map((a) => {
      const inArea = data.villages.filter((v) => isWithin(v.villageCode, a.code))
      const sum = (pick: (v: (typeof inArea)[number]) => number) => inArea.reduce((n, v) => n + pick(v), 0)
      const eligible = sum((v) => v.eligible)
      const answered = sum((v) => v.answered)
      return {
        code: a.code,
        name: a.name,
        open: sum((v) => v.open),
        closed: sum((v) => v.closed),
        eligible,
        answered,
        ratePercent: percentOf(answered, eligible),
      }
    })
    .sort(
      (x, y) =>
        Number(y.open + y.closed > 0) - Number(x.open + x.closed > 0) ||
        x.ratePercent - y.ratePercent ||
        x.code.localeCompare(y.code),
    )
}

/**
 * The compliance dashboard's section on consultations (征求意见): per village (or township) how many are open and
 * closed and, over the closed ones, how many of those eligible answered. A village's line opens its consultations
 * (where township staff also open new ones).
 */
export function ConsultParticipation({ regionCode, areas }: ConsultParticipationProps) {
  const board = useLoader<ConsultationParticipationDto>()
  const { run } = board
  useEffect(() => {
    void run(() => getConsultationParticipation(regionCode))
  }, [run, regionCode])
  // A complement to the dashboard: when it cannot be read (a role without access), the rest of the page stands.
  if (board.state.kind !== 'ready') return null
  const lines = participationLines(board.state.data, areas)
  return (
    <View className="cw-consult-participation">
      <Text className="cw-consult-participation__heading">征求意见参与情况</Text>
      {lines.map((l) => (
        <View
          key={l.code}
          className="cw-consult-participation__line"
          data-code={l.code}
          {...(levelOfCode(l.code) === 'village'
            ? {
                role: 'link',
                onClick: () =>
                  void Taro.navigateTo({ url: pageUrl(Routes.DecideConsultList, { village: l.code }) }),
              }
            : {})}
        >
          <Text className="cw-consult-participation__name">{l.name}</Text>
          <Text className="cw-consult-participation__counts">
            {l.open + l.closed === 0 ? '还没有征求意见' : `进行中 ${l.open} 次 · 已截止 ${l.closed} 次`}
            {l.closed > 0 ? ` · 应参加 ${l.eligible}，参加 ${l.answered}（${l.ratePercent}%）` : ''}
          </Text>
        </View>
      ))}
    </View>
  )
}
