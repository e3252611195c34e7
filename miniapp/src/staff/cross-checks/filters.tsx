import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import { CROSS_CHECK_KIND_LABELS, CROSS_CHECK_KIND_ORDER, levelOfCode } from '@cunwu/domain'
import type { CrossCheckKindDto, Region } from '@cunwu/domain'
import { ChoiceChips } from '@/components/choice-chips'
import { listChildRegions } from '@/services/api/regions'
import { errorText } from '@/utils/errors'
import { namesContaining } from '@/utils/name-search'

/** The villages an officer may narrow the list to: a township's, or every township's of a county. */
async function villagesOf(region: string): Promise<Region[]> {
  const children = await listChildRegions(region)
  if (levelOfCode(region) !== 'county') return children
  const below = await Promise.all(children.map((t) => listChildRegions(t.code)))
  return below.flat()
}

/** How many villages a search shows at once: a name narrows it further. */
const SHOWN = 8

/**
 * Which kind of finding to see, as chips in plain words with how many there are of each (`kinds`, from the list's
 * answer); kinds with none are left out unless chosen. 全部 first.
 */
export function KindChips(props: {
  kinds: Record<CrossCheckKindDto, number> | null
  value: CrossCheckKindDto | null
  onChange: (kind: CrossCheckKindDto | null) => void
}) {
  const { kinds, value } = props
  if (!kinds) return null
  const all = CROSS_CHECK_KIND_ORDER.reduce((n, k) => n + kinds[k], 0)
  const shown = CROSS_CHECK_KIND_ORDER.filter((k) => kinds[k] > 0 || k === value)
  return (
    <ChoiceChips<CrossCheckKindDto | null>
      label="问题种类"
      value={value}
      choices={[
        { value: null, words: `全部 ${all}`, data: { 'data-kind': 'all' } },
        ...shown.map((k) => ({
          value: k,
          words: `${CROSS_CHECK_KIND_LABELS[k]} ${kinds[k]}`,
          data: { 'data-kind': k },
        })),
      ]}
      onChange={props.onChange}
      className="cw-cross__kinds"
      optionClassName="cw-cross__chip"
      checkedClassName="cw-cross__chip--on"
    />
  )
}

/**
 * Narrows the list to one of the officer's villages, found by a part of its name (东坊 → 东坊村委会). The villages
 * are read when the officer first searches.
 */
export function VillageFilter(props: {
  region: string
  value: { code: string; name: string } | null
  onChange: (village: { code: string; name: string } | null) => void
}) {
  const [typed, setTyped] = useState('')
  const [villages, setVillages] = useState<Region[] | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const search = async (text: string) => {
    setTyped(text)
    if (villages !== null || text.trim() === '') return
    try {
      setVillages(await villagesOf(props.region))
      setMessage(null)
    } catch (err) {
      setMessage(errorText(err))
    }
  }
  if (props.value)
    return (
      <View className="cw-cross__village">
        <Text className="cw-cross__meta">只看：{props.value.name}</Text>
        <Button
          className="cw-btn cw-btn--ghost cw-cross__all"
          onClick={() => {
            setTyped('')
            props.onChange(null)
          }}
        >
          看全部村
        </Button>
      </View>
    )
  // Nothing typed lists no village (the chips above stay the way back); the match is the dashboard's (spaces ignored).
  const words = typed.trim()
  const found = words !== '' && villages ? namesContaining(villages, words) : []
  return (
    <View className="cw-cross__village">
      <Input
        className="cw-input cw-cross__find"
        value={typed}
        placeholder="输入村名只看一个村，例如：东坊"
        maxlength={20}
        onInput={(e) => void search(e.detail.value)}
      />
      {found.slice(0, SHOWN).map((v) => (
        <Button
          key={v.code}
          className="cw-btn cw-btn--ghost cw-cross__pick"
          onClick={() => props.onChange({ code: v.code, name: v.name })}
        >
          {v.name}
        </Button>
      ))}
      {words && villages && found.length === 0 && (
        <Text className="cw-cross__meta">本辖区没有名字里有“{words}”的村</Text>
      )}
      {found.length > SHOWN && (
        <Text className="cw-cross__meta">还有 {found.length - SHOWN} 个村，请多输入几个字</Text>
      )}
      {message && <Text className="cw-cross__notice">{message}</Text>}
    </View>
  )
}
