import { z } from 'zod'

/** A column as a household's difference names it, typed as the table's so a value is written as the table writes it. */
const ColumnRefSchema = z.object({
  key: z.string(),
  label: z.string(),
  type: z.string(),
  unit: z.string().optional(),
})

/**
 * A figure of one's own row where the village's list and the government's (the township's or county's) differ, shown
 * only to that household (docs/households.md, "Told where the government's list differs"). Values follow the
 * alignment's conventions: fen for amounts, a number or decimal text otherwise, ID, phone and bank numbers masked.
 */
export const HouseholdDiscrepancyDtoSchema = z.object({
  /** `amount_differs` / `field_differs`: both lists have the row, with different values; `only_in_village`: the
   * government's list has no such row. */
  kind: z.enum(['amount_differs', 'field_differs', 'only_in_village']),
  /** The row among the household's own rows of the list (与我相关's `table.rows`), from 0. */
  row: z.number().int(),
  /** The row's name as the comparison shows it. */
  name: z.string().nullable(),
  /** The column that differs (null for a missing row), typed as the table's so it is written as the table writes it. */
  column: ColumnRefSchema.nullable(),
  village: z.union([z.string(), z.number(), z.null()]),
  government: z.union([z.string(), z.number(), z.null()]),
})
export type HouseholdDiscrepancyDto = z.infer<typeof HouseholdDiscrepancyDtoSchema>

/**
 * A row of the government's list that is provably the household's (`rowOwner` against the village roster) where the
 * village's list has no row for it: the government's cells, as the comparison shows them (same conventions as a
 * discrepancy's values), in the table's column order, its name column and blank cells left out.
 */
export const HouseholdGovernmentRowDtoSchema = z.object({
  /** The row's name as the comparison shows it. */
  name: z.string().nullable(),
  cells: z.array(
    z.object({
      column: ColumnRefSchema,
      value: z.union([z.string(), z.number()]),
    }),
  ),
})
export type HouseholdGovernmentRowDto = z.infer<typeof HouseholdGovernmentRowDtoSchema>

/**
 * Where one's own rows stand against the government's list, and who is checking: figures of its rows that differ, its
 * rows the government's list lacks, and the government's rows of it the village's list lacks.
 */
export const HouseholdAlignmentDtoSchema = z.object({
  /** Who published the list compared, as a sentence says it. */
  office: z.enum(['乡镇', '县里']),
  /** That office's region name (云溪镇); null when unknown. */
  officeName: z.string().nullable(),
  /** The township checking the village's list (its name; 乡镇 when unknown). */
  checkedBy: z.string(),
  /** `checking`: not yet decided; `correction_requested`: the village was asked to correct it; `explained`: the
   * township or county explained the difference (`note` says how). */
  state: z.enum(['checking', 'correction_requested', 'explained']),
  /** The township's or county's words on it, scrubbed; null when none. */
  note: z.string().nullable(),
  discrepancies: z.array(HouseholdDiscrepancyDtoSchema),
  /**
   * Rows only on the government's list that are the household's own (县里名单上有您家，村里公示的名单里没有).
   * Optional in answers kept from before it existed. @default []
   */
  onlyInGovernment: z.array(HouseholdGovernmentRowDtoSchema).optional(),
})
export type HouseholdAlignmentDto = z.infer<typeof HouseholdAlignmentDtoSchema>
