import { useEffect } from 'react'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { isWithin, type RegionQuestionsDto } from '@cunwu/domain'
import { useLoader } from '@/hooks/use-loader'
import { getRegionQuestions } from '@/services/api/questions'
import { Routes, pageUrl } from '@/routes'
import './index.scss'

/** Props of {@link OpenQuestions}. */
export interface OpenQuestionsProps {
  /** The dashboard's region (township or county, or one village). */
  regionCode: string
  /** The lines of the column: the region's villages or townships (or the village itself). */
  areas: { code: string; name: string }[]
}

interface Line {
  code: string
  name: string
  open: number
  overdue: number
  /** Median hours from asking to an outcome; only for a village (a median of medians means nothing). */
  medianHours: number | null
}

/** Counts the open and overdue threads of each area; a village's median answer time as the BFF computed it. */
export function questionLines(data: RegionQuestionsDto, areas: OpenQuestionsProps['areas']): Line[] {
  return areas
    .map((a) => {
      const inArea = data.open.filter((q) => isWithin(q.villageCode, a.code))
      return {
        code: a.code,
        name: a.name,
        open: inArea.length,
        overdue: inArea.filter((q) => q.overdue).length,
        medianHours: data.medians.find((m) => m.villageCode === a.code)?.medianHours ?? null,
      }
    })
    .sort((x, y) => y.overdue - x.overdue || y.open - x.open)
}

function hoursText(hours: number): string {
  return hours >= 24 ? `${Math.round((hours / 24) * 10) / 10} 天` : `${hours} 小时`
}

/**
 * The compliance dashboard's column on villagers' questions: per village (or township) the threads waiting for
 * an answer and those past their deadline, overdue first, with the median time to an answer.
 */
export function OpenQuestions({ regionCode, areas }: OpenQuestionsProps) {
  const board = useLoader<RegionQuestionsDto>()
  const { run } = board
  useEffect(() => {
    void run(() => getRegionQuestions(regionCode))
  }, [run, regionCode])
  // A complement to the dashboard: when it cannot be read, the rest of the page stands.
  if (board.state.kind !== 'ready') return null
  const lines = questionLines(board.state.data, areas)
  const overdue = lines.reduce((n, l) => n + l.overdue, 0)
  return (
    <View className="cw-open-questions">
      <Text className="cw-open-questions__heading">
        村民留言：待答复 {board.state.data.open.length} 条{overdue > 0 ? `，超期 ${overdue} 条` : ''}
      </Text>
      {lines.map((l) => (
        <View
          key={l.code}
          className={`cw-open-questions__line${l.overdue > 0 ? ' cw-open-questions__line--overdue' : ''}`}
          data-code={l.code}
        >
          <Text className="cw-open-questions__name">{l.name}</Text>
          <Text className="cw-open-questions__counts">
            待答复 {l.open} · 超期 {l.overdue}
            {l.medianHours !== null ? ` · 答复用时中位数 ${hoursText(l.medianHours)}` : ''}
          </Text>
        </View>
      ))}
      <Button
        className="cw-btn cw-btn--ghost cw-open-questions__open"
        onClick={() =>
          void Taro.navigateTo({ url: pageUrl(Routes.AskVillageQuestions, { region: regionCode }) })
        }
      >
        查看待答复的留言
      </Button>
    </View>
  )
}
