import { Text, View } from '@tarojs/components'
import type { PresentedTableDto } from '@cunwu/domain'
import { formatDate } from '@/utils/format'
import { formatYuan } from '@/utils/money'
import { focusable } from '@/utils/focusable'
import { isH5 } from '@/utils/platform'
import './index.scss'

type Cell = PresentedTableDto['rows'][number][string]
type Column = PresentedTableDto['columns'][number]

/** Column types whose value is one figure (an amount, a count, a date, a number) that must never break inside. */
const FIGURE_TYPES = new Set(['amount_fen', 'integer', 'decimal', 'date', 'household_no'])
/** From this many columns a table is too wide for a phone: its rows read as cards there (see index.scss). */
export const CARD_COLUMNS = 3

// In the browser (H5) the table is built of plain `div` and `span` elements. Taro's View and Text are web components
// there (Stencil's `taro-view-core`, `taro-text-core`), and each one renders and relocates its slot on its own: a
// 30-row list of cards is some 500 of them, which took most of the disclosure page's longest task in a throttled
// profile (docs/offline.md, The first screen). The table uses nothing they add (no hover class, no long press,
// no selectable text); the mini-program keeps WeChat's view and text. Layout matches: view is display block, text inline.
const Box = isH5() ? ('div' as unknown as typeof View) : View
const Span = isH5() ? ('span' as unknown as typeof Text) : Text

/** How one cell reads: 元 with two decimals for amounts, 2026年11月3日 for dates, 是/否 for yes-no, a dash for empty. */
export function formatCell(column: Pick<Column, 'type' | 'unit'>, value: Cell | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (column.type === 'amount_fen' && typeof value === 'number') return `${formatYuan(value)} 元`
  if (column.type === 'date' && typeof value === 'string') return formatDate(value)
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
    <Span
      className={`cw-dtable__value${figure ? ' cw-dtable__value--figure' : ''}${column.type === 'date' ? ' cw-dtable__value--date' : ''}${column.masked ? ' cw-dtable__value--masked' : ''}`}
    >
      {formatCell(column, value)}
    </Span>
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
    <Box className={`cw-dtable cw-dtable--${layout}`}>
      <Span className="cw-dtable__title">{table.title}</Span>
      <Span className="cw-dtable__count">共 {table.rowCount} 条</Span>
      {/* Wide screens show a wide table as a grid that may scroll sideways: a focusable, named region, so a
          keyboard can scroll it too. */}
      <Box className="cw-dtable__scroll" {...focusable} role="region" aria-label={`表格：${table.title}`}>
        <Box className="cw-dtable__grid">
          <Box className="cw-dtable__row cw-dtable__row--head" aria-hidden={layout === 'cards'}>
            {table.columns.map((c) => (
              <Span key={c.key} className="cw-dtable__cell cw-dtable__cell--head">
                {c.label}
              </Span>
            ))}
          </Box>
          {shown.map((row, i) => (
            <Box key={i} className="cw-dtable__row">
              {table.columns.map((c) => (
                <Box key={c.key} className="cw-dtable__cell">
                  <Span className="cw-dtable__label">{c.label}：</Span>
                  <CellText column={c} value={row[c.key]} />
                </Box>
              ))}
            </Box>
          ))}
          {hasTotals && (
            <Box className="cw-dtable__row cw-dtable__row--totals">
              {table.columns.map((c, i) =>
                c.total && table.totals[c.key] !== undefined ? (
                  <Box key={c.key} className="cw-dtable__cell cw-dtable__cell--total">
                    <Span className="cw-dtable__label">{c.label}合计：</Span>
                    <CellText column={c} value={table.totals[c.key]} />
                  </Box>
                ) : (
                  <Box key={c.key} className="cw-dtable__cell cw-dtable__cell--total cw-dtable__cell--blank">
                    <Span>{i === 0 ? '合计' : ''}</Span>
                  </Box>
                ),
              )}
            </Box>
          )}
        </Box>
      </Box>
      {shown.length < table.rows.length && (
        <Span className="cw-dtable__note">
          只显示前 {shown.length} 条，共 {table.rows.length} 条。
        </Span>
      )}
      {table.omittedRowCount > 0 && (
        <Span className="cw-dtable__note">
          另有 {table.omittedRowCount} 条涉及未成年人的记录，按规定不公开显示。
        </Span>
      )}
    </Box>
  )
}
