import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ALIGNMENT_STATUS_LABELS, type AlignmentDto, type DiscrepancyDto } from '@cunwu/domain'
import { formatDateTime } from '@/utils/format'
import { periodLabel } from '@/utils/period'
import { Routes, pageUrl } from '@/routes'
import { LINK } from '@/utils/link-role'
import { HouseholdAlignment } from '@/components/household-alignment'
import './index.scss'

/** Colour of an alignment status: green agrees, red differs, amber one side has not published. */
export function statusTone(status: string | null): 'green' | 'red' | 'amber' | 'none' {
  if (status === 'consistent' || status === 'verified') return 'green'
  if (status === 'inconsistent') return 'red'
  if (status === 'village_missing' || status === 'government_missing') return 'amber'
  return 'none'
}

const LEVEL_TEXT = { township: '乡镇', county: '县' } as const

function Discrepancy({ d, index }: { d: DiscrepancyDto; index: number }) {
  return (
    <View className="cw-alignment__discrepancy" data-kind={d.kind}>
      <Text className="cw-alignment__discrepancy-no">第 {index + 1} 处</Text>
      <Text className="cw-alignment__explanation">{d.explanation}</Text>
    </View>
  )
}

/** Props of {@link AlignmentView}. */
export interface AlignmentViewProps {
  alignment: AlignmentDto
}

/**
 * An alignment as a page shows it: the badge, which government item it was compared with (one tap to its
 * public view), each discrepancy in plain Chinese, and who verified it when.
 */
export function AlignmentView({ alignment: a }: AlignmentViewProps) {
  const tone = statusTone(a.status)
  const gov = a.government
  return (
    <View className="cw-alignment">
      <Text className="cw-alignment__title">{a.catalogItemName}</Text>
      <Text className="cw-alignment__meta">
        {a.villageName ? `${a.villageName} · ` : ''}
        {periodLabel(a.period)}
      </Text>
      <View className={`cw-alignment__badge cw-alignment__badge--${tone}`} data-status={a.status}>
        <Text className="cw-alignment__status">{ALIGNMENT_STATUS_LABELS[a.status]}</Text>
        <Text className="cw-alignment__label">{a.label}</Text>
      </View>

      {gov ? (
        <View
          className="cw-list-row cw-alignment__government"
          onClick={() =>
            void Taro.navigateTo({
              url: pageUrl(Routes.AlignmentGovernmentItem, { id: gov.id, village: a.villageCode }),
            })
          }
        >
          <Text className="cw-alignment__government-title" {...LINK}>
            对照的{LEVEL_TEXT[gov.level]}公开：{gov.title}
          </Text>
          <Text className="cw-alignment__meta">
            {gov.regionName ?? gov.regionCode} · 第{gov.version}版 · 点击查看
          </Text>
        </View>
      ) : (
        <Text className="cw-alignment__note">乡镇和县还没有公开这一项，暂时无法对照。</Text>
      )}

      {a.summary && (
        <Text className="cw-alignment__summary">
          村里公开 {a.summary.villageRows} 户，政府公开 {a.summary.governmentRows} 户，对上{' '}
          {a.summary.matched} 户
        </Text>
      )}

      {a.discrepancies.length > 0 && (
        <View className="cw-alignment__discrepancies">
          <Text className="cw-alignment__heading">差异说明</Text>
          {a.discrepancies.map((d, i) => (
            <Discrepancy key={`${d.kind}-${i}`} d={d} index={i} />
          ))}
        </View>
      )}
      {a.household && <HouseholdAlignment alignment={a.household} />}
      {a.hiddenDiscrepancies >
        (a.household?.discrepancies.length ?? 0) + (a.household?.onlyInGovernment?.length ?? 0) && (
        <Text className="cw-alignment__note cw-alignment__hidden">
          {/* Counted in the label above as households (户); a second count in records (处) would disagree with it. */}
          {a.household ? '其他农户的差异' : '涉及具体农户的差异'}不在这里列出，由乡镇核查。
        </Text>
      )}

      {a.verification && (
        <Text className="cw-alignment__verification">
          {a.verification.action === 'confirmed' ? '已核验' : '已处理'}：{a.verification.by}，
          {formatDateTime(a.verification.at)}
          {a.verification.text ? `（${a.verification.text}）` : ''}
        </Text>
      )}
      {a.correction && !a.verification && (
        <Text className="cw-alignment__correction">
          乡镇要求更正：{a.correction.text ?? ''}（{a.correction.by}，{formatDateTime(a.correction.at)}）
        </Text>
      )}
    </View>
  )
}
