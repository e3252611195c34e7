// The column mapping of an import: for each column of the table, which column of the file fills it, chosen from the
// file's header labels; then the file is checked again with that mapping.
import { useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import { ChoiceChips } from '@/components/choice-chips'
import type { TableImportDto } from '@/services/api/table-imports'
import { focusable } from '@/utils/focusable'

/** A column of the table to fill; `optional`: it may be left out (不导入). */
export interface MappingTarget {
  key: string
  label: string
  required: boolean
  optional: boolean
}

/**
 * Each target column as a button that opens its choices (`aria-expanded`), the file's columns as a radio group
 * (`components/choice-chips`: a keyboard and a screen reader can choose), and 按这个对应关系重新检查.
 */
export function ColumnMapping(props: {
  job: TableImportDto
  targets: readonly MappingTarget[]
  /** The file column chosen for a target: its index, null for none. */
  chosen: (key: string) => number | null | undefined
  onChoose: (key: string, index: number | null) => void
  /** The name of the one sheet a changed mapping imports, when several were imported together. */
  onlySheet: string | null
  labelOf: (key: string) => string
  onRemap: () => void
}) {
  const { job } = props
  const [open, setOpen] = useState<string | null>(null)
  const sourceLabel = (index: number | null | undefined) =>
    index == null ? '（未选）' : job.sourceLabels[index] || `第${index + 1}列`
  return (
    <View className="cw-timport__mapping">
      {job.unmappedRequired.length > 0 && (
        <Text className="cw-timport__heading">
          这些必填列没有对上：{job.unmappedRequired.map(props.labelOf).join('、')}
        </Text>
      )}
      <Text className="cw-timport__hint">请为每一列选出表格文件里对应的那一列。</Text>
      {props.onlySheet !== null && (
        <Text className="cw-timport__hint">调整列的对应后，只导入工作表“{props.onlySheet}”。</Text>
      )}
      {props.targets.map((c) => (
        <View key={c.key} className="cw-timport__map-row" data-column={c.key}>
          <View
            className="cw-timport__map-label"
            role="button"
            {...focusable}
            aria-expanded={open === c.key}
            onClick={() => setOpen(open === c.key ? null : c.key)}
          >
            {c.label}
            {c.required ? ' *' : ''} ← {sourceLabel(props.chosen(c.key))}
          </View>
          {open === c.key && (
            <ChoiceChips<number | null>
              label={`${c.label}对应文件里的哪一列`}
              value={props.chosen(c.key)}
              choices={[
                ...job.sourceLabels.map((label, index) => ({
                  value: index,
                  words: label || `第${index + 1}列`,
                })),
                ...(c.optional ? [{ value: null, words: '不导入' }] : []),
              ]}
              onChange={(index) => {
                props.onChoose(c.key, index)
                setOpen(null)
              }}
              className="cw-timport__choices"
              optionClassName="cw-timport__choice"
              checkedClassName="cw-timport__choice--on"
            />
          )}
        </View>
      ))}
      <Button className="cw-btn cw-timport__remap" onClick={props.onRemap}>
        按这个对应关系重新检查
      </Button>
    </View>
  )
}
