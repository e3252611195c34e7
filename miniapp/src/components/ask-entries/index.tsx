import { Button, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { MeDto } from '@cunwu/domain'
import { Routes, pageUrl } from '@/routes'
import './index.scss'

const open = (url: string) => void Taro.navigateTo({ url })

/** Props of {@link AskEntries}. */
export interface AskEntriesProps {
  me: MeDto
}

/**
 * Home entries of 回应关切 and 依申请公开 for the active role: a villager's own questions and information
 * requests; the secretary's and the township's questions to answer; the township's and county's request queue.
 * Villagers and the secretary also find the village's consultations (征求意见) here.
 */
export function AskEntries({ me }: AskEntriesProps) {
  const grant = me.activeRole
  if (!grant) return null
  if (grant.role === 'secretary' || grant.role === 'township' || grant.role === 'county')
    return (
      <View className="cw-ask-entries">
        <Button
          className="cw-btn cw-btn--ghost cw-ask-entries__questions"
          onClick={() => open(pageUrl(Routes.AskVillageQuestions, { region: grant.regionCode }))}
        >
          村民留言（待答复）
        </Button>
        {grant.role === 'secretary' && (
          <Button
            className="cw-btn cw-btn--ghost cw-ask-entries__consult"
            onClick={() => open(pageUrl(Routes.DecideConsultList, { village: grant.regionCode }))}
          >
            征求意见
          </Button>
        )}
        {grant.role === 'secretary' && (
          <Button
            className="cw-btn cw-btn--ghost cw-ask-entries__decisions"
            onClick={() => open(Routes.DecideDecisions)}
          >
            村里议事
          </Button>
        )}
        {grant.role !== 'secretary' && (
          <Button
            className="cw-btn cw-btn--ghost cw-ask-entries__office"
            onClick={() => open(pageUrl(Routes.AskOfficeRequests, { region: grant.regionCode }))}
          >
            依申请公开办理
          </Button>
        )}
      </View>
    )
  return (
    <View className="cw-ask-entries">
      <Button className="cw-btn cw-btn--ghost cw-ask-entries__mine" onClick={() => open(Routes.AskMine)}>
        我的留言
      </Button>
      <Button
        className="cw-btn cw-btn--ghost cw-ask-entries__request"
        onClick={() => open(Routes.AskMyRequests)}
      >
        申请政府信息公开
      </Button>
      {grant.role === 'villager' && (
        <Button
          className="cw-btn cw-btn--ghost cw-ask-entries__consult"
          onClick={() => open(pageUrl(Routes.DecideConsultList, { village: grant.regionCode }))}
        >
          征求意见
        </Button>
      )}
      {grant.role === 'villager' && (
        <Button
          className="cw-btn cw-btn--ghost cw-ask-entries__decisions"
          onClick={() => open(Routes.DecideDecisions)}
        >
          村里议事
        </Button>
      )}
    </View>
  )
}
