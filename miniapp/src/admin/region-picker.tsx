import { useEffect, useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import type { Region, RegionLevel, RoleGrantDto } from '@cunwu/domain'
import { LoadStateBox } from '@/components/load-error'
import { EmptyBox } from '@/components/page-state'
import { useLoader } from '@/hooks/use-loader'
import { listChildRegions } from '@/services/api/regions'
import { rememberRegions } from './shared'
import './region-picker.scss'

/** A region as the picker hands it over. */
export interface PickedRegion {
  code: string
  name: string
  level: RegionLevel
}

/** Region levels from the top down. */
const LEVEL_ORDER: readonly RegionLevel[] = ['province', 'city', 'county', 'township', 'village']
const depth = (level: RegionLevel) => LEVEL_ORDER.indexOf(level)

/** The level of a region code's grant (the admin's own region), from the 12-digit code's zero tail. */
function levelOfGrant(code: string): RegionLevel {
  if (code.endsWith('0000000000')) return 'province'
  if (code.endsWith('00000000')) return 'city'
  if (code.endsWith('000000')) return 'county'
  if (code.endsWith('000')) return 'township'
  return 'village'
}

// Children lists already read, for going back up without asking again.
const childrenOf = new Map<string, Region[]>()

/** Forgets the children lists read (tests). */
export function forgetChildRegions(): void {
  childrenOf.clear()
}

/** Props of {@link RegionPicker}. */
export interface RegionPickerProps {
  /** The admin's own regions: the picker starts there and never goes above them. */
  roots: readonly RoleGrantDto[]
  /** The levels a region may be chosen at (the role's `ROLE_LEVELS`; every level for a list's filter). */
  levels: readonly RegionLevel[]
  onPick: (region: PickedRegion) => void
}

/**
 * Chooses a region by name, down the tree from the admin's own regions: a county's townships, then a township's
 * villages (GET /regions/:code/children), each list narrowed by typing part of a name. Nobody types a 12-digit
 * code. A region at a level that can be chosen is taken with one tap; one above it opens its list.
 */
export function RegionPicker({ roots, levels, onPick }: RegionPickerProps) {
  const [path, setPath] = useState<PickedRegion[]>(() =>
    roots.length === 1 && roots[0]
      ? [
          {
            code: roots[0].regionCode,
            name: roots[0].regionName ?? '',
            level: levelOfGrant(roots[0].regionCode),
          },
        ]
      : [],
  )
  const [search, setSearch] = useState('')
  const children = useLoader<Region[]>('idle')
  const here = path[path.length - 1]
  const deepest = Math.max(...levels.map(depth))
  const showChildren = here !== undefined && depth(here.level) < deepest

  const load = (code: string) => {
    const known = childrenOf.get(code)
    if (known) {
      children.set(known)
      return
    }
    void children.run(async () => {
      const list = await listChildRegions(code)
      rememberRegions(list)
      childrenOf.set(code, list)
      return list
    })
  }
  useEffect(() => {
    if (here && showChildren) load(here.code)
    // The list to show depends on the region opened, nothing else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [here?.code, showChildren])

  const open = (region: PickedRegion) => {
    setSearch('')
    if (depth(region.level) >= deepest) onPick(region)
    else setPath([...path, region])
  }
  const up = () => {
    setSearch('')
    setPath(path.slice(0, -1))
  }

  const words = search.trim()
  const state = children.state
  const options: PickedRegion[] =
    here === undefined
      ? roots.map((g) => ({
          code: g.regionCode,
          name: g.regionName ?? '',
          level: levelOfGrant(g.regionCode),
        }))
      : state.kind === 'ready'
        ? state.data.map((r) => ({ code: r.code, name: r.name, level: r.level }))
        : []
  const shown = words ? options.filter((o) => o.name.includes(words)) : options

  return (
    <View className="cw-rpick">
      {here && (
        <View className="cw-rpick__here">
          <Text className="cw-rpick__path">现在在：{path.map((p) => p.name).join(' › ')}</Text>
          {levels.includes(here.level) && (
            <Button className="cw-btn cw-rpick__take" onClick={() => onPick(here)}>
              就选{here.name}
            </Button>
          )}
          {(path.length > 1 || roots.length > 1) && (
            <Button className="cw-btn cw-btn--ghost cw-rpick__up" onClick={up}>
              返回上一级
            </Button>
          )}
        </View>
      )}
      {(here === undefined || showChildren) && (
        <View className="cw-rpick__list">
          <Text className="cw-rpick__label">输入名称中的字查找</Text>
          <Input
            className="cw-input cw-rpick__search"
            value={search}
            placeholder="例如 云溪"
            maxlength={30}
            onInput={(e) => setSearch(e.detail.value)}
          />
          {here !== undefined && state.kind !== 'ready' && (
            <LoadStateBox state={state} onRetry={() => load(here.code)} />
          )}
          {(here === undefined || state.kind === 'ready') && shown.length === 0 && (
            <EmptyBox text={words ? `没有名称含“${words}”的地区` : '下面还没有地区'} />
          )}
          {(here === undefined || state.kind === 'ready') &&
            shown.map((o) => (
              <Button key={o.code} className="cw-rpick__option" data-code={o.code} onClick={() => open(o)}>
                {o.name}
                {depth(o.level) < deepest ? ' ›' : ''}
              </Button>
            ))}
        </View>
      )}
    </View>
  )
}
