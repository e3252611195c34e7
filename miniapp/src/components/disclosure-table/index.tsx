import { ScrollView, Text, View } from '@tarojs/components'
import type { PresentedTableDto } from '@cunwu/domain'
import { formatYuan } from '@/utils/money'
import './index.scss'

type Cell = PresentedTableDto['rows'][number][string]
type Column = PresentedTableDto['columns'][number]

/** How one cell reads: 元 with two decimals for amounts, 是/否 for yes-no, a dash for empty. */
export function formatCell(column: Pick<Column, 'type' | 'unit'>, value: Cell | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (column.type === 'amount_fen' && typeof value === 'number') return `${formatYuan(value)} 元`
  if (typeof value === 'boolean') return value ? '是' : '否'
  return column.unit ? `${String(value)} ${column.unit}` : String(value)
}

/** Props of {@link DisclosureTable}. */
export interface DisclosureTableProps {
  table: Pick<PresentedTableDto, 'title' | 'columns' | 'rows' | 'totals' | 'rowCount' | 'omittedRowCount'>
  /** Shows at most this many rows, with a note about the rest. @default all */
  maxRows?: number
}

/** A disclosed table as villagers read it: big text, a 合计 row, rows about minors counted but not shown. */
export function DisclosureTable({ table, maxRows }: DisclosureTableProps) {
  const shown = maxRows === undefined ? table.rows : table.rows.slice(0, maxRows)
  const hasTotals = table.columns.some((c) => c.total && table.totals[c.key] !== undefined)
  return (
    <View className="cw-dtable">
      <Text className="cw-dtable__title">{table.title}</Text>
      <Text className="cw-dtable__count">共 {table.rowCount} 条</Text>
      <ScrollView scrollX className="cw-dtable__scroll">
        <View className="cw-dtable__grid">
          <View className="cw-dtable__row cw-dtable__row--head">
            {table.columns.map((c) => (
              <Text key={c.key} className="cw-dtable__cell cw-dtable__cell--head">
                {c.label}
              </Text>
            ))}
          </View>
          {shown.map((row, i) => (
            <View key={i} className="cw-dtable__row">
              {table.columns.map((c) => (
                <Text key={c.key} className={`cw-dtable__cell${c.masked ? ' cw-dtable__cell--masked' : ''}`}>
                  {formatCell(c, row[c.key])}
                </Text>
              ))}
            </View>
          ))}
          {hasTotals && (
            <View className="cw-dtable__row cw-dtable__row--totals">
              {table.columns.map((c, i) => (
                <Text key={c.key} className="cw-dtable__cell cw-dtable__cell--total">
                  {c.total && table.totals[c.key] !== undefined
                    ? formatCell(c, table.totals[c.key])
                    : i === 0
                      ? '合计'
                      : ''}
                </Text>
              ))}
            </View>
          )}
        </View>
      </ScrollView>
      {shown.length < table.rows.length && (
        <Text className="cw-dtable__note">
          只显示前 {shown.length} 条，共 {table.rows.length} 条。
        </Text>
      )}
      {table.omittedRowCount > 0 && (
        <Text className="cw-dtable__note">
          另有 {table.omittedRowCount} 条涉及未成年人的记录，按规定不公开显示。
        </Text>
      )}
    </View>
  )
}
