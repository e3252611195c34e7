import { Text, View } from '@tarojs/components'
import type { DisclosureDto, PresentedTableDto, RowChangesDto } from '@cunwu/domain'
import { formatCell } from '@/components/disclosure-table'
import './index.scss'

/** How many changed rows are written out; the rest are counted. */
const LISTED = 20

const MARK_TEXT = { added: '新增', changed: '修改' } as const

type CellChanges = NonNullable<NonNullable<RowChangesDto['cells']>[number]>

/**
 * The cells of one row as a correction left them: each changed cell as 标签：由 旧值 改为 新值 (both written as the
 * table writes them), the others as 标签：值. Without `changes` (an answer from before they were given) every cell as
 * it is now.
 */
export function ChangedRowCells({
  columns,
  row,
  changes,
}: {
  columns: PresentedTableDto['columns']
  row: PresentedTableDto['rows'][number]
  changes: CellChanges | null
}) {
  return (
    <>
      {columns.map((c) => {
        const change = changes?.find((x) => x.column === c.key)
        return change ? (
          <Text
            key={c.key}
            className="cw-row-changes__cell cw-row-changes__cell--changed"
            data-column={c.key}
          >
            {c.label}：由 <Text className="cw-row-changes__before">{formatCell(c, change.before)}</Text> 改为{' '}
            <Text className="cw-row-changes__after">{formatCell(c, change.after)}</Text>
          </Text>
        ) : (
          <Text key={c.key} className="cw-row-changes__cell">
            {c.label}：{formatCell(c, row[c.key])}
          </Text>
        )
      })}
    </>
  )
}

/** Props of {@link RowChanges}. */
export interface RowChangesProps {
  disclosure: Pick<DisclosureDto, 'table' | 'rowChanges'>
}

/**
 * 这一版改了哪些行: the rows of this version's table that are new or changed since the previous version, each as
 * 标签：值 pairs with its mark (a changed cell says what it was and what it is now), and how many rows were taken
 * out. Nothing for a first version.
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
          <ChangedRowCells columns={table.columns} row={row} changes={changes.cells?.[i] ?? null} />
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

/**
 * 与我相关: what the latest version changed in the household's own rows, against the previous public version: each
 * changed cell from its old value to the new one, a row newly listed, and how many of its rows were taken out.
 * Nothing when its rows are as they were.
 */
export function OwnRowChanges({ disclosure }: RowChangesProps) {
  const { table, rowChanges: changes } = disclosure
  if (!table || !changes) return null
  const marked = table.rows
    .map((row, i) => ({ row, i, mark: changes.marks[i] ?? null }))
    .filter((x) => x.mark !== null)
  if (marked.length === 0 && changes.removed === 0) return null
  const heading = `第${changes.sinceVersion}版之后，您家的内容有改动`
  return (
    <View className="cw-row-changes cw-row-changes--own" role="region" aria-label={heading}>
      <Text className="cw-row-changes__heading">{heading}</Text>
      {marked.map(({ row, i, mark }) => (
        <View key={i} className={`cw-row-changes__row cw-row-changes__row--${mark}`} data-mark={mark}>
          <Text className="cw-row-changes__mark">{mark === 'added' ? '新列入' : '修改'}</Text>
          <ChangedRowCells
            columns={table.columns}
            row={row}
            changes={mark === 'changed' ? (changes.cells?.[i] ?? null) : null}
          />
        </View>
      ))}
      {changes.removed > 0 && (
        <Text className="cw-row-changes__summary">
          第{changes.sinceVersion}版上您家有 {changes.removed} 行，这一版已经没有了
        </Text>
      )}
    </View>
  )
}
