import { useMemo, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { PeriodKeySchema, listCatalogItems } from '@cunwu/domain'
import { useSubmitOnce } from '@/hooks/use-submit-once'
import { downloadRegionPosters } from '@/services/api/posters'
import { errorText } from '@/utils/errors'
import { periodKeyOfTyped } from '@/utils/period-typed'
import './index.scss'

/**
 * 打印各村公示 for township staff: one PDF with every village's notice-board poster of a list (e.g. all 低保 lists of a
 * quarter), for the township to print and send out (`docs/posters.md`).
 */
export function RegionPosters({ regionCode }: { regionCode: string }) {
  // Only lists print as posters with tables; these are the items villages publish as lists.
  const items = useMemo(() => listCatalogItems().filter((i) => i.table !== null), [])
  const [itemId, setItemId] = useState(items[0]?.id ?? '')
  const [period, setPeriod] = useState('')
  const { busy, once } = useSubmitOnce()
  const [message, setMessage] = useState<string | null>(null)

  const print = once(async () => {
    const checked = PeriodKeySchema.safeParse(periodKeyOfTyped(period))
    if (!checked.success) {
      setMessage('请填写期数，例如 2026-Q1（季度）、2026-07（月份）或 2026（年度）')
      return
    }
    setMessage(null)
    try {
      await downloadRegionPosters(regionCode, itemId, checked.data)
    } catch (err) {
      setMessage(errorText(err))
    }
  })

  return (
    <View className="cw-region-posters">
      <Text className="cw-region-posters__heading">打印各村公示</Text>
      <Text className="cw-region-posters__hint">
        选一项公开，填上期数，就能下载各村的公示海报，一次打印。
      </Text>
      <View className="cw-region-posters__items" role="radiogroup" aria-label="公开事项">
        {items.map((i) => (
          <View
            key={i.id}
            role="radio"
            aria-checked={itemId === i.id}
            className={`cw-region-posters__item${itemId === i.id ? ' cw-region-posters__item--on' : ''}`}
            onClick={() => setItemId(i.id)}
          >
            {i.name}
          </View>
        ))}
      </View>
      <Input
        className="cw-input cw-region-posters__period"
        value={period}
        placeholder="期数，例如 2026-Q1"
        aria-label="期数"
        maxlength={16}
        onInput={(e) => setPeriod(e.detail.value)}
      />
      <Button className="cw-btn cw-region-posters__print" disabled={busy} onClick={() => void print()}>
        {busy ? '正在生成…' : '下载打印文件（A4纸）'}
      </Button>
      {message && (
        <View className="cw-region-posters__notice" role="status">
          {message}
        </View>
      )}
    </View>
  )
}
