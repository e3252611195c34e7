import { Button, Input, Text, View } from '@tarojs/components'
import { FIGURE_NAME_MAX, FIGURE_UNIT_MAX, FIGURE_VALUE_MAX, MAX_FIGURES, type Figure } from '@cunwu/domain'
import { oneLineMaxLength } from '@/components/text-count'
import './figures-editor.scss'

/** A figure being edited: what was typed, as text. */
export interface FigureRow {
  name: string
  value: string
  unit: string
}

/** Rows for the editor from a disclosure's figures. */
export function figureRowsOf(figures: readonly Figure[]): FigureRow[] {
  return figures.map((f) => ({ name: f.name, value: String(f.value), unit: f.unit ?? '' }))
}

/**
 * The figures to save: rows left entirely blank are dropped; a plain number (680, 105.5) is sent as a number, any
 * other value as typed. A row with a name but no value (or the reverse) is sent as it is, so the server says what
 * is missing.
 */
export function figuresOf(rows: readonly FigureRow[]): Figure[] {
  return rows
    .map((r) => ({ name: r.name.trim(), value: r.value.trim(), unit: r.unit.trim() }))
    .filter((r) => r.name !== '' || r.value !== '' || r.unit !== '')
    .map((r) => {
      const n = Number(r.value)
      const value = /^\d+(\.\d+)?$/.test(r.value) && String(n) === r.value ? n : r.value
      return r.unit === '' ? { name: r.name, value } : { name: r.name, value, unit: r.unit }
    })
}

/**
 * Editor of the named figures a disclosure states (低保标准 680 元/月): name, value and unit per row, rows added and
 * removed; the township compares them with the figures the township or county publishes.
 */
export function FiguresEditor({
  rows,
  readOnly = false,
  onChange,
}: {
  rows: FigureRow[]
  /** Shows the figures as text. @default false */
  readOnly?: boolean
  onChange: (rows: FigureRow[]) => void
}) {
  const set = (i: number, patch: Partial<FigureRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  if (readOnly) {
    return (
      <View className="cw-feditor">
        {rows.length === 0 && <Text className="cw-feditor__hint">没有填写标准数额</Text>}
        {rows.map((r, i) => (
          <Text key={i} className="cw-feditor__value">
            {r.name}：{r.value} {r.unit}
          </Text>
        ))}
      </View>
    )
  }
  return (
    <View className="cw-feditor">
      <Text className="cw-feditor__hint">
        例如“低保标准 680
        元/月”。乡镇会把这里的数额和县、乡镇公布的数额对照；不填时，会从正文里找“低保标准为每人每月680元”这样的写法。
      </Text>
      {rows.map((r, i) => (
        <View key={i} className="cw-feditor__row" data-figure={i}>
          <Text className="cw-feditor__label">名称</Text>
          <Input
            className="cw-input cw-feditor__name"
            value={r.name}
            maxlength={oneLineMaxLength(FIGURE_NAME_MAX)}
            placeholder="例如：低保标准"
            onInput={(e) => set(i, { name: e.detail.value })}
          />
          <Text className="cw-feditor__label">数额</Text>
          <Input
            className="cw-input cw-feditor__amount"
            value={r.value}
            maxlength={oneLineMaxLength(FIGURE_VALUE_MAX)}
            placeholder="例如：680"
            onInput={(e) => set(i, { value: e.detail.value })}
          />
          <Text className="cw-feditor__label">单位</Text>
          <Input
            className="cw-input cw-feditor__unit"
            value={r.unit}
            maxlength={oneLineMaxLength(FIGURE_UNIT_MAX)}
            placeholder="例如：元/月"
            onInput={(e) => set(i, { unit: e.detail.value })}
          />
          <Button
            className="cw-btn cw-btn--danger cw-feditor__remove"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            删除这项数额
          </Button>
        </View>
      ))}
      {rows.length < MAX_FIGURES && (
        <Button
          className="cw-btn cw-btn--ghost cw-feditor__add"
          onClick={() => onChange([...rows, { name: '', value: '', unit: '' }])}
        >
          添加一项标准数额
        </Button>
      )}
    </View>
  )
}
