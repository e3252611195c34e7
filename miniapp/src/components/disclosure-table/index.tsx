import { Text, View } from '@tarojs/components'
import type { PresentedTableDto } from '@cunwu/domain'
import { formatYuan } from '@/utils/money'
import './index.scss'

type Cell = PresentedTableDto['rows'][number][string]
type Column = PresentedTableDto['columns'][number]

/** Column types whose value is one figure (an amount, a count, a date, a number) that must never break inside. */
const FIGURE_TYPES = new Set(['amount_fen', 'integer', 'decimal', 'date', 'household_no'])
/** From this many columns a table is too wide for a phone: its rows read as cards there (see index.scss). */
export const CARD_COLUMNS = 3

/** A tab stop for a scroll region (Taro's View props do not list tabIndex, but H5 passes it to the element). */
const FOCUSABLE = { tabIndex: 0 }

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
  /** Every row as a card of 标签：值 pairs at any width (one household's own rows). @default false */
  cards?: boolean
}

function CellText({ column, value }: { column: Column; value: Cell | undefined }) {
  const figure = FIGURE_TYPES.has(column.type)
  return (
    <Text
      className={`cw-dtable__value${figure ? ' cw-dtable__value--figure' : ''}${column.masked ? ' cw-dtable__value--masked' : ''}`}
    >
      {formatCell(column, value)}
    </Text>
  )
}

/**
 * A disclosed table as villagers read it: big text, a 合计 row, rows about minors counted but not shown. On a
 * narrow screen a table of {@link CARD_COLUMNS} or more columns shows each row as a card of 标签：值 pairs, so no
 * column is cut off and nothing scrolls sideways; figures (amounts, dates) never break inside.
 */
export function DisclosureTable({ table, maxRows, cards = false }: DisclosureTableProps) {
  const shown = maxRows === undefined ? table.rows : table.rows.slice(0, maxRows)
  const hasTotals = table.columns.some((c) => c.total && table.totals[c.key] !== undefined)
  const layout = cards ? 'cards' : table.columns.length >= CARD_COLUMNS ? 'responsive' : 'grid'
  return (
    <View className={`cw-dtable cw-dtable--${layout}`}>
      <Text className="cw-dtable__title">{table.title}</Text>
      <Text className="cw-dtable__count">共 {table.rowCount} 条</Text>
      {/* Wide screens show a wide table as a grid that may scroll sideways: a focusable, named region, so a
          keyboard can scroll it too. */}
      <View className="cw-dtable__scroll" {...FOCUSABLE} role="region" aria-label={`表格：${table.title}`}>
        <View className="cw-dtable__grid">
          <View className="cw-dtable__row cw-dtable__row--head" aria-hidden={layout === 'cards'}>
            {table.columns.map((c) => (
              <Text key={c.key} className="cw-dtable__cell cw-dtable__cell--head">
                {c.label}
              </Text>
            ))}
          </View>
          {shown.map((row, i) => (
            <View key={i} className="cw-dtable__row">
              {table.columns.map((c) => (
                <View key={c.key} className="cw-dtable__cell">
                  <Text className="cw-dtable__label">{c.label}：</Text>
                  <CellText column={c} value={row[c.key]} />
                </View>
              ))}
            </View>
          ))}
          {hasTotals && (
            <View className="cw-dtable__row cw-dtable__row--totals">
              {table.columns.map((c, i) =>
                c.total && table.totals[c.key] !== undefined ? (
                  <View key={c.key} className="cw-dtable__cell cw-dtable__cell--total">
                    <Text className="cw-dtable__label">{c.label}合计：</Text>
                    <CellText column={c} value={table.totals[c.key]} />
                  </View>
                ) : (
                  <View key={c.key} className="cw-dtable__cell cw-dtable__cell--total cw-dtable__cell--blank">
                    <Text>{i === 0 ? '合计' : ''}</Text>
                  </View>
                ),
              )}
            </View>
          )}
        </View>
      </View>
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
