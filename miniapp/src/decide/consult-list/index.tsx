import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import type { ConsultationDto, MeDto } from '@cunwu/domain'
import { EmptyBox, ErrorBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listConsultations } from '@/services/api/consultations'
import { getMe } from '@/services/api/me'
import { Routes, pageUrl, readQueryParam } from '@/routes'
import { decisionVillageOf } from '../decision-village'
import { mayOpenIn, statusWords, unitWords } from '../consult-words'
import { PageRoot } from '@/components/page-root'
import { LoadStateBox } from '@/components/load-error'
import './index.scss'

interface Data {
  me: MeDto
  villageCode: string | undefined
  list: ConsultationDto[]
}

/** A village's consultations and polls, open ones first; the secretary (or township) opens new ones here. */
export default function ConsultListPage() {
  const { params } = useRouter()
  const data = useLoader<Data>()
  const load = () =>
    data.run(async () => {
      const me = await getMe()
      const villageCode = readQueryParam(params.village) ?? decisionVillageOf(me)?.regionCode
      return { me, villageCode, list: villageCode ? await listConsultations(villageCode) : [] }
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
  const { me, villageCode, list } = state.data
  if (!villageCode)
    return (
      <PageRoot>
        <ErrorBox title="看不了征求意见" message="加入本村后才能参加村里的征求意见" />
      </PageRoot>
    )
  const open = list.filter((c) => !c.closed)
  const closed = list.filter((c) => c.closed)
  const item = (c: ConsultationDto) => (
    <View
      key={c.id}
      className="cw-decide__card cw-consult-list__item"
      data-id={c.id}
      role="link"
      onClick={() => void Taro.navigateTo({ url: pageUrl(Routes.DecideConsult, { id: c.id }) })}
    >
      <Text className="cw-decide__card-title">{c.title}</Text>
      <Text className="cw-decide__muted">{unitWords(c)}</Text>
      <Text className="cw-decide__line">{statusWords(c)}</Text>
    </View>
  )
  return (
    <PageRoot className="cw-decide cw-consult-list">
      <Text className="cw-decide__title">征求意见</Text>
      <Text className="cw-decide__hint">村里的大事先听大家的意见。人在外地也能在这里填写。</Text>
      {mayOpenIn(me, villageCode) && (
        <Button
          className="cw-btn cw-consult-list__new"
          onClick={() =>
            void Taro.navigateTo({ url: pageUrl(Routes.DecideConsultNew, { village: villageCode }) })
          }
        >
          发起征求意见
        </Button>
      )}
      {list.length === 0 && <EmptyBox text="现在没有征求意见" />}
      {open.length > 0 && <Text className="cw-decide__section">正在征求意见</Text>}
      {open.map(item)}
      {closed.length > 0 && <Text className="cw-decide__section">已经截止</Text>}
      {closed.map(item)}
    </PageRoot>
  )
}
