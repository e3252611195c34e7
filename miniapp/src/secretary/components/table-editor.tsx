import { useState } from 'react'
import { Button, Input, Text, View } from '@tarojs/components'
import type { CellValue, Column, TableSchema } from '@cunwu/domain'
import { ID_NUMBER_PROBLEM_MESSAGES, readIdNumber } from '@cunwu/domain'
import { ChoiceChips } from '@/components/choice-chips'
import { formatCell } from '@/components/disclosure-table'
import { fenToYuanInput, parseYuanToFen } from '@/utils/money'
import type { RowError } from './row-errors'
import './table-editor.scss'

/** A table row being edited: cells by column key. */
export type EditableRow = Record<string, CellValue>

/** Text shown in an input for a stored cell (amounts in 元). */
export function cellToInput(column: Pick<Column, 'type'>, value: CellValue | undefined): string {
  if (value === null || value === undefined) return ''
  if (column.type === 'amount_fen' && typeof value === 'number') return fenToYuanInput(value)
  return String(value)
}

/** Converts what was typed into the stored cell by column type; an error message when it cannot. */
export function inputToCell(
  column: Pick<Column, 'type' | 'label'>,
  text: string,
): { value: CellValue } | { error: string } {
  const t = text.trim()
  if (t === '') return { value: null }
  switch (column.type) {
    case 'amount_fen': {
      const fen = parseYuanToFen(t)
      return fen === null ? { error: `${column.label}请填金额，例如 580 或 580.50` } : { value: fen }
    }
    case 'integer':
      return /^-?\d+$/.test(t) ? { value: Number(t) } : { error: `${column.label}请填整数` }
    case 'decimal':
      return /^-?\d+(\.\d+)?$/.test(t) ? { value: Number(t) } : { error: `${column.label}请填数字` }
    case 'boolean':
      return { value: t === '是' || t === 'true' }
    case 'id_number': {
      // The server's rule: full-width digits (a Chinese IME), spaces and a lower-case x are the same number.
      const id = readIdNumber(t)
      return id.ok
        ? { value: id.value }
        : { error: `${column.label}：${ID_NUMBER_PROBLEM_MESSAGES[id.problem]}` }
    }
    default:
      return { value: t }
  }
}

/** Props of {@link TableEditor}. */
export interface TableEditorProps {
  schema: TableSchema
  rows: EditableRow[]
  onChange: (rows: EditableRow[]) => void
  /** Problems from the server (1-based rows), shown on their rows. */
  errors: RowError[]
  /** @default false */
  readOnly?: boolean
}

const PAGE = 20

/** The chip a choice column's text stands for: a stored yes/no reads as 是 or 否. */
function chosenWords(column: Pick<Column, 'type'>, text: string | undefined): string | undefined {
  if (column.type !== 'boolean') return text
  return text === 'true' ? '是' : text === 'false' ? '否' : text
}

function RowForm({
  schema,
  row,
  onSave,
  onCancel,
}: {
  schema: TableSchema
  row: EditableRow
  onSave: (row: EditableRow) => void
  onCancel: () => void
}) {
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(schema.columns.map((c) => [c.key, cellToInput(c, row[c.key])])),
  )
  const [problems, setProblems] = useState<string[]>([])
  const save = () => {
    const next: EditableRow = {}
    const found: string[] = []
    for (const c of schema.columns) {
      const result = inputToCell(c, texts[c.key] ?? '')
      if ('error' in result) found.push(result.error)
      else if (result.value === null && c.required) found.push(`${c.label}必须填写`)
      else next[c.key] = result.value
    }
    setProblems(found)
    if (found.length === 0) onSave(next)
  }
  return (
    <View className="cw-teditor__form">
      {schema.columns.map((c) => (
        <View key={c.key} className={`cw-teditor__field cw-teditor__field--${c.key}`}>
          <Text className="cw-teditor__label">
            {c.label}
            {c.type === 'amount_fen' ? '（元）' : c.unit ? `（${c.unit}）` : ''}
            {c.required ? ' *' : ''}
            {c.policy === 'never_public' ? ' · 不公开' : c.policy === 'masked' ? ' · 公开时打码' : ''}
          </Text>
          {c.type === 'enum' || c.type === 'boolean' ? (
            <ChoiceChips
              label={c.label}
              value={chosenWords(c, texts[c.key])}
              choices={(c.type === 'boolean' ? ['是', '否'] : (c.enumValues ?? [])).map((v) => ({
                value: v,
                words: v,
              }))}
              onChange={(v) => setTexts({ ...texts, [c.key]: v })}
              className="cw-teditor__choices"
              optionClassName="cw-teditor__choice"
              checkedClassName="cw-teditor__choice--on"
            />
          ) : (
            <Input
              className="cw-input cw-teditor__input"
              value={texts[c.key] ?? ''}
              type={
                c.type === 'integer'
                  ? 'number'
                  : c.type === 'amount_fen' || c.type === 'decimal'
                    ? 'digit'
                    : 'text'
              }
              placeholder={c.type === 'date' ? '例如 2026-07-01' : ''}
              // The column's name for assistive technology: on the element in weapp, and in H5 on the <input>
              // inside Taro's web component (nativeProps), which the label above is not tied to.
              aria-label={c.label}
              nativeProps={{ 'aria-label': c.label }}
              onInput={(e) => setTexts({ ...texts, [c.key]: e.detail.value })}
            />
          )}
        </View>
      ))}
      {problems.map((p) => (
        <Text key={p} className="cw-teditor__error">
          {p}
        </Text>
      ))}
      <Button className="cw-btn cw-teditor__save-row" onClick={save}>
        保存这一行
      </Button>
      <Button className="cw-btn cw-btn--ghost" onClick={onCancel}>
        取消
      </Button>
    </View>
  )
}

