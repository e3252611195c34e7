// The editor's table: import from Excel/CSV (into the draft, or creating it), the rows by hand with their errors,
// and a preview as villagers will see it (the columns that are never public left out).
import { Text, View } from '@tarojs/components'
import type { CatalogItem, DisclosureDto } from '@cunwu/domain'
import { DisclosureTable } from '@/components/disclosure-table'
import { TableImport } from '@/components/table-import'
import { applyTableImport, startTableImport } from '@/services/api/table-imports'
import type { RowError } from '../components/row-errors'
import { TableEditor } from '../components/table-editor'
import { fieldsOf, publicPreview, revisionOf, type Form } from './form'

export function TableSection(props: {
  item: CatalogItem & { table: NonNullable<CatalogItem['table']> }
  d: DisclosureDto | null
  regionCode: string
  form: Form
  rowErrors: RowError[]
  editable: boolean
  /** A decision's 决议公开: the table is the meeting's record, shown as it is. */
  generated: boolean
  onRows: (rows: Form['rows']) => void
  /** An import applied: the draft as saved (created when there was none). */
  onApplied: (draft: DisclosureDto) => void
  /** An import refused: shown as a save's refusal would be, then thrown on. */
  onImportRefused: (err: unknown) => never
}) {
  const { item, d, regionCode, form, rowErrors, editable, generated } = props
  const preview = form.rows.length > 0 ? publicPreview(item.table, form.rows) : null
  return (
    <View className="cw-sedit__table">
      <Text className="cw-sedit__heading">{item.table.title}</Text>
      {editable && !generated && (
        // Without a saved draft the import creates one with the form's period and title.
        <TableImport
          schema={item.table}
          start={(file) => startTableImport(regionCode, item.id, file)}
          apply={(importId) =>
            applyTableImport(
              importId,
              d
                ? { disclosureId: d.id, ...revisionOf(d) }
                : { draft: { period: form.period, ...fieldsOf(form, d) } },
            ).catch(props.onImportRefused)
          }
          onApplied={props.onApplied}
        />
      )}
      <TableEditor
        schema={item.table}
        rows={form.rows}
        errors={rowErrors}
        readOnly={!editable || generated}
        onChange={props.onRows}
      />
      {preview && (
        <View className="cw-sedit__preview">
          <Text className="cw-sedit__heading">村民看到的样子</Text>
          <Text className="cw-sedit__meta">不公开的列（身份证号、户号、银行卡号、电话等）不会显示。</Text>
          <DisclosureTable table={preview} maxRows={30} />
        </View>
      )}
    </View>
  )
}
