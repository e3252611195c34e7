import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { DisclosureDto, RoleGrantDto } from '@cunwu/domain'
import { DisclosureCard } from '@/components/disclosure-card'
import { useLoader } from '@/hooks/use-loader'
import { listVillageDisclosures } from '@/services/api/disclosure-drafts'
import { getVillageSchedule, type ScheduleEntry } from '@/services/api/disclosures'
import { Routes, pageUrl } from '@/routes'
import { formatDueDate } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { mergedLine, mergedVillagesOf, type MergedVillage } from '../merged'

/** What the secretary still publishes for one merged village: its owed periods and its drafts not yet out. */
interface MergedWork {
  village: MergedVillage
  owed: ScheduleEntry[]
  open: DisclosureDto[]
}

/** A schedule entry not published yet (the server lists only the periods the merged village still owes). */
const UNPUBLISHED = new Set(['overdue', 'due_soon', 'upcoming'])
/** Drafts (returned ones too) and those waiting for review: the work left on them. */
const OPEN_STATUSES = new Set(['draft', 'pending_review'])

const openEdit = (query: Record<string, string>) =>
  void Taro.navigateTo({ url: pageUrl(Routes.SecretaryDisclosureEdit, query) })

/**
 * 代原某某村发布 on the secretary's 村务公开 page: for each village merged (撤并) into theirs, the periods it still
 * owes (ended before the merger, docs/catalog.md "A retired village") with a tap to publish one in its place, and its
 * drafts in progress. Nothing shows for a village no other was merged into.
 */
export function MergedVillagesSection({ grant }: { grant: RoleGrantDto }) {
  const work = useLoader<MergedWork[]>()
  const load = () =>
    work.run(async () => {
      const villages = await mergedVillagesOf(grant)
      return Promise.all(
        villages.map(async (village) => {
          const [schedule, disclosures] = await Promise.all([
            getVillageSchedule(village.code),
            listVillageDisclosures(village.code),
          ])
          return {
            village,
            owed: schedule.entries.filter((e) => UNPUBLISHED.has(e.status)),
            open: disclosures.filter((d) => OPEN_STATUSES.has(d.status)),
          }
        }),
      )
    })
  useEffect(() => {
    void load()
    // Loaded once per village shown; the page's own reload shows it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grant.regionCode])

  // A help beside the village's own work, as the page's schedule: it simply does not show when it cannot be read.
  const state = work.state
  if (state.kind !== 'ready') return null
  return (
    <>
      {state.data.map(({ village, owed, open }) => (
        <View key={village.code} className="cw-sdlist__merged" data-village={village.code}>
          <Text className="cw-sdlist__heading">代原{village.name}发布</Text>
          <Text className="cw-sdlist__meta">
            {mergedLine(village)}。它撤并前已经过完的月份、季度和年度还没公开的，由本村代为发布，仍显示在
            {village.name}名下。
          </Text>
          {owed.length === 0 && open.length === 0 && (
            <Text className="cw-sdlist__meta">{village.name}没有还欠的公开内容了。</Text>
          )}
          {owed.map((e) => (
            <View
              key={`${e.itemId}|${e.periodKey}`}
              className="cw-list-row cw-sdlist__merged-item"
              data-item={e.itemId}
              data-period={e.periodKey}
              onClick={() => openEdit({ village: village.code, itemId: e.itemId, period: e.periodKey })}
            >
              <Text className="cw-sdlist__item-name">
                {e.itemName} · {periodLabel(e.periodKey)}
              </Text>
              <Text className="cw-sdlist__meta">
                {e.status === 'overdue' ? '已超期，' : ''}应在{formatDueDate(e.dueDate, e.provisional)}
                前公开 · 代为公开 ›
              </Text>
            </View>
          ))}
          {open.map((d) => (
            <View key={d.id} className="cw-sdlist__item">
              <DisclosureCard disclosure={d} onOpen={() => openEdit({ id: d.id, village: village.code })} />
            </View>
          ))}
        </View>
      ))}
    </>
  )
}