/** The table of a draft: each row as a card with its values, 修改/删除, a form per row, and the server's errors. */
export function TableEditor({ schema, rows, onChange, errors, readOnly = false }: TableEditorProps) {
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  const [shown, setShown] = useState(PAGE)
  const general = errors.filter((e) => e.row < 1 || e.row > rows.length)
  return (
    <View className="cw-teditor">
      <Text className="cw-teditor__count">共 {rows.length} 行</Text>
      {general.map((e, i) => (
        <Text key={i} className="cw-teditor__error">
          {e.message}
        </Text>
      ))}
      {rows.slice(0, shown).map((row, index) => {
        const rowErrors = errors.filter((e) => e.row === index + 1)
        return (
          <View
            key={index}
            className={`cw-teditor__row${rowErrors.length > 0 ? ' cw-teditor__row--error' : ''}`}
            data-row={index + 1}
          >
            {editing === index ? (
              <RowForm
                schema={schema}
                row={row}
                onCancel={() => setEditing(null)}
                onSave={(next) => {
                  onChange(rows.map((r, i) => (i === index ? next : r)))
                  setEditing(null)
                }}
              />
            ) : (
              <View>
                <Text className="cw-teditor__row-title">第 {index + 1} 行</Text>
                {schema.columns.map((c) => (
                  <Text key={c.key} className="cw-teditor__cell">
                    {c.label}：{formatCell(c, row[c.key])}
                  </Text>
                ))}
                {rowErrors.map((e, i) => (
                  <Text key={i} className="cw-teditor__error">
                    第 {e.row} 行{e.label ? ` ${e.label}` : ''}：{e.message}
                  </Text>
                ))}
                {!readOnly && (
                  <View className="cw-teditor__actions">
                    <Button
                      className="cw-btn cw-btn--ghost cw-teditor__edit"
                      onClick={() => setEditing(index)}
                    >
                      修改
                    </Button>
                    <Button
                      className="cw-btn cw-btn--danger cw-teditor__delete"
                      onClick={() => onChange(rows.filter((_, i) => i !== index))}
                    >
                      删除
                    </Button>
                  </View>
                )}
              </View>
            )}
          </View>
        )
      })}
      {rows.length > shown && (
        <Button className="cw-btn cw-btn--ghost cw-teditor__more" onClick={() => setShown(shown + PAGE)}>
          再显示 {Math.min(PAGE, rows.length - shown)} 行
        </Button>
      )}
      {!readOnly &&
        (editing === 'new' ? (
          <RowForm
            schema={schema}
            row={{}}
            onCancel={() => setEditing(null)}
            onSave={(next) => {
              onChange([...rows, next])
              setEditing(null)
              setShown(Math.max(shown, rows.length + 1))
            }}
          />
        ) : (
          <Button className="cw-btn cw-btn--ghost cw-teditor__add" onClick={() => setEditing('new')}>
            添加一行
          </Button>
        ))}
    </View>
  )
}
