// One month of the ledger as read: the totals (收入, 支出, 结余) and the entries in their groups.
import { Text, View } from '@tarojs/components'
import type { LedgerEntryDto } from '@cunwu/domain'
import { formatYuan } from '@/utils/money'
import { LEDGER_GROUPS, type LedgerTotals as Totals } from '../summary'
import { LedgerEntryCard } from './entry'

export function LedgerTotals({ totals }: { totals: Totals }) {
  return (
    <View className="cw-ledger__totals">
      <View className="cw-ledger__total cw-ledger__total--income">
        <Text className="cw-ledger__total-label">收入</Text>
        <Text className="cw-ledger__total-value cw-ledger__income">{formatYuan(totals.incomeFen)}</Text>
      </View>
      <View className="cw-ledger__total cw-ledger__total--expense">
        <Text className="cw-ledger__total-label">支出</Text>
        <Text className="cw-ledger__total-value cw-ledger__expense">{formatYuan(totals.expenseFen)}</Text>
      </View>
      <View className="cw-ledger__total">
        <Text className="cw-ledger__total-label">结余</Text>
        <Text className="cw-ledger__total-value cw-ledger__balance">
          {formatYuan(totals.incomeFen - totals.expenseFen)}
        </Text>
      </View>
    </View>
  )
}

/** The entries by group (收入, 支出, 资产, 债权债务), each with its count; an empty group is left out. */
export function LedgerGroups(props: {
  entries: LedgerEntryDto[]
  villageCode: string
  readOnly: boolean
  onReversed: (message: string) => void
}) {
  return (
    <>
      {LEDGER_GROUPS.map((group) => {
        const entries = props.entries.filter((e) => group.sections.includes(e.section))
        if (entries.length === 0) return null
        return (
          <View key={group.key} className={`cw-ledger__group cw-ledger__group--${group.key}`}>
            <Text className="cw-ledger__group-title">
              {group.label}（{entries.length} 笔）
            </Text>
            {entries.map((e) => (
              <LedgerEntryCard
                key={e.id}
                entry={e}
                villageCode={props.villageCode}
                readOnly={props.readOnly}
                showSection={group.sections.length > 1}
                onReversed={props.onReversed}
              />
            ))}
          </View>
        )
      })}
    </>
  )
}
