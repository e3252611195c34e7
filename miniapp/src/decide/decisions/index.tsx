import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { DECISION_PAGE, type DecisionDto, type MeDto, type RoleGrantDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { listDecisions } from '@/services/api/decisions'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl } from '@/routes'
import { decisionVillageOf, isSecretaryOf } from '../decision-village'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import { LINK } from '@/utils/link-role'
import { errorText } from '@/utils/errors'
import './index.scss'

interface Data {
  me: MeDto
  village: RoleGrantDto | undefined
  decisions: DecisionDto[]
  total: number
  nextOffset: number | null
}

/** The village's 四议两公开 matters, newest first; the secretary opens new ones here. */
export default function DecisionsPage() {
  const data = useLoader<Data>()
  const load = () =>
    data.run(async () => {
      const me = await getMe()
      const village = decisionVillageOf(me)
      if (!village) return { me, village, decisions: [], total: 0, nextOffset: null }
      const { decisions, page } = await listDecisions(village.regionCode)
      return { me, village, decisions, total: page.total, nextOffset: page.nextOffset }
    })
  const [more, setMore] = useState<string | null>(null)
  const { busy: fetchingMore, once } = useSubmitOnce()
  const loadMore = once(async (shown: Data) => {
    if (shown.nextOffset === null || !shown.village) return
    setMore('正在读取…')
    try {
      const { decisions, page } = await listDecisions(shown.village.regionCode, shown.nextOffset)
      const known = new Set(shown.decisions.map((d) => d.id))
      data.set({
        ...shown,
        decisions: [...shown.decisions, ...decisions.filter((d) => !known.has(d.id))],
        total: page.total,
        nextOffset: page.nextOffset,
      })
      setMore(null)
    } catch (err) {
      setMore(errorText(err))
    }
  })
  useDidShow(() => {
    void load()
  })

  const state = data.state
  if (state.kind !== 'ready')
    return (
      <PageRoot>
        <LoadStateBox state={state} onRetry={() => void load()} />
      </PageRoot>
    )
  const shown = state.data
  const { me, village, decisions } = shown
  if (!village)
    return (
      <PageRoot>
        <ErrorBox title="看不了村里议事" message="加入本村后才能看村里的议事" />
      </PageRoot>
    )
  return (
    <PageRoot className="cw-decide cw-decisions">
      <Text className="cw-decide__title">村里议事</Text>
      <Text className="cw-decide__subtitle">{village.regionName ?? village.regionCode} · 四议两公开</Text>
      <Text className="cw-decide__hint">
        村里的大事按“四议两公开”办：党组织提议、“两委”商议、党员大会审议、村民会议或村民代表会议表决，决议和办理结果都要公开。
      </Text>
      {isSecretaryOf(me, village.regionCode) && (
        <Button
          className="cw-btn cw-decisions__new"
          onClick={() => void Taro.navigateTo({ url: Routes.DecideDecisionNew })}
        >
          新建议事事项
        </Button>
      )}
      {decisions.length === 0 && <EmptyBox text="还没有议事事项" />}
      {decisions.map((d) => (
        <View
          key={d.id}
          className="cw-decide__card cw-decisions__item"
          data-id={d.id}
          onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.DecideDecision, { id: d.id }) })}
        >
          <Text className="cw-decide__card-title" {...LINK}>
            {d.title}
          </Text>
          <Text className="cw-decide__muted">{d.kindLabel}</Text>
          <Text className={`cw-decide__badge cw-decide__badge--${d.status}`}>{d.statusLabel}</Text>
        </View>
      ))}
      {shown.nextOffset !== null && (
        <Button
          className="cw-btn cw-btn--ghost cw-decisions__more"
          disabled={fetchingMore || undefined}
          onClick={() => void loadMore(shown)}
        >
          再显示 {Math.min(DECISION_PAGE, shown.total - decisions.length)} 件
        </Button>
      )}
      {more && <Text className="cw-decide__hint cw-decisions__notice">{more}</Text>}
    </PageRoot>
  )
}
