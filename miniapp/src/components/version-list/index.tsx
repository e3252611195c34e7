import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { DISCLOSURE_STATUS_LABELS, type DisclosureDto, type DisclosureVersionDto } from '@cunwu/domain'
import { EmptyBox } from '@/components/page-state'
import { Routes, pageUrl } from '@/routes'
import { formatDate } from '@/utils/format'
import './index.scss'

/** Props of {@link VersionList}. */
export interface VersionListProps {
  /** The series' versions, newest first. */
  versions: DisclosureVersionDto[]
  /** The version on screen (it is marked, the others open). */
  current: Pick<DisclosureDto, 'id' | 'version'>
}

/**
 * 版本记录 of a disclosure: each version with its change note and what changed; any other version opens on tap
 * (the disclosure page by number, `GET /disclosures/:id/versions/:version`), so an old list stays readable.
 */
export function VersionList({ versions, current }: VersionListProps) {
  if (versions.length === 0) return <EmptyBox text="还没有版本记录" />
  return (
    <View className="cw-versions">
      <Text className="cw-versions__heading">版本记录</Text>
      {versions.map((v) => (
        <View key={v.id} className="cw-versions__item" data-version={v.version}>
          <Text className="cw-versions__title">
            第{v.version}版 · {DISCLOSURE_STATUS_LABELS[v.status]}
            {v.publishedAt ? ` · ${formatDate(v.publishedAt)}` : ''}
          </Text>
          {v.changeNote && <Text className="cw-versions__note">更改说明：{v.changeNote}</Text>}
          {v.changes.map((c) => (
            <Text key={c} className="cw-versions__change">
              · {c}
            </Text>
          ))}
          {v.version === current.version ? (
            <Text className="cw-versions__here">正在看这一版</Text>
          ) : (
            <Button
              className="cw-btn cw-btn--ghost cw-versions__open"
              onClick={() =>
                void Taro.navigateTo({
                  url: pageUrl(Routes.Disclosure, { id: current.id, version: String(v.version) }),
                })
              }
            >
              查看第{v.version}版
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}
