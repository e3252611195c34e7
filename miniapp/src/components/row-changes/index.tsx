import { Text, View } from '@tarojs/components'
import type { DisclosureDto } from '@cunwu/domain'
import { formatCell } from '@/components/disclosure-table'
import './index.scss'

/** How many changed rows are written out; the rest are counted. */
const LISTED = 20

const MARK_TEXT = { added: '新增', changed: '修改' } as const

/** Props of {@link RowChanges}. */
export interface RowChangesProps {
  disclosure: Pick<DisclosureDto, 'table' | 'rowChanges'>
}

/**
 * 这一版改了哪些行: the rows of this version's table that are new or changed since the previous version, each as
 * 标签：值 pairs with its mark, and how many rows were taken out. Nothing for a first version.
 */
export function RowChanges({ disclosure }: RowChangesProps) {
  const { table, rowChanges: changes } = disclosure
  if (!table || !changes) return null
  const marked = table.rows
    .map((row, i) => ({ row, i, mark: changes.marks[i] ?? null }))
    .filter((x) => x.mark !== null)
  const counts = [
    changes.changed > 0 ? `修改 ${changes.changed} 行` : '',
    changes.added > 0 ? `新增 ${changes.added} 行` : '',
    changes.removed > 0 ? `删除 ${changes.removed} 行` : '',
  ].filter((x) => x !== '')
  return (
    <View className="cw-row-changes" role="region" aria-label="这一版改了哪些行">
      <Text className="cw-row-changes__heading">这一版改了哪些行</Text>
      <Text className="cw-row-changes__summary">
        与第{changes.sinceVersion}版相比：{counts.length > 0 ? counts.join('，') : '表格没有变化'}
      </Text>
      {marked.slice(0, LISTED).map(({ row, i, mark }) => (
        <View key={i} className={`cw-row-changes__row cw-row-changes__row--${mark}`} data-mark={mark}>
          <Text className="cw-row-changes__mark">{mark ? MARK_TEXT[mark] : ''}</Text>
          {table.columns.map((c) => (
            <Text key={c.key} className="cw-row-changes__cell">
              {c.label}：{formatCell(c, row[c.key])}
            </Text>
          ))}
        </View>
      ))}
      {marked.length > LISTED && (
        <Text className="cw-row-changes__summary">
          还有 {marked.length - LISTED} 行有改动，请看下面的表格
        </Text>
      )}
    </View>
  )
}
