import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import type { AuditEventDto, RoleGrantDto } from '@cunwu/domain'
import { LoadErrorBox, LoadStateBox } from '@/components/load-error'
import { EmptyBox } from '@/components/page-state'
import { PageRoot } from '@/components/page-root'
import { useLoader } from '@/hooks/use-loader'
import { listAudit } from '@/services/api/admin'
import { getMe } from '@/services/api/me'
import { formatDateTime } from '@/utils/format'
import { RegionPicker, type PickedRegion } from '../region-picker'
import { adminGrants, loadRegionNames, regionName, usePagedList } from '../shared'
import { actionText, actorText, detailText, regionText } from './labels'
import './index.scss'

/** One recorded action: what, by whom, where, when, and what else it says in words. */
function EventRow({ event: e }: { event: AuditEventDto }) {
  const detail = detailText(e)
  return (
    <View className="cw-audit__row" data-action={e.action}>
      <Text className="cw-audit__what">{actionText(e.action)}</Text>
      {detail && <Text className="cw-audit__detail">{detail}</Text>}
      <Text className="cw-audit__meta">
        {actorText(e)} · {regionText(e)}
      </Text>
      <Text className="cw-audit__meta">{formatDateTime(e.at)}</Text>
    </View>
  )
}

/**
 * 操作记录, for admins: who did what in which region and when, newest first, a page at a time (加载更多), in words
 * (授予身份, 陈书记：村务管理员) rather than the codes and ids the BFF records. The whole of the admin's region, or
 * one township or village chosen by name.
 */
export default function AdminAuditPage() {
  const grants = useLoader<RoleGrantDto[]>()
  const list = usePagedList<AuditEventDto>()
  const [scope, setScope] = useState<PickedRegion | null>(null)
  const [choosing, setChoosing] = useState(false)

  const loadList = (regionCode: string) =>
    list.reload(async (after) => {
      const page = await listAudit(regionCode, after)
      await loadRegionNames(page.items.map((e) => (e.regionName ? null : e.regionCode)))
      return page
    })

  const start = () =>
    grants.run(async () => {
      const mine = adminGrants(await getMe())
      const code = scope?.code ?? mine[0]?.regionCode
      if (code) void loadList(code)
      return mine
    })
  useDidShow(() => {
    void start()
  })

  const g = grants.state
  if (g.kind !== 'ready')
    return (
      <PageRoot className="cw-audit">
        <LoadStateBox state={g} onRetry={() => void start()} />
      </PageRoot>
    )
  if (g.data.length === 0)
    return (
      <PageRoot className="cw-audit">
        <EmptyBox text="您不是系统管理员，不能查看操作记录" />
      </PageRoot>
    )

  const scopeName = scope?.name ?? g.data.map((r) => regionName(r.regionCode, r.regionName) ?? '').join('、')
  const l = list.loader.state
  return (
    <PageRoot className="cw-audit">
      <Text className="cw-audit__title">操作记录</Text>
      <Text className="cw-audit__subtitle">{scopeName}，最新的在前</Text>
      {!choosing && (
        <Button className="cw-btn cw-btn--ghost cw-audit__scope" onClick={() => setChoosing(true)}>
          {scope ? '换一个地区查看' : '只看某个乡镇或村'}
        </Button>
      )}
      {choosing && (
        <View>
          <RegionPicker
            roots={g.data}
            levels={['province', 'city', 'county', 'township', 'village']}
            onPick={(r) => {
              setChoosing(false)
              setScope(r)
              void loadList(r.code)
            }}
          />
          <Button className="cw-btn cw-btn--ghost cw-audit__scope" onClick={() => setChoosing(false)}>
            不换了
          </Button>
        </View>
      )}
      {l.kind === 'ready' ? (
        <View className="cw-audit__list">
          {l.data.length === 0 && <EmptyBox text="还没有操作记录" />}
          {l.data.map((e, i) => (
            <EventRow key={`${e.at}:${e.action}:${e.targetId}:${i}`} event={e} />
          ))}
          {list.moreError !== null && (
            <LoadErrorBox title="没有加载成功" error={list.moreError} onRetry={() => void list.more()} />
          )}
          {list.hasMore ? (
            <Button
              className={`cw-btn cw-btn--ghost cw-audit__more${list.moreBusy ? ' cw-btn--busy' : ''}`}
              {...(list.moreBusy ? { disabled: true } : {})}
              onClick={() => void list.more()}
            >
              {list.moreBusy ? '正在加载…' : '加载更多'}
            </Button>
          ) : (
            l.data.length > 0 && <Text className="cw-audit__end">已经是最早的记录</Text>
          )}
        </View>
      ) : (
        <LoadStateBox state={l} onRetry={() => void start()} />
      )}
    </PageRoot>
  )
}
